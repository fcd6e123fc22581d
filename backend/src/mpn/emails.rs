//! Membership benefit emails in the recipient's language (R-MPN-04 …
//! R-MPN-06); zh-TW wording follows seed 003 (權益、技術權益、進入市場優勢).

use domain::Language;

use crate::emails::Email;

/// R-MPN-04, R-MPN-05: the instructions for a user given a benefit (a
/// technical benefit's go to the alternate address too).
pub fn benefit_assigned(lang: Language, user: &str, org: &str, benefit: &str) -> Email {
    match lang {
        Language::En => Email {
            subject: format!("{org} assigned you {benefit}"),
            body: format!(
                "Hello {user},\n\n{org} assigned you the membership benefit {benefit}.\n\n\
                 Sign in to the Business Center and open Benefits to see how to start using it. \
                 It may take a few days until the benefit is active."
            ),
        },
        Language::ZhTw => Email {
            subject: format!("{org} 已將 {benefit} 指派給您"),
            body: format!(
                "{user} 您好：\n\n{org} 已將會員資格權益 {benefit} 指派給您。\n\n\
                 請登入商務中心並開啟 [權益]，以了解如何開始使用。可能需要數天的時間才能啟用此權益。"
            ),
        },
    }
}

/// R-MPN-06: a go-to-market benefit activated, to the marketing contact.
pub fn go_to_market_activated(lang: Language, org: &str, benefit: &str, expires: &str) -> Email {
    match lang {
        Language::En => Email {
            subject: format!("{benefit} is active for {org}"),
            body: format!(
                "As {org}'s marketing contact you receive the go-to-market benefit {benefit}. \
                 It can be used until {expires}."
            ),
        },
        Language::ZhTw => Email {
            subject: format!("{org} 的 {benefit} 已啟用"),
            body: format!(
                "您是 {org} 的行銷連絡人，將會收到進入市場權益 {benefit}。此權益可使用至 {expires}。"
            ),
        },
    }
}
