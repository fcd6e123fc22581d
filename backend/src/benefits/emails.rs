//! Benefit emails in the recipient's language (R-NOT-01); zh-TW wording
//! follows seed 000 (軟體保證與服務權益 …).

use domain::benefits::BenefitKind;
use domain::Language;

use crate::emails::Email;

fn benefit_name(lang: Language, kind: BenefitKind) -> &'static str {
    use BenefitKind as K;
    match (lang, kind) {
        (Language::En, K::HomeUseProgram) => "Home Use Program",
        (Language::En, K::ELearning) => "E-Learning",
        (Language::En, _) => "Software Assurance benefit",
        (Language::ZhTw, K::HomeUseProgram) => "家用版權益 (Home Use Program)",
        (Language::ZhTw, K::ELearning) => "線上學習 (E-Learning)",
        (Language::ZhTw, _) => "軟體保證權益",
    }
}

/// R-SAB-05: instructions for an end user of a benefit.
pub fn user_instructions(
    lang: Language,
    kind: BenefitKind,
    org: &str,
    program_code: &str,
    link: &str,
) -> Email {
    let benefit = benefit_name(lang, kind);
    match lang {
        Language::En => Email {
            subject: format!("How to use your {benefit} benefit"),
            body: format!(
                "{org} gave you access to the Software Assurance benefit {benefit}.\n\n\
                 Program code: {program_code}\n\n\
                 Sign up with your work email address: {link}"
            ),
        },
        Language::ZhTw => Email {
            subject: format!("如何使用您的{benefit}"),
            body: format!(
                "{org} 已授予您軟體保證權益「{benefit}」。\n\n\
                 方案代碼：{program_code}\n\n\
                 請使用您的工作電子郵件地址註冊：{link}"
            ),
        },
    }
}

/// R-SAB-10: the customer learns that a partner asks for permission.
pub fn delegation_requested(lang: Language, partner: &str, link: &str) -> Email {
    match lang {
        Language::En => Email {
            subject: format!("{partner} requests permission to manage your benefits"),
            body: format!(
                "{partner} asked for permission to manage your Software Assurance and service \
                 benefits.\n\nReview the request: {link}"
            ),
        },
        Language::ZhTw => Email {
            subject: format!("{partner} 要求管理您的權益的權限"),
            body: format!("{partner} 要求管理貴組織軟體保證與服務權益的權限。\n\n檢閱要求：{link}"),
        },
    }
}

/// R-SAB-10: the partner learns the customer's decision.
pub fn delegation_decided(
    lang: Language,
    customer: &str,
    status_en: &str,
    status_zh: &str,
) -> Email {
    match lang {
        Language::En => Email {
            subject: format!("{customer}: benefit permission {status_en}"),
            body: format!(
                "{customer} changed your permission to manage their Software Assurance and \
                 service benefits: {status_en}."
            ),
        },
        Language::ZhTw => Email {
            subject: format!("{customer}：權益管理權限{status_zh}"),
            body: format!("{customer} 已變更您管理其軟體保證與服務權益的權限：{status_zh}。"),
        },
    }
}

/// R-SAB-11: a training voucher assigned to a person.
pub fn training_voucher(lang: Language, org: &str, code: &str, days: i64, link: &str) -> Email {
    match lang {
        Language::En => Email {
            subject: format!("Your training voucher for {days} training days"),
            body: format!(
                "{org} assigned you a Software Assurance training voucher for {days} training \
                 days of instructor-led courses with a Microsoft learning partner.\n\n\
                 Voucher: {code}\n\n\
                 Give the voucher to the learning partner when you enroll: {link}"
            ),
        },
        Language::ZhTw => Email {
            subject: format!("您的教育訓練券（{days} 天訓練天數）"),
            body: format!(
                "{org} 已指派給您 {days} 天的軟體保證教育訓練券，可參加 Microsoft 學習合作夥伴\
                 講授的講師指導課程。\n\n\
                 訓練券：{code}\n\n\
                 報名時請將訓練券提供給學習合作夥伴：{link}"
            ),
        },
    }
}
