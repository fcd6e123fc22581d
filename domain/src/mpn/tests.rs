use super::*;

fn at(y: i32, m: u32, d: u32, h: u32) -> Timestamp {
    Timestamp::from_ymd_hms(y, m, d, h, 0, 0).unwrap()
}

fn email(s: &str) -> Email {
    Email::parse(s).unwrap()
}

#[test]
fn r_mpn_04_never_more_assignments_than_the_package_holds() {
    assert_eq!(check_assignment(0, 1), Ok(()));
    assert_eq!(check_assignment(4, 5), Ok(()));
    assert_eq!(check_assignment(5, 5), Err(MpnError::AllAssigned));
    assert_eq!(check_assignment(6, 5), Err(MpnError::AllAssigned));
    assert_eq!(check_assignment(0, 0), Err(MpnError::AllAssigned));
}

#[test]
fn r_mpn_05_the_alternate_email_differs_from_the_account_email_case_and_idna_insensitive() {
    let account = email("ann@bücher.example");
    for same in [
        "ann@bücher.example",
        "ANN@Bücher.Example",
        " ann@xn--bcher-kva.example ",
    ] {
        assert_eq!(
            parse_alternate_email(&account, same, "alternate_email")
                .unwrap_err()
                .code,
            "mpn_alternate_same_as_account",
            "{same}"
        );
    }
    let other = parse_alternate_email(&account, "Ann.Private@Example.org", "alternate_email");
    assert_eq!(other.unwrap().as_str(), "ann.private@example.org");
    // The browser's check as typed: the same comparison, before IDNA.
    assert!(same_as_account(
        "ann@contoso.example",
        " Ann@Contoso.Example "
    ));
    assert!(!same_as_account(
        "ann@contoso.example",
        "ann@contoso.example.org"
    ));
    let bad = parse_alternate_email(&account, "not an address", "alternate_email").unwrap_err();
    assert_eq!(
        (bad.field.as_str(), bad.code.as_str()),
        ("alternate_email", "email_invalid")
    );
}

#[test]
fn r_mpn_06_the_marketing_contact_needs_another_address_a_phone_and_a_language() {
    let account = email("mona@contoso-partner.example");
    let form = MarketingContactForm {
        user_id: 3,
        alternate_email: "marketing@contoso.example".into(),
        phone: "+1 425 555 0100".into(),
        language: "zh-TW".into(),
    };
    let contact = parse_marketing_contact(&form, &account).unwrap();
    assert_eq!(contact.language, crate::Language::ZhTw);
    let bad = MarketingContactForm {
        alternate_email: "Mona@Contoso-Partner.example".into(),
        phone: "12".into(),
        language: "xx".into(),
        ..form
    };
    let fields: Vec<(String, String)> = parse_marketing_contact(&bad, &account)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "alternate_email".into(),
                "mpn_alternate_same_as_account".into()
            ),
            ("phone".into(), "support_phone_invalid".into()),
            ("language".into(), "language_unknown".into()),
        ]
    );
}

#[test]
fn r_mpn_06_a_go_to_market_benefit_is_active_for_its_days_then_expired() {
    let activated = at(2026, 12, 4, 9);
    // 90 days × 24 h: 2026-12-04 09:00 + 90 days = 2027-03-04 09:00.
    let expires = at(2027, 3, 4, 9);
    assert_eq!(
        go_to_market_status(None, 90, activated),
        GoToMarketStatus::NotActivated
    );
    assert_eq!(
        go_to_market_status(Some(activated), 90, activated),
        GoToMarketStatus::Active {
            expires_at: expires
        }
    );
    assert_eq!(
        go_to_market_status(Some(activated), 90, expires.minus(Span::millis(1))),
        GoToMarketStatus::Active {
            expires_at: expires
        }
    );
    assert_eq!(
        go_to_market_status(Some(activated), 90, expires),
        GoToMarketStatus::Expired {
            expired_at: expires
        }
    );
    let active = GoToMarketStatus::Active {
        expires_at: expires,
    };
    assert_eq!(check_activation(active, true), Err(MpnError::AlreadyActive));
    assert_eq!(
        check_activation(
            GoToMarketStatus::Expired {
                expired_at: expires
            },
            true
        ),
        Err(MpnError::Expired)
    );
    assert_eq!(
        check_activation(GoToMarketStatus::NotActivated, false),
        Err(MpnError::NoMarketingContact)
    );
    assert_eq!(
        check_activation(GoToMarketStatus::NotActivated, true),
        Ok(())
    );
}

#[test]
fn r_mpn_06_r_mpn_07_a_cancelled_package_ends_its_active_benefits() {
    let activated = at(2026, 12, 4, 9);
    let expires = at(2027, 3, 4, 9);
    let ended = at(2026, 12, 20, 0);
    assert_eq!(
        package_go_to_market_status(Some(activated), 90, Some(ended), at(2026, 12, 21, 0)),
        GoToMarketStatus::Expired { expired_at: ended }
    );
    // Ended after it expired: it expired first.
    assert_eq!(
        package_go_to_market_status(
            Some(activated),
            90,
            Some(at(2027, 4, 1, 0)),
            at(2027, 4, 2, 0)
        ),
        GoToMarketStatus::Expired {
            expired_at: expires
        }
    );
    assert_eq!(
        package_go_to_market_status(None, 90, Some(ended), at(2026, 12, 21, 0)),
        GoToMarketStatus::NotActivated
    );
}

#[test]
fn r_mpn_04_r_mpn_05_how_many_users_a_benefit_is_assigned_to() {
    let catalog = shipped_catalog();
    let pack = catalog.package("action-pack").unwrap();
    assert_eq!(pack.assignable("vs-professional"), Some(3));
    assert_eq!(pack.assignable("support-incidents"), Some(1));
    assert_eq!(pack.assignable("azure-credit"), Some(1));
    assert_eq!(pack.assignable("m365-e3-iur"), None, "a key, not a user");
    assert_eq!(pack.assignable("campaign-kit"), None);
    // 8 advisory hours, 5 held and 3 used: none left; never below 0.
    assert_eq!(advisory_hours_left(8, 5, 2), 1);
    assert_eq!(advisory_hours_left(8, 5, 3), 0);
    assert_eq!(advisory_hours_left(8, 6, 3), 0);
}

#[test]
fn r_mpn_05_advisory_hours_requested_are_at_least_1_and_at_most_those_left() {
    let form = AdvisoryRequestForm {
        benefit_id: "advisory".into(),
        topic: "Azure landing zone".into(),
        description: "Review of our design".into(),
        preferred_from: "2026-12-14".into(),
        preferred_to: "2026-12-18".into(),
        hours: "8".into(),
    };
    let r = parse_advisory_request(&form, 8).unwrap();
    assert_eq!(
        (r.hours, r.preferred_from.to_string()),
        (8, "2026-12-14".to_string())
    );
    let codes = |f: AdvisoryRequestForm, left| -> Vec<(String, String)> {
        parse_advisory_request(&f, left)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    };
    for hours in ["9", "0", "-1", "1.5", ""] {
        assert_eq!(
            codes(
                AdvisoryRequestForm {
                    hours: hours.into(),
                    ..form.clone()
                },
                8
            ),
            [("hours".to_string(), "mpn_hours_invalid".to_string())],
            "{hours}"
        );
    }
    assert_eq!(
        codes(
            AdvisoryRequestForm {
                topic: " ".into(),
                preferred_to: "2026-12-13".into(),
                ..form.clone()
            },
            8
        ),
        [
            ("topic".to_string(), "mpn_topic_missing".to_string()),
            ("preferred_to".to_string(), "mpn_dates_invalid".to_string()),
        ]
    );
}

#[test]
fn r_mpn_05_an_advisory_request_is_answered_once() {
    use AdvisoryStatus as S;
    assert_eq!(answer_advisory(S::Open, true), Ok(S::Done));
    assert_eq!(answer_advisory(S::Open, false), Ok(S::Declined));
    for answered in [S::Done, S::Declined] {
        assert_eq!(
            answer_advisory(answered, true),
            Err(MpnError::RequestAnswered)
        );
    }
    for s in [S::Open, S::Done, S::Declined] {
        assert_eq!(S::parse(s.code()), Some(s));
    }
}

#[test]
fn r_mpn_07_a_refund_within_30_days_and_only_without_a_key_taken() {
    let paid = Money::new(47_500, Currency::Usd);
    let bought = at(2026, 11, 4, 10);
    // 30 × 24 h after 2026-11-04 10:00 is 2026-12-04 10:00.
    let ended = at(2026, 12, 4, 10);
    assert_eq!(plan_package_refund(paid, bought, None, bought), Ok(paid));
    assert_eq!(
        plan_package_refund(paid, bought, None, ended.minus(Span::millis(1))),
        Ok(paid)
    );
    assert_eq!(
        plan_package_refund(paid, bought, None, ended),
        Err(RefundRefusal::WindowPassed { ended_at: ended })
    );
    let key = at(2026, 11, 5, 8);
    assert_eq!(
        plan_package_refund(paid, bought, Some(key), at(2026, 11, 6, 0)),
        Err(RefundRefusal::KeyTaken { at: key })
    );
    // Both: the key is the reason given.
    assert_eq!(
        plan_package_refund(paid, bought, Some(key), ended)
            .unwrap_err()
            .error(),
        MpnError::RefundKeyTaken
    );
}

fn shipped_catalog() -> crate::catalog::Catalog {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../backend/catalog/catalog.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn r_mpn_01_the_shipped_packages_are_data_and_sound() {
    let mut catalog = shipped_catalog();
    assert_eq!(catalog.check(), Ok(()));
    let ids: Vec<&str> = catalog.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["action-pack", "silver-core"]);
    let pack = catalog.package("action-pack").unwrap();
    assert_eq!(
        pack.price(Currency::Usd),
        Some(Money::new(53_000, Currency::Usd))
    );
    assert_eq!(pack.visual_studio[0].count, 3);
    assert_eq!(
        pack.technical
            .iter()
            .map(|t| (t.kind, t.amount))
            .collect::<Vec<_>>(),
        [
            (TechnicalKind::SupportIncidents, 5),
            (TechnicalKind::AdvisoryHours, 8)
        ]
    );
    assert_eq!(pack.cloud[0].kind, CloudKind::UsageBased);
    assert_eq!(pack.cloud[1].kind, CloudKind::LicenseBased);
    // Software the catalog does not sell cannot be in a package.
    catalog.packages[0].software[0].product_id = "windows-3.1".into();
    let e = catalog.check().unwrap_err();
    assert_eq!(
        (e.offer.as_str(), e.problem),
        ("action-pack", crate::catalog::CatalogProblem::BadPackage)
    );
    let mut catalog = shipped_catalog();
    catalog.packages[1].visual_studio[0].count = 0;
    assert_eq!(
        catalog.check().unwrap_err().problem,
        crate::catalog::CatalogProblem::BadPackage
    );
}

#[test]
fn r_mpn_01_r_mpn_06_who_assigns_and_who_activates_go_to_market() {
    use crate::Role as R;
    assert!(may_assign(&[R::GlobalAdministrator]));
    for r in [
        R::AdminAgent,
        R::MpnPartnerAdmin,
        R::SalesAgent,
        R::BillingAdmin,
    ] {
        assert!(!may_assign(&[r]), "{r:?}");
    }
    assert!(may_manage_go_to_market(&[R::GlobalAdministrator]));
    assert!(may_manage_go_to_market(&[R::MpnPartnerAdmin]));
    for r in [
        R::AdminAgent,
        R::SalesAgent,
        R::PartnerAccountAdmin,
        R::MarketingContentAdmin,
    ] {
        assert!(!may_manage_go_to_market(&[r]), "{r:?}");
    }
}
