//! Markdown bodies to HTML: CommonMark with GitHub's tables, strikethrough,
//! task lists, extended autolinks and alerts, footnotes and definition
//! lists; heading anchors that fold Vietnamese; `@/` links between content
//! files; legal mentions linked; writers' raw HTML sanitized.
//!
//! A body goes through these steps, each its own module: warnings for
//! other generators' syntax (`foreign`), autolinks, heading anchors
//! (`headings`), link and image destinations (`destinations`), legal
//! mentions (`mentions`), raw HTML examined (`raw_html`), then the HTML is
//! written, sanitized when it holds raw HTML, and made compact.

mod autolinks;
mod destinations;
mod foreign;
mod headings;
mod lines;
mod mentions;
pub mod pictures;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use rustc_hash::FxHashMap;

pub use destinations::{LinkTarget, LinkToCheck};
pub use headings::Heading;

use crate::error::Diagnostic;
use crate::model::Unpublished;
use crate::render::minify;
use crate::render::raw_html::{Findings, Piece, Policy, Treatment};
use lines::Lines;

/// What `@/` links can point at: the URL of every published document by
/// its path under `content/`, and why the others are not there.
pub struct LinkTargets<'a> {
    pub urls: FxHashMap<&'a str, String>,
    pub unpublished: &'a BTreeMap<String, Unpublished>,
    /// The path part of the base URL (`/` or `/phong-chong/`), put in front
    /// of links written from the site root (`/van-ban/`).
    pub base_path: &'a str,
    /// URLs of the legal summaries by number key, for linking mentions.
    pub documents: FxHashMap<String, String>,
    /// Number keys of the legal summaries by their `content/` path: an `@/`
    /// link to a summary counts as a mention of its document.
    pub document_files: FxHashMap<&'a str, String>,
    /// Link every mention of a document, or only the first on each page.
    pub link_every_mention: bool,
    /// The site's photos, which bodies show as pictures; `None` shows every
    /// image as written.
    pub pictures: Option<pictures::Pictures<'a>>,
}

/// A mention of a document number that has no summary on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMention {
    pub number: String,
    pub line: usize,
}

/// Where the text is, for what may be linked inside it.
#[derive(Default)]
struct Surroundings {
    link: usize,
    code: usize,
    heading: usize,
}

impl Surroundings {
    fn follow(&mut self, event: &Event) {
        let (counter, step): (&mut usize, isize) = match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => (&mut self.link, 1),
            Event::End(TagEnd::Link | TagEnd::Image) => (&mut self.link, -1),
            Event::Start(Tag::CodeBlock(_)) => (&mut self.code, 1),
            Event::End(TagEnd::CodeBlock) => (&mut self.code, -1),
            Event::Start(Tag::Heading { .. }) => (&mut self.heading, 1),
            Event::End(TagEnd::Heading(_)) => (&mut self.heading, -1),
            _ => return,
        };
        *counter = counter.saturating_add_signed(step);
    }

    /// Mentions become links only in running text: not in code, not inside
    /// a link or an image, not in headings. (They still count as mentions
    /// outside code.)
    fn allow_links(&self) -> bool {
        self.link == 0 && self.code == 0 && self.heading == 0
    }
}

/// A rendered body with what templates want to know about it.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub toc: Vec<Heading>,
    /// The start of the first paragraph as plain text, cut at a word
    /// within [`SUMMARY_LENGTH`] characters: what lists, feeds and search
    /// engines show of an item that gives no summary of its own.
    pub summary: String,
    pub word_count: usize,
    /// Links whose target can only be checked once the whole site is known.
    pub links: Vec<LinkToCheck>,
    /// Images of the body, each source once, as written.
    pub images: Vec<String>,
    /// Number keys of the summarised documents the body mentions.
    pub mentions: Vec<String>,
    /// Document numbers mentioned that have no summary on the site.
    pub unknown_mentions: Vec<UnknownMention>,
    /// The `content/` files the body links to with `@/`, each once: with
    /// the documents it mentions, all it looked up in the site's targets.
    pub content_links: Vec<String>,
    /// A hash of what pages show of the body (HTML, summary and table of
    /// contents), so `serve` can tell whether a re-rendered body changed.
    pub fingerprint: u64,
}

/// The place a Markdown body sits in its file.
pub struct Source<'a> {
    pub file: &'a Path,
    /// The site path of the page, which relative images are beside.
    pub page_path: &'a str,
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub first_line: usize,
    /// The number key of the document this page summarises, whose mentions
    /// on its own page stay plain text.
    pub own_document: Option<String>,
    /// The images of the page's front matter without a description: one
    /// warning of the file counts them with those of the text.
    pub undescribed: Vec<crate::model::images::Undescribed>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// How the site wants bodies written.
#[derive(Debug, Clone)]
pub struct Writing {
    /// What becomes of writers' raw HTML.
    pub raw_html: Treatment,
    pub policy: Policy,
    /// The HTML is written minified.
    pub minify: bool,
    /// The titles of GitHub-style alerts (`> [!NOTE]`) in the site's
    /// language: note, tip, important, warning, caution.
    pub alert_titles: [&'static str; 5],
}

impl Writing {
    /// Alert titles for the site's `language`.
    pub fn alert_titles(language: &str) -> [&'static str; 5] {
        match language {
            "vi" => ["Lưu ý", "Mẹo", "Quan trọng", "Cảnh báo", "Thận trọng"],
            _ => ["Note", "Tip", "Important", "Warning", "Caution"],
        }
    }
}

/// Renders a body, reporting broken `@/` links and URLs that could run
/// code as errors, and what sanitizing changed as warnings.
pub fn render(
    source: &Source,
    targets: &LinkTargets,
    writing: &Writing,
    diagnostics: &mut Vec<Diagnostic>,
) -> RenderedMarkdown {
    let lines = Lines::new(source.body, source.first_line);
    let parser = Parser::new_ext(source.body, options()).into_offset_iter();
    let events: Vec<(Event, Range<usize>)> =
        pulldown_cmark::TextMergeWithOffset::new(parser).collect();
    foreign::warn(source, &lines, &events, diagnostics);
    let mut rendered = RenderedMarkdown::default();
    let mut events = autolinks::extend(events);
    rendered.toc = headings::anchor(&mut events, source, &lines, diagnostics);
    destinations::resolve_all(
        &mut events,
        source,
        targets,
        &lines,
        &mut rendered,
        diagnostics,
    );
    let mut events = mentions::link(events, source, targets, &lines, &mut rendered);
    let raw = examine_raw_html(&mut events, &lines, writing);
    raw.report(source.file, diagnostics);
    if let Some(pictures) = &targets.pictures {
        raw_pictures(
            &mut events,
            pictures,
            source,
            &lines,
            targets.base_path,
            &mut rendered,
        );
    }
    count_text(&events, &mut rendered);

    rendered.html.reserve(source.body.len() * 3 / 2);
    let mut in_code = false;
    let events = events.into_iter().filter_map(|(event, _)| {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        for_writing(event, writing, in_code)
    });
    pulldown_cmark::html::push_html(&mut rendered.html, events);
    if raw.any() {
        rendered.html = raw.publish(&rendered.html, &writing.policy, writing.raw_html);
    }
    if writing.minify {
        rendered.html = if raw.any() {
            minify::collapse_spaces(&rendered.html)
        } else {
            minify::compact(&rendered.html)
        };
    }
    rendered.fingerprint =
        crate::fingerprint::of(&(&rendered.html, &rendered.summary, &rendered.toc));
    rendered
}

/// The writer's raw HTML, in pieces: an HTML block as one piece (a tag may
/// span its lines), each inline tag on its own. Each piece is the events it
/// is made of and its text.
fn raw_html_pieces(events: &[(Event, Range<usize>)]) -> Vec<(Range<usize>, String)> {
    let mut pieces = Vec::new();
    let mut index = 0;
    while index < events.len() {
        match &events[index].0 {
            Event::Start(Tag::HtmlBlock) => {
                let first = index + 1;
                let end = events[first..]
                    .iter()
                    .position(|(event, _)| matches!(event, Event::End(TagEnd::HtmlBlock)))
                    .map_or(events.len(), |offset| first + offset);
                let block: String = events[first..end]
                    .iter()
                    .filter_map(|(event, _)| match event {
                        Event::Html(html) => Some(html.as_ref()),
                        _ => None,
                    })
                    .collect();
                pieces.push((first..end, block));
                index = end;
            }
            Event::InlineHtml(html) => {
                pieces.push((index..index + 1, html.to_string()));
                index += 1;
            }
            _ => index += 1,
        }
    }
    pieces
}

/// Puts `rewritten` in place of the piece of raw HTML made of the events
/// `piece`: in its first event, the others emptied.
fn replace_piece(events: &mut [(Event, Range<usize>)], piece: Range<usize>, rewritten: String) {
    let inline = matches!(events[piece.start].0, Event::InlineHtml(_));
    let mut rewritten = Some(rewritten);
    for (event, _) in &mut events[piece] {
        let text = CowStr::from(rewritten.take().unwrap_or_default());
        *event = match inline {
            true => Event::InlineHtml(text),
            false => Event::Html(text),
        };
    }
}

/// Hands the writer's raw HTML to the sanitizer's examination, piece by
/// piece; a piece the sanitizer wants to read otherwise is replaced.
fn examine_raw_html(
    events: &mut [(Event, Range<usize>)],
    lines: &Lines,
    writing: &Writing,
) -> Findings {
    let pieces = raw_html_pieces(events);
    let first_lines: Vec<usize> = pieces
        .iter()
        .map(|(range, _)| {
            events
                .get(range.start)
                .map_or(0, |(_, at)| lines.at(at.start))
        })
        .collect();
    let (findings, rewritten) = Findings::examine(
        &pieces
            .iter()
            .zip(&first_lines)
            .map(|((_, html), &line)| Piece { html, line })
            .collect::<Vec<_>>(),
        &writing.policy,
        writing.raw_html,
    );
    for ((range, _), rewritten) in pieces.into_iter().zip(rewritten) {
        if let Some(rewritten) = rewritten {
            replace_piece(events, range, rewritten);
        }
    }
    findings
}

/// The photos a writer's raw HTML shows as `<img>`, made pictures as
/// those of Markdown are, listed with the body's images and checked as
/// they are: one that is not a file of the site is an error at its line.
fn raw_pictures(
    events: &mut [(Event, Range<usize>)],
    pictures: &pictures::Pictures,
    source: &Source,
    lines: &Lines,
    base_path: &str,
    rendered: &mut RenderedMarkdown,
) {
    for (range, html) in raw_html_pieces(events) {
        let first_line = events
            .get(range.start)
            .map_or(0, |(_, at)| lines.at(at.start));
        let RenderedMarkdown { images, links, .. } = rendered;
        let seen = |src: &str, at: usize| {
            let before = !images.is_empty();
            if !images.iter().any(|known| known == src) {
                images.push(src.to_owned());
            }
            if let Some(target) = LinkTarget::of(src) {
                let line = first_line + html[..at].matches('\n').count();
                links.push(LinkToCheck {
                    line,
                    target,
                    image: true,
                });
            }
            before
        };
        if let Some(rewritten) = pictures.in_raw_html(&html, source.page_path, base_path, seen) {
            replace_piece(events, range, rewritten);
        }
    }
}

/// Longest automatic summary, in characters.
pub const SUMMARY_LENGTH: usize = 240;

/// Cuts plain text at a word boundary near `limit` characters.
fn shorten(text: &str, limit: usize) -> String {
    let Some((end, _)) = text.char_indices().nth(limit) else {
        return text.to_owned();
    };
    let cut = &text[..end];
    let at_word = cut.rfind(char::is_whitespace).map_or(cut, |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

/// The summary from the first paragraph and the number of words, from the
/// text the body shows.
fn count_text(events: &[(Event, Range<usize>)], rendered: &mut RenderedMarkdown) {
    let mut block_depth = 0usize;
    let mut first_paragraph_start = None;
    for (index, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if block_depth == 0 && rendered.summary.is_empty() => {
                first_paragraph_start = Some(index);
            }
            Event::Start(_) => block_depth += 1,
            Event::End(TagEnd::Paragraph) if first_paragraph_start.is_some() => {
                if let Some(start) = first_paragraph_start.take() {
                    rendered.summary =
                        shorten(&plain_text(&events[start + 1..index]), SUMMARY_LENGTH);
                }
            }
            Event::End(_) => block_depth = block_depth.saturating_sub(1),
            Event::Text(text) => rendered.word_count += text.split_whitespace().count(),
            _ => {}
        }
    }
}

/// An event as the HTML writer is to get it: alerts with their titles and,
/// when minifying, line breaks of running text outside code as the spaces
/// they show as (so that dropping the HTML writer's own line breaks
/// between tags never joins two words). `None` drops an event with nothing
/// to write.
fn for_writing<'e>(event: Event<'e>, writing: &Writing, in_code: bool) -> Option<Event<'e>> {
    Some(match event {
        Event::Start(Tag::BlockQuote(Some(kind))) => {
            let (class, title) = alert(kind, writing);
            Event::Html(CowStr::from(format!(
                "<div class=\"alert alert-{class}\"><p class=\"alert-title\">{title}</p>"
            )))
        }
        Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::Borrowed("</div>")),
        Event::Html(html) if html.is_empty() => return None,
        Event::SoftBreak if writing.minify => Event::Text(CowStr::Borrowed(" ")),
        Event::Text(text) if writing.minify && !in_code && text.contains('\n') => {
            Event::Text(CowStr::from(text.replace('\n', " ")))
        }
        event => event,
    })
}

fn alert(kind: BlockQuoteKind, writing: &Writing) -> (&'static str, &'static str) {
    let [note, tip, important, warning, caution] = writing.alert_titles;
    match kind {
        BlockQuoteKind::Note => ("note", note),
        BlockQuoteKind::Tip => ("tip", tip),
        BlockQuoteKind::Important => ("important", important),
        BlockQuoteKind::Warning => ("warning", warning),
        BlockQuoteKind::Caution => ("caution", caution),
    }
}

fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::legal::number_key;
    use unicode_normalization::UnicodeNormalization;

    fn render_text(body: &str, allow_html: bool) -> (RenderedMarkdown, Vec<Diagnostic>) {
        render_with(body, allow_html, true, None)
    }

    fn render_with(
        body: &str,
        allow_html: bool,
        every: bool,
        own: Option<&str>,
    ) -> (RenderedMarkdown, Vec<Diagnostic>) {
        let unpublished = BTreeMap::from([("bai-viet/nhap.md".to_owned(), Unpublished::Draft)]);
        let targets = LinkTargets {
            urls: FxHashMap::from_iter([(
                "van-ban/nd-178.md",
                "/van-ban/nghi-dinh-178/".to_owned(),
            )]),
            unpublished: &unpublished,
            base_path: "/phong-chong/",
            documents: FxHashMap::from_iter([
                (number_key("1629/QĐ-TTg"), "/van-ban/qd-1629/".to_owned()),
                (number_key("178/2004/NĐ-CP"), "/van-ban/nd-178/".to_owned()),
            ]),
            link_every_mention: every,
            pictures: None,
            document_files: FxHashMap::from_iter([(
                "van-ban/nd-178.md",
                number_key("178/2004/NĐ-CP"),
            )]),
        };
        let source = Source {
            file: Path::new("content/a.md"),
            page_path: "/a/",
            body,
            first_line: 5,
            own_document: own.map(number_key),
            undescribed: Vec::new(),
        };
        let mut diagnostics = Vec::new();
        let writing = Writing {
            raw_html: if allow_html {
                Treatment::AsWritten
            } else {
                Treatment::Sanitize
            },
            policy: Policy::new(&[]),
            minify: false,
            alert_titles: Writing::alert_titles("vi"),
        };
        let rendered = render(&source, &targets, &writing, &mut diagnostics);
        (rendered, diagnostics)
    }

    #[test]
    fn mentions_of_summarised_documents_become_links() {
        let nfd: String = "Quyết định số 1629/QĐ-TTg".nfd().collect();
        let body = format!(
            "Theo Quyết định số 1629/QĐ-TTg, {nfd}, 1629/QÐ-TTg và Nghị định 178/2004/ND-CP; Kế hoạch số 268/KH-UBND.\n"
        );
        let (rendered, _) = render_text(&body, false);
        assert!(
            rendered
                .html
                .contains(r#"Theo <a href="/van-ban/qd-1629/">Quyết định số 1629/QĐ-TTg</a>, "#),
            "{}",
            rendered.html
        );
        assert_eq!(
            rendered.html.matches(r#"href="/van-ban/qd-1629/""#).count(),
            3,
            "NFD and Ð too: {}",
            rendered.html
        );
        assert!(
            rendered
                .html
                .contains(r#"<a href="/van-ban/nd-178/">Nghị định 178/2004/ND-CP</a>"#),
            "{}",
            rendered.html
        );
        assert_eq!(
            rendered.mentions,
            [number_key("1629/QĐ-TTg"), number_key("178/2004/NĐ-CP")]
        );
        assert_eq!(
            rendered.unknown_mentions,
            [UnknownMention {
                number: "268/KH-UBND".into(),
                line: 5
            }]
        );
    }

    #[test]
    fn mentions_stay_plain_in_code_links_headings_and_on_their_own_page() {
        let body = "## Quyết định 1629/QĐ-TTg\n\n`1629/QĐ-TTg` [xem 1629/QĐ-TTg](https://x.vn/)\n\n```\n1629/QĐ-TTg\n```\n";
        let (rendered, _) = render_text(body, false);
        assert!(
            !rendered.html.contains("/van-ban/qd-1629/"),
            "{}",
            rendered.html
        );
        let (rendered, _) = render_with(
            "Quyết định 1629/QĐ-TTg và 178/2004/NĐ-CP.\n",
            false,
            true,
            Some("1629/QĐ-TTg"),
        );
        assert!(
            !rendered.html.contains("/van-ban/qd-1629/"),
            "own page: {}",
            rendered.html
        );
        assert!(
            rendered.html.contains("/van-ban/nd-178/"),
            "{}",
            rendered.html
        );
        assert_eq!(
            rendered.mentions.len(),
            2,
            "the own page still mentions itself"
        );
    }

    #[test]
    fn only_the_first_mention_links_when_asked() {
        let (rendered, _) = render_with(
            "1629/QĐ-TTg, 1629/QĐ-TTg.\n\nLại 1629/QĐ-TTg.\n",
            false,
            false,
            None,
        );
        assert_eq!(
            rendered.html.matches("/van-ban/qd-1629/").count(),
            1,
            "{}",
            rendered.html
        );
    }

    #[test]
    fn headings_get_folded_unique_anchors() {
        let (rendered, _) = render_text(
            "## Nội dung chính\n\n## Nội dung chính\n\n### Hiệu lực {#hl}\n",
            false,
        );
        assert!(
            rendered.html.contains(r#"<h2 id="noi-dung-chinh">"#),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains(r#"<h2 id="noi-dung-chinh-1">"#));
        assert!(rendered.html.contains(r#"<h3 id="hl">"#));
        assert_eq!(
            rendered.toc[2],
            Heading {
                level: 3,
                id: "hl".into(),
                title: "Hiệu lực".into()
            }
        );
    }

    #[test]
    fn extensions_are_on() {
        let (rendered, _) = render_text(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~cũ~~ [^1]\n\n- [x] xong\n\n[^1]: chú thích\n",
            false,
        );
        for needle in ["<table>", "<del>cũ</del>", "footnote", "checkbox"] {
            assert!(
                rendered.html.contains(needle),
                "{needle} missing in {}",
                rendered.html
            );
        }
    }

    #[test]
    fn content_links_resolve_and_broken_ones_name_their_line() {
        let (rendered, diagnostics) = render_text(
            "Xem [Nghị định](@/van-ban/nd-178.md#hieu-luc).\n\n[x](@/khong-co.md) [y](@/bai-viet/nhap.md)\n",
            false,
        );
        assert!(
            rendered
                .html
                .contains(r#"href="/van-ban/nghi-dinh-178/#hieu-luc""#)
        );
        assert_eq!(
            rendered.mentions,
            [number_key("178/2004/NĐ-CP")],
            "a link to a summary is a mention"
        );
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[0].line, Some(7));
        assert!(diagnostics[0].message.contains("does not exist"));
        assert!(diagnostics[1].message.contains("draft"));
    }

    #[test]
    fn site_root_links_get_the_sub_path_and_scripts_are_refused() {
        let (rendered, diagnostics) = render_text(
            "[a](/van-ban/) ![b](/anh.png) [c](https://x.vn/) [d](tel:111) [e](#muc)\n\n[f](javascript:alert(1))\n",
            false,
        );
        assert!(
            rendered.html.contains(r#"href="/phong-chong/van-ban/""#),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains(r#"src="/phong-chong/anh.png""#),
            "{}",
            rendered.html
        );
        for kept in [
            r#"href="https://x.vn/""#,
            r#"href="tel:111""#,
            r##"href="#muc""##,
        ] {
            assert!(rendered.html.contains(kept), "{kept} in {}", rendered.html);
        }
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].line, Some(7));
        assert!(diagnostics[0].message.contains("`javascript:`"));
    }

    #[test]
    fn links_to_check_later_are_kept() {
        let (rendered, _) = render_text(
            "[a](@/van-ban/nd-178.md#hieu-luc) [b](#muc) [c](../x/) [d](https://x.vn/) [e](@/van-ban/nd-178.md)\n",
            false,
        );
        let targets: Vec<&LinkTarget> = rendered.links.iter().map(|link| &link.target).collect();
        assert_eq!(
            targets,
            [
                &LinkTarget::Heading {
                    content_path: "van-ban/nd-178.md".into(),
                    anchor: "hieu-luc".into()
                },
                &LinkTarget::OwnHeading("muc".into()),
                &LinkTarget::Path("../x/".into()),
            ]
        );
        assert_eq!(rendered.links[0].line, 5);
    }

    #[test]
    fn images_are_listed_once() {
        let (rendered, _) = render_text(
            "![a](anh.png) ![b](anh.png) ![c](/b.jpg) [d](anh.png)\n",
            false,
        );
        assert_eq!(rendered.images, ["anh.png", "/b.jpg"]);
    }

    #[test]
    fn level_one_headings_are_warned_about() {
        let (_, diagnostics) = render_text("# Tiêu đề\n", false);
        assert_eq!(diagnostics.len(), 1);
        assert!(!diagnostics[0].is_error());
    }

    #[test]
    fn raw_html_is_sanitized_unless_allowed() {
        let body = "Chữ <script>alert(1)</script> <b onclick=\"x()\">đậm</b>\n\n<div>\n<table><tr><td>Ô</td></tr></table>\n</div>\n";
        let (rendered, diagnostics) = render_text(body, false);
        assert_eq!(
            rendered.html,
            "<p>Chữ  <b>đậm</b></p>\n<div>\n<table><tbody><tr><td>Ô</td></tr></tbody></table>\n</div>\n"
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].line, Some(5));
        assert!(!diagnostics[0].is_error());
        assert!(
            diagnostics[0].message.contains("<script>"),
            "{}",
            diagnostics[0].message
        );
        assert!(
            diagnostics[0].message.contains("onclick"),
            "{}",
            diagnostics[0].message
        );
        let (rendered, diagnostics) = render_text(body, true);
        assert!(
            rendered.html.contains("<script>alert(1)</script>"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("onclick"), "{}", rendered.html);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn an_element_left_open_is_closed_in_the_body() {
        for allow_html in [false, true] {
            let (rendered, _) = render_text("<div><section>\n\n*chữ*\n", allow_html);
            assert!(
                rendered.html.ends_with("</section></div>"),
                "{allow_html}: {}",
                rendered.html
            );
        }
    }

    #[test]
    fn links_that_run_code_are_errors_in_every_mode() {
        for allow_html in [false, true] {
            let (_, diagnostics) = render_text(
                "[a](javascript:alert(1)) ![b](data:text/html,x) [c](irc:x) [d](localhost:5001/x) [e](file:///a)\n\n<a href=\"vbscript:x\">f</a>\n",
                allow_html,
            );
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            assert_eq!(errors.len(), 3, "{allow_html}: {diagnostics:?}");
            assert_eq!(errors[2].line, Some(7));
        }
    }

    #[test]
    fn headings_keep_only_their_anchor_and_classes() {
        let (rendered, diagnostics) = render_text("## Hi {#hi .a onmouseover=alert(1)}\n", false);
        assert_eq!(rendered.html, "<h2 id=\"hi\" class=\"a\">Hi</h2>\n");
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("onmouseover"));
    }

    #[test]
    fn addresses_in_text_become_links() {
        let (rendered, _) = render_text(
            "Xem www.example.vn/a, https://x.vn/b?c=1 hoặc viết cho lienhe@x.vn. `www.code.vn` [www.link.vn](/l)\n",
            false,
        );
        for link in [
            r#"<a href="http://www.example.vn/a">www.example.vn/a</a>,"#,
            r#"<a href="https://x.vn/b?c=1">https://x.vn/b?c=1</a>"#,
            r#"<a href="mailto:lienhe@x.vn">lienhe@x.vn</a>."#,
            "<code>www.code.vn</code>",
            r#"<a href="/phong-chong/l">www.link.vn</a>"#,
        ] {
            assert!(rendered.html.contains(link), "{link} in {}", rendered.html);
        }
    }

    #[test]
    fn alerts_and_definition_lists() {
        let (rendered, _) = render_text(
            "> [!WARNING]\n> Không chia sẻ thông tin cá nhân.\n\nMại dâm\n: hành vi mua dâm, bán dâm\n",
            false,
        );
        assert!(
            rendered.html.contains(
                r#"<div class="alert alert-warning"><p class="alert-title">Cảnh báo</p>"#
            ),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("<dt>Mại dâm</dt>"),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("<dd>hành vi mua dâm, bán dâm</dd>"),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn syntax_of_other_generators_is_pointed_out() {
        let (_, diagnostics) = render_text(
            "Đoạn {{< youtube abc >}} và {% include a.html %}\n\n{{ page.title }} {: .lead}\n\n`{{ mã }}`\n\n```\n{% raw %}\n```\n",
            false,
        );
        let places: Vec<_> = diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(
            places,
            [
                (Some(5), Some(6)),
                (Some(5), Some(29)),
                (Some(7), Some(1)),
                (Some(7), Some(18)),
            ],
            "{diagnostics:?}"
        );
        assert!(diagnostics[0].message.contains("{{< youtube abc >}}"));
    }

    #[test]
    fn minifying_never_changes_text_or_attributes() {
        let writing = |minify| Writing {
            raw_html: Treatment::Sanitize,
            policy: Policy::new(&[]),
            minify,
            alert_titles: Writing::alert_titles("vi"),
        };
        let unpublished = BTreeMap::new();
        let targets = LinkTargets {
            urls: FxHashMap::default(),
            unpublished: &unpublished,
            base_path: "/",
            documents: FxHashMap::default(),
            link_every_mention: true,
            document_files: FxHashMap::default(),
            pictures: None,
        };
        let body =
            "foo&#10;&#10;bar *em*\nnext\n\n[link](/url \"title\nline\")\n\n```\na\n  b\n```\n";
        let source = Source {
            file: Path::new("a.md"),
            page_path: "/a/",
            body,
            first_line: 1,
            own_document: None,
            undescribed: Vec::new(),
        };
        let html = render(&source, &targets, &writing(true), &mut Vec::new()).html;
        assert_eq!(
            html,
            "<p>foo  bar <em>em</em> next</p><p><a href=\"/url\" title=\"title\nline\">link</a></p><pre><code>a\n  b\n</code></pre>"
        );
    }

    #[test]
    fn odd_text_never_panics() {
        // Pieces that sit at the edges of what each step reads: tags, URLs,
        // addresses, entities, other generators' syntax, multi-byte letters.
        const PIECES: &[&str] = &[
            "<",
            ">",
            "</",
            "<script>",
            "</script>",
            "<title>",
            "<div class=\"",
            "\"",
            "'",
            "=",
            "<!--",
            "-->",
            "<?",
            "<![CDATA[",
            "<iframe src=//www.youtube.com/x>",
            "<a href=",
            "javascript:",
            "data:",
            "www.",
            "http://",
            "https://",
            "@",
            ".",
            ";",
            "&",
            "&#x",
            "&amp",
            "(",
            ")",
            "[",
            "]",
            "(@/",
            "{{",
            "}}",
            "{%",
            "%}",
            "{:",
            "{#",
            "}",
            "`",
            "```",
            "\n",
            "\n\n",
            " ",
            "\t",
            "> [!NOTE]\n",
            ": ",
            "## ",
            "|",
            "-",
            "*",
            "_",
            "~",
            "é",
            "ộ",
            "đ",
            "1629/QĐ-TTg",
            "a",
            "\u{200b}",
            "\u{a0}",
        ];
        let mut random = fastrand::Rng::with_seed(17);
        for _ in 0..1500 {
            let body: String = (0..random.usize(1..40))
                .map(|_| PIECES[random.usize(..PIECES.len())])
                .collect();
            for allow_html in [false, true] {
                let _ = render_text(&body, allow_html);
            }
        }
    }

    #[test]
    fn first_paragraph_and_words_are_counted() {
        let (rendered, _) = render_text(
            "## Tiêu đề\n\n- mục\n\nĐoạn *đầu* tiên.\n\nĐoạn hai.\n",
            false,
        );
        assert_eq!(rendered.summary, "Đoạn đầu tiên.");
        assert_eq!(rendered.word_count, 8);
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(shorten("một hai ba", 20), "một hai ba");
        assert_eq!(shorten("một hai ba bốn", 9), "một hai…");
    }
}
