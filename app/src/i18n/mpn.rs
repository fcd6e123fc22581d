//! Texts of the partner membership benefits (seed 003, R-MPN-01 … 07).
//! zh-TW wording follows seed 003 (權益、軟體、雲端、Visual Studio 訂閱、
//! 技術權益、進入市場優勢、取得金鑰、指派使用者、啟用、作用中、到期).

/// The texts of the membership benefit codes; `{}` is the hours left.
pub(super) const ERROR_TEXTS: &[(&str, &str, &str)] = &[
    (
        "mpn_all_assigned",
        "Every subscription of this benefit is assigned. Remove a user to assign another.",
        "此權益的所有訂閱均已指派。請移除使用者後再指派其他使用者。",
    ),
    (
        "mpn_already_assigned",
        "This user already has one of these.",
        "此使用者已有此權益。",
    ),
    (
        "mpn_alternate_same_as_account",
        "Enter an email address other than the user's Business Center account email.",
        "請提供使用者的電子郵件地址，但此地址不同於和貴公司帳戶相關聯的電子郵件地址。",
    ),
    (
        "mpn_unknown_user",
        "Choose a user of your organization.",
        "請從清單中選取貴組織的使用者。",
    ),
    (
        "mpn_no_marketing_contact",
        "Add the company marketing contact first (at the top of Go-to-market): it receives the benefits.",
        "若要啟用任何進入市場權益，您必須先指派公司行銷連絡人 (位於 [進入市場] 頁面頂端)。",
    ),
    ("mpn_already_active", "This benefit is already active.", "此權益已在作用中。"),
    ("mpn_expired", "This benefit has expired.", "此權益已到期。"),
    (
        "mpn_hours_invalid",
        "Enter whole hours, from 1 to the {} hours left.",
        "請輸入整數時數，介於 1 到剩餘的 {} 小時之間。",
    ),
    ("mpn_topic_missing", "Enter a topic.", "請輸入主題。"),
    ("mpn_description_missing", "Enter a description.", "請輸入描述。"),
    (
        "mpn_dates_invalid",
        "Enter the preferred dates as YYYY-MM-DD, the first not after the last.",
        "請以 YYYY-MM-DD 格式輸入偏好的日期，開始日期不可晚於結束日期。",
    ),
    ("mpn_package_cancelled", "This package was cancelled.", "此套件已取消。"),
    (
        "mpn_refund_requested",
        "A cancellation of this package is already requested.",
        "已提出取消此套件的要求。",
    ),
    (
        "mpn_refund_window_passed",
        "The 30 days to cancel with a refund have passed.",
        "可取消並退款的 30 天期限已過。",
    ),
    (
        "mpn_refund_key_taken",
        "A software key of the package was taken: a refund is no longer possible.",
        "已取得此套件的軟體金鑰：無法再退款。",
    ),
    (
        "mpn_not_sold",
        "This package is not sold in your currency.",
        "此套件未以您的幣別銷售。",
    ),
];
