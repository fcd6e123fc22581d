//! Software Assurance benefits (SPEC §2) against a real database: SQLite
//! always, PostgreSQL too when BC_TEST_POSTGRES_URL is set.

use crate::common;

use backend::accounts::domains::{add_domain, remove_domain};
use backend::benefits::conversion::{convert_training_to_planning, reverse_planning_to_training};
use backend::benefits::delegation;
use backend::benefits::inventory::{accounts, detail, history, inventory};
use backend::benefits::users::{add_user, edit_user, remove_user, resend_instructions};
use backend::benefits::vouchers::{assign, revoke};
use backend::benefits::{NewBenefitUser, NewVoucher};
use backend::{Actor, Error, Services};
use common::*;
use domain::benefits::{BenefitKind, DelegationDecision, DelegationStatus, TransactionKind};

const CUSTOMER_ADMIN: &str = "admin@twprecision.example";
const PARTNER_ADMIN: &str = "global@contoso-partner.example";

async fn id(svc: &Services, sql: &str) -> i64 {
    count(svc, sql).await
}

async fn hq(svc: &Services) -> i64 {
    id(
        svc,
        "SELECT id FROM purchasing_accounts WHERE number = '100200300'",
    )
    .await
}

async fn benefit(svc: &Services, account: i64, kind: BenefitKind) -> i64 {
    id(
        svc,
        &format!(
            "SELECT id FROM benefits WHERE purchasing_account_id = {account} AND kind = '{}'",
            kind.code()
        ),
    )
    .await
}

async fn taiwan(svc: &Services) -> i64 {
    id(
        svc,
        "SELECT org_id FROM agreements WHERE number = '1234567890'",
    )
    .await
}

async fn balances(svc: &Services, account: i64) -> (i64, i64) {
    let t = benefit(svc, account, BenefitKind::TrainingVouchers).await;
    let p = benefit(svc, account, BenefitKind::PlanningServices).await;
    (
        id(
            svc,
            &format!("SELECT remaining FROM benefits WHERE id = {t}"),
        )
        .await,
        id(
            svc,
            &format!("SELECT remaining FROM benefits WHERE id = {p}"),
        )
        .await,
    )
}

fn user_form(email: &str) -> NewBenefitUser {
    NewBenefitUser {
        email: email.into(),
        name: "Benefit User".into(),
        language: "zh-TW".into(),
    }
}

fn voucher_form(email: &str, days: &str) -> NewVoucher {
    NewVoucher {
        email: email.into(),
        name: "Voucher Holder".into(),
        language: "zh-TW".into(),
        days: days.into(),
    }
}

async fn training(svc: &Services, account: i64) -> (i64, i64) {
    let t = benefit(svc, account, BenefitKind::TrainingVouchers).await;
    (
        id(svc, &format!("SELECT used FROM benefits WHERE id = {t}")).await,
        id(
            svc,
            &format!("SELECT remaining FROM benefits WHERE id = {t}"),
        )
        .await,
    )
}

// R-SAB-01 R-SAB-02 R-SAB-03: the demo inventory holds every benefit somewhere,
// one expired, some eligible but not held, amounts from licenses.
#[tokio::test]
async fn r_sab_01_r_sab_02_inventory() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let list = accounts(&svc, &admin, None).await.unwrap();
        assert_eq!(list.len(), 2, "Taipei HQ and Hsinchu Plant to pick from");
        let mut held = Vec::new();
        let mut expired = 0;
        for account in &list {
            let inv = inventory(&svc, &admin, account.id).await.unwrap();
            assert!(inv.can_manage);
            held.extend(inv.benefits.iter().filter(|b| !b.expired).map(|b| b.kind));
            expired += inv.benefits.iter().filter(|b| b.expired).count();
            assert!(!inv.more.is_empty(), "eligible but not held");
            assert!(inv
                .more
                .iter()
                .all(|k| !inv.benefits.iter().any(|b| b.kind == *k)));
        }
        held.sort();
        held.dedup();
        assert_eq!(held, BenefitKind::ALL.to_vec());
        assert_eq!(expired, 1);
        let inv = inventory(&svc, &admin, hq(&svc).await).await.unwrap();
        let training = inv
            .benefits
            .iter()
            .find(|b| b.kind == BenefitKind::TrainingVouchers)
            .unwrap();
        assert_eq!((training.granted, training.remaining), (10, 10));
        assert_eq!(inv.licenses.iter().map(|l| l.quantity).sum::<i64>(), 500);
        // A Report Viewer sees the inventory but may not change it.
        let viewer = sign_in(&svc, "reports@twprecision.example").await;
        assert!(
            !inventory(&svc, &viewer, hq(&svc).await)
                .await
                .unwrap()
                .can_manage
        );
        // Another customer's account is refused like a missing one.
        let anna = sign_in(&svc, "anna@mueller.example").await;
        forbidden(inventory(&svc, &anna, hq(&svc).await).await);
        forbidden(inventory(&svc, &anna, 999_999).await);
    })
    .await;
}

// R-SAB-04 R-SAB-07: details show the calculation's real inputs; the history
// lists every transaction with running balance.
#[tokio::test]
async fn r_sab_04_r_sab_07_details_calculation_and_history() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let account = hq(&svc).await;
        let planning = benefit(&svc, account, BenefitKind::PlanningServices).await;
        let d = detail(&svc, &admin, planning).await.unwrap();
        let calc = d.calculation.unwrap();
        assert_eq!(
            (calc.licenses, calc.licenses_per_unit, calc.amount),
            (500, 100, 5)
        );
        assert_eq!(d.conversion.unwrap().training_remaining, 10);
        assert_eq!(
            d.domains,
            vec!["tw-precision.example", "twprecision.example"]
        );
        convert_training_to_planning(&svc, &admin, account, "2")
            .await
            .unwrap();
        reverse_planning_to_training(&svc, &admin, account, "1")
            .await
            .unwrap();
        let (kind, rows) = history(&svc, &admin, planning).await.unwrap();
        assert_eq!(kind, BenefitKind::PlanningServices);
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.kind, r.amount, r.balance_after))
            .collect();
        assert_eq!(
            got,
            [
                (TransactionKind::Grant, 5, 5),
                (TransactionKind::Conversion, 2, 7),
                (TransactionKind::Reversal, -1, 6)
            ]
        );
        // The expired benefit's history ends with its expiry.
        let plant = id(
            &svc,
            "SELECT id FROM purchasing_accounts WHERE number = '100200301'",
        )
        .await;
        let old = benefit(&svc, plant, BenefitKind::TrainingVouchers).await;
        let (_, rows) = history(&svc, &admin, old).await.unwrap();
        assert_eq!(
            rows.last().map(|r| (r.kind, r.balance_after)),
            Some((TransactionKind::Expiry, 0))
        );
    })
    .await;
}

// R-SAB-08 R-SAB-09: both balances change together, with ledger rows and an
// audit entry; invalid input changes nothing.
#[tokio::test]
async fn r_sab_08_r_sab_09_conversion_and_reversal() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let account = hq(&svc).await;
        for bad in ["0", "-1", "1.5", "4", "", "abc"] {
            let r = convert_training_to_planning(&svc, &admin, account, bad).await;
            assert_eq!(codes(r)[0].0, "days", "{bad}");
        }
        // Nothing converted yet: nothing to reverse (R-SAB-09).
        let r = reverse_planning_to_training(&svc, &admin, account, "1").await;
        assert_eq!(
            codes(r),
            [("days".to_string(), "days_above_maximum".to_string())]
        );
        assert_eq!(balances(&svc, account).await, (10, 5));
        let after = convert_training_to_planning(&svc, &admin, account, "3")
            .await
            .unwrap();
        assert_eq!((after.training_remaining, after.planning_remaining), (1, 8));
        assert_eq!(balances(&svc, account).await, (1, 8));
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'benefit.convert'"
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM benefit_transactions WHERE kind = 'conversion'"
            )
            .await,
            2
        );
        let r = reverse_planning_to_training(&svc, &admin, account, "4").await;
        assert_eq!(
            codes(r),
            [("days".to_string(), "days_above_maximum".to_string())]
        );
        reverse_planning_to_training(&svc, &admin, account, "1")
            .await
            .unwrap();
        assert_eq!(balances(&svc, account).await, (4, 7));
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'benefit.reverse'"
            )
            .await,
            1
        );
        // A Report Viewer may look but not convert.
        let viewer = sign_in(&svc, "reports@twprecision.example").await;
        forbidden(convert_training_to_planning(&svc, &viewer, account, "1").await);
        // The plant's training vouchers expired and it holds no Planning Services.
        let plant = id(
            &svc,
            "SELECT id FROM purchasing_accounts WHERE number = '100200301'",
        )
        .await;
        let r = convert_training_to_planning(&svc, &admin, plant, "1").await;
        assert_eq!(codes(r)[0].1, "planning_not_held");
    })
    .await;
}

// R-SAB-08: concurrent conversions that together exceed the balance never
// overdraw it: exactly one of four 2-day conversions (6 training days each,
// 10 available) succeeds.
#[tokio::test]
async fn r_sab_08_concurrent_conversions_never_go_negative() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let account = hq(&svc).await;
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let (svc, admin) = (svc.clone(), admin.clone());
                tokio::spawn(async move {
                    convert_training_to_planning(&svc, &admin, account, "2").await
                })
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(Error::Invalid(_)) | Err(Error::Conflict(_)) => {}
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
        assert_eq!(ok, 1);
        assert_eq!(balances(&svc, account).await, (4, 7));
        assert_eq!(
            count(&svc, "SELECT COUNT(*) FROM benefits WHERE remaining < 0").await,
            0
        );
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM benefit_transactions WHERE kind = 'conversion'"
            )
            .await,
            2
        );
    })
    .await;
}

// R-SAB-05 R-SAB-06: add (eligible domains only, a unit taken per
// participant), resend instructions in the user's language, delete.
#[tokio::test]
async fn r_sab_05_r_sab_06_benefit_users() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let account = hq(&svc).await;
        let el = benefit(&svc, account, BenefitKind::ELearning).await;
        let before = outbox_count(&svc).await;
        let r = add_user(&svc, &admin, el, &user_form("mei@gmail.example")).await;
        match r {
            Err(Error::Invalid(e)) => {
                assert_eq!(e[0].code, "email_domain_not_eligible");
                assert_eq!(
                    e[0].param("domains"),
                    Some("tw-precision.example, twprecision.example")
                );
            }
            other => panic!("{other:?}"),
        }
        let uid = add_user(&svc, &admin, el, &user_form("lin@twprecision.example"))
            .await
            .unwrap();
        let d = detail(&svc, &admin, el).await.unwrap();
        assert_eq!((d.benefit.used, d.benefit.remaining), (2, 23));
        assert_eq!(d.users.len(), 2);
        assert_eq!(
            codes(add_user(&svc, &admin, el, &user_form("lin@twprecision.example")).await)[0].1,
            "benefit_user_exists"
        );
        resend_instructions(&svc, &admin, uid).await.unwrap();
        let mails = backend::outbox::list(&svc.db, 10).await.unwrap();
        assert_eq!(outbox_count(&svc).await, before + 2);
        assert!(mails[0].to == "lin@twprecision.example" && mails[0].language == "zh-TW");
        assert!(mails[0].subject.contains("如何使用"));
        // 24x7 support names no domain: any address is accepted, no unit taken.
        let phone = benefit(&svc, account, BenefitKind::SupportPhone).await;
        add_user(&svc, &admin, phone, &user_form("it@outsourcer.example"))
            .await
            .unwrap();
        assert_eq!(
            detail(&svc, &admin, phone).await.unwrap().benefit.remaining,
            2
        );
        remove_user(&svc, &admin, uid).await.unwrap();
        let d = detail(&svc, &admin, el).await.unwrap();
        assert_eq!(
            (d.benefit.used, d.benefit.remaining, d.users.len()),
            (1, 24, 1)
        );
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'benefit_user'"
            )
            .await,
            4
        );
        let anna = sign_in(&svc, "anna@mueller.example").await;
        forbidden(remove_user(&svc, &anna, uid).await);
        forbidden(add_user(&svc, &anna, el, &user_form("anna@mueller.example")).await);
        // Once the benefit has expired (its balance went to 0), deleting a
        // user gives no unit back.
        let last = add_user(&svc, &admin, el, &user_form("wu@twprecision.example"))
            .await
            .unwrap();
        sqlx::query("UPDATE benefits SET expires_at = 0, remaining = 0 WHERE id = $1")
            .bind(el)
            .execute(svc.db.pool())
            .await
            .unwrap();
        remove_user(&svc, &admin, last).await.unwrap();
        let d = detail(&svc, &admin, el).await.unwrap();
        assert!(d.benefit.expired);
        assert_eq!(d.benefit.remaining, 0);
    })
    .await;
}

// R-SAB-05 R-SAB-06: Actions → Edit user changes name, email and language;
// the email passes the same eligible-domain check as adding; audited
// before → after.
#[tokio::test]
async fn r_sab_05_r_sab_06_edit_benefit_user() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let account = hq(&svc).await;
        let el = benefit(&svc, account, BenefitKind::ELearning).await;
        let mei = id(&svc, "SELECT id FROM benefit_users WHERE email = 'mei@twprecision.example'").await;
        let form = NewBenefitUser {
            email: "mei.wu@tw-precision.example".into(),
            name: "Wu Mei-hui".into(),
            language: "en".into(),
        };
        edit_user(&svc, &admin, mei, &form).await.unwrap();
        let d = detail(&svc, &admin, el).await.unwrap();
        assert_eq!(d.users.len(), 1);
        let u = &d.users[0];
        assert_eq!(
            (u.email.as_str(), u.name.as_str(), u.language),
            ("mei.wu@tw-precision.example", "Wu Mei-hui", domain::Language::En)
        );
        // Editing takes no unit.
        assert_eq!((d.benefit.used, d.benefit.remaining), (1, 24));
        let audit: String = sqlx::query_scalar(
            "SELECT before_json || ' -> ' || after_json FROM audit_log WHERE action = 'benefit_user.edit'",
        )
        .fetch_one(svc.db.pool())
        .await
        .unwrap();
        assert!(audit.contains("mei@twprecision.example") && audit.contains("mei.wu@tw-precision.example"), "{audit}");
        // Not an eligible domain: refused naming the allowed ones, nothing changes.
        let bad = NewBenefitUser { email: "mei@gmail.example".into(), ..form.clone() };
        match edit_user(&svc, &admin, mei, &bad).await {
            Err(Error::Invalid(e)) => {
                assert_eq!(e[0].code, "email_domain_not_eligible");
                assert_eq!(e[0].param("domains"), Some("tw-precision.example, twprecision.example"));
            }
            other => panic!("{other:?}"),
        }
        // Invalid fields are reported together.
        let empty = NewBenefitUser { email: "x".into(), name: " ".into(), language: "fr".into() };
        let fields: Vec<_> = codes(edit_user(&svc, &admin, mei, &empty).await).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["email", "name", "language"]);
        // Another user's email on the same benefit is refused.
        let other = add_user(&svc, &admin, el, &user_form("lin@twprecision.example")).await.unwrap();
        let dup = NewBenefitUser { email: "lin@twprecision.example".into(), ..form.clone() };
        assert_eq!(codes(edit_user(&svc, &admin, mei, &dup).await)[0].1, "benefit_user_exists");
        assert_eq!(
            count(&svc, "SELECT COUNT(*) FROM audit_log WHERE action = 'benefit_user.edit'").await,
            1
        );
        // A Report Viewer, another customer, a missing user: 403.
        let viewer = sign_in(&svc, "reports@twprecision.example").await;
        forbidden(edit_user(&svc, &viewer, other, &form).await);
        let anna = sign_in(&svc, "anna@mueller.example").await;
        forbidden(edit_user(&svc, &anna, other, &form).await);
        forbidden(edit_user(&svc, &admin, 999_999, &form).await);
    })
    .await;
}

// R-SAB-11: assign N training days to a person (eligible domain, whole
// days ≤ remaining): the balance drops, a "use" row, an audit entry and the
// voucher emailed in the person's language; revoke gives the days back.
#[tokio::test]
async fn r_sab_11_assign_and_revoke_training_vouchers() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let account = hq(&svc).await;
        let tv = benefit(&svc, account, BenefitKind::TrainingVouchers).await;
        assert_eq!(training(&svc, account).await, (0, 10));
        for (bad, code) in [
            ("0", "days_not_positive"),
            ("-1", "days_not_positive"),
            ("1.5", "days_not_whole"),
            ("", "days_empty"),
            ("11", "days_above_maximum"),
        ] {
            let r = assign(
                &svc,
                &admin,
                tv,
                &voucher_form("lin@twprecision.example", bad),
            )
            .await;
            assert_eq!(codes(r), [("days".to_string(), code.to_string())], "{bad}");
        }
        let r = assign(&svc, &admin, tv, &voucher_form("lin@gmail.example", "1")).await;
        assert_eq!(codes(r)[0].1, "email_domain_not_eligible");
        let planning = benefit(&svc, account, BenefitKind::PlanningServices).await;
        let r = assign(
            &svc,
            &admin,
            planning,
            &voucher_form("lin@twprecision.example", "1"),
        )
        .await;
        assert_eq!(codes(r)[0].1, "voucher_wrong_benefit");
        assert_eq!(training(&svc, account).await, (0, 10));

        let before = outbox_count(&svc).await;
        let v = assign(
            &svc,
            &admin,
            tv,
            &voucher_form("lin@twprecision.example", "3"),
        )
        .await
        .unwrap();
        assert_eq!(training(&svc, account).await, (3, 7));
        assert_eq!(outbox_count(&svc).await, before + 1);
        let mail = &backend::outbox::list(&svc.db, 1).await.unwrap()[0];
        assert_eq!(
            (mail.to.as_str(), mail.language.as_str()),
            ("lin@twprecision.example", "zh-TW")
        );
        let code = domain::benefits::voucher_code(v);
        assert!(
            mail.body.contains(&code) && mail.subject.contains("教育訓練券"),
            "{mail:?}"
        );
        let d = detail(&svc, &admin, tv).await.unwrap();
        assert_eq!(d.vouchers.len(), 1);
        assert_eq!(
            (d.vouchers[0].code.as_str(), d.vouchers[0].days),
            (code.as_str(), 3)
        );
        // Now at most 7 remain.
        let r = assign(
            &svc,
            &admin,
            tv,
            &voucher_form("wang@twprecision.example", "8"),
        )
        .await;
        assert_eq!(codes(r)[0].1, "days_above_maximum");
        // Conversions see the lower balance (R-SAB-08: floor(7 / 3) = 2).
        let r = convert_training_to_planning(&svc, &admin, account, "3").await;
        assert_eq!(codes(r)[0].1, "days_above_maximum");

        revoke(&svc, &admin, v).await.unwrap();
        assert_eq!(training(&svc, account).await, (0, 10));
        assert!(detail(&svc, &admin, tv).await.unwrap().vouchers.is_empty());
        assert_eq!(codes(revoke(&svc, &admin, v).await)[0].1, "voucher_revoked");
        assert_eq!(training(&svc, account).await, (0, 10));
        let (_, rows) = history(&svc, &admin, tv).await.unwrap();
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.kind, r.amount, r.balance_after))
            .collect();
        assert_eq!(
            got,
            [
                (TransactionKind::Grant, 10, 10),
                (TransactionKind::Use, -3, 7),
                (TransactionKind::Release, 3, 10)
            ]
        );
        assert!(rows[1].note.contains(&code));
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'training_voucher'"
            )
            .await,
            2
        );
        // A Report Viewer, another customer: 403; nothing changes.
        let v2 = assign(
            &svc,
            &admin,
            tv,
            &voucher_form("wang@twprecision.example", "10"),
        )
        .await
        .unwrap();
        assert_eq!(training(&svc, account).await, (10, 0));
        let viewer = sign_in(&svc, "reports@twprecision.example").await;
        forbidden(
            assign(
                &svc,
                &viewer,
                tv,
                &voucher_form("x@twprecision.example", "1"),
            )
            .await,
        );
        forbidden(revoke(&svc, &viewer, v2).await);
        let anna = sign_in(&svc, "anna@mueller.example").await;
        forbidden(assign(&svc, &anna, tv, &voucher_form("x@twprecision.example", "1")).await);
        forbidden(revoke(&svc, &anna, v2).await);
        forbidden(revoke(&svc, &admin, 999_999).await);
        // The expired training vouchers of the plant take no assignment.
        let plant = id(
            &svc,
            "SELECT id FROM purchasing_accounts WHERE number = '100200301'",
        )
        .await;
        let old = benefit(&svc, plant, BenefitKind::TrainingVouchers).await;
        let r = assign(
            &svc,
            &admin,
            old,
            &voucher_form("lin@twprecision.example", "1"),
        )
        .await;
        assert_eq!(codes(r)[0].1, "benefit_expired");
    })
    .await;
}

// R-SAB-11: concurrent assignments that together exceed the balance never
// overdraw it: of four 4-day assignments (10 days available) exactly two succeed.
#[tokio::test]
async fn r_sab_11_concurrent_assignments_never_go_negative() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let account = hq(&svc).await;
        let tv = benefit(&svc, account, BenefitKind::TrainingVouchers).await;
        let tasks: Vec<_> = (0..4)
            .map(|i| {
                let (svc, admin) = (svc.clone(), admin.clone());
                tokio::spawn(async move {
                    assign(
                        &svc,
                        &admin,
                        tv,
                        &voucher_form(&format!("p{i}@twprecision.example"), "4"),
                    )
                    .await
                })
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(Error::Invalid(_)) | Err(Error::Conflict(_)) => {}
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
        assert_eq!(ok, 2);
        assert_eq!(training(&svc, account).await, (8, 2));
        assert_eq!(
            count(&svc, "SELECT COUNT(*) FROM training_voucher_assignments").await,
            3,
            "two here and the demo voucher of the German account"
        );
    })
    .await;
}

/// Every R-SAB-11 action a partner may take for a customer, in order (the
/// user added is then resent instructions, edited and deleted; the voucher
/// assigned is then revoked).
async fn partner_actions(
    svc: &Services,
    partner: &Actor,
) -> Vec<(&'static str, Result<(), Error>)> {
    let account = hq(svc).await;
    let org = taiwan(svc).await;
    let el = benefit(svc, account, BenefitKind::ELearning).await;
    let email = format!(
        "p{}@twprecision.example",
        count(svc, "SELECT COUNT(*) FROM benefit_users").await
    );
    let added = add_user(svc, partner, el, &user_form(&email)).await;
    // Without permission, act on a user the customer added.
    let uid = match &added {
        Ok(uid) => *uid,
        Err(_) => {
            let admin = sign_in(svc, CUSTOMER_ADMIN).await;
            add_user(svc, &admin, el, &user_form(&email)).await.unwrap()
        }
    };
    let name = format!(
        "partner{}.example",
        count(svc, "SELECT COUNT(*) FROM domains").await
    );
    let added_domain = add_domain(svc, partner, account, &name).await;
    let tv = benefit(svc, account, BenefitKind::TrainingVouchers).await;
    let voucher_email = format!(
        "v{}@twprecision.example",
        count(svc, "SELECT COUNT(*) FROM training_voucher_assignments").await
    );
    let assigned = assign(svc, partner, tv, &voucher_form(&voucher_email, "1")).await;
    // Without permission, try to revoke a voucher the customer assigned.
    let voucher = match &assigned {
        Ok(id) => *id,
        Err(_) => {
            let admin = sign_in(svc, CUSTOMER_ADMIN).await;
            assign(svc, &admin, tv, &voucher_form(&voucher_email, "1"))
                .await
                .unwrap()
        }
    };
    let edited = NewBenefitUser {
        name: "Edited By Partner".into(),
        ..user_form(&email)
    };
    // Without permission, try to remove one of the customer's domains.
    let domain_id = match &added_domain {
        Ok(id) => *id,
        Err(_) => count(svc, "SELECT MIN(id) FROM domains").await,
    };
    vec![
        (
            "accounts",
            accounts(svc, partner, Some(org)).await.map(drop),
        ),
        (
            "inventory",
            inventory(svc, partner, account).await.map(drop),
        ),
        ("detail", detail(svc, partner, el).await.map(drop)),
        ("history", history(svc, partner, el).await.map(drop)),
        ("add_user", added.map(drop)),
        ("resend", resend_instructions(svc, partner, uid).await),
        ("edit_user", edit_user(svc, partner, uid, &edited).await),
        ("assign_voucher", assigned.map(drop)),
        ("revoke_voucher", revoke(svc, partner, voucher).await),
        (
            "convert",
            convert_training_to_planning(svc, partner, account, "1")
                .await
                .map(drop),
        ),
        (
            "reverse",
            reverse_planning_to_training(svc, partner, account, "1")
                .await
                .map(drop),
        ),
        ("remove_user", remove_user(svc, partner, uid).await),
        ("add_domain", added_domain.map(drop)),
        (
            "remove_domain",
            remove_domain(svc, partner, domain_id).await,
        ),
    ]
}

// R-SAB-10 R-SAB-11: request → approve → the partner acts → remove → refused;
// each action refused without approval; the partner is notified.
#[tokio::test]
async fn r_sab_10_r_sab_11_delegation_lifecycle() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, CUSTOMER_ADMIN).await;
        let partner = sign_in(&svc, PARTNER_ADMIN).await;
        let org = taiwan(&svc).await;
        // Without any request every action is refused.
        for (name, r) in partner_actions(&svc, &partner).await {
            assert!(matches!(r, Err(Error::Forbidden)), "{name} without permission: {r:?}");
        }
        assert!(delegation::list_for_customer(&svc, &admin).await.unwrap().is_empty());
        let req = delegation::request(&svc, &partner, org).await.unwrap();
        assert!(matches!(delegation::request(&svc, &partner, org).await, Err(Error::DelegationRefused(domain::benefits::DelegationError::AlreadyPending))));
        // Pending is not approved.
        for (name, r) in partner_actions(&svc, &partner).await {
            assert!(matches!(r, Err(Error::Forbidden)), "{name} while pending: {r:?}");
        }
        let list = delegation::list_for_customer(&svc, &admin).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].status, DelegationStatus::Pending);
        // Only the customer decides, and only its own requests.
        forbidden(delegation::decide(&svc, &partner, req, DelegationDecision::Approve).await);
        let anna = sign_in(&svc, "anna@mueller.example").await;
        forbidden(delegation::decide(&svc, &anna, req, DelegationDecision::Approve).await);
        assert!(matches!(
            delegation::decide(&svc, &admin, req, DelegationDecision::Remove).await,
            Err(Error::DelegationRefused(domain::benefits::DelegationError::NotAllowed))
        ));
        let before = outbox_count(&svc).await;
        delegation::decide(&svc, &admin, req, DelegationDecision::Approve).await.unwrap();
        assert_eq!(outbox_count(&svc).await, before + 1);
        let mail = &backend::outbox::list(&svc.db, 1).await.unwrap()[0];
        assert_eq!(mail.to, PARTNER_ADMIN);
        // With approval every action works.
        for (name, r) in partner_actions(&svc, &partner).await {
            assert!(r.is_ok(), "{name} with permission: {r:?}");
        }
        let audit = count(&svc, &format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'benefit.convert' AND org_id = {org} AND actor_org_id = {}",
            partner.org_id
        )).await;
        assert_eq!(audit, 1, "the audit entry says who acted for whom");
        // A partner role without the permission is refused even with approval.
        let helpdesk = sign_in(&svc, "helpdesk@contoso-partner.example").await;
        forbidden(inventory(&svc, &helpdesk, hq(&svc).await).await);
        // Another partner is refused.
        let fabrikam = sign_in(&svc, "global@fabrikam.example").await;
        forbidden(inventory(&svc, &fabrikam, hq(&svc).await).await);
        delegation::decide(&svc, &admin, req, DelegationDecision::Remove).await.unwrap();
        for (name, r) in partner_actions(&svc, &partner).await {
            assert!(matches!(r, Err(Error::Forbidden)), "{name} after removal: {r:?}");
        }
        assert!(delegation::list_for_customer(&svc, &admin).await.unwrap().is_empty());
        // The partner may ask again after a removal; a reject ends that.
        delegation::request(&svc, &partner, org).await.unwrap();
        assert_eq!(delegation::decide(&svc, &admin, req, DelegationDecision::Reject).await.unwrap(), DelegationStatus::Rejected);
        // Ending the relationship (R-ORG-12) ends the delegation's effect too.
        delegation::request(&svc, &partner, org).await.unwrap();
        delegation::decide(&svc, &admin, req, DelegationDecision::Approve).await.unwrap();
        assert!(inventory(&svc, &partner, hq(&svc).await).await.is_ok());
        sqlx::query("UPDATE relationships SET status = 'ended'").execute(svc.db.pool()).await.unwrap();
        forbidden(inventory(&svc, &partner, hq(&svc).await).await);
        // No relationship: no request.
        let mueller = count(&svc, "SELECT org_id FROM agreements WHERE number = '3456789012'").await;
        forbidden(delegation::request(&svc, &partner, mueller).await);
    })
    .await;
}
