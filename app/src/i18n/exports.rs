//! The column names of the CSV exports, in the reader's language (zh-TW
//! as the pages word them).

use super::{messages, Lang};

messages! { AuditCsv {
    TimeUtc => "time_utc", "時間 (UTC)";
    Actor => "actor", "執行者";
    ActorOrganization => "actor_organization", "執行者的組織";
    Action => "action", "動作";
    Entity => "entity", "對象";
    EntityId => "entity_id", "對象識別碼";
    Before => "before", "變更前";
    After => "after", "變更後";
}}

messages! { SubscriptionsCsv {
    SubscriptionId => "Subscription ID", "訂用帳戶識別碼";
    Product => "Product", "產品";
    Quantity => "Quantity", "數量";
    Status => "Status", "狀態";
    AutoRenew => "Auto-renew", "自動續約";
    RenewalDate => "Renewal date", "續約日期";
    Term => "Term", "期限";
    BillingCycle => "Billing cycle", "計費週期";
    Promotion => "Promotion", "促銷";
    Reseller => "Reseller", "經銷商";
}}

messages! { HistoryCsv {
    TimeUtc => "time_utc", "時間 (UTC)";
    Benefit => "benefit", "權益";
    Transaction => "transaction", "交易";
    Credit => "credit", "增加";
    Debit => "debit", "減少";
    Balance => "balance", "餘額";
    Unit => "unit", "單位";
    Note => "note", "附註";
}}

impl Lang {
    /// R-AUD-01: the audit log's columns.
    pub fn audit_csv_header(self) -> [&'static str; 8] {
        [
            AuditCsv::TimeUtc,
            AuditCsv::Actor,
            AuditCsv::ActorOrganization,
            AuditCsv::Action,
            AuditCsv::Entity,
            AuditCsv::EntityId,
            AuditCsv::Before,
            AuditCsv::After,
        ]
        .map(|t| self.t(t))
    }

    /// R-SUB-07: the subscriptions export's columns.
    pub fn subscriptions_csv_header(self) -> [&'static str; 10] {
        [
            SubscriptionsCsv::SubscriptionId,
            SubscriptionsCsv::Product,
            SubscriptionsCsv::Quantity,
            SubscriptionsCsv::Status,
            SubscriptionsCsv::AutoRenew,
            SubscriptionsCsv::RenewalDate,
            SubscriptionsCsv::Term,
            SubscriptionsCsv::BillingCycle,
            SubscriptionsCsv::Promotion,
            SubscriptionsCsv::Reseller,
        ]
        .map(|t| self.t(t))
    }

    /// R-SAB-07: a benefit's transactions' columns.
    pub fn history_csv_header(self) -> [&'static str; 8] {
        [
            HistoryCsv::TimeUtc,
            HistoryCsv::Benefit,
            HistoryCsv::Transaction,
            HistoryCsv::Credit,
            HistoryCsv::Debit,
            HistoryCsv::Balance,
            HistoryCsv::Unit,
            HistoryCsv::Note,
        ]
        .map(|t| self.t(t))
    }
}
