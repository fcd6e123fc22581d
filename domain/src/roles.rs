//! Roles and the permission matrix (R-ORG-07, R-ORG-08, R-ORG-11).
//!
//! Code asks "does this user have permission X?", never "is this user role
//! Y?": the matrix below is the single place that maps roles to abilities, so
//! the server's enforcement and the UI's hiding cannot drift apart.

use crate::ErrorCode;
use Permission as P;

/// Which side of the business an organization is on. Roles belong to exactly
/// one kind, and a user's roles never mix kinds.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum OrgKind {
    Customer,
    Partner,
    /// The company that runs the portal.
    Provider,
}

/// A role a user holds in their organization.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Role {
    // Customer roles (R-ORG-07).
    AccountAdministrator,
    AgreementAdministrator,
    UserAdministrator,
    AccountManager,
    ReportViewer,
    AccountViewer,
    // Partner roles (R-ORG-11).
    GlobalAdministrator,
    AdminAgent,
    BillingAdmin,
    SalesAgent,
    HelpdeskAgent,
    /// The partner's "Account Admin"; named apart from the customer's
    /// Account Administrator to avoid confusing the two.
    PartnerAccountAdmin,
    ReferralAdmin,
    MarketingContentAdmin,
    MpnPartnerAdmin,
    /// The provider that runs the portal.
    ProviderAdministrator,
}

impl Role {
    /// Every role, customer roles first, in the order pickers show them.
    pub const ALL: [Role; 16] = [
        Role::AccountAdministrator,
        Role::AgreementAdministrator,
        Role::UserAdministrator,
        Role::AccountManager,
        Role::ReportViewer,
        Role::AccountViewer,
        Role::GlobalAdministrator,
        Role::AdminAgent,
        Role::BillingAdmin,
        Role::SalesAgent,
        Role::HelpdeskAgent,
        Role::PartnerAccountAdmin,
        Role::ReferralAdmin,
        Role::MarketingContentAdmin,
        Role::MpnPartnerAdmin,
        Role::ProviderAdministrator,
    ];

    /// The stable snake_case code stored in the database, sent over the API
    /// and used as the i18n key for the role's name.
    pub fn code(self) -> &'static str {
        match self {
            Role::AccountAdministrator => "account_administrator",
            Role::AgreementAdministrator => "agreement_administrator",
            Role::UserAdministrator => "user_administrator",
            Role::AccountManager => "account_manager",
            Role::ReportViewer => "report_viewer",
            Role::AccountViewer => "account_viewer",
            Role::GlobalAdministrator => "global_administrator",
            Role::AdminAgent => "admin_agent",
            Role::BillingAdmin => "billing_admin",
            Role::SalesAgent => "sales_agent",
            Role::HelpdeskAgent => "helpdesk_agent",
            Role::PartnerAccountAdmin => "partner_account_admin",
            Role::ReferralAdmin => "referral_admin",
            Role::MarketingContentAdmin => "marketing_content_admin",
            Role::MpnPartnerAdmin => "mpn_partner_admin",
            Role::ProviderAdministrator => "provider_administrator",
        }
    }

    /// The role with this exact code.
    pub fn parse(code: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The kind of organization whose users may hold this role.
    pub fn org_kind(self) -> OrgKind {
        match self {
            Role::AccountAdministrator
            | Role::AgreementAdministrator
            | Role::UserAdministrator
            | Role::AccountManager
            | Role::ReportViewer
            | Role::AccountViewer => OrgKind::Customer,
            Role::GlobalAdministrator
            | Role::AdminAgent
            | Role::BillingAdmin
            | Role::SalesAgent
            | Role::HelpdeskAgent
            | Role::PartnerAccountAdmin
            | Role::ReferralAdmin
            | Role::MarketingContentAdmin
            | Role::MpnPartnerAdmin => OrgKind::Partner,
            Role::ProviderAdministrator => OrgKind::Provider,
        }
    }

    /// The roles an organization of `kind` can hand out, in [`Role::ALL`] order.
    pub fn roles_for(kind: OrgKind) -> Vec<Role> {
        Self::ALL
            .into_iter()
            .filter(|r| r.org_kind() == kind)
            .collect()
    }
}

/// Something a user may do. The discriminant is the bit in [`PermissionSet`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Permission {
    ViewAgreements,
    EditAgreements,
    ViewKeys,
    ViewOrders,
    ViewLicenses,
    ViewReports,
    DownloadSoftware,
    SelfServiceProvisioning,
    InviteUsers,
    ManageUsers,
    ManageDomains,
    ViewAuditLog,
    ManageRelationships,
    // Partner side.
    ViewCustomers,
    RequestRelationship,
    ManageSubscriptions,
    ViewBilling,
    GetKeysAndDownloads,
    ViewActivityLog,
    AssignPartnerBenefits,
    // Provider.
    ManagePlatform,
    AdvanceTestClock,
    // Software Assurance benefits (R-SAB-01…11).
    ManageBenefits,
    ManageCustomerBenefits,
}

impl Permission {
    /// Every permission, in declaration (= bit) order.
    pub const ALL: [Permission; 24] = [
        Permission::ViewAgreements,
        Permission::EditAgreements,
        Permission::ViewKeys,
        Permission::ViewOrders,
        Permission::ViewLicenses,
        Permission::ViewReports,
        Permission::DownloadSoftware,
        Permission::SelfServiceProvisioning,
        Permission::InviteUsers,
        Permission::ManageUsers,
        Permission::ManageDomains,
        Permission::ViewAuditLog,
        Permission::ManageRelationships,
        Permission::ViewCustomers,
        Permission::RequestRelationship,
        Permission::ManageSubscriptions,
        Permission::ViewBilling,
        Permission::GetKeysAndDownloads,
        Permission::ViewActivityLog,
        Permission::AssignPartnerBenefits,
        Permission::ManagePlatform,
        Permission::AdvanceTestClock,
        Permission::ManageBenefits,
        Permission::ManageCustomerBenefits,
    ];

    /// The stable snake_case code used by the API and in logs.
    pub fn code(self) -> &'static str {
        match self {
            Permission::ViewAgreements => "view_agreements",
            Permission::EditAgreements => "edit_agreements",
            Permission::ViewKeys => "view_keys",
            Permission::ViewOrders => "view_orders",
            Permission::ViewLicenses => "view_licenses",
            Permission::ViewReports => "view_reports",
            Permission::DownloadSoftware => "download_software",
            Permission::SelfServiceProvisioning => "self_service_provisioning",
            Permission::InviteUsers => "invite_users",
            Permission::ManageUsers => "manage_users",
            Permission::ManageDomains => "manage_domains",
            Permission::ViewAuditLog => "view_audit_log",
            Permission::ManageRelationships => "manage_relationships",
            Permission::ViewCustomers => "view_customers",
            Permission::RequestRelationship => "request_relationship",
            Permission::ManageSubscriptions => "manage_subscriptions",
            Permission::ViewBilling => "view_billing",
            Permission::GetKeysAndDownloads => "get_keys_and_downloads",
            Permission::ViewActivityLog => "view_activity_log",
            Permission::AssignPartnerBenefits => "assign_partner_benefits",
            Permission::ManagePlatform => "manage_platform",
            Permission::AdvanceTestClock => "advance_test_clock",
            Permission::ManageBenefits => "manage_benefits",
            Permission::ManageCustomerBenefits => "manage_customer_benefits",
        }
    }

    /// The permission with this exact code.
    pub fn parse(code: &str) -> Option<Permission> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    const fn bit(self) -> u64 {
        1 << self as u32
    }
}

/// A set of permissions as a bitset: cheap to copy into every request context
/// and to send to the browser.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct PermissionSet(u64);

impl PermissionSet {
    /// No permissions.
    pub const EMPTY: PermissionSet = PermissionSet(0);

    /// The set of exactly these permissions (usable in constants).
    pub const fn of(permissions: &[Permission]) -> PermissionSet {
        let mut bits = 0;
        let mut i = 0;
        while i < permissions.len() {
            bits |= permissions[i].bit();
            i += 1;
        }
        PermissionSet(bits)
    }

    /// Whether `p` is in the set.
    pub fn has(self, p: Permission) -> bool {
        self.0 & p.bit() != 0
    }

    /// R-SAB-01: a customer user who may open the inventory (licenses and
    /// benefits): either permission is enough.
    pub fn can_view_inventory(self) -> bool {
        self.has(Permission::ViewLicenses) || self.has(Permission::ManageBenefits)
    }

    /// Whether every permission of `other` is in this set (`other ⊆ self`).
    pub fn contains_all(self, other: PermissionSet) -> bool {
        self.0 & other.0 == other.0
    }

    /// The permissions in the set, in [`Permission::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL.into_iter().filter(move |p| self.has(*p))
    }

    /// Permissions in either set.
    pub fn union(self, o: PermissionSet) -> PermissionSet {
        PermissionSet(self.0 | o.0)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        PermissionSet(iter.into_iter().fold(0, |bits, p| bits | p.bit()))
    }
}

/// Everything a customer organization can do: what the Account Administrator
/// gets ("everything in the organization", R-ORG-07).
const ALL_CUSTOMER: PermissionSet = PermissionSet::of(&[
    P::ViewAgreements,
    P::EditAgreements,
    P::ViewKeys,
    P::ViewOrders,
    P::ViewLicenses,
    P::ViewReports,
    P::DownloadSoftware,
    P::SelfServiceProvisioning,
    P::InviteUsers,
    P::ManageUsers,
    P::ManageDomains,
    P::ViewAuditLog,
    P::ManageRelationships,
    P::ManageBenefits,
]);

/// Everything a partner organization can do: what the Global Administrator gets.
const ALL_PARTNER: PermissionSet = PermissionSet::of(&[
    P::ViewCustomers,
    P::RequestRelationship,
    P::ManageSubscriptions,
    P::ViewBilling,
    P::GetKeysAndDownloads,
    P::ViewActivityLog,
    P::AssignPartnerBenefits,
    P::InviteUsers,
    P::ManageUsers,
    P::ViewAuditLog,
    P::ManageCustomerBenefits,
]);

/// The permissions one role gives: the matrix of R-ORG-07 (customer),
/// R-ORG-11 (partner) and the provider's administrator.
pub fn permissions_of(role: Role) -> PermissionSet {
    match role {
        Role::AccountAdministrator => ALL_CUSTOMER,
        Role::AgreementAdministrator => PermissionSet::of(&[P::ViewAgreements, P::InviteUsers]),
        Role::UserAdministrator => PermissionSet::of(&[P::ManageUsers, P::InviteUsers]),
        Role::AccountManager => PermissionSet::of(&[
            P::EditAgreements,
            P::SelfServiceProvisioning,
            P::DownloadSoftware,
            P::ViewAgreements,
            P::ViewKeys,
            P::ViewOrders,
            P::ViewLicenses,
            P::ViewReports,
            P::ManageBenefits,
        ]),
        Role::ReportViewer => PermissionSet::of(&[
            P::ViewAgreements,
            P::ViewKeys,
            P::ViewOrders,
            P::ViewLicenses,
            P::ViewReports,
        ]),
        // Like Report Viewer but without keys (R-ORG-07).
        Role::AccountViewer => PermissionSet::of(&[
            P::ViewAgreements,
            P::ViewOrders,
            P::ViewLicenses,
            P::ViewReports,
        ]),
        Role::GlobalAdministrator => ALL_PARTNER,
        Role::AdminAgent => PermissionSet::of(&[
            P::ViewCustomers,
            P::RequestRelationship,
            P::ManageSubscriptions,
            P::GetKeysAndDownloads,
            P::ManageCustomerBenefits,
        ]),
        Role::BillingAdmin => PermissionSet::of(&[P::ViewCustomers, P::ViewBilling]),
        Role::SalesAgent => PermissionSet::of(&[
            P::ViewCustomers,
            P::RequestRelationship,
            P::ManageSubscriptions,
        ]),
        Role::HelpdeskAgent => PermissionSet::of(&[P::ViewCustomers]),
        Role::PartnerAccountAdmin => PermissionSet::of(&[
            P::ViewCustomers,
            P::ViewActivityLog,
            P::InviteUsers,
            P::ManageUsers,
        ]),
        Role::ReferralAdmin | Role::MarketingContentAdmin => {
            PermissionSet::of(&[P::ViewActivityLog])
        }
        Role::MpnPartnerAdmin => PermissionSet::of(&[P::AssignPartnerBenefits]),
        Role::ProviderAdministrator => PermissionSet::of(&[
            P::ManagePlatform,
            P::AdvanceTestClock,
            P::ViewAuditLog,
            P::InviteUsers,
            P::ManageUsers,
        ]),
    }
}

/// What a user holding all of `roles` may do: the union (R-ORG-07).
pub fn permissions_for(roles: &[Role]) -> PermissionSet {
    roles
        .iter()
        .fold(PermissionSet::EMPTY, |acc, r| acc.union(permissions_of(*r)))
}

/// The top role of each org kind, which only its own holders may grant
/// (R-ORG-08 decision), so administrators cannot be created by anyone below them.
fn is_top_role(role: Role) -> bool {
    top_role(role.org_kind()) == role
}

/// The role that may do everything in an organization of `kind`; an
/// organization must always keep at least one holder (decision).
pub fn top_role(kind: OrgKind) -> Role {
    match kind {
        OrgKind::Customer => Role::AccountAdministrator,
        OrgKind::Partner => Role::GlobalAdministrator,
        OrgKind::Provider => Role::ProviderAdministrator,
    }
}

/// Decision: an organization always keeps at least one holder of its top
/// role. `other_holders` counts the holders besides the user being changed,
/// who ends up with `roles_after`.
pub fn keeps_top_role(kind: OrgKind, other_holders: i64, roles_after: &[Role]) -> bool {
    other_holders > 0 || roles_after.contains(&top_role(kind))
}

/// Whether `inviter_roles` include a role of `kind`, i.e. the inviter belongs
/// to that kind of organization.
fn is_of_kind(inviter_roles: &[Role], kind: OrgKind) -> bool {
    inviter_roles.iter().any(|r| r.org_kind() == kind)
}

/// R-ORG-08: may someone holding `inviter_roles` grant `role` (when inviting
/// or editing a user)?
///
/// Yes only when all of these hold:
/// - the role belongs to the inviter's org kind;
/// - the inviter may invite or manage users at all (holds `InviteUsers` or
///   `ManageUsers`), otherwise e.g. an Account Manager could hand out Report
///   Viewer;
/// - the inviter holds every permission the role gives, so nobody can grant
///   more than they have;
/// - Account, Global and Provider Administrator are granted only by a holder
///   of that same role (decision).
///
/// Only the inviter's roles of the matching kind count, so a stray role of
/// another kind can never widen what is grantable.
pub fn can_grant(inviter_roles: &[Role], role: Role) -> bool {
    let kind = role.org_kind();
    let held = permissions_for(
        &inviter_roles
            .iter()
            .copied()
            .filter(|r| r.org_kind() == kind)
            .collect::<Vec<_>>(),
    );
    (held.has(Permission::InviteUsers) || held.has(Permission::ManageUsers))
        && held.contains_all(permissions_of(role))
        && (!is_top_role(role) || inviter_roles.contains(&role))
}

/// Why a requested set of roles cannot be granted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum RoleGrantError {
    /// A user must get at least one role (R-ORG-08).
    #[error("select at least one role")]
    NoRoles,
    #[error("you cannot grant the role {}", role.code())]
    NotAllowed { role: Role },
    #[error("the role {} does not exist for this kind of organization", role.code())]
    WrongOrgKind { role: Role },
}

impl ErrorCode for RoleGrantError {
    fn code(&self) -> &'static str {
        match self {
            Self::NoRoles => "roles_empty",
            Self::NotAllowed { .. } => "role_not_grantable",
            Self::WrongOrgKind { .. } => "role_wrong_org_kind",
        }
    }
}

/// Checks a whole role selection for one invited or edited user (R-ORG-08),
/// reporting the first offending role in `requested` order.
///
/// A role of another org kind is `WrongOrgKind` (a tampered request or a UI
/// bug) rather than `NotAllowed` (the inviter's rank is too low); an inviter
/// with no roles at all gets `NotAllowed`.
pub fn validate_grant(inviter_roles: &[Role], requested: &[Role]) -> Result<(), RoleGrantError> {
    if requested.is_empty() {
        return Err(RoleGrantError::NoRoles);
    }
    for &role in requested {
        if !inviter_roles.is_empty() && !is_of_kind(inviter_roles, role.org_kind()) {
            return Err(RoleGrantError::WrongOrgKind { role });
        }
        if !can_grant(inviter_roles, role) {
            return Err(RoleGrantError::NotAllowed { role });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(ps: &[Permission]) -> PermissionSet {
        PermissionSet::of(ps)
    }

    fn customer_roles() -> Vec<Role> {
        Role::roles_for(OrgKind::Customer)
    }

    #[test]
    fn r_org_07_matrix_customer_rows() {
        assert_eq!(permissions_of(Role::AccountAdministrator), ALL_CUSTOMER);
        assert_eq!(
            permissions_of(Role::AgreementAdministrator),
            set(&[P::ViewAgreements, P::InviteUsers])
        );
        assert_eq!(
            permissions_of(Role::UserAdministrator),
            set(&[P::ManageUsers, P::InviteUsers])
        );
        assert_eq!(
            permissions_of(Role::AccountManager),
            set(&[
                P::EditAgreements,
                P::SelfServiceProvisioning,
                P::DownloadSoftware,
                P::ViewAgreements,
                P::ViewKeys,
                P::ViewOrders,
                P::ViewLicenses,
                P::ViewReports,
                P::ManageBenefits
            ])
        );
        assert_eq!(
            permissions_of(Role::ReportViewer),
            set(&[
                P::ViewAgreements,
                P::ViewKeys,
                P::ViewOrders,
                P::ViewLicenses,
                P::ViewReports
            ])
        );
        assert_eq!(
            permissions_of(Role::AccountViewer),
            set(&[
                P::ViewAgreements,
                P::ViewOrders,
                P::ViewLicenses,
                P::ViewReports
            ])
        );
    }

    #[test]
    fn r_org_07_account_administrator_has_everything_in_the_organization() {
        // Every permission any customer role gives.
        let union = permissions_for(&customer_roles());
        assert_eq!(permissions_of(Role::AccountAdministrator), union);
        assert_eq!(union.iter().count(), 14);
        for p in [P::ManageDomains, P::ViewAuditLog, P::ManageRelationships] {
            assert!(union.has(p));
        }
        assert!(!union.has(P::ViewCustomers));
        assert!(!union.has(P::ManagePlatform));
    }

    #[test]
    fn r_org_07_report_viewer_sees_keys_account_viewer_does_not() {
        assert!(permissions_of(Role::ReportViewer).has(P::ViewKeys));
        assert!(!permissions_of(Role::AccountViewer).has(P::ViewKeys));
    }

    #[test]
    fn r_org_07_permissions_are_the_union() {
        let p = permissions_for(&[Role::AgreementAdministrator, Role::AccountViewer]);
        assert_eq!(
            p,
            set(&[
                P::ViewAgreements,
                P::InviteUsers,
                P::ViewOrders,
                P::ViewLicenses,
                P::ViewReports
            ])
        );
        let p = permissions_for(&[Role::UserAdministrator, Role::ReportViewer]);
        assert!(p.has(P::ManageUsers) && p.has(P::ViewKeys) && !p.has(P::EditAgreements));
        assert_eq!(permissions_for(&[]), PermissionSet::EMPTY);
        assert!(permissions_for(&[]).is_empty());
        assert_eq!(
            permissions_for(&[Role::ReportViewer, Role::ReportViewer]),
            permissions_of(Role::ReportViewer)
        );
    }

    #[test]
    fn r_org_11_matrix_partner_rows() {
        assert_eq!(permissions_of(Role::GlobalAdministrator), ALL_PARTNER);
        assert_eq!(
            permissions_of(Role::AdminAgent),
            set(&[
                P::ViewCustomers,
                P::RequestRelationship,
                P::ManageSubscriptions,
                P::GetKeysAndDownloads,
                P::ManageCustomerBenefits
            ])
        );
        assert_eq!(
            permissions_of(Role::BillingAdmin),
            set(&[P::ViewCustomers, P::ViewBilling])
        );
        assert_eq!(
            permissions_of(Role::SalesAgent),
            set(&[
                P::ViewCustomers,
                P::RequestRelationship,
                P::ManageSubscriptions
            ])
        );
        assert_eq!(
            permissions_of(Role::HelpdeskAgent),
            set(&[P::ViewCustomers])
        );
        assert_eq!(
            permissions_of(Role::PartnerAccountAdmin),
            set(&[
                P::ViewCustomers,
                P::ViewActivityLog,
                P::InviteUsers,
                P::ManageUsers
            ])
        );
        assert_eq!(
            permissions_of(Role::ReferralAdmin),
            set(&[P::ViewActivityLog])
        );
        assert_eq!(
            permissions_of(Role::MarketingContentAdmin),
            set(&[P::ViewActivityLog])
        );
        assert_eq!(
            permissions_of(Role::MpnPartnerAdmin),
            set(&[P::AssignPartnerBenefits])
        );
        // The Global Administrator has every partner permission.
        assert_eq!(
            permissions_for(&Role::roles_for(OrgKind::Partner)),
            ALL_PARTNER
        );
    }

    #[test]
    fn provider_administrator_row() {
        assert_eq!(
            permissions_of(Role::ProviderAdministrator),
            set(&[
                P::ManagePlatform,
                P::AdvanceTestClock,
                P::ViewAuditLog,
                P::InviteUsers,
                P::ManageUsers
            ])
        );
    }

    #[test]
    fn r_org_11_org_kinds() {
        assert_eq!(customer_roles().len(), 6);
        assert_eq!(Role::roles_for(OrgKind::Partner).len(), 9);
        assert_eq!(
            Role::roles_for(OrgKind::Provider),
            vec![Role::ProviderAdministrator]
        );
        assert_eq!(Role::PartnerAccountAdmin.org_kind(), OrgKind::Partner);
        assert_eq!(Role::AccountAdministrator.org_kind(), OrgKind::Customer);
    }

    #[test]
    fn codes_are_stable_unique_and_parse_back() {
        assert_eq!(Role::AccountAdministrator.code(), "account_administrator");
        assert_eq!(Role::PartnerAccountAdmin.code(), "partner_account_admin");
        assert_eq!(Role::MpnPartnerAdmin.code(), "mpn_partner_admin");
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.code()), Some(p));
        }
        let mut role_codes: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
        role_codes.sort_unstable();
        role_codes.dedup();
        assert_eq!(role_codes.len(), Role::ALL.len());
        let mut perm_codes: Vec<_> = Permission::ALL.iter().map(|p| p.code()).collect();
        perm_codes.sort_unstable();
        perm_codes.dedup();
        assert_eq!(perm_codes.len(), Permission::ALL.len());
        assert_eq!(Role::parse("Account_Administrator"), None);
        assert_eq!(Permission::parse(""), None);
    }

    #[test]
    fn permission_set_operations() {
        // ALL is in declaration order, so bits are distinct and iteration is sorted.
        for (i, p) in Permission::ALL.into_iter().enumerate() {
            assert_eq!(p as usize, i);
        }
        let all: PermissionSet = Permission::ALL.into_iter().collect();
        assert_eq!(all.iter().collect::<Vec<_>>(), Permission::ALL.to_vec());
        let a = set(&[P::ViewKeys, P::ViewOrders]);
        let b = set(&[P::ViewOrders]);
        assert!(a.contains_all(b) && !b.contains_all(a));
        assert!(a.contains_all(PermissionSet::EMPTY));
        assert_eq!(b.union(set(&[P::ViewKeys])), a);
        assert_eq!(PermissionSet::default(), PermissionSet::EMPTY);
    }

    #[test]
    fn r_org_08_account_administrator_can_grant_every_customer_role() {
        for role in customer_roles() {
            assert!(can_grant(&[Role::AccountAdministrator], role), "{role:?}");
        }
        assert_eq!(
            validate_grant(&[Role::AccountAdministrator], &customer_roles()),
            Ok(())
        );
    }

    #[test]
    fn r_org_08_user_administrator_cannot_grant_more_than_they_have() {
        let inviter = [Role::UserAdministrator];
        assert!(!can_grant(&inviter, Role::AccountAdministrator));
        assert!(!can_grant(&inviter, Role::AccountManager));
        assert!(!can_grant(&inviter, Role::ReportViewer));
        assert!(can_grant(&inviter, Role::UserAdministrator));
        assert_eq!(
            validate_grant(&inviter, &[Role::UserAdministrator, Role::AccountManager]),
            Err(RoleGrantError::NotAllowed {
                role: Role::AccountManager
            })
        );
    }

    #[test]
    fn r_org_08_grantable_roles_grow_with_held_roles() {
        let inviter = [Role::UserAdministrator, Role::ReportViewer];
        assert!(can_grant(&inviter, Role::ReportViewer));
        assert!(can_grant(&inviter, Role::AccountViewer));
        assert!(can_grant(&inviter, Role::AgreementAdministrator));
        assert!(!can_grant(&inviter, Role::AccountManager));

        let agreement_admin = [Role::AgreementAdministrator];
        assert!(can_grant(&agreement_admin, Role::AgreementAdministrator));
        assert!(!can_grant(&agreement_admin, Role::AccountViewer));
    }

    #[test]
    fn the_last_top_role_holder_stays() {
        use OrgKind::*;
        assert!(!keeps_top_role(Customer, 0, &[Role::ReportViewer]));
        assert!(keeps_top_role(Customer, 0, &[Role::AccountAdministrator]));
        assert!(keeps_top_role(Customer, 1, &[]));
        assert!(!keeps_top_role(Partner, 0, &[Role::AccountAdministrator]));
        assert!(keeps_top_role(Partner, 0, &[Role::GlobalAdministrator]));
    }

    #[test]
    fn r_org_08_only_administrators_grant_their_own_role() {
        // Even holding every other customer role does not allow granting
        // Account Administrator.
        let everything_else: Vec<Role> = customer_roles()
            .into_iter()
            .filter(|r| *r != Role::AccountAdministrator)
            .collect();
        assert!(!can_grant(&everything_else, Role::AccountAdministrator));
        let partner_others: Vec<Role> = Role::roles_for(OrgKind::Partner)
            .into_iter()
            .filter(|r| *r != Role::GlobalAdministrator)
            .collect();
        assert!(!can_grant(&partner_others, Role::GlobalAdministrator));
        assert!(can_grant(
            &[Role::GlobalAdministrator],
            Role::GlobalAdministrator
        ));
        assert!(can_grant(
            &[Role::ProviderAdministrator],
            Role::ProviderAdministrator
        ));
    }

    #[test]
    fn r_org_08_roles_without_user_management_grant_nothing() {
        for inviter in [
            Role::AccountManager,
            Role::ReportViewer,
            Role::AccountViewer,
        ] {
            for role in Role::ALL {
                assert!(!can_grant(&[inviter], role), "{inviter:?} → {role:?}");
            }
        }
    }

    #[test]
    fn r_org_08_a_customer_role_cannot_be_granted_by_a_partner() {
        for role in customer_roles() {
            assert!(!can_grant(&[Role::GlobalAdministrator], role));
            assert_eq!(
                validate_grant(&[Role::GlobalAdministrator], &[role]),
                Err(RoleGrantError::WrongOrgKind { role })
            );
            assert!(!can_grant(&[Role::ProviderAdministrator], role));
        }
        for role in Role::roles_for(OrgKind::Partner) {
            assert!(!can_grant(&[Role::AccountAdministrator], role));
        }
    }

    #[test]
    fn r_org_11_global_administrator_grants_partner_roles() {
        for role in Role::roles_for(OrgKind::Partner) {
            assert!(can_grant(&[Role::GlobalAdministrator], role), "{role:?}");
        }
        let account_admin = [Role::PartnerAccountAdmin];
        assert!(can_grant(&account_admin, Role::HelpdeskAgent));
        assert!(can_grant(&account_admin, Role::ReferralAdmin));
        assert!(!can_grant(&account_admin, Role::BillingAdmin));
        assert!(!can_grant(&account_admin, Role::GlobalAdministrator));
    }

    #[test]
    fn r_org_08_validate_grant_errors() {
        assert_eq!(
            validate_grant(&[Role::AccountAdministrator], &[]),
            Err(RoleGrantError::NoRoles)
        );
        assert_eq!(
            validate_grant(&[], &[Role::AccountViewer]),
            Err(RoleGrantError::NotAllowed {
                role: Role::AccountViewer
            })
        );
        assert_eq!(RoleGrantError::NoRoles.code(), "roles_empty");
        assert_eq!(
            RoleGrantError::NotAllowed {
                role: Role::AccountViewer
            }
            .code(),
            "role_not_grantable"
        );
        let e = RoleGrantError::WrongOrgKind {
            role: Role::AccountViewer,
        };
        assert_eq!(e.code(), "role_wrong_org_kind");
        assert!(e.to_string().contains("account_viewer"));
    }

    fn any_role() -> impl Strategy<Value = Role> {
        (0..Role::ALL.len()).prop_map(|i| Role::ALL[i])
    }

    proptest! {
        #[test]
        fn r_org_08_can_grant_never_exceeds_inviter(
            inviter in prop::collection::vec(any_role(), 0..5),
            role in any_role(),
        ) {
            if can_grant(&inviter, role) {
                prop_assert!(permissions_for(&inviter).contains_all(permissions_of(role)));
                prop_assert!(inviter.iter().any(|r| r.org_kind() == role.org_kind()));
                prop_assert_eq!(validate_grant(&inviter, &[role]), Ok(()));
            } else {
                prop_assert!(validate_grant(&inviter, &[role]).is_err());
            }
        }

        #[test]
        fn r_org_07_union_contains_each_role(roles in prop::collection::vec(any_role(), 0..6)) {
            let all = permissions_for(&roles);
            for r in &roles {
                prop_assert!(all.contains_all(permissions_of(*r)));
            }
            prop_assert!(all.iter().all(|p| roles.iter().any(|r| permissions_of(*r).has(p))));
        }
    }
}
