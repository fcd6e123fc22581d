//! Forms posted by a browser without wasm (a slow network, a proxy that
//! strips scripts, a script error).
//!
//! With wasm, the form listener posts a form in place and shows what the
//! server says. Without it the browser posts the form itself and shows
//! whatever comes back, and a server function would answer with a bare
//! redirect. This layer gives such a post the answer the listener would
//! have made of it:
//! - after success, a redirect (303) to the form's `done` page;
//! - after an error, the page the form was on, rendered again with the
//!   user's input kept and each error next to its field (`page_marks`), or
//!   the page again with `?refused=<code>` for a code the form reloads on;
//! - a form that shows its answer in place (a secret shown once) gets the
//!   page with the answer in its field: a secret never goes into a URL.
//!
//! The post is recognized as a browser's own navigation (`Accept: text/html`,
//! URL-encoded, to a server function); the listener asks for JSON and never
//! comes here.

mod page_marks;

use app::components::forms::{done_page, refused_page, DONE_FIELD};
use app::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use tower::ServiceExt;

use page_marks::{Outcome, Posted};

/// More than any form of the portal sends (files go to their own route).
const BODY_LIMIT: usize = 1 << 20;

/// The layer, over the site's routes; `pages` renders a page again.
pub async fn answer(State(pages): State<Router>, request: Request, next: Next) -> Response {
    if !is_plain_form_post(&request) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let mut fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    // The submit button's own `done` comes after the form's.
    let done = fields
        .iter()
        .rev()
        .find(|(name, _)| name == DONE_FIELD)
        .map(|(_, value)| value.clone());
    let named_page = fields
        .iter()
        .find(|(name, _)| name == PAGE_FIELD)
        .map(|(_, value)| value.clone());
    fields.retain(|(name, _)| name != DONE_FIELD && name != PAGE_FIELD);
    let (path, search) = named_page
        .as_deref()
        .and_then(split_page)
        .unwrap_or_else(|| referring_page(&parts.headers));
    let page = Page {
        path,
        search,
        headers: parts.headers.clone(),
        extensions: parts.extensions.clone(),
    };
    let posted = Posted {
        action: parts.uri.path().to_string(),
        fields,
    };

    // The server function answers as it answers the form listener.
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&posted.fields)
        .finish();
    let headers = &mut parts.headers;
    headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    for name in [
        header::REFERER,
        header::ACCEPT_ENCODING,
        header::CONTENT_LENGTH,
    ] {
        headers.remove(name);
    }
    let answer = next
        .run(Request::from_parts(parts, Body::from(encoded)))
        .await;
    let status = answer.status();
    let cookies: Vec<HeaderValue> = answer
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    let (answer_parts, answer_body) = answer.into_parts();
    let Ok(text) = to_bytes(answer_body, BODY_LIMIT).await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let text = String::from_utf8_lossy(&text);

    let reply = if status.is_success() {
        succeeded(&pages, &page, &posted, done.as_deref(), &text).await
    } else {
        match serde_json::from_str::<AppError>(&text) {
            Ok(error) => refused(&pages, &page, &posted, status, &error).await,
            // Not a server function's error (the Origin check, a limit):
            // as it is.
            Err(_) => return Response::from_parts(answer_parts, Body::from(text.into_owned())),
        }
    };
    with_cookies(reply, cookies)
}

fn is_plain_form_post(request: &Request) -> bool {
    let header = |name| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && header(header::CONTENT_TYPE).starts_with("application/x-www-form-urlencoded")
        && header(header::ACCEPT).contains("text/html")
}

/// The field that names the page a form is on, in the forms of a page this
/// layer answered: that page's address is the server function's, so its
/// `Referer` names no page.
pub(crate) const PAGE_FIELD: &str = "__page";

/// A page's path and query (with its `?`): only a path of this site.
fn split_page(page: &str) -> Option<(String, String)> {
    if !page.starts_with('/') || page.starts_with("//") {
        return None;
    }
    page.parse::<http::Uri>()
        .ok()
        .map(|uri| path_and_query(&uri))
}

/// A URI's path, and its query with its `?`.
fn path_and_query(uri: &http::Uri) -> (String, String) {
    (
        uri.path().to_string(),
        uri.query().map(|q| format!("?{q}")).unwrap_or_default(),
    )
}

/// The page the form was on (`Referer`, sent for the site's own pages by
/// its `Referrer-Policy: same-origin`): its path and query with its `?`.
fn referring_page(headers: &HeaderMap) -> (String, String) {
    let referer = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<http::Uri>().ok());
    referer.map_or_else(|| ("/".into(), String::new()), |uri| path_and_query(&uri))
}

/// The page to render again, and the request the form came with (its
/// session and language).
struct Page {
    path: String,
    search: String,
    headers: HeaderMap,
    extensions: http::Extensions,
}

impl Page {
    fn url(&self) -> String {
        format!("{}{}", self.path, self.search)
    }

    /// The page as the server renders it for this user now; `None` when it
    /// is not an HTML page.
    async fn render(&self, pages: &Router) -> Option<String> {
        let mut request = Request::get(self.url()).body(Body::empty()).ok()?;
        for name in [header::COOKIE, header::ACCEPT_LANGUAGE, header::HOST] {
            for value in self.headers.get_all(&name) {
                request.headers_mut().append(name.clone(), value.clone());
            }
        }
        *request.extensions_mut() = self.extensions.clone();
        let response = pages.clone().oneshot(request).await.ok()?;
        let html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        let body = to_bytes(response.into_body(), 8 * BODY_LIMIT).await.ok()?;
        html.then(|| String::from_utf8_lossy(&body).into_owned())
    }
}

async fn succeeded(
    pages: &Router,
    page: &Page,
    posted: &Posted,
    done: Option<&str>,
    answer: &str,
) -> Response {
    if done.is_none() {
        if let Some(html) = page.render(pages).await {
            if let Some(html) = page_marks::answered(&html, &page.url(), posted, answer) {
                return (StatusCode::OK, html_type(), html).into_response();
            }
        }
    }
    see_other(&done_page(done, answer, &page.path, &page.search))
}

async fn refused(
    pages: &Router,
    page: &Page,
    posted: &Posted,
    status: StatusCode,
    error: &AppError,
) -> Response {
    let Some(html) = page.render(pages).await else {
        // The form came from no page of the site: its errors as text.
        let lang = app::i18n::Lang(domain::Language::En);
        let text: Vec<String> = error.messages().iter().map(|e| lang.error(e)).collect();
        return (status, text.join("\n")).into_response();
    };
    match page_marks::refused(&html, &page.url(), posted, error) {
        Outcome::Reload(code) => see_other(&refused_page(&page.path, &page.search, &code)),
        Outcome::Rewritten(html) => (status, html_type(), html).into_response(),
    }
}

fn html_type() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        Err(_) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response(),
    }
}

/// The server function's cookies (a sign-in's session) go with the answer.
fn with_cookies(mut response: Response, cookies: Vec<HeaderValue>) -> Response {
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}
