use super::*;
use crate::catalog::{Catalog, CatalogProblem};
use crate::test_support::deserialize_string;
use crate::CivilDate;
use proptest::prelude::*;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
    Timestamp::from_ymd_hms(y, m, d, h, min, 0).unwrap()
}

const MS: Span = Span::millis(1);

/// A link made 2026-03-01 10:00 UTC: it expires 2026-03-15 10:00.
fn link(downloads: u32, revoked: bool) -> DownloadLink {
    DownloadLink {
        created_at: at(2026, 3, 1, 10, 0),
        downloads,
        revoked,
    }
}

/// R-SW-04: made 2026-03-01 10:00, a link is usable at 2026-03-15
/// 09:59:59.999 (14 d − 1 ms) and expired at 2026-03-15 10:00 (14 d).
#[test]
fn r_sw_04_a_link_expires_after_14_days() {
    let l = link(0, false);
    let expires_at = at(2026, 3, 15, 10, 0);
    assert_eq!(l.created_at.plus(LINK_LIFETIME), expires_at);
    assert_eq!(
        l.status(expires_at.minus(MS)),
        LinkStatus::Usable {
            expires_at,
            downloads_left: 50
        }
    );
    assert!(l.serves(false, expires_at.minus(MS)).is_ok());
    assert_eq!(l.status(expires_at), LinkStatus::Expired);
    assert!(l.serves(false, expires_at).is_err());
    assert_eq!(l.status(at(2026, 4, 1, 0, 0)), LinkStatus::Expired);
}

/// R-SW-04: after 49 downloads one is left (50 − 49 = 1); after the 50th
/// the link is used up, well within its 14 days.
#[test]
fn r_sw_04_a_link_is_used_up_after_50_downloads() {
    let now = at(2026, 3, 2, 10, 0);
    let expires_at = at(2026, 3, 15, 10, 0);
    assert_eq!(
        link(49, false).status(now),
        LinkStatus::Usable {
            expires_at,
            downloads_left: 1
        }
    );
    assert!(link(49, false).serves(false, now).is_ok());
    assert_eq!(link(50, false).status(now), LinkStatus::UsedUp);
    assert!(link(50, false).serves(false, now).is_err());
    assert_eq!(link(51, false).status(now), LinkStatus::UsedUp);
    assert_eq!(LINK_MAX_DOWNLOADS, 50);
}

/// R-SW-04, R-SW-07: a revoked link is unusable even when fresh; revoked
/// wins over expired and used up, and expired over used up.
#[test]
fn r_sw_04_a_revoked_link_is_unusable_whatever_else() {
    let fresh = at(2026, 3, 1, 10, 0);
    let late = at(2026, 3, 15, 10, 0);
    assert_eq!(link(0, true).status(fresh), LinkStatus::Revoked);
    assert!(link(0, true).serves(false, fresh).is_err());
    assert_eq!(link(50, true).status(late), LinkStatus::Revoked);
    assert_eq!(link(50, false).status(late), LinkStatus::Expired);
}

/// R-SW-04: the days shown, rounded up. Made 2026-03-01 10:00 (expires
/// 03-15 10:00): at 03-01 10:00 14 d are left → 14; at 03-02 09:00 13 d 1 h
/// → 14; at 03-02 10:00 exactly 13 d → 13; at 03-15 09:59:59.999 1 ms → 1;
/// at 03-15 10:00 → 0. Used up or revoked → 0. Dated two days ahead (a
/// clock skew), 16 d are left, shown as at most 14.
#[test]
fn r_sw_04_days_left_are_rounded_up() {
    let l = link(0, false);
    let days = |now| link_days_left(&l, now);
    assert_eq!(days(at(2026, 3, 1, 10, 0)), 14);
    assert_eq!(days(at(2026, 3, 2, 9, 0)), 14);
    assert_eq!(days(at(2026, 3, 2, 10, 0)), 13);
    assert_eq!(days(at(2026, 3, 15, 10, 0).minus(MS)), 1);
    assert_eq!(days(at(2026, 3, 15, 10, 0)), 0);
    assert_eq!(days(at(2026, 5, 1, 0, 0)), 0);
    let now = at(2026, 3, 2, 9, 0);
    assert_eq!(link_days_left(&link(50, false), now), 0);
    assert_eq!(link_days_left(&link(3, true), now), 0);
    assert_eq!(days(at(2026, 2, 27, 10, 0)), 14);
}

/// R-SW-01: Australia and Brazil see prices with tax, in any case;
/// Taiwan, Germany, the US and anything else without.
#[test]
fn r_sw_01_prices_include_tax_in_australia_and_brazil_only() {
    for c in ["AU", "BR", "au", "Br", " AU "] {
        assert_eq!(tax_basis(c), TaxBasis::IncludesTax, "{c}");
    }
    for c in ["TW", "DE", "US", "us", "NZ", "", "AUS"] {
        assert_eq!(tax_basis(c), TaxBasis::ExcludesTax, "{c}");
    }
}

/// A purchase made 2026-03-01 10:00 UTC.
/// The catalog the backend ships (backend/catalog/catalog.json).
fn shipped_catalog() -> Catalog {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../backend/catalog/catalog.json"
    );
    let json = std::fs::read_to_string(path).expect("the catalog file");
    serde_json::from_str(&json).expect("a catalog")
}

fn purchase(license: SoftwareLicense, paid: i64, currency: Currency) -> SoftwarePurchase {
    SoftwarePurchase {
        license,
        purchased_at: at(2026, 3, 1, 10, 0),
        paid: Money::new(paid, currency),
        cancelled: false,
        support_only: false,
    }
}

/// R-SW-06: bought 2026-03-01 10:00, the window closes 60 × 24 h later,
/// at 2026-04-30 10:00 (March 1 + 30 d = March 31, + 30 d = April 30):
/// 1 ms before it a cancel is allowed, at it refused.
#[test]
fn r_sw_06_the_cancel_window_closes_exactly_60_days_after_the_purchase() {
    let p = purchase(SoftwareLicense::Perpetual, 10_000, Currency::Usd);
    let closes = at(2026, 4, 30, 10, 0);
    assert_eq!(p.purchased_at.plus(Span::days(CANCEL_WINDOW_DAYS)), closes);
    assert_eq!(
        plan_software_cancel(&p, true, closes.minus(MS)),
        Ok(Money::new(10_000, Currency::Usd))
    );
    assert_eq!(
        plan_software_cancel(&p, true, closes),
        Err(SoftwareCancelError::WindowPassed)
    );
    assert_eq!(
        plan_software_cancel(&p, true, at(2026, 6, 1, 0, 0)),
        Err(SoftwareCancelError::WindowPassed)
    );
}

/// R-SW-06, the dialog's days left (window closing 2026-04-30 10:00):
/// right after the purchase 60; at 2026-03-31 12:00, 29 d 22 h → 30; in the
/// window's last millisecond 1; at and after the close 0.
#[test]
fn r_sw_06_days_left_to_cancel() {
    let bought = at(2026, 3, 1, 10, 0);
    let closes = at(2026, 4, 30, 10, 0);
    assert_eq!(cancel_days_left(bought, bought), 60);
    assert_eq!(cancel_days_left(bought, at(2026, 3, 1, 23, 59)), 60);
    assert_eq!(cancel_days_left(bought, at(2026, 3, 2, 10, 0)), 59);
    assert_eq!(cancel_days_left(bought, at(2026, 3, 31, 12, 0)), 30);
    assert_eq!(cancel_days_left(bought, closes.minus(MS)), 1);
    assert_eq!(cancel_days_left(bought, closes), 0);
    assert_eq!(cancel_days_left(bought, at(2026, 7, 1, 0, 0)), 0);
    // Before the purchase (clock skew): never more than the window.
    assert_eq!(cancel_days_left(bought, at(2026, 2, 1, 0, 0)), 60);
}

/// R-SW-07: perpetual software is credited 100 %: three Windows Server 2025
/// Standard licenses at TWD 36,456.00 are TWD 109,368.00 = 10,936,800
/// minor, all of it back on day 60 (2026-04-29 23:59).
#[test]
fn r_sw_07_perpetual_software_is_credited_in_full() {
    let p = purchase(SoftwareLicense::Perpetual, 10_936_800, Currency::Twd);
    assert_eq!(
        plan_software_cancel(&p, true, at(2026, 4, 29, 23, 59)),
        Ok(Money::new(10_936_800, Currency::Twd))
    );
    assert_eq!(
        plan_software_cancel(&p, true, p.purchased_at),
        Ok(Money::new(10_936_800, Currency::Twd))
    );
}

/// R-SW-07, hand-worked: a 1-year subscription paid TWD 120,000.00
/// (12,000,000 minor) bought 2026-03-01 10:00, cancelled 2026-03-31 12:00.
/// Term 2026-03-01 .. 2027-03-01 = 365 days; used 03-01 … 03-31 inclusive
/// = 31 days (the day of cancelling counts); unused 365 − 31 = 334.
/// 12,000,000 × 334 = 4,008,000,000; ÷ 365 = 10,980,821 remainder 335
/// (= 10,980,821.918 …); 2 × 335 ≥ 365 rounds up: 10,980,822.
/// Cancelled on the purchase day it is 1 day used: 12,000,000 × 364 =
/// 4,368,000,000 = 365 × 11,967,123 + 105, 2 × 105 < 365: 11,967,123.
#[test]
fn r_sw_07_a_one_year_subscription_is_credited_for_its_unused_days() {
    let p = purchase(SoftwareLicense::Subscription1Y, 12_000_000, Currency::Twd);
    assert_eq!(
        plan_software_cancel(&p, true, at(2026, 3, 31, 12, 0)),
        Ok(Money::new(10_980_822, Currency::Twd))
    );
    assert_eq!(
        plan_software_cancel(&p, true, at(2026, 3, 1, 23, 59)),
        Ok(Money::new(11_967_123, Currency::Twd))
    );
}

/// R-SW-07, hand-worked over three years with a leap day: USD 1,071.20
/// (107,120 minor) for 3 years bought 2026-03-01, cancelled 2026-04-29
/// 23:59. Term 2026-03-01 .. 2029-03-01 = 365 + 366 (Feb 2028) + 365 =
/// 1,096 days; used 31 (March) + 29 (April) = 60; unused 1,036.
/// 107,120 × 1,036 = 110,976,320 = 1,096 × 101,255 + 840 (101,255.766 …),
/// 2 × 840 ≥ 1,096 rounds up: 101,256.
#[test]
fn r_sw_07_a_three_year_subscription_is_credited_for_its_unused_days() {
    let p = purchase(SoftwareLicense::Subscription3Y, 107_120, Currency::Usd);
    assert_eq!(
        plan_software_cancel(&p, true, at(2026, 4, 29, 23, 59)),
        Ok(Money::new(101_256, Currency::Usd))
    );
}

/// R-SW-07: a year bought on a leap day ends on 2029-02-28 (the month's
/// last day): 2028-02-29 .. 2029-02-28 = 365 days. Cancelled the same day,
/// 1 used, 364 unused: EUR 365.00 (36,500) × 364 / 365 = 36,400 exactly.
#[test]
fn r_sw_07_a_year_from_a_leap_day_ends_on_the_last_of_february() {
    let mut p = purchase(SoftwareLicense::Subscription1Y, 36_500, Currency::Eur);
    p.purchased_at = at(2028, 2, 29, 8, 0);
    assert_eq!(
        plan_software_cancel(&p, true, at(2028, 2, 29, 20, 0)),
        Ok(Money::new(36_400, Currency::Eur))
    );
}

/// R-SW-06, R-SW-08: refused when already cancelled (first), past the
/// window, support-only, or without the acknowledgement (last); only the
/// acknowledgement belongs to a field.
#[test]
fn r_sw_06_r_sw_08_cancel_is_refused_in_order() {
    let now = at(2026, 3, 10, 0, 0);
    let late = at(2026, 5, 1, 0, 0);
    let mut p = purchase(SoftwareLicense::Perpetual, 10_000, Currency::Usd);
    p.support_only = true;
    assert_eq!(
        plan_software_cancel(&p, false, now),
        Err(SoftwareCancelError::SupportOnly)
    );
    assert_eq!(
        plan_software_cancel(&p, false, late),
        Err(SoftwareCancelError::WindowPassed)
    );
    p.cancelled = true;
    assert_eq!(
        plan_software_cancel(&p, false, late),
        Err(SoftwareCancelError::AlreadyCancelled)
    );
    let p = purchase(SoftwareLicense::Subscription1Y, 10_000, Currency::Usd);
    assert_eq!(
        plan_software_cancel(&p, false, now),
        Err(SoftwareCancelError::NotAcknowledged)
    );

    let fe = SoftwareCancelError::NotAcknowledged.field_error();
    assert_eq!(
        (fe.field.as_str(), fe.code.as_str()),
        ("acknowledged", "software_cancel_not_acknowledged")
    );
    for (e, code) in [
        (
            SoftwareCancelError::AlreadyCancelled,
            "software_already_cancelled",
        ),
        (
            SoftwareCancelError::WindowPassed,
            "software_cancel_window_passed",
        ),
        (
            SoftwareCancelError::SupportOnly,
            "software_cancel_support_only",
        ),
    ] {
        let fe = e.field_error();
        assert_eq!((fe.field.as_str(), fe.code.as_str()), ("", code));
    }
}

proptest! {
    /// R-SW-07: for any license, purchase time, cancel time (from before
    /// the purchase to past the window) and amount, a credit is never
    /// negative and never more than was paid; perpetual is all of it.
    #[test]
    fn r_sw_07_the_credit_is_never_negative_nor_more_than_paid(
        license in prop::sample::select(SoftwareLicense::ALL.to_vec()),
        bought_ms in 0i64..(200 * 365 * 86_400_000),
        offset_ms in (-5 * 86_400_000i64)..(65 * 86_400_000),
        paid in prop_oneof![0i64..1_000_000_000, 0i64..=i64::MAX],
    ) {
        let bought = CivilDate::new(2000, 1, 1).unwrap().start().plus(Span::millis(bought_ms));
        let p = SoftwarePurchase {
            license,
            purchased_at: bought,
            paid: Money::new(paid, Currency::Aud),
            cancelled: false,
            support_only: false,
        };
        match plan_software_cancel(&p, true, bought.plus(Span::millis(offset_ms))) {
            Ok(credit) => {
                prop_assert!(offset_ms < 60 * 86_400_000);
                prop_assert_eq!(credit.currency, Currency::Aud);
                prop_assert!((0..=paid).contains(&credit.minor), "{} of {}", credit.minor, paid);
                if license == SoftwareLicense::Perpetual {
                    prop_assert_eq!(credit.minor, paid);
                }
            }
            Err(e) => {
                prop_assert_eq!(e, SoftwareCancelError::WindowPassed);
                prop_assert!(offset_ms >= 60 * 86_400_000);
            }
        }
    }

    /// R-SW-03: whatever the random bytes, a generated key is in the
    /// format and parses back to itself.
    #[test]
    fn r_sw_03_any_generated_key_parses(bytes in prop::collection::vec(any::<u8>(), 1..64)) {
        // At least one accepted byte, so the cycle always finishes.
        let mut bytes = bytes;
        bytes.push(7);
        let mut source = bytes.into_iter().cycle();
        let key = ProductKey::generate(|| source.next().unwrap());
        prop_assert_eq!(ProductKey::parse(key.as_str()), Some(key.clone()));
    }
}

/// R-SW-03: 25 symbols of the alphabet in five groups of five: bytes
/// 0, 1, 2, … pick the symbols in alphabet order, byte 24 wraps to `B`.
#[test]
fn r_sw_03_a_product_key_is_five_groups_of_five() {
    let mut next = 0u8;
    let key = ProductKey::generate(|| {
        next += 1;
        next - 1
    });
    assert_eq!(key.as_str(), "BCDFG-HJKMP-QRTVW-XY234-6789B");
    let groups: Vec<&str> = key.as_str().split('-').collect();
    assert_eq!(groups.len(), 5);
    for g in groups {
        assert_eq!(g.len(), 5);
        assert!(g.bytes().all(|b| b"BCDFGHJKMPQRTVWXY2346789".contains(&b)));
    }
    assert_eq!(next, 25);
}

/// R-SW-03, rejection sampling by hand: the bytes 0, 23, 24, 239, 240,
/// 255, 47, 100 repeated give 0 → B, 23 → 9, 24 % 24 = 0 → B,
/// 239 % 24 = 23 → 9, 240 and 255 drawn again, 47 % 24 = 23 → 9,
/// 100 % 24 = 4 → G: "B9B99G" per 8 bytes. 25 symbols are 4 × 6 + 1, so
/// 4 × 8 + 1 = 33 bytes: B9B99-GB9B9-9GB9B-99GB9-B99GB.
#[test]
fn r_sw_03_key_bytes_of_240_and_more_are_drawn_again() {
    let bytes = [0u8, 23, 24, 239, 240, 255, 47, 100];
    let mut drawn = 0;
    let key = ProductKey::generate(|| {
        drawn += 1;
        bytes[(drawn - 1) % bytes.len()]
    });
    assert_eq!(key.as_str(), "B9B99-GB9B9-9GB9B-99GB9-B99GB");
    assert_eq!(drawn, 33);
}

/// R-SW-03, unbiased: the bytes 0 … 255 over and over. 48 keys of 25
/// symbols take 1,200 accepted bytes, 240 per cycle: exactly 5 cycles, the
/// last symbol being byte 239 of the fifth (4 × 256 + 240 = 1,264 bytes
/// drawn, so the next byte is 240). Each of the 24 symbols appears
/// 5 × 10 = 50 times (bytes k, k + 24, …, k + 216 in each cycle).
#[test]
fn r_sw_03_every_symbol_is_equally_likely() {
    let mut byte = 0u8;
    let mut counts = std::collections::BTreeMap::new();
    for _ in 0..48 {
        let key = ProductKey::generate(|| {
            byte = byte.wrapping_add(1);
            byte.wrapping_sub(1)
        });
        for c in key.as_str().chars().filter(|c| *c != '-') {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    assert_eq!(counts.len(), 24);
    assert!(counts.values().all(|n| *n == 50), "{counts:?}");
    // 1,264 bytes drawn: 1,264 mod 256 = 240 is next.
    assert_eq!(byte, 240);
}

/// R-SW-03: a key parses in its exact format only; serde goes through parse.
#[test]
fn r_sw_03_a_product_key_parses_in_its_exact_format_only() {
    let good = "BCDFG-HJKMP-QRTVW-XY234-6789B";
    assert_eq!(ProductKey::parse(good).unwrap().as_str(), good);
    for bad in [
        "",
        "bcdfg-hjkmp-qrtvw-xy234-6789b",
        " BCDFG-HJKMP-QRTVW-XY234-6789B",
        "BCDFGHJKMPQRTVWXY2346789B",
        "BCDFG-HJKMP-QRTVW-XY234-6789",
        "BCDFG-HJKMP-QRTVW-XY234-6789BC",
        "BCDFG-HJKMP-QRTVW-XY234-6789A",
        "BCDF0-HJKMP-QRTVW-XY234-6789B",
        "BCDFG_HJKMP-QRTVW-XY234-6789B",
        "BCDFGH-JKMP-QRTVW-XY234-6789B",
        "BCDFG-HJKMP-QRTVW-XY234-6789É",
    ] {
        assert_eq!(ProductKey::parse(bad), None, "{bad:?}");
    }
    let key: ProductKey = deserialize_string(good).unwrap();
    assert_eq!(key.as_str(), good);
    assert!(deserialize_string::<ProductKey>("BCDFG-HJKMP-QRTVW-XY234-6789A").is_err());
    assert_eq!(String::from(key), good);
}

/// R-SW-03: the key never shows in a log line.
#[test]
fn r_sw_03_debug_hides_the_product_key() {
    let key = ProductKey::parse("BCDFG-HJKMP-QRTVW-XY234-6789B").unwrap();
    assert_eq!(format!("{key:?}"), "ProductKey(…)");
    let line = format!("{:?}", Some(&key));
    assert!(!line.contains("BCDFG"), "{line}");
}

fn windows_2025_standard() -> SoftwareProduct {
    SoftwareProduct {
        id: "windows-server-2025-standard-perpetual".into(),
        name: "Windows Server 2025 Standard".into(),
        license: SoftwareLicense::Perpetual,
        editions: Editions {
            versions: vec!["2022".into(), "2025".into()],
            languages: ["en-US", "zh-TW", "de-DE", "ja-JP"]
                .map(String::from)
                .to_vec(),
            file_types: vec![FileType::Iso, FileType::X64],
        },
        prices: vec![
            Money::new(117_600, Currency::Usd),
            Money::new(3_645_600, Currency::Twd),
        ],
        support_only: false,
        key_instructions: String::new(),
    }
}

/// R-SW-03: the picked version, language and file type must be the
/// product's; the language tag matches in any case and keeps the catalog's
/// spelling.
#[test]
fn r_sw_03_an_edition_is_one_the_product_has() {
    let p = windows_2025_standard();
    assert_eq!(
        p.editions.edition("2025", "zh-TW", "x64"),
        Ok(Edition {
            version: "2025".into(),
            language: "zh-TW".into(),
            file_type: FileType::X64,
        })
    );
    assert_eq!(
        p.editions
            .edition("2022", "ja-jp", "iso")
            .map(|e| e.language),
        Ok("ja-JP".into())
    );
    assert_eq!(
        p.editions.edition("2019", "zh-TW", "x64"),
        Err(SoftwareError::UnknownVersion)
    );
    assert_eq!(
        p.editions.edition("2025", "fr-FR", "x64"),
        Err(SoftwareError::UnknownLanguage)
    );
    // A file type the product lacks, and no file type at all.
    assert_eq!(
        p.editions.edition("2025", "en-US", "vhd"),
        Err(SoftwareError::UnknownFileType)
    );
    assert_eq!(
        p.editions.edition("2025", "en-US", "exe"),
        Err(SoftwareError::UnknownFileType)
    );
    // The first wrong pick is reported.
    assert_eq!(
        p.editions.edition("2019", "fr-FR", "exe"),
        Err(SoftwareError::UnknownVersion)
    );
    for (e, field, code) in [
        (
            SoftwareError::UnknownVersion,
            "version",
            "software_unknown_version",
        ),
        (
            SoftwareError::UnknownLanguage,
            "language",
            "software_unknown_language",
        ),
        (
            SoftwareError::UnknownFileType,
            "file_type",
            "software_unknown_file_type",
        ),
    ] {
        let fe = e.field_error();
        assert_eq!((fe.field.as_str(), fe.code.as_str()), (field, code));
    }
    assert_eq!(
        p.price(Currency::Twd),
        Some(Money::new(3_645_600, Currency::Twd))
    );
    assert_eq!(p.price(Currency::Eur), None);
}

/// R-SW-03: the download is named after the product and the edition.
#[test]
fn r_sw_03_a_downloads_file_name() {
    let p = windows_2025_standard();
    let x64 = p.editions.edition("2025", "zh-TW", "x64").unwrap();
    assert_eq!(
        x64.file_name(&p.id),
        "windows-server-2025-standard-perpetual_2025_zh-TW_x64.zip"
    );
    let iso = p.editions.edition("2022", "de-DE", "iso").unwrap();
    assert_eq!(
        iso.file_name(&p.id),
        "windows-server-2025-standard-perpetual_2022_de-DE_iso.iso"
    );
    let vhd = Edition {
        version: "2025".into(),
        language: "en-US".into(),
        file_type: FileType::Vhd,
    };
    assert_eq!(vhd.file_name("w"), "w_2025_en-US_vhd.vhd");
}

/// The codes are the serde names, and the terms' lengths in months.
#[test]
fn r_sw_03_r_sw_07_license_and_file_type_codes_are_their_serde_names() {
    for l in SoftwareLicense::ALL {
        assert_eq!(
            serde_json::to_string(&l).unwrap(),
            format!("\"{}\"", l.code())
        );
        assert_eq!(SoftwareLicense::parse(l.code()), Some(l));
    }
    assert_eq!(SoftwareLicense::parse("Perpetual"), None);
    assert_eq!(SoftwareLicense::Perpetual.months(), None);
    assert_eq!(SoftwareLicense::Subscription1Y.months(), Some(12));
    assert_eq!(SoftwareLicense::Subscription3Y.months(), Some(36));
    for t in FileType::ALL {
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            format!("\"{}\"", t.code())
        );
        assert_eq!(FileType::parse(t.code()), Some(t));
    }
    assert_eq!(
        FileType::ALL.map(FileType::extension),
        ["iso", "vhd", "zip"]
    );
    assert_eq!(FileType::parse("zip"), None);
}

/// A catalog of one offer `"o"` and the given software products.
fn catalog_with(software: Vec<SoftwareProduct>) -> Catalog {
    let mut c: Catalog = serde_json::from_str(
        r#"{"offers":[{"id":"o","name":"O","publisher":"microsoft","billing_type":"license_based",
        "category":"enterprise","segments":["commercial"],"terms":[{"term":"P1Y",
        "frequencies":["monthly"],"prices":[{"minor":100,"currency":"USD"}]}]}],
        "reservation_excluded_markets":[]}"#,
    )
    .unwrap();
    assert!(c.software.is_empty(), "software defaults to none");
    c.software = software;
    c
}

/// R-SW-03: the catalog refuses a software product that shares an id (with
/// an offer or another product), has nothing to download, or no valid price.
#[test]
fn r_sw_03_the_catalog_checks_its_software() {
    let good = windows_2025_standard();
    let c = catalog_with(vec![good.clone()]);
    assert_eq!(c.check(), Ok(()));
    assert_eq!(
        c.software_product("windows-server-2025-standard-perpetual"),
        Some(&good)
    );
    assert_eq!(c.software_product("o"), None);

    let problem = |p: SoftwareProduct| catalog_with(vec![p]).check().map_err(|e| e.problem);
    let with = |f: fn(&mut SoftwareProduct)| {
        let mut p = good.clone();
        f(&mut p);
        p
    };
    assert_eq!(
        problem(with(|p| p.id = "o".into())),
        Err(CatalogProblem::DuplicateId)
    );
    assert_eq!(
        catalog_with(vec![good.clone(), good.clone()])
            .check()
            .map_err(|e| (e.offer, e.problem)),
        Err((good.id.clone(), CatalogProblem::DuplicateId))
    );
    assert_eq!(
        problem(with(|p| p.editions.versions.clear())),
        Err(CatalogProblem::SoftwareWithoutEditions)
    );
    assert_eq!(
        problem(with(|p| p.editions.languages.clear())),
        Err(CatalogProblem::SoftwareWithoutEditions)
    );
    assert_eq!(
        problem(with(|p| p.editions.file_types.clear())),
        Err(CatalogProblem::SoftwareWithoutEditions)
    );
    assert_eq!(
        problem(with(|p| p.prices.clear())),
        Err(CatalogProblem::SoftwareWithoutPrice)
    );
    assert_eq!(
        problem(with(|p| p.prices[0].minor = -1)),
        Err(CatalogProblem::BadPrice)
    );
}

/// R-SW-03, R-SW-07, R-SW-08: the shipped catalog (backend/catalog/
/// catalog.json) is valid and sells the 18 products: Windows Server 2022
/// and 2025 Standard and Datacenter and SQL Server 2022 Standard and
/// Enterprise, each perpetual and for 1 and 3 years, in the four languages,
/// with a price in every currency the offers are sold in; perpetual dearer
/// than a year, 3 years about 2.6 years' price; only SQL Server 2022
/// Enterprise perpetual is cancelled through support.
#[test]
fn r_sw_03_the_shipped_catalog_sells_the_software() {
    let c = shipped_catalog();
    assert_eq!(c.check(), Ok(()));
    assert_eq!(c.software.len(), 18);
    let currencies: std::collections::BTreeSet<Currency> = c
        .offers
        .iter()
        .flat_map(|o| &o.terms)
        .flat_map(|t| &t.prices)
        .map(|m| m.currency)
        .collect();
    assert!(!currencies.is_empty());
    for family in [
        "windows-server-2022-standard",
        "windows-server-2022-datacenter",
        "windows-server-2025-standard",
        "windows-server-2025-datacenter",
        "sql-server-2022-standard",
        "sql-server-2022-enterprise",
    ] {
        let get = |suffix: &str| {
            c.software_product(&format!("{family}-{suffix}"))
                .unwrap_or_else(|| panic!("{family}-{suffix}"))
        };
        let (perpetual, y1, y3) = (get("perpetual"), get("sub-1y"), get("sub-3y"));
        assert_eq!(
            [perpetual.license, y1.license, y3.license],
            SoftwareLicense::ALL
        );
        let file_types = if family.starts_with("sql") {
            vec![FileType::Iso, FileType::X64]
        } else {
            vec![FileType::Iso, FileType::Vhd, FileType::X64]
        };
        for p in [perpetual, y1, y3] {
            for lang in ["en-US", "zh-TW", "de-DE", "ja-JP"] {
                assert!(
                    p.editions.languages.iter().any(|l| l == lang),
                    "{} {lang}",
                    p.id
                );
            }
            assert_eq!(p.editions.file_types, file_types, "{}", p.id);
            assert!(!p.key_instructions.is_empty(), "{}", p.id);
            assert_eq!(
                p.support_only,
                p.id == "sql-server-2022-enterprise-perpetual",
                "{}",
                p.id
            );
            assert!(p
                .editions
                .versions
                .iter()
                .any(|v| family.contains(v.as_str())));
        }
        for &currency in &currencies {
            let price = |p: &SoftwareProduct| p.price(currency).expect("priced").minor;
            assert!(price(perpetual) > price(y1), "{family} {currency:?}");
            // 3 years at 2.5 to 2.7 times a year.
            assert!(
                (25 * price(y1)..=27 * price(y1)).contains(&(10 * price(y3))),
                "{family} {currency:?}"
            );
        }
    }
}

/// R-SW-03: an Admin Agent, alone or with other roles, gets keys and
/// downloads; a Global Administrator or a Sales Agent without it does not.
#[test]
fn r_sw_03_only_an_admin_agent_gets_keys_and_downloads() {
    use crate::Role;
    assert!(may_get_keys_and_downloads(&[Role::AdminAgent]));
    assert!(may_get_keys_and_downloads(&[
        Role::SalesAgent,
        Role::AdminAgent
    ]));
    assert!(!may_get_keys_and_downloads(&[Role::GlobalAdministrator]));
    assert!(!may_get_keys_and_downloads(&[
        Role::SalesAgent,
        Role::BillingAdmin
    ]));
    assert!(!may_get_keys_and_downloads(&[]));
}

/// R-SW-06, R-SW-07: an order of a perpetual license paid TWD 40,000.00 and
/// a one-year subscription paid TWD 120,000.00, both bought 2026-03-01
/// 10:00, cancelled 2026-03-31 12:00: 4,000,000 + 12,000,000 × 334 / 365
/// (10,980,822, as above) = 14,980,822, on the April invoice (posted
/// 2026-04-01 00:00 UTC). One of its purchases cancelled before is left
/// out; an order with nothing live is already cancelled; one purchase past
/// its window refuses the whole order.
#[test]
fn r_sw_06_r_sw_07_an_order_is_cancelled_as_a_whole() {
    let bought = Timestamp::from_ymd_hms(2026, 3, 1, 10, 0, 0).unwrap();
    let now = Timestamp::from_ymd_hms(2026, 3, 31, 12, 0, 0).unwrap();
    let twd = |minor| Money::new(minor, crate::money::Currency::Twd);
    let purchase = |license, paid| SoftwarePurchase {
        license,
        purchased_at: bought,
        paid: twd(paid),
        cancelled: false,
        support_only: false,
    };
    let perpetual = purchase(SoftwareLicense::Perpetual, 4_000_000);
    let yearly = purchase(SoftwareLicense::Subscription1Y, 12_000_000);
    let plan = plan_order_cancel(&[perpetual.clone(), yearly.clone()], true, now).unwrap();
    assert_eq!(
        plan.credits,
        vec![Some(twd(4_000_000)), Some(twd(10_980_822))]
    );
    assert_eq!(plan.total, twd(14_980_822));
    assert_eq!(
        credit_posted_at(now),
        Timestamp::from_ymd_hms(2026, 4, 1, 0, 0, 0).unwrap()
    );
    assert_eq!(
        credit_posted_at(Timestamp::from_ymd_hms(2026, 12, 31, 23, 59, 59).unwrap()),
        Timestamp::from_ymd_hms(2027, 1, 1, 0, 0, 0).unwrap()
    );
    let done = SoftwarePurchase {
        cancelled: true,
        ..perpetual.clone()
    };
    let plan = plan_order_cancel(&[done.clone(), yearly.clone()], true, now).unwrap();
    assert_eq!((plan.credits[0], plan.total), (None, twd(10_980_822)));
    assert_eq!(
        plan_order_cancel(&[done], true, now),
        Err(SoftwareCancelError::AlreadyCancelled)
    );
    let old = SoftwarePurchase {
        purchased_at: bought.minus(Span::days(61)),
        ..perpetual
    };
    assert_eq!(
        plan_order_cancel(&[yearly.clone(), old], true, now),
        Err(SoftwareCancelError::WindowPassed)
    );
    assert_eq!(
        plan_order_cancel(&[yearly], false, now),
        Err(SoftwareCancelError::NotAcknowledged)
    );
}

/// R-SW-05: by default the 30 days up to today, both ends included; as
/// typed otherwise, at most 366 days, never reversed.
#[test]
fn r_sw_05_the_activity_logs_date_range() {
    let today = CivilDate::new(2026, 12, 3).unwrap();
    let day = |s: &str| CivilDate::parse_iso(s).unwrap();
    assert_eq!(
        activity_range("", "", today),
        Ok((day("2026-11-04"), today))
    );
    assert_eq!(
        activity_range("2026-01-01", "2026-12-31", today),
        Ok((day("2026-01-01"), day("2026-12-31")))
    );
    // 2025-12-01 … 2026-12-01 is 366 days with both ends; a day more is not.
    assert!(activity_range("2025-12-01", "2026-12-01", today).is_ok());
    assert_eq!(
        activity_range("2025-11-30", "2026-12-01", today),
        Err(ActivityRangeError::TooLong)
    );
    assert_eq!(
        activity_range("2026-12-02", "2026-12-01", today),
        Err(ActivityRangeError::Reversed)
    );
    assert_eq!(
        activity_range("yesterday", "", today),
        Err(ActivityRangeError::BadFrom)
    );
    assert_eq!(
        activity_range("", "2026-02-30", today),
        Err(ActivityRangeError::BadTo)
    );
    assert_eq!(ActivityRangeError::BadFrom.field_error().field, "from");
}

/// R-SW-04: the 50th download's remaining ranges are still served; a new
/// download is not; nothing is once the link has expired or is revoked.
#[test]
fn r_sw_04_a_started_download_finishes_after_the_50th() {
    let made = Timestamp::from_ymd_hms(2026, 3, 1, 10, 0, 0).unwrap();
    let used_up = DownloadLink {
        created_at: made,
        downloads: 50,
        revoked: false,
    };
    let now = made.plus(Span::days(1));
    assert_eq!(used_up.serves(true, now), Ok(()));
    assert_eq!(used_up.serves(false, now), Err(LinkRefusal::UsedUp));
    let late = made.plus(LINK_LIFETIME);
    assert_eq!(used_up.serves(true, late), Err(LinkRefusal::Expired));
    let revoked = DownloadLink {
        revoked: true,
        ..used_up
    };
    assert_eq!(revoked.serves(true, now), Err(LinkRefusal::Revoked));
    let fresh = DownloadLink {
        downloads: 0,
        ..used_up
    };
    assert_eq!(fresh.serves(false, now), Ok(()));
}

/// R-SW-01: two units at TWD 122,295.00 are TWD 244,590.00; a currency the
/// product is not sold in has no charge. R-SW-07: a one-year subscription
/// bought 2026-03-01 10:00 pays for 2026-03-01 to 2027-02-28 (365 days),
/// a perpetual license for its purchase day.
#[test]
fn r_sw_01_r_sw_07_a_line_is_charged_in_full_for_what_it_covers() {
    let catalog = shipped_catalog();
    let sql = catalog
        .software_product("sql-server-2022-standard-perpetual")
        .unwrap();
    let two = crate::Seats::new(2).unwrap();
    assert_eq!(
        sql.charge(two, Currency::Twd),
        Some(Money::new(24_459_000, Currency::Twd))
    );
    let bought = Timestamp::from_ymd_hms(2026, 3, 1, 10, 0, 0).unwrap();
    let year = SoftwareLicense::Subscription1Y.covers(bought);
    assert_eq!(
        (year.start, year.end),
        (
            CivilDate::new(2026, 3, 1).unwrap(),
            CivilDate::new(2027, 3, 1).unwrap()
        )
    );
    assert_eq!(year.days(), 365);
    assert_eq!(SoftwareLicense::Perpetual.covers(bought).days(), 1);
}

/// R-SW-06: an order's days left are its oldest live purchase's: bought 10
/// and 40 days ago, 20 days are left; with the older one cancelled, 50.
#[test]
fn r_sw_06_an_orders_days_left_are_its_oldest_live_purchases() {
    let now = Timestamp::from_ymd_hms(2026, 6, 1, 12, 0, 0).unwrap();
    let bought = |days: i64, cancelled| SoftwarePurchase {
        license: SoftwareLicense::Perpetual,
        purchased_at: now.minus(Span::days(days)),
        paid: Money::new(100, Currency::Twd),
        cancelled,
        support_only: false,
    };
    assert_eq!(
        order_cancel_days_left(&[bought(10, false), bought(40, false)], now),
        20
    );
    assert_eq!(
        order_cancel_days_left(&[bought(10, false), bought(40, true)], now),
        50
    );
    assert_eq!(order_cancel_days_left(&[bought(10, true)], now), 0);
}

#[test]
fn r_sw_03_a_revealed_key_is_shown_for_ten_minutes() {
    let at = Timestamp::from_ymd_hms(2026, 12, 4, 9, 0, 0).unwrap();
    let until = Timestamp::from_ymd_hms(2026, 12, 4, 9, 10, 0).unwrap();
    assert_eq!(key_shown_until(at, at), Some(until));
    assert_eq!(
        key_shown_until(at, until.minus(Span::millis(1))),
        Some(until)
    );
    assert_eq!(key_shown_until(at, until), None);
    assert_eq!(key_shown_until(at, at.minus(Span::millis(1))), None);
}

/// R-SAB-03, R-SAB-11: the shipped catalog gives each benefit counted in
/// downloads its software, in the four languages, and no other benefit any.
#[test]
fn r_sab_11_the_shipped_catalog_offers_software_with_the_download_benefits() {
    use crate::benefits::BenefitKind as K;
    let c = shipped_catalog();
    assert_eq!(c.check(), Ok(()));
    let ids = |kind| {
        c.benefit_software(kind)
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(K::WindowsThinPc), ["windows-thin-pc"]);
    assert_eq!(
        ids(K::GlobalServiceMonitor),
        ["global-service-monitor-agent"]
    );
    assert_eq!(
        ids(K::OfficeMultiLanguagePack),
        ["office-ltsc-2024-language-pack"]
    );
    for kind in [K::SupportPhone, K::HomeUseProgram, K::TrainingVouchers] {
        assert!(ids(kind).is_empty(), "{kind:?}");
    }
    let thin = &c.benefit_software(K::WindowsThinPc)[0];
    assert_eq!(
        thin.editions.languages,
        ["en-US", "zh-TW", "de-DE", "ja-JP"]
    );
    assert_eq!(
        thin.editions.file_types,
        [FileType::Iso, FileType::Vhd, FileType::X64]
    );
    assert!(!thin.key_instructions.is_empty());
}

/// R-SAB-11: a benefit's software is picked like software bought: Windows
/// Thin PC 2011 in "ja-jp" as a VHD is the catalog's `ja-JP` edition, file
/// `windows-thin-pc_2011_ja-JP_vhd.vhd`; a version, language or file type it
/// lacks is refused on that drop-down.
#[test]
fn r_sab_11_benefit_software_editions_resolve_and_refuse() {
    let c = shipped_catalog();
    let thin = &c.benefit_software(crate::benefits::BenefitKind::WindowsThinPc)[0];
    let e = thin.editions.edition("2011", "ja-jp", "vhd").unwrap();
    assert_eq!(
        e,
        Edition {
            version: "2011".into(),
            language: "ja-JP".into(),
            file_type: FileType::Vhd,
        }
    );
    assert_eq!(e.file_name(&thin.id), "windows-thin-pc_2011_ja-JP_vhd.vhd");
    assert_eq!(
        thin.editions.edition("2024", "en-US", "iso"),
        Err(SoftwareError::UnknownVersion)
    );
    assert_eq!(
        thin.editions.edition("2011", "fr-FR", "iso"),
        Err(SoftwareError::UnknownLanguage)
    );
    assert_eq!(
        thin.editions.edition("2011", "en-US", "exe"),
        Err(SoftwareError::UnknownFileType)
    );
    assert_eq!(
        SoftwareError::UnknownProduct.field_error().field,
        "product_id"
    );
}

/// R-SAB-11: benefit software sits only under a benefit counted in
/// downloads, once per id, with something to download.
#[test]
fn r_sab_11_benefit_software_is_checked() {
    let thin = || BenefitSoftware {
        id: "thin".into(),
        name: "Thin".into(),
        editions: windows_2025_standard().editions,
        key_instructions: String::new(),
    };
    let problem = |code: &str, products: Vec<BenefitSoftware>| {
        let mut c = catalog_with(Vec::new());
        c.benefit_software.insert(code.into(), products);
        c.check().map_err(|e| (e.offer, e.problem))
    };
    assert_eq!(problem("windows_thin_pc", vec![thin()]), Ok(()));
    for code in ["support_phone", "thin_pc"] {
        assert_eq!(
            problem(code, vec![thin()]),
            Err((format!("{code}/"), CatalogProblem::BadBenefitSoftware))
        );
    }
    assert_eq!(
        problem("windows_thin_pc", vec![thin(), thin()]),
        Err((
            "windows_thin_pc/thin".into(),
            CatalogProblem::BadBenefitSoftware
        ))
    );
    let mut empty = thin();
    empty.editions.languages.clear();
    assert_eq!(
        problem("global_service_monitor", vec![empty]),
        Err((
            "global_service_monitor/thin".into(),
            CatalogProblem::SoftwareWithoutEditions
        ))
    );
}
