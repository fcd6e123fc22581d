//! Membership benefit emails in the recipient's language (R-MPN-04 …
//! R-MPN-06); zh-TW wording follows seed 003 (權益、技術權益、進入市場優勢).
//! `{N}` is the N-th of the email's `args`.

use domain::Language;
use texts::messages;

use crate::emails::Email;

messages! { Mail {
    BenefitAssignedSubject => "{0} assigned you {1}", "{0} 已將 {1} 指派給您";
    BenefitAssignedBody => "Hello {2},\n\n{0} assigned you the membership benefit {1}.\n\n\
                 Sign in to the Business Center and open Benefits to see how to start using it. \
                 It may take a few days until the benefit is active.",
        "{2} 您好：\n\n{0} 已將會員資格權益 {1} 指派給您。\n\n\
                 請登入商務中心並開啟 [權益]，以了解如何開始使用。可能需要數天的時間才能啟用此權益。";
    GoToMarketActivatedSubject => "{0} is active for {1}", "{1} 的 {0} 已啟用";
    GoToMarketActivatedBody => "As {1}'s marketing contact you receive the go-to-market benefit {0}. \
                 It can be used until {2}.",
        "您是 {1} 的行銷連絡人，將會收到進入市場權益 {0}。此權益可使用至 {2}。";
}}

/// R-MPN-04, R-MPN-05: the instructions for a user given a benefit (a
/// technical benefit's go to the alternate address too).
pub fn benefit_assigned(lang: Language, user: &str, org: &str, benefit: &str) -> Email {
    let args = [org, benefit, user];
    Email::compose(
        lang,
        Mail::BenefitAssignedSubject,
        Mail::BenefitAssignedBody,
        &args,
    )
}

/// R-MPN-06: a go-to-market benefit activated, to the marketing contact.
pub fn go_to_market_activated(lang: Language, org: &str, benefit: &str, expires: &str) -> Email {
    let args = [benefit, org, expires];
    Email::compose(
        lang,
        Mail::GoToMarketActivatedSubject,
        Mail::GoToMarketActivatedBody,
        &args,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_membership_email_text_has_every_language_or_falls_back_to_english() {
        texts::untranslated("mpn::emails::Mail", Mail::ALL, Language::Ja);
        let email = go_to_market_activated(Language::ZhTw, "Contoso", "B", "2027-01-01");
        assert_eq!(email.subject, "Contoso 的 B 已啟用");
    }
}
