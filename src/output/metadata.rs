//! Metadata for search engines and sharing: canonical URL, description,
//! Open Graph and Twitter Card values, and JSON-LD (`NewsArticle`,
//! `Legislation`, `WebPage`, `CollectionPage`, `WebSite`, `BreadcrumbList`).

use serde::Serialize;

use crate::load::front_matter::Kind;
use crate::model::{Page, Site};

/// What the `<head>` of an HTML page says about it; templates see it as
/// `meta`.
#[derive(Debug, Serialize)]
pub struct Meta<'a> {
    /// The page's own title, without the site's name.
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// `article` for items, `website` for everything else.
    pub og_type: &'static str,
    /// Absolute URL of the image shown when the page is shared.
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// The shared image's size, when loa made it.
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// JSON-LD, safe to put inside a `<script>` element as it is.
    pub json_ld: JsonLd<'a>,
}

/// The image a page shows when shared: its absolute URL, what it shows,
/// and its size when loa made it.
pub struct SharedImage<'i> {
    pub url: &'i str,
    pub alt: &'i str,
    pub size: Option<(u32, u32)>,
}

/// JSON text that cannot end the `<script>` element it sits in, whatever
/// the strings inside contain (`</script>`, `<!--`).
pub fn script_safe_json(value: &impl Serialize) -> String {
    // Only string-keyed structures reach here, which JSON always takes.
    let json = serde_json::to_string(value).unwrap_or_default();
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    let mut safe = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            other => safe.push(other),
        }
    }
    safe
}

/// The image a page shows when shared, as the fields of its [`Meta`]: URL,
/// width and height.
type ImageFields = (Option<String>, Option<u32>, Option<u32>);

/// The site's `share_image`, shown when a page without its own is shared,
/// with its size when loa made it.
fn site_wide_image(site: &Site) -> ImageFields {
    match site.config.share_image.as_deref() {
        Some(src) => {
            let (url, size) = super::views::shared_picture(site, "/", src);
            (
                Some(url),
                size.map(|(width, _)| width),
                size.map(|(_, height)| height),
            )
        }
        None => (None, None, None),
    }
}

/// JSON-LD, which templates see as text safe inside a `<script>` element.
/// A format that is not human readable (a digest) is given its structure
/// instead, which spares making the text for pages that are not rendered.
///
/// The structures below are typed rather than built as JSON values, so
/// that a digest costs no map of keys; their fields are declared in the
/// order of their JSON names, the order the text has always had.
#[derive(Debug)]
pub struct JsonLd<'a>(Graph<'a>);

impl Serialize for JsonLd<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match serializer.is_human_readable() {
            true => serializer.serialize_str(&script_safe_json(&self.0)),
            false => self.0.serialize(serializer),
        }
    }
}

#[derive(Debug, Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    nodes: Vec<Node<'a>>,
}

impl<'a> JsonLd<'a> {
    fn of(nodes: Vec<Node<'a>>) -> Self {
        JsonLd(Graph {
            context: "https://schema.org",
            nodes,
        })
    }
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Node<'a> {
    Item(Box<ItemNode<'a>>),
    Collection(CollectionNode<'a>),
    WebSite(WebSiteNode<'a>),
    Trail(Breadcrumbs<'a>),
}

/// An item: `NewsArticle`, `Legislation` or `WebPage`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemNode<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Vec<Agent<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    headline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[String; 1]>,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    legislation_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legislation_identifier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legislation_legal_force: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legislation_passed_by: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legislation_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<String>,
    name: &'a str,
    publisher: Agent<'a>,
    url: String,
}

/// A `Person` or an `Organization`.
#[derive(Debug, Serialize)]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CollectionNode<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    description: String,
    in_language: &'a str,
    name: String,
    url: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct WebSiteNode<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'a str,
    in_language: &'a str,
    name: &'a str,
    publisher: Agent<'a>,
    url: &'a str,
}

/// `Home › Section › Page` for search results.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Breadcrumbs<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<ListItem<'a>>,
}

#[derive(Debug, Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

fn publisher(site: &Site) -> Agent<'_> {
    Agent {
        kind: "Organization",
        name: &site.config.title,
        url: Some(&site.config.base_url),
    }
}

fn breadcrumbs<'a>(site: &'a Site, trail: &[(&'a str, &str)]) -> Node<'a> {
    let home = (site.config.title.as_str(), "/");
    Node::Trail(Breadcrumbs {
        kind: "BreadcrumbList",
        item_list_element: std::iter::once(&home)
            .chain(trail)
            .enumerate()
            .map(|(position, (name, path))| ListItem {
                kind: "ListItem",
                item: site.config.permalink_for(path),
                name,
                position: position + 1,
            })
            .collect(),
    })
}

/// Whether a legal status key says the document still applies.
fn legal_force(status: &str) -> Option<&'static str> {
    match status {
        "con-hieu-luc" | "duoc-sua-doi" | "in-force" => Some("InForce"),
        "het-hieu-luc" | "expired" | "repealed" => Some("NotInForce"),
        _ => None,
    }
}

/// The first `count` characters of `text`.
fn first_chars(text: &str, count: usize) -> &str {
    match text.char_indices().nth(count) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The metadata of an item's own page. `summary` and `image` come from its
/// view, which already worked them out.
pub fn for_page<'a>(
    site: &'a Site,
    page: &'a Page,
    summary: &'a str,
    image: Option<SharedImage>,
) -> Meta<'a> {
    let config = &site.config;
    let canonical = config.permalink_for(&page.path);
    let ((image_url, image_width, image_height), image_alt) = match image {
        Some(SharedImage { url, alt, size }) => (
            (
                Some(url.to_owned()),
                size.map(|(width, _)| width),
                size.map(|(_, height)| height),
            ),
            Some(alt.to_owned()),
        ),
        None => (site_wide_image(site), None),
    };
    let published = page.date.map(|d| d.to_rfc3339());
    let modified = page.updated.or(page.date).map(|d| d.to_rfc3339());
    let mut node = ItemNode {
        id: canonical.clone(),
        kind: "WebPage",
        author: None,
        date_modified: None,
        date_published: None,
        description: summary,
        headline: None,
        image: image_url.as_ref().map(|url| [url.clone()]),
        in_language: &config.language,
        legislation_date: None,
        legislation_identifier: None,
        legislation_legal_force: None,
        legislation_passed_by: None,
        legislation_type: None,
        main_entity_of_page: None,
        name: &page.title,
        publisher: publisher(site),
        url: canonical.clone(),
    };
    let front = &page.front;
    match page.kind {
        Kind::Article | Kind::News => {
            node.kind = "NewsArticle";
            node.headline = Some(first_chars(&page.title, 110));
            node.main_entity_of_page = Some(canonical.clone());
            node.date_published = published.clone();
            node.date_modified = modified.clone();
            node.author = Some(match front.authors.is_empty() {
                true => vec![publisher(site)],
                false => front
                    .authors
                    .iter()
                    .map(|name| Agent {
                        kind: "Person",
                        name,
                        url: None,
                    })
                    .collect(),
            });
        }
        Kind::Legal => {
            node.kind = "Legislation";
            node.date_published = published.clone();
            node.date_modified = modified.clone();
            node.legislation_identifier = front.number.as_deref();
            node.legislation_type = front.doc_type.as_deref();
            node.legislation_date = front
                .signed
                .map(|d| d.in_zone(config.time_zone).date_naive().to_string());
            node.legislation_passed_by = front.issuer.as_deref().map(|issuer| Agent {
                kind: "Organization",
                name: issuer,
                url: None,
            });
            node.legislation_legal_force = front.status.as_deref().and_then(legal_force);
        }
        Kind::Page => {}
    }
    let section = &site.sections[page.section];
    let trail = breadcrumbs(
        site,
        &[
            (section.title.as_str(), section.path.as_str()),
            (page.title.as_str(), page.path.as_str()),
        ],
    );
    Meta {
        title: page.title.clone(),
        description: summary.to_owned(),
        og_type: if page.kind.is_dated() {
            "article"
        } else {
            "website"
        },
        image: image_url,
        image_alt,
        image_width,
        image_height,
        published,
        modified,
        json_ld: JsonLd::of(vec![Node::Item(Box::new(node)), trail]),
        canonical,
    }
}

/// The metadata of a listing: a section, a term, an archive period, or an
/// index of terms. `trail` leads from the home page to it.
pub fn for_listing<'a>(
    site: &'a Site,
    title: String,
    description: Option<&str>,
    path: &str,
    trail: &[(&'a str, &str)],
) -> Meta<'a> {
    let canonical = site.config.permalink_for(path);
    let (image, image_width, image_height) = site_wide_image(site);
    let description = description
        .filter(|d| !d.is_empty())
        .unwrap_or(&site.config.description)
        .to_owned();
    let page = Node::Collection(CollectionNode {
        id: canonical.clone(),
        kind: "CollectionPage",
        description: description.clone(),
        in_language: &site.config.language,
        name: title.clone(),
        url: canonical.clone(),
    });
    Meta {
        title,
        description,
        og_type: "website",
        image,
        image_alt: None,
        image_width,
        image_height,
        published: None,
        modified: None,
        json_ld: JsonLd::of(vec![page, breadcrumbs(site, trail)]),
        canonical,
    }
}

/// The metadata of the home page: the `WebSite` itself.
pub fn for_home(site: &Site) -> Meta<'_> {
    let config = &site.config;
    let (image, image_width, image_height) = site_wide_image(site);
    let website = Node::WebSite(WebSiteNode {
        id: &config.base_url,
        kind: "WebSite",
        description: &config.description,
        in_language: &config.language,
        name: &config.title,
        publisher: publisher(site),
        url: &config.base_url,
    });
    Meta {
        title: config.title.clone(),
        description: config.description.clone(),
        canonical: config.base_url.clone(),
        og_type: "website",
        image,
        image_alt: None,
        image_width,
        image_height,
        published: None,
        modified: None,
        json_ld: JsonLd::of(vec![website]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let text =
            script_safe_json(&json!({"name": "a </script><script>alert(\"x\")</script> & b"}));
        assert!(!text.contains("</script"), "{text}");
        assert!(!text.contains('<') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "a </script><script>alert(\"x\")</script> & b");
    }
}
