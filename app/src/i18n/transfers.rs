//! Texts of the transfer screens (R-SUB-28). zh-TW wording follows seed 004
//! ("轉移新的商務授權型訂用帳戶": 轉移要求, 來源合作夥伴, 目標合作夥伴, 提交 …).

use domain::transfer_views::Side;
use domain::{FieldError, TransferStatus};

use super::{fill, messages, Lang};

messages! { TMsg {
    NavTransfers => "Transfers", "轉移", ja: "移管";
    Title => "Transfers of subscriptions", "訂用帳戶轉移";
    Hint => "To move a customer's subscriptions to your organization, the customer first accepts your relationship request; then send a transfer request to the partner that bills them now (the source partner), with its partner ID. The source partner opens the request, chooses the subscriptions to transfer and submits it. A request expires after 30 days.", "若要將客戶的訂用帳戶轉移給貴組織，客戶必須先接受您的關係要求；接著向目前計費的合作夥伴（來源合作夥伴）發起轉移要求，並提供其合作夥伴 ID。來源合作夥伴會開啟轉移要求，決定要轉移的訂用帳戶，然後提交轉移要求。要求會在 30 天後到期。";
    YourPartnerId => "Your partner ID (give it to a partner that asks you for a transfer)", "您的合作夥伴 ID（提供給向您要求轉移的合作夥伴）";
    SendTitle => "Send a transfer request", "發起轉移要求";
    Customer => "Customer", "客戶";
    SourcePartnerId => "Source partner ID", "來源合作夥伴 ID";
    NotifyEmail => "Email address to receive notifications", "接收通知的電子郵件地址";
    Send => "Send transfer request", "發起轉移要求";
    Sent => "The transfer request was sent to the source partner.", "已將轉移要求傳送給來源合作夥伴。";
    NoCustomers => "No customer has accepted a relationship with your organization yet.", "尚無客戶接受與貴組織的合作夥伴關係。";
    Requests => "Transfer requests", "轉移要求";
    NoRequests => "No transfer requests yet.", "尚無轉移要求。";
    SourcePartner => "Source partner", "來源合作夥伴";
    TargetPartner => "Target partner", "目標合作夥伴";
    Direction => "Direction", "方向";
    Incoming => "Received (you are the source)", "已收到（您是來源合作夥伴）";
    Outgoing => "Sent (you are the target)", "已傳送（您是目標合作夥伴）";
    Status => "Status", "狀態";
    RequestedAt => "Sent", "傳送時間";
    ExpiresAt => "Expires", "到期時間";
    Open => "Open", "開啟";
    Request => "Transfer request", "轉移要求";
    Choose => "Choose the subscriptions to transfer", "決定要轉移的訂用帳戶";
    ChooseHint => "Each chosen subscription continues as a new subscription billed by the target partner from now, and the old one is cancelled, all at once. Your credit is the unused part of the current billing period; the target partner's first charge is its first billing period from today.", "每個選取的訂用帳戶都會以目標合作夥伴計費的新訂用帳戶繼續，自現在起生效，舊訂用帳戶會一併取消。您的退費為目前計費期間未使用的部分；目標合作夥伴的首次費用為自今天起的第一個計費期間。";
    Subscription => "Subscription", "訂用帳戶";
    Licenses => "Licenses", "授權數目";
    Credit => "Credit to the source partner", "來源合作夥伴的退費";
    Charge => "Target partner's first charge", "目標合作夥伴的首次費用";
    Total => "Total of the chosen subscriptions", "選取的訂用帳戶合計";
    Submit => "Submit transfer", "提交轉移要求";
    Decline => "Decline request", "拒絕要求";
    NothingToTransfer => "The source partner has no active paid subscriptions of this customer to transfer.", "來源合作夥伴沒有此客戶可轉移的使用中付費訂用帳戶。";
    TargetPreview => "If the source partner transfers these subscriptions now, your first charges are:", "若來源合作夥伴現在轉移這些訂用帳戶，您的首次費用為：";
    Moved => "Transferred subscriptions", "已轉移的訂用帳戶";
    NewSubscription => "New subscription", "新的訂用帳戶";
    FiguresAsOf => "Figures as of", "金額計算時間";
}}

messages! { TransferStatusText for TransferStatus {
    Pending => "Pending", "待處理";
    Completed => "Transferred", "已轉移";
    Declined => "Declined", "已拒絕";
    Expired => "Expired", "已到期";
}}

impl Lang {
    pub fn transfer_status(self, s: TransferStatus) -> &'static str {
        self.t(TransferStatusText::of(s))
    }

    pub fn transfer_side(self, s: Side) -> &'static str {
        match s {
            Side::Source => self.t(TMsg::Incoming),
            Side::Target => self.t(TMsg::Outgoing),
        }
    }
}

// The texts of the transfer error codes without parameters.
messages! { pub(super) const ERROR_TEXTS {
    "transfer_nothing_chosen" => "Choose at least one subscription.", "請至少選擇一個訂用帳戶。";
    "transfer_not_transferable" => "Only an active paid subscription of this customer, billed by your organization, can be transferred. Reload the page to see the subscriptions as they are now.", "只能轉移此客戶由貴組織計費的使用中付費訂用帳戶。請重新載入頁面以查看目前的訂用帳戶。";
    "transfer_same_partner" => "Enter the ID of another partner: your organization cannot transfer to itself.", "請輸入其他合作夥伴的 ID：貴組織無法轉移給自己。";
    "transfer_source_unknown" => "No partner has this partner ID.", "沒有合作夥伴使用此合作夥伴 ID。";
    "transfer_already_pending" => "A transfer request from your organization to this partner for this customer is already pending.", "貴組織已向此合作夥伴發起此客戶的轉移要求，且仍待處理。";
    "transfer_target_not_accepted" => "The customer's relationship with the target partner is no longer accepted: nothing can be transferred.", "客戶與目標合作夥伴的關係已不再是已接受狀態：無法轉移任何訂用帳戶。";
    "transfer_line_invalid" => "Reload the page and choose the subscriptions again.", "請重新載入頁面，再次選擇訂用帳戶。";
}}

// The texts of the transfer error codes with parameters.
messages! { TErr {
    TransferNotPending => "This transfer request is {} already.", "此轉移要求已{}。";
    TransferExpired => "This transfer request expired at {}.", "此轉移要求已於 {} 到期。";
}}

/// The text of a transfer error code; `None` for other codes.
pub(super) fn error_text(code: &str, e: &FieldError, lang: Lang) -> Option<String> {
    if let Some(text) = lang.error_text(ERROR_TEXTS, code) {
        return Some(text.into());
    }
    let (text, arg) = match code {
        "transfer_not_pending" => (
            TErr::TransferNotPending,
            e.param("status")
                .and_then(TransferStatus::parse)
                .map(|s| lang.transfer_status(s).to_string())
                .unwrap_or_default(),
        ),
        "transfer_expired" => (
            TErr::TransferExpired,
            super::subscriptions::when(e, "expired_at"),
        ),
        _ => return None,
    };
    Some(fill(lang.t(text), &[&arg]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    #[test]
    fn every_transfer_message_differs_between_languages() {
        for (key, text) in TMsg::ALL {
            assert_ne!(text.get(Language::En), text.get(Language::ZhTw), "{key}");
        }
    }

    /// R-SUB-28: the refusal of an expired request names when it expired.
    #[test]
    fn r_sub_28_an_expired_request_names_its_expiry() {
        let e = domain::TransferError::Expired {
            expired_at: domain::Timestamp::from_ymd_hms(2026, 3, 31, 10, 0, 0).unwrap(),
        }
        .field_error();
        assert_eq!(
            error_text(&e.code, &e, Lang(Language::En)).unwrap(),
            "This transfer request expired at 2026-03-31 10:00 UTC."
        );
        assert_eq!(
            error_text(&e.code, &e, Lang(Language::ZhTw)).unwrap(),
            "此轉移要求已於 2026-03-31 10:00 UTC 到期。"
        );
    }
}
