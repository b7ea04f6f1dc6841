//! Where links and images of a body point: `@/` paths to content files
//! resolved to URLs, paths from the site root given the base URL's
//! sub-path, URLs that could run code refused, and what needs the whole
//! site to check kept for later.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::pictures::{Pictures, Shown};
use super::{LinkTargets, RenderedMarkdown, Source, lines::Lines};
use crate::error::Diagnostic;
use crate::messages::Message;
use crate::model::Unpublished;
use crate::t;
use crate::text::url;

/// A link in a body, kept for checking after every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkToCheck {
    pub line: usize,
    pub target: LinkTarget,
    /// The destination of an image rather than a link: one that no file
    /// answers is an error, since the page would show a hole.
    pub image: bool,
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
    pub(super) fn of(destination: &str) -> Option<LinkTarget> {
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
        if destination.is_empty() || url::is_absolute(destination) {
            return None;
        }
        Some(LinkTarget::Path(destination.to_owned()))
    }
}

/// Rewrites the destination of every link and image, recording images,
/// links to check, and `@/` links to legal summaries as mentions.
pub fn resolve_all(
    events: &mut [(Event, Range<usize>)],
    source: &Source,
    targets: &LinkTargets,
    lines: &Lines,
    rendered: &mut RenderedMarkdown,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut images_seen = HashSet::new();
    // Images without a description: the first, where, and how many.
    let mut undescribed: Option<(String, usize, usize)> = None;
    let mut undescribed_count = 0;
    let mut pictures_made = 0;
    for index in 0..events.len() {
        let is_image = matches!(&events[index].0, Event::Start(Tag::Image { .. }));
        let described = !is_image || has_description(&events[index + 1..]);
        let start = events[index].1.start;
        let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
            &mut events[index].0
        else {
            continue;
        };
        let (line, column) = lines.place(source.body, start);
        // An image is looked up as written, before the rewrite below.
        let written = is_image.then(|| dest_url.to_string());
        if let Some(written) = &written
            && images_seen.insert(written.clone())
        {
            rendered.images.push(written.clone());
        }
        if !described {
            undescribed_count += 1;
            undescribed.get_or_insert((dest_url.to_string(), line, column));
        }
        let linked_file = dest_url
            .strip_prefix("@/")
            .map(|target| target.split('#').next().unwrap_or(target));
        if let Some(file) = linked_file
            && !rendered.content_links.iter().any(|known| known == file)
        {
            rendered.content_links.push(file.to_owned());
        }
        if let Some(key) = linked_file.and_then(|file| targets.document_files.get(file))
            && !rendered.mentions.contains(key)
        {
            rendered.mentions.push(key.clone());
        }
        if let Some(target) = LinkTarget::of(dest_url) {
            rendered.links.push(LinkToCheck {
                line,
                target,
                image: is_image,
            });
        }
        match rewrite(dest_url, targets) {
            Ok(Some(url)) => *dest_url = CowStr::from(url),
            Ok(None) => {}
            Err((message, help)) => diagnostics.push(
                Diagnostic::error(source.file, message)
                    .at(line, column)
                    .with_help(help),
            ),
        }
        if let (Some(written), Some(pictures)) = (&written, &targets.pictures) {
            let made = as_picture(
                &mut events[index..],
                pictures,
                source,
                written,
                targets,
                pictures_made > 0,
            );
            pictures_made += usize::from(made);
        }
    }
    // One warning for the file: the front matter's images come first, as
    // they are written above the text.
    let count = source.undescribed.len() + undescribed_count;
    let (first, line, column, help) = match (source.undescribed.first(), undescribed) {
        (Some(front), _) => (
            front.src.clone(),
            front.line,
            1,
            match front.in_gallery {
                true => t!("gallery-without-alt-help"),
                false => t!("front-image-without-alt-help"),
            },
        ),
        (None, Some((image, line, column))) => (image, line, column, t!("image-without-alt-help")),
        (None, None) => return,
    };
    let message = match (count, source.undescribed.first()) {
        (1, Some(front)) if !front.in_gallery => t!("front-image-without-alt"),
        (1, _) => t!("image-without-alt", image = first),
        (count, _) => t!("images-without-alt", count = count, image = first),
    };
    diagnostics.push(
        Diagnostic::warning(source.file, message)
            .at(line, column)
            .with_help(help),
    );
}

/// Replaces the image whose events start `events` with its `<picture>`,
/// when it is a photo of the site; says whether it did.
fn as_picture(
    events: &mut [(Event, Range<usize>)],
    pictures: &Pictures,
    source: &Source,
    written: &str,
    targets: &LinkTargets,
    lazy: bool,
) -> bool {
    let Event::Start(Tag::Image { title, .. }) = &events[0].0 else {
        return false;
    };
    let end = events
        .iter()
        .position(|(event, _)| matches!(event, Event::End(TagEnd::Image)))
        .unwrap_or(events.len() - 1);
    let alt = super::plain_text(&events[1..end]);
    let shown = Shown {
        alt: &alt,
        title,
        lazy,
    };
    let Some(markup) = pictures.markup(source.page_path, written, targets.base_path, &shown) else {
        return false;
    };
    // Written as loa's own HTML, not as a writer's raw HTML the sanitizer
    // looks at: `Html` outside an HTML block is never examined.
    events[0].0 = Event::Html(CowStr::from(markup));
    for (event, _) in &mut events[1..=end] {
        *event = Event::Html(CowStr::Borrowed(""));
    }
    true
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
/// from the site root given the base URL's sub-path, and URLs that could
/// run code refused. `None` keeps the destination as written.
fn rewrite(destination: &str, targets: &LinkTargets) -> Result<Option<String>, (Message, Message)> {
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
    match url::runs_code(destination) {
        Some(scheme) => Err((
            t!("unsafe-link", link = destination, scheme = scheme),
            t!("unsafe-link-help"),
        )),
        None => Ok(None),
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
