use super::*;
use crate::SoftwareCancelError;

fn form() -> SupportRequestForm {
    SupportRequestForm {
        order_id: 7,
        issue_type: "csp_purchase_refund".into(),
        impact: "moderate".into(),
        title: "Refund SQL Server bought in error".into(),
        tenant: "contoso-tw.example".into(),
        reason: "Ordered the wrong edition".into(),
        amount: "1234.5".into(),
        description: "The customer needs Enterprise, not Standard.".into(),
        contact_name: "Pat Partner".into(),
        contact_email: "pat@partner.example".into(),
        contact_phone: "+886 2 1234-5678".into(),
    }
}

const TWD_2000: Money = Money::new(200_000, Currency::Twd);

fn codes(r: Result<SupportRequest, Vec<FieldError>>) -> Vec<(String, String)> {
    r.expect_err("refused")
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

#[test]
fn r_sw_08_a_complete_request_parses_with_its_amount_in_minor_units() {
    let r = parse_support_request(&form(), TWD_2000).expect("valid");
    assert_eq!(r.issue_type, IssueType::CspRefund);
    assert_eq!(r.impact, Impact::Moderate);
    // TWD 1,234.50 is 123 450 cents.
    assert_eq!(r.amount, Money::new(123_450, Currency::Twd));
    assert_eq!(r.contact_phone.as_str(), "+886 2 1234-5678");
    assert_eq!(r.order_id, 7);
}

#[test]
fn r_sw_08_an_empty_form_names_every_field() {
    let empty = SupportRequestForm {
        order_id: 7,
        ..SupportRequestForm::default()
    };
    let fields: Vec<String> = codes(parse_support_request(&empty, TWD_2000))
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        [
            "issue_type",
            "impact",
            "title",
            "tenant",
            "reason",
            "amount",
            "description",
            "contact_name",
            "contact_email",
            "contact_phone"
        ]
    );
}

#[test]
fn r_sw_08_the_amount_is_positive_at_most_the_refundable_and_in_the_currencys_decimals() {
    let with = |amount: &str, refundable: Money| {
        parse_support_request(
            &SupportRequestForm {
                amount: amount.into(),
                ..form()
            },
            refundable,
        )
    };
    assert_eq!(with("2000", TWD_2000).unwrap().amount.minor, 200_000);
    assert_eq!(with("2000.00", TWD_2000).unwrap().amount.minor, 200_000);
    assert_eq!(with("0.01", TWD_2000).unwrap().amount.minor, 1);
    let too_high = with("2000.01", TWD_2000).unwrap_err();
    assert_eq!(too_high[0].code, "support_amount_too_high");
    assert_eq!(too_high[0].param("max"), Some("TWD 2,000.00"));
    for bad in [
        "0", "0.00", "-5", "1,000", "12.345", "12.", ".5", "1e3", "", "abc",
    ] {
        assert_eq!(
            codes(with(bad, TWD_2000)),
            [("amount".to_string(), "support_amount_invalid".to_string())],
            "{bad:?}"
        );
    }
    // The yen has no decimals.
    let yen = Money::new(5_000, Currency::Jpy);
    assert_eq!(with("1500", yen).unwrap().amount.minor, 1_500);
    assert!(with("15.5", yen).is_err());
}

#[test]
fn r_sw_08_the_form_files_only_refunds_on_behalf_of_a_customer() {
    let membership = SupportRequestForm {
        issue_type: "membership_refund".into(),
        ..form()
    };
    assert_eq!(
        codes(parse_support_request(&membership, TWD_2000)),
        [(
            "issue_type".to_string(),
            "support_issue_type_unknown".to_string()
        )]
    );
}

#[test]
fn r_sw_08_a_cancelled_purchase_has_nothing_left_to_refund() {
    let paid = Money::new(8_562_200, Currency::Twd);
    assert_eq!(not_credited(paid, None), paid);
    // A subscription credited TWD 50,000.00 of TWD 85,622.00.
    assert_eq!(
        not_credited(paid, Some(5_000_000)),
        Money::new(3_562_200, Currency::Twd)
    );
    assert_eq!(not_credited(paid, Some(8_562_200)).minor, 0);
    assert_eq!(not_credited(paid, Some(9_000_000)).minor, 0);
}

#[test]
fn r_sw_08_title_and_phone_limits() {
    let title = |n: usize| {
        parse_support_request(
            &SupportRequestForm {
                title: "t".repeat(n),
                ..form()
            },
            TWD_2000,
        )
    };
    assert!(title(120).is_ok());
    assert_eq!(
        codes(title(121)),
        [("title".to_string(), "support_title_too_long".to_string())]
    );
    for ok in [
        "+886 2 1234-5678",
        "1234567",
        "(02) 1234.5678",
        "123456789012345",
    ] {
        assert!(Phone::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "123456",
        "1234567890123456",
        "12a4567",
        "++8862123456",
        "+",
        "12345 67 ext",
    ] {
        assert_eq!(
            Phone::parse(bad),
            Err(SupportRequestError::PhoneInvalid),
            "{bad}"
        );
    }
}

#[test]
fn r_sw_08_attachments_are_checked_by_name_size_and_content() {
    assert_eq!(
        check_attachment("invoice.pdf", b"%PDF-1.7 ..."),
        Ok(AttachmentKind::Pdf)
    );
    assert_eq!(
        check_attachment("screen.PNG", b"\x89PNG\r\n\x1a\n...."),
        Ok(AttachmentKind::Png)
    );
    assert_eq!(
        check_attachment("photo.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]),
        Ok(AttachmentKind::Jpeg)
    );
    assert_eq!(
        check_attachment("notes.txt", "訂單 7".as_bytes()),
        Ok(AttachmentKind::Text)
    );
    use SupportRequestError as E;
    // A renamed file is what its bytes are.
    assert_eq!(
        check_attachment("invoice.pdf", b"\x89PNG\r\n\x1a\n"),
        Err(E::AttachmentType)
    );
    assert_eq!(
        check_attachment("run.exe", b"MZ\x90\x00"),
        Err(E::AttachmentType)
    );
    assert_eq!(
        check_attachment("notes.txt", b"a\x00b"),
        Err(E::AttachmentType)
    );
    assert_eq!(
        check_attachment("noextension", b"text"),
        Err(E::AttachmentType)
    );
    for name in ["", "../x.pdf", "a\\b.pdf", ".pdf", "x\n.pdf", "a\".pdf"] {
        assert_eq!(
            check_attachment(name, b"%PDF-"),
            Err(E::AttachmentName),
            "{name:?}"
        );
    }
    assert_eq!(check_attachment("a.txt", b""), Err(E::AttachmentEmpty));
    let mut big = b"%PDF-".to_vec();
    big.resize(2 * 1024 * 1024, b' ');
    assert_eq!(check_attachment("a.pdf", &big), Ok(AttachmentKind::Pdf));
    big.push(b' ');
    assert_eq!(check_attachment("a.pdf", &big), Err(E::AttachmentTooLarge));
}

#[test]
fn r_sw_08_operators_answer_open_requests_until_they_are_closed() {
    use SupportStatus as S;
    assert_eq!(
        answer_support_request(S::Open, "in_progress", "  Looking at it "),
        Ok((S::InProgress, "Looking at it".to_string()))
    );
    assert_eq!(
        answer_support_request(S::InProgress, "resolved", "Refunded").map(|a| a.0),
        Ok(S::Resolved)
    );
    assert_eq!(
        answer_support_request(S::Open, "declined", "Outside policy").map(|a| a.0),
        Ok(S::Declined)
    );
    let code = |r: Result<(S, String), FieldError>| {
        let e = r.unwrap_err();
        (e.field, e.code)
    };
    for closed in [S::Resolved, S::Declined] {
        assert_eq!(
            code(answer_support_request(closed, "in_progress", "again")),
            (String::new(), "support_request_closed".to_string())
        );
    }
    for bad in ["open", "done", ""] {
        assert_eq!(
            code(answer_support_request(S::Open, bad, "x")),
            ("status".to_string(), "support_status_invalid".to_string())
        );
    }
    assert_eq!(
        code(answer_support_request(S::Open, "resolved", "  ")),
        ("answer".to_string(), "support_answer_missing".to_string())
    );
}

#[test]
fn r_sw_08_the_cancel_dialog_sends_to_support_when_the_window_passed_or_the_product_is_support_only(
) {
    assert!(SoftwareCancelError::WindowPassed.needs_support());
    assert!(SoftwareCancelError::SupportOnly.needs_support());
    assert!(!SoftwareCancelError::NotAcknowledged.needs_support());
    assert!(!SoftwareCancelError::AlreadyCancelled.needs_support());
}
