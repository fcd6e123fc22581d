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

/// R-SUB-28: the source partner learns of a transfer request (seed 004:
/// it names the source partner's ID; 轉移要求, 來源合作夥伴).
pub fn transfer_request(
    lang: Language,
    target: &str,
    customer: &str,
    source_partner_id: i64,
    link: &str,
) -> Email {
    match lang {
        Language::En => Email {
            subject: format!("{target} requests a transfer of {customer}'s subscriptions"),
            body: format!(
                "{target} sent a transfer request to your organization (source partner ID \
                 {source_partner_id}) for subscriptions of {customer}. Open the request, choose \
                 the subscriptions to transfer and submit it, or decline it. It expires in 30 days.\n\n\
                 Open the transfer request: {link}"
            ),
        },
        Language::ZhTw => Email {
            subject: format!("{target} 要求轉移 {customer} 的訂用帳戶"),
            body: format!(
                "{target} 已向貴組織（來源合作夥伴 ID {source_partner_id}）發起 {customer} 訂用帳戶的轉移要求。\
                 請開啟轉移要求，決定要轉移的訂用帳戶並提交，或拒絕此要求。此要求將於 30 天後到期。\n\n\
                 開啟轉移要求：{link}"
            ),
        },
    }
}

/// R-SUB-28: the target partner learns that its request was submitted
/// (the subscriptions moved) or declined.
pub fn transfer_decision(
    lang: Language,
    source: &str,
    customer: &str,
    moved: Option<usize>,
    link: &str,
) -> Email {
    match (lang, moved) {
        (Language::En, Some(n)) => Email {
            subject: format!("{source} transferred {customer}'s subscriptions to you"),
            body: format!(
                "{source} submitted your transfer request: {n} subscription(s) of {customer} are \
                 now billed by your organization.\n\nSee the transfer: {link}"
            ),
        },
        (Language::En, None) => Email {
            subject: format!("{source} declined your transfer request"),
            body: format!(
                "{source} declined your request to transfer {customer}'s subscriptions.\n\n\
                 See the transfer: {link}"
            ),
        },
        (Language::ZhTw, Some(n)) => Email {
            subject: format!("{source} 已將 {customer} 的訂用帳戶轉移給您"),
            body: format!(
                "{source} 已提交您的轉移要求：{customer} 的 {n} 個訂用帳戶現在由貴組織計費。\n\n\
                 檢視轉移：{link}"
            ),
        },
        (Language::ZhTw, None) => Email {
            subject: format!("{source} 已拒絕您的轉移要求"),
            body: format!("{source} 已拒絕您轉移 {customer} 訂用帳戶的要求。\n\n檢視轉移：{link}"),
        },
    }
}
