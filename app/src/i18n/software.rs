//! Texts of the software screens (seed 002, R-SW-01 … 04). zh-TW wording
//! follows seed 002 (新增產品, 軟體, 版本, 語言, 檔案類型/OS, 提交, 取得金鑰和下載項目,
//! 下載, 複製連結; 不含稅金 / 包含稅金).

use domain::{FileType, LinkStatus, SoftwareLicense, TaxBasis};

use super::{messages, Lang};

messages! { SwMsg {
    Software => "Software", "軟體", ja: "ソフトウェア";
    AddProducts => "Add products", "新增產品", ja: "製品の追加";
    AddProductsHint => "Server software and software subscriptions, bought with the cart's order and charged in full on the next invoice.", "伺服器軟體與軟體訂閱，隨購物車的訂單一併購買，並全額計入下一張發票。", ja: "サーバー ソフトウェアとソフトウェア サブスクリプション。カートの注文と一緒に購入し、次の請求書で全額が請求されます。";
    UnitPrice => "Unit price", "單價", ja: "単価";
    License => "License", "授權", ja: "ライセンス";
    Total => "Total", "總計";
    NoSoftware => "No software has been bought for this customer yet.", "尚未為此客戶購買任何軟體。";
    SoftwareHint => "All the software bought for the customer. Expand a product, select its version, language and file type/OS, then Submit to show it.", "您已代表客戶購買的所有軟體清單。展開產品，選取版本、語言與檔案類型/OS，然後選取 [提交] 以顯示特定產品。";
    SelectProduct => "Select product", "選取產品";
    Version => "Version", "版本";
    Language => "Language", "語言";
    FileTypeOs => "File type/OS", "檔案類型/OS";
    Submit => "Submit", "提交";
    GetKeysAndDownloads => "Get keys and downloads", "取得金鑰和下載項目";
    OnlyAdminAgents => "Only an Admin Agent of the partner that sold it can get keys and downloads.", "只有銷售此產品之合作夥伴的系統管理員代理人可以取得金鑰和下載項目。";
    ProductKey => "Product key", "產品金鑰";
    KeyInstructions => "Instructions", "說明";
    Download => "Download", "下載";
    CopyLink => "Copy link", "複製連結";
    Copied => "Copied", "已複製";
    LinkToCopy => "Link to copy", "要複製的連結";
    ShowKey => "Show product key", "顯示產品金鑰";
    ShowKeyHint => "Each time a key is shown is recorded in the activity log.", "每次顯示金鑰都會記錄在活動記錄中。";
    ShownUntil => "(shown until {})", "(顯示至 {})";
    LinkRule => "A link expires two weeks after it was made or after 50 downloads, whichever comes first. Then select Get keys and downloads again for another two weeks or 50 downloads, as often as needed.", "此連結會在兩個星期後或下載 50 次後到期 (視何者先發生)。連結過期之後，請回到此頁面並再次選取 [取得金鑰和下載項目]，以再啟用另外兩週或 50 次下載。您可以依需求執行此動作，次數不限。";
    LinkLeft => "{} days, {} downloads left", "剩餘 {} 天、{} 次下載";
    Bytes => "bytes", "位元組";
    Order => "Order", "訂單";
    Bought => "Bought", "購買日期";
    Cancelled => "Cancelled", "已取消", ja: "取り消し済み";
    SoldBy => "Sold by", "銷售者";
    CancelPurchase => "Cancel a purchase", "取消購買";
    CancelHint => "A purchase can be cancelled within 60 days, with no early termination fee: its keys and download links are revoked at once, and a credit appears on the next month's invoice — 100 % for perpetual software, prorated by days for software subscriptions. One order at a time.", "您可以在購買後 60 天內取消，且不收取提前終止費用：其金鑰與下載連結會立即撤銷，並在下個月的發票上顯示點數——永久軟體為 100%，軟體訂閱則依天數按比例計算。一次取消一個訂單。";
    OrderId => "Order ID", "訂單識別碼";
    CancelDaysLeft => "{} days left to cancel this order.", "剩餘 {} 天可取消此訂單。";
    CancelWindowPassed => "The 60 days to cancel this order have passed.", "取消此訂單的 60 天期限已過。";
    CancelAcknowledge => "I understand that the order's keys and downloads stop working at once and that this cannot be undone.", "我了解此訂單的金鑰與下載項目會立即失效，且此動作無法復原。";
    CancelCredit => "Credit", "點數";
    CreditOnInvoice => "on the invoice of", "列於下列月份的發票：";
    CancelDone => "The order was cancelled; its credit is on the next month's invoice.", "訂單已取消；其點數會列於下個月的發票。";
    ActivityLog => "Activity log", "活動記錄", ja: "アクティビティ ログ";
    ActivityHint => "Who of your organization accessed software keys or downloaded software, when, and which product.", "貴組織中誰存取了軟體金鑰或下載了軟體、時間與產品。";
    From => "From", "開始日期";
    To => "To", "結束日期";
    Show => "Show", "顯示";
    When => "When (UTC)", "時間 (UTC)";
    Who => "User", "使用者";
    Activity => "Activity", "活動";
    Customer => "Customer", "客戶";
    NoActivity => "No activity in these days.", "這段期間沒有任何活動。";
    KeysAccessed => "Accessed product keys", "存取產品金鑰";
    Downloaded => "Downloaded software", "下載軟體";
    UnavailableTitle => "This download link can no longer be used", "此下載連結已無法使用";
    UnavailableExpired => "It expired two weeks after it was made.", "此連結已在建立兩個星期後到期。";
    UnavailableUsedUp => "It has been used for its 50 downloads.", "此連結已下載 50 次。";
    UnavailableRevoked => "The purchase was cancelled, and its keys and download links were revoked.", "此購買已取消，其金鑰與下載連結均已撤銷。";
    UnavailableUnknown => "No download link has this address. Check that the whole link was copied.", "沒有任何下載連結使用此網址。請確認已複製完整的連結。";
    UnavailableWhatToDo => "Ask the partner's Admin Agent to open the customer's Software page and select Get keys and downloads again: each time makes a fresh link.", "請洽合作夥伴的系統管理員代理人開啟客戶的 [軟體] 頁面，再次選取 [取得金鑰和下載項目]：每次都會建立新的連結。";
}}

messages! { LicenseText for SoftwareLicense {
    Perpetual => "Perpetual license", "永久授權", ja: "永続ライセンス";
    Subscription1Y => "Software subscription, 1 year", "軟體訂閱，1 年", ja: "ソフトウェア サブスクリプション (1 年)";
    Subscription3Y => "Software subscription, 3 years", "軟體訂閱，3 年", ja: "ソフトウェア サブスクリプション (3 年)";
}}

messages! { TaxBasisText for TaxBasis {
    ExcludesTax => "excl. tax", "不含稅金", ja: "税抜";
    IncludesTax => "incl. tax", "包含稅金", ja: "税込";
}}

impl Lang {
    /// R-SW-06: the dialog's days left to cancel.
    pub fn cancel_days_left(self, days: i64) -> String {
        super::fill(self.t(SwMsg::CancelDaysLeft), &[&days.to_string()])
    }

    /// R-SW-03: until when a revealed key stays on the page.
    pub fn key_shown_until(self, at: domain::Timestamp) -> String {
        super::fill(self.t(SwMsg::ShownUntil), &[&self.datetime(at)])
    }

    /// R-SW-04: "12 days, 37 downloads left".
    pub fn link_left(self, days: i64, downloads: u32) -> String {
        super::fill(
            self.t(SwMsg::LinkLeft),
            &[&days.to_string(), &downloads.to_string()],
        )
    }

    pub fn license(self, l: SoftwareLicense) -> &'static str {
        self.t(LicenseText::of(l))
    }

    pub fn file_type(self, t: FileType) -> &'static str {
        match t {
            FileType::Iso => "ISO",
            FileType::Vhd => "VHD",
            FileType::X64 => "x64",
        }
    }

    /// R-SW-01: said next to every software price.
    pub fn tax_basis(self, t: TaxBasis) -> &'static str {
        self.t(TaxBasisText::of(t))
    }

    /// Why a link cannot be used, or `None` while it can.
    pub fn link_refusal(self, s: LinkStatus) -> Option<&'static str> {
        match s {
            LinkStatus::Usable { .. } => None,
            LinkStatus::Expired => Some(self.t(SwMsg::UnavailableExpired)),
            LinkStatus::UsedUp => Some(self.t(SwMsg::UnavailableUsedUp)),
            LinkStatus::Revoked => Some(self.t(SwMsg::UnavailableRevoked)),
        }
    }
}

impl Lang {
    pub fn activity_kind(self, k: domain::ActivityKind) -> &'static str {
        match k {
            domain::ActivityKind::Keys => self.t(SwMsg::KeysAccessed),
            domain::ActivityKind::Download => self.t(SwMsg::Downloaded),
        }
    }
}

// The texts of the software error codes.
messages! { pub(super) const ERROR_TEXTS {
    "software_unknown_version" => "Select one of the product's versions.", "請選取產品的其中一個版本。";
    "software_unknown_language" => "Select one of the product's languages.", "請選取產品的其中一種語言。";
    "software_unknown_file_type" => "Select one of the product's file types.", "請選取產品的其中一種檔案類型/OS。";
    "software_unknown_product" => "Select one of the products this benefit offers.", "請選取此權益提供的其中一項產品。";
    "software_already_cancelled" => "This purchase is already cancelled.", "此購買已取消。";
    "software_cancel_window_passed" => "The 60 days to cancel this purchase have passed.", "取消此購買的 60 天期限已過。";
    "software_cancel_support_only" => "This product is cancelled through a support request.", "此產品需透過支援要求取消。";
    "software_cancel_not_acknowledged" => "Confirm that you understand what cancelling does.", "請確認您了解取消的後果。";
    "software_cancelled" => "This purchase was cancelled: its keys and downloads are revoked.", "此購買已取消：其金鑰與下載項目均已撤銷。";
    "software_not_sold" => "This product is not sold to this customer.", "此產品不對此客戶銷售。";
    "activity_date_invalid" => "Enter a date as YYYY-MM-DD.", "請以 YYYY-MM-DD 格式輸入日期。";
    "activity_range_reversed" => "The range ends before it starts.", "結束日期早於開始日期。";
    "activity_range_too_long" => "Show at most 366 days at once.", "一次最多顯示 366 天。";
    "quantity_invalid" => "Enter a quantity from 1 to 100,000.", "請輸入 1 到 100,000 之間的數量。";
}}
