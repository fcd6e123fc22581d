//! Support request emails in the recipient's language (R-SW-08,
//! R-MPN-07): the filer learns of an operator's answer. `{N}` is the N-th
//! of the email's `args`.

use domain::support::SupportStatus;
use domain::Language;
use texts::messages;

use crate::emails::Email;

// A request's status, as the email words it.
messages! { StatusWord for SupportStatus {
    Open => "open", "已開啟";
    InProgress => "in progress", "處理中";
    Resolved => "resolved", "已解決";
    Declined => "declined", "已拒絕";
}}

messages! { Mail {
    AnsweredSubject => "Support request #{0} is {1}: {2}", "支援要求 #{0}「{2}」{1}";
    AnsweredBody => "The provider's support team answered your request #{0} ({2}); it is now \
                 {1}.\n\n{3}\n\nSee the request: {4}",
        "提供者的支援團隊已回覆您的要求 #{0} ({2})，目前狀態為「{1}」。\n\n{3}\n\n檢視要求：{4}";
}}

/// An operator answered request `id` (`title`) with `s` and `answer`.
pub fn answered(
    lang: Language,
    id: i64,
    title: &str,
    s: SupportStatus,
    answer: &str,
    link: &str,
) -> Email {
    let args = [
        &id.to_string(),
        StatusWord::of(s).get(lang),
        title,
        answer,
        link,
    ];
    Email::compose(lang, Mail::AnsweredSubject, Mail::AnsweredBody, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_support_email_text_has_every_language_or_falls_back_to_english() {
        texts::untranslated("support::emails::Mail", Mail::ALL, Language::Ja);
        texts::untranslated("StatusWord", StatusWord::ALL, Language::Ja);
        let email = answered(Language::ZhTw, 7, "T", SupportStatus::Resolved, "A", "L");
        assert_eq!(email.subject, "支援要求 #7「T」已解決");
    }
}
