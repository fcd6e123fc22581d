//! The API's resources: one module per area, each handler a thin adapter
//! over one `backend` use case, documented by its `#[utoipa::path]`.

mod agreements;
mod audit;
mod benefits;
mod billing;
mod customers;
mod exports;
mod lifecycle;
mod me;
mod membership;
mod operations;
mod orders;
mod software;
mod subscriptions;
mod support;
mod tokens;
mod transfers;
mod users;

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::response::Response;
use http::request::Parts;
use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

use super::error::ApiError;
use super::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::with_openapi(super::openapi::base())
        .merge(me::routes())
        .merge(tokens::routes())
        .merge(customers::routes())
        .merge(subscriptions::routes())
        .merge(orders::routes())
        .merge(billing::routes())
        .merge(users::routes())
        .merge(audit::routes())
        .merge(agreements::routes())
        .merge(benefits::routes())
        .merge(lifecycle::routes())
        .merge(transfers::routes())
        .merge(software::routes())
        .merge(support::routes())
        .merge(membership::routes())
        .merge(operations::routes())
        .merge(exports::routes())
}

/// What every handler starts from: the services, and who the token acts as
/// (the authentication layer put it in the request).
pub struct Ctx {
    pub svc: backend::Services,
    pub actor: backend::Actor,
}

impl FromRequestParts<ApiState> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Ctx, ApiError> {
        let caller = parts
            .extensions
            .get::<super::Caller>()
            .ok_or_else(|| ApiError::from(backend::Error::Unauthenticated))?;
        Ok(Ctx {
            svc: state.services.clone(),
            actor: caller.actor.clone(),
        })
    }
}

/// A resource id in the path; anything but a number is a resource that
/// does not exist.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Id, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found())?;
        raw.parse().map(Id).map_err(|_| ApiError::not_found())
    }
}

/// A JSON body; one that does not decode is 400 `body_invalid`.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Body<T>, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "an API body did not decode");
                Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "",
                    &app::error::Code::BodyInvalid,
                ))
            }
        }
    }
}

/// Query parameters; ones that do not parse are 400 `body_invalid`.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Params<T>, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Params(q.0))
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "", &app::error::Code::BodyInvalid))
    }
}

/// The id of what a POST made.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// A use case's answer, as JSON with `status`.
pub fn answer<T: Serialize>(
    status: StatusCode,
    result: backend::Result<T>,
) -> Result<Response, ApiError> {
    Ok(super::etag::json(status, &result?))
}

/// The id a use case made, as 201.
pub fn created(result: backend::Result<i64>) -> Result<Response, ApiError> {
    answer(StatusCode::CREATED, result.map(|id| Created { id }))
}

/// A use case that answers nothing, as 204.
pub fn done(result: backend::Result<()>) -> Result<StatusCode, ApiError> {
    result?;
    Ok(StatusCode::NO_CONTENT)
}
