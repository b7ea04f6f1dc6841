//! Minified HTML: bodies written compact as they are rendered, and whole
//! pages minified around their body.
//!
//! Minifying is the costliest step of producing a page, and most of an
//! item's page is its body. A body rendered from Markdown is already compact
//! (see [`compact`]), so a page's body is set aside while the rest of the
//! page is minified, then put back as it is.

use memchr::memmem;

/// Stands for a body while the page around it is minified: an element
/// minify-html keeps as written and that rendered text cannot contain
/// (text is escaped, and templates do not write it).
const BODY_MARKER: &[u8] = b"<loa-body-0c7e></loa-body-0c7e>";

/// Bodies shorter than this are minified with their page: setting them
/// aside would save little, and a short fragment could occur in the page by
/// chance.
const SHORTEST_SET_ASIDE: usize = 256;

fn settings() -> minify_html::Cfg {
    minify_html::Cfg {
        minify_css: true,
        // Kept so the document's language and charset stay where tools
        // and validators look for them.
        keep_html_and_head_opening_tags: true,
        ..minify_html::Cfg::new()
    }
}

/// Minifies a fragment of a page, such as a body with raw HTML in it.
/// Closing tags are kept: whether one may be left out depends on what
/// follows, which a fragment does not know.
pub fn minify_fragment(html: &str) -> String {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        ..settings()
    };
    // minify-html writes back the UTF-8 it was given, minus whitespace,
    // quotes and optional tags.
    String::from_utf8(minify_html::minify(html.as_bytes(), &cfg)).unwrap_or_else(|_| html.into())
}

/// Drops the line breaks pulldown-cmark writes between blocks. Outside
/// `<pre>` they are not content: soft breaks were already written as
/// spaces, text cannot hold a raw `<`, and the only break that separates
/// words is the one after a task list's checkbox, which becomes a space.
pub fn compact(html: &str) -> String {
    let mut compacted = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<pre") {
        push_without_breaks(&mut compacted, &rest[..start]);
        let end = rest[start..]
            .find("</pre>")
            .map_or(rest.len(), |offset| start + offset + "</pre>".len());
        compacted.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    push_without_breaks(&mut compacted, rest);
    compacted
}

fn push_without_breaks(compacted: &mut String, text: &str) {
    for (index, line) in text.split('\n').enumerate() {
        if index > 0
            && (compacted.ends_with("checkbox\"/>") || compacted.ends_with("checked=\"\"/>"))
        {
            compacted.push(' ');
        }
        compacted.push_str(line);
    }
}

/// Minifies whole HTML outputs.
pub struct Minifier {
    cfg: minify_html::Cfg,
}

impl Default for Minifier {
    fn default() -> Self {
        Minifier { cfg: settings() }
    }
}

impl Minifier {
    /// Minifies `html`. `body`, an already minified fragment, is left as
    /// it is wherever it occurs in `html` verbatim; where a template changed
    /// it (truncated or escaped it, say) it is not found and is minified
    /// with the rest.
    pub fn minify(&self, html: &[u8], body: Option<&str>) -> Vec<u8> {
        let body = body
            .map(str::as_bytes)
            .filter(|body| body.len() >= SHORTEST_SET_ASIDE);
        let Some(body) = body else {
            return minify_html::minify(html, &self.cfg);
        };
        let places: Vec<usize> = memmem::find_iter(html, body).collect();
        if places.is_empty() || memmem::find(html, BODY_MARKER).is_some() {
            return minify_html::minify(html, &self.cfg);
        }
        let mut held = Vec::with_capacity(html.len() - places.len() * body.len());
        let mut from = 0;
        for &place in &places {
            held.extend_from_slice(&html[from..place]);
            held.extend_from_slice(BODY_MARKER);
            from = place + body.len();
        }
        held.extend_from_slice(&html[from..]);
        let minified = minify_html::minify(&held, &self.cfg);
        let mut page = Vec::with_capacity(minified.len() + places.len() * body.len());
        let mut from = 0;
        for place in memmem::find_iter(&minified, BODY_MARKER) {
            page.extend_from_slice(&minified[from..place]);
            page.extend_from_slice(body);
            from = place + BODY_MARKER.len();
        }
        page.extend_from_slice(&minified[from..]);
        page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markdown(text: &str) -> String {
        let mut html = String::new();
        let options =
            pulldown_cmark::Options::ENABLE_TASKLISTS | pulldown_cmark::Options::ENABLE_TABLES;
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(text, options));
        html
    }

    #[test]
    fn compact_drops_breaks_between_blocks_and_keeps_code() {
        let html = markdown(
            "# Tiêu đề\n\nĐoạn *một*\n\n- a\n- b\n\n```\nx < 1\n  y\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert_eq!(
            compact(&html),
            "<h1>Tiêu đề</h1><p>Đoạn <em>một</em></p><ul><li>a</li><li>b</li></ul>\
             <pre><code>x &lt; 1\n  y\n</code></pre>\
             <table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
        );
    }

    #[test]
    fn compact_keeps_a_space_after_a_checkbox() {
        let html = compact(&markdown("- [ ] việc\n- [x] xong\n"));
        assert!(html.contains("checkbox\"/> việc"), "{html}");
        assert!(html.contains("checked=\"\"/> xong"), "{html}");
    }

    #[test]
    fn a_body_found_in_the_page_is_left_as_it_is() {
        let body = format!("<p>{}</p><p>kết thúc</p>", "nội dung ".repeat(40));
        let page = format!(
            "<!doctype html><html lang=\"vi\"><head><title>T</title></head><body>\n  <main>\n    <div class=\"content\">{body}</div>\n  </main>\n</body></html>"
        );
        let minified =
            String::from_utf8(Minifier::default().minify(page.as_bytes(), Some(&body))).unwrap();
        // The body keeps its closing tags, which minifying it with the
        // page would have dropped; the page around it is minified.
        assert!(
            minified.contains(&format!("<div class=content>{body}</div>")),
            "{minified}"
        );
        assert!(!minified.contains("\n  "), "{minified}");
        assert!(!minified.contains("loa-body"), "{minified}");
    }

    #[test]
    fn a_body_the_template_changed_is_minified_with_the_page() {
        let body = format!("<p>{}</p>", "nội dung ".repeat(40));
        let truncated = &body[..200];
        let page = format!("<html><body><div class=\"content\">{truncated}</div></body></html>");
        let with_body = Minifier::default().minify(page.as_bytes(), Some(&body));
        let without = Minifier::default().minify(page.as_bytes(), None);
        assert_eq!(with_body, without);
    }
}
