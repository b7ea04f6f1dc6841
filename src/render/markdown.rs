//! Markdown bodies to HTML: CommonMark with tables, footnotes, strikethrough
//! and task lists, heading anchors that fold Vietnamese, `@/` links between
//! content files, and raw HTML held back unless the config allows it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::error::Diagnostic;
use crate::messages::Message;
use crate::model::Unpublished;
use crate::model::legal::{MENTION, number_key};
use crate::render::minify;
use crate::t;
use crate::text::slugify;

/// What `@/` links can point at: the URL of every published document by
/// its path under `content/`, and why the others are not there.
pub struct LinkTargets<'a> {
    pub urls: HashMap<&'a str, String>,
    pub unpublished: &'a BTreeMap<String, Unpublished>,
    /// The path part of the base URL (`/` or `/phong-chong/`), put in front
    /// of links written from the site root (`/van-ban/`).
    pub base_path: &'a str,
    /// URLs of the legal summaries by number key, for linking mentions.
    pub documents: HashMap<String, String>,
    /// Number keys of the legal summaries by their `content/` path: an `@/`
    /// link to a summary counts as a mention of its document.
    pub document_files: HashMap<&'a str, String>,
    /// Link every mention of a document, or only the first on each page.
    pub link_every_mention: bool,
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

/// Link schemes that cannot run code in a reader's browser.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "sms", "ftp"];

/// The scheme of a URL (`javascript` in `javascript:alert(1)`), if it has one.
pub(crate) fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then_some(scheme)
}

/// A heading of a page, for its table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A rendered body with what templates want to know about it.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub toc: Vec<Heading>,
    /// Plain text of the first paragraph, for listings without a summary.
    pub first_paragraph: String,
    pub word_count: usize,
    /// Links whose target can only be checked once the whole site is known.
    pub links: Vec<LinkToCheck>,
    /// Images of the body, each source once, as written.
    pub images: Vec<String>,
    /// Number keys of the summarised documents the body mentions.
    pub mentions: Vec<String>,
    /// Document numbers mentioned that have no summary on the site.
    pub unknown_mentions: Vec<UnknownMention>,
    /// A hash of what pages show of the body (HTML and first paragraph), so
    /// `serve` can tell whether a re-rendered body changed.
    pub fingerprint: u64,
}

/// A link in a body, kept for checking after every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkToCheck {
    pub line: usize,
    pub target: LinkTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `@/van-ban/a.md#hieu-luc`: a heading of another content file.
    Heading {
        content_path: String,
        anchor: String,
    },
    /// `#hieu-luc`: a heading of the same page.
    OwnHeading(String),
    /// `/van-ban/` or `../anh/a.png`: a path inside the site, as written.
    Path(String),
}

impl LinkTarget {
    /// What of a destination needs checking later; `None` for links to
    /// other sites and for `@/` links without an anchor (checked at once).
    fn of(destination: &str) -> Option<LinkTarget> {
        if let Some(target) = destination.strip_prefix("@/") {
            let (file, anchor) = target.split_once('#')?;
            return (!anchor.is_empty()).then(|| LinkTarget::Heading {
                content_path: file.to_owned(),
                anchor: anchor.to_owned(),
            });
        }
        if let Some(anchor) = destination.strip_prefix('#') {
            return (!anchor.is_empty()).then(|| LinkTarget::OwnHeading(anchor.to_owned()));
        }
        if destination.is_empty()
            || destination.starts_with("//")
            || scheme_of(destination).is_some()
        {
            return None;
        }
        Some(LinkTarget::Path(destination.to_owned()))
    }
}

/// The place a Markdown body sits in its file.
pub struct Source<'a> {
    pub file: &'a Path,
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub first_line: usize,
    /// The number key of the document this page summarises, whose mentions
    /// on its own page stay plain text.
    pub own_document: Option<String>,
}

impl Source<'_> {
    fn line_at(&self, offset: usize) -> usize {
        self.first_line
            + self.body[..offset.min(self.body.len())]
                .matches('\n')
                .count()
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// How the site wants bodies written.
#[derive(Debug, Clone, Copy)]
pub struct Writing {
    /// Raw HTML in the text is passed through instead of left out.
    pub allow_html: bool,
    /// The HTML is written minified.
    pub minify: bool,
}

/// Renders a body, reporting broken `@/` links as errors and held-back raw
/// HTML as a warning.
pub fn render(
    source: &Source,
    targets: &LinkTargets,
    writing: Writing,
    diagnostics: &mut Vec<Diagnostic>,
) -> RenderedMarkdown {
    let allow_html = writing.allow_html;
    let mut passed_html = false;
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(source.body, options())
        .into_offset_iter()
        .collect();
    let mut rendered = RenderedMarkdown::default();
    let mut used_ids = HashSet::new();
    let mut omitted_html_lines = Vec::new();
    let mut first_paragraph_start = None;
    let mut block_depth = 0usize;
    let mut index = 0;
    let mut surroundings = Surroundings::default();
    let mut replacements: HashMap<usize, Vec<Event>> = HashMap::new();
    let mut linked = HashSet::new();
    while index < events.len() {
        let range = events[index].1.clone();
        surroundings.follow(&events[index].0);
        if let Event::Text(text) = &events[index].0
            && surroundings.code == 0
            && let Some(linked_text) = link_mentions(
                text,
                source,
                targets,
                source.line_at(range.start),
                surroundings.allow_links(),
                &mut linked,
                &mut rendered,
            )
        {
            replacements.insert(index, linked_text);
        }
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[index].0 {
            let level = *level as u8;
            let given = id.as_ref().map(|given| given.to_string());
            let end = events[index..]
                .iter()
                .position(|(event, _)| matches!(event, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |offset| index + offset);
            let title = plain_text(&events[index + 1..end]);
            let wanted = given.unwrap_or_else(|| slugify(&title));
            let unique = unique_id(
                if wanted.is_empty() {
                    "muc".to_owned()
                } else {
                    wanted
                },
                &mut used_ids,
            );
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[index].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            if level == 1 {
                diagnostics.push(
                    Diagnostic::warning(source.file, t!("heading-level-one"))
                        .at_line(source.line_at(range.start))
                        .with_help(t!("heading-level-one-help")),
                );
            }
            rendered.toc.push(Heading {
                level,
                id: unique,
                title,
            });
            block_depth += 1;
            index += 1;
            continue;
        }
        let is_image = matches!(&events[index].0, Event::Start(Tag::Image { .. }));
        let described = !is_image || has_description(&events[index + 1..]);
        match &mut events[index].0 {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if is_image && !rendered.images.iter().any(|seen| seen == dest_url.as_ref()) {
                    rendered.images.push(dest_url.to_string());
                }
                if !described {
                    diagnostics.push(
                        Diagnostic::warning(source.file, t!("image-without-alt", image = dest_url))
                            .at_line(source.line_at(range.start))
                            .with_help(t!("image-without-alt-help")),
                    );
                }
                let linked_file = dest_url
                    .strip_prefix("@/")
                    .map(|target| target.split('#').next().unwrap_or(target));
                if let Some(key) = linked_file.and_then(|file| targets.document_files.get(file))
                    && !rendered.mentions.contains(key)
                {
                    rendered.mentions.push(key.clone());
                }
                if let Some(target) = LinkTarget::of(dest_url) {
                    rendered.links.push(LinkToCheck {
                        line: source.line_at(range.start),
                        target,
                    });
                }
                match rewrite_destination(dest_url, targets, allow_html) {
                    Ok(Some(url)) => *dest_url = CowStr::from(url),
                    Ok(None) => {}
                    Err((message, help)) => diagnostics.push(
                        Diagnostic::error(source.file, message)
                            .at_line(source.line_at(range.start))
                            .with_help(help),
                    ),
                }
            }
            Event::Html(_) | Event::InlineHtml(_) if !allow_html => {
                omitted_html_lines.push(source.line_at(range.start));
                events[index].0 = Event::Text(CowStr::Borrowed(""));
            }
            Event::Html(_) | Event::InlineHtml(_) => passed_html = true,
            Event::SoftBreak if writing.minify => {
                events[index].0 = Event::Text(CowStr::Borrowed(" "));
            }
            Event::Start(Tag::Paragraph)
                if block_depth == 0 && rendered.first_paragraph.is_empty() =>
            {
                first_paragraph_start = Some(index);
            }
            Event::Start(_) => block_depth += 1,
            Event::End(TagEnd::Paragraph) if first_paragraph_start.is_some() => {
                if let Some(start) = first_paragraph_start.take() {
                    rendered.first_paragraph = plain_text(&events[start + 1..index]);
                }
            }
            Event::End(_) => block_depth = block_depth.saturating_sub(1),
            Event::Text(text) => rendered.word_count += text.split_whitespace().count(),
            _ => {}
        }
        index += 1;
    }
    if let Some(&first) = omitted_html_lines.first() {
        diagnostics.push(
            Diagnostic::warning(source.file, t!("raw-html-left-out"))
                .at_line(first)
                .with_help(t!("raw-html-left-out-help")),
        );
    }
    rendered.html.reserve(source.body.len() * 3 / 2);
    let events = events
        .into_iter()
        .enumerate()
        .flat_map(|(index, (event, _))| match replacements.remove(&index) {
            Some(replaced) => replaced,
            None => vec![event],
        });
    pulldown_cmark::html::push_html(&mut rendered.html, events);
    if writing.minify {
        rendered.html = if passed_html {
            minify::minify_fragment(&rendered.html)
        } else {
            minify::compact(&rendered.html)
        };
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(&(&rendered.html, &rendered.first_paragraph), &mut hasher);
    rendered.fingerprint = std::hash::Hasher::finish(&hasher);
    rendered
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

fn unique_id(wanted: String, used: &mut HashSet<String>) -> String {
    if used.insert(wanted.clone()) {
        return wanted;
    }
    (1..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or(wanted)
}

/// Finds mentions of document numbers in a piece of text. Mentions of
/// summarised documents are recorded and, when `may_link`, the config and
/// the page allow, linked; the returned events replace the text when any
/// link was made.
fn link_mentions<'e>(
    text: &str,
    source: &Source,
    targets: &LinkTargets,
    line: usize,
    may_link: bool,
    linked: &mut HashSet<String>,
    rendered: &mut RenderedMarkdown,
) -> Option<Vec<Event<'e>>> {
    // Every document number has a `/`; most text has none, and skipping it
    // spares the regular expression.
    if !text.contains('/') {
        return None;
    }
    let mut events = Vec::new();
    let mut written_up_to = 0;
    for found in MENTION.captures_iter(text) {
        let (Some(whole), Some(number)) = (found.get(0), found.name("number")) else {
            continue;
        };
        // A number glued to a word or path ("abc1629/QĐ-TTg", "/x/1/QĐ-A") is not a mention.
        if text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '/')
        {
            continue;
        }
        let key = number_key(number.as_str());
        let Some(url) = targets.documents.get(&key) else {
            rendered.unknown_mentions.push(UnknownMention {
                number: number.as_str().to_owned(),
                line,
            });
            continue;
        };
        if !rendered.mentions.contains(&key) {
            rendered.mentions.push(key.clone());
        }
        let own_page = source.own_document.as_deref() == Some(key.as_str());
        if !may_link || own_page || (!targets.link_every_mention && linked.contains(&key)) {
            continue;
        }
        linked.insert(key);
        events.push(Event::Text(CowStr::from(
            text[written_up_to..whole.start()].to_owned(),
        )));
        events.push(Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url: CowStr::from(url.clone()),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        events.push(Event::Text(CowStr::from(whole.as_str().to_owned())));
        events.push(Event::End(TagEnd::Link));
        written_up_to = whole.end();
    }
    if events.is_empty() {
        return None;
    }
    events.push(Event::Text(CowStr::from(text[written_up_to..].to_owned())));
    Some(events)
}

/// Whether the image whose events follow has a description: text before
/// its end.
fn has_description(events: &[(Event, Range<usize>)]) -> bool {
    events
        .iter()
        .take_while(|(event, _)| !matches!(event, Event::End(TagEnd::Image)))
        .any(|(event, _)| matches!(event, Event::Text(text) | Event::Code(text) if !text.trim().is_empty()))
}

/// What a link or image destination becomes: `@/` paths resolved, paths
/// from the site root given the base URL's sub-path, and schemes that could
/// run code refused. `None` keeps the destination as written.
fn rewrite_destination(
    destination: &str,
    targets: &LinkTargets,
    allow_html: bool,
) -> Result<Option<String>, (Message, Message)> {
    if destination.starts_with("@/") {
        return resolve(destination, targets)
            .map(Some)
            .map_err(|message| (message, t!("content-link-help")));
    }
    if let Some(from_root) = destination
        .strip_prefix('/')
        .filter(|rest| !rest.starts_with('/'))
    {
        return Ok((targets.base_path != "/").then(|| format!("{}{from_root}", targets.base_path)));
    }
    match scheme_of(destination) {
        Some(scheme)
            if !allow_html && !SAFE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) =>
        {
            Err((
                t!("unsafe-link", link = destination, scheme = scheme),
                t!("unsafe-link-help"),
            ))
        }
        _ => Ok(None),
    }
}

/// `@/bai-viet/a.md#muc` → the page's URL with the anchor kept.
fn resolve(link: &str, targets: &LinkTargets) -> Result<String, Message> {
    let target = &link[2..];
    let (file, anchor) = match target.split_once('#') {
        Some((file, anchor)) => (file, Some(anchor)),
        None => (target, None),
    };
    if let Some(url) = targets.urls.get(file) {
        return Ok(match anchor {
            Some(anchor) => format!("{url}#{anchor}"),
            None => url.clone(),
        });
    }
    match targets.unpublished.get(file) {
        Some(reason) => Err(match reason {
            Unpublished::Draft => t!("link-to-draft", link = link),
            Unpublished::Scheduled => t!("link-to-future", link = link),
            Unpublished::Expired => t!("link-to-expired", link = link),
        }),
        None => Err(t!("link-to-missing-file", link = link, file = file)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            urls: HashMap::from([("van-ban/nd-178.md", "/van-ban/nghi-dinh-178/".to_owned())]),
            unpublished: &unpublished,
            base_path: "/phong-chong/",
            documents: HashMap::from([
                (number_key("1629/QĐ-TTg"), "/van-ban/qd-1629/".to_owned()),
                (number_key("178/2004/NĐ-CP"), "/van-ban/nd-178/".to_owned()),
            ]),
            link_every_mention: every,
            document_files: HashMap::from([("van-ban/nd-178.md", number_key("178/2004/NĐ-CP"))]),
        };
        let source = Source {
            file: Path::new("content/a.md"),
            body,
            first_line: 5,
            own_document: own.map(number_key),
        };
        let mut diagnostics = Vec::new();
        let writing = Writing {
            allow_html,
            minify: false,
        };
        let rendered = render(&source, &targets, writing, &mut diagnostics);
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
    fn raw_html_is_held_back_unless_allowed() {
        let (rendered, diagnostics) = render_text("Chữ <script>alert(1)</script> thường\n", false);
        assert!(!rendered.html.contains("<script>"), "{}", rendered.html);
        assert_eq!(diagnostics.len(), 1);
        assert!(!diagnostics[0].is_error());
        let (rendered, diagnostics) = render_text("Chữ <b>đậm</b>\n", true);
        assert!(rendered.html.contains("<b>đậm</b>"));
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn first_paragraph_and_words_are_counted() {
        let (rendered, _) = render_text(
            "## Tiêu đề\n\n- mục\n\nĐoạn *đầu* tiên.\n\nĐoạn hai.\n",
            false,
        );
        assert_eq!(rendered.first_paragraph, "Đoạn đầu tiên.");
        assert_eq!(rendered.word_count, 8);
    }
}
