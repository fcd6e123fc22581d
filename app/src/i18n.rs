//! The UI's texts, written with the `texts` crate's one mechanism: every
//! message has its English and Traditional Chinese (zh-TW) text side by side
//! (neither can be missing), and a Japanese one where it is translated (else
//! English). zh-TW wording follows the seed documents (商務中心, 採購帳戶 …).

use domain::views::RelationshipStatus;
use domain::{Country, FieldError, Language, Role, Timestamp};
use leptos::prelude::*;

/// The language of the current page, provided by the app root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang(pub Language);

/// On the server the app root provides the language. An island hydrating in
/// the browser has no server context; it reads the `<html lang>` the server
/// wrote, so both sides render the same text.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_else(|| Lang(document_language().unwrap_or(Language::En)))
}

#[cfg(feature = "hydrate")]
fn document_language() -> Option<Language> {
    let code = document().document_element()?.get_attribute("lang")?;
    Language::parse(&code)
}

#[cfg(not(feature = "hydrate"))]
fn document_language() -> Option<Language> {
    None
}

// The tables below are `texts` tables: each message is an associated
// constant, so only the texts code uses are linked into the bundle.
pub use texts::Text;
pub(crate) use texts::{fill, messages};

// Each area keeps its texts in its own table (same macro).
mod benefits;
pub use benefits::BMsg;
mod subscriptions;
pub use subscriptions::SMsg;
mod operations;
pub use operations::OMsg;
mod transfers;
pub use transfers::TMsg;
mod software;
pub use software::SwMsg;
mod support;
pub use support::SupMsg;
mod mpn;
pub use mpn::MMsg;
mod api;
pub use api::AMsg;
mod exports;

messages! { Msg {
    AppName => "Business Center", "商務中心", ja: "ビジネス センター";
    NavLabel => "Main", "主要導覽", ja: "メイン";
    NavAgreements => "Agreements", "合約", ja: "契約";
    NavPartners => "Partners", "合作夥伴", ja: "パートナー";
    NavCustomers => "Customers", "客戶", ja: "顧客";
    NavOrganizations => "Organizations", "組織", ja: "組織";
    NavUsers => "Manage users", "管理使用者", ja: "ユーザーの管理";
    NavAudit => "Audit log", "稽核記錄", ja: "監査ログ";
    NavMailbox => "Demo mailbox", "示範信箱", ja: "デモ用メールボックス";
    DemoBanner => "Demo mode: emails are not sent; read them in the", "示範模式：不會寄出電子郵件，請在此閱讀：", ja: "デモ モード: メールは送信されません。次の場所で確認してください:";
    MyProfile => "My profile", "我的設定檔", ja: "マイ プロフィール";
    SignOut => "Sign out", "登出", ja: "サインアウト";
    SignIn => "Sign in", "登入", ja: "サインイン";
    SignInTitle => "Sign in to Business Center", "登入商務中心", ja: "ビジネス センターにサインイン";
    SignInHint => "Use the work email address your organization invited.", "請使用您的組織所邀請的工作電子郵件地址。", ja: "組織から招待を受けた職場のメール アドレスを使用してください。";
    WorkEmail => "Work email", "工作電子郵件", ja: "職場のメール アドレス";
    Password => "Password", "密碼", ja: "パスワード";
    NoInvitationLink => "Didn't receive an invitation email?", "未收到邀請電子郵件？", ja: "招待メールが届いていませんか?";
    Language => "Language", "語言", ja: "言語";
    ChangeLanguage => "Change", "變更", ja: "変更";
    Welcome => "Welcome", "歡迎", ja: "ようこそ";
    YourRoles => "Your roles", "您的角色", ja: "あなたのロール";
    TileAgreements => "Agreements and purchasing accounts, domains.", "合約與採購帳戶、網域。", ja: "契約と購入アカウント、ドメイン。";
    TilePartners => "Partner relationships to accept or end.", "接受或結束合作夥伴關係。", ja: "パートナー関係の承認または終了。";
    TileCustomers => "Your customers and relationship requests.", "您的客戶與關係要求。", ja: "顧客と関係の要求。";
    TileOrganizations => "Organizations and new agreements.", "組織與新合約。", ja: "組織と新しい契約。";
    TileUsers => "Invite users, edit roles, remove users.", "邀請使用者、編輯角色、移除使用者。", ja: "ユーザーの招待、ロールの編集、ユーザーの削除。";
    TileAudit => "Every change, who made it and when.", "每一項變更、變更者與時間。", ja: "すべての変更と、その変更者および日時。";
    TileProfile => "Your roles, language and country.", "您的角色、語言與國家/地區。", ja: "あなたのロール、言語、国/地域。";
    NotFoundTitle => "This page does not exist.", "此頁面不存在。", ja: "このページは存在しません。";
    BackToDashboard => "Back to the dashboard", "返回主頁", ja: "ダッシュボードに戻る";
    ErrForbidden => "You don't have permission to see this.", "您沒有檢視此內容的權限。", ja: "これを表示する権限がありません。";
    ErrInternal => "Something went wrong on our side. Please try again.", "系統發生錯誤，請再試一次。", ja: "問題が発生しました。もう一度お試しください。";
    ForbiddenWhatToDo => "Ask a Global Administrator or Account Administrator of your organization for a role that includes this page; your roles are on your profile.", "請向貴組織的全域管理員或帳戶管理員要求包含此頁面的角色；您目前的角色列於您的設定檔。";
    NotFoundWhatToDo => "It may have been removed, or the address may be mistyped. Go back, or start again from the dashboard.", "此內容可能已被移除，或網址有誤。請返回上一頁，或從主頁重新開始。";
    TryAgainWhatToDo => "Please try again in a minute. If it keeps happening, contact support.", "請稍候一分鐘再試一次。若問題持續發生，請連絡支援人員。";
    SeeMyRoles => "See my roles", "檢視我的角色";
    Pages => "Pages", "頁面";
    OlderPage => "Older entries →", "較早的項目 →";
    NewestPage => "← Newest entries", "← 最新的項目";
    FindUsers => "Name or email contains", "姓名或電子郵件包含";
    Find => "Find", "搜尋";
    ErrRoleNotGrantable => "Your roles don't allow you to give the role {}.", "您的角色無權指派「{}」角色。";
    ErrRoleWrongOrgKind => "The role {} doesn't exist in this kind of organization.", "此類組織沒有「{}」角色。";
    CreateAccountTitle => "Create your organizational account", "建立您的組織帳戶", ja: "組織アカウントの作成";
    NotYou => "Not you? Contact your partner or support to change the email address.", "不是您嗎？請連絡您的合作夥伴或支援人員變更電子郵件地址。", ja: "ご本人ではありませんか? メール アドレスを変更するには、パートナーまたはサポートにお問い合わせください。";
    FullName => "Name", "姓名", ja: "名前";
    CreatePassword => "Create password", "建立密碼", ja: "パスワードの作成";
    ConfirmPassword => "Confirm your password", "確認密碼", ja: "パスワードの確認";
    PasswordRule => "At least 12 characters.", "至少 12 個字元。", ja: "12 文字以上。";
    Country => "Country/region", "國家/地區", ja: "国/地域";
    CountryCode => "Country/region code (e.g. TW)", "國家/地區代碼（例如 TW）";
    ChooseCountry => "Choose…", "請選擇…", ja: "選択してください…";
    AcceptTerms => "I agree to the terms and conditions and understand that my name and email address will be visible to other people in my organization.", "我同意條款及條件，並了解我的姓名和電子郵件地址將對組織中的其他人員顯示。", ja: "利用規約に同意し、自分の名前とメール アドレスが組織内の他のユーザーに表示されることを理解しました。";
    Start => "Start", "開始", ja: "開始";
    InvitationExpiredTitle => "This invitation has expired", "此邀請已過期", ja: "この招待は有効期限が切れています";
    InvitationExpiredText => "Invitation links expire 60 days after they are sent. The purchasing account administrator can ask for a new one below; anyone else should ask an administrator of their organization to invite them again.", "邀請連結在寄出 60 天後到期。採購帳戶管理員可以在下方要求重新傳送邀請；其他人員請要求組織的管理員再次邀請。", ja: "招待リンクの有効期限は送信から 60 日間です。購入アカウント管理者は下記から新しい招待を依頼できます。それ以外の方は、組織の管理者にもう一度招待するよう依頼してください。";
    LinkExpires => "This link works once and expires at", "此連結只能使用一次，到期時間：", ja: "このリンクは 1 回だけ使用でき、有効期限は次のとおりです:";
    ExpiredAt => "Expired at", "到期時間", ja: "有効期限";
    InvitationUsedTitle => "This invitation has already been used", "此邀請已使用過", ja: "この招待はすでに使用されています";
    InvitationUsedText => "Each invitation link can be used once. If you created your account, sign in.", "每個邀請連結只能使用一次。如果您已建立帳戶，請登入。", ja: "招待リンクは 1 回だけ使用できます。アカウントを作成済みの場合は、サインインしてください。";
    InvitationSupersededTitle => "A newer invitation replaced this one", "此邀請已被較新的邀請取代", ja: "この招待は新しい招待に置き換えられました";
    InvitationSupersededText => "Use the link in the most recent invitation email.", "請使用最新邀請電子郵件中的連結。", ja: "最新の招待メールにあるリンクを使用してください。";
    InvitationUnknownTitle => "This invitation link is not valid", "此邀請連結無效", ja: "この招待リンクは無効です";
    InvitationUnknownText => "Check that you copied the whole link from the email.", "請確認您已從電子郵件複製完整連結。", ja: "メールからリンク全体をコピーしたことを確認してください。";
    RequestNewInvitation => "Ask for a new invitation", "要求重新傳送邀請", ja: "新しい招待を依頼する";
    ResendTitle => "Please enter your email address and account information", "請輸入您的電子郵件地址與帳戶資訊", ja: "メール アドレスとアカウント情報を入力してください";
    ResendHint => "Once we're sure this is you, we'll re-send your invitation to the Business Center. Only the purchasing account administrator named in the agreement can receive it.", "確認是您本人後，我們將重新傳送商務中心的邀請。只有合約中指定的採購帳戶管理員才能收到。", ja: "ご本人であることを確認できたら、ビジネス センターへの招待を再送信します。受け取れるのは、契約で指定された購入アカウント管理者だけです。";
    ResendNeutral => "If the details match the purchasing account administrator of that agreement, a new invitation is on its way. Check your email (and your spam filter).", "如果資料與該合約的採購帳戶管理員相符，新的邀請即將寄出。請檢查您的電子郵件（以及垃圾郵件篩選）。", ja: "入力内容がその契約の購入アカウント管理者と一致する場合は、新しい招待が送信されます。メール (と迷惑メール フィルター) を確認してください。";
    EmailAddress => "Email address", "電子郵件地址", ja: "メール アドレス";
    AgreementNumber => "Agreement number", "合約編號", ja: "契約番号";
    PurchasingAccountNumber => "Purchasing account number", "採購帳號", ja: "購入アカウント番号";
    PurchasingAccountName => "Purchasing account", "採購帳戶";
    PurchasingAccountAdmin => "Purchasing account administrator (email)", "採購帳戶管理員（電子郵件）";
    Submit => "Submit", "提交", ja: "送信";
    NoAgreements => "Your organization has no agreements yet.", "您的組織尚無合約。";
    Domains => "Domains", "網域";
    DomainsHint => "People whose email ends in one of these domains can use the online services and the benefits that need an eligible domain.", "電子郵件地址以這些網域結尾的人員，可以使用線上服務以及需要合格網域的權益。";
    NoDomains => "No domains are associated with this purchasing account.", "此採購帳戶尚未關聯任何網域。";
    AddDomain => "Add a domain", "新增網域";
    Add => "Add", "新增";
    Remove => "Remove", "移除", ja: "削除";
    InviteUsers => "Invite users", "邀請使用者";
    InviteHint => "Fill in each field; add more people with “Invite another user”. You can only give roles you hold yourself.", "填寫每個欄位；以「邀請其他使用者」新增更多人員。您只能指派自己擁有的權限範圍內的角色。";
    InviteAnother => "Invite another user", "邀請其他使用者";
    Invite => "Invite", "邀請";
    InvitationsSent => "Invitations sent", "已寄出邀請";
    Person => "Person", "人員";
    PreferredLanguage => "Preferred language", "慣用語言";
    Roles => "Roles", "角色";
    PendingInvitations => "Invitations not yet accepted", "尚未接受的邀請";
    NoPendingInvitations => "No open invitations.", "沒有待處理的邀請。";
    ExpiresAt => "Expires", "到期";
    Expired => "expired", "已過期";
    EditRoles => "Edit roles", "編輯角色";
    Save => "Save", "儲存";
    Organization => "Organization", "組織";
    LanguageHint => "Also the language of the emails you receive.", "也是您收到的電子郵件所使用的語言。";
    PartnersHint => "A partner sees and acts for your organization only after you accept its request.", "合作夥伴在您接受其要求後，才能檢視並代表貴組織執行作業。";
    NoPartners => "No partner has asked for a relationship.", "尚無合作夥伴提出關係要求。";
    Status => "Status", "狀態";
    RequestedAt => "Requested", "要求時間";
    Accept => "Accept", "接受";
    Reject => "Reject", "拒絕";
    EndRelationship => "End relationship", "結束關係";
    NoCustomers => "No customers yet.", "尚無客戶。";
    RequestRelationship => "Request a relationship", "要求建立關係";
    RequestRelationshipHint => "Enter the customer's agreement number and its purchasing account administrator's email. The customer must accept before you see anything of theirs.", "輸入客戶的合約編號及其採購帳戶管理員的電子郵件。客戶接受後，您才能檢視其資訊。";
    RequestSent => "Request sent. The customer's administrators were notified.", "已送出要求，並已通知客戶的管理員。";
    SendRequest => "Send request", "送出要求";
    Kind => "Type", "類型";
    KindCustomer => "Customer", "客戶";
    KindPartner => "Partner", "合作夥伴";
    KindProvider => "Provider", "服務提供者";
    NewAgreement => "New agreement", "新增合約";
    NewAgreementHint => "Creates the customer, its agreement and purchasing account, and emails an invitation to the purchasing account administrator.", "建立客戶、合約與採購帳戶，並以電子郵件邀請採購帳戶管理員。";
    AgreementCreated => "Agreement created; the invitation is in the outbox.", "已建立合約，邀請已放入寄件匣。";
    CreateAgreement => "Create agreement", "建立合約";
    When => "When (UTC)", "時間（UTC）";
    Who => "Who", "執行者";
    Action => "Change", "變更";
    Before => "Before", "變更前";
    After => "After", "變更後";
    System => "System", "系統";
    ExportCsv => "Export (CSV)", "匯出 (CSV)";
    MailboxHint => "Every email the portal would send, newest first.", "入口網站將寄出的所有電子郵件，最新的在前。";
    NoMessages => "No emails yet.", "尚無電子郵件。";
    To => "To", "收件者";
    ListSeparator => ", ", "、", ja: "、";
    NavInventory => "Inventory", "庫存", ja: "インベントリ";
}}

// The texts of the error codes without parameters (`Lang::error`).
messages! { const ERROR_TEXTS {
    "email_empty" => "Enter an email address.", "請輸入電子郵件地址。", ja: "メール アドレスを入力してください。";
    "email_too_long" => "This email address is too long.", "此電子郵件地址過長。";
    "email_invalid" => "Enter a valid email address, like name@contoso.com.", "請輸入有效的電子郵件地址，例如 name@contoso.com。", ja: "name@contoso.com のような有効なメール アドレスを入力してください。";
    "domain_empty" => "Enter a domain name.", "請輸入網域名稱。";
    "domain_too_long" => "This domain name is too long.", "此網域名稱過長。";
    "domain_invalid" => "Enter a valid domain name, like contoso.com.", "請輸入有效的網域名稱，例如 contoso.com。";
    "domain_single_label" => "A domain needs at least two parts, like contoso.com.", "網域至少需要兩個部分，例如 contoso.com。";
    "domain_taken" => "This domain is already associated with this purchasing account.", "此網域已與此採購帳戶關聯。";
    "agreement_number_empty" => "Enter the agreement number.", "請輸入合約編號。";
    "agreement_number_invalid" => "An agreement number has exactly 10 digits.", "合約編號必須是 10 位數字。";
    "agreement_number_taken" => "This agreement number is already in use.", "此合約編號已被使用。";
    "purchasing_account_number_empty" => "Enter the purchasing account number.", "請輸入採購帳號。";
    "purchasing_account_number_invalid" => "A purchasing account number has 6 to 12 digits.", "採購帳號必須是 6 到 12 位數字。";
    "name_empty" => "Enter a name.", "請輸入姓名。", ja: "名前を入力してください。";
    "name_too_long" => "This name is too long (at most 100 characters).", "姓名過長（最多 100 個字元）。", ja: "名前が長すぎます (最大 100 文字)。";
    "name_invalid" => "This name contains characters that are not allowed.", "姓名包含不允許的字元。", ja: "名前に使用できない文字が含まれています。";
    "password_too_short" => "The password needs at least 12 characters.", "密碼至少需要 12 個字元。", ja: "パスワードは 12 文字以上にしてください。";
    "password_too_long" => "The password can have at most 128 characters.", "密碼最多 128 個字元。", ja: "パスワードは 128 文字以内にしてください。";
    "password_mismatch" => "The passwords don't match.", "兩次輸入的密碼不相符。", ja: "パスワードが一致しません。";
    "country_unknown" => "Choose a country or region.", "請選擇國家/地區。", ja: "国または地域を選択してください。";
    "language_unknown" => "Choose a language.", "請選擇語言。";
    "terms_not_accepted" => "Please accept the terms and conditions.", "請接受條款及條件。", ja: "利用規約に同意してください。";
    "roles_empty" => "Choose at least one role.", "請至少選擇一個角色。";
    "role_unknown" => "Unknown role.", "未知的角色。";
    "rows_empty" => "Add at least one person.", "請至少新增一位人員。";
    "email_duplicate" => "This email is already in the form.", "此電子郵件已在表單中。";
    "user_exists" => "This person already has an account.", "此人員已經有帳戶。";
    "invitation_expired" => "This invitation has expired.", "此邀請已過期。", ja: "この招待は有効期限が切れています。";
    "invitation_used" => "This invitation has already been used.", "此邀請已使用過。", ja: "この招待はすでに使用されています。";
    "invitation_superseded" => "A newer invitation replaced this one.", "此邀請已被較新的邀請取代。", ja: "この招待は新しい招待に置き換えられました。";
    "already_registered" => "This email address already has an account. Sign in instead.", "此電子郵件地址已經有帳戶，請直接登入。", ja: "このメール アドレスにはすでにアカウントがあります。代わりにサインインしてください。";
    "login_failed" => "The email address or password is not correct.", "電子郵件地址或密碼不正確。", ja: "メール アドレスまたはパスワードが正しくありません。";
    "customer_not_found" => "No customer matches this agreement number and administrator email.", "找不到符合此合約編號與管理員電子郵件的客戶。";
    "relationship_exists" => "You already have a relationship with this customer.", "您已與此客戶建立關係。";
    "relationship_pending" => "A request to this customer is already waiting for an answer.", "已有一個要求正在等候此客戶回覆。";
    "relationship_changed" => "Someone changed this relationship meanwhile. Reload the page.", "此關係已被其他人變更，請重新載入頁面。";
    "decision_invalid" => "That decision isn't possible.", "無法執行該決定。";
    "last_administrator" => "The organization needs at least one administrator.", "組織至少需要一位管理員。";
    "cannot_remove_self" => "You can't remove yourself.", "您無法移除自己。";
    "cannot_change_own_roles" => "You can't change your own roles. Ask another administrator.", "您無法變更自己的角色，請洽詢其他管理員。";
    "rate_limited" => "Too many attempts. Please wait a while and try again.", "嘗試次數過多，請稍後再試。", ja: "試行回数が多すぎます。しばらく待ってからもう一度お試しください。";
    "unauthenticated" => "Please sign in again.", "請重新登入。", ja: "もう一度サインインしてください。";
    "forbidden" => "You don't have permission to do this.", "您沒有執行此動作的權限。", ja: "この操作を行う権限がありません。";
    "not_found" => "This item doesn't exist.", "此項目不存在。";
    "transport" => "The server could not be reached. Check your connection and try again.", "無法連線到伺服器，請檢查網路連線後再試一次。", ja: "サーバーに接続できませんでした。接続を確認して、もう一度お試しください。";
    "unavailable" => "Business Center is unavailable for a moment. Please try again in a minute.", "商務中心暫時無法使用，請稍候一分鐘再試。", ja: "ビジネス センターは一時的に利用できません。1 分ほどしてからもう一度お試しください。";
    "internal" => "Something went wrong on our side. Please try again.", "系統發生錯誤，請再試一次。", ja: "問題が発生しました。もう一度お試しください。";
    "body_invalid" => "The form could not be read. Reload the page and try again.", "無法讀取表單，請重新載入頁面後再試一次。";
    "field_missing" => "This field was not sent. Reload the page and try again.", "未送出此欄位，請重新載入頁面後再試一次。";
    "platform_admin_exists" => "A Platform Administrator exists already: they invite others from the portal.", "已有平台管理員：請由其在入口網站中邀請其他人。";
}}

messages! { RoleText for Role {
    AccountAdministrator => "Account Administrator", "帳戶管理員", ja: "アカウント管理者";
    AgreementAdministrator => "Agreement Administrator", "合約管理員", ja: "契約管理者";
    UserAdministrator => "User Administrator", "使用者管理員", ja: "ユーザー管理者";
    AccountManager => "Account Manager", "客戶經理", ja: "アカウント マネージャー";
    ReportViewer => "Report Viewer", "報告檢視者", ja: "レポート閲覧者";
    AccountViewer => "Account Viewer", "帳戶檢視者", ja: "アカウント閲覧者";
    GlobalAdministrator => "Global Administrator", "全域系統管理員", ja: "グローバル管理者";
    AdminAgent => "Admin Agent", "系統管理代理人", ja: "管理エージェント";
    BillingAdmin => "Billing Admin", "計費管理員", ja: "課金管理者";
    SalesAgent => "Sales Agent", "銷售代理人", ja: "営業エージェント";
    HelpdeskAgent => "Helpdesk Agent", "服務台代理人", ja: "ヘルプデスク エージェント";
    PartnerAccountAdmin => "Account Admin", "帳戶管理員（合作夥伴）", ja: "アカウント管理者 (パートナー)";
    ReferralAdmin => "Referral Admin", "推薦管理員", ja: "紹介管理者";
    MarketingContentAdmin => "Marketing Content Admin", "行銷內容管理員", ja: "マーケティング コンテンツ管理者";
    MpnPartnerAdmin => "MPN Partner Admin", "MPN 合作夥伴系統管理員", ja: "MPN パートナー管理者";
    ProviderAdministrator => "Platform Administrator", "平台管理員", ja: "プラットフォーム管理者";
}}

messages! { RelationshipText for RelationshipStatus {
    Pending => "Pending", "待處理";
    Accepted => "Accepted", "已接受";
    Rejected => "Rejected", "已拒絕";
    Ended => "Ended", "已結束";
}}

impl Lang {
    pub fn t(self, text: Text) -> &'static str {
        text.get(self.0)
    }

    /// A role's name as the seeds word it.
    pub fn role(self, role: Role) -> &'static str {
        self.t(RoleText::of(role))
    }

    /// Several roles, as a list.
    pub fn roles(self, roles: &[Role]) -> String {
        let names: Vec<&str> = roles.iter().map(|r| self.role(*r)).collect();
        names.join(self.t(Msg::ListSeparator))
    }

    pub fn country(self, country: Country) -> &'static str {
        self.t(texts::country_name(country))
    }

    pub fn relationship(self, status: RelationshipStatus) -> &'static str {
        self.t(RelationshipText::of(status))
    }

    /// Times are shown in UTC, as the seeds require.
    /// A moment, as the reader writes dates, always in UTC and saying so.
    pub fn datetime(self, at: Timestamp) -> String {
        match self.0 {
            Language::En => at.display_minutes(),
            Language::ZhTw | Language::Ja => at.display_minutes_cjk(),
        }
    }

    /// The message for an error code, with its parameters filled in; an
    /// unknown code (a newer server's) shows the generic one.
    pub fn error(self, e: &FieldError) -> String {
        self.known_error(e)
            .unwrap_or_else(|| self.t(Msg::ErrInternal).into())
    }

    /// The message of a code some table here has a text for.
    fn known_error(self, e: &FieldError) -> Option<String> {
        let code = e.code.as_str();
        if let Some(text) = self.error_text(ERROR_TEXTS, code) {
            return Some(text.into());
        }
        let role = e
            .param("role")
            .and_then(Role::parse)
            .map(|r| self.role(r))
            .unwrap_or_default();
        let text = match code {
            "role_not_grantable" => Msg::ErrRoleNotGrantable,
            "role_wrong_org_kind" => Msg::ErrRoleWrongOrgKind,
            _ => {
                return benefits::error(self, e)
                    .or_else(|| subscriptions::error_text(code, e, self))
                    .or_else(|| transfers::error_text(code, e, self))
                    .or_else(|| support::error_text(code, e, self))
                    .or_else(|| {
                        let text = self.error_text(mpn::ERROR_TEXTS, code)?;
                        Some(fill(text, &[e.param("max").unwrap_or("")]))
                    })
                    .or_else(|| {
                        self.error_text(operations::ERROR_TEXTS, code)
                            .or_else(|| self.error_text(software::ERROR_TEXTS, code))
                            .or_else(|| self.error_text(api::ERROR_TEXTS, code))
                            .map(str::to_string)
                    })
            }
        };
        Some(fill(self.t(text), &[role]))
    }

    /// The text of `code` in a table of `(code, text)` rows.
    pub(crate) fn error_text(self, table: &[(&str, Text)], code: &str) -> Option<&'static str> {
        table
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, text)| self.t(*text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code of every code enum (the rules crate's errors, the use
    /// cases' and the app's own) has its own message in both languages.
    #[test]
    fn every_error_code_has_a_message_in_both_languages() {
        use domain::ErrorCode;
        let codes = domain::error::all_codes()
            .chain(backend::Code::CODES.iter().copied())
            .chain(crate::error::Code::CODES.iter().copied());
        let mut missing = Vec::new();
        for code in codes {
            let e = FieldError::from_code("", code);
            let en = Lang(Language::En).known_error(&e);
            let zh = Lang(Language::ZhTw).known_error(&e);
            match (en, zh) {
                (Some(en), Some(zh)) if !en.is_empty() && en != zh => {}
                (en, zh) => missing.push(format!("{code}: {en:?} / {zh:?}")),
            }
        }
        assert!(
            missing.is_empty(),
            "codes without two texts:\n{}",
            missing.join("\n")
        );
    }

    /// No table keeps a text for a code that no enum has any more.
    #[test]
    fn every_text_is_of_a_code() {
        use domain::ErrorCode;
        let codes: std::collections::BTreeSet<&str> = domain::error::all_codes()
            .chain(backend::Code::CODES.iter().copied())
            .chain(crate::error::Code::CODES.iter().copied())
            .collect();
        let tables = [
            ERROR_TEXTS,
            subscriptions::ERROR_TEXTS,
            operations::ERROR_TEXTS,
            transfers::ERROR_TEXTS,
            software::ERROR_TEXTS,
            support::ERROR_TEXTS,
            mpn::ERROR_TEXTS,
            api::ERROR_TEXTS,
            benefits::ERROR_TEXTS,
        ];
        for (code, _) in tables.iter().flat_map(|t| t.iter()) {
            assert!(codes.contains(code), "a text for {code}, which no enum has");
        }
    }

    /// Every table of the UI, by name.
    fn tables() -> Vec<(&'static str, &'static [(&'static str, Text)])> {
        vec![
            ("Msg", Msg::ALL),
            ("RoleText", RoleText::ALL),
            ("RelationshipText", RelationshipText::ALL),
            ("ERROR_TEXTS", ERROR_TEXTS),
            ("BMsg", BMsg::ALL),
            ("benefits::BenefitText", benefits::BenefitText::ALL),
            (
                "benefits::BenefitDescriptionText",
                benefits::BenefitDescriptionText::ALL,
            ),
            ("benefits::UnitText", benefits::UnitText::ALL),
            ("benefits::DelegationText", benefits::DelegationText::ALL),
            ("benefits::DecisionText", benefits::DecisionText::ALL),
            ("benefits::TransactionText", benefits::TransactionText::ALL),
            ("benefits::BErr", benefits::BErr::ALL),
            ("benefits::ERROR_TEXTS", benefits::ERROR_TEXTS),
            ("exports::AuditCsv", exports::AuditCsv::ALL),
            ("exports::SubscriptionsCsv", exports::SubscriptionsCsv::ALL),
            ("exports::HistoryCsv", exports::HistoryCsv::ALL),
            ("SMsg", SMsg::ALL),
            ("subscriptions::StatusText", subscriptions::StatusText::ALL),
            ("subscriptions::TermText", subscriptions::TermText::ALL),
            (
                "subscriptions::FrequencyText",
                subscriptions::FrequencyText::ALL,
            ),
            (
                "subscriptions::PublisherText",
                subscriptions::PublisherText::ALL,
            ),
            (
                "subscriptions::BillingTypeText",
                subscriptions::BillingTypeText::ALL,
            ),
            (
                "subscriptions::CategoryText",
                subscriptions::CategoryText::ALL,
            ),
            ("subscriptions::LedgerText", subscriptions::LedgerText::ALL),
            ("subscriptions::SErr", subscriptions::SErr::ALL),
            ("subscriptions::ERROR_TEXTS", subscriptions::ERROR_TEXTS),
            ("OMsg", OMsg::ALL),
            ("operations::ERROR_TEXTS", operations::ERROR_TEXTS),
            ("SupMsg", SupMsg::ALL),
            ("support::IssueTypeText", support::IssueTypeText::ALL),
            ("support::ImpactText", support::ImpactText::ALL),
            (
                "support::SupportStatusText",
                support::SupportStatusText::ALL,
            ),
            (
                "support::AttachmentKindText",
                support::AttachmentKindText::ALL,
            ),
            ("support::ERROR_TEXTS", support::ERROR_TEXTS),
            ("TMsg", TMsg::ALL),
            (
                "transfers::TransferStatusText",
                transfers::TransferStatusText::ALL,
            ),
            ("transfers::TErr", transfers::TErr::ALL),
            ("transfers::ERROR_TEXTS", transfers::ERROR_TEXTS),
            ("MMsg", MMsg::ALL),
            ("mpn::TechnicalKindText", mpn::TechnicalKindText::ALL),
            ("mpn::ERROR_TEXTS", mpn::ERROR_TEXTS),
            ("SwMsg", SwMsg::ALL),
            ("software::LicenseText", software::LicenseText::ALL),
            ("software::TaxBasisText", software::TaxBasisText::ALL),
            ("software::ERROR_TEXTS", software::ERROR_TEXTS),
            ("AMsg", AMsg::ALL),
            ("api::ERROR_TEXTS", api::ERROR_TEXTS),
        ]
    }

    /// Every text has its English and zh-TW (the constructor takes both),
    /// none is empty, and in Japanese each has its own text or falls back
    /// to English, explicitly; the test prints the ones that fall back. The
    /// sign-in page, the dashboard (with the header every page shows), the
    /// subscription pages and the page the invitation email leads to are
    /// translated completely.
    #[test]
    fn every_text_has_every_language_or_falls_back_to_english() {
        let mut untranslated = std::collections::BTreeMap::new();
        let (mut total, mut fallbacks) = (0, 0);
        for (name, all) in tables() {
            let missing = texts::untranslated(name, all, Language::Ja);
            total += all.len();
            fallbacks += missing.len();
            untranslated.insert(name, missing);
        }
        println!("ja-JP: {} of {total} texts translated", total - fallbacks);
        for complete in [
            "RoleText",
            "SMsg",
            "subscriptions::StatusText",
            "subscriptions::TermText",
            "subscriptions::FrequencyText",
            "subscriptions::PublisherText",
            "subscriptions::BillingTypeText",
            "subscriptions::CategoryText",
            "subscriptions::LedgerText",
            "subscriptions::SErr",
            "subscriptions::ERROR_TEXTS",
            "software::LicenseText",
            "software::TaxBasisText",
        ] {
            assert_eq!(untranslated[complete], Vec::<&str>::new(), "{complete}");
        }
        let sign_in_and_dashboard = [
            "AppName",
            "NavLabel",
            "SignIn",
            "SignInTitle",
            "SignInHint",
            "WorkEmail",
            "Password",
            "NoInvitationLink",
            "SignOut",
            "MyProfile",
            "Language",
            "ChangeLanguage",
            "Welcome",
            "YourRoles",
            "NavAgreements",
            "NavPartners",
            "NavCustomers",
            "NavOrganizations",
            "NavUsers",
            "NavAudit",
            "TileAgreements",
            "TilePartners",
            "TileCustomers",
            "TileOrganizations",
            "TileUsers",
            "TileAudit",
            "TileProfile",
            "ListSeparator",
        ];
        for key in sign_in_and_dashboard {
            assert!(!untranslated["Msg"].contains(&key), "Msg::{key}");
        }
        assert!(!untranslated["ERROR_TEXTS"].contains(&"login_failed"));
        // Where the invitation email leads: "Create your organizational account".
        for key in [
            "CreateAccountTitle",
            "NotYou",
            "AcceptTerms",
            "Start",
            "LinkExpires",
        ] {
            assert!(!untranslated["Msg"].contains(&key), "Msg::{key}");
        }
    }

    /// A code this UI does not know shows the generic message.
    #[test]
    fn an_unknown_code_shows_the_generic_message() {
        let e = FieldError::from_code("", "no_such_code");
        assert_eq!(
            Lang(Language::En).error(&e),
            "Something went wrong on our side. Please try again."
        );
    }

    /// Parameters fill the texts in order, as `format!` did.
    #[test]
    fn error_parameters_are_filled_in() {
        assert_eq!(fill("a {} b {}.", &["1", "2"]), "a 1 b 2.");
        assert_eq!(fill("a {}.", &["1", ""]), "a 1.");
        let e = FieldError::from_code("", "role_not_grantable").with("role", "report_viewer");
        assert_eq!(
            Lang(Language::En).error(&e),
            "Your roles don't allow you to give the role Report Viewer."
        );
        assert_eq!(
            Lang(Language::ZhTw).error(&e),
            "您的角色無權指派「報告檢視者」角色。"
        );
        let e = FieldError::from_code("", "seats_not_reducible")
            .with("reducible", "3")
            .with("lowest", "7");
        assert_eq!(
            Lang(Language::En).error(&e),
            "Only 3 licenses can be reduced now (the lowest possible count is 7)."
        );
        assert_eq!(
            Lang(Language::ZhTw).error(&e),
            "目前只能減少 3 個授權（最低可為 7 個）。"
        );
        let e = FieldError::from_code("", "days_above_maximum").with("max", "20");
        assert_eq!(Lang(Language::ZhTw).error(&e), "最多只能 20 天。");
    }

    #[test]
    fn every_message_differs_between_languages() {
        for (key, text) in Msg::ALL {
            assert_ne!(text.get(Language::En), text.get(Language::ZhTw), "{key}");
        }
        for role in Role::ALL {
            assert_ne!(
                Lang(Language::En).role(role),
                Lang(Language::ZhTw).role(role)
            );
        }
    }
}
