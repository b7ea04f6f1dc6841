//! Checks of links that need the whole site: anchors of headings on other
//! pages, and paths inside the site that no output file answers.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::RenderedBodies;
use super::markdown::{Heading, LinkTarget, LinkToCheck};
use crate::error::Diagnostic;
use crate::model::Site;
use crate::t;

/// Reports broken links of every page and section. `outputs` holds every
/// file the build writes or copies, relative to the output folder.
pub fn check(site: &Site, bodies: &RenderedBodies, outputs: &BTreeSet<String>) -> Vec<Diagnostic> {
    let mut headings: HashMap<&str, &[Heading]> = HashMap::new();
    for (page, body) in site.pages.iter().zip(&bodies.pages) {
        headings.insert(page.file.content_path.as_str(), &body.toc);
    }
    for (section, body) in site.sections.iter().zip(&bodies.sections) {
        if let Some(file) = &section.file {
            headings.insert(file.content_path.as_str(), &body.toc);
        }
    }
    let documents = site
        .pages
        .iter()
        .zip(&bodies.pages)
        .map(|(page, body)| {
            (
                page.file.path.as_path(),
                page.path.as_str(),
                body.toc.as_slice(),
                &body.links,
            )
        })
        .chain(
            site.sections
                .iter()
                .zip(&bodies.sections)
                .filter_map(|(section, body)| {
                    let file = section.file.as_ref()?;
                    Some((
                        file.path.as_path(),
                        section.path.as_str(),
                        body.toc.as_slice(),
                        &body.links,
                    ))
                }),
        );
    let mut found = Vec::new();
    for page in &site.pages {
        let Some(image) = &page.front.image else {
            continue;
        };
        let Some(target) = crate::model::images::site_path_of(&page.path, &image.src) else {
            continue;
        };
        if !answers(outputs, &target) {
            found.push(
                Diagnostic::error(&page.file.path, t!("image-missing", image = image.src))
                    .at(page.key_lines.line_of("image"), 1)
                    .with_help(t!("image-missing-help")),
            );
        }
    }
    for page in &site.pages {
        let line = || page.key_lines.line_of("gallery");
        for photo in &page.front.gallery {
            let Some(target) = crate::model::images::site_path_of(&page.path, &photo.src) else {
                continue;
            };
            let found_any = match photo.src.ends_with('/') {
                true => crate::model::images::gallery_of(&site.images, page)
                    .iter()
                    .any(|entry| entry.path.starts_with(&target)),
                false => answers(outputs, &target),
            };
            if !found_any {
                found.push(
                    Diagnostic::error(&page.file.path, t!("image-missing", image = photo.src))
                        .at(line(), 1)
                        .with_help(t!("image-missing-help")),
                );
            }
        }
    }
    for (file, site_path, own, links) in documents {
        for link in links {
            if let Some(diagnostic) = check_one(file, site_path, own, link, &headings, outputs) {
                found.push(diagnostic);
            }
        }
    }
    found
}

fn has_anchor(toc: &[Heading], anchor: &str) -> bool {
    toc.iter().any(|heading| heading.id == anchor)
}

fn check_one(
    file: &Path,
    site_path: &str,
    own: &[Heading],
    link: &LinkToCheck,
    headings: &HashMap<&str, &[Heading]>,
    outputs: &BTreeSet<String>,
) -> Option<Diagnostic> {
    match &link.target {
        LinkTarget::Heading {
            content_path,
            anchor,
        } => {
            // A missing file was reported when the link was resolved.
            let toc = headings.get(content_path.as_str())?;
            (!has_anchor(toc, anchor)).then(|| {
                let known: Vec<&str> = toc.iter().map(|h| h.id.as_str()).collect();
                Diagnostic::error(
                    file,
                    t!("missing-heading", file = content_path, anchor = anchor),
                )
                .at_line(link.line)
                .with_help(if known.is_empty() {
                    t!("no-headings-help")
                } else {
                    t!("its-headings", headings = known.join(", #"))
                })
            })
        }
        LinkTarget::OwnHeading(anchor) => (!has_anchor(own, anchor)).then(|| {
            Diagnostic::warning(file, t!("missing-own-heading", anchor = anchor)).at_line(link.line)
        }),
        LinkTarget::Path(written) => {
            let target = resolve_path(site_path, written)?;
            if answers(outputs, &target) {
                return None;
            }
            Some(match link.image {
                true => Diagnostic::error(file, t!("image-missing", image = written))
                    .at_line(link.line)
                    .with_help(t!("image-missing-help")),
                false => Diagnostic::warning(
                    file,
                    t!("link-not-written", link = written, target = target),
                )
                .at_line(link.line)
                .with_help(t!("link-not-written-help")),
            })
        }
    }
}

/// The site path a link leads to from the page at `from`, with query and
/// anchor removed and `%XX` escapes decoded; `None` when it climbs above the
/// site root.
pub fn resolve_path(from: &str, written: &str) -> Option<String> {
    let bare = written.split(['#', '?']).next().unwrap_or_default();
    let decoded = percent_decode(bare);
    let joined = if decoded.starts_with('/') {
        decoded
    } else {
        format!("{from}{decoded}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let trailing = if joined.ends_with('/') || parts.is_empty() {
        "/"
    } else {
        ""
    };
    Some(format!("/{}{trailing}", parts.join("/")).replace("//", "/"))
}

/// Whether some output answers a site path, as a static host would: the
/// file itself, or the `index.html` of the folder.
fn answers(outputs: &BTreeSet<String>, site_path: &str) -> bool {
    let relative = site_path.trim_start_matches('/');
    if relative.is_empty() {
        return outputs.contains("index.html");
    }
    if let Some(folder) = relative.strip_suffix('/') {
        return outputs.contains(&format!("{folder}/index.html"));
    }
    outputs.contains(relative) || outputs.contains(&format!("{relative}/index.html"))
}

/// A path as written in a URL read as text: `%C3%A1` → `á`, bytes that are
/// not UTF-8 as U+FFFD.
pub(crate) fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_like_a_browser() {
        assert_eq!(
            resolve_path("/bai-viet/a/", "anh.png").as_deref(),
            Some("/bai-viet/a/anh.png")
        );
        assert_eq!(
            resolve_path("/bai-viet/a/", "../b/#x").as_deref(),
            Some("/bai-viet/b/")
        );
        assert_eq!(
            resolve_path("/bai-viet/a/", "/van-ban/?q=1").as_deref(),
            Some("/van-ban/")
        );
        assert_eq!(resolve_path("/a/", "../../../x"), None);
        assert_eq!(
            resolve_path("/a/", "t%C3%A0i-li%E1%BB%87u.pdf").as_deref(),
            Some("/a/tài-liệu.pdf")
        );
    }

    #[test]
    fn folders_are_answered_by_their_index() {
        let outputs: BTreeSet<String> = ["index.html", "van-ban/index.html", "a/anh.png"]
            .map(String::from)
            .into();
        assert!(answers(&outputs, "/"));
        assert!(answers(&outputs, "/van-ban/"));
        assert!(answers(&outputs, "/van-ban"));
        assert!(answers(&outputs, "/a/anh.png"));
        assert!(!answers(&outputs, "/a/khong-co.png"));
    }
}
