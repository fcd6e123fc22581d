//! R-SAB-11 "download software and view product keys" for a download
//! benefit (R-SAB-03): the key and links of software bought, for the
//! customer's users by permission and for a partner only with an approved
//! benefit permission. The demo's Hsinchu Plant account (100200301) holds
//! Windows Thin PC.

use crate::common::*;

use backend::benefits::{delegation, software};
use backend::software::downloads;
use backend::{Actor, Services};
use domain::benefit_views::{BenefitDownloadForm, BenefitSoftwarePage};
use domain::benefits::DelegationDecision;
use domain::{LinkStatus, ProductKey};

const AGENT: &str = "adminagent@contoso-partner.example";
const CUSTOMER_ADMIN: &str = "admin@twprecision.example";
const THIN_PC: &str = "windows-thin-pc";

async fn benefit(svc: &Services, kind: &str) -> i64 {
    count(
        svc,
        &format!(
            "SELECT b.id FROM benefits b JOIN purchasing_accounts pa ON pa.id = b.purchasing_account_id \
             WHERE pa.number = '100200301' AND b.kind = '{kind}'"
        ),
    )
    .await
}

async fn thin_pc(svc: &Services) -> i64 {
    benefit(svc, "windows_thin_pc").await
}

fn form(benefit_id: i64, product_id: &str, version: &str) -> BenefitDownloadForm {
    BenefitDownloadForm {
        benefit_id,
        product_id: product_id.into(),
        version: version.into(),
        language: "zh-TW".into(),
        file_type: "iso".into(),
    }
}

/// The Taiwan customer's administrator approves Contoso's request; returns
/// the permission's id.
async fn delegate(svc: &Services, partner: &Actor) -> i64 {
    let admin = sign_in(svc, CUSTOMER_ADMIN).await;
    let req = delegation::request(svc, partner, admin.org_id)
        .await
        .unwrap();
    delegation::decide(svc, &admin, req, DelegationDecision::Approve)
        .await
        .unwrap();
    req
}

async fn page(svc: &Services, actor: &Actor, benefit_id: i64) -> BenefitSoftwarePage {
    software::page(svc, actor, benefit_id).await.unwrap()
}

async fn audits(svc: &Services, action: &str, benefit_id: i64) -> i64 {
    count(
        svc,
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND entity = 'benefit' AND entity_id = '{benefit_id}'"
        ),
    )
    .await
}

/// A partner's Admin Agent is refused before the customer approves its
/// request; once approved, "Show product key" shows it Windows Thin PC's
/// key (25 symbols, until 10 minutes after the reveal, the same key on a
/// second reveal, stored only sealed); it gets a link to the 2011 zh-TW
/// ISO — 14 days and 50 downloads left, file
/// `windows-thin-pc_2011_zh-TW_iso.iso` of 262,144 bytes — and downloading
/// it counts 1 (49 left). Two reveals, one link and one download: four
/// audit entries, and the page loads wrote none. After the permission is
/// removed every call is refused again.
#[tokio::test]
async fn r_sab_11_a_delegated_partner_gets_the_key_and_a_link_and_downloads_it() {
    on_each_database(|svc| async move {
        let agent = sign_in(&svc, AGENT).await;
        let id = thin_pc(&svc).await;
        forbidden(software::page(&svc, &agent, id).await);
        forbidden(software::reveal_key(&svc, &agent, id, THIN_PC).await);
        forbidden(software::get_key_and_download(&svc, &agent, &form(id, THIN_PC, "2011")).await);
        let req = delegate(&svc, &agent).await;

        let before = page(&svc, &agent, id).await;
        assert!(before.can_download);
        assert_eq!(before.products.len(), 1);
        let p = &before.products[0];
        assert_eq!((p.product_id.as_str(), p.name.as_str()), (THIN_PC, "Windows Thin PC"));
        assert!(p.can_show_key);
        assert_eq!(p.key, None, "shown only after Show product key");
        assert!(p.links.is_empty());
        software::reveal_key(&svc, &agent, id, THIN_PC).await.unwrap();
        let now = svc.now().await.unwrap();
        let shown = page(&svc, &agent, id).await;
        let key = shown.products[0].key.clone().expect("the partner sees the key");
        assert!(ProductKey::parse(&key).is_some(), "{key}");
        assert_eq!(
            shown.products[0].key_shown_until,
            Some(now.plus(domain::Span::minutes(10)))
        );
        software::reveal_key(&svc, &agent, id, THIN_PC).await.unwrap();

        let link = software::get_key_and_download(&svc, &agent, &form(id, THIN_PC, "2011"))
            .await
            .unwrap();
        let after = page(&svc, &agent, id).await;
        let p = &after.products[0];
        assert_eq!(p.key.as_deref(), Some(key.as_str()), "one key per benefit and product");
        assert_eq!(p.links.len(), 1);
        let l = &p.links[0];
        assert_eq!(l.id, link);
        assert_eq!(l.file_name, "windows-thin-pc_2011_zh-TW_iso.iso");
        assert_eq!(l.size, 262_144);
        assert_eq!(l.days_left, 14);
        assert!(matches!(l.status, LinkStatus::Usable { downloads_left: 50, .. }));

        let token = l.path.strip_prefix("/downloads/").unwrap();
        let file = downloads::download(&svc, token, false).await.unwrap().unwrap();
        assert_eq!(file.file_name, "windows-thin-pc_2011_zh-TW_iso.iso");
        assert_eq!(file.bytes.len(), 262_144);
        assert_eq!(
            count(&svc, &format!("SELECT downloads FROM download_links WHERE id = {link}")).await,
            1
        );
        assert_eq!(
            count(&svc, &format!("SELECT benefit_id FROM download_links WHERE id = {link} AND purchase_id IS NULL")).await,
            id
        );
        let left = page(&svc, &agent, id).await;
        assert!(matches!(
            left.products[0].links[0].status,
            LinkStatus::Usable { downloads_left: 49, .. }
        ));
        assert_eq!(audits(&svc, "benefit.software_key_revealed", id).await, 2);
        assert_eq!(audits(&svc, "benefit.software_key_and_download", id).await, 1);
        assert_eq!(audits(&svc, "benefit.software_download", id).await, 1);

        // Stored sealed: neither the key nor its first group is in the table.
        let sealed: Vec<String> = sqlx::query_scalar(
            "SELECT sealed FROM benefit_software_keys WHERE benefit_id = $1",
        )
        .bind(id)
        .fetch_all(svc.db.pool())
        .await
        .unwrap();
        assert_eq!(sealed.len(), 1);
        assert!(!sealed[0].contains(&key[..5]), "the stored key is sealed");
        assert!(!sealed[0].contains(&key));

        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        delegation::decide(&svc, &admin, req, DelegationDecision::Remove)
            .await
            .unwrap();
        forbidden(software::page(&svc, &agent, id).await);
        forbidden(software::reveal_key(&svc, &agent, id, THIN_PC).await);
        forbidden(software::get_key_and_download(&svc, &agent, &form(id, THIN_PC, "2011")).await);
    })
    .await;
}

/// A partner without an approved permission is refused: Contoso while its
/// request is pending, and Fabrikam, which has no relationship with the
/// Taiwan customer; a partner role without the benefit permission
/// (Helpdesk Agent) even once Contoso's is approved.
#[tokio::test]
async fn r_sab_11_an_undelegated_partner_is_refused() {
    on_each_database(|svc| async move {
        let agent = sign_in(&svc, AGENT).await;
        let id = thin_pc(&svc).await;
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let req = delegation::request(&svc, &agent, admin.org_id)
            .await
            .unwrap();
        forbidden(software::page(&svc, &agent, id).await);
        forbidden(software::get_key_and_download(&svc, &agent, &form(id, THIN_PC, "2011")).await);
        let fabrikam = sign_in(&svc, "global@fabrikam.example").await;
        forbidden(software::page(&svc, &fabrikam, id).await);
        forbidden(software::reveal_key(&svc, &fabrikam, id, THIN_PC).await);
        forbidden(
            software::get_key_and_download(&svc, &fabrikam, &form(id, THIN_PC, "2011")).await,
        );
        delegation::decide(&svc, &admin, req, DelegationDecision::Approve)
            .await
            .unwrap();
        let helpdesk = sign_in(&svc, "helpdesk@contoso-partner.example").await;
        forbidden(software::page(&svc, &helpdesk, id).await);
        forbidden(software::reveal_key(&svc, &helpdesk, id, THIN_PC).await);
        forbidden(
            software::get_key_and_download(&svc, &helpdesk, &form(id, THIN_PC, "2011")).await,
        );
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM download_links WHERE benefit_id IS NOT NULL"
            )
            .await,
            0
        );
        assert_eq!(
            count(&svc, "SELECT COUNT(*) FROM benefit_software_keys").await,
            0
        );
    })
    .await;
}

/// The customer's own users by permission (R-ORG-07): the Account Manager
/// (download software, view keys) reveals the key and gets a link, which
/// only its maker's page lists; a key shows only to who revealed it; the
/// Report Viewer (keys, no downloads) reveals the same key and is refused a
/// link; the Account Viewer may do neither. A version
/// or product the benefit lacks is refused on its field; a benefit without
/// software shows none; an expired benefit gives no more links.
#[tokio::test]
async fn r_sab_11_customer_users_by_permission() {
    on_each_database(|svc| async move {
        let id = thin_pc(&svc).await;
        let manager = sign_in(&svc, "manager@twprecision.example").await;
        let m = page(&svc, &manager, id).await;
        assert!(m.can_download && m.products[0].can_show_key);
        assert_eq!(m.products[0].key, None);
        software::reveal_key(&svc, &manager, id, THIN_PC)
            .await
            .unwrap();
        let m = page(&svc, &manager, id).await;
        let key = m.products[0].key.clone().expect("a key viewer sees it");
        let link = software::get_key_and_download(&svc, &manager, &form(id, THIN_PC, "2011"))
            .await
            .unwrap();
        let m = page(&svc, &manager, id).await;
        assert_eq!(
            m.products[0].links.iter().map(|l| l.id).collect::<Vec<_>>(),
            [link]
        );
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        assert_eq!(
            page(&svc, &admin, id).await.products[0].key,
            None,
            "not revealed by the admin"
        );
        software::reveal_key(&svc, &admin, id, THIN_PC)
            .await
            .unwrap();
        let a = page(&svc, &admin, id).await;
        assert_eq!(a.products[0].key.as_deref(), Some(key.as_str()));
        assert!(a.products[0].links.is_empty(), "only the maker's links");

        let reports = sign_in(&svc, "reports@twprecision.example").await;
        software::reveal_key(&svc, &reports, id, THIN_PC)
            .await
            .unwrap();
        let r = page(&svc, &reports, id).await;
        assert!(!r.can_download);
        assert_eq!(r.products[0].key.as_deref(), Some(key.as_str()));
        assert!(r.products[0].links.is_empty());
        forbidden(software::get_key_and_download(&svc, &reports, &form(id, THIN_PC, "2011")).await);

        let viewer = sign_in(&svc, "viewer@twprecision.example").await;
        forbidden(software::reveal_key(&svc, &viewer, id, THIN_PC).await);
        let v = page(&svc, &viewer, id).await;
        assert!(!v.can_download && !v.products[0].can_show_key);
        assert_eq!(v.products[0].key, None);
        assert_eq!(
            codes(
                software::reveal_key(&svc, &manager, id, "windows-server-2022-standard-perpetual")
                    .await
            ),
            [(
                "product_id".to_string(),
                "software_unknown_product".to_string()
            )]
        );
        forbidden(software::get_key_and_download(&svc, &viewer, &form(id, THIN_PC, "2011")).await);

        assert_eq!(
            codes(software::get_key_and_download(&svc, &manager, &form(id, THIN_PC, "2010")).await),
            [(
                "version".to_string(),
                "software_unknown_version".to_string()
            )]
        );
        assert_eq!(
            codes(
                software::get_key_and_download(
                    &svc,
                    &manager,
                    &form(id, "windows-server-2022-standard-perpetual", "2022")
                )
                .await
            ),
            [(
                "product_id".to_string(),
                "software_unknown_product".to_string()
            )]
        );
        let support = benefit(&svc, "training_vouchers").await;
        assert!(page(&svc, &manager, support).await.products.is_empty());
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM download_links WHERE benefit_id IS NOT NULL"
            )
            .await,
            1
        );

        // An expired benefit still shows a revealed key, but gives no more links.
        let mut tx = svc.db.begin().await.unwrap();
        sqlx::query("UPDATE benefits SET expires_at = 0 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let m = page(&svc, &manager, id).await;
        assert!(!m.can_download);
        assert_eq!(m.products[0].key.as_deref(), Some(key.as_str()));
        assert!(m.products[0].links.is_empty());
        assert_eq!(
            codes(software::get_key_and_download(&svc, &manager, &form(id, THIN_PC, "2011")).await),
            [(String::new(), "benefit_expired".to_string())]
        );
    })
    .await;
}

/// A link belongs to a purchase or a benefit, exactly one (the table's
/// CHECK, on both databases).
#[tokio::test]
async fn r_sab_11_a_link_belongs_to_exactly_one_owner() {
    on_each_database(|svc| async move {
        let id = thin_pc(&svc).await;
        let insert = |purchase: Option<i64>, benefit: Option<i64>, hash: &'static str| {
            let svc = svc.clone();
            async move {
                let mut tx = svc.db.begin().await.unwrap();
                let r = sqlx::query(
                    "INSERT INTO download_links (purchase_id, benefit_id, product_id, token_hash, sealed_token, \
                     version, language, file_type, created_at) VALUES ($1, $2, 'p', $3, '', '1', 'en-US', 'iso', 0)",
                )
                .bind(purchase)
                .bind(benefit)
                .bind(hash)
                .execute(&mut *tx)
                .await;
                if r.is_ok() {
                    tx.commit().await.unwrap();
                }
                r.map(|_| ())
            }
        };
        assert!(insert(None, None, "a").await.is_err(), "no owner");
        let purchase = count(&svc, "SELECT MIN(id) FROM software_purchases").await;
        assert!(insert(Some(purchase), Some(id), "b").await.is_err(), "two owners");
        assert!(insert(None, Some(id), "c").await.is_ok());
    })
    .await;
}
