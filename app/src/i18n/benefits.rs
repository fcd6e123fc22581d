//! The benefits screens' wording, en + zh-TW side by side (zh-TW follows
//! seed 000: 軟體保證與服務權益, 教育訓練券, 規劃服務 …).

use domain::benefits::{
    BenefitKind, BenefitUnit, DelegationDecision, DelegationStatus, TransactionKind,
};
use domain::FieldError;

use super::{fill, messages, Lang};

messages! { BMsg {
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

messages! { BenefitText for BenefitKind {
    SupportPhone => "24x7 problem resolution — phone", "24 小時全年無休的問題解決 — 電話";
    SupportWeb => "24x7 problem resolution — web", "24 小時全年無休的問題解決 — 網路";
    ELearning => "E-Learning", "E-Learning";
    GlobalServiceMonitor => "Global Service Monitor", "全域服務監視";
    HomeUseProgram => "Home Use Program", "軟體家用計劃";
    DynamicsCustomerSource => "Dynamics CustomerSource", "Microsoft Dynamics 客戶來源";
    OfficeMultiLanguagePack => "Office Multi-Language Pack", "Microsoft Office 多語言套件";
    PlanningServices => "Planning Services", "規劃服務";
    TrainingVouchers => "Training Vouchers", "教育訓練券";
    WindowsThinPc => "Windows Thin PC", "Windows Thin PC";
}}

messages! { BenefitDescriptionText for BenefitKind {
    SupportPhone => "Phone support to resolve problems with Microsoft servers, Windows and Office.", "透過電話提出解決問題的要求，適用於所有 Microsoft 伺服器、Windows 和 Office 產品。";
    SupportWeb => "Online support requests for the Microsoft product you choose.", "透過 Microsoft 支援網站線上提出解決問題的要求。";
    ELearning => "Self-paced interactive online training on Microsoft technologies.", "針對所選 Microsoft 技術的交互式線上訓練，能夠以自己的步調進行。";
    GlobalServiceMonitor => "Monitors your web applications from outside your network.", "於組織網路界限之外監視 Web 應用程式。";
    HomeUseProgram => "Employees get Office for their home computers through a low-cost download.", "員工透過低成本的下載，在家用電腦使用最新版本的 Office。";
    DynamicsCustomerSource => "Around-the-clock access to tools and resources for Microsoft Dynamics customers.", "專為 Microsoft Dynamics 客戶設計的入口網站，全天 24 小時存取工具和資源。";
    OfficeMultiLanguagePack => "Deploy one Office image with 40 user-interface languages.", "部署一個支援 40 種使用者介面語言的 Office 映像。";
    PlanningServices => "On-site expert guidance to plan your next Microsoft deployment.", "現場專業指導，幫助您規劃下個 Microsoft 技術部署。";
    TrainingVouchers => "Instructor-led courses for your IT staff from Microsoft learning partners.", "IT 員工可接受由 Microsoft 學習合作夥伴講授的講師指導課程。";
    WindowsThinPc => "Repurpose existing PCs as thin clients.", "將現有電腦的用途重新設定為精簡型用戶端。";
}}

messages! { UnitText for BenefitUnit {
    Incidents => "incidents", "事件";
    Participants => "participants", "參與者";
    DownloadsAvailable => "downloads available", "可用下載";
    Licenses => "licenses", "授權";
    NotMeasured => "not measured", "未衡量";
    PlanningDays => "planning days", "計劃天數";
    TrainingDays => "training days", "訓練天數";
}}

messages! { DelegationText for DelegationStatus {
    Pending => "Pending", "擱置中";
    Approved => "Approved", "已核准";
    Rejected => "Rejected", "已拒絕";
    Removed => "Removed", "已移除";
}}

messages! { DecisionText for DelegationDecision {
    Approve => "Approve request", "核准要求";
    Reject => "Reject request", "拒絕要求";
    Remove => "Remove permission", "移除權限";
}}

messages! { TransactionText for TransactionKind {
    Grant => "grant", "授予";
    Use => "use", "使用";
    Release => "release", "歸還";
    Conversion => "conversion", "轉換";
    Reversal => "reversal", "轉回";
    Expiry => "expiry", "到期";
}}

impl Lang {
    /// R-SAB-03: a benefit's name as seed 000 words it.
    pub fn benefit(self, kind: BenefitKind) -> &'static str {
        self.t(BenefitText::of(kind))
    }

    /// R-SAB-02: the short description shown on "Description".
    pub fn benefit_description(self, kind: BenefitKind) -> &'static str {
        self.t(BenefitDescriptionText::of(kind))
    }

    /// R-SAB-03: the unit, shown with every figure.
    pub fn unit(self, unit: BenefitUnit) -> &'static str {
        self.t(UnitText::of(unit))
    }

    pub fn delegation(self, status: DelegationStatus) -> &'static str {
        self.t(DelegationText::of(status))
    }

    pub fn decision(self, d: DelegationDecision) -> &'static str {
        self.t(DecisionText::of(d))
    }

    pub fn transaction(self, kind: TransactionKind) -> &'static str {
        self.t(TransactionText::of(kind))
    }
}

// The texts of the benefits' error codes without parameters.
messages! { pub(super) const ERROR_TEXTS {
    "days_empty" => "Enter a number of days.", "請輸入天數。";
    "days_not_whole" => "Enter a whole number of days.", "請輸入整數天數。";
    "days_not_positive" => "Enter at least 1 day.", "請至少輸入 1 天。";
    "planning_not_held" => "The account must already hold Planning Services to convert.", "您必須已有規劃服務才能進行此轉換。";
    "training_not_held" => "The account holds no Training Vouchers.", "此帳戶沒有教育訓練券。";
    "benefit_expired" => "This benefit has expired.", "此權益已過期。";
    "balance_changed" => "The balance changed meanwhile. Reload the page and try again.", "餘額已被變更，請重新載入頁面後再試一次。";
    "benefit_has_no_users" => "This benefit has no users.", "此權益沒有使用者。";
    "benefit_none_remaining" => "Nothing remains of this benefit.", "此權益已無剩餘數量。";
    "benefit_user_exists" => "This person is already a user of this benefit.", "此人員已是此權益的使用者。";
    "benefit_no_instructions" => "This benefit has no instructions to send.", "此權益沒有可傳送的說明。";
    "voucher_wrong_benefit" => "Training vouchers are assigned from the Training Vouchers benefit only.", "只能從教育訓練券權益指派訓練券。";
    "voucher_revoked" => "This voucher was already revoked.", "此訓練券已被撤銷。";
    "delegation_pending" => "A request is already waiting for the customer's answer.", "已有一個要求正在等候客戶回覆。";
    "delegation_approved" => "You already have permission.", "您已經擁有權限。";
    "delegation_change_invalid" => "This request changed meanwhile. Reload the page.", "此要求已被變更，請重新載入頁面。";
    "delegation_changed" => "This request changed meanwhile. Reload the page.", "此要求已被變更，請重新載入頁面。";
}}

// The texts of the benefits' error codes with a parameter.
messages! { BErr {
    DaysAboveMaximum => "At most {} days are possible.", "最多只能 {} 天。";
    EmailDomainNotEligible => "This email address is not in an eligible domain. Allowed: {}.", "此電子郵件地址不屬於合格的網域。允許的網域：{}。";
}}

/// The benefits' error codes, with their parameters (`Lang::error` falls
/// back to this for codes it does not know).
pub(super) fn error(lang: Lang, e: &FieldError) -> Option<String> {
    let code = e.code.as_str();
    if let Some(text) = lang.error_text(ERROR_TEXTS, code) {
        return Some(text.into());
    }
    let (text, param) = match code {
        "days_above_maximum" => (BErr::DaysAboveMaximum, "max"),
        "email_domain_not_eligible" => (BErr::EmailDomainNotEligible, "domains"),
        _ => return None,
    };
    Some(fill(lang.t(text), &[e.param(param).unwrap_or_default()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    #[test]
    fn r_sab_03_every_benefit_message_has_both_languages() {
        for (key, text) in BMsg::ALL {
            assert_ne!(text.get(Language::En), text.get(Language::ZhTw), "{key}");
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
