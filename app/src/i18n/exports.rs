//! The column names of the CSV exports, in the reader's language (zh-TW
//! as the pages word them).

use super::Lang;

impl Lang {
    /// R-AUD-01: the audit log's columns.
    pub fn audit_csv_header(self) -> [&'static str; 8] {
        match self.0 {
            domain::Language::En => [
                "time_utc",
                "actor",
                "actor_organization",
                "action",
                "entity",
                "entity_id",
                "before",
                "after",
            ],
            domain::Language::ZhTw => [
                "時間 (UTC)",
                "執行者",
                "執行者的組織",
                "動作",
                "對象",
                "對象識別碼",
                "變更前",
                "變更後",
            ],
        }
    }

    /// R-SUB-07: the subscriptions export's columns.
    pub fn subscriptions_csv_header(self) -> [&'static str; 10] {
        match self.0 {
            domain::Language::En => [
                "Subscription ID",
                "Product",
                "Quantity",
                "Status",
                "Auto-renew",
                "Renewal date",
                "Term",
                "Billing cycle",
                "Promotion",
                "Reseller",
            ],
            domain::Language::ZhTw => [
                "訂用帳戶識別碼",
                "產品",
                "數量",
                "狀態",
                "自動續約",
                "續約日期",
                "期限",
                "計費週期",
                "促銷",
                "經銷商",
            ],
        }
    }

    /// R-SAB-07: a benefit's transactions' columns.
    pub fn history_csv_header(self) -> [&'static str; 8] {
        match self.0 {
            domain::Language::En => [
                "time_utc",
                "benefit",
                "transaction",
                "credit",
                "debit",
                "balance",
                "unit",
                "note",
            ],
            domain::Language::ZhTw => [
                "時間 (UTC)",
                "權益",
                "交易",
                "增加",
                "減少",
                "餘額",
                "單位",
                "附註",
            ],
        }
    }
}
