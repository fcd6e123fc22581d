//! A support request's attachments (R-SW-08's "optional attachments"):
//! added by the partner that filed it while it is open (also when the
//! operators ask for more), checked by the rules crate (at most 3 per
//! request, each 1 byte to 2 MiB, a PDF, PNG, JPEG or text file whose bytes
//! are what its name says), stored in the database, and read back only by
//! those who may read the request.

use domain::support::{
    check_attachment, AttachmentKind, SupportAnswerError, SupportRequestError, MAX_ATTACHMENTS,
};
use domain::support_views::AttachmentView;
use domain::{FieldError, OrgKind};
use serde_json::json;

use crate::actor::Actor;
use crate::audit;
use crate::error::{Error, Result};
use crate::services::Services;
use crate::software::files::sha256_hex;

/// A file as posted.
#[derive(Debug)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

struct Checked {
    upload: Upload,
    kind: AttachmentKind,
}

/// Every upload's refusal at once (at the `attachments` field, naming the
/// file), or the checked files; `held` are already attached.
fn check(uploads: Vec<Upload>, held: usize) -> Result<Vec<Checked>> {
    if uploads.is_empty() {
        return Err(Error::field(
            "attachments",
            &SupportRequestError::AttachmentEmpty,
        ));
    }
    if held + uploads.len() > MAX_ATTACHMENTS {
        return Err(Error::field(
            "attachments",
            &SupportRequestError::TooManyAttachments,
        ));
    }
    let mut errors = Vec::new();
    let mut checked = Vec::with_capacity(uploads.len());
    for upload in uploads {
        match check_attachment(&upload.name, &upload.bytes) {
            Ok(kind) => checked.push(Checked { upload, kind }),
            Err(e) => errors.push(FieldError::new("attachments", &e).with("name", &upload.name)),
        }
    }
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Attaches `uploads` to request `id`, for an Admin Agent of the partner
/// that filed it while it is open: all of them or, if one is refused,
/// none.
#[tracing::instrument(name = "support.add_attachments", skip_all, fields(actor = actor.user_id, id))]
pub async fn add_attachments(
    svc: &Services,
    actor: &Actor,
    id: i64,
    uploads: Vec<Upload>,
) -> Result<()> {
    if actor.org_kind != OrgKind::Partner {
        return Err(Error::Forbidden);
    }
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    // Under the request's row lock (PostgreSQL): two uploads at once
    // cannot both pass the count.
    sqlx::query("UPDATE support_requests SET status = status WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let request = super::row(&mut tx, actor, id).await?;
    if request.status()?.is_closed() {
        return Err(Error::field("", &SupportAnswerError::Closed));
    }
    let held: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM support_attachments WHERE request_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let files = check(uploads, usize::try_from(held).unwrap_or(usize::MAX))?;
    for f in &files {
        sqlx::query(
            "INSERT INTO support_attachments (request_id, name, kind, size, sha256, bytes) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(&f.upload.name)
        .bind(f.kind.code())
        .bind(f.upload.bytes.len() as i64)
        .bind(sha256_hex(&f.upload.bytes))
        .bind(&f.upload.bytes)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: request.partner_org_id,
            action: "support.attach",
            entity: "support_request",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({
                "files": files.iter().map(|f| json!({
                    "name": f.upload.name, "size": f.upload.bytes.len(),
                    "sha256": sha256_hex(&f.upload.bytes),
                })).collect::<Vec<_>>(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Request `id`'s attachments, without their bytes.
pub(super) async fn of(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Vec<AttachmentView>> {
    let rows: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT id, name, kind, size, sha256 FROM support_attachments WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, name, kind, size, sha256)| {
            Ok(AttachmentView {
                id,
                kind: AttachmentKind::parse(&kind)
                    .ok_or_else(|| Error::Internal("stored attachment kind is invalid".into()))?,
                name,
                size,
                sha256,
            })
        })
        .collect()
}

/// Attachment `id`'s name, kind and bytes, for one who may read its request.
#[tracing::instrument(name = "support.attachment", skip_all, fields(actor = actor.user_id, id))]
pub async fn attachment(
    svc: &Services,
    actor: &Actor,
    id: i64,
) -> Result<(String, AttachmentKind, Vec<u8>)> {
    let mut conn = svc.db.pool().acquire().await?;
    let request: Option<i64> =
        sqlx::query_scalar("SELECT request_id FROM support_attachments WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let request = request.ok_or(Error::Forbidden)?;
    super::row(&mut conn, actor, request).await?;
    let (name, kind, bytes): (String, String, Vec<u8>) =
        sqlx::query_as("SELECT name, kind, bytes FROM support_attachments WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let kind = AttachmentKind::parse(&kind)
        .ok_or_else(|| Error::Internal("stored attachment kind is invalid".into()))?;
    Ok((name, kind, bytes))
}
