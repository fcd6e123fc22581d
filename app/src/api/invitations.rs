//! The public invitation flows: the accept page (R-ORG-03, R-ORG-05) and the
//! resend form (R-ORG-04).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

/// What the accept page shows for a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationState {
    Valid {
        email: String,
        name: String,
        org_name: String,
        country: String,
        expires_at: domain::Timestamp,
    },
    Expired {
        expired_at: domain::Timestamp,
    },
    Used,
    Superseded,
    Unknown,
}

#[server(endpoint = "invitation_link")]
pub async fn invitation_link(token: String) -> Result<InvitationState, AppError> {
    use backend::accounts::invitations::LinkState;
    use domain::InvitationError;
    let svc = services()?;
    let state = backend::accounts::invitations::link_state(&svc, &token)
        .await
        .map_err(fail)?;
    Ok(match state {
        LinkState::Valid {
            email,
            name,
            org_name,
            country,
            expires_at,
        } => InvitationState::Valid {
            email,
            name,
            org_name,
            country,
            expires_at,
        },
        LinkState::Invalid(InvitationError::Expired { expired_at }) => {
            InvitationState::Expired { expired_at }
        }
        LinkState::Invalid(InvitationError::AlreadyUsed) => InvitationState::Used,
        LinkState::Invalid(InvitationError::Superseded) => InvitationState::Superseded,
        LinkState::Unknown => InvitationState::Unknown,
    })
}

/// "Create your organizational account" → "Start": creates the account and signs in.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    name: String,
    password: String,
    confirm_password: String,
    country: String,
    accept_terms: Option<String>,
) -> Result<(), AppError> {
    let svc = services()?;
    let form = backend::accounts::invitations::AcceptForm {
        token,
        name,
        password,
        confirm_password,
        country,
        accept_terms: accept_terms.is_some(),
    };
    let session = backend::accounts::invitations::accept(&svc, &form, &client_addr())
        .await
        .map_err(fail)?;
    set_session_cookie(&session.token)
}

/// R-ORG-04: always the same answer when the input is well-formed.
#[server(endpoint = "resend_invitation")]
pub async fn resend_invitation(
    email: String,
    agreement_number: String,
    purchasing_account_number: String,
) -> Result<(), AppError> {
    let svc = services()?;
    let form = backend::accounts::invitations::ResendForm {
        email,
        agreement_number,
        purchasing_account_number,
    };
    backend::accounts::invitations::resend(&svc, &form, &client_addr())
        .await
        .map_err(fail)
}
