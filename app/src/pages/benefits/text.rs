//! The benefits screens' wording, en + zh-TW side by side (zh-TW follows
//! seed 000: 軟體保證與服務權益, 教育訓練券, 規劃服務 …).

use domain::benefits::{
    BenefitKind, BenefitUnit, DelegationDecision, DelegationStatus, TransactionKind,
};
use domain::{FieldError, Language};

use crate::i18n::{fill, Lang};

crate::i18n::messages! { Msg {
    ManageInventory => "Manage my inventory", "管理我的庫存";
    PurchasingAccount => "Purchasing account", "採購帳戶";
    Show => "Show", "顯示";
    TabLicenses => "Licenses and services", "授權與服務";
    TabBenefits => "Software Assurance and service benefits", "軟體保證與服務權益";
    Product => "Product", "產品";
    Quantity => "Quantity", "數量";
    Benefit => "Benefit", "權益";
    UsedRemaining => "Used / remaining", "已使用 / 剩餘";
    Identifiers => "Identifiers and reminders", "識別資訊與提醒";
    Description => "Description", "描述";
    Used => "Used", "已使用";
    Remaining => "Remaining", "剩餘";
    NotMeasured => "Not measured", "未衡量";
    Expired => "This benefit expired on", "此權益已於下列日期過期：";
    Expires => "Expires", "到期日";
    SaId => "SA ID", "軟體保證識別碼";
    ProgramCode => "Program code", "程式碼";
    AccessCode => "Access code", "存取碼";
    ReminderDomain => "Add an eligible domain before adding users.", "使用前請先新增合格的網域。";
    Details => "Details", "詳細資訊";
    MoreBenefits => "More benefits you can use", "更多您可以使用的權益";
    ContactPartner => "Contact your partner to find out how to get this benefit.", "連絡您的合作夥伴，瞭解如何取得此權益。";
    NoBenefits => "This purchasing account holds no benefits.", "此採購帳戶沒有任何權益。";
    NoAccounts => "No purchasing accounts.", "沒有採購帳戶。";
    ChartTitle => "Used and remaining per benefit", "各權益的已使用與剩餘數量";
    PartnerPermissionsLink => "View and edit partner benefit permissions", "檢視和編輯合作夥伴權益權限";
    AdminInstructions => "Instructions for administrators", "管理員說明";
    AdminInstructionsText => "Set the benefit up for the people in your organization: add eligible domains where needed, add users, and send them the end-user instructions.", "為組織內的使用者設定此權益：視需要新增合格的網域、新增使用者，並傳送最終使用者說明給他們。";
    EndUserInstructions => "Instructions to send to end users", "傳送給最終使用者的說明";
    EndUserInstructionsText => "Sign up with your work email address and use the program code below. Your administrator added you as a user of this benefit.", "請使用您的工作電子郵件地址註冊，並使用下方的程式碼。您的管理員已將您新增為此權益的使用者。";
    EligibleDomains => "Eligible domain names", "合格的網域名稱";
    EligibleDomainsHint => "Users' email addresses must be in one of these domains.", "使用者的電子郵件地址必須屬於下列其中一個網域。";
    ManageDomains => "Manage domains", "管理網域";
    NoDomains => "No eligible domains yet.", "尚無合格的網域。";
    ViewCalculation => "View calculation", "檢視計算方法";
    ExportHistory => "Export transaction history", "匯出交易記錄";
    BenefitUsers => "Benefit users", "權益使用者";
    NoUsers => "No users yet.", "尚無使用者。";
    Email => "Email address", "電子郵件地址";
    Name => "Name", "姓名";
    Language => "Language", "語言";
    AddUser => "Add user", "新增使用者";
    Actions => "Actions", "操作";
    DeleteUser => "Delete user", "刪除使用者";
    ResendInstructions => "Resend instructions", "重新傳送說明";
    SelectUser => "Select", "選取";
    InstructionsSent => "The instructions were sent.", "已傳送說明。";
    EditUser => "Edit user", "編輯使用者";
    SaveUser => "Save", "儲存";
    Cancel => "Cancel", "取消";
    UserSaved => "The user was saved.", "已儲存使用者。";
    UserAdded => "The user was added.", "已新增使用者。";
    UserRemoved => "The user was deleted.", "已刪除使用者。";
    Vouchers => "Assigned training vouchers", "已指派的教育訓練券";
    VouchersHint => "Assign training days to a person in an eligible domain; they get the voucher by email. Revoking an unused voucher returns its days.", "將訓練天數指派給合格網域中的人員；對方會透過電子郵件收到訓練券。撤銷未使用的訓練券會歸還其天數。";
    NoVouchers => "No training vouchers assigned yet.", "尚未指派任何教育訓練券。";
    Voucher => "Voucher", "訓練券";
    TrainingDaysCol => "Training days", "訓練天數";
    Assigned => "Assigned", "指派時間";
    AssignVoucher => "Assign training voucher", "指派教育訓練券";
    Assign => "Assign", "指派";
    Revoke => "Revoke", "撤銷";
    VoucherAssigned => "The voucher was assigned and sent by email.", "已指派訓練券並以電子郵件寄出。";
    VoucherRevoked => "The voucher was revoked; its days are back.", "已撤銷訓練券，其天數已歸還。";
    BenefitSoftware => "Software downloads", "軟體下載";
    BenefitSoftwareHint => "Select a version, language and file type, then Submit; Get key and download makes a download link that works for 14 days or 50 downloads, whichever comes first. Get another as often as needed.", "選取版本、語言與檔案類型，然後選取 [提交]；[取得金鑰並下載] 會建立下載連結，可使用 14 天或下載 50 次 (視何者先發生)。您可以依需求再次取得，次數不限。";
    GetKeyAndDownload => "Get key and download", "取得金鑰並下載";
    NoDownloadPermission => "Downloads need the permission to download software.", "下載需要下載軟體的權限。";
    LinkMade => "A new download link is ready.", "已建立新的下載連結。";
    ShowKeyHint => "Each time a key is shown is recorded in the audit log.", "每次顯示金鑰都會記錄在稽核記錄中。";
    ConvertBenefit => "Convert benefit", "轉換權益";
    ConvertHint => "3 training-voucher days = 1 planning services day. You must already hold Planning Services.", "三天的教育訓練券日數等於一天的規劃服務日數。您必須已有規劃服務才能進行此轉換。";
    ReverseTitle => "Convert back to training vouchers", "轉回教育訓練券";
    ReverseHint => "Only planning days created by earlier conversions and not yet used can go back, at the same rate.", "只有先前轉換而來且尚未使用的規劃服務日數可以依相同比率轉回。";
    PlanningDaysToCreate => "Planning days to create", "要建立的規劃服務日數";
    TypeDays => "Type a number of days: the balances after it appear below.", "請輸入日數：下方會顯示轉換後的餘額。";
    PlanningDaysToReturn => "Planning days to convert back", "要轉回的規劃服務日數";
    MaxPlanningDays => "Maximum planning days", "可建立的規劃服務日數上限";
    MaxReturnDays => "Maximum planning days that can go back", "可轉回的規劃服務日數上限";
    TrainingLeft => "Training days remaining after conversion", "轉換後剩餘的教育訓練券日數";
    PlanningLeft => "Planning days remaining after conversion", "轉換後剩餘的規劃服務日數";
    Convert => "Convert", "轉換";
    Converted => "Converted. The new balances are shown in your benefits list.", "已轉換。新的餘額已顯示在您的權益清單中。";
    CalculationTitle => "How this benefit is calculated", "權益的計算方法";
    QualifyingLicenses => "Qualifying Software Assurance licenses", "符合資格的軟體保證授權";
    LicensesPerUnit => "Licenses per unit", "每單位所需授權數";
    Granted => "Granted", "授予數量";
    CalculationRule => "Amount = licenses ÷ licenses per unit, rounded down. Conversions, users and expiry change the balance afterwards; the transaction history lists each change.", "數量 = 授權數 ÷ 每單位所需授權數（無條件捨去）。轉換、使用者與到期會在之後變更餘額；交易記錄會列出每一項變更。";
    NotMeasuredCalc => "This benefit is not measured, so there is nothing to calculate.", "此權益未衡量，因此無需計算。";
    BackToBenefit => "Back to the benefit", "返回權益";
    PartnerManageBenefits => "Partner manage benefits", "合作夥伴管理權益";
    PartnerManageHint => "Requests from your partners to manage your benefits, pending and approved. An approved partner can do everything for your benefits on your behalf.", "您的合作夥伴為管理您的權益而傳送的擱置或已核准要求。已核准的合作夥伴可以代表您執行所有權益操作。";
    Partner => "Partner", "合作夥伴";
    Status => "Status", "狀態";
    Requested => "Requested", "要求時間";
    ChangeStatus => "Change status", "變更狀態";
    Submit => "Submit", "提交";
    NoRequests => "No requests from partners.", "沒有合作夥伴的要求。";
    BannerApproved => "You approved the partner's request to manage your benefits. We notified them.", "您已核准合作夥伴管理您權益的要求。我們已通知對方。";
    BannerRejected => "You rejected the partner's request. We notified them.", "您已拒絕合作夥伴的要求。我們已通知對方。";
    BannerRemoved => "You removed the partner's permission to manage your benefits. We notified them.", "您已移除該合作夥伴代表您管理權益的權限。我們已通知對方。";
    PartnerPanelTitle => "Permission to manage benefits", "管理權益的權限";
    PartnerPanelHint => "With the customer's approval you can manage their Software Assurance and service benefits for them.", "經客戶核准後，您可以代表客戶管理其軟體保證與服務權益。";
    RequestPermission => "Request permission to manage benefits", "要求管理權益的權限";
    PermissionRequested => "Request sent. The customer decides on it in Business Center.", "已傳送要求。客戶將在商務中心決定。";
    ManageBenefitsFor => "Manage benefits", "管理權益";
    NoPermission => "No permission requested yet.", "尚未要求權限。";
}}

impl Lang {
    /// A benefits-screen message.
    pub fn b(self, msg: Msg) -> &'static str {
        msg.text(self.0)
    }

    /// R-SAB-03: a benefit's name as seed 000 words it.
    pub fn benefit(self, kind: BenefitKind) -> &'static str {
        use BenefitKind as K;
        match kind {
            K::SupportPhone => self.pick(
                "24x7 problem resolution — phone",
                "24 小時全年無休的問題解決 — 電話",
            ),
            K::SupportWeb => self.pick(
                "24x7 problem resolution — web",
                "24 小時全年無休的問題解決 — 網路",
            ),
            K::ELearning => self.pick("E-Learning", "E-Learning"),
            K::GlobalServiceMonitor => self.pick("Global Service Monitor", "全域服務監視"),
            K::HomeUseProgram => self.pick("Home Use Program", "軟體家用計劃"),
            K::DynamicsCustomerSource => {
                self.pick("Dynamics CustomerSource", "Microsoft Dynamics 客戶來源")
            }
            K::OfficeMultiLanguagePack => {
                self.pick("Office Multi-Language Pack", "Microsoft Office 多語言套件")
            }
            K::PlanningServices => self.pick("Planning Services", "規劃服務"),
            K::TrainingVouchers => self.pick("Training Vouchers", "教育訓練券"),
            K::WindowsThinPc => self.pick("Windows Thin PC", "Windows Thin PC"),
        }
    }

    /// R-SAB-02: the short description shown on "Description".
    pub fn benefit_description(self, kind: BenefitKind) -> &'static str {
        use BenefitKind as K;
        match kind {
            K::SupportPhone => self.pick(
                "Phone support to resolve problems with Microsoft servers, Windows and Office.",
                "透過電話提出解決問題的要求，適用於所有 Microsoft 伺服器、Windows 和 Office 產品。",
            ),
            K::SupportWeb => self.pick(
                "Online support requests for the Microsoft product you choose.",
                "透過 Microsoft 支援網站線上提出解決問題的要求。",
            ),
            K::ELearning => self.pick(
                "Self-paced interactive online training on Microsoft technologies.",
                "針對所選 Microsoft 技術的交互式線上訓練，能夠以自己的步調進行。",
            ),
            K::GlobalServiceMonitor => self.pick(
                "Monitors your web applications from outside your network.",
                "於組織網路界限之外監視 Web 應用程式。",
            ),
            K::HomeUseProgram => self.pick(
                "Employees get Office for their home computers through a low-cost download.",
                "員工透過低成本的下載，在家用電腦使用最新版本的 Office。",
            ),
            K::DynamicsCustomerSource => self.pick(
                "Around-the-clock access to tools and resources for Microsoft Dynamics customers.",
                "專為 Microsoft Dynamics 客戶設計的入口網站，全天 24 小時存取工具和資源。",
            ),
            K::OfficeMultiLanguagePack => self.pick(
                "Deploy one Office image with 40 user-interface languages.",
                "部署一個支援 40 種使用者介面語言的 Office 映像。",
            ),
            K::PlanningServices => self.pick(
                "On-site expert guidance to plan your next Microsoft deployment.",
                "現場專業指導，幫助您規劃下個 Microsoft 技術部署。",
            ),
            K::TrainingVouchers => self.pick(
                "Instructor-led courses for your IT staff from Microsoft learning partners.",
                "IT 員工可接受由 Microsoft 學習合作夥伴講授的講師指導課程。",
            ),
            K::WindowsThinPc => self.pick(
                "Repurpose existing PCs as thin clients.",
                "將現有電腦的用途重新設定為精簡型用戶端。",
            ),
        }
    }

    /// R-SAB-03: the unit, shown with every figure.
    pub fn unit(self, unit: BenefitUnit) -> &'static str {
        use BenefitUnit as U;
        match unit {
            U::Incidents => self.pick("incidents", "事件"),
            U::Participants => self.pick("participants", "參與者"),
            U::DownloadsAvailable => self.pick("downloads available", "可用下載"),
            U::Licenses => self.pick("licenses", "授權"),
            U::NotMeasured => self.pick("not measured", "未衡量"),
            U::PlanningDays => self.pick("planning days", "計劃天數"),
            U::TrainingDays => self.pick("training days", "訓練天數"),
        }
    }

    pub fn delegation(self, status: DelegationStatus) -> &'static str {
        match status {
            DelegationStatus::Pending => self.pick("Pending", "擱置中"),
            DelegationStatus::Approved => self.pick("Approved", "已核准"),
            DelegationStatus::Rejected => self.pick("Rejected", "已拒絕"),
            DelegationStatus::Removed => self.pick("Removed", "已移除"),
        }
    }

    pub fn decision(self, d: DelegationDecision) -> &'static str {
        match d {
            DelegationDecision::Approve => self.pick("Approve request", "核准要求"),
            DelegationDecision::Reject => self.pick("Reject request", "拒絕要求"),
            DelegationDecision::Remove => self.pick("Remove permission", "移除權限"),
        }
    }

    pub fn transaction(self, kind: TransactionKind) -> &'static str {
        match kind {
            TransactionKind::Grant => self.pick("grant", "授予"),
            TransactionKind::Use => self.pick("use", "使用"),
            TransactionKind::Release => self.pick("release", "歸還"),
            TransactionKind::Conversion => self.pick("conversion", "轉換"),
            TransactionKind::Reversal => self.pick("reversal", "轉回"),
            TransactionKind::Expiry => self.pick("expiry", "到期"),
        }
    }
}

/// The texts of the benefits' error codes without parameters.
pub(crate) const ERROR_TEXTS: &[(&str, &str, &str)] = &[
    ("days_empty", "Enter a number of days.", "請輸入天數。"),
    (
        "days_not_whole",
        "Enter a whole number of days.",
        "請輸入整數天數。",
    ),
    (
        "days_not_positive",
        "Enter at least 1 day.",
        "請至少輸入 1 天。",
    ),
    (
        "planning_not_held",
        "The account must already hold Planning Services to convert.",
        "您必須已有規劃服務才能進行此轉換。",
    ),
    (
        "training_not_held",
        "The account holds no Training Vouchers.",
        "此帳戶沒有教育訓練券。",
    ),
    (
        "benefit_expired",
        "This benefit has expired.",
        "此權益已過期。",
    ),
    (
        "balance_changed",
        "The balance changed meanwhile. Reload the page and try again.",
        "餘額已被變更，請重新載入頁面後再試一次。",
    ),
    (
        "benefit_has_no_users",
        "This benefit has no users.",
        "此權益沒有使用者。",
    ),
    (
        "benefit_none_remaining",
        "Nothing remains of this benefit.",
        "此權益已無剩餘數量。",
    ),
    (
        "benefit_user_exists",
        "This person is already a user of this benefit.",
        "此人員已是此權益的使用者。",
    ),
    (
        "benefit_no_instructions",
        "This benefit has no instructions to send.",
        "此權益沒有可傳送的說明。",
    ),
    (
        "voucher_wrong_benefit",
        "Training vouchers are assigned from the Training Vouchers benefit only.",
        "只能從教育訓練券權益指派訓練券。",
    ),
    (
        "voucher_revoked",
        "This voucher was already revoked.",
        "此訓練券已被撤銷。",
    ),
    (
        "delegation_pending",
        "A request is already waiting for the customer's answer.",
        "已有一個要求正在等候客戶回覆。",
    ),
    (
        "delegation_approved",
        "You already have permission.",
        "您已經擁有權限。",
    ),
    (
        "delegation_change_invalid",
        "This request changed meanwhile. Reload the page.",
        "此要求已被變更，請重新載入頁面。",
    ),
    (
        "delegation_changed",
        "This request changed meanwhile. Reload the page.",
        "此要求已被變更，請重新載入頁面。",
    ),
];

/// The benefits' error codes, with their parameters (`Lang::error` falls
/// back to this for codes it does not know).
pub fn error(lang: Language, e: &FieldError) -> Option<String> {
    let lang = Lang(lang);
    let code = e.code.as_str();
    if let Some(text) = lang.error_text(ERROR_TEXTS, code) {
        return Some(text.into());
    }
    let (en, zh, param) = match code {
        "days_above_maximum" => ("At most {} days are possible.", "最多只能 {} 天。", "max"),
        "email_domain_not_eligible" => (
            "This email address is not in an eligible domain. Allowed: {}.",
            "此電子郵件地址不屬於合格的網域。允許的網域：{}。",
            "domains",
        ),
        _ => return None,
    };
    Some(fill(
        lang.pick(en, zh),
        &[e.param(param).unwrap_or_default()],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_sab_03_every_benefit_message_has_both_languages() {
        for msg in Msg::ALL {
            assert_ne!(msg.text(Language::En), msg.text(Language::ZhTw), "{msg:?}");
        }
        for kind in BenefitKind::ALL {
            assert_ne!(
                Lang(Language::En).benefit_description(kind),
                Lang(Language::ZhTw).benefit_description(kind)
            );
            assert_ne!(
                Lang(Language::En).unit(kind.unit()),
                Lang(Language::ZhTw).unit(kind.unit())
            );
        }
    }
}
