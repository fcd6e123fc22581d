//! The API's reference page (`/api/v1`), rendered by the server from the
//! OpenAPI document itself, so the two cannot disagree: every operation
//! with its parameters, body, answers and error codes.

use axum::extract::State;
use axum::response::Html;
use serde_json::Value;

use super::ApiState;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text(v: &Value) -> String {
    escape(v.as_str().unwrap_or_default())
}

pub async fn page(State(s): State<ApiState>) -> Html<String> {
    Html(render(&s.document))
}

pub fn render(doc: &Value) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.push_str("<title>Business Center API reference</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}code{background:#f0f3f7;padding:0 .25rem}section{border-top:1px solid #ccd;padding:.5rem 0}.m{font-weight:700;text-transform:uppercase;margin-right:.5rem}</style></head><body><main>");
    out.push_str(&format!(
        "<h1>{} v{}</h1>",
        text(&doc["info"]["title"]),
        text(&doc["info"]["version"])
    ));
    out.push_str(&format!("<p>{}</p>", text(&doc["info"]["description"])));
    out.push_str("<p>The machine-readable document: <a href=\"/api/v1/openapi.json\">openapi.json</a>. Errors have one shape: <code>{ code, message, field, params, errors }</code>.</p>");
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                out.push_str("<section>");
                out.push_str(&format!(
                    "<h2><span class=\"m\">{}</span><code>{}</code></h2>",
                    escape(method),
                    escape(path)
                ));
                out.push_str(&format!("<p>{}</p>", text(&op["summary"])));
                if let Some(params) = op["parameters"].as_array() {
                    out.push_str("<h3>Parameters</h3><ul>");
                    for p in params {
                        out.push_str(&format!(
                            "<li><code>{}</code> ({}) {}</li>",
                            text(&p["name"]),
                            text(&p["in"]),
                            text(&p["description"])
                        ));
                    }
                    out.push_str("</ul>");
                }
                if let Some(body) = op.get("requestBody") {
                    let schema = &body["content"]["application/json"]["schema"];
                    let name = schema["$ref"]
                        .as_str()
                        .and_then(|r| r.rsplit('/').next())
                        .unwrap_or("JSON");
                    out.push_str(&format!(
                        "<h3>Body</h3><p><code>{}</code> {}</p>",
                        escape(name),
                        text(&body["description"])
                    ));
                }
                if let Some(responses) = op["responses"].as_object() {
                    out.push_str("<h3>Answers</h3><ul>");
                    for (status, r) in responses {
                        out.push_str(&format!(
                            "<li><code>{}</code> {}</li>",
                            escape(status),
                            text(&r["description"])
                        ));
                    }
                    out.push_str("</ul>");
                }
                if let Some(codes) = op["x-error-codes"].as_array() {
                    let codes: Vec<String> = codes
                        .iter()
                        .map(|c| format!("<code>{}</code>", text(c)))
                        .collect();
                    out.push_str(&format!("<h3>Error codes</h3><p>{}</p>", codes.join(" ")));
                }
                out.push_str("</section>");
            }
        }
    }
    out.push_str("</main></body></html>");
    out
}
