//! Texts of the API tokens page and of the REST API's own errors (R-API-01 … 04).

use domain::api_token::TokenStatus;

use super::{messages, Lang};

messages! { AMsg {
    NavApiTokens => "API tokens", "API 權杖", ja: "API トークン";
    Hint => "Programs use the Business Center API with a token: it acts as you, with the roles you give it (never more than your own), until it expires or is revoked. The API reference lists what it can do.", "程式使用 API 權杖存取商務中心 API：權杖會以您的身分、依您指定的角色 (不超過您本身的角色) 執行，直到到期或被撤銷為止。API 參考文件列出可執行的作業。";
    Reference => "API reference", "API 參考文件";
    NewToken => "New token", "新增權杖";
    Name => "Name", "名稱";
    Roles => "Roles it carries", "權杖的角色";
    Days => "Expires after (days)", "有效天數";
    Create => "Create token", "建立權杖";
    Secret => "The token's secret: copy it now. It is shown only this once; Business Center keeps only its hash.", "權杖的祕密：請立即複製。只會顯示這一次；商務中心僅保存其雜湊值。";
    Done => "I have copied it", "我已複製";
    None => "No tokens yet.", "尚無權杖。";
    Token => "Token", "權杖";
    CreatedBy => "Created by", "建立者";
    Created => "Created", "建立時間";
    Expires => "Expires", "到期時間";
    LastUsed => "Last used", "上次使用";
    Never => "Never", "從未";
    Status => "Status", "狀態";
    Live => "Active", "有效";
    Expired => "Expired", "已過期";
    Revoked => "Revoked", "已撤銷";
    Revoke => "Revoke", "撤銷";
}}

impl Lang {
    pub fn token_status(self, status: TokenStatus) -> &'static str {
        self.t(match status {
            TokenStatus::Live => AMsg::Live,
            TokenStatus::Expired => AMsg::Expired,
            TokenStatus::Revoked => AMsg::Revoked,
        })
    }
}

messages! { pub(super) const ERROR_TEXTS {
    "api_token_malformed" => "This is not a Business Center API token.", "這不是商務中心的 API 權杖。";
    "api_token_name_invalid" => "Give the token a name of at most 80 characters.", "請為權杖命名，最多 80 個字元。";
    "api_token_roles_empty" => "Choose at least one role for the token.", "請為權杖選擇至少一個角色。";
    "api_token_role_not_held" => "A token can carry only roles you hold yourself.", "權杖只能具有您本身擁有的角色。";
    "api_token_days_invalid" => "A token lives 1 to 366 days.", "權杖的有效期為 1 至 366 天。";
    "precondition_failed" => "It changed since you read it: read it again (its new ETag), then retry.", "自您讀取後已有變更：請重新讀取（取得新的 ETag）後再試一次。";
    "precondition_required" => "Send the ETag you read in If-Match: writes to a subscription need it.", "請在 If-Match 中傳送您讀取到的 ETag：變更訂閱時必須提供。";
    "idempotency_key_reused" => "This Idempotency-Key was used for another request body: use a new key.", "此 Idempotency-Key 已用於不同的要求內容：請使用新的金鑰。";
    "idempotency_in_flight" => "The first request with this Idempotency-Key is still running: try again in a moment.", "使用此 Idempotency-Key 的第一個要求仍在處理中：請稍後再試。";
    "idempotency_key_invalid" => "An Idempotency-Key is 1 to 255 visible ASCII characters.", "Idempotency-Key 須為 1 至 255 個可見的 ASCII 字元。";
    "limit_invalid" => "A page holds 1 to 200 items.", "每頁可包含 1 至 200 個項目。";
    "cursor_invalid" => "This cursor is not one of this list's: start from the first page.", "此游標不屬於這份清單：請從第一頁開始。";
}}
