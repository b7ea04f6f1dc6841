//! Raw HTML in Markdown bodies: what each line of a writer's HTML loses to
//! the sanitizer (told to the writer, line by line), URLs that could run
//! code (an error in every mode), and the body's HTML cleaned or, with
//! `unsafe_html`, written back as written but balanced, so that an element
//! a writer left open never swallows the theme's own.

mod policy;
pub mod tokens;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use policy::Policy;
use policy::{ElementFate, holds_url};

use crate::error::Diagnostic;
use crate::messages::Message;
use crate::t;
use crate::text::url;

/// How a site treats writers' raw HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// Kept where it is safe, the rest removed with a warning.
    Sanitize,
    /// `unsafe_html: true`: published as written.
    AsWritten,
}

/// Something the sanitizer takes out of a writer's HTML.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    TagRemoved(String),
    RemovedWithContent(String),
    Attribute { element: String, attribute: String },
    StyleTrimmed(String),
    Embed(String),
    LeftOpen(String),
    Unfinished(String),
}

impl Change {
    fn describe(&self) -> Message {
        match self {
            Change::TagRemoved(element) => t!("raw-html-tag-removed", element = element),
            Change::RemovedWithContent(element) => {
                t!("raw-html-content-removed", element = element)
            }
            Change::Attribute { element, attribute } => t!(
                "raw-html-attribute-removed",
                attribute = attribute,
                element = element
            ),
            Change::StyleTrimmed(element) => t!("raw-html-style-trimmed", element = element),
            Change::Embed(host) => t!("raw-html-embed-removed", host = host),
            Change::LeftOpen(element) => t!("raw-html-left-open", element = element),
            Change::Unfinished(element) => t!("raw-html-unfinished", element = element),
        }
    }
}

/// A piece of a writer's raw HTML: an HTML block, or one inline tag.
#[derive(Debug, Clone, Copy)]
pub struct Piece<'a> {
    pub html: &'a str,
    /// The file's line number of the piece's first line.
    pub line: usize,
}

/// For every tag of the pieces, whether it opens an element whose content
/// a parser reads as text to its end tag (`<script>`, `<title>`, …) and
/// that no later end tag closes: left open, it would hold the rest of the
/// page, and it is almost always a tag named in prose.
fn left_open(tags: &[Vec<tokens::Tag>]) -> Vec<Vec<bool>> {
    let mut closed_later = BTreeSet::new();
    let mut open: Vec<Vec<bool>> = tags.iter().map(|piece| vec![false; piece.len()]).collect();
    for (piece, tags) in tags.iter().enumerate().rev() {
        for (index, tag) in tags.iter().enumerate().rev() {
            if tag.end {
                closed_later.insert(tag.name.as_str());
            } else if tag.holds_text || tokens::TEXT_ONLY.contains(&tag.name.as_str()) {
                open[piece][index] = !closed_later.contains(tag.name.as_str());
            }
        }
    }
    open
}

/// A URL in a writer's HTML that could run code in a reader's browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedUrl {
    pub line: usize,
    pub url: String,
    pub scheme: String,
}

/// What the raw HTML of one body holds and what publishing it changes.
#[derive(Debug, Default)]
pub struct Findings {
    /// By line, each change once.
    changes: BTreeMap<usize, BTreeSet<Change>>,
    pub refused: Vec<RefusedUrl>,
    /// Harmless schemes the HTML's URLs use.
    schemes: BTreeSet<String>,
    /// Every element and attribute name used, for writing the HTML back
    /// as written.
    tags: BTreeSet<String>,
    attributes: BTreeSet<String>,
    seen_any: bool,
}

impl Findings {
    /// Whether the body has any raw HTML.
    pub fn any(&self) -> bool {
        self.seen_any
    }

    /// Looks at the pieces of a body's raw HTML (HTML blocks, inline tags),
    /// in order. Returns, for each piece, the piece as the sanitizer is to
    /// read it when it must differ: frames of other hosts, form fields and
    /// elements left open taken out, and a space where a removed element
    /// kept the words around it apart.
    pub fn examine(
        pieces: &[Piece],
        policy: &Policy,
        treatment: Treatment,
    ) -> (Findings, Vec<Option<String>>) {
        let mut findings = Findings {
            seen_any: !pieces.is_empty(),
            ..Findings::default()
        };
        // Which elements' content the parser reads as text: those that
        // reach it as written (kept, or removed with their content there);
        // the tags this examination replaces leave their content to be
        // read as markup.
        let holds_text = |tag: &tokens::Tag| {
            let name = tag.name.as_str();
            match treatment {
                Treatment::AsWritten => tokens::TEXT_ONLY.contains(&name),
                Treatment::Sanitize if name == "iframe" => tag
                    .attributes
                    .iter()
                    .any(|attribute| attribute.name == "src" && policy.may_embed(&attribute.value)),
                Treatment::Sanitize => policy.element(name) == ElementFate::RemovedWithContent,
            }
        };
        let tags: Vec<Vec<tokens::Tag>> = pieces
            .iter()
            .map(|piece| tokens::tags(piece.html, holds_text))
            .collect();
        let left_open = left_open(&tags);
        let mut rewritten = Vec::with_capacity(pieces.len());
        for ((piece, tags), left_open) in pieces.iter().zip(&tags).zip(left_open) {
            rewritten.push(findings.examine_piece(piece, tags, &left_open, policy, treatment));
        }
        (findings, rewritten)
    }

    fn examine_piece(
        &mut self,
        piece: &Piece,
        tags: &[tokens::Tag],
        left_open: &[bool],
        policy: &Policy,
        treatment: Treatment,
    ) -> Option<String> {
        let html = piece.html;
        let mut rewritten: Option<String> = None;
        let mut copied_up_to = 0;
        // Lines are counted on from the previous tag, not from the top.
        let (mut line, mut counted_up_to) = (piece.line, 0);
        for (tag, &left_open) in tags.iter().zip(left_open) {
            line += memchr::memchr_iter(b'\n', &html.as_bytes()[counted_up_to..tag.range.start])
                .count();
            counted_up_to = tag.range.start;
            self.tags.insert(tag.name.clone());
            for attribute in &tag.attributes {
                self.attributes.insert(attribute.name.clone());
                if !holds_url(&attribute.name) {
                    continue;
                }
                match url::runs_code(&attribute.value) {
                    Some(scheme) => self.refused.push(RefusedUrl {
                        line,
                        url: attribute.value.clone(),
                        scheme,
                    }),
                    None => {
                        if let Some(scheme) = url::scheme(&attribute.value) {
                            self.schemes.insert(scheme);
                        }
                    }
                }
            }
            if treatment == Treatment::AsWritten {
                continue;
            }
            // A tag never finished, or one that opens text to an end tag
            // and is left open, is almost always a tag named in prose ("the
            // <script> tag") or a slip: as HTML it would hide what follows,
            // so it is shown as the text it is, as GFM's tagfilter does.
            let as_text = if tag.unfinished {
                Some(Change::Unfinished(tag.name.clone()))
            } else if left_open {
                Some(Change::LeftOpen(tag.name.clone()))
            } else {
                None
            };
            let (change, replacement) = match as_text {
                Some(change) => (
                    Some(change),
                    Some(Cow::Owned(escape_text(&html[tag.range.clone()]))),
                ),
                None => {
                    let (change, replacement) = judge(tag, policy);
                    (change, replacement.map(Cow::Borrowed))
                }
            };
            if let Some(change) = change {
                self.changes.entry(line).or_default().insert(change);
            }
            match replacement {
                Some(replacement) => {
                    let text =
                        rewritten.get_or_insert_with(|| String::with_capacity(html.len() + 8));
                    text.push_str(&html[copied_up_to..tag.range.start]);
                    text.push_str(&replacement);
                    copied_up_to = tag.range.end;
                }
                // A tag taken out whole loses its attributes with it.
                None => {
                    for change in attribute_changes(tag, policy) {
                        self.changes.entry(line).or_default().insert(change);
                    }
                }
            }
        }
        rewritten.map(|mut text| {
            text.push_str(&html[copied_up_to..]);
            text
        })
    }

    /// The body's HTML as published: sanitized, or as written but balanced.
    pub fn publish(&self, html: &str, policy: &Policy, treatment: Treatment) -> String {
        let builder = match treatment {
            Treatment::Sanitize => policy.sanitizer(&self.schemes),
            Treatment::AsWritten => policy.balancer(&self.schemes, &self.tags, &self.attributes),
        };
        keep_first_line_breaks(builder.clean(html).to_string())
    }

    /// One warning for each line the sanitizer changed, naming what went,
    /// and an error for each URL that could run code.
    pub fn report(&self, file: &Path, diagnostics: &mut Vec<Diagnostic>) {
        for refused in &self.refused {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    t!("unsafe-link", link = refused.url, scheme = refused.scheme),
                )
                .at_line(refused.line)
                .with_help(t!("unsafe-link-help")),
            );
        }
        for (&line, changes) in &self.changes {
            let listed: Vec<String> = changes
                .iter()
                .map(|change| change.describe().text)
                .collect();
            let embeds: Vec<&str> = changes
                .iter()
                .filter_map(|change| match change {
                    Change::Embed(host) => Some(host.as_str()),
                    _ => None,
                })
                .collect();
            let help = match embeds.first() {
                Some(host) => t!("raw-html-embed-help", host = host),
                None => t!("raw-html-changed-help"),
            };
            diagnostics.push(
                Diagnostic::warning(file, t!("raw-html-changed", changes = listed.join("; ")))
                    .at_line(line)
                    .with_help(help),
            );
        }
    }
}

/// HTML as html5ever writes it, with the first line break of `<pre>`,
/// `<textarea>` and `<listing>` content kept: html5ever writes such
/// content as it is, and a parser reading it drops a line break right
/// after the start tag, so a second one is needed to keep the first.
fn keep_first_line_breaks(html: String) -> String {
    const ELEMENTS: [&str; 3] = ["<pre", "<textarea", "<listing"];
    if !ELEMENTS.iter().any(|start| html.contains(start)) {
        return html;
    }
    let mut kept = String::with_capacity(html.len() + 8);
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let end = crate::render::minify::end_of_markup(&html, start);
        kept.push_str(&html[at..end]);
        let tag = &html[start..end];
        let opens = ELEMENTS.iter().any(|element| {
            tag.strip_prefix(element)
                .is_some_and(|rest| rest.starts_with(['>', ' ']))
        });
        if opens && html[end..].starts_with('\n') {
            kept.push('\n');
        }
        at = end;
    }
    kept.push_str(&html[at..]);
    kept
}

/// `text` as HTML text: `&`, `<` and `>` escaped.
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What sanitizing does to a tag itself, and what the tag is to be
/// replaced by before sanitizing (`None`: left as it is).
fn judge(tag: &tokens::Tag, policy: &Policy) -> (Option<Change>, Option<&'static str>) {
    let name = tag.name.as_str();
    let attribute = |wanted: &str| {
        tag.attributes
            .iter()
            .find(|attribute| attribute.name == wanted)
            .map(|attribute| attribute.value.as_str())
    };
    if name == "iframe" && !tag.end {
        let src = attribute("src").unwrap_or_default();
        if !policy.may_embed(src) {
            let host = url::shown_host(src);
            return (Some(Change::Embed(host)), Some(" "));
        }
        return (None, None);
    }
    if name == "input"
        && !tag.end
        && !attribute("type").is_some_and(|kind| kind.eq_ignore_ascii_case("checkbox"))
    {
        return (Some(Change::TagRemoved(tag.name.clone())), Some(" "));
    }
    match policy.element(name) {
        ElementFate::Kept => (None, None),
        ElementFate::RemovedWithContent => (
            (!tag.end).then(|| Change::RemovedWithContent(tag.name.clone())),
            None,
        ),
        ElementFate::TagRemoved => (
            (!tag.end).then(|| Change::TagRemoved(tag.name.clone())),
            // A space in place of the tag, which goes, keeps the words apart.
            policy.separates_words(name).then_some(" "),
        ),
    }
}

/// The attributes of a kept element that sanitizing removes.
fn attribute_changes(tag: &tokens::Tag, policy: &Policy) -> Vec<Change> {
    if tag.end || policy.element(&tag.name) != ElementFate::Kept {
        return Vec::new();
    }
    tag.attributes
        .iter()
        .filter_map(|attribute| {
            let name = attribute.name.as_str();
            if !policy.keeps_attribute(&tag.name, name, &attribute.value) {
                return Some(Change::Attribute {
                    element: tag.name.clone(),
                    attribute: attribute.name.clone(),
                });
            }
            if name == "style" && policy.style_loses_properties(&attribute.value) {
                return Some(Change::StyleTrimmed(tag.name.clone()));
            }
            None
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy::new(&["www.youtube.com".to_owned()])
    }

    fn examined(pieces: &[&str], first_line: usize, treatment: Treatment) -> (Findings, String) {
        let pieces: Vec<Piece> = pieces
            .iter()
            .enumerate()
            .map(|(index, html)| Piece {
                html,
                line: first_line + index,
            })
            .collect();
        let (findings, rewritten) = Findings::examine(&pieces, &policy(), treatment);
        let html = pieces
            .iter()
            .zip(rewritten)
            .map(|(piece, rewritten)| rewritten.unwrap_or_else(|| piece.html.to_owned()))
            .collect();
        (findings, html)
    }

    fn sanitized(pieces: &[&str]) -> (String, Findings) {
        let (findings, html) = examined(pieces, 1, Treatment::Sanitize);
        (
            findings.publish(&html, &policy(), Treatment::Sanitize),
            findings,
        )
    }

    #[test]
    fn removed_elements_never_join_words() {
        let (html, _) = sanitized(&["Gửi<button>Đi</button>ngay", "Tên<input type=text>họ"]);
        assert_eq!(html, "Gửi Đi ngayTên họ");
        let (html, _) = sanitized(&["Dòng<br>Redis Key<font>Lệnh</font>"]);
        assert_eq!(html, "Dòng<br>Redis KeyLệnh");
    }

    #[test]
    fn a_tag_never_finished_is_shown_as_text() {
        let (html, findings) = sanitized(&["<div class=\"note>\nChữ", "<b>đậm</b>"]);
        assert_eq!(html, "&lt;div class=\"note&gt;\nChữ<b>đậm</b>");
        assert_eq!(
            findings.changes[&1],
            BTreeSet::from([Change::Unfinished("div".into())])
        );
    }

    #[test]
    fn the_content_of_a_removed_textarea_is_read_as_markup() {
        let (html, findings) = sanitized(&["<textarea><title></textarea>Chữ"]);
        assert_eq!(html, " &lt;title&gt; Chữ");
        assert!(findings.changes[&1].contains(&Change::LeftOpen("title".into())));
    }

    #[test]
    fn a_first_blank_line_in_pre_survives() {
        let (html, _) = sanitized(&["<pre>\n\nx\n</pre>"]);
        assert_eq!(html, "<pre>\n\nx\n</pre>");
    }

    #[test]
    fn an_element_left_open_does_not_take_the_rest_of_the_text() {
        let (html, findings) =
            sanitized(&["<title>", "Chữ còn lại", "<script>", "x()", "</script>"]);
        assert_eq!(html, "&lt;title&gt;Chữ còn lại");
        assert_eq!(
            findings.changes[&1],
            BTreeSet::from([Change::LeftOpen("title".into())])
        );
        assert_eq!(
            findings.changes[&3],
            BTreeSet::from([Change::RemovedWithContent("script".into())])
        );
    }

    #[test]
    fn frames_of_other_hosts_are_taken_out_and_named() {
        let (html, findings) = sanitized(&[
            r#"<iframe src="https://maps.example.com/x"></iframe><iframe src="https://www.youtube.com/embed/a"></iframe>"#,
        ]);
        assert_eq!(
            html,
            r#" <iframe src="https://www.youtube.com/embed/a"></iframe>"#
        );
        assert_eq!(
            findings.changes[&1],
            BTreeSet::from([Change::Embed("maps.example.com".into())])
        );
    }

    #[test]
    fn each_line_says_what_went() {
        let (findings, _) = examined(
            &[
                "<div onclick=\"f()\" class=\"a\">\n<script>x()</script><font>chữ</font>\n<td style=\"color:red;text-align:left\">",
            ],
            10,
            Treatment::Sanitize,
        );
        assert_eq!(
            findings.changes[&10],
            BTreeSet::from([Change::Attribute {
                element: "div".into(),
                attribute: "onclick".into()
            }])
        );
        assert_eq!(
            findings.changes[&11],
            BTreeSet::from([
                Change::TagRemoved("font".into()),
                Change::RemovedWithContent("script".into())
            ])
        );
        assert_eq!(
            findings.changes[&12],
            BTreeSet::from([Change::StyleTrimmed("td".into())])
        );
        let mut diagnostics = Vec::new();
        findings.report(Path::new("a.md"), &mut diagnostics);
        assert_eq!(diagnostics.len(), 3);
        assert!(diagnostics.iter().all(|d| !d.is_error()));
        assert!(
            diagnostics[1].message.contains("<script>"),
            "{}",
            diagnostics[1].message
        );
        assert!(
            diagnostics[1].message.contains("<font>"),
            "{}",
            diagnostics[1].message
        );
    }

    #[test]
    fn urls_that_run_code_are_refused_in_both_treatments() {
        for treatment in [Treatment::Sanitize, Treatment::AsWritten] {
            let (findings, _) = examined(
                &[
                    "<a href=\"javascript:alert(1)\">x</a>\n<img src=\"data:text/html,x\"><a href=\"irc:x\">y</a>",
                ],
                3,
                treatment,
            );
            let lines: Vec<usize> = findings
                .refused
                .iter()
                .map(|refused| refused.line)
                .collect();
            assert_eq!(lines, [3, 4], "{treatment:?}");
            assert!(findings.schemes.contains("irc"));
        }
    }

    #[test]
    fn as_written_keeps_everything_but_balances() {
        let html = "<div onclick=\"f()\"><custom-box data-x=\"1\">chữ<script>go()</script>";
        let (findings, _) = examined(&[html], 1, Treatment::AsWritten);
        assert!(findings.changes.is_empty());
        assert_eq!(
            findings.publish(html, &policy(), Treatment::AsWritten),
            "<div onclick=\"f()\"><custom-box data-x=\"1\">chữ<script>go()</script></custom-box></div>"
        );
    }
}
