//! Texts of the provider's operations page (failed deliveries, job failures).

use super::messages;

messages! { OMsg {
    NavOperations => "Operations", "營運狀態", ja: "運用状況";
    Operations => "Operations", "營運狀態";
    OperationsHint => "Email the outbox could not deliver and gave up on, and items the background jobs skipped. Both are also written to the log.", "寄件匣無法寄出並已放棄的電子郵件，以及背景工作略過的項目。兩者也會寫入記錄檔。";
    Pending => "Emails waiting to be sent", "等待寄出的電子郵件";
    FailedDeliveries => "Failed deliveries", "寄送失敗的電子郵件";
    NoFailedDeliveries => "No failed deliveries.", "沒有寄送失敗的電子郵件。";
    Recipient => "Recipient", "收件者";
    Subject => "Subject", "主旨";
    Written => "Written", "建立時間";
    GaveUp => "Given up", "放棄時間";
    Attempts => "Attempts", "嘗試次數";
    Reason => "Reason", "原因";
    Retry => "Send again", "重新寄送";
    JobFailures => "Job failures", "背景工作失敗";
    NoJobFailures => "No job failures.", "沒有背景工作失敗。";
    Job => "Job", "工作";
    Item => "Item", "項目";
    Error => "Error", "錯誤";
    Failures => "Failed runs", "失敗次數";
    FirstFailed => "First failed", "首次失敗";
    LastFailed => "Last failed", "最近失敗";
}}

// The texts of the operations page's error codes.
messages! { pub(super) const ERROR_TEXTS {
    "delivery_not_dead" => "This email is no longer a failed delivery: it was sent again already.", "此電子郵件已不是寄送失敗的郵件：已重新寄送。";
}}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    #[test]
    fn every_operations_message_differs_between_languages() {
        for (key, text) in OMsg::ALL {
            assert_ne!(text.get(Language::En), text.get(Language::ZhTw), "{key}");
        }
    }
}
