//! Email texts, in the recipient's preferred language (R-ORG-08). zh-TW
//! wording follows seed 001 (商務中心, 採購帳戶管理員 …).

use domain::invitation::INVITATION_VALIDITY_DAYS;
use domain::Language;

pub struct Email {
    pub subject: String,
    pub body: String,
}

/// R-ORG-02: the purchasing account administrator's invitation.
pub fn admin_invitation(lang: Language, org: &str, agreement: &str, link: &str) -> Email {
    match lang {
        Language::En => Email {
            subject: "Explore the new Business Center".into(),
            body: format!(
                "We're sending you this invitation because you're listed as the purchasing account \
                 contact of {org} on agreement (MPSA) number {agreement}.\n\n\
                 To begin using the Business Center, register with this work account:\n\n\
                 Get started now: {link}\n\n\
                 The link expires in {INVITATION_VALIDITY_DAYS} days and can be used once."
            ),
        },
        Language::ZhTw => Email {
            subject: "探索全新的商務中心".into(),
            body: format!(
                "您收到此邀請，是因為您在 {org} 的 Microsoft 產品和服務合約 (MPSA) 編號 {agreement} \
                 中被指定為採購帳戶管理員。\n\n\
                 若要開始使用商務中心，請使用此工作帳戶註冊：\n\n\
                 現在開始：{link}\n\n\
                 此連結在 {INVITATION_VALIDITY_DAYS} 天後到期，且只能使用一次。"
            ),
        },
    }
}

/// R-ORG-08: an invitation from a colleague.
pub fn user_invitation(lang: Language, inviter: &str, org: &str, link: &str) -> Email {
    match lang {
        Language::En => Email {
            subject: format!("{inviter} invited you to the Business Center"),
            body: format!(
                "{inviter} invited you to use the Business Center for {org}.\n\n\
                 Get started now: {link}\n\n\
                 The link expires in {INVITATION_VALIDITY_DAYS} days and can be used once."
            ),
        },
        Language::ZhTw => Email {
            subject: format!("{inviter} 邀請您使用商務中心"),
            body: format!(
                "{inviter} 邀請您為 {org} 使用商務中心。\n\n\
                 現在開始：{link}\n\n\
                 此連結在 {INVITATION_VALIDITY_DAYS} 天後到期，且只能使用一次。"
            ),
        },
    }
}

/// R-ORG-12: a partner asks a customer for a relationship.
pub fn relationship_request(lang: Language, partner: &str, link: &str) -> Email {
    match lang {
        Language::En => Email {
            subject: format!("{partner} requests a partner relationship"),
            body: format!(
                "{partner} asked to become a partner of your organization. Until you accept, they \
                 see nothing of your organization.\n\nReview the request: {link}"
            ),
        },
        Language::ZhTw => Email {
            subject: format!("{partner} 要求建立合作夥伴關係"),
            body: format!(
                "{partner} 要求成為貴組織的合作夥伴。在您接受之前，對方無法檢視貴組織的任何資訊。\n\n\
                 檢閱要求：{link}"
            ),
        },
    }
}

/// R-ORG-12: the partner learns the customer's answer.
pub fn relationship_decision(lang: Language, customer: &str, accepted: bool) -> Email {
    match (lang, accepted) {
        (Language::En, true) => Email {
            subject: format!("{customer} accepted your relationship request"),
            body: format!("{customer} accepted your request. You can now act for them."),
        },
        (Language::En, false) => Email {
            subject: format!("{customer} declined your relationship request"),
            body: format!("{customer} declined your request."),
        },
        (Language::ZhTw, true) => Email {
            subject: format!("{customer} 已接受您的合作夥伴關係要求"),
            body: format!("{customer} 已接受您的要求。您現在可以代表對方執行作業。"),
        },
        (Language::ZhTw, false) => Email {
            subject: format!("{customer} 已拒絕您的合作夥伴關係要求"),
            body: format!("{customer} 已拒絕您的要求。"),
        },
    }
}
