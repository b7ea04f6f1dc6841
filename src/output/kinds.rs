//! The variables and template of each kind of page: an item, a listing
//! page of a section, term or archive, the indexes of terms, archives and
//! legal documents, the statistics page, feeds and the home page.

use serde::Serialize;

use super::variables::Variables;
use super::views::{
    Detail, Link, PageParts, PageView, Pager, Paginator, SectionView, TermView, listing_path,
};
use super::{List, Made, Producer, TaxonomyView, feeds, legal, metadata, statistics, views};
use crate::error::Diagnostic;
use crate::load::front_matter::Kind;
use crate::model::{PageId, SectionId, TaxonomyId};
use crate::text::dates::{DateStyle, format_day};
use feeds::FeedScope;

#[derive(Serialize)]
pub(super) struct ArchiveView {
    pub(super) year: i32,
    pub(super) month: Option<u32>,
    pub(super) title: String,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct ArchiveYearView {
    pub(super) year: i32,
    pub(super) title: String,
    pub(super) url: String,
    pub(super) count: usize,
    pub(super) months: Vec<ArchiveMonthView>,
}

#[derive(Serialize)]
pub(super) struct ArchiveMonthView {
    pub(super) month: u32,
    pub(super) title: String,
    pub(super) url: String,
    pub(super) count: usize,
}

impl<'a> Producer<'a> {
    pub(super) fn page(&self, id: PageId, vars: &mut Variables) -> Result<Made<'a>, Diagnostic> {
        let site = self.site;
        let page = &site.pages[id];
        let body = self.body(id, vars);
        let mut parts = PageParts::of(site, id, body);
        let mentioned_in: Vec<Link> = self
            .mentioned_in
            .get(&id)
            .filter(|_| page.kind == Kind::Legal)
            .into_iter()
            .flatten()
            .map(|&mentioning| Link {
                title: site.pages[mentioning].title.clone(),
                url: site.config.url_for(&site.pages[mentioning].path),
            })
            .collect();
        let image = views::image_of(site, page);
        let shared_image = image.as_ref().map(|image| metadata::SharedImage {
            url: &image.permalink,
            alt: image.alt,
            size: image.shared_size,
        });
        let meta = metadata::for_page(site, page, views::summary_of(page, body), shared_image);
        if vars.digesting() {
            // The page is its card's view, digested once for all the lists
            // that show it, with its parts and mentions; the body's
            // fingerprint stands for its HTML and table of contents.
            parts.content = None;
            parts.toc = None;
            vars.insert("content", &body.fingerprint);
            vars.insert("page", &(self.shown_digest(id), &parts, &mentioned_in));
        } else {
            let mut view = PageView::new(site, id, body, Detail::Card).with_parts(parts);
            if let Some(legal) = view.legal.as_mut() {
                legal.mentioned_in = mentioned_in;
            }
            vars.insert("page", &view);
        }
        vars.insert("meta", &meta);
        let own = page.kind.template();
        let fallback = if self.templates.has(own) {
            own
        } else {
            "page.html"
        };
        let template = self.chosen_template(
            &page.front.template,
            fallback,
            &page.file.path,
            page.line_of("template"),
        )?;
        Ok(Made::Template(template))
    }

    /// A listing page: the list's own variables, its paginator, its meta.
    pub(super) fn listing(
        &self,
        list: List,
        number: usize,
        vars: &mut Variables,
    ) -> Result<Made<'a>, Diagnostic> {
        let site = self.site;
        let config = &site.config;
        let listed = self.listed(list);
        let total_pages = listed.page_count();
        let url_of = |n: usize| config.url_for(&listing_path(listed.path, n));
        let paginator = Paginator {
            pages: listed
                .shown(number)
                .iter()
                .map(|&id| self.shown(id, vars))
                .collect::<Result<_, Diagnostic>>()?,
            current: number,
            total_pages,
            total_items: listed.pages.len(),
            previous: (number > 1).then(|| url_of(number - 1)),
            next: (number < total_pages).then(|| url_of(number + 1)),
            pagers: {
                let numbers = views::pager_numbers(number, total_pages);
                numbers
                    .iter()
                    .enumerate()
                    .map(|(i, &n)| Pager {
                        number: n,
                        url: url_of(n),
                        gap_before: i > 0 && n > numbers[i - 1] + 1,
                    })
                    .collect()
            },
        };
        vars.insert("paginator", &paginator);
        let page_path = listing_path(listed.path, number);
        let numbered = |title: String| {
            if number > 1 {
                format!("{title} – {} {number}", self.string("page_n"))
            } else {
                title
            }
        };
        let template = match list {
            List::Section(section) => {
                let data = &site.sections[section];
                vars.insert(
                    "section",
                    &SectionView::new(site, section, &self.bodies.sections[section]),
                );
                if feeds::exists(site, FeedScope::Section(section)) {
                    vars.insert(
                        "feed_url",
                        &config.url_for(&feeds::feed_path(site, FeedScope::Section(section))),
                    );
                }
                let trail = [(data.title.as_str(), data.path.as_str())];
                let meta = metadata::for_listing(
                    site,
                    numbered(data.title.clone()),
                    data.description.as_deref(),
                    &page_path,
                    &trail,
                );
                vars.insert("meta", &meta);
                let (file, line) = match &data.file {
                    Some(file) => (file.path.as_path(), data.line_of("template")),
                    None => (std::path::Path::new("content"), 1),
                };
                self.chosen_template(&data.front.template, "section.html", file, line)?
            }
            List::Term { taxonomy, term } => {
                let data = &site.taxonomies[taxonomy];
                let view = TermView::new(site, taxonomy, term);
                let trail = [
                    (data.title.as_str(), data.path.as_str()),
                    (view.label, data.terms[term].path.as_str()),
                ];
                let meta = metadata::for_listing(
                    site,
                    numbered(format!("{}: {}", data.title, view.label)),
                    None,
                    &page_path,
                    &trail,
                );
                vars.insert(
                    "taxonomy",
                    &TaxonomyView {
                        name: &data.name,
                        title: &data.title,
                        url: config.url_for(&data.path),
                    },
                );
                vars.insert("term", &view);
                let scope = FeedScope::Term { taxonomy, term };
                if feeds::exists(site, scope) {
                    vars.insert("feed_url", &config.url_for(&feeds::feed_path(site, scope)));
                }
                vars.insert("meta", &meta);
                "taxonomy_term.html"
            }
            List::Year(year) | List::Month { year, .. } => {
                let month = match list {
                    List::Month { month, .. } => Some(month),
                    _ => None,
                };
                let archive = &site.archive;
                let year_data = &archive.years[year];
                let archive_title = self.string("archives");
                let year_title = self.year_title(year_data.year);
                let mut trail = vec![
                    (archive_title.as_str(), archive.path.as_str()),
                    (year_title.as_str(), year_data.path.as_str()),
                ];
                let month_data = month.map(|m| &year_data.months[m]);
                let month_title = month_data.map(|m| self.month_title(year_data.year, m.month));
                if let (Some(data), Some(title)) = (month_data, &month_title) {
                    trail.push((title.as_str(), data.path.as_str()));
                }
                let title = month_title.clone().unwrap_or_else(|| year_title.clone());
                vars.insert(
                    "archive",
                    &ArchiveView {
                        year: year_data.year,
                        month: month_data.map(|m| m.month),
                        title: title.clone(),
                        url: config.url_for(listed.path),
                    },
                );
                vars.insert(
                    "meta",
                    &metadata::for_listing(site, numbered(title), None, &page_path, &trail),
                );
                "archive.html"
            }
        };
        Ok(Made::Template(template))
    }

    pub(super) fn year_title(&self, year: i32) -> String {
        format!("{} {year}", self.string("year"))
    }

    pub(super) fn month_title(&self, year: i32, month: u32) -> String {
        let first = chrono::NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
        let text = format_day(first, &self.site.config.language, DateStyle::Month);
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or(text)
    }

    pub(super) fn taxonomy_index(
        &self,
        taxonomy: TaxonomyId,
        vars: &mut Variables,
    ) -> Result<Made<'a>, Diagnostic> {
        let site = self.site;
        let data = &site.taxonomies[taxonomy];
        let terms: Vec<TermView> = data
            .used_terms()
            .map(|(term, _)| TermView::new(site, taxonomy, term))
            .collect();
        vars.insert(
            "taxonomy",
            &TaxonomyView {
                name: &data.name,
                title: &data.title,
                url: site.config.url_for(&data.path),
            },
        );
        vars.insert("terms", &terms);
        let trail = [(data.title.as_str(), data.path.as_str())];
        vars.insert(
            "meta",
            &metadata::for_listing(site, data.title.clone(), None, &data.path, &trail),
        );
        Ok(Made::Template("taxonomy.html"))
    }

    pub(super) fn archive_index(&self, vars: &mut Variables) -> Result<Made<'a>, Diagnostic> {
        let site = self.site;
        let config = &site.config;
        let archive = &site.archive;
        let years: Vec<ArchiveYearView> = archive
            .years
            .iter()
            .map(|year| ArchiveYearView {
                year: year.year,
                title: self.year_title(year.year),
                url: config.url_for(&year.path),
                count: year.pages.len(),
                months: year
                    .months
                    .iter()
                    .map(|month| ArchiveMonthView {
                        month: month.month,
                        title: self.month_title(year.year, month.month),
                        url: config.url_for(&month.path),
                        count: month.pages.len(),
                    })
                    .collect(),
            })
            .collect();
        let title = self.string("archives");
        vars.insert("years", &years);
        let trail = [(title.as_str(), archive.path.as_str())];
        vars.insert(
            "meta",
            &metadata::for_listing(site, title.clone(), None, &archive.path, &trail),
        );
        Ok(Made::Template("archives.html"))
    }

    pub(super) fn legal_index(
        &self,
        filter: legal::LegalFilter,
        vars: &mut Variables,
    ) -> Result<Made<'a>, Diagnostic> {
        let site = self.site;
        let Some(index) = &self.legal_index else {
            return Ok(Made::Bytes(Vec::new()));
        };
        let view = legal::view(site, index, filter);
        let title = self.string("legal_index");
        let section = site
            .top_sections()
            .find(|(_, s)| s.default_kind == crate::load::front_matter::Kind::Legal);
        let mut trail: Vec<(&str, &str)> = section
            .iter()
            .map(|(_, s)| (s.title.as_str(), s.path.as_str()))
            .collect();
        trail.push((title.as_str(), index.path.as_str()));
        let path = index.filter_path(filter);
        vars.insert("legal_index", &view);
        vars.insert(
            "meta",
            &metadata::for_listing(site, title.clone(), None, &path, &trail),
        );
        Ok(Made::Template("legal_index.html"))
    }

    pub(super) fn statistics(&self, vars: &mut Variables) -> Result<Made<'a>, Diagnostic> {
        let site = self.site;
        let path = site.paths.statistics.clone().unwrap_or_default();
        let title = self.string("statistics");
        if let Some(cadence) = crate::report::cadence(site) {
            let description = self.string("heatmap_description");
            let words = statistics::HeatmapWords {
                title: &title,
                description: &description,
                month_short: self.strings.get("month_short").map_or("", String::as_str),
            };
            let photos = |id| {
                crate::model::images::photos_of(&site.images, &site.pages[id], self.body(id, vars))
                    .len()
            };
            let view = statistics::view(site, &cadence, &words, photos);
            vars.insert("stats", &view);
            vars.insert("programme", &cadence.programme);
        }
        let trail = [(title.as_str(), path.as_str())];
        vars.insert(
            "meta",
            &metadata::for_listing(site, title.clone(), None, &path, &trail),
        );
        Ok(Made::Template("statistics.html"))
    }

    pub(super) fn feed(
        &self,
        template: &'static str,
        scope: FeedScope,
        vars: &mut Variables,
    ) -> Result<Made<'a>, Diagnostic> {
        let site = self.site;
        let view = feeds::view(site, &self.entries, scope);
        // Entries are made from bodies once for all feeds.
        vars.reads.extend(feeds::items(site, scope));
        vars.insert("feed", &view);
        Ok(Made::Template(template))
    }

    /// The template a page or section asked for, which must exist, or the
    /// default for its kind.
    pub(super) fn chosen_template<'t>(
        &self,
        asked: &'t Option<String>,
        default: &'t str,
        file: &std::path::Path,
        line: usize,
    ) -> Result<&'t str, Diagnostic> {
        match asked {
            Some(name) if !self.templates.has(name) => Err(Diagnostic::error(
                file,
                crate::t!("template-missing", name = name),
            )
            .at(line, 1)
            .with_help(crate::t!("template-missing-help"))),
            Some(name) => Ok(name),
            None => Ok(default),
        }
    }

    pub(super) fn home(&self, vars: &mut Variables) -> Result<Made<'a>, Diagnostic> {
        #[derive(Serialize)]
        struct Latest<'a> {
            section: SectionView<'a>,
            pages: Vec<PageView<'a>>,
        }
        let site = self.site;
        let per_section = site.config.home.latest_per_section;
        let latest: Vec<Latest> = site
            .top_sections()
            .filter(|(_, section)| section.default_kind.is_dated() && !section.pages.is_empty())
            .map(|(index, section)| Latest {
                section: SectionView::new(site, index, &self.bodies.sections[index]),
                pages: section
                    .pages
                    .iter()
                    .take(per_section)
                    .map(|&id| PageView::new(site, id, self.body(id, vars), Detail::Listed))
                    .collect(),
            })
            .collect();
        vars.insert(
            "section",
            &SectionView::new(
                site,
                SectionId::HOME,
                &self.bodies.sections[SectionId::HOME],
            ),
        );
        vars.insert("latest", &latest);
        vars.insert("meta", &metadata::for_home(site));
        Ok(Made::Template("index.html"))
    }
}
