//! The authorization matrix's oracle, written out from SPEC R-ORG-07
//! (customer roles), R-ORG-11 (partner roles), R-ORG-12 (a partner sees a
//! customer only through an accepted relationship), R-SUB-28 (transfers:
//! each partner of a request sees it, its source decides), R-SW-03 (only
//! an Admin Agent gets keys and downloads; R-SW-05: the activity log for
//! GA, PAA, RA and MCA; R-SW-08: a partner's Admin Agents file and read
//! its support requests, with its Global Administrators (R-MPN-07), the
//! provider's operators read and answer all of them; R-MPN-01 … 07: every
//! partner user sees and buys benefits packages, a Global Administrator
//! assigns them, go-to-market also the MPN Partner Admin), R-API-01 (an
//! organization's API tokens: its administrators) and R-SAB-01 … 11: which
//! role may call which server function on its own organization's data. It
//! is data, not the production permission formula: a change to
//! `domain::roles` that lets a role do more (or less) fails the matrix until
//! this table is changed with it, on purpose.
//!
//! `x` = answered (2xx, or 409/422 for the input), `.` = 403. A call that
//! points at another organization's data is refused whatever the table says.
//! Columns: the roles in `Role::ALL`'s order — customer (AA Account
//! Administrator, AgA Agreement Administrator, UA User Administrator, AM
//! Account Manager, RV Report Viewer, AV Account Viewer), partner (GA Global
//! Administrator, AAg Admin Agent, BA Billing Admin, SA Sales Agent, HA
//! Helpdesk Agent, PAA Account Admin, RA Referral Admin, MCA Marketing
//! Content Admin, MPN MPN Partner Admin), provider (PA Platform
//! Administrator).

use domain::Role;

#[rustfmt::skip]
const TABLE: &[&str] = &[
    //                            AA AgA  UA  AM  RV  AV  GA AAg  BA  SA  HA PAA  RA MCA MPN  PA
    "list_agreements               x   x   .   x   x   x   .   .   .   .   .   .   .   .   .   .",
    "list_users                    x   x   x   .   .   .   x   .   .   .   .   x   .   .   .   x",
    "invite_users                  x   x   x   .   .   .   x   .   .   .   .   x   .   .   .   x",
    "set_user_roles                x   .   x   .   .   .   x   .   .   .   .   x   .   .   .   x",
    "remove_user                   x   .   x   .   .   .   x   .   .   .   .   x   .   .   .   x",
    "list_domains                  x   x   .   x   x   x   .   .   .   .   .   .   .   .   .   .",
    "add_domain                    x   .   .   .   .   .   .   .   .   .   .   .   .   .   .   .",
    "remove_domain                 x   .   .   .   .   .   .   .   .   .   .   .   .   .   .   .",
    "list_relationships            x   x   .   x   x   x   x   x   x   x   x   x   .   .   .   .",
    "request_relationship          .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "decide_relationship           x   .   .   .   .   .   .   .   .   .   .   .   .   .   .   .",
    "partner_customer              .   .   .   .   .   .   x   x   x   x   x   x   .   .   .   .",
    "list_organizations            .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   x",
    "create_agreement              .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   x",
    "audit_log                     x   .   .   .   .   .   x   .   .   .   .   .   .   .   .   x",
    "load_api_tokens               x   .   x   .   .   .   x   .   .   .   .   x   .   .   .   x",
    "create_api_token              x   .   x   .   .   .   x   .   .   .   .   x   .   .   .   x",
    "revoke_api_token              x   .   x   .   .   .   x   .   .   .   .   x   .   .   .   x",
    "operations_overview           .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   x",
    "retry_dead_letter             .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   x",
    "set_language                  x   x   x   x   x   x   x   x   x   x   x   x   x   x   x   x",
    "list_subscriptions            x   .   .   x   x   x   x   x   x   x   x   x   .   .   .   .",
    "get_subscription              x   .   .   x   x   x   x   x   x   x   x   x   .   .   .   .",
    "pin_preview                   x   .   .   x   x   x   x   x   x   x   x   x   .   .   .   .",
    "list_orders                   x   .   .   x   x   x   x   x   x   x   x   x   .   .   .   .",
    "get_order                     x   .   .   x   x   x   x   x   x   x   x   x   .   .   .   .",
    "list_invoices                 x   .   .   x   x   x   x   x   x   x   .   .   .   .   .   .",
    "get_invoice                   x   .   .   x   x   x   x   x   x   x   .   .   .   .   .   .",
    "load_catalog                  .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "change_seats                  .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "cancel_subscription           .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "convert_trial                 .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "upgrade_subscription          .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "add_addon                     .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "schedule_trial_conversion     .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "schedule_renewal_change       .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "remove_scheduled_changes      .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "add_to_cart                   .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "remove_cart_line              .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "add_software_to_cart          .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "remove_software_line          .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "load_software                 x   .   .   x   x   x   x   x   x   x   x   x   .   .   .   .",
    "show_product_key              x   .   .   x   x   .   .   x   .   .   .   .   .   .   .   .",
    "get_keys_and_downloads        .   .   .   .   .   .   .   x   .   .   .   .   .   .   .   .",
    "cancel_software_order         .   .   .   .   .   .   .   x   .   .   .   .   .   .   .   .",
    "software_activity             .   .   .   .   .   .   x   .   .   .   .   x   x   x   .   .",
    "load_membership_benefits      .   .   .   .   .   .   x   x   x   x   x   x   x   x   x   .",
    "buy_package                   .   .   .   .   .   .   x   x   x   x   x   x   x   x   x   .",
    "assign_package_benefit        .   .   .   .   .   .   x   .   .   .   .   .   .   .   .   .",
    "remove_package_assignment     .   .   .   .   .   .   x   .   .   .   .   .   .   .   .   .",
    "request_advisory_hours        .   .   .   .   .   .   x   .   .   .   .   .   .   .   .   .",
    "advisory_requests             .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   x",
    "answer_advisory_request       .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   x",
    "set_marketing_contact         .   .   .   .   .   .   x   .   .   .   .   .   .   .   x   .",
    "activate_go_to_market         .   .   .   .   .   .   x   .   .   .   .   .   .   .   x   .",
    "request_package_refund        .   .   .   .   .   .   x   .   .   .   .   .   .   .   .   .",
    "take_package_key              .   .   .   .   .   .   x   .   .   .   .   .   .   .   .   .",
    "activate_cloud_usage          .   .   .   .   .   .   x   .   .   .   .   .   .   .   .   .",
    "get_package_download          .   .   .   .   .   .   x   .   .   .   .   .   .   .   .   .",
    "support_form                  .   .   .   .   .   .   .   x   .   .   .   .   .   .   .   .",
    "file_support_request          .   .   .   .   .   .   .   x   .   .   .   .   .   .   .   .",
    "support_requests              .   .   .   .   .   .   x   x   .   .   .   .   .   .   .   x",
    "support_request               .   .   .   .   .   .   x   x   .   .   .   .   .   .   .   x",
    "answer_support_request        .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   x",
    "submit_order                  .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "set_subscription_status       .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "list_transfers                .   .   .   .   .   .   x   x   x   x   x   x   .   .   .   .",
    "get_transfer                  .   .   .   .   .   .   x   x   x   x   x   x   .   .   .   .",
    "send_transfer_request         .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "accept_transfer               .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "decline_transfer              .   .   .   .   .   .   x   x   .   x   .   .   .   .   .   .",
    "advance_test_clock            .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   x",
    "benefit_inventory             x   .   .   x   x   x   .   .   .   .   .   .   .   .   .   .",
    "benefit_detail                x   .   .   x   x   x   .   .   .   .   .   .   .   .   .   .",
    "load_benefit_software         x   .   .   x   x   x   .   .   .   .   .   .   .   .   .   .",
    "show_benefit_key              x   .   .   x   x   .   .   .   .   .   .   .   .   .   .   .",
    "get_benefit_key_and_download  x   .   .   x   .   .   .   .   .   .   .   .   .   .   .   .",
    "add_benefit_user              x   .   .   x   .   .   .   .   .   .   .   .   .   .   .   .",
    "resend_benefit_instructions   x   .   .   x   .   .   .   .   .   .   .   .   .   .   .   .",
    "edit_benefit_user             x   .   .   x   .   .   .   .   .   .   .   .   .   .   .   .",
    "convert_benefit               x   .   .   x   .   .   .   .   .   .   .   .   .   .   .   .",
    "reverse_benefit               x   .   .   x   .   .   .   .   .   .   .   .   .   .   .   .",
    "assign_training_voucher       x   .   .   x   .   .   .   .   .   .   .   .   .   .   .   .",
    "revoke_training_voucher       x   .   .   x   .   .   .   .   .   .   .   .   .   .   .   .",
    "remove_benefit_user           x   .   .   x   .   .   .   .   .   .   .   .   .   .   .   .",
    "list_benefit_permissions      x   .   .   .   .   .   .   .   .   .   .   .   .   .   .   .",
    "decide_benefit_permission     x   .   .   .   .   .   .   .   .   .   .   .   .   .   .   .",
    "request_benefit_permission    .   .   .   .   .   .   x   x   .   .   .   .   .   .   .   .",
    "partner_benefit_permission    .   .   .   .   .   .   x   x   .   .   .   .   .   .   .   .",
];

/// May `role` call `function` on its own organization's data? Panics for a
/// function the table does not list.
pub fn allowed(function: &str, role: Role) -> bool {
    let column = Role::ALL
        .iter()
        .position(|r| *r == role)
        .expect("a role of Role::ALL");
    let row = rows()
        .find(|(name, _)| *name == function)
        .unwrap_or_else(|| panic!("{function} is not in the expected table"));
    row.1[column]
}

/// The functions the table lists, in its order.
pub fn functions() -> Vec<&'static str> {
    rows().map(|(name, _)| name).collect()
}

fn rows() -> impl Iterator<Item = (&'static str, Vec<bool>)> {
    TABLE.iter().map(|line| {
        let mut cells = line.split_whitespace();
        let name = cells.next().expect("a function name");
        let marks: Vec<bool> = cells
            .map(|c| match c {
                "x" => true,
                "." => false,
                other => panic!("{name}: {other} is neither x nor ."),
            })
            .collect();
        assert_eq!(marks.len(), Role::ALL.len(), "{name}: one mark per role");
        (name, marks)
    })
}
