//! The OpenAPI 3.1 document (`/api/v1/openapi.json`): paths, parameters and
//! bodies come from the handlers' `#[utoipa::path]`s and types; this adds
//! what every operation shares (the bearer scheme, the error shape) and the
//! error codes each one can answer with, from the code enums themselves.

use axum::extract::State;
use axum::Json;
use domain::account::{CountryError, PersonNameError};
use domain::addon::AttachError;
use domain::agreement::{AgreementNumberError, PurchasingAccountNumberError};
use domain::api_token::ApiTokenError;
use domain::benefits::{BenefitUserError, ConversionError, DelegationError, VoucherError};
use domain::catalog::AddonError;
use domain::mpn::MpnError;
use domain::renewal::RenewalChangeError;
use domain::software::{ActivityRangeError, SoftwareCancelError, SoftwareError};
use domain::support::{SupportAnswerError, SupportRequestError};
use domain::test_clock::ClockAdvanceError;
use domain::transfer::TransferError;
use domain::trial::TrialConversionError;
use domain::upgrade::UpgradeError;
use domain::{
    CancelError, DomainNameError, EmailError, ErrorCode, InvitationError, OfferError, OrderError,
    PreviewError, RoleGrantError, SeatChangeError, SeatsError, StatusError,
};
use serde_json::{json, Value};
use utoipa::openapi::OpenApi;
use utoipa::OpenApi as _;

use super::ApiState;

#[derive(utoipa::OpenApi)]
#[openapi(info(
    title = "Business Center API",
    version = "1",
    description = "Everything a person can do in Business Center, for a program: JSON over HTTPS, \
        authenticated with an API token (`Authorization: Bearer bc_live_…`) that an administrator \
        creates under Settings → API tokens. Writes accept `Idempotency-Key`; single resources \
        carry a strong `ETag`, and writes to a subscription need `If-Match`."
))]
struct Base;

pub fn base() -> OpenApi {
    Base::openapi()
}

/// The codes besides an operation's own that any call may answer with.
const EVERY_CALL: &[&str] = &[
    "unauthenticated",
    "forbidden",
    "not_found",
    "rate_limited",
    "unavailable",
    "internal",
];
const WRITES: &[&str] = &[
    "body_invalid",
    "idempotency_key_invalid",
    "idempotency_key_reused",
    "idempotency_in_flight",
];
const LISTS: &[&str] = &["limit_invalid", "cursor_invalid"];
const IF_MATCH: &[&str] = &[
    "precondition_required",
    "precondition_failed",
    "subscription_processing",
];

/// The codes an operation answers with of its own: its inputs' rules'.
fn own_codes(method: &str, path: &str) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    let mut add = |list: &[&'static str]| codes.extend_from_slice(list);
    match (method, path) {
        ("post", "/api-tokens") => add(ApiTokenError::CODES),
        ("post", "/subscriptions/{id}/seat-changes:preview") => {
            add(SeatsError::CODES);
            add(SeatChangeError::CODES);
        }
        ("post", "/subscriptions/{id}/seat-changes") => {
            add(SeatsError::CODES);
            add(SeatChangeError::CODES);
            add(PreviewError::CODES);
            add(IF_MATCH);
        }
        ("post", "/subscriptions/{id}/cancel:preview") => add(CancelError::CODES),
        ("post", "/subscriptions/{id}/cancel") => {
            add(CancelError::CODES);
            add(PreviewError::CODES);
            add(IF_MATCH);
        }
        ("post", "/subscriptions/{id}/status") => {
            add(StatusError::CODES);
            add(&[backend::Code::ActionUnknown.code()]);
            add(IF_MATCH);
        }
        ("get", "/subscriptions/{id}") => add(&[backend::Code::SubscriptionSuspended.code()]),
        ("post", "/customers/{id}/cart-lines") => {
            add(OfferError::CODES);
            add(SeatsError::CODES);
        }
        ("post", "/customers/{id}/orders") => {
            add(OrderError::CODES);
            add(&[
                backend::Code::OrderKeyInvalid.code(),
                backend::Code::OrderInProgress.code(),
            ]);
        }
        ("post", "/invitations") => {
            add(EmailError::CODES);
            add(InvitationError::CODES);
            add(RoleGrantError::CODES);
            add(&[
                backend::Code::RowsEmpty.code(),
                backend::Code::EmailDuplicate.code(),
                backend::Code::UserExists.code(),
            ]);
        }
        ("put", "/users/{id}/roles") => {
            add(RoleGrantError::CODES);
            add(&[
                backend::Code::LastAdministrator.code(),
                backend::Code::RoleUnknown.code(),
            ]);
        }
        ("delete", "/users/{id}") => {
            add(&[
                backend::Code::LastAdministrator.code(),
                backend::Code::CannotRemoveSelf.code(),
            ]);
        }
        ("post", "/subscriptions/{id}/upgrades") => {
            add(UpgradeError::CODES);
            add(PreviewError::CODES);
            add(IF_MATCH);
        }
        ("post", "/subscriptions/{id}/addons") => {
            add(AddonError::CODES);
            add(AttachError::CODES);
            add(PreviewError::CODES);
            add(IF_MATCH);
        }
        ("post", "/subscriptions/{id}/conversions")
        | ("put", "/subscriptions/{id}/trial-conversion") => {
            add(TrialConversionError::CODES);
            add(PreviewError::CODES);
            add(IF_MATCH);
        }
        ("put", "/subscriptions/{id}/renewal-change") => {
            add(RenewalChangeError::CODES);
            add(IF_MATCH);
        }
        ("delete", "/subscriptions/{id}/scheduled-changes") => add(IF_MATCH),
        (_, p) if p.starts_with("/transfers") => {
            add(TransferError::CODES);
            add(PreviewError::CODES);
        }
        (_, p) if p.starts_with("/software") || p.starts_with("/customers/{id}/software") => {
            add(SoftwareError::CODES);
            add(SoftwareCancelError::CODES);
            add(PreviewError::CODES);
            add(&[
                backend::Code::SoftwareCancelled.code(),
                backend::Code::QuantityInvalid.code(),
                backend::Code::SoftwareNotSold.code(),
            ]);
        }
        ("get", "/activity-log") => add(ActivityRangeError::CODES),
        (_, p) if p.starts_with("/support-requests") => {
            add(SupportRequestError::CODES);
            add(SupportAnswerError::CODES);
        }
        (_, p)
            if p.starts_with("/package-")
                || p.starts_with("/advisory-")
                || p == "/marketing-contact" =>
        {
            add(MpnError::CODES);
            add(PreviewError::CODES);
        }
        (_, p)
            if p.starts_with("/benefit")
                || p.starts_with("/vouchers")
                || p == "/accounts/{id}/conversions"
                || p == "/accounts/{id}/reversals"
                || p == "/customers/{id}/benefit-permission" =>
        {
            add(BenefitUserError::CODES);
            add(VoucherError::CODES);
            add(ConversionError::CODES);
            add(DelegationError::CODES);
            add(SoftwareError::CODES);
            add(&[
                backend::Code::BalanceChanged.code(),
                backend::Code::BenefitNoInstructions.code(),
                backend::Code::DelegationChanged.code(),
            ]);
        }
        ("post", "/accounts/{id}/domains") => {
            add(DomainNameError::CODES);
            add(&[backend::Code::DomainTaken.code()]);
        }
        ("post", "/agreements") => {
            add(AgreementNumberError::CODES);
            add(PurchasingAccountNumberError::CODES);
            add(PersonNameError::CODES);
            add(CountryError::CODES);
            add(EmailError::CODES);
            add(&[
                backend::Code::AgreementNumberTaken.code(),
                backend::Code::LanguageUnknown.code(),
            ]);
        }
        ("post", "/relationships") => {
            add(AgreementNumberError::CODES);
            add(EmailError::CODES);
            add(&[
                backend::Code::CustomerNotFound.code(),
                backend::Code::RelationshipExists.code(),
                backend::Code::RelationshipPending.code(),
            ]);
        }
        ("post", "/relationships/{id}/decision") => {
            add(&[
                backend::Code::RelationshipChanged.code(),
                backend::Code::DecisionInvalid.code(),
            ]);
        }
        ("post", "/dead-letters/{id}/retry") => add(&[backend::Code::DeliveryNotDead.code()]),
        ("post", "/test-clock") => {
            add(ClockAdvanceError::CODES);
            add(&[backend::Code::TestClockDisabled.code()]);
        }
        _ => {}
    }
    codes
}

/// Every code an operation may answer with.
pub fn codes_of(method: &str, path: &str, has_body: bool, is_list: bool) -> Vec<&'static str> {
    let mut codes = own_codes(method, path);
    codes.extend_from_slice(EVERY_CALL);
    if matches!(method, "post" | "patch" | "put") || (method == "delete" && has_body) {
        codes.extend_from_slice(WRITES);
    }
    if is_list {
        codes.extend_from_slice(LISTS);
    }
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The document as served: the handlers' paths, plus the bearer scheme, the
/// error schema, and per operation its error responses and codes
/// (`x-error-codes`).
pub fn finish(doc: OpenApi) -> Value {
    let mut doc = serde_json::to_value(&doc).expect("the document serializes");
    doc["servers"] = json!([{ "url": "/api/v1" }]);
    doc["security"] = json!([{ "bearer": [] }]);
    doc["components"]["securitySchemes"] = json!({
        "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "bc_live_…" }
    });
    doc["components"]["schemas"]["Error"] = json!({
        "type": "object",
        "required": ["code", "message", "field", "params", "errors"],
        "properties": {
            "code": { "type": "string", "description": "A stable code, the same as the UI's" },
            "message": { "type": "string", "description": "In Accept-Language, else the token's user's language" },
            "field": { "type": "string", "description": "The field it concerns; empty for the whole request" },
            "params": { "type": "object", "additionalProperties": { "type": "string" } },
            "errors": { "type": "array", "description": "Every error, the first one above", "items": { "type": "object" } }
        }
    });
    let error = json!({
        "description": "An error: see `x-error-codes` for the codes",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    });
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                let has_body = op.get("requestBody").is_some();
                let is_list = op["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p["name"] == "after"));
                let codes = codes_of(method, path, has_body, is_list);
                op["x-error-codes"] = json!(codes);
                for status in [
                    "400", "401", "403", "404", "409", "412", "422", "428", "429", "503",
                ] {
                    if op["responses"].get(status).is_none() && status_applies(status, &codes) {
                        op["responses"][status] = error.clone();
                    }
                }
            }
        }
    }
    doc
}

/// Whether an operation with `codes` can answer `status`.
fn status_applies(status: &str, codes: &[&str]) -> bool {
    match status {
        "400" => codes.contains(&"body_invalid") || codes.contains(&"idempotency_key_invalid"),
        "409" => {
            codes.contains(&"idempotency_in_flight") || codes.contains(&"subscription_processing")
        }
        "412" => codes.contains(&"precondition_failed"),
        "428" => codes.contains(&"precondition_required"),
        _ => true,
    }
}

pub async fn document(State(s): State<ApiState>) -> Json<Value> {
    Json((*s.document).clone())
}
