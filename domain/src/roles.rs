//! Roles and the permission matrix (R-ORG-07, R-ORG-08, R-ORG-11).
//!
//! Code asks "does this user have permission X?", never "is this user role
//! Y?": the matrix below is the single place that maps roles to abilities, so
//! the server's enforcement and the UI's hiding cannot drift apart.

use Permission as P;

/// Which side of the business an organization is on. Roles belong to exactly
/// one kind, and a user's roles never mix kinds.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// On the wire as its code (`global_administrator`), as forms and the API take it.
#[serde(rename_all = "snake_case")]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// R-ORG-08 (revised 2026-12-01): may someone holding `inviter_roles` grant
/// `role` when inviting or editing a user?
///
/// Only the inviter's roles of the role's org kind count, so a stray role of
/// another kind never widens what is grantable. Of those:
/// - the top role of a kind ([`top_role`]) is granted only by its holders;
/// - managing users grants every other role of the kind (the User
///   Administrator; the Account Administrator has it too);
/// - inviting without managing users grants only roles whose permissions are
///   all among the inviter's (the Agreement Administrator; "its own" read as
///   the union of the inviter's roles, as R-ORG-07 defines a user's
///   permissions);
/// - any other role grants nothing.
///
/// Partner side (decision): "the same" maps the Global Administrator to the
/// Account Administrator (everything, grants every partner role) and the
/// partner's Account Admin, the one other partner role that manages users, to
/// the User Administrator (every partner role but Global Administrator). No
/// partner role invites without managing users, and the other seven grant
/// nothing. The provider's Platform Administrator grants its own role.
pub fn can_grant(inviter_roles: &[Role], role: Role) -> bool {
    let kind = role.org_kind();
    let mut same_kind = inviter_roles.iter().filter(|r| r.org_kind() == kind);
    if role == top_role(kind) {
        return same_kind.any(|r| *r == role);
    }
    let held = same_kind.fold(PermissionSet::EMPTY, |acc, r| acc.union(permissions_of(*r)));
    held.has(Permission::ManageUsers)
        || (held.has(Permission::InviteUsers) && held.contains_all(permissions_of(role)))
}

/// The roles someone holding `inviter_roles` may grant, in [`Role::ALL`]
/// order: what the invite and edit-roles forms offer.
pub fn grantable_roles(inviter_roles: &[Role]) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| can_grant(inviter_roles, *r))
        .collect()
}

/// R-ORG-08 (edit roles, remove): may someone holding `editor_roles` manage a
/// user who holds `roles`? `own` says whether that user is the editor:
/// nobody changes their own roles. Otherwise only when the editor may grant
/// every role the user holds, so nobody demotes someone above them.
pub fn can_edit_roles(editor_roles: &[Role], own: bool, roles: &[Role]) -> bool {
    !own && roles.iter().all(|r| can_grant(editor_roles, *r))
}

/// Why a requested set of roles cannot be granted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RoleGrantError {
    /// A user must get at least one role (R-ORG-08).
    #[error("select at least one role")]
    NoRoles,
    #[error("you cannot grant the role {}", role.code())]
    NotAllowed { role: Role },
    #[error("the role {} does not exist for this kind of organization", role.code())]
    WrongOrgKind { role: Role },
    /// Nobody changes their own roles (R-ORG-08).
    #[error("you cannot change your own roles")]
    OwnRoles,
}

crate::error_codes! {
    RoleGrantError {
        Self::NoRoles => "roles_empty",
        Self::NotAllowed { .. } => "role_not_grantable",
        Self::WrongOrgKind { .. } => "role_wrong_org_kind",
        Self::OwnRoles => "cannot_change_own_roles",
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

/// R-ORG-08 (edit roles): checks changing the roles of a user from `before`
/// to `after`; `own` says whether that user is the editor. The editor must be
/// able to grant every role given and every role taken away, so the roles a
/// user keeps were grantable too (see [`can_edit_roles`]).
pub fn validate_role_change(
    editor_roles: &[Role],
    own: bool,
    before: &[Role],
    after: &[Role],
) -> Result<(), RoleGrantError> {
    if own {
        return Err(RoleGrantError::OwnRoles);
    }
    validate_grant(editor_roles, after)?;
    match before
        .iter()
        .find(|r| !after.contains(r) && !can_grant(editor_roles, **r))
    {
        Some(&role) => Err(RoleGrantError::NotAllowed { role }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
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

    const Y: bool = true;
    const N: bool = false;

    /// Columns of [`CUSTOMER_GRANTS`], written out rather than taken from the code.
    const CUSTOMER: [Role; 6] = [
        Role::AccountAdministrator,
        Role::AgreementAdministrator,
        Role::UserAdministrator,
        Role::AccountManager,
        Role::ReportViewer,
        Role::AccountViewer,
    ];

    /// R-ORG-08 (revised 2026-12-01) from the SPEC text, one row per inviter
    /// holding one role, one column per role in [`CUSTOMER`] order:
    /// - Account Administrator: any role;
    /// - Agreement Administrator: only roles whose permissions are all among
    ///   its own (R-ORG-07: view agreements, invite users), i.e. only itself;
    /// - User Administrator: any role except Account Administrator;
    /// - the other three invite nobody (R-ORG-08 names only the administrators).
    const CUSTOMER_GRANTS: [[bool; 6]; 6] = [
        // AA AgA UA AM RV AV
        [Y, Y, Y, Y, Y, Y], // Account Administrator
        [N, Y, N, N, N, N], // Agreement Administrator
        [N, Y, Y, Y, Y, Y], // User Administrator
        [N, N, N, N, N, N], // Account Manager
        [N, N, N, N, N, N], // Report Viewer
        [N, N, N, N, N, N], // Account Viewer
    ];

    /// Columns of [`PARTNER_GRANTS`].
    const PARTNER: [Role; 9] = [
        Role::GlobalAdministrator,
        Role::AdminAgent,
        Role::BillingAdmin,
        Role::SalesAgent,
        Role::HelpdeskAgent,
        Role::PartnerAccountAdmin,
        Role::ReferralAdmin,
        Role::MarketingContentAdmin,
        Role::MpnPartnerAdmin,
    ];

    /// R-ORG-08 "the same on the partner side": the Global Administrator, like
    /// the Account Administrator, grants any role and is the only one who
    /// grants Global Administrator; Account Admin, the partner role that
    /// manages users (R-ORG-11 row), like the User Administrator grants any
    /// role but that one; the other roles manage no users and grant nothing.
    const PARTNER_GRANTS: [[bool; 9]; 9] = [
        // GA AAg BA SA HA AcA RA MCA MPN
        [Y, Y, Y, Y, Y, Y, Y, Y, Y], // Global Administrator
        [N, N, N, N, N, N, N, N, N], // Admin Agent
        [N, N, N, N, N, N, N, N, N], // Billing Admin
        [N, N, N, N, N, N, N, N, N], // Sales Agent
        [N, N, N, N, N, N, N, N, N], // Helpdesk Agent
        [N, Y, Y, Y, Y, Y, Y, Y, Y], // Account Admin
        [N, N, N, N, N, N, N, N, N], // Referral Admin
        [N, N, N, N, N, N, N, N, N], // Marketing Content Admin
        [N, N, N, N, N, N, N, N, N], // MPN Partner Admin
    ];

    /// Every cell of a grant table that `can_grant` answers otherwise, and
    /// every row whose offered roles (`grantable_roles`) differ from it.
    fn grant_table_mismatches<const K: usize>(
        roles: [Role; K],
        table: [[bool; K]; K],
    ) -> Vec<String> {
        let mut wrong = Vec::new();
        for (inviter, row) in roles.iter().zip(table) {
            for (role, expected) in roles.iter().zip(row) {
                if can_grant(&[*inviter], *role) != expected {
                    wrong.push(format!("{inviter:?} grants {role:?}: expected {expected}"));
                }
            }
            let offered: Vec<Role> = roles
                .iter()
                .zip(row)
                .filter(|(_, yes)| *yes)
                .map(|(r, _)| *r)
                .collect();
            if grantable_roles(&[*inviter]) != offered {
                wrong.push(format!(
                    "{inviter:?} is offered {:?}",
                    grantable_roles(&[*inviter])
                ));
            }
        }
        wrong
    }

    #[test]
    fn r_org_08_customer_grant_table() {
        assert_eq!(
            grant_table_mismatches(CUSTOMER, CUSTOMER_GRANTS),
            Vec::<String>::new()
        );
    }

    #[test]
    fn r_org_08_partner_grant_table() {
        assert_eq!(
            grant_table_mismatches(PARTNER, PARTNER_GRANTS),
            Vec::<String>::new()
        );
    }

    #[test]
    fn r_org_08_roles_are_granted_within_their_org_kind_only() {
        assert_eq!(
            grantable_roles(&[Role::ProviderAdministrator]),
            vec![Role::ProviderAdministrator]
        );
        for inviter in Role::ALL {
            for role in Role::ALL {
                if inviter.org_kind() != role.org_kind() {
                    assert!(!can_grant(&[inviter], role), "{inviter:?} → {role:?}");
                }
            }
        }
    }

    #[test]
    fn r_org_08_agreement_administrator_grants_within_all_its_permissions() {
        // With Report Viewer: view agreements, keys, orders, licenses,
        // reports and invite users cover Report Viewer and Account Viewer.
        assert_eq!(
            grantable_roles(&[Role::AgreementAdministrator, Role::ReportViewer]),
            vec![
                Role::AgreementAdministrator,
                Role::ReportViewer,
                Role::AccountViewer
            ]
        );
        // With Account Manager also Account Manager; never User Administrator
        // (manage users) or Account Administrator.
        assert_eq!(
            grantable_roles(&[Role::AccountManager, Role::AgreementAdministrator]),
            vec![
                Role::AgreementAdministrator,
                Role::AccountManager,
                Role::ReportViewer,
                Role::AccountViewer
            ]
        );
        // With User Administrator: what the User Administrator grants.
        assert_eq!(
            grantable_roles(&[Role::AgreementAdministrator, Role::UserAdministrator]),
            CUSTOMER[1..].to_vec()
        );
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

    #[test]
    fn r_org_08_nobody_changes_their_own_roles() {
        for editor in Role::ALL {
            assert!(!can_edit_roles(&[editor], true, &[editor]), "{editor:?}");
            assert_eq!(
                validate_role_change(&[editor], true, &[editor], &[editor]),
                Err(RoleGrantError::OwnRoles)
            );
        }
        // Not even to add a role the editor could grant anyone else.
        assert_eq!(
            validate_role_change(
                &[Role::UserAdministrator],
                true,
                &[Role::UserAdministrator],
                &[Role::UserAdministrator, Role::ReportViewer]
            ),
            Err(RoleGrantError::OwnRoles)
        );
        assert_eq!(RoleGrantError::OwnRoles.code(), "cannot_change_own_roles");
    }

    #[test]
    fn r_org_08_role_changes_need_every_role_given_and_taken_grantable() {
        let ua = [Role::UserAdministrator];
        assert_eq!(
            validate_role_change(&ua, false, &[Role::ReportViewer], &[Role::AccountManager]),
            Ok(())
        );
        // Giving Account Administrator, or taking it away.
        assert_eq!(
            validate_role_change(
                &ua,
                false,
                &[Role::AccountViewer],
                &[Role::AccountViewer, Role::AccountAdministrator]
            ),
            Err(RoleGrantError::NotAllowed {
                role: Role::AccountAdministrator
            })
        );
        assert_eq!(
            validate_role_change(
                &ua,
                false,
                &[Role::AccountAdministrator],
                &[Role::ReportViewer]
            ),
            Err(RoleGrantError::NotAllowed {
                role: Role::AccountAdministrator
            })
        );
        assert!(!can_edit_roles(&ua, false, &[Role::AccountAdministrator]));
        assert!(can_edit_roles(
            &ua,
            false,
            &[Role::AccountManager, Role::ReportViewer]
        ));
        // The Account Administrator may demote another one (whether one is
        // left is `keeps_top_role`'s question).
        assert_eq!(
            validate_role_change(
                &[Role::AccountAdministrator],
                false,
                &[Role::AccountAdministrator],
                &[Role::ReportViewer]
            ),
            Ok(())
        );
        assert_eq!(
            validate_role_change(
                &[Role::AgreementAdministrator],
                false,
                &[Role::AgreementAdministrator],
                &[Role::AgreementAdministrator, Role::AccountViewer]
            ),
            Err(RoleGrantError::NotAllowed {
                role: Role::AccountViewer
            })
        );
        assert_eq!(
            validate_role_change(&ua, false, &[Role::ReportViewer], &[]),
            Err(RoleGrantError::NoRoles)
        );
        let partner_accounts = [Role::PartnerAccountAdmin];
        assert_eq!(
            validate_role_change(
                &partner_accounts,
                false,
                &[Role::HelpdeskAgent],
                &[Role::BillingAdmin]
            ),
            Ok(())
        );
        assert!(!can_edit_roles(
            &partner_accounts,
            false,
            &[Role::GlobalAdministrator]
        ));
    }

    fn any_role() -> impl Strategy<Value = Role> {
        (0..Role::ALL.len()).prop_map(|i| Role::ALL[i])
    }

    proptest! {
        /// The clauses of R-ORG-08 for any set of held roles: a role of
        /// another kind is never granted, a top role only by its holders,
        /// everything of the kind by the top role's holder, more roles never
        /// grant less, and without managing users only what the inviter's
        /// permissions cover.
        #[test]
        fn r_org_08_grants_follow_the_clauses(
            inviter in prop::collection::vec(any_role(), 0..5),
            extra in any_role(),
            role in any_role(),
        ) {
            let kind = role.org_kind();
            let same_kind: Vec<Role> =
                inviter.iter().copied().filter(|r| r.org_kind() == kind).collect();
            let granted = can_grant(&inviter, role);
            prop_assert_eq!(validate_grant(&inviter, &[role]).is_ok(), granted);
            if granted {
                prop_assert!(!same_kind.is_empty());
                if !permissions_for(&same_kind).has(P::ManageUsers) {
                    prop_assert!(permissions_for(&same_kind).contains_all(permissions_of(role)));
                }
            }
            if role == top_role(kind) {
                prop_assert_eq!(granted, inviter.contains(&role));
            } else if inviter.contains(&top_role(kind)) {
                prop_assert!(granted);
            }
            let mut more = inviter.clone();
            more.push(extra);
            prop_assert!(!granted || can_grant(&more, role));
        }

        /// The users page offers "Edit roles" exactly when the server would
        /// accept saving the user's roles unchanged.
        #[test]
        fn r_org_08_can_edit_roles_agrees_with_validate_role_change(
            editor in prop::collection::vec(any_role(), 0..4),
            own in any::<bool>(),
            roles in prop::collection::vec(any_role(), 1..4),
        ) {
            prop_assert_eq!(
                can_edit_roles(&editor, own, &roles),
                validate_role_change(&editor, own, &roles, &roles).is_ok()
            );
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
