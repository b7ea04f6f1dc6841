//! `sitemap.xml` (sitemaps.org 0.9): every page readers can land on, with
//! the date it last changed. Past 50,000 addresses, the protocol's limit,
//! the map is split and `sitemap.xml` becomes an index of the parts.

use chrono::DateTime;
use chrono_tz::Tz;

use crate::model::Site;
use crate::render::templates::escape_markup;

/// Addresses per sitemap file, as the protocol allows.
pub const URLS_PER_FILE: usize = 50_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub url: String,
    pub lastmod: Option<String>,
}

fn newest(site: &Site, pages: &[usize]) -> Option<DateTime<Tz>> {
    pages
        .iter()
        .filter_map(|&i| site.pages[i].updated.max(site.pages[i].date))
        .max()
}

/// Every address of the site worth indexing, in a stable order.
pub fn entries(site: &Site) -> Vec<Entry> {
    let mut all = Vec::new();
    visit(site, &mut |path, lastmod| {
        all.push(Entry {
            url: site.config.permalink_for(path),
            lastmod: lastmod().map(|moment| moment.to_rfc3339()),
        });
    });
    all
}

/// How many addresses [`entries`] gives, without making them.
pub fn count(site: &Site) -> usize {
    let mut count = 0;
    visit(site, &mut |_, _| count += 1);
    count
}

/// Works out the date an address last changed.
type LastModified<'a> = dyn Fn() -> Option<DateTime<Tz>> + 'a;

/// Calls `found` with every address of the sitemap and a way to get its
/// date, which costs a walk over the pages listed there.
fn visit(site: &Site, found: &mut dyn FnMut(&str, &LastModified)) {
    found("/", &|| newest(site, &site.dated));
    for (_, section) in site.top_sections() {
        found(&section.path, &|| newest(site, &section.pages));
    }
    for page in &site.pages {
        found(&page.path, &|| page.updated.max(page.date));
    }
    for taxonomy in &site.taxonomies {
        found(&taxonomy.path, &|| None);
        for (_, term) in taxonomy.used_terms() {
            found(&term.path, &|| newest(site, &term.pages));
        }
    }
    if let Some(path) = super::legal::index_path(site) {
        found(&path, &|| None);
    }
    if let Some(path) = super::statistics_path(site) {
        found(&path, &|| newest(site, &site.dated));
    }
    if site.config.archives.enabled {
        let archive = &site.archive;
        found(&archive.path, &|| newest(site, &site.dated));
        for year in &archive.years {
            found(&year.path, &|| newest(site, &year.pages));
            for month in &year.months {
                found(&month.path, &|| newest(site, &month.pages));
            }
        }
    }
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
