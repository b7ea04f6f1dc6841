//! Metadata for search engines and sharing: canonical URL, description,
//! Open Graph and Twitter Card values, and JSON-LD (`NewsArticle`,
//! `Legislation`, `WebPage`, `CollectionPage`, `WebSite`, `BreadcrumbList`).

use serde::Serialize;
use serde_json::{Value, json};

use crate::load::front_matter::Kind;
use crate::model::{Page, Site};

/// What the `<head>` of an HTML page says about it; templates see it as
/// `meta`.
#[derive(Debug, Serialize)]
pub struct Meta {
    /// The page's own title, without the site's name.
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// `article` for items, `website` for everything else.
    pub og_type: &'static str,
    /// Absolute URL of the image shown when the page is shared.
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// JSON-LD, safe to put inside a `<script>` element as it is.
    pub json_ld: JsonLd,
}

/// JSON text that cannot end the `<script>` element it sits in, whatever
/// the strings inside contain (`</script>`, `<!--`).
pub fn script_safe_json(value: &Value) -> String {
    let json = value.to_string();
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

fn absolute(site: &Site, path_or_url: &str) -> String {
    if path_or_url.starts_with("http://") || path_or_url.starts_with("https://") {
        path_or_url.to_owned()
    } else {
        site.config.permalink_for(path_or_url)
    }
}

fn publisher(site: &Site) -> Value {
    json!({"@type": "Organization", "name": site.config.title, "url": site.config.base_url})
}

/// `Home › Section › Page` for search results.
fn breadcrumbs(site: &Site, trail: &[(&str, &str)]) -> Value {
    let home = (site.config.title.as_str(), "/");
    let items: Vec<Value> = std::iter::once(&home)
        .chain(trail)
        .enumerate()
        .map(|(position, (name, path))| {
            json!({"@type": "ListItem", "position": position + 1, "name": name, "item": site.config.permalink_for(path)})
        })
        .collect();
    json!({"@type": "BreadcrumbList", "itemListElement": items})
}

fn graph(nodes: Vec<Value>) -> JsonLd {
    JsonLd(json!({"@context": "https://schema.org", "@graph": nodes}))
}

/// JSON-LD, which templates see as text safe inside a `<script>` element.
/// A format that is not human readable (a digest) is given its structure
/// instead, which spares making the text for pages that are not rendered.
#[derive(Debug)]
pub struct JsonLd(Value);

impl Serialize for JsonLd {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match serializer.is_human_readable() {
            true => serializer.serialize_str(&script_safe_json(&self.0)),
            false => self.0.serialize(serializer),
        }
    }
}

/// Whether a legal status key says the document still applies.
fn legal_force(status: &str) -> Option<&'static str> {
    match status {
        "con-hieu-luc" | "duoc-sua-doi" | "in-force" => Some("InForce"),
        "het-hieu-luc" | "expired" | "repealed" => Some("NotInForce"),
        _ => None,
    }
}

/// The metadata of an item's own page. `summary` and `image` come from its
/// view, which already worked them out.
pub fn for_page(site: &Site, page: &Page, summary: &str, image: Option<(&str, &str)>) -> Meta {
    let config = &site.config;
    let canonical = config.permalink_for(&page.path);
    let shared_image = image
        .map(|(url, alt)| (url.to_owned(), Some(alt.to_owned())))
        .or_else(|| {
            config
                .share_image
                .as_deref()
                .map(|src| (absolute(site, src), None))
        });
    let published = page.date.map(|d| d.to_rfc3339());
    let modified = page.updated.or(page.date).map(|d| d.to_rfc3339());
    let authors: Vec<Value> = if page.front.authors.is_empty() {
        vec![publisher(site)]
    } else {
        page.front
            .authors
            .iter()
            .map(|name| json!({"@type": "Person", "name": name}))
            .collect()
    };
    let mut node = json!({
        "@id": canonical,
        "url": canonical,
        "name": page.title,
        "description": summary,
        "inLanguage": config.language,
        "publisher": publisher(site),
    });
    let extra = match page.kind {
        Kind::Article | Kind::News => json!({
            "@type": "NewsArticle",
            "headline": page.title.chars().take(110).collect::<String>(),
            "mainEntityOfPage": canonical,
            "datePublished": published,
            "dateModified": modified,
            "author": authors,
        }),
        Kind::Legal => {
            let front = &page.front;
            let mut legislation = json!({
                "@type": "Legislation",
                "datePublished": published,
                "dateModified": modified,
            });
            let fields = [
                (
                    "legislationIdentifier",
                    front.number.clone().map(Value::from),
                ),
                ("legislationType", front.doc_type.clone().map(Value::from)),
                (
                    "legislationDate",
                    front
                        .signed
                        .map(|d| Value::from(d.in_zone(config.time_zone).date_naive().to_string())),
                ),
                (
                    "legislationPassedBy",
                    front
                        .issuer
                        .as_ref()
                        .map(|issuer| json!({"@type": "Organization", "name": issuer})),
                ),
                (
                    "legislationLegalForce",
                    front
                        .status
                        .as_deref()
                        .and_then(legal_force)
                        .map(Value::from),
                ),
            ];
            for (key, value) in fields {
                if let Some(value) = value {
                    legislation[key] = value;
                }
            }
            legislation
        }
        Kind::Page => json!({"@type": "WebPage"}),
    };
    if let (Some(node), Value::Object(extra)) = (node.as_object_mut(), extra) {
        node.extend(extra);
        node.retain(|_, value| !value.is_null());
        if let Some((url, _)) = &shared_image {
            node.insert("image".to_owned(), json!([url]));
        }
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
        image: shared_image.as_ref().map(|(url, _)| url.clone()),
        image_alt: shared_image.and_then(|(_, alt)| alt),
        published,
        modified,
        json_ld: graph(vec![node, trail]),
        canonical,
    }
}

/// The metadata of a listing: a section, a term, an archive period, or an
/// index of terms. `trail` leads from the home page to it.
pub fn for_listing(
    site: &Site,
    title: String,
    description: Option<&str>,
    path: &str,
    trail: &[(&str, &str)],
) -> Meta {
    let canonical = site.config.permalink_for(path);
    let description = description
        .filter(|d| !d.is_empty())
        .unwrap_or(&site.config.description)
        .to_owned();
    let page = json!({
        "@type": "CollectionPage",
        "@id": canonical,
        "url": canonical,
        "name": title,
        "description": description,
        "inLanguage": site.config.language,
    });
    Meta {
        title,
        description,
        og_type: "website",
        image: site
            .config
            .share_image
            .as_deref()
            .map(|src| absolute(site, src)),
        image_alt: None,
        published: None,
        modified: None,
        json_ld: graph(vec![page, breadcrumbs(site, trail)]),
        canonical,
    }
}

/// The metadata of the home page: the `WebSite` itself.
pub fn for_home(site: &Site) -> Meta {
    let config = &site.config;
    let website = json!({
        "@type": "WebSite",
        "@id": config.base_url,
        "url": config.base_url,
        "name": config.title,
        "description": config.description,
        "inLanguage": config.language,
        "publisher": publisher(site),
    });
    Meta {
        title: config.title.clone(),
        description: config.description.clone(),
        canonical: config.base_url.clone(),
        og_type: "website",
        image: config.share_image.as_deref().map(|src| absolute(site, src)),
        image_alt: None,
        published: None,
        modified: None,
        json_ld: graph(vec![website]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
