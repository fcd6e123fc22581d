//! Texts of the support requests (R-SW-08). zh-TW wording follows seed 002
//! and the partner portal's support pages (支援要求, 問題類型, 影響, 標題,
//! 描述, 連絡人, 附件).

use domain::support::{AttachmentKind, Impact, IssueType, SupportStatus};
use domain::FieldError;

use super::{messages, Lang};

messages! { SupMsg {
    SupportRequests => "Support requests", "支援要求", ja: "サポート リクエスト";
    SupportRequestsHint => "Refund requests your organization filed, with the status and the answer of the provider's support team.", "貴組織提出的退款支援要求，以及提供者支援團隊的狀態與回覆。";
    OperatorHint => "Every partner's refund requests. Answer each with its new status; the partner sees the answer on the request.", "所有合作夥伴的退款支援要求。請以新的狀態回覆每個要求；合作夥伴會在要求上看到回覆。";
    NewRequest => "New support request", "新的支援要求";
    NewRequestHint => "A refund the cancel dialog cannot give — the 60 days have passed, or the product is refunded only through support — is asked for here. The provider's support team answers; its answer and the status appear on the request.", "無法透過取消對話方塊退款的情況 (已超過 60 天，或產品僅能透過支援退款) 請在此提出要求。提供者的支援團隊會回覆，回覆與狀態會顯示在要求上。";
    NeedsSupport => "Ask for a refund with a support request", "透過支援要求申請退款";
    IssueType => "Issue type", "問題類型";
    Impact => "Impact", "影響";
    Title => "Title", "標題";
    Description => "Description", "描述";
    Tenant => "Customer tenant or domain", "客戶租用戶或網域";
    OrderOrSubscription => "Order ID", "訂單識別碼";
    Reason => "Reason", "原因";
    AmountRequested => "Amount requested", "要求的金額";
    AtMost => "At most {} (what the order has not been credited yet).", "最多 {} (此訂單尚未退還的金額)。";
    Contact => "Contact", "連絡人";
    ContactName => "Name", "姓名";
    ContactEmail => "Email", "電子郵件";
    ContactPhone => "Phone", "電話";
    FileRequest => "Submit", "提交";
    NoOrders => "This customer has no software order left to refund.", "此客戶沒有可退款的軟體訂單。";
    NoRequests => "No support requests yet.", "尚無任何支援要求。";
    Status => "Status", "狀態";
    Filed => "Filed", "提出日期";
    Partner => "Partner", "合作夥伴";
    Customer => "Customer", "客戶";
    Request => "Support request", "支援要求";
    Answer => "Answer", "回覆";
    Answered => "Answered", "回覆日期";
    NoAnswer => "Not answered yet.", "尚未回覆。";
    SendAnswer => "Send answer", "傳送回覆";
    AnswerSent => "The answer was sent.", "已傳送回覆。";
    Attachments => "Attachments", "附件";
    NoAttachments => "No attachments.", "沒有附件。";
    AddAttachments => "Add attachments", "新增附件";
    AttachmentRule => "Up to 3 files per request, each at most 2 MiB: PDF, PNG, JPEG or text.", "每個要求最多 3 個檔案，每個檔案最多 2 MiB：PDF、PNG、JPEG 或文字檔。";
    Upload => "Upload", "上傳";
    RequestFiled => "Your request was filed. Add attachments here if you have any.", "已提出您的要求。如有附件，請在此新增。";
    Attached => "The files were attached.", "已附加檔案。";
}}

messages! { IssueTypeText for IssueType {
    CspRefund => "CSP purchase/refund on behalf of customer", "代表客戶進行 CSP 購買/退款";
    MembershipRefund => "Cancel a membership benefits package with refund", "取消成員資格權益套件並退款";
}}

messages! { ImpactText for Impact {
    Critical => "Critical — the customer cannot work", "嚴重 — 客戶無法運作";
    Moderate => "Moderate — the customer is hindered", "中等 — 客戶受到影響";
    Minimal => "Minimal — no hurry", "輕微 — 不急";
}}

messages! { SupportStatusText for SupportStatus {
    Open => "Open", "已開啟";
    InProgress => "In progress", "處理中";
    Resolved => "Resolved", "已解決";
    Declined => "Declined", "已拒絕";
}}

messages! { AttachmentKindText for AttachmentKind {
    Pdf => "PDF", "PDF";
    Png => "PNG", "PNG";
    Jpeg => "JPEG", "JPEG";
    Text => "Text", "文字";
}}

impl Lang {
    pub fn at_most(self, amount: &str) -> String {
        super::fill(self.t(SupMsg::AtMost), &[amount])
    }

    pub fn issue_type(self, t: IssueType) -> &'static str {
        self.t(IssueTypeText::of(t))
    }

    pub fn impact(self, i: Impact) -> &'static str {
        self.t(ImpactText::of(i))
    }

    pub fn support_status(self, s: SupportStatus) -> &'static str {
        self.t(SupportStatusText::of(s))
    }

    pub fn attachment_kind(self, k: AttachmentKind) -> &'static str {
        self.t(AttachmentKindText::of(k))
    }
}

// The texts of the support codes; `{}` is the file (attachments) or the
// most that may be asked for (the amount).
messages! { pub(super) const ERROR_TEXTS {
    "support_issue_type_unknown" => "Choose the issue type.", "請選擇問題類型。";
    "support_impact_unknown" => "Choose the impact.", "請選擇影響。";
    "support_title_missing" => "Enter a title.", "請輸入標題。";
    "support_title_too_long" => "The title is longer than 120 characters.", "標題超過 120 個字元。";
    "support_tenant_missing" => "Enter the customer's tenant or domain.", "請輸入客戶的租用戶或網域。";
    "support_reason_missing" => "Enter the reason for the refund.", "請輸入退款原因。";
    "support_amount_invalid" => "Enter the amount as a number greater than zero, with at most the currency's decimals (1234.50).", "請輸入大於零的金額，小數位數不可超過幣別的位數 (例如 1234.50)。";
    "support_amount_too_high" => "Ask for at most {}: what the order has not been credited yet.", "最多只能要求 {}：此訂單尚未退還的金額。";
    "support_description_missing" => "Enter a description.", "請輸入描述。";
    "support_text_too_long" => "This text is longer than 4,000 characters.", "此文字超過 4,000 個字元。";
    "support_phone_invalid" => "Enter a phone number of 7 to 15 digits (+886 2 1234-5678).", "請輸入 7 到 15 位數的電話號碼 (例如 +886 2 1234-5678)。";
    "support_too_many_attachments" => "A request can have at most 3 attachments.", "每個要求最多只能有 3 個附件。";
    "support_attachment_empty" => "Choose a file that is not empty.", "請選擇非空白的檔案。";
    "support_attachment_too_large" => "{} is larger than 2 MiB.", "{} 超過 2 MiB。";
    "support_attachment_type" => "{} is not a PDF, PNG, JPEG or text file (its content is checked, not only its name).", "{} 不是 PDF、PNG、JPEG 或文字檔 (系統會檢查檔案內容，而不只是名稱)。";
    "support_attachment_name" => "The file name {} is not allowed: use a plain name without slashes or quotes.", "不允許使用檔案名稱 {}：請使用不含斜線或引號的一般名稱。";
    "support_request_closed" => "This request is closed and takes no more answers or files.", "此要求已關閉，無法再回覆或新增檔案。";
    "support_status_invalid" => "Choose in progress, resolved or declined.", "請選擇處理中、已解決或已拒絕。";
    "support_answer_missing" => "Write the answer the partner will read.", "請撰寫合作夥伴會看到的回覆。";
}}

/// The text of a support code, with its value filled in.
pub(super) fn error_text(code: &str, e: &FieldError, lang: Lang) -> Option<String> {
    let text = lang.error_text(ERROR_TEXTS, code)?;
    let value = e.param("max").or_else(|| e.param("name")).unwrap_or("");
    Some(super::fill(text, &[value]))
}
