//! Atom and RSS feeds: what the theme's `atom.xml` and `rss.xml` templates
//! are given. Every URL in a feed is absolute, content included, since feed
//! readers show it away from the site.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use serde::Serialize;

use crate::load::config::FeedContent;
use typed_index_collections::TiVec;

use crate::model::{PageId, SectionId, Site, TaxonomyId, TermId};
use crate::render::RenderedBodies;

use super::views::{LISTED_TERMS, summary_of};

/// Which items a feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedScope {
    Site,
    Section(SectionId),
    Term { taxonomy: TaxonomyId, term: TermId },
}

#[derive(Debug, Serialize)]
pub struct FeedView<'e> {
    pub title: String,
    /// Absolute URL of the feed itself, also its Atom id.
    pub url: String,
    /// Absolute URL of the HTML page the feed follows.
    pub page_url: String,
    pub updated: String,
    pub updated_rfc2822: String,
    pub language: String,
    pub entries: Vec<&'e EntryView>,
}

#[derive(Debug, Serialize)]
pub struct EntryView {
    pub title: String,
    /// Absolute URL, also the entry's id.
    pub url: String,
    pub published: String,
    pub updated: String,
    pub published_rfc2822: String,
    pub summary: String,
    /// Full HTML with absolute URLs, unless the config asks for summaries.
    pub content: Option<String>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
}

/// A moment as RSS writes it (RFC 2822). chrono's own formatter panics on
/// a year it cannot write in four digits, which a date late on 9999-12-31
/// in another zone becomes; this one writes it as it is.
fn rfc2822(moment: chrono::DateTime<chrono_tz::Tz>) -> String {
    moment.format("%a, %-d %b %Y %H:%M:%S %z").to_string()
}

/// Site path of a feed file: `/atom.xml`, `/tin-tuc/atom.xml`.
pub fn feed_path(site: &Site, scope: FeedScope) -> String {
    match scope {
        FeedScope::Site => "/atom.xml".to_owned(),
        FeedScope::Section(section) => format!("{}atom.xml", site.sections[section].path),
        FeedScope::Term { taxonomy, term } => {
            format!("{}atom.xml", site.taxonomies[taxonomy].terms[term].path)
        }
    }
}

/// Whether the site writes a feed for `scope`: one with items, for a
/// taxonomy whose feeds are on.
pub fn exists(site: &Site, scope: FeedScope) -> bool {
    let switched_on = match scope {
        FeedScope::Term { taxonomy, .. } => site.taxonomies[taxonomy].feed,
        FeedScope::Site | FeedScope::Section(_) => true,
    };
    scope == FeedScope::Site || (switched_on && !items(site, scope).is_empty())
}

/// The dated items a feed follows, newest first.
pub fn items(site: &Site, scope: FeedScope) -> Vec<PageId> {
    let listing: &[PageId] = match scope {
        FeedScope::Site => &site.dated,
        FeedScope::Section(section) => &site.sections[section].pages,
        FeedScope::Term { taxonomy, term } => &site.taxonomies[taxonomy].terms[term].pages,
    };
    listing
        .iter()
        .copied()
        .filter(|&page| site.pages[page].date.is_some())
        .take(site.config.feeds.limit)
        .collect()
}

/// Each item's feed entry, made once however many feeds carry the item.
pub struct Entries<'a> {
    site: &'a Site,
    bodies: &'a RenderedBodies,
    made: TiVec<PageId, OnceLock<Option<EntryView>>>,
}

impl<'a> Entries<'a> {
    pub fn new(site: &'a Site, bodies: &'a RenderedBodies) -> Self {
        Entries {
            site,
            bodies,
            made: site.pages.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The entry of a page; `None` for an undated page.
    pub fn get(&self, id: PageId) -> Option<&EntryView> {
        self.made[id].get_or_init(|| self.make(id)).as_ref()
    }

    fn make(&self, id: PageId) -> Option<EntryView> {
        let config = &self.site.config;
        let page = &self.site.pages[id];
        let body = &self.bodies.pages[id];
        let published = page.date?;
        let updated = page.updated.unwrap_or(published).max(published);
        let permalink = config.permalink_for(&page.path);
        let content = (config.feeds.content == FeedContent::Full)
            .then(|| absolutize(&body.html, &permalink, origin(&config.base_url)));
        Some(EntryView {
            title: page.title.clone(),
            published: published.to_rfc3339(),
            updated: updated.to_rfc3339(),
            published_rfc2822: rfc2822(published),
            summary: summary_of(page, body).to_owned(),
            content,
            authors: page.front.authors.clone(),
            // As in lists: an entry is in the feed of each of its terms.
            categories: page.front.tags.iter().take(LISTED_TERMS).cloned().collect(),
            url: permalink,
        })
    }
}

/// The feed of `scope` with its newest items.
pub fn view<'e>(site: &Site, entries: &'e Entries, scope: FeedScope) -> FeedView<'e> {
    let config = &site.config;
    let (title, page_path) = match scope {
        FeedScope::Site => (config.title.clone(), "/".to_owned()),
        FeedScope::Section(section) => {
            let section = &site.sections[section];
            (
                format!("{} · {}", section.title, config.title),
                section.path.clone(),
            )
        }
        FeedScope::Term { taxonomy, term } => {
            let taxonomy = &site.taxonomies[taxonomy];
            let term = &taxonomy.terms[term];
            (
                format!("{}: {} · {}", taxonomy.title, term.label, config.title),
                term.path.clone(),
            )
        }
    };
    let listed = items(site, scope);
    let newest = super::sitemap::newest(site, &listed).unwrap_or(site.rules.now);
    FeedView {
        title,
        url: config.permalink_for(&feed_path(site, scope)),
        page_url: config.permalink_for(&page_path),
        updated: newest.to_rfc3339(),
        updated_rfc2822: rfc2822(newest),
        language: config.language.clone(),
        entries: listed
            .into_iter()
            .filter_map(|id| entries.get(id))
            .collect(),
    }
}

/// `https://example.gov.vn` of `https://example.gov.vn/phong-chong/`.
fn origin(base_url: &str) -> &str {
    match base_url.find("://") {
        Some(scheme_end) => {
            let after = scheme_end + 3;
            base_url[after..]
                .find('/')
                .map_or(base_url, |slash| &base_url[..after + slash])
        }
        None => "",
    }
}

static URL_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(href|src|srcset)="([^"]*)""#)
        .unwrap_or_else(|_| unreachable!("the pattern is fixed"))
});

/// Makes every link and image of rendered HTML absolute, each candidate of
/// a `srcset` too: paths from the site root get the site's origin, relative
/// ones the page's URL.
pub fn absolutize(html: &str, page_url: &str, origin: &str) -> String {
    let absolute = |value: &str| {
        if crate::text::url::is_absolute(value) {
            value.to_owned()
        } else if value.starts_with('/') {
            format!("{origin}{value}")
        } else {
            format!("{page_url}{value}")
        }
    };
    URL_ATTRIBUTE
        .replace_all(html, |captures: &regex::Captures| {
            let attribute = &captures[1];
            let value = &captures[2];
            let made = match attribute {
                "srcset" => value
                    .split(',')
                    .map(|candidate| {
                        let candidate = candidate.trim();
                        match candidate.split_once(' ') {
                            Some((url, width)) => format!("{} {width}", absolute(url)),
                            None => absolute(candidate),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => absolute(value),
            };
            format!("{attribute}=\"{made}\"")
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_urls_become_absolute() {
        let html = r##"<a href="/pc/van-ban/">a</a><img src="anh.svg" alt=""><a href="#muc">b</a><a href="https://x.vn/">c</a><a href="mailto:a@b.vn">d</a>"##;
        let out = absolutize(
            html,
            "https://e.gov.vn/pc/bai-viet/a/",
            origin("https://e.gov.vn/pc/"),
        );
        assert!(
            out.contains(r#"href="https://e.gov.vn/pc/van-ban/""#),
            "{out}"
        );
        assert!(
            out.contains(r#"src="https://e.gov.vn/pc/bai-viet/a/anh.svg""#),
            "{out}"
        );
        assert!(
            out.contains(r##"href="https://e.gov.vn/pc/bai-viet/a/#muc""##),
            "{out}"
        );
        assert!(
            out.contains(r#"href="https://x.vn/""#) && out.contains(r#"href="mailto:a@b.vn""#),
            "{out}"
        );
        let picture = r#"<source srcset="/pc/a/anh-480w.webp 480w, /pc/a/anh-960w.webp 960w">"#;
        let out = absolutize(
            picture,
            "https://e.gov.vn/pc/a/",
            origin("https://e.gov.vn/pc/"),
        );
        assert!(
            out.contains(r#"srcset="https://e.gov.vn/pc/a/anh-480w.webp 480w, https://e.gov.vn/pc/a/anh-960w.webp 960w""#),
            "{out}"
        );
    }

    #[test]
    fn origin_drops_the_sub_path() {
        assert_eq!(origin("https://e.gov.vn/pc/"), "https://e.gov.vn");
        assert_eq!(origin("http://127.0.0.1:1111/"), "http://127.0.0.1:1111");
    }
}
