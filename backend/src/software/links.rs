//! Download links (R-SW-04) of a software purchase or of a download benefit
//! (R-SAB-11), one mechanism for both: an unguessable token that only its
//! SHA-256 finds (the token itself sealed, so the page can show the link
//! again), naming the product and edition it gives, shown with the file's
//! name, size and SHA-256 and what is left of it.

use domain::software_views::LinkView;
use domain::{link_days_left, DownloadLink, Edition, FileType, Timestamp};

use super::{files, sealed};
use crate::actor::Actor;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::tokens::{hash_token, new_token};

/// What a link belongs to: exactly one (the table's CHECK).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Owner {
    Purchase(i64),
    Benefit(i64),
    /// A partner's membership benefits package (R-MPN-02).
    Package(i64),
}

impl Owner {
    fn ids(self) -> (Option<i64>, Option<i64>, Option<i64>) {
        match self {
            Owner::Purchase(id) => (Some(id), None, None),
            Owner::Benefit(id) => (None, Some(id), None),
            Owner::Package(id) => (None, None, Some(id)),
        }
    }
}

/// What a sealed link token is bound to.
fn token_context(link_id: i64) -> String {
    format!("download link {link_id}")
}

/// A fresh link to `edition` of `product_id`, made by `actor` at `now`
/// (another 14 days and 50 downloads); returns its id.
pub(crate) async fn create(
    tx: &mut Tx,
    secret: &Secret,
    owner: Owner,
    product_id: &str,
    edition: &Edition,
    actor: &Actor,
    now: Timestamp,
) -> Result<i64> {
    let token = new_token();
    let (purchase, benefit, package) = owner.ids();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO download_links (purchase_id, benefit_id, package_purchase_id, product_id, token_hash, sealed_token, \
         version, language, file_type, created_by, created_at) VALUES ($1, $2, $10, $3, $4, '', $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(purchase)
    .bind(benefit)
    .bind(product_id)
    .bind(hash_token(&token))
    .bind(&edition.version)
    .bind(&edition.language)
    .bind(edition.file_type.code())
    .bind(actor.user_id)
    .bind(now.millis())
    .bind(package)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE download_links SET sealed_token = $2 WHERE id = $1")
        .bind(id)
        .bind(sealed::seal(secret, &token_context(id), &token)?)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    id: i64,
    product_id: String,
    sealed_token: String,
    version: String,
    language: String,
    file_type: String,
    created_at: i64,
    downloads: i64,
    revoked_at: Option<i64>,
}

const LINK: &str = "SELECT id, product_id, sealed_token, version, language, file_type, created_at, downloads, revoked_at \
     FROM download_links";

/// A purchase's links, newest first.
pub(crate) async fn of_purchase(
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    public_url: &str,
    purchase_id: i64,
    now: Timestamp,
) -> Result<Vec<LinkView>> {
    let rows: Vec<LinkRow> =
        sqlx::query_as(&format!("{LINK} WHERE purchase_id = $1 ORDER BY id DESC"))
            .bind(purchase_id)
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter()
        .map(|l| view(secret, public_url, l, now))
        .collect()
}

/// The links `user_id` made of a benefit's `product_id` that can still be
/// used, newest first.
pub(crate) async fn of_benefit(
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    public_url: &str,
    (benefit_id, product_id): (i64, &str),
    user_id: i64,
    now: Timestamp,
) -> Result<Vec<LinkView>> {
    usable(
        conn,
        secret,
        public_url,
        "benefit_id",
        (benefit_id, product_id),
        user_id,
        now,
    )
    .await
}

/// The same for a membership package's software (R-MPN-02).
pub(crate) async fn of_package(
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    public_url: &str,
    (package_id, product_id): (i64, &str),
    user_id: i64,
    now: Timestamp,
) -> Result<Vec<LinkView>> {
    usable(
        conn,
        secret,
        public_url,
        "package_purchase_id",
        (package_id, product_id),
        user_id,
        now,
    )
    .await
}

/// The usable links `user_id` made of `product_id` for the owner whose id
/// `owner` (a column name of this module's) holds.
async fn usable(
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    public_url: &str,
    owner: &'static str,
    (owner_id, product_id): (i64, &str),
    user_id: i64,
    now: Timestamp,
) -> Result<Vec<LinkView>> {
    let rows: Vec<LinkRow> = sqlx::query_as(&format!(
        "{LINK} WHERE {owner} = $1 AND created_by = $2 AND product_id = $3 ORDER BY id DESC"
    ))
    .bind(owner_id)
    .bind(user_id)
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?;
    let views = rows
        .into_iter()
        .map(|l| view(secret, public_url, l, now))
        .collect::<Result<Vec<_>>>()?;
    Ok(views
        .into_iter()
        .filter(|l| matches!(l.status, domain::LinkStatus::Usable { .. }))
        .collect())
}

fn bad(what: &str) -> Error {
    Error::Internal(format!("stored download link {what} is invalid"))
}

/// The edition a stored link gives.
pub(crate) fn edition(version: String, language: String, file_type: &str) -> Result<Edition> {
    Ok(Edition {
        version,
        language,
        file_type: FileType::parse(file_type).ok_or_else(|| bad("file type"))?,
    })
}

/// A stored link's downloads as the rules count them.
pub(crate) fn counted(downloads: i64) -> Result<u32> {
    u32::try_from(downloads).map_err(|_| bad("download count"))
}

fn view(secret: &Secret, public_url: &str, l: LinkRow, now: Timestamp) -> Result<LinkView> {
    let token = sealed::open(secret, &token_context(l.id), &l.sealed_token)?;
    let edition = edition(l.version, l.language, &l.file_type)?;
    let file_name = edition.file_name(&l.product_id);
    let bytes = files::bytes(&file_name);
    let link = DownloadLink {
        created_at: Timestamp::from_millis(l.created_at),
        downloads: counted(l.downloads)?,
        revoked: l.revoked_at.is_some(),
    };
    let path = format!("/downloads/{token}");
    Ok(LinkView {
        id: l.id,
        url: format!("{}{path}", public_url.trim_end_matches('/')),
        path,
        file_name,
        size: bytes.len() as u64,
        sha256: files::sha256_hex(&bytes),
        status: link.status(now),
        days_left: link_days_left(&link, now),
        edition,
    })
}
