//! Email texts, in the recipient's preferred language (R-ORG-08). zh-TW
//! wording follows seed 001 (商務中心, 採購帳戶管理員 …). `{N}` is the N-th
//! of the email's `args`; Japanese so far for the invitations only.

use domain::invitation::INVITATION_VALIDITY_DAYS;
use domain::Language;
use texts::{fill, messages, Text};

pub struct Email {
    pub subject: String,
    pub body: String,
}

impl Email {
    /// The email of `subject` and `body` in `lang`, their placeholders
    /// filled with `args`.
    pub fn compose(lang: Language, subject: Text, body: Text, args: &[&str]) -> Email {
        Email {
            subject: fill(subject.get(lang), args),
            body: fill(body.get(lang), args),
        }
    }
}

messages! { Mail {
    AdminInvitationSubject => "Explore the new Business Center", "探索全新的商務中心",
        ja: "新しいビジネス センターのご案内";
    AdminInvitationBody => "We're sending you this invitation because you're listed as the purchasing account \
                 contact of {0} on agreement (MPSA) number {1}.\n\n\
                 To begin using the Business Center, register with this work account:\n\n\
                 Get started now: {2}\n\n\
                 The link expires in {3} days and can be used once.",
        "您收到此邀請，是因為您在 {0} 的 Microsoft 產品和服務合約 (MPSA) 編號 {1} \
                 中被指定為採購帳戶管理員。\n\n\
                 若要開始使用商務中心，請使用此工作帳戶註冊：\n\n\
                 現在開始：{2}\n\n\
                 此連結在 {3} 天後到期，且只能使用一次。",
        ja: "{0} の契約 (MPSA) 番号 {1} の購入アカウント担当者として登録されているため、この招待をお送りしています。\n\n\
                 ビジネス センターの利用を開始するには、この職場アカウントで登録してください:\n\n\
                 今すぐ開始: {2}\n\n\
                 このリンクの有効期限は {3} 日間で、使用できるのは 1 回だけです。";
    UserInvitationSubject => "{0} invited you to the Business Center", "{0} 邀請您使用商務中心",
        ja: "{0} さんからビジネス センターへの招待が届いています";
    UserInvitationBody => "{0} invited you to use the Business Center for {1}.\n\n\
                 Get started now: {2}\n\n\
                 The link expires in {3} days and can be used once.",
        "{0} 邀請您為 {1} 使用商務中心。\n\n\
                 現在開始：{2}\n\n\
                 此連結在 {3} 天後到期，且只能使用一次。",
        ja: "{0} さんが {1} のビジネス センターにあなたを招待しました。\n\n\
                 今すぐ開始: {2}\n\n\
                 このリンクの有効期限は {3} 日間で、使用できるのは 1 回だけです。";
    RelationshipRequestSubject => "{0} requests a partner relationship", "{0} 要求建立合作夥伴關係";
    RelationshipRequestBody => "{0} asked to become a partner of your organization. Until you accept, they \
                 see nothing of your organization.\n\nReview the request: {1}",
        "{0} 要求成為貴組織的合作夥伴。在您接受之前，對方無法檢視貴組織的任何資訊。\n\n\
                 檢閱要求：{1}";
    RelationshipAcceptedSubject => "{0} accepted your relationship request", "{0} 已接受您的合作夥伴關係要求";
    RelationshipAcceptedBody => "{0} accepted your request. You can now act for them.",
        "{0} 已接受您的要求。您現在可以代表對方執行作業。";
    RelationshipDeclinedSubject => "{0} declined your relationship request", "{0} 已拒絕您的合作夥伴關係要求";
    RelationshipDeclinedBody => "{0} declined your request.",
        "{0} 已拒絕您的要求。";
    TransferRequestSubject => "{0} requests a transfer of {1}'s subscriptions", "{0} 要求轉移 {1} 的訂用帳戶";
    TransferRequestBody => "{0} sent a transfer request to your organization (source partner ID \
                 {2}) for subscriptions of {1}. Open the request, choose \
                 the subscriptions to transfer and submit it, or decline it. It expires in 30 days.\n\n\
                 Open the transfer request: {3}",
        "{0} 已向貴組織（來源合作夥伴 ID {2}）發起 {1} 訂用帳戶的轉移要求。\
                 請開啟轉移要求，決定要轉移的訂用帳戶並提交，或拒絕此要求。此要求將於 30 天後到期。\n\n\
                 開啟轉移要求：{3}";
    TransferDoneSubject => "{0} transferred {1}'s subscriptions to you", "{0} 已將 {1} 的訂用帳戶轉移給您";
    TransferDoneBody => "{0} submitted your transfer request: {2} subscription(s) of {1} are \
                 now billed by your organization.\n\nSee the transfer: {3}",
        "{0} 已提交您的轉移要求：{1} 的 {2} 個訂用帳戶現在由貴組織計費。\n\n\
                 檢視轉移：{3}";
    TransferDeclinedSubject => "{0} declined your transfer request", "{0} 已拒絕您的轉移要求";
    TransferDeclinedBody => "{0} declined your request to transfer {1}'s subscriptions.\n\n\
                 See the transfer: {2}",
        "{0} 已拒絕您轉移 {1} 訂用帳戶的要求。\n\n檢視轉移：{2}";
}}

/// R-ORG-02: the purchasing account administrator's invitation.
pub fn admin_invitation(lang: Language, org: &str, agreement: &str, link: &str) -> Email {
    let days = INVITATION_VALIDITY_DAYS.to_string();
    let args = [org, agreement, link, &days];
    Email::compose(
        lang,
        Mail::AdminInvitationSubject,
        Mail::AdminInvitationBody,
        &args,
    )
}

/// R-ORG-08: an invitation from a colleague.
pub fn user_invitation(lang: Language, inviter: &str, org: &str, link: &str) -> Email {
    let days = INVITATION_VALIDITY_DAYS.to_string();
    let args = [inviter, org, link, &days];
    Email::compose(
        lang,
        Mail::UserInvitationSubject,
        Mail::UserInvitationBody,
        &args,
    )
}

/// R-ORG-12: a partner asks a customer for a relationship.
pub fn relationship_request(lang: Language, partner: &str, link: &str) -> Email {
    let args = [partner, link];
    Email::compose(
        lang,
        Mail::RelationshipRequestSubject,
        Mail::RelationshipRequestBody,
        &args,
    )
}

/// R-ORG-12: the partner learns the customer's answer.
pub fn relationship_decision(lang: Language, customer: &str, accepted: bool) -> Email {
    let (subject, body) = if accepted {
        (
            Mail::RelationshipAcceptedSubject,
            Mail::RelationshipAcceptedBody,
        )
    } else {
        (
            Mail::RelationshipDeclinedSubject,
            Mail::RelationshipDeclinedBody,
        )
    };
    Email::compose(lang, subject, body, &[customer])
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
    let id = source_partner_id.to_string();
    let args = [target, customer, &id, link];
    Email::compose(
        lang,
        Mail::TransferRequestSubject,
        Mail::TransferRequestBody,
        &args,
    )
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
    match moved {
        Some(n) => {
            let args = [source, customer, &n.to_string(), link];
            Email::compose(
                lang,
                Mail::TransferDoneSubject,
                Mail::TransferDoneBody,
                &args,
            )
        }
        None => {
            let args = [source, customer, link];
            Email::compose(
                lang,
                Mail::TransferDeclinedSubject,
                Mail::TransferDeclinedBody,
                &args,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The invitation emails are translated; the others fall back to
    /// English (listed).
    #[test]
    fn every_email_text_has_every_language_or_falls_back_to_english() {
        let untranslated = texts::untranslated("emails::Mail", Mail::ALL, Language::Ja);
        assert!(untranslated.iter().all(|key| !key.contains("Invitation")));
        let email = admin_invitation(Language::Ja, "Contoso", "1234567890", "https://x/y");
        assert!(email
            .body
            .starts_with("Contoso の契約 (MPSA) 番号 1234567890 の"));
        assert!(email.body.contains("今すぐ開始: https://x/y\n\n"));
        assert!(email
            .body
            .ends_with("有効期限は 60 日間で、使用できるのは 1 回だけです。"));
        let email = admin_invitation(Language::En, "Contoso", "1234567890", "https://x/y");
        assert_eq!(
            email.body,
            "We're sending you this invitation because you're listed as the purchasing account \
             contact of Contoso on agreement (MPSA) number 1234567890.\n\n\
             To begin using the Business Center, register with this work account:\n\n\
             Get started now: https://x/y\n\n\
             The link expires in 60 days and can be used once."
        );
        let email = transfer_decision(Language::ZhTw, "A", "B", Some(2), "L");
        assert_eq!(
            email.body,
            "A 已提交您的轉移要求：B 的 2 個訂用帳戶現在由貴組織計費。\n\n檢視轉移：L"
        );
    }
}
