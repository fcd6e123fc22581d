//! A support request's attachments over HTTP (R-SW-08): the multipart
//! upload and the download, refused to everyone but the filing partner's
//! Admin Agents and the provider's operators; the form listener gets JSON,
//! a browser without wasm is sent back to the request.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use super::{client, scalar, signed_in, spawn_app};

const AGENT: &str = "adminagent@contoso-partner.example";

fn pdf(name: &str) -> Form {
    Form::new().part(
        "files",
        Part::bytes(b"%PDF-1.7 evidence".to_vec()).file_name(name.to_string()),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_sw_08_attachments_are_uploaded_and_read_only_by_who_may() {
    let app = spawn_app().await;
    let order = scalar(
        &app.svc,
        "SELECT order_id FROM software_purchases WHERE product_id = 'sql-server-2022-standard-sub-1y'",
    )
    .await;
    let agent_actor = backend::sessions::login(&app.svc, AGENT, backend::seed::DEMO_PASSWORD, "t")
        .await
        .unwrap()
        .actor;
    let form = domain::support::SupportRequestForm {
        order_id: order,
        issue_type: "csp_purchase_refund".into(),
        impact: "minimal".into(),
        title: "Refund".into(),
        tenant: "twprecision.example".into(),
        reason: "r".into(),
        amount: "10".into(),
        description: "d".into(),
        contact_name: "Adam Agent".into(),
        contact_email: AGENT.into(),
        contact_phone: "1234567".into(),
    };
    let id = backend::support::file(&app.svc, &agent_actor, &form)
        .await
        .unwrap();
    let upload = |c: reqwest::Client, form: Form, json: bool| {
        let url = format!("{}/support-requests/{id}/attachments", app.base);
        async move {
            let mut request = c.post(url).multipart(form);
            if json {
                request = request.header("accept", "application/json");
            }
            let response = request.send().await.unwrap();
            let location = response
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string());
            (response.status(), location, response.text().await.unwrap())
        }
    };
    let attachments = || async {
        scalar(
            &app.svc,
            &format!("SELECT COUNT(*) FROM support_attachments WHERE request_id = {id}"),
        )
        .await
    };

    // Signed out, another partner, the customer, a partner role that is
    // not an Admin Agent: refused, nothing stored.
    let (status, _, _) = upload(client(), pdf("a.pdf"), true).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for email in [
        "global@fabrikam.example",
        "admin@twprecision.example",
        "sales@contoso-partner.example",
    ] {
        let c = signed_in(&app.base, email).await;
        let (status, _, _) = upload(c, pdf("a.pdf"), true).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
    }
    assert_eq!(attachments().await, 0);

    let agent = signed_in(&app.base, AGENT).await;
    // The form listener's post: JSON, an error in the app's shape.
    let renamed = Form::new().part(
        "files",
        Part::bytes(b"MZ\x90\x00".to_vec()).file_name("evidence.pdf"),
    );
    let (status, _, body) = upload(agent.clone(), renamed, true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("support_attachment_type") && body.contains("evidence.pdf"),
        "{body}"
    );
    let (status, _, body) = upload(agent.clone(), pdf("證明.pdf"), true).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "null"));
    // Without wasm: back to the request, saying what happened.
    let (status, location, _) = upload(agent.clone(), pdf("second.pdf"), false).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.unwrap(),
        format!("/support-requests/{id}?attached=1")
    );
    let empty = Form::new().part("files", Part::bytes(Vec::new()).file_name("empty.txt"));
    let (status, location, _) = upload(agent.clone(), empty, false).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.unwrap(),
        format!("/support-requests/{id}?refused=support_attachment_empty")
    );
    assert_eq!(attachments().await, 2);

    // The download: its name (UTF-8), its type, never inline.
    let first = scalar(
        &app.svc,
        &format!("SELECT MIN(id) FROM support_attachments WHERE request_id = {id}"),
    )
    .await;
    let url = format!("{}/support-attachments/{first}", app.base);
    for c in [agent.clone(), signed_in(&app.base, "ops@bc.example").await] {
        let response = c.get(&url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
        assert_eq!(header("content-type"), "application/pdf");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(
            header("content-disposition"),
            "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E8%AD%89%E6%98%8E.pdf"
        );
        assert_eq!(
            response.bytes().await.unwrap().as_ref(),
            b"%PDF-1.7 evidence"
        );
    }
    for email in ["global@fabrikam.example", "admin@twprecision.example"] {
        let c = signed_in(&app.base, email).await;
        let response = c.get(&url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{email}");
    }
    assert_eq!(
        client().get(&url).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}
