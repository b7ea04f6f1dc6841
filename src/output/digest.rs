//! Digests of what each output reads, for `serve`: a job whose digest did
//! not change since the last build would produce the same bytes, so it is
//! neither rendered nor written again.
//!
//! A page is represented by its fingerprint (which reading of its file, and
//! what its rendered body shows); a job's digest combines the fingerprints
//! of the pages it shows, the templates it uses, and what every page sees
//! (the config, the interface strings, the data files, the sections).

use std::cell::{Cell, RefCell};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::feeds::{self, FeedScope};
use super::views::position_in_section;
use super::{Job, List, Producer, legal, statistics_path};
use crate::load::front_matter::Kind;
use crate::model::taxonomy::values_of;

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Works out digests, with every page's fingerprint made once, and notes
/// which pages each digest read so that after an edit to one item only the
/// digests that read it need working out again.
pub struct Digester<'p, 'a> {
    producer: &'p Producer<'a>,
    prints: Vec<u64>,
    global: u64,
    /// Pages read by the digest being worked out.
    read: RefCell<Vec<usize>>,
    /// Whether it read something of every page.
    read_all: Cell<bool>,
}

impl<'a> std::ops::Deref for Digester<'_, 'a> {
    type Target = Producer<'a>;

    fn deref(&self) -> &Self::Target {
        self.producer
    }
}

/// The pages a digest depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reads {
    Pages(Vec<usize>),
    /// Something of every page (the sitemap, the statistics).
    All,
}

impl<'a> Producer<'a> {
    /// A digester for this producer's site.
    pub fn digester(&self) -> Digester<'_, 'a> {
        let prints = (0..self.site.pages.len())
            .map(|index| {
                let page = &self.site.pages[index];
                hash_of((
                    page.revision,
                    &page.path,
                    self.bodies.pages[index].fingerprint,
                ))
            })
            .collect();
        let mut digester = Digester {
            producer: self,
            prints,
            global: 0,
            read: RefCell::default(),
            read_all: Cell::new(false),
        };
        digester.global = digester.global_print();
        digester
    }

    /// The digest of every job, in order, with the output paths given.
    pub fn digests(&self, jobs: &[Job], paths: &[String]) -> Vec<u64> {
        let digester = self.digester();
        jobs.iter()
            .zip(paths)
            .map(|(&job, path)| digester.digest(job, path).0)
            .collect()
    }
}

impl Digester<'_, '_> {
    /// The digest of `job` written at `path`, and the pages it read.
    pub fn digest(&self, job: Job, path: &str) -> (u64, Reads) {
        self.read.borrow_mut().clear();
        self.read_all.set(false);
        let digest = hash_of((self.global, path, self.job_print(job)));
        let reads = if self.read_all.get() {
            Reads::All
        } else {
            Reads::Pages(std::mem::take(&mut *self.read.borrow_mut()))
        };
        (digest, reads)
    }

    fn page_print(&self, index: usize) -> u64 {
        self.read.borrow_mut().push(index);
        self.prints[index]
    }

    fn prints(&self, pages: &[usize]) -> u64 {
        self.read.borrow_mut().extend_from_slice(pages);
        let mut hasher = DefaultHasher::new();
        for &index in pages {
            self.prints[index].hash(&mut hasher);
        }
        hasher.finish()
    }

    /// What every page sees.
    fn global_print(&self) -> u64 {
        let site = self.site;
        let sections: Vec<_> = site
            .sections
            .iter()
            .enumerate()
            .map(|(index, s)| {
                (
                    &s.key,
                    &s.title,
                    &s.path,
                    s.revision,
                    self.bodies.sections[index].fingerprint,
                    s.pages.len(),
                )
            })
            .collect();
        let taxonomies: Vec<_> = site
            .taxonomies
            .iter()
            .map(|t| (&t.name, &t.title, &t.path))
            .collect();
        hash_of((
            format!("{:?}", site.config),
            self.strings,
            site.data.to_string(),
            sections,
            taxonomies,
            site.rules.now.date_naive().to_string(),
            site.rules.include_drafts,
            site.rules.include_future,
            statistics_path(site),
            legal::index_path(site),
            // Every HTML page shows the header and footer.
            (
                self.template(super::HEADER_TEMPLATE),
                self.template(super::FOOTER_TEMPLATE),
            ),
            // Items become "scheduled" or not as the clock passes their time.
            site.pages
                .iter()
                .filter(|page| page.date.is_some_and(|date| date > site.rules.now))
                .count(),
        ))
    }

    fn template(&self, name: &str) -> u64 {
        self.templates.fingerprint(name)
    }

    fn job_print(&self, job: Job) -> u64 {
        let site = self.site;
        match job {
            Job::Page(index) => {
                let page = &site.pages[index];
                let own = format!("{}.html", page.kind.name());
                let template = page
                    .front
                    .template
                    .clone()
                    .unwrap_or(if self.templates.has(&own) {
                        own
                    } else {
                        "page.html".to_owned()
                    });
                let listing = &site.sections[page.section].pages;
                let position = position_in_section(site, index).unwrap_or_default();
                let neighbours: Vec<usize> = [position.checked_sub(1), Some(position + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|p| listing.get(p).copied())
                    .collect();
                let mut related = Vec::new();
                if page.kind == Kind::Legal {
                    if let Some(relations) = site.legal.relations.get(&index) {
                        for number in relations
                            .amends
                            .iter()
                            .chain(&relations.replaces)
                            .chain(&relations.amended_by)
                            .chain(&relations.replaced_by)
                        {
                            related.push(hash_of((
                                number,
                                site.legal.find(number).map(|i| self.page_print(i)),
                            )));
                        }
                    }
                    related.extend(
                        self.mentioned_in
                            .get(&index)
                            .into_iter()
                            .flatten()
                            .map(|&i| self.page_print(i)),
                    );
                }
                // An open taxonomy's label comes from the first page using
                // the term; every page with the term shows it.
                let labels: Vec<&str> = site
                    .taxonomies
                    .iter()
                    .flat_map(|taxonomy| {
                        values_of(page, &taxonomy.name)
                            .filter_map(|value| taxonomy.term_of(value))
                            .map(|term| taxonomy.terms[term].label.as_str())
                    })
                    .collect();
                hash_of((
                    self.template(&template),
                    self.page_print(index),
                    self.prints(&neighbours),
                    related,
                    labels,
                ))
            }
            Job::Listing { list, number } => {
                let listed = self.listed(list);
                let shown = listed.shown(number);
                let (template, label) = match list {
                    List::Section(section) => {
                        let data = &site.sections[section];
                        (
                            data.front
                                .template
                                .clone()
                                .unwrap_or_else(|| "section.html".to_owned()),
                            data.title.clone(),
                        )
                    }
                    List::Term { taxonomy, term } => {
                        let has_feed = feeds::exists(site, FeedScope::Term { taxonomy, term });
                        let data = &site.taxonomies[taxonomy].terms[term];
                        (
                            "taxonomy_term.html".to_owned(),
                            format!("{}{:?}{has_feed}", data.label, data.parent),
                        )
                    }
                    List::Year(_) | List::Month { .. } => {
                        ("archive.html".to_owned(), String::new())
                    }
                };
                hash_of((
                    self.template(&template),
                    self.template(super::CARD_TEMPLATE),
                    label,
                    listed.pages.len(),
                    self.prints(shown),
                ))
            }
            Job::FirstPageRedirect(list) => hash_of(self.listed(list).path),
            Job::Alias { page, .. } => hash_of(&site.pages[page].path),
            Job::Home => {
                let latest: Vec<usize> = site
                    .top_sections()
                    .flat_map(|(_, s)| {
                        s.pages
                            .iter()
                            .take(site.config.home.latest_per_section)
                            .copied()
                    })
                    .collect();
                hash_of((self.template("index.html"), self.prints(&latest)))
            }
            Job::NotFound => self.template("404.html"),
            Job::Robots => self.template("robots.txt"),
            Job::TaxonomyIndex(taxonomy) => {
                let terms: Vec<_> = site.taxonomies[taxonomy]
                    .used_terms()
                    .map(|(_, t)| (&t.key, &t.label, t.pages.len(), t.depth))
                    .collect();
                hash_of((self.template("taxonomy.html"), terms))
            }
            Job::ArchiveIndex => {
                let counts: Vec<_> = site
                    .archive
                    .years
                    .iter()
                    .map(|y| {
                        (
                            y.year,
                            y.pages.len(),
                            y.months
                                .iter()
                                .map(|m| (m.month, m.pages.len()))
                                .collect::<Vec<_>>(),
                        )
                    })
                    .collect();
                hash_of((self.template("archives.html"), counts))
            }
            Job::Search => self.template("search.html"),
            Job::Statistics => {
                self.read_all.set(true);
                let dated: Vec<_> = site
                    .pages
                    .iter()
                    .filter_map(|p| p.date.map(|d| (d.date_naive(), p.kind.name())))
                    .collect();
                let scheduled: Vec<_> = site
                    .scheduled
                    .iter()
                    .map(|(d, k)| (d.date_naive(), k.name()))
                    .collect();
                hash_of((self.template("statistics.html"), dated, scheduled))
            }
            Job::LegalIndex(_) => {
                let legal: Vec<usize> = (0..site.pages.len())
                    .filter(|&i| site.pages[i].kind == Kind::Legal)
                    .collect();
                hash_of((self.template("legal_index.html"), self.prints(&legal)))
            }
            Job::Atom(scope) => {
                let label = match scope {
                    FeedScope::Term { taxonomy, term } => {
                        site.taxonomies[taxonomy].terms[term].label.as_str()
                    }
                    _ => "",
                };
                hash_of((
                    self.template("atom.xml"),
                    label,
                    self.prints(&feeds::items(site, scope)),
                ))
            }
            Job::Rss => hash_of((
                self.template("rss.xml"),
                self.prints(&feeds::items(site, FeedScope::Site)),
            )),
            // Every page, term and archive period is in the sitemap, with its
            // date: the prints of all pages and the shape of the lists.
            Job::Sitemap { .. } | Job::SitemapIndex => {
                self.read_all.set(true);
                let terms: Vec<Vec<usize>> = site
                    .taxonomies
                    .iter()
                    .map(|t| t.used_terms().map(|(i, _)| i).collect())
                    .collect();
                let months: Vec<(i32, usize)> = site
                    .archive
                    .years
                    .iter()
                    .map(|y| (y.year, y.months.len()))
                    .collect();
                hash_of((&self.prints, terms, months))
            }
        }
    }
}
