//! Benefit emails in the recipient's language (R-NOT-01); zh-TW wording
//! follows seed 000 (軟體保證與服務權益 …). `{N}` is the N-th of the
//! email's `args`.

use domain::benefits::{BenefitKind, DelegationStatus};
use domain::Language;
use texts::messages;

use crate::emails::Email;

messages! { BenefitName {
    HomeUseProgram => "Home Use Program", "家用版權益 (Home Use Program)";
    ELearning => "E-Learning", "線上學習 (E-Learning)";
    Other => "Software Assurance benefit", "軟體保證權益";
}}

// The decision, as the partner's email words it.
messages! { DecisionWord {
    Approved => "approved", "已核准";
    Rejected => "rejected", "已拒絕";
    Removed => "removed", "已移除";
}}

messages! { Mail {
    UserInstructionsSubject => "How to use your {0} benefit", "如何使用您的{0}";
    UserInstructionsBody => "{1} gave you access to the Software Assurance benefit {0}.\n\n\
                 Program code: {2}\n\n\
                 Sign up with your work email address: {3}",
        "{1} 已授予您軟體保證權益「{0}」。\n\n\
                 方案代碼：{2}\n\n\
                 請使用您的工作電子郵件地址註冊：{3}";
    DelegationRequestedSubject => "{0} requests permission to manage your benefits", "{0} 要求管理您的權益的權限";
    DelegationRequestedBody => "{0} asked for permission to manage your Software Assurance and service \
                 benefits.\n\nReview the request: {1}",
        "{0} 要求管理貴組織軟體保證與服務權益的權限。\n\n檢閱要求：{1}";
    DelegationDecidedSubject => "{0}: benefit permission {1}", "{0}：權益管理權限{1}";
    DelegationDecidedBody => "{0} changed your permission to manage their Software Assurance and \
                 service benefits: {1}.",
        "{0} 已變更您管理其軟體保證與服務權益的權限：{1}。";
    TrainingVoucherSubject => "Your training voucher for {0} training days", "您的教育訓練券（{0} 天訓練天數）";
    TrainingVoucherBody => "{1} assigned you a Software Assurance training voucher for {0} training \
                 days of instructor-led courses with a Microsoft learning partner.\n\n\
                 Voucher: {2}\n\n\
                 Give the voucher to the learning partner when you enroll: {3}",
        "{1} 已指派給您 {0} 天的軟體保證教育訓練券，可參加 Microsoft 學習合作夥伴\
                 講授的講師指導課程。\n\n\
                 訓練券：{2}\n\n\
                 報名時請將訓練券提供給學習合作夥伴：{3}";
}}

/// R-SAB-05: instructions for an end user of a benefit.
pub fn user_instructions(
    lang: Language,
    kind: BenefitKind,
    org: &str,
    program_code: &str,
    link: &str,
) -> Email {
    let benefit = match kind {
        BenefitKind::HomeUseProgram => BenefitName::HomeUseProgram,
        BenefitKind::ELearning => BenefitName::ELearning,
        _ => BenefitName::Other,
    };
    let args = [benefit.get(lang), org, program_code, link];
    Email::compose(
        lang,
        Mail::UserInstructionsSubject,
        Mail::UserInstructionsBody,
        &args,
    )
}

/// R-SAB-10: the customer learns that a partner asks for permission.
pub fn delegation_requested(lang: Language, partner: &str, link: &str) -> Email {
    let args = [partner, link];
    Email::compose(
        lang,
        Mail::DelegationRequestedSubject,
        Mail::DelegationRequestedBody,
        &args,
    )
}

/// R-SAB-10: the partner learns the customer's decision (`status`, the
/// request's new one).
pub fn delegation_decided(lang: Language, customer: &str, status: DelegationStatus) -> Email {
    let word = match status {
        DelegationStatus::Approved => DecisionWord::Approved,
        DelegationStatus::Rejected => DecisionWord::Rejected,
        _ => DecisionWord::Removed,
    };
    let args = [customer, word.get(lang)];
    Email::compose(
        lang,
        Mail::DelegationDecidedSubject,
        Mail::DelegationDecidedBody,
        &args,
    )
}

/// R-SAB-11: a training voucher assigned to a person.
pub fn training_voucher(lang: Language, org: &str, code: &str, days: i64, link: &str) -> Email {
    let args = [&days.to_string(), org, code, link];
    Email::compose(
        lang,
        Mail::TrainingVoucherSubject,
        Mail::TrainingVoucherBody,
        &args,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not translated yet: every text falls back to English (listed).
    #[test]
    fn every_benefit_email_text_has_every_language_or_falls_back_to_english() {
        for (table, all) in [
            ("benefits::emails::Mail", Mail::ALL),
            ("BenefitName", BenefitName::ALL),
            ("DecisionWord", DecisionWord::ALL),
        ] {
            texts::untranslated(table, all, Language::Ja);
        }
        let email = delegation_decided(Language::ZhTw, "Contoso", DelegationStatus::Removed);
        assert_eq!(email.subject, "Contoso：權益管理權限已移除");
        let email = training_voucher(Language::En, "Contoso", "V-1", 3, "L");
        assert_eq!(email.subject, "Your training voucher for 3 training days");
        assert!(email.body.starts_with(
            "Contoso assigned you a Software Assurance training voucher for 3 training days of"
        ));
    }
}
