//! The small Korean HTML pages the buyer's browser lands on (KakaoTalk's in-app browser).
//! Every piece of dynamic text goes through [`escape`].

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};

/// HTML-escapes text for element content and double-quoted attributes.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A link at the bottom of a page.
#[derive(Debug, Clone)]
pub struct PageLink {
    pub label: String,
    pub href: String,
}

/// A page with a title, a message and optional links; `banner` adds a red notice on top.
#[must_use]
pub fn render(title: &str, message: &str, links: &[PageLink], banner: Option<&str>) -> String {
    let banner = banner.map_or_else(String::new, |b| {
        format!(
            "<p style=\"background:#c62828;color:#fff;padding:12px;font-weight:bold\">{}</p>",
            escape(b)
        )
    });
    let links: String = links
        .iter()
        .map(|l| {
            format!(
                "<p><a href=\"{}\" style=\"display:block;padding:14px;background:#fee500;color:#000;text-align:center;text-decoration:none;border-radius:8px\">{}</a></p>",
                escape(&l.href),
                escape(&l.label)
            )
        })
        .collect();
    let message = escape(message).replace('\n', "<br>");
    format!(
        "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title></head>\
         <body style=\"font-family:sans-serif;max-width:480px;margin:24px auto;padding:0 16px\">\
         {banner}<h1 style=\"font-size:20px\">{title}</h1><p>{message}</p>{links}</body></html>",
        title = escape(title),
    )
}

/// An HTML response that no cache keeps (each page reflects one payment's state).
#[must_use]
pub fn respond(status: StatusCode, html: String) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_text_is_escaped() {
        let html = render(
            "<b>",
            "a & \"b\" <script>",
            &[PageLink {
                label: "x'".into(),
                href: "http://x/?a=1&b=\"2\"".into(),
            }],
            Some("<i>"),
        );
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<b>"));
        assert!(!html.contains("<i>"));
        assert!(html.contains("a &amp; &quot;b&quot; &lt;script&gt;"));
        assert!(html.contains("href=\"http://x/?a=1&amp;b=&quot;2&quot;\""));
    }
}
