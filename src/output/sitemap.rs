//! `sitemap.xml` (sitemaps.org 0.9): every page readers can land on, with
//! the date it last changed. Past 50,000 addresses, the protocol's limit,
//! the map is split and `sitemap.xml` becomes an index of the parts.
//! Which outputs it lists is decided with the plan of outputs, so that a
//! page the site gains is listed without being taught here.

use chrono::DateTime;
use chrono_tz::Tz;

use crate::model::{PageId, Site};
use crate::render::templates::escape_markup;

/// Addresses per sitemap file, as the protocol allows.
pub const URLS_PER_FILE: usize = 50_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub url: String,
    pub lastmod: Option<String>,
}

/// The newest date of `pages`, changed or published.
pub fn newest(site: &Site, pages: &[PageId]) -> Option<DateTime<Tz>> {
    pages
        .iter()
        .map(|&id| &site.pages[id])
        .filter_map(|page| page.updated.max(page.date))
        .max()
}

/// How many sitemap files `count` addresses need.
pub fn file_count(count: usize) -> usize {
    count.div_ceil(URLS_PER_FILE).max(1)
}

/// A `<urlset>` of entries.
pub fn urlset(entries: &[Entry]) -> String {
    let mut xml = String::with_capacity(entries.len() * 120 + 200);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for entry in entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_markup(&entry.url));
        xml.push_str("</loc>");
        if let Some(lastmod) = &entry.lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(lastmod);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A `<sitemapindex>` pointing at the parts.
pub fn index(part_urls: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in part_urls {
        xml.push_str("  <sitemap><loc>");
        xml.push_str(&escape_markup(url));
        xml.push_str("</loc></sitemap>\n");
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_escaped_and_dates_kept() {
        let xml = urlset(&[Entry {
            url: "https://e.gov.vn/a?b=1&c=2".into(),
            lastmod: Some("2025-01-02T00:00:00+07:00".into()),
        }]);
        assert!(xml.contains(
            "<loc>https://e.gov.vn/a?b=1&amp;c=2</loc><lastmod>2025-01-02T00:00:00+07:00</lastmod>"
        ));
    }

    #[test]
    fn splits_at_the_protocol_limit() {
        assert_eq!(file_count(0), 1);
        assert_eq!(file_count(50_000), 1);
        assert_eq!(file_count(50_001), 2);
    }
}
