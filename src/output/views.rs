//! What templates see: serializable views of pages, sections and
//! paginators, with URLs already made for the site's base URL.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::DateTime;
use chrono_tz::Tz;
use serde::Serialize;

use crate::render::images::{Offered, encoded_path, offered, path_of, shared};
use crate::render::markdown::pictures::{Shown, picture};

use crate::load::front_matter::Kind;
use crate::model::{Page, PageId, Section, SectionId, Site, TaxonomyId, TermId};
use crate::render::markdown::{Heading, RenderedMarkdown};

/// Words read per minute, for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 200;

/// How many terms of each taxonomy an item carries in lists. A list shows
/// each item's card, made once from the whole item; the item itself in
/// the list is for a theme's own use, and an item with thousands of tags
/// (each tag's page listing the item) would otherwise make a build's work
/// grow with the square of its tags.
pub const LISTED_TERMS: usize = 20;

/// How much of an item a view holds. The item's own page shows its card's
/// view with its [`PageParts`] added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The item as its card and its own page are made from: every term.
    Card,
    /// The item in a list: at most [`LISTED_TERMS`] terms of each taxonomy.
    Listed,
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A link to a term's page, as [`Link`] but borrowed from the model.
#[derive(Debug, Serialize)]
pub struct TermLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ImageView<'a> {
    /// The image's URL: as written, or the widest width made of a photo of
    /// the site.
    pub url: String,
    /// The absolute URL of the image a shared page shows: a photo's shared
    /// picture (1200 × 630 at most).
    pub permalink: String,
    pub alt: &'a str,
    /// For a photo of the site: the widths made of it (`src`, `srcset`,
    /// `webp_srcset`, `width`, `height`).
    pub photo: Option<Offered>,
    /// The size of the shared picture, when loa made it.
    pub shared_size: Option<(u32, u32)>,
}

#[derive(Debug, Serialize)]
pub struct NewsView<'a> {
    pub event_date: Option<String>,
    pub organiser: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct LegalView<'a> {
    pub number: Option<&'a str>,
    pub doc_type: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub signed: Option<String>,
    pub effective: Option<String>,
    /// When the document stops being in force.
    pub expires: Option<String>,
    pub status: Option<&'a str>,
    /// Both directions of each relation: an `amends` written on another
    /// summary shows here as `amended_by`.
    pub amends: Vec<DocumentLink>,
    pub replaces: Vec<DocumentLink>,
    pub amended_by: Vec<DocumentLink>,
    pub replaced_by: Vec<DocumentLink>,
    pub source_url: Option<&'a str>,
    /// Pages that mention the document, newest first; filled in on the
    /// summary's own page.
    pub mentioned_in: Vec<Link>,
}

/// A related document: its number, and its summary when the site has one.
#[derive(Debug, Serialize)]
pub struct DocumentLink {
    pub number: String,
    pub title: Option<String>,
    pub url: Option<String>,
}

fn document_links(site: &Site, numbers: &[String]) -> Vec<DocumentLink> {
    numbers
        .iter()
        .map(|number| {
            let summary = site.legal.find(number).map(|index| &site.pages[index]);
            DocumentLink {
                number: number.clone(),
                title: summary.map(|page| page.title.clone()),
                url: summary.map(|page| site.config.url_for(&page.path)),
            }
        })
        .collect()
}

/// A page as templates see it. `content` and `toc` are present on the
/// page's own output, left out in listings.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub kind: &'static str,
    pub url: String,
    pub permalink: String,
    pub path: &'a str,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc: Option<&'a [Heading]>,
    /// In lists: the page's card, the theme's `partials/card.html`
    /// rendered once for the page however many lists show it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<&'a str>,
    pub word_count: usize,
    pub reading_time: usize,
    pub draft: bool,
    /// Dated after "now": only in builds with `--future`, such as `serve`.
    pub scheduled: bool,
    pub tags: &'a [String],
    pub topics: &'a [String],
    pub audiences: &'a [String],
    pub localities: &'a [String],
    pub authors: &'a [String],
    pub image: Option<ImageView<'a>>,
    pub section: Link,
    pub news: Option<NewsView<'a>>,
    pub legal: Option<LegalView<'a>>,
    /// In lists, its lists cut to [`LISTED_TERMS`] values, as its terms are.
    pub extra: Cow<'a, BTreeMap<String, serde_norway::Value>>,
    /// The page's terms by taxonomy name, with their labels and URLs.
    pub terms: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Link>,
    /// On the item's own page: the photos of its gallery.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gallery: Vec<GalleryView<'a>>,
}

fn rfc3339(moment: Option<DateTime<Tz>>) -> Option<String> {
    moment.map(|m| m.to_rfc3339())
}

impl<'a> PageView<'a> {
    /// A page's view, as much of it as `detail` asks.
    pub fn new(site: &'a Site, id: PageId, body: &'a RenderedMarkdown, detail: Detail) -> Self {
        let listed = |values: &'a [String]| match detail {
            Detail::Listed => &values[..values.len().min(LISTED_TERMS)],
            Detail::Card => values,
        };
        let page: &Page = &site.pages[id];
        let config = &site.config;
        let zone = config.time_zone;
        let front = &page.front;
        let section: &Section = &site.sections[page.section];
        PageView {
            title: &page.title,
            kind: page.kind.name(),
            url: config.url_for(&page.path),
            permalink: config.permalink_for(&page.path),
            path: &page.path,
            date: rfc3339(page.date),
            updated: rfc3339(page.updated),
            summary: summary_of(page, body),
            content: None,
            toc: None,
            card: None,
            word_count: body.word_count,
            reading_time: body.word_count.div_ceil(WORDS_PER_MINUTE).max(1),
            draft: front.draft,
            scheduled: page.date.is_some_and(|date| date > site.rules.now),
            tags: listed(&front.tags),
            topics: listed(&front.topics),
            audiences: listed(&front.audiences),
            localities: listed(&front.localities),
            authors: &front.authors,
            image: image_of(site, page),
            section: Link {
                title: section.title.clone(),
                url: config.url_for(&section.path),
            },
            news: (page.kind == Kind::News).then(|| NewsView {
                event_date: rfc3339(front.event_date.map(|d| d.in_zone(zone))),
                organiser: front.organiser.as_deref(),
            }),
            legal: (page.kind == Kind::Legal).then(|| {
                let relations = site.legal.relations.get(&id).cloned().unwrap_or_default();
                LegalView {
                    number: front.number.as_deref(),
                    doc_type: front.doc_type.as_deref(),
                    issuer: front.issuer.as_deref(),
                    signed: rfc3339(front.signed.map(|d| d.in_zone(zone))),
                    effective: rfc3339(front.effective.map(|d| d.in_zone(zone))),
                    expires: rfc3339(front.expires.map(|d| d.in_zone(zone))),
                    status: front.status.as_deref(),
                    amends: document_links(site, &relations.amends),
                    replaces: document_links(site, &relations.replaces),
                    amended_by: document_links(site, &relations.amended_by),
                    replaced_by: document_links(site, &relations.replaced_by),
                    source_url: front.source_url.as_deref(),
                    mentioned_in: Vec::new(),
                }
            }),
            extra: match detail {
                Detail::Listed => listed_extra(&front.extra),
                Detail::Card => Cow::Borrowed(&front.extra),
            },
            terms: terms_of(site, id, detail),
            previous: None,
            next: None,
            gallery: Vec::new(),
        }
    }

    /// The view of the item's own page: this view with `parts`.
    pub fn with_parts(mut self, parts: PageParts<'a>) -> Self {
        self.content = parts.content;
        self.toc = parts.toc;
        self.previous = parts.previous;
        self.next = parts.next;
        self.gallery = parts.gallery;
        self
    }
}

/// What an item's own page shows of it beyond what its card is made
/// from. A page's digest is the card view's, taken once for every list
/// that shows the item, and these.
#[derive(Debug, Serialize)]
pub struct PageParts<'a> {
    /// Left out of a digest, which takes the body's fingerprint instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc: Option<&'a [Heading]>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    /// The photos of its gallery, in order.
    pub gallery: Vec<GalleryView<'a>>,
}

impl<'a> PageParts<'a> {
    pub fn of(site: &'a Site, id: PageId, body: &'a RenderedMarkdown) -> Self {
        let (previous, next) = neighbours(site, id);
        PageParts {
            content: Some(&body.html),
            toc: Some(&body.toc),
            previous,
            next,
            gallery: gallery_views(site, &site.pages[id]),
        }
    }
}

/// A photo of a gallery as templates see it.
#[derive(Debug, Serialize)]
pub struct GalleryView<'a> {
    /// The photo as a `<picture>` (a plain `<img>` for an image that is not
    /// a photo of the site), loading when the reader comes near.
    pub picture: String,
    pub caption: Option<&'a str>,
    /// The photo at its own size, for readers who want to see it whole.
    pub url: String,
    pub alt: &'a str,
}

/// How wide a gallery's photos show: two or three to a row.
const GALLERY_SIZES: &str = "(max-width: 30rem) 50vw, 15rem";

fn gallery_views<'a>(site: &'a Site, page: &'a Page) -> Vec<GalleryView<'a>> {
    let config = &site.config;
    crate::model::images::gallery_of(&site.images, page)
        .into_iter()
        .map(|entry| {
            let alt = entry.alt.unwrap_or_default();
            let url = match is_external(&entry.path) {
                true => entry.path.clone(),
                false => config.url_for(&encoded_path(&entry.path)),
            };
            let offered =
                site.images
                    .readable(&page.path, &entry.path)
                    .and_then(|(file, probe)| {
                        offered(&file.path, probe, &config.images, |path| {
                            config.url_for(path)
                        })
                    });
            let shown = Shown {
                alt,
                title: "",
                lazy: true,
            };
            let picture = match offered {
                Some(offered) => picture(&offered, GALLERY_SIZES, &shown),
                None => format!(
                    r#"<img src="{}" alt="{}" loading="lazy" decoding="async">"#,
                    html_escape::encode_double_quoted_attribute(&url),
                    html_escape::encode_double_quoted_attribute(alt)
                ),
            };
            GalleryView {
                picture,
                caption: entry.caption,
                url,
                alt,
            }
        })
        .collect()
}

/// The image an item gives in its front matter, with its links.
pub fn image_of<'a>(site: &Site, page: &'a Page) -> Option<ImageView<'a>> {
    let config = &site.config;
    let image = page.front.image.as_ref()?;
    let alt = image.alt.as_deref().unwrap_or_default();
    if is_external(&image.src) {
        return Some(ImageView {
            url: image.src.clone(),
            permalink: image.src.clone(),
            alt,
            photo: None,
            shared_size: None,
        });
    }
    let site_path = resolve_beside(&page.path, &image.src);
    let Some((file, probe)) = site.images.readable(&page.path, &image.src) else {
        return Some(ImageView {
            url: config.url_for(&site_path),
            permalink: config.permalink_for(&site_path),
            alt,
            photo: None,
            shared_size: None,
        });
    };
    let offered = offered(&file.path, probe, &config.images, |path| {
        config.url_for(path)
    });
    let (permalink, shared_size) = shared_picture(site, &page.path, &image.src);
    Some(ImageView {
        url: offered
            .as_ref()
            .map_or_else(|| config.url_for(&site_path), |offered| offered.src.clone()),
        permalink,
        alt,
        photo: offered,
        shared_size,
    })
}

/// The absolute URL of the image a page shows when shared, written `src`
/// on the page at `page_path`: for a photo of the site its shared picture,
/// with that picture's size.
pub fn shared_picture(site: &Site, page_path: &str, src: &str) -> (String, Option<(u32, u32)>) {
    let config = &site.config;
    if is_external(src) {
        return (src.to_owned(), None);
    }
    match site.images.readable(page_path, src) {
        Some((file, probe)) => {
            let shared = shared(probe);
            let path = encoded_path(&path_of(&file.path, shared));
            (config.permalink_for(&path), shared.size())
        }
        None => (config.permalink_for(&resolve_beside(page_path, src)), None),
    }
}

/// What listings, feeds and search engines show of an item: its own
/// summary, or the start of its first paragraph.
pub fn summary_of<'a>(page: &'a Page, body: &'a RenderedMarkdown) -> &'a str {
    match &page.front.summary {
        Some(summary) => summary.trim(),
        None => &body.summary,
    }
}

/// An item's `extra` as lists carry it: lists of more than [`LISTED_TERMS`]
/// values cut to that many (a taxonomy may read its terms from `extra`).
fn listed_extra(
    extra: &BTreeMap<String, serde_norway::Value>,
) -> Cow<'_, BTreeMap<String, serde_norway::Value>> {
    let long = |value: &serde_norway::Value| matches!(value, serde_norway::Value::Sequence(items) if items.len() > LISTED_TERMS);
    if !extra.values().any(long) {
        return Cow::Borrowed(extra);
    }
    Cow::Owned(
        extra
            .iter()
            .map(|(key, value)| {
                let value = match value {
                    serde_norway::Value::Sequence(items) if items.len() > LISTED_TERMS => {
                        serde_norway::Value::Sequence(items[..LISTED_TERMS].to_vec())
                    }
                    other => other.clone(),
                };
                (key.clone(), value)
            })
            .collect(),
    )
}

/// A page's terms in every taxonomy, as links to the term pages.
fn terms_of(site: &Site, page: PageId, detail: Detail) -> BTreeMap<&str, Vec<TermLink<'_>>> {
    let most = match detail {
        Detail::Listed => LISTED_TERMS,
        Detail::Card => usize::MAX,
    };
    site.taxonomies
        .iter()
        .map(|taxonomy| {
            let links = taxonomy
                .terms_of_page(page)
                .iter()
                .take(most)
                .map(|&term| TermLink {
                    title: &taxonomy.terms[term].label,
                    url: &taxonomy.terms[term].url,
                })
                .collect();
            (taxonomy.name.as_str(), links)
        })
        .collect()
}

fn is_external(src: &str) -> bool {
    src.starts_with("http://") || src.starts_with("https://") || src.starts_with("//")
}

/// Where an image written on a page is: a full URL as written, otherwise
/// its site path (see [`resolve_beside`]).
pub fn image_location(page_path: &str, src: &str) -> String {
    if is_external(src) {
        src.to_owned()
    } else {
        resolve_beside(page_path, src)
    }
}

/// A path written in front matter, relative to the page (bundle files) or
/// from the site root when it starts with `/`.
fn resolve_beside(page_path: &str, src: &str) -> String {
    if src.starts_with('/') {
        src.to_owned()
    } else {
        format!("{page_path}{src}")
    }
}

/// The neighbours of a page in its section. For dated items "previous" is
/// the older one and "next" the newer, as readers of news expect, although
/// listings run newest first; undated pages follow the listing order.
fn neighbours(site: &Site, id: PageId) -> (Option<Link>, Option<Link>) {
    let listing = &site.sections[site.pages[id].section].pages;
    let Some(position) = position_in_section(site, id) else {
        return (None, None);
    };
    let link = |neighbour: PageId| Link {
        title: site.pages[neighbour].title.clone(),
        url: site.config.url_for(&site.pages[neighbour].path),
    };
    let before = position.checked_sub(1).map(|p| link(listing[p]));
    let after = listing.get(position + 1).map(|&neighbour| link(neighbour));
    if site.pages[id].date.is_some() {
        (after, before)
    } else {
        (before, after)
    }
}

/// Where a page is in its section's listing, found by its rank:
/// listings are in rank order.
pub fn position_in_section(site: &Site, id: PageId) -> Option<usize> {
    let listing = &site.sections[site.pages[id].section].pages;
    listing
        .binary_search_by_key(&site.ranks[id], |&listed| site.ranks[listed])
        .ok()
}

/// A section as templates see it.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub kind: &'static str,
    pub url: String,
    pub permalink: String,
    pub path: &'a str,
    pub content: &'a str,
    pub page_count: usize,
    pub extra: &'a BTreeMap<String, serde_norway::Value>,
}

/// A term as templates see it, on its own page or in an index of terms.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub url: String,
    /// Items on the term's page (in a hierarchy, with the places below).
    pub count: usize,
    pub depth: usize,
    /// The places above, outermost first.
    pub ancestors: Vec<Link>,
}

impl<'a> TermView<'a> {
    pub fn new(site: &'a Site, taxonomy: TaxonomyId, term: TermId) -> Self {
        let taxonomy = &site.taxonomies[taxonomy];
        let own = &taxonomy.terms[term];
        let mut ancestors = Vec::new();
        let mut parent = own.parent;
        while let Some(at) = parent {
            let above = &taxonomy.terms[at];
            ancestors.push(Link {
                title: above.label.clone(),
                url: above.url.clone(),
            });
            parent = above.parent;
        }
        ancestors.reverse();
        TermView {
            key: &own.key,
            label: &own.label,
            url: own.url.clone(),
            count: own.pages.len(),
            depth: own.depth,
            ancestors,
        }
    }
}

impl<'a> SectionView<'a> {
    pub fn new(site: &'a Site, id: SectionId, body: &'a RenderedMarkdown) -> Self {
        let section = &site.sections[id];
        SectionView {
            title: &section.title,
            description: section.description.as_deref(),
            kind: section.default_kind.name(),
            url: site.config.url_for(&section.path),
            permalink: site.config.permalink_for(&section.path),
            path: &section.path,
            content: &body.html,
            page_count: section.pages.len(),
            extra: &section.front.extra,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Pager {
    pub number: usize,
    pub url: String,
    /// Pages were left out between the previous pager and this one.
    pub gap_before: bool,
}

/// How many pages on each side of the current one get a link.
const PAGER_WINDOW: usize = 2;

/// The page numbers a listing page links to: the first, the last, and a few
/// around the current one. Linking every page would make each listing page
/// of a long section grow with the section (and the build quadratic).
pub fn pager_numbers(current: usize, total: usize) -> Vec<usize> {
    let low = current.saturating_sub(PAGER_WINDOW).max(1);
    let high = (current + PAGER_WINDOW).min(total);
    let mut numbers: Vec<usize> = std::iter::once(1)
        .chain(low..=high)
        .chain(std::iter::once(total))
        .filter(|&n| n >= 1 && n <= total)
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// One page of a paginated listing.
#[derive(Debug, Serialize)]
pub struct Paginator<Item> {
    pub pages: Vec<Item>,
    /// 1-based number of this listing page.
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pagers: Vec<Pager>,
}

/// Site path of listing page `number` of a section: the section itself for
/// the first, `page/N/` below it for the rest.
pub fn listing_path(section_path: &str, number: usize) -> String {
    if number <= 1 {
        section_path.to_owned()
    } else {
        format!("{section_path}page/{number}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_link_the_ends_and_the_neighbourhood() {
        assert_eq!(pager_numbers(1, 1), [1]);
        assert_eq!(pager_numbers(1, 3), [1, 2, 3]);
        assert_eq!(pager_numbers(50, 400), [1, 48, 49, 50, 51, 52, 400]);
        assert_eq!(pager_numbers(400, 400), [1, 398, 399, 400]);
    }

    #[test]
    fn listing_pages_live_below_the_section() {
        assert_eq!(listing_path("/bai-viet/", 1), "/bai-viet/");
        assert_eq!(listing_path("/bai-viet/", 3), "/bai-viet/page/3/");
    }
}
