//! The API's reference page (`/api/v1`), rendered by the server from the
//! OpenAPI document itself, so the two cannot disagree: every operation
//! with its parameters, body, answers and error codes, then every schema.

use axum::extract::State;
use axum::response::Html;
use serde_json::Value;

use super::ApiState;

const HEAD: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
    <title>Business Center API reference</title><style>\
    body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}\
    code{background:#f0f3f7;padding:0 .25rem}section{border-top:1px solid #ccd;padding:.5rem 0}\
    .m{font-weight:700;text-transform:uppercase;margin-right:.5rem}</style></head><body><main>";

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
    let mut out = String::from(HEAD);
    out.push_str(&format!(
        "<h1>{} v{}</h1><p>{}</p>",
        text(&doc["info"]["title"]),
        text(&doc["info"]["version"]),
        text(&doc["info"]["description"])
    ));
    out.push_str(
        "<p>The machine-readable document: <a href=\"/api/v1/openapi.json\">openapi.json</a>. \
         Errors have one shape: <code>{ code, message, field, params, errors }</code>; \
         the <a href=\"#schemas\">schemas</a> follow the operations.</p>",
    );
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            operation(&mut out, method, path, op);
        }
    }
    out.push_str("<h2 id=\"schemas\">Schemas</h2>");
    for (name, schema) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        out.push_str(&format!(
            "<section id=\"schema-{0}\"><h3>{0}</h3><p>{1}</p><ul>",
            escape(name),
            text(&schema["description"])
        ));
        for (field, p) in schema["properties"].as_object().into_iter().flatten() {
            out.push_str(&format!(
                "<li><code>{}</code> {} {}</li>",
                escape(field),
                schema_name(p),
                text(&p["description"])
            ));
        }
        out.push_str("</ul></section>");
    }
    out.push_str("</main></body></html>");
    out
}

fn operation(out: &mut String, method: &str, path: &str, op: &Value) {
    out.push_str(&format!(
        "<section><h2><span class=\"m\">{}</span><code>{}</code></h2><p>{}</p>",
        escape(method),
        escape(path),
        text(&op["summary"])
    ));
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
        out.push_str(&format!(
            "<h3>Body</h3><p>{} {}</p>",
            first_schema(&body["content"]),
            text(&body["description"])
        ));
    }
    out.push_str("<h3>Answers</h3><ul>");
    for (status, r) in op["responses"].as_object().into_iter().flatten() {
        out.push_str(&format!(
            "<li><code>{}</code> {} {}</li>",
            escape(status),
            first_schema(&r["content"]),
            text(&r["description"])
        ));
    }
    out.push_str("</ul>");
    if let Some(codes) = op["x-error-codes"].as_array() {
        let codes: Vec<String> = codes
            .iter()
            .map(|c| format!("<code>{}</code>", text(c)))
            .collect();
        out.push_str(&format!("<h3>Error codes</h3><p>{}</p>", codes.join(" ")));
    }
    out.push_str("</section>");
}

/// The schema of a body's first media type.
fn first_schema(content: &Value) -> String {
    content
        .as_object()
        .and_then(|c| c.values().next())
        .map(|c| schema_name(&c["schema"]))
        .unwrap_or_default()
}

/// A schema as the page names it: a link to a named one, else its type.
fn schema_name(schema: &Value) -> String {
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        return format!("<a href=\"#schema-{0}\"><code>{0}</code></a>", escape(name));
    }
    if schema["type"] == "array" {
        return format!("array of {}", schema_name(&schema["items"]));
    }
    match &schema["type"] {
        Value::String(t) => format!("<code>{}</code>", escape(t)),
        Value::Array(types) => {
            let types: Vec<String> = types.iter().map(text).collect();
            format!("<code>{}</code>", types.join(" | "))
        }
        _ => schema["oneOf"]
            .as_array()
            .or_else(|| schema["anyOf"].as_array())
            .map(|alts| {
                alts.iter()
                    .map(schema_name)
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
            .unwrap_or_default(),
    }
}
