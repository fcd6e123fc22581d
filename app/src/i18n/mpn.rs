//! Texts of the partner membership benefits (seed 003, R-MPN-01 … 07).
//! zh-TW wording follows seed 003 (權益、軟體、雲端、Visual Studio 訂閱、
//! 技術權益、進入市場優勢、取得金鑰、指派使用者、啟用、作用中、到期).

use domain::mpn::{AdvisoryStatus, CloudKind, GoToMarketStatus, TechnicalKind};

use super::{messages, Lang, Text};

messages! { MMsg {
    Benefits => "Benefits", "權益", ja: "特典";
    BenefitsHint => "After buying a membership benefits package, get its software keys and assign its licenses, subscriptions and other benefits to your people to start using them. Anyone in your organization may buy; only a Global Administrator assigns.", "購買會員資格權益套件之後，您需取得軟體金鑰並指派授權、訂閱及其他權益給員工以開始使用這些項目。您不必是全域系統管理員就能購買權益，但您必須是全域系統管理員才能指派權益給員工。";
    BuyPackage => "Buy a benefits package", "購買權益套件";
    Buy => "Buy", "購買";
    NoPackages => "Your organization has no benefits package yet.", "貴組織尚無任何權益套件。";
    Contains => "Contains", "內容";
    Software => "Software", "軟體";
    Cloud => "Cloud", "雲端";
    VisualStudio => "Visual Studio subscriptions", "Visual Studio 訂閱";
    Technical => "Technical benefits", "技術權益";
    GoToMarket => "Go-to-market", "進入市場優勢";
    Bought => "Bought", "購買日期";
    Paid => "Paid", "已付款";
    Order => "Order", "訂單";
    Licenses => "Licenses", "授權";
    GetKey => "Get key", "取得金鑰";
    KeyWarning => "Getting a key activates this software benefit: the package can then no longer be cancelled with a refund.", "取得金鑰即會啟用此軟體權益：之後便無法取消此套件並退款。";
    KeyTakenOn => "Key taken {}", "金鑰取得時間 {}";
    OnlyGlobalAdmin => "Only a Global Administrator can get keys and assign benefits.", "只有全域系統管理員才能取得金鑰及指派權益。";
    PickDownload => "Language and OS", "語言與作業系統";
    GetDownload => "Get download link", "取得下載連結";
    UsageBased => "Usage-based", "用量型";
    LicenseBased => "License-based", "授權型";
    AssignYourself => "Assign yourself", "將您自己指派為使用者";
    CloudPortal => "Go to the cloud portal to manage it.", "請移至雲端入口網站以管理訂閱。";
    AssignedTo => "Assigned to", "已指派給";
    Used => "{} used, {} left", "已使用 {}，剩餘 {}";
    User => "User", "使用者";
    AssignUser => "Assign user", "指派使用者";
    Remove => "Remove", "移除";
    AlternateEmail => "Alternate email (not the user's account email)", "其他電子郵件地址 (不同於使用者的帳戶電子郵件)";
    AlternateHint => "Instructions go to this address as well as to the user's account email.", "存取指示會傳送到此電子郵件地址，以及使用者的帳戶電子郵件。";
    Incidents => "support incidents", "支援事件";
    Hours => "hours", "小時";
    HoursHeld => "{} hours held by open requests, {} left to request.", "{} 小時保留給未結的要求，剩餘 {} 小時可要求。";
    AdvisoryRequest => "Request advisory hours", "要求諮詢時數";
    Topic => "Topic", "主題";
    Description => "Description", "描述";
    PreferredFrom => "Preferred from", "偏好開始日期";
    PreferredTo => "Preferred to", "偏好結束日期";
    HoursRequested => "Hours requested", "要求的時數";
    SubmitRequest => "Submit request", "提交要求";
    MarketingContact => "Company marketing contact", "公司行銷連絡人";
    MarketingHint => "The marketing contact receives your active go-to-market benefits. Add one before activating any.", "此連絡人將會收到有關您的主動式上市權益的後續溝通。啟用任何進入市場權益之前，您必須先指派公司行銷連絡人。";
    NoContact => "No marketing contact yet.", "尚未指派行銷連絡人。";
    Phone => "Contact phone", "連絡人電話";
    PreferredLanguage => "Preferred language", "慣用語言";
    Activate => "Activate", "啟用";
    Status => "Status", "狀態";
    Expiry => "Expiry (UTC)", "到期 (UTC)";
    NotActivated => "Not activated", "未啟用";
    Active => "Active", "作用中";
    Expired => "Expired", "已到期";
    CancelPackage => "Cancel with refund", "取消並退款";
    CancelHint => "A package can be cancelled with a refund within 30 days of its purchase, if no software key of it was taken. The request goes to the provider's support team, which approves it.", "若要取消權益並獲得退款，您必須在購買後的 30 天內提出要求，且未啟用軟體權益。透過服務要求要求取消。";
    Refund => "Refund", "退款";
    NoRefundKey => "No refund: a key was taken {}.", "無法退款：已於 {} 取得金鑰。";
    NoRefundWindow => "No refund: the 30 days ended {}.", "無法退款：30 天期限已於 {} 結束。";
    RequestCancel => "Request cancellation", "要求取消";
    RefundRequested => "Cancellation with refund requested: the provider's support team decides.", "已要求取消並退款：由提供者的支援團隊決定。";
    PackageCancelled => "Cancelled and refunded", "已取消並退款";
    Bills => "Your invoices", "您的發票";
    Done => "Done.", "完成。";
    AdvisoryOpen => "Open: its hours are held until answered", "未結：時數保留至回覆為止";
    AdvisoryDone => "Done: its hours are used", "已完成：已使用時數";
    AdvisoryDeclined => "Declined: its hours are free again", "已拒絕：時數已釋出";
    AdvisoryRequests => "Advisory hours requests", "諮詢時數要求";
    AdvisoryRequestsHint => "Open requests of every partner. Answer each: done uses its hours, declined frees them.", "所有合作夥伴的未結要求。請逐一回覆：完成會使用時數，拒絕會釋出時數。";
    NoAdvisoryRequests => "No open advisory hours requests.", "沒有未結的諮詢時數要求。";
    HoursUsed => "Done (hours used)", "完成 (使用時數)";
    Decline => "Decline", "拒絕";
}}

messages! { TechnicalKindText for TechnicalKind {
    SupportIncidents => "Microsoft product support incidents", "Microsoft 產品支援事件";
    AdvisoryHours => "Partner advisory hours", "合作夥伴諮詢時數";
    PresalesHours => "Technical presales and deployment hours", "技術售前和部署服務時數";
}}

impl Lang {
    pub fn m_fill(self, msg: Text, args: &[&str]) -> String {
        super::fill(self.t(msg), args)
    }

    pub fn cloud_kind(self, k: CloudKind) -> &'static str {
        match k {
            CloudKind::UsageBased => self.t(MMsg::UsageBased),
            CloudKind::LicenseBased => self.t(MMsg::LicenseBased),
        }
    }

    pub fn technical_kind(self, k: TechnicalKind) -> &'static str {
        self.t(TechnicalKindText::of(k))
    }

    pub fn advisory_status(self, s: AdvisoryStatus) -> &'static str {
        self.t(match s {
            AdvisoryStatus::Open => MMsg::AdvisoryOpen,
            AdvisoryStatus::Done => MMsg::AdvisoryDone,
            AdvisoryStatus::Declined => MMsg::AdvisoryDeclined,
        })
    }

    pub fn go_to_market_status(self, s: GoToMarketStatus) -> &'static str {
        match s {
            GoToMarketStatus::NotActivated => self.t(MMsg::NotActivated),
            GoToMarketStatus::Active { .. } => self.t(MMsg::Active),
            GoToMarketStatus::Expired { .. } => self.t(MMsg::Expired),
        }
    }
}

#[cfg(test)]
#[test]
fn every_membership_message_differs_between_languages() {
    for (key, text) in MMsg::ALL {
        assert_ne!(
            text.get(domain::Language::En),
            text.get(domain::Language::ZhTw),
            "{key}"
        );
    }
}

// The texts of the membership benefit codes; `{}` is the hours left.
messages! { pub(super) const ERROR_TEXTS {
    "mpn_all_assigned" => "Every subscription of this benefit is assigned. Remove a user to assign another.", "此權益的所有訂閱均已指派。請移除使用者後再指派其他使用者。";
    "mpn_already_assigned" => "This user already has one of these.", "此使用者已有此權益。";
    "mpn_not_assigned" => "This user no longer holds it: the page shows who does.", "此使用者已不再擁有此權益：頁面會顯示目前的使用者。";
    "mpn_alternate_same_as_account" => "Enter an email address other than the user's Business Center account email.", "請提供使用者的電子郵件地址，但此地址不同於和貴公司帳戶相關聯的電子郵件地址。";
    "mpn_unknown_user" => "Choose a user of your organization.", "請從清單中選取貴組織的使用者。";
    "mpn_no_marketing_contact" => "Add the company marketing contact first (at the top of Go-to-market): it receives the benefits.", "若要啟用任何進入市場權益，您必須先指派公司行銷連絡人 (位於 [進入市場] 頁面頂端)。";
    "mpn_already_active" => "This benefit is already active.", "此權益已在作用中。";
    "mpn_expired" => "This benefit has expired.", "此權益已到期。";
    "mpn_hours_invalid" => "Enter whole hours, from 1 to the {} hours left.", "請輸入整數時數，介於 1 到剩餘的 {} 小時之間。";
    "mpn_topic_missing" => "Enter a topic.", "請輸入主題。";
    "mpn_description_missing" => "Enter a description.", "請輸入描述。";
    "mpn_dates_invalid" => "Enter the preferred dates as YYYY-MM-DD, the first not after the last.", "請以 YYYY-MM-DD 格式輸入偏好的日期，開始日期不可晚於結束日期。";
    "mpn_package_cancelled" => "This package was cancelled.", "此套件已取消。";
    "mpn_refund_requested" => "A cancellation of this package is already requested.", "已提出取消此套件的要求。";
    "mpn_refund_window_passed" => "The 30 days to cancel with a refund have passed.", "可取消並退款的 30 天期限已過。";
    "mpn_refund_key_taken" => "A software key of the package was taken: a refund is no longer possible.", "已取得此套件的軟體金鑰：無法再退款。";
    "mpn_request_answered" => "This request is already answered.", "此要求已回覆。";
    "mpn_key_first" => "Get the key first: the download follows it.", "請先取得金鑰，再下載軟體。";
    "mpn_not_sold" => "This package is not sold in your currency.", "此套件未以您的幣別銷售。";
}}
