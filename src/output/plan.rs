//! Routes: every output of a site as a job, in a stable order, with the
//! file it writes and, for the sitemap, the address readers land on. The
//! pages the site makes of itself take their addresses from
//! [`crate::model::paths`].

use typed_index_collections::TiVec;

use super::views::listing_path;
use super::{Producer, feeds, legal, sitemap};
use crate::model::ids::typed_id;
use crate::model::{ImageId, PageId, SectionId, TaxonomyId, TermId};
use feeds::FeedScope;

/// A paginated list of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Section(SectionId),
    Term {
        taxonomy: TaxonomyId,
        term: TermId,
    },
    /// A year of the archive, by its place in [`crate::model::Archive::years`].
    Year(usize),
    Month {
        year: usize,
        month: usize,
    },
}

typed_id!(
    /// A job, by its place in the plan of one run.
    JobId
);

/// One file to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Page(PageId),
    /// Listing page `number` (1-based) of a list.
    Listing {
        list: List,
        number: usize,
    },
    /// `…/page/1/` sends readers to the list's first page.
    FirstPageRedirect(List),
    /// An old address of a page, sending readers on to it.
    Alias {
        page: PageId,
        /// Its place in the page's [`aliases`](crate::model::Page::aliases).
        alias: usize,
    },
    Home,
    NotFound,
    /// The terms of a taxonomy, with their counts.
    TaxonomyIndex(TaxonomyId),
    /// Years and months with their counts.
    ArchiveIndex,
    /// The programme's cadence calendar and yearly totals.
    Statistics,
    /// The search page (the index is written beside the outputs).
    Search,
    /// The index of legal documents, whole or filtered.
    LegalIndex(legal::LegalFilter),
    Atom(FeedScope),
    Rss,
    /// Part `part` of the sitemap's `parts`; the whole sitemap when it
    /// fits one file.
    Sitemap {
        part: usize,
        parts: usize,
    },
    /// `sitemap.xml` as an index of the parts, for very large sites.
    SitemapIndex {
        parts: usize,
    },
    Robots,
    /// A file made of a photo: its original (`made` 0) or one of its
    /// widths.
    Photo {
        image: ImageId,
        made: usize,
    },
}

/// The job that writes a page's own file: the plan starts with one such
/// job per page, in page order.
pub fn page_job(page: PageId) -> JobId {
    JobId::from(usize::from(page))
}

/// Output file of a site path: `/bai-viet/a/` → `bai-viet/a/index.html`,
/// `/tin/123.html` → `tin/123.html`.
pub fn file_for(site_path: &str) -> String {
    let relative = site_path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    }
}

/// What tells when an output of the sitemap last changed.
pub(super) enum Changed<'a> {
    /// An item's page: its own dates.
    Page(PageId),
    /// A list: the newest of its items.
    Newest(&'a [PageId]),
    Unknown,
}

/// What a paginated list is made of.
pub(super) struct Listed<'s> {
    pub(super) path: &'s str,
    pub(super) pages: &'s [PageId],
    pub(super) paginate_by: usize,
}

impl<'s> Listed<'s> {
    pub(super) fn page_count(&self) -> usize {
        self.pages.len().div_ceil(self.paginate_by).max(1)
    }

    /// The items on listing page `number` (1-based).
    pub(super) fn shown(&self, number: usize) -> &'s [PageId] {
        let start = ((number - 1) * self.paginate_by).min(self.pages.len());
        let end = (start + self.paginate_by).min(self.pages.len());
        &self.pages[start..end]
    }
}

impl<'a> Producer<'a> {
    pub(super) fn listed(&self, list: List) -> Listed<'a> {
        let site = self.site;
        match list {
            List::Section(section) => {
                let section = &site.sections[section];
                Listed {
                    path: &section.path,
                    pages: &section.pages,
                    paginate_by: section.paginate_by,
                }
            }
            List::Term { taxonomy, term } => {
                let taxonomy = &site.taxonomies[taxonomy];
                let term = &taxonomy.terms[term];
                Listed {
                    path: &term.path,
                    pages: &term.pages,
                    paginate_by: taxonomy.paginate_by,
                }
            }
            List::Year(year) => {
                let archive = &site.archive;
                let year = &archive.years[year];
                Listed {
                    path: &year.path,
                    pages: &year.pages,
                    paginate_by: archive.paginate_by,
                }
            }
            List::Month { year, month } => {
                let archive = &site.archive;
                let month = &archive.years[year].months[month];
                Listed {
                    path: &month.path,
                    pages: &month.pages,
                    paginate_by: archive.paginate_by,
                }
            }
        }
    }

    /// Every job of the site, in a stable order: the pages' own first, so
    /// that [`page_job`] finds them.
    pub fn plan(&self) -> TiVec<JobId, Job> {
        let mut jobs = TiVec::from(self.jobs_but_the_sitemap().to_vec());
        let listed = jobs
            .iter()
            .filter(|&&job| self.in_sitemap(job).is_some())
            .count();
        let parts = sitemap::file_count(listed);
        jobs.extend((0..parts).map(|part| Job::Sitemap { part, parts }));
        if parts > 1 {
            jobs.push(Job::SitemapIndex { parts });
        }
        debug_assert!(
            self.site
                .pages
                .keys()
                .all(|page| jobs.get(page_job(page)) == Some(&Job::Page(page)))
        );
        jobs
    }

    /// The sitemap's entries: the outputs readers may land on from a
    /// search engine, in plan order.
    pub(super) fn sitemap_entries(&self) -> Vec<sitemap::Entry> {
        let site = self.site;
        self.jobs_but_the_sitemap()
            .iter()
            .filter_map(|&job| {
                let (path, changed) = self.in_sitemap(job)?;
                let lastmod = match changed {
                    Changed::Page(id) => {
                        let page = &site.pages[id];
                        page.updated.max(page.date)
                    }
                    Changed::Newest(pages) => sitemap::newest(site, pages),
                    Changed::Unknown => None,
                };
                Some(sitemap::Entry {
                    url: site.config.permalink_for(path),
                    lastmod: lastmod.map(|moment| moment.to_rfc3339()),
                })
            })
            .collect()
    }

    /// The site path of an output the sitemap lists, with what tells when
    /// it last changed; `None` for outputs it does not list (redirects,
    /// feeds, later listing pages, filtered indexes, search, not found).
    pub(super) fn in_sitemap(&self, job: Job) -> Option<(&'a str, Changed<'a>)> {
        let site = self.site;
        Some(match job {
            Job::Home => ("/", Changed::Newest(&site.dated)),
            Job::Page(id) => (site.pages[id].path.as_str(), Changed::Page(id)),
            Job::Listing { list, number: 1 } => {
                let listed = self.listed(list);
                (listed.path, Changed::Newest(listed.pages))
            }
            Job::TaxonomyIndex(taxonomy) => {
                (site.taxonomies[taxonomy].path.as_str(), Changed::Unknown)
            }
            Job::LegalIndex(legal::LegalFilter::All) => {
                (site.paths.legal_index.as_deref()?, Changed::Unknown)
            }
            Job::Statistics => (
                site.paths.statistics.as_deref()?,
                Changed::Newest(&site.dated),
            ),
            Job::ArchiveIndex => (site.archive.path.as_str(), Changed::Newest(&site.dated)),
            _ => return None,
        })
    }

    /// Every job of the site but the sitemap's, in a stable order.
    /// Planned once a run: the plan and the sitemap's entries both need it.
    pub(super) fn jobs_but_the_sitemap(&self) -> &[Job] {
        self.planned
            .get_or_init(|| self.plan_jobs_but_the_sitemap())
    }

    fn plan_jobs_but_the_sitemap(&self) -> Vec<Job> {
        let site = self.site;
        let mut lists: Vec<List> = site
            .top_sections()
            .map(|(section, _)| List::Section(section))
            .collect();
        let mut jobs: Vec<Job> = site.pages.keys().map(Job::Page).collect();
        for (page, data) in site.pages.iter_enumerated() {
            jobs.extend((0..data.aliases.len()).map(|alias| Job::Alias { page, alias }));
        }
        jobs.extend([
            Job::Home,
            Job::NotFound,
            Job::Atom(FeedScope::Site),
            Job::Rss,
            Job::Robots,
        ]);
        if site.paths.statistics.is_some() {
            jobs.push(Job::Statistics);
        }
        if site.paths.search.is_some() && self.templates.has("search.html") {
            jobs.push(Job::Search);
        }
        if let Some(index) = &self.legal_index {
            jobs.extend(index.filters().map(Job::LegalIndex));
        }
        for (section, _) in site.top_sections() {
            if feeds::exists(site, FeedScope::Section(section)) {
                jobs.push(Job::Atom(FeedScope::Section(section)));
            }
        }
        for (taxonomy, data) in site.taxonomies.iter_enumerated() {
            jobs.push(Job::TaxonomyIndex(taxonomy));
            for (term, _) in data.used_terms() {
                lists.push(List::Term { taxonomy, term });
                if feeds::exists(site, FeedScope::Term { taxonomy, term }) {
                    jobs.push(Job::Atom(FeedScope::Term { taxonomy, term }));
                }
            }
        }
        if site.paths.archive.is_some() {
            jobs.push(Job::ArchiveIndex);
            for (year, data) in site.archive.years.iter().enumerate() {
                lists.push(List::Year(year));
                lists.extend((0..data.months.len()).map(|month| List::Month { year, month }));
            }
        }
        for list in lists {
            let count = self.listed(list).page_count();
            jobs.extend((1..=count).map(|number| Job::Listing { list, number }));
            if count > 1 {
                jobs.push(Job::FirstPageRedirect(list));
            }
        }
        jobs.extend(self.photo_jobs());
        jobs
    }

    /// The output path a job writes, known before rendering.
    pub fn path_of(&self, job: Job) -> String {
        let site = self.site;
        match job {
            Job::Page(id) => file_for(&site.pages[id].path),
            Job::Listing { list, number } => {
                file_for(&listing_path(self.listed(list).path, number))
            }
            Job::FirstPageRedirect(list) => file_for(&format!("{}page/1/", self.listed(list).path)),
            Job::Alias { page, alias } => file_for(&site.pages[page].aliases[alias]),
            Job::Home => "index.html".to_owned(),
            Job::NotFound => "404.html".to_owned(),
            Job::TaxonomyIndex(taxonomy) => file_for(&site.taxonomies[taxonomy].path),
            Job::ArchiveIndex => file_for(&site.archive.path),
            Job::Statistics => file_for(site.paths.statistics.as_deref().unwrap_or_default()),
            Job::Search => file_for(site.paths.search.as_deref().unwrap_or_default()),
            Job::LegalIndex(filter) => file_for(
                &self
                    .legal_index
                    .as_ref()
                    .map(|index| index.filter_path(filter))
                    .unwrap_or_default(),
            ),
            Job::Atom(scope) => feeds::feed_path(site, scope)
                .trim_start_matches('/')
                .to_owned(),
            Job::Rss => "rss.xml".to_owned(),
            Job::Sitemap { parts: 1, .. } => "sitemap.xml".to_owned(),
            Job::Sitemap { part, .. } => format!("sitemap-{}.xml", part + 1),
            Job::SitemapIndex { .. } => "sitemap.xml".to_owned(),
            Job::Robots => "robots.txt".to_owned(),
            Job::Photo { image, made } => self.photo_path(image, made),
        }
    }
}
