//! Minified HTML: bodies written compact as they are rendered, and whole
//! pages minified around the parts minified before.
//!
//! Minifying is the costliest step of producing a page. Most of an item's
//! page is its body, and most of a list is its cards, each of which is in
//! several lists. A body rendered from Markdown is already compact (see
//! [`compact`]) and a card is minified once, so those parts are set aside
//! while the rest of the page is minified, then put back as they are.

use memchr::memmem;

/// Stands for a part set aside while the page around it is minified: an element
/// minify-html keeps as written and that rendered text cannot contain
/// (text is escaped, and templates do not write it).
const PART_MARKER: &[u8] = b"<loa-body-0c7e></loa-body-0c7e>";

/// Parts shorter than this are minified with their page: setting them
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

/// Minifies a fragment of a page: a body with raw HTML in it, a card, the
/// site's header. Whether an element's closing tag may be left out can
/// depend on what follows it, which a fragment does not know; so closing
/// tags are kept, unless the fragment ends with the closing tag of an
/// element that always keeps it (`</header>`, `</ul>`, …): then every
/// other closing tag is followed by something inside the fragment, and
/// what is left out is left out as it would be in the page.
pub fn minify_fragment(html: &str) -> String {
    let cfg = minify_html::Cfg {
        keep_closing_tags: !ends_with_kept_closing_tag(html),
        ..settings()
    };
    // minify-html writes back the UTF-8 it was given, minus whitespace,
    // quotes and optional tags.
    String::from_utf8(minify_html::minify(html.as_bytes(), &cfg)).unwrap_or_else(|_| html.into())
}

/// Whether `html` ends with the closing tag of an element whose closing
/// tag minify-html never leaves out.
fn ends_with_kept_closing_tag(html: &str) -> bool {
    // The elements whose end tags HTML lets a document omit.
    const OPTIONAL: [&str; 19] = [
        "p", "li", "dt", "dd", "rt", "rp", "optgroup", "option", "colgroup", "caption", "thead",
        "tbody", "tfoot", "tr", "td", "th", "html", "head", "body",
    ];
    let Some(open) = html.trim_end().strip_suffix('>') else {
        return false;
    };
    let Some(start) = open.rfind("</") else {
        return false;
    };
    let name = open[start + 2..].trim_end();
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !OPTIONAL
            .iter()
            .any(|optional| name.eq_ignore_ascii_case(optional))
}

/// Drops the line breaks pulldown-cmark writes between and inside blocks.
/// Outside `<pre>` and outside tags they are not content: soft breaks and
/// line breaks of text were already written as spaces, and the only break
/// that separates words is the one after a task list's checkbox, which
/// becomes a space. Inside a tag, a break belongs to an attribute's value
/// (a link title over two lines) and is kept. pulldown-cmark writes no
/// raw `<` in text nor `>` in attribute values, so every `<` opens a tag
/// and the next `>` closes it.
pub fn compact(html: &str) -> String {
    let mut compacted = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        push_without_breaks(&mut compacted, &rest[..start]);
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |offset| start + offset + 1);
        let end = if rest[start..].starts_with("<pre") {
            rest[start..]
                .find("</pre>")
                .map_or(rest.len(), |offset| start + offset + "</pre>".len())
        } else {
            tag_end
        };
        compacted.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    push_without_breaks(&mut compacted, rest);
    compacted
}

/// Text between two tags, without the HTML writer's line breaks.
fn push_without_breaks(compacted: &mut String, text: &str) {
    if !text.contains('\n') {
        compacted.push_str(text);
        return;
    }
    if compacted.ends_with("checkbox\"/>") || compacted.ends_with("checked=\"\"/>") {
        compacted.push(' ');
    }
    compacted.extend(text.split('\n'));
}

/// Collapses the runs of white space in the text of HTML as html5ever
/// writes it (the sanitizer's output), outside `<pre>`, `<textarea>`,
/// `<script>` and `<style>`, into one space each: what a browser shows
/// of them. Nothing else changes; in particular no closing tag is left
/// out, since whether one may be depends on what follows the body in the
/// page. html5ever quotes every attribute value with `"` and writes no
/// raw `<` in text, so tags and comments are found exactly.
pub fn collapse_spaces(html: &str) -> String {
    const KEPT_AS_WRITTEN: [&str; 4] = ["pre", "textarea", "script", "style"];
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'<' {
            let end = end_of_markup(html, at);
            out.push_str(&html[at..end]);
            let name_end = html[at + 1..end]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map_or(end, |offset| at + 1 + offset);
            let name = &html[at + 1..name_end];
            at = end;
            if let Some(kept) = KEPT_AS_WRITTEN
                .iter()
                .find(|kept| name.eq_ignore_ascii_case(kept))
            {
                let closing = format!("</{kept}");
                let content_end = html[at..]
                    .find(&closing)
                    .map_or(html.len(), |offset| at + offset);
                out.push_str(&html[at..content_end]);
                at = content_end;
            }
            continue;
        }
        let text_end = memchr::memchr(b'<', &bytes[at..]).map_or(bytes.len(), |offset| at + offset);
        let mut in_space = false;
        for c in html[at..text_end].chars() {
            if c.is_ascii_whitespace() {
                if !in_space {
                    out.push(' ');
                }
                in_space = true;
            } else {
                out.push(c);
                in_space = false;
            }
        }
        at = text_end;
    }
    out
}

/// Where the tag or comment starting at `start` ends, in HTML as html5ever
/// writes it (attribute values in `"`).
pub fn end_of_markup(html: &str, start: usize) -> usize {
    if html[start..].starts_with("<!--") {
        return html[start + 4..]
            .find("-->")
            .map_or(html.len(), |offset| start + 4 + offset + 3);
    }
    let mut in_quotes = false;
    for (offset, byte) in html.as_bytes()[start..].iter().enumerate() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'>' if !in_quotes => return start + offset + 1,
            _ => {}
        }
    }
    html.len()
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
    /// Minifies `html`. `bodies` and `parts`, fragments minified already
    /// (a page's body; a list's cards, the header), are left as they are
    /// wherever they occur in `html` verbatim; where a template changed one
    /// (truncated or escaped it, say) it is not found and is minified with
    /// the rest. Bodies with markup are set aside however short: they
    /// hold what writers wrote, which the page's minifying may not read
    /// right (text alone cannot upset it).
    pub fn minify(&self, html: &[u8], bodies: &[&str], parts: &[&str]) -> Vec<u8> {
        let mut found: Vec<(usize, &[u8])> = Vec::new();
        let set_aside = bodies
            .iter()
            .filter(|body| body.contains('<'))
            .chain(parts.iter().filter(|part| part.len() >= SHORTEST_SET_ASIDE));
        for part in set_aside.map(|part| part.as_bytes()) {
            found.extend(places_of(html, part).map(|place| (place, part)));
        }
        found.sort_unstable_by_key(|&(place, part)| (place, usize::MAX - part.len()));
        let mut end = 0;
        // Two equal parts are found at each other's places; keep one.
        found.retain(|&(place, part)| {
            let keep = place >= end;
            if keep {
                end = place + part.len();
            }
            keep
        });
        if found.is_empty() || memmem::find(html, PART_MARKER).is_some() {
            return minify_html::minify(html, &self.cfg);
        }
        let mut held = Vec::with_capacity(html.len());
        let mut from = 0;
        for &(place, part) in &found {
            held.extend_from_slice(&html[from..place]);
            held.extend_from_slice(PART_MARKER);
            from = place + part.len();
        }
        held.extend_from_slice(&html[from..]);
        let minified = minify_html::minify(&held, &self.cfg);
        let mut output = Vec::with_capacity(html.len());
        let mut from = 0;
        // minify-html keeps the markers in order.
        for (place, &(_, part)) in memmem::find_iter(&minified, PART_MARKER).zip(&found) {
            output.extend_from_slice(&minified[from..place]);
            output.extend_from_slice(part);
            from = place + PART_MARKER.len();
        }
        output.extend_from_slice(&minified[from..]);
        output
    }
}

/// Where `part` occurs in `html`. Parts are long, and preparing a search
/// for a whole part costs more than looking for its start and comparing
/// the rest.
fn places_of<'h>(html: &'h [u8], part: &'h [u8]) -> impl Iterator<Item = usize> + 'h {
    let start = &part[..part.len().min(32)];
    memmem::find_iter(html, start).filter(move |&place| html[place..].starts_with(part))
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
            String::from_utf8(Minifier::default().minify(page.as_bytes(), &[&body], &[])).unwrap();
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
        let with_body = Minifier::default().minify(page.as_bytes(), &[&body], &[]);
        let without = Minifier::default().minify(page.as_bytes(), &[], &[]);
        assert_eq!(with_body, without);
    }

    #[test]
    fn spaces_collapse_only_in_text() {
        let html = "<p title=\"a  > b\">x  \n y</p>\n<pre><code>a\n  b</code></pre><!-- c  > d --><textarea>e  f</textarea>";
        assert_eq!(
            collapse_spaces(html),
            "<p title=\"a  > b\">x y</p> <pre><code>a\n  b</code></pre><!-- c  > d --><textarea>e  f</textarea>"
        );
    }

    #[test]
    fn a_short_body_is_set_aside_too() {
        let body = "<table><tbody><tr><td><pre>a\n<p>b</p></pre><p></p></td></tr></tbody></table>";
        let page = format!(
            "<html><body><main><div class=\"content\">{body}</div>\n</main><footer>f</footer></body></html>"
        );
        let minified =
            String::from_utf8(Minifier::default().minify(page.as_bytes(), &[body], &[])).unwrap();
        assert!(minified.contains(body), "{minified}");
        assert!(minified.contains("</main><footer>"), "{minified}");
    }

    #[test]
    fn a_fragment_loses_closing_tags_only_when_it_ends_with_one_never_left_out() {
        let header = "<header>\n<ul>\n<li><a href=\"/a/\">A</a></li>\n<li>B</li>\n</ul>\n<p>chữ</p>\n</header>\n";
        assert_eq!(
            minify_fragment(header),
            "<header><ul><li><a href=/a/>A</a><li>B</ul><p>chữ</header>"
        );
        // What follows the last `</li>` or `</p>` in the page decides
        // whether it may go, so every closing tag stays.
        assert_eq!(
            minify_fragment("<li><p>một</p>\n<p>hai</p></li>"),
            "<li><p>một</p> <p>hai</p></li>"
        );
        assert_eq!(minify_fragment("<p>chữ</p> cuối"), "<p>chữ</p> cuối");
    }

    #[test]
    fn several_parts_go_back_in_their_places() {
        let card = |n: usize| {
            format!(
                "<li class=card><p>{}</p></li>",
                format!("thẻ {n} ").repeat(30)
            )
        };
        let (first, second) = (card(1), card(2));
        let page = format!("<ul class=\"cards\">\n  {first}\n  {second}\n  {first}\n</ul>");
        let minified =
            String::from_utf8(Minifier::default().minify(page.as_bytes(), &[], &[&second, &first]))
                .unwrap();
        assert_eq!(
            minified,
            format!("<ul class=cards>{first}{second}{first}</ul>")
        );
    }
}
