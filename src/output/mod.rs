//! Outputs: every file of the built site, planned as independent jobs and
//! produced one job at a time, so jobs run in parallel and nothing holds the
//! whole site's HTML at once. Structures shared by many jobs (the sitemap's
//! entries, the context every template sees) are made once.
//!
//! Here: the [`Producer`], which makes a job's bytes and digest, with what
//! every HTML page shares (header, footer, minifying). `plan` says which
//! jobs a site has and where each goes, `kinds` what each kind of page
//! sets for its template, `cards` the items as lists show them,
//! `variables` how a job's variables are set or hashed; `views` are the
//! structures templates see, and feeds, the sitemap, the legal index,
//! statistics and sharing metadata have a module each.

mod cards;
pub mod feeds;
mod hashing;
mod images;
mod kinds;
pub mod legal;
pub mod metadata;
mod plan;
pub mod sitemap;
pub mod statistics;
mod variables;
pub mod views;

pub use cards::CardCache;
pub use plan::{Job, JobId, List, file_for, page_job};
pub use variables::Variables;

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use serde::Serialize;
use tera::Context;
use typed_index_collections::TiVec;

use crate::error::Diagnostic;
use crate::model::{PageId, SectionId, Site};
use crate::render::RenderedBodies;
use crate::render::markdown::RenderedMarkdown;
use crate::render::minify::{Minifier, minify_fragment};
use crate::render::templates::{Templates, escape_markup};
use cards::Card;
use feeds::FeedScope;
use variables::hash_serialized;
use views::Link;

/// A produced file: the digest of what it was made from, and its bytes.
/// Where it goes is the plan's.
#[derive(Debug)]
pub struct Output {
    pub digest: u64,
    pub bytes: Vec<u8>,
}

/// How a job's bytes are made once its variables are set.
enum Made<'a> {
    /// Made already (redirects, the sitemap).
    Bytes(Vec<u8>),
    /// By rendering this template with the job's variables.
    Template(&'a str),
}

/// The site's header and footer: the same on every page in one place of the
/// site, so rendered once per place (see [`Place`]) instead of on every page.
const HEADER_TEMPLATE: &str = "partials/header.html";
const FOOTER_TEMPLATE: &str = "partials/footer.html";

/// Where in the site an HTML page is, as its navigation shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Pages of no section: taxonomies, archives, statistics, not found.
    Nowhere,
    /// In a section; `exact` when the page is the section's first listing
    /// page (or the home page, for the root section).
    Section { section: SectionId, exact: bool },
}

impl Place {
    /// The slot of the place's chrome among `sections` sections.
    fn slot(self) -> usize {
        match self {
            Place::Nowhere => 0,
            Place::Section { section, exact } => 1 + 2 * usize::from(section) + usize::from(exact),
        }
    }
}

/// `nav`: the place of a page, for templates to mark the current menu item.
#[derive(Serialize)]
struct NavView {
    /// URL of the page's section; empty for pages of no section.
    current: String,
    exact: bool,
}

/// `chrome`: the header and footer partials rendered for one place.
#[derive(Serialize)]
struct Chrome {
    #[serde(skip)]
    nav: NavView,
    header: String,
    footer: String,
    /// What a job's digest takes of the header and footer.
    #[serde(skip)]
    digest: u64,
}

/// The variables every template sees, set once per build.
const SHARED_VARIABLES: [&str; 5] = ["site", "lang", "t", "data", "now"];

/// Produces outputs from a modelled, rendered site.
pub struct Producer<'a> {
    site: &'a Site,
    bodies: &'a RenderedBodies,
    templates: &'a Templates,
    strings: &'a BTreeMap<String, String>,
    shared: Context,
    minifier: Option<Minifier>,
    /// Every job but the sitemap's, planned when first asked for.
    planned: OnceLock<Vec<Job>>,
    /// The sitemap's entries, made when a sitemap file is produced.
    sitemap: OnceLock<Vec<sitemap::Entry>>,
    /// Each page's card, made the first time a list shows the page, with
    /// its digest.
    cards: TiVec<PageId, OnceLock<Result<Card, Diagnostic>>>,
    /// Cards made by earlier runs, taken instead of rendering them again.
    kept_cards: Option<&'a CardCache>,
    /// The digest of what lists show of each page, taken the first time a
    /// list's digest needs it.
    shown_digests: TiVec<PageId, OnceLock<u64>>,
    /// The chrome of each place, by [`Place::slot`], made when first needed.
    chrome: Vec<OnceLock<Result<Chrome, Diagnostic>>>,
    entries: feeds::Entries<'a>,
    /// Pages mentioning each summarised document, by the summary.
    mentioned_in: HashMap<PageId, Vec<PageId>>,
    legal_index: Option<legal::LegalIndex>,
    shared_digest: OnceLock<u64>,
    /// What is made of each photo.
    photos: images::Photos,
}

/// The site-wide values every template sees.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    sections: Vec<Link>,
    taxonomies: Vec<TaxonomyView<'a>>,
    archive_url: Option<String>,
    statistics_url: Option<String>,
    search_url: Option<String>,
    legal_index_url: Option<String>,
    feed_url: String,
    rss_url: String,
    programme: Option<&'a crate::load::config::Programme>,
    extra: &'a serde_norway::Mapping,
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
}

impl<'a> Producer<'a> {
    pub fn new(
        site: &'a Site,
        bodies: &'a RenderedBodies,
        templates: &'a Templates,
        strings: &'a BTreeMap<String, String>,
    ) -> Self {
        let config = &site.config;
        let mut shared = Context::new();
        shared.insert(
            "site",
            &SiteView {
                title: &config.title,
                description: &config.description,
                base_url: &config.base_url,
                language: &config.language,
                sections: site
                    .top_sections()
                    .map(|(_, section)| Link {
                        title: section.title.clone(),
                        url: config.url_for(&section.path),
                    })
                    .collect(),
                taxonomies: site
                    .taxonomies
                    .iter()
                    .map(|taxonomy| TaxonomyView {
                        name: &taxonomy.name,
                        title: &taxonomy.title,
                        url: config.url_for(&taxonomy.path),
                    })
                    .collect(),
                archive_url: site
                    .paths
                    .archive
                    .as_deref()
                    .map(|path| config.url_for(path)),
                statistics_url: site
                    .paths
                    .statistics
                    .as_deref()
                    .map(|path| config.url_for(path)),
                search_url: site
                    .paths
                    .search
                    .as_deref()
                    .filter(|_| templates.has("search.html"))
                    .map(|path| config.url_for(path)),
                legal_index_url: site
                    .paths
                    .legal_index
                    .as_deref()
                    .map(|path| config.url_for(path)),
                feed_url: config.url_for("/atom.xml"),
                rss_url: config.url_for("/rss.xml"),
                programme: config.programme.as_ref(),
                extra: &config.extra,
            },
        );
        shared.insert("lang", &config.language);
        shared.insert("t", strings);
        shared.insert("data", &site.data);
        shared.insert("now", &site.rules.now.to_rfc3339());
        let minifier = config.minify.then(Minifier::default);
        Producer {
            site,
            bodies,
            templates,
            strings,
            shared,
            minifier,
            planned: OnceLock::new(),
            sitemap: OnceLock::new(),
            cards: site.pages.iter().map(|_| OnceLock::new()).collect(),
            kept_cards: None,
            shown_digests: site.pages.iter().map(|_| OnceLock::new()).collect(),
            chrome: (0..1 + 2 * site.sections.len())
                .map(|_| OnceLock::new())
                .collect(),
            entries: feeds::Entries::new(site, bodies),
            mentioned_in: mentions_by_document(site, bodies),
            legal_index: legal::LegalIndex::of(site),
            shared_digest: OnceLock::new(),
            photos: images::Photos::of(site, bodies),
        }
    }

    /// The site the outputs are made of.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// The template variables to produce jobs with, one set per thread.
    pub fn variables(&self) -> Variables {
        Variables {
            context: self.shared.clone(),
            own: Vec::new(),
            digesting: None,
            reads: Vec::new(),
        }
    }

    /// Produces the output of `job` at `path` (its path in the plan), or
    /// nothing when `wanted` says its digest is one held already. `vars` holds the site-wide variables between
    /// jobs; the job's own are taken out again when it is done, and the
    /// pages whose bodies it read are left in [`Variables::reads`].
    /// Without `digests`, every output is made and its digest is 0.
    pub fn produce(
        &self,
        job: Job,
        path: &str,
        vars: &mut Variables,
        digests: bool,
        wanted: impl FnOnce(u64) -> bool,
    ) -> Result<Option<Output>, Diagnostic> {
        vars.reads.clear();
        if let Job::Photo { image, made } = job {
            return self.produce_photo(image, made, digests, wanted);
        }
        let (digest, made) = match digests {
            true => match self.digest_of(job, path, vars)? {
                // Bytes made already need not be made twice.
                (digest, made @ Made::Bytes(_)) => (digest, Some(made)),
                (digest, Made::Template(_)) => (digest, None),
            },
            false => (0, None),
        };
        if !wanted(digest) {
            return Ok(None);
        }
        let made = match made {
            Some(made) => Ok(made),
            None => {
                // The render pass reads the same bodies the digest did.
                vars.reads.clear();
                self.make(job, vars)
            }
        };
        let produced = made.and_then(|made| self.bytes_of(job, path, made, vars));
        vars.forget_own(&self.shared);
        Ok(Some(Output {
            digest,
            bytes: produced?,
        }))
    }

    /// The bytes of a job: its template rendered, when it has one, and
    /// minified when pages are.
    fn bytes_of(
        &self,
        job: Job,
        path: &str,
        made: Made<'a>,
        vars: &Variables,
    ) -> Result<Vec<u8>, Diagnostic> {
        let text = match made {
            Made::Bytes(bytes) => bytes,
            Made::Template(name) => self.templates.render(name, &vars.context)?,
        };
        Ok(match &self.minifier {
            Some(minifier) if path.ends_with(".html") => {
                let (bodies, parts) = self.minified_parts(job);
                minifier.minify(&text, &bodies, &parts)
            }
            _ => text,
        })
    }

    /// The digest of an output: its path and what its bytes are made from,
    /// which for a template is the template with all it uses, the job's
    /// variables and those every job sees. Two outputs with one digest
    /// have the same bytes, so `serve` renders again only what changed.
    /// Returns the digest and how the bytes are made; a template's
    /// variables are hashed only, not set.
    fn digest_of(
        &self,
        job: Job,
        path: &str,
        vars: &mut Variables,
    ) -> Result<(u64, Made<'a>), Diagnostic> {
        vars.digesting = Some(crate::fingerprint::hasher());
        let made = self.make(job, vars);
        let variables = vars.digesting.take().map(|hasher| hasher.finish());
        let made = made?;
        let mut hasher = crate::fingerprint::hasher();
        (self.shared_digest(), path).hash(&mut hasher);
        match &made {
            Made::Bytes(bytes) => bytes.hash(&mut hasher),
            Made::Template(name) => {
                (name, self.templates.fingerprint(name), variables).hash(&mut hasher);
            }
        }
        Ok((hasher.finish(), made))
    }

    /// The digest of the variables every template sees.
    fn shared_digest(&self) -> u64 {
        *self.shared_digest.get_or_init(|| {
            let mut hasher = crate::fingerprint::hasher();
            self.minifier.is_some().hash(&mut hasher);
            for key in SHARED_VARIABLES {
                if let Some(value) = self.shared.get(key) {
                    hash_serialized(value, &mut hasher);
                }
            }
            hasher.finish()
        })
    }

    /// The rendered body of a page, noted as read by the job.
    fn body(&self, id: PageId, vars: &mut Variables) -> &'a RenderedMarkdown {
        vars.reads.push(id);
        &self.bodies.pages[id]
    }

    /// Sets the variables of `job` and says how its bytes are made.
    fn make(&self, job: Job, vars: &mut Variables) -> Result<Made<'a>, Diagnostic> {
        let site = self.site;
        if let Some(place) = self.place_of(job) {
            let chrome = self.chrome(place)?;
            vars.insert("nav", &chrome.nav);
            match vars.digesting() {
                true => vars.insert("chrome", &chrome.digest),
                false => vars.insert("chrome", chrome),
            }
        }
        Ok(match job {
            Job::Page(id) => self.page(id, vars)?,
            Job::Listing { list, number } => self.listing(list, number, vars)?,
            Job::FirstPageRedirect(list) => {
                Made::Bytes(redirect_page(&site.config, self.listed(list).path).into_bytes())
            }
            Job::Alias { page, .. } => {
                Made::Bytes(redirect_page(&site.config, &site.pages[page].path).into_bytes())
            }
            Job::Home => self.home(vars)?,
            Job::NotFound => {
                let title = self.string("not_found_title");
                vars.insert(
                    "meta",
                    &metadata::for_listing(site, title, None, "/404.html", &[]),
                );
                Made::Template("404.html")
            }
            Job::TaxonomyIndex(taxonomy) => self.taxonomy_index(taxonomy, vars)?,
            Job::ArchiveIndex => self.archive_index(vars)?,
            Job::Statistics => self.statistics(vars)?,
            Job::Search => {
                let path = site.paths.search.clone().unwrap_or_default();
                let title = self.string("search");
                let trail = [(title.as_str(), path.as_str())];
                vars.insert(
                    "meta",
                    &metadata::for_listing(site, title.clone(), None, &path, &trail),
                );
                vars.insert(
                    "search_index_url",
                    &site
                        .config
                        .url_for(site.paths.search_index.as_deref().unwrap_or_default()),
                );
                Made::Template("search.html")
            }
            Job::LegalIndex(filter) => self.legal_index(filter, vars)?,
            Job::Atom(scope) => self.feed("atom.xml", scope, vars)?,
            Job::Rss => self.feed("rss.xml", FeedScope::Site, vars)?,
            Job::Sitemap { part, .. } => {
                let start = part * sitemap::URLS_PER_FILE;
                let entries = self.sitemap.get_or_init(|| self.sitemap_entries());
                let end = (start + sitemap::URLS_PER_FILE).min(entries.len());
                Made::Bytes(sitemap::urlset(&entries[start..end]).into_bytes())
            }
            Job::SitemapIndex { parts } => {
                let parts: Vec<String> = (0..parts)
                    .map(|part| {
                        site.config
                            .permalink_for(&format!("sitemap-{}.xml", part + 1))
                    })
                    .collect();
                Made::Bytes(sitemap::index(&parts).into_bytes())
            }
            Job::Robots => {
                vars.insert("sitemap_url", &site.config.permalink_for("sitemap.xml"));
                Made::Template("robots.txt")
            }
            Job::Photo { image, made } => {
                let file = &site.images.files[image];
                Made::Bytes(self.photo_bytes(image, file, self.photos.made[image][made])?)
            }
        })
    }

    /// The parts of a job's output that are minified already: the bodies
    /// it shows (a page's, a section's on its first listing page, the home
    /// page's), and a list's cards, the header and footer.
    fn minified_parts(&self, job: Job) -> (Vec<&str>, Vec<&str>) {
        let bodies = &self.bodies;
        let (shown_bodies, mut parts): (Vec<&str>, Vec<&str>) = match job {
            Job::Page(id) => (vec![bodies.pages[id].html.as_str()], Vec::new()),
            Job::Home => (
                vec![bodies.sections[SectionId::HOME].html.as_str()],
                Vec::new(),
            ),
            Job::Listing { list, number } => (
                match list {
                    List::Section(section) if number == 1 => {
                        vec![bodies.sections[section].html.as_str()]
                    }
                    _ => Vec::new(),
                },
                self.listed(list)
                    .shown(number)
                    .iter()
                    .filter_map(|&id| Some(&*self.cards[id].get()?.as_ref().ok()?.1))
                    .collect(),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        if let Some(Ok(chrome)) = self
            .place_of(job)
            .and_then(|place| self.chrome[place.slot()].get())
        {
            parts.extend([chrome.header.as_str(), chrome.footer.as_str()]);
        }
        (shown_bodies, parts)
    }

    /// The place of an HTML page in the site; `None` for other outputs.
    fn place_of(&self, job: Job) -> Option<Place> {
        Some(match job {
            Job::Page(id) => Place::Section {
                section: self.site.pages[id].section,
                exact: false,
            },
            Job::Listing {
                list: List::Section(section),
                number,
            } => Place::Section {
                section,
                exact: number == 1,
            },
            Job::Home => Place::Section {
                section: SectionId::HOME,
                exact: true,
            },
            Job::Listing { .. }
            | Job::NotFound
            | Job::TaxonomyIndex(_)
            | Job::ArchiveIndex
            | Job::Statistics
            | Job::Search
            | Job::LegalIndex(_) => Place::Nowhere,
            Job::FirstPageRedirect(_)
            | Job::Alias { .. }
            | Job::Atom(_)
            | Job::Rss
            | Job::Sitemap { .. }
            | Job::SitemapIndex { .. }
            | Job::Robots
            | Job::Photo { .. } => return None,
        })
    }

    /// The header and footer of `place`, rendered with the site-wide
    /// variables and `nav` the first time a page there needs them.
    fn chrome(&self, place: Place) -> Result<&Chrome, Diagnostic> {
        let chrome = self.chrome[place.slot()].get_or_init(|| {
            let nav = match place {
                Place::Nowhere => NavView {
                    current: String::new(),
                    exact: false,
                },
                Place::Section { section, exact } => NavView {
                    current: self.site.config.url_for(&self.site.sections[section].path),
                    exact,
                },
            };
            let mut context = self.shared.clone();
            context.insert("nav", &nav);
            let part = |name: &str| match self.templates.has(name) {
                true => self.fragment(name, &context),
                false => Ok(String::new()),
            };
            let (header, footer) = (part(HEADER_TEMPLATE)?, part(FOOTER_TEMPLATE)?);
            Ok(Chrome {
                digest: crate::fingerprint::of(&(&header, &footer)),
                header,
                footer,
                nav,
            })
        });
        chrome.as_ref().map_err(Diagnostic::clone)
    }

    /// A part of pages rendered on its own, minified when pages are.
    fn fragment(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        let rendered = self.templates.render(template, context)?;
        let text = String::from_utf8_lossy(&rendered);
        Ok(match &self.minifier {
            Some(_) => minify_fragment(&text),
            None => text.into_owned(),
        })
    }

    fn string(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }
}

/// For every summarised document, the other pages that mention it, newest
/// first.
fn mentions_by_document(site: &Site, bodies: &RenderedBodies) -> HashMap<PageId, Vec<PageId>> {
    let mut mentioned: HashMap<PageId, Vec<PageId>> = HashMap::new();
    for (id, body) in bodies.pages.iter_enumerated() {
        for key in &body.mentions {
            if let Some(&summary) = site.legal.by_key.get(key)
                && summary != id
            {
                mentioned.entry(summary).or_default().push(id);
            }
        }
    }
    for pages in mentioned.values_mut() {
        crate::model::sort_listing(pages, &site.ranks);
    }
    mentioned
}

/// A page that sends readers and search engines on to the site path `to`.
pub fn redirect_page(config: &crate::load::Config, to: &str) -> String {
    let url = escape_markup(&config.url_for(to));
    let canonical = escape_markup(&config.permalink_for(to));
    let lang = escape_markup(&config.language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{url}</title>\
         <link rel=\"canonical\" href=\"{canonical}\"><meta name=\"robots\" content=\"noindex\">\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\"></head>\
         <body><p><a href=\"{url}\">{url}</a></p></body></html>\n"
    )
}
