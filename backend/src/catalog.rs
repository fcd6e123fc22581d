//! The offer catalog, read from the data file in the repository
//! (`backend/catalog/catalog.json`) once and checked at first use.

use std::sync::OnceLock;

use domain::Catalog;

const CATALOG_JSON: &str = include_str!("../catalog/catalog.json");

/// The catalog; a malformed file is a build defect that the test below catches
/// before any server starts with it.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| parse(CATALOG_JSON).expect("backend/catalog/catalog.json is invalid"))
}

/// Why the catalog file cannot be used.
#[derive(Debug, thiserror::Error)]
enum LoadError {
    #[error("not a catalog: {0}")]
    Format(#[from] serde_json::Error),
    #[error(transparent)]
    Inconsistent(#[from] domain::catalog::CatalogError),
}

fn parse(json: &str) -> Result<Catalog, LoadError> {
    let catalog: Catalog = serde_json::from_str(json)?;
    catalog.check()?;
    Ok(catalog)
}

#[cfg(test)]
mod tests {
    use domain::catalog::CatalogProblem;
    use domain::{Category, Segment};

    use super::*;

    /// R-SUB-01: the shipped catalog loads, is consistent, and has what the
    /// product needs: add-ons of both quantity rules, trials, a partner-ISV
    /// offer and reservations with seed 002's excluded markets (R-SW-02).
    #[test]
    fn r_sub_01_the_shipped_catalog_is_valid_and_complete() {
        let c = parse(CATALOG_JSON).unwrap();
        assert!(c.offers.len() >= 25);
        assert!(c
            .offers
            .iter()
            .any(|o| o.addon_rule == Some(domain::AddonRule::MultiGeo)));
        assert!(c
            .offers
            .iter()
            .any(|o| o.addon_rule == Some(domain::AddonRule::Copilot)));
        assert!(c.offers.iter().any(|o| o.category == Category::Trial));
        assert!(c.offers.iter().any(|o| o.marketplace && o.one_per_customer));
        assert!(c.offers.iter().any(|o| o.reservation));
        assert!(c.reservation_excluded_markets.iter().any(|m| m == "YE"));
        for segment in Segment::ALL {
            assert!(c.offers.iter().any(|o| o.segments.contains(&segment)));
        }
    }

    #[test]
    fn a_broken_catalog_is_refused() {
        assert!(matches!(
            parse(r#"{"offers":[],"reservation_excluded_markets":[]"#),
            Err(LoadError::Format(_))
        ));
        let bad_addon = r#"{"offers":[{"id":"a","name":"A","publisher":"microsoft","billing_type":"license_based",
            "category":"enterprise","segments":["commercial"],"terms":[{"term":"P1M","frequencies":["monthly"],
            "prices":[{"minor":100,"currency":"USD"}]}],"addon_of":["missing"],"addon_rule":"plain"}],
            "reservation_excluded_markets":[]}"#;
        match parse(bad_addon) {
            Err(LoadError::Inconsistent(e)) => {
                assert_eq!(
                    (e.offer.as_str(), e.problem),
                    ("a", CatalogProblem::UnknownBase)
                )
            }
            other => panic!("expected an unknown base, got {other:?}"),
        }
    }
}
