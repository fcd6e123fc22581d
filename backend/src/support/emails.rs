//! Support request emails in the recipient's language (R-SW-08,
//! R-MPN-07): the filer learns of an operator's answer.

use domain::support::SupportStatus;
use domain::Language;

use crate::emails::Email;

fn status(lang: Language, s: SupportStatus) -> &'static str {
    match (lang, s) {
        (Language::En, SupportStatus::Open) => "open",
        (Language::En, SupportStatus::InProgress) => "in progress",
        (Language::En, SupportStatus::Resolved) => "resolved",
        (Language::En, SupportStatus::Declined) => "declined",
        (Language::ZhTw, SupportStatus::Open) => "已開啟",
        (Language::ZhTw, SupportStatus::InProgress) => "處理中",
        (Language::ZhTw, SupportStatus::Resolved) => "已解決",
        (Language::ZhTw, SupportStatus::Declined) => "已拒絕",
    }
}

/// An operator answered request `id` (`title`) with `s` and `answer`.
pub fn answered(
    lang: Language,
    id: i64,
    title: &str,
    s: SupportStatus,
    answer: &str,
    link: &str,
) -> Email {
    let status = status(lang, s);
    match lang {
        Language::En => Email {
            subject: format!("Support request #{id} is {status}: {title}"),
            body: format!(
                "The provider's support team answered your request #{id} ({title}); it is now \
                 {status}.\n\n{answer}\n\nSee the request: {link}"
            ),
        },
        Language::ZhTw => Email {
            subject: format!("支援要求 #{id}「{title}」{status}"),
            body: format!(
                "提供者的支援團隊已回覆您的要求 #{id} ({title})，目前狀態為「{status}」。\n\n{answer}\n\n檢視要求：{link}"
            ),
        },
    }
}
