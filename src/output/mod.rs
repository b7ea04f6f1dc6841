//! Outputs: every file of the built site, planned as independent jobs and
//! produced one job at a time, so jobs run in parallel and nothing holds the
//! whole site's HTML at once. Structures shared by many jobs (the sitemap's
//! entries, the context every template sees) are made once.

pub mod feeds;

pub mod legal;

pub mod metadata;
pub mod sitemap;
pub mod statistics;

pub mod views;

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tera::Context;

use crate::error::Diagnostic;
use crate::model::Site;
use crate::render::RenderedBodies;
use crate::render::markdown::RenderedMarkdown;
use crate::render::minify::{Minifier, minify_fragment};
use crate::render::templates::{Templates, escape_markup};
use crate::text::dates::{DateStyle, format_day};
use feeds::FeedScope;
use views::{Detail, Link, PageView, Pager, Paginator, SectionView, TermView, listing_path};

/// A paginated list of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Section(usize),
    Term { taxonomy: usize, term: usize },
    Year(usize),
    Month { year: usize, month: usize },
}

/// One file to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Page(usize),
    /// Listing page `number` (1-based) of a list.
    Listing {
        list: List,
        number: usize,
    },
    /// `…/page/1/` sends readers to the list's first page.
    FirstPageRedirect(List),
    /// An old address of a page, sending readers on to it.
    Alias {
        page: usize,
        alias: usize,
    },
    Home,
    NotFound,
    /// The terms of a taxonomy, with their counts.
    TaxonomyIndex(usize),
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
}

/// A produced file: where it goes inside the output folder, the digest of
/// what it was made from, and its bytes.
#[derive(Debug)]
pub struct Output {
    pub path: String,
    pub digest: u64,
    pub bytes: Vec<u8>,
}

/// How a job's bytes are made once its variables are set.
enum Made {
    /// Made already (redirects, the sitemap).
    Bytes(Vec<u8>),
    /// By rendering this template with the job's variables.
    Template(String),
}

impl Made {
    fn template(name: &str) -> Made {
        Made::Template(name.to_owned())
    }
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

/// Template variables: the site-wide ones every template sees and, while
/// a job runs, the job's own.
///
/// A job is made twice when outputs are compared with what a folder holds
/// (`serve`): first its variables are only hashed, as they are set, into
/// its digest; only a job whose digest is new is made again with them put
/// in the template context and rendered. Most jobs of a run after an edit
/// stop at the digest, which costs a fraction of the context.
pub struct Variables {
    context: Context,
    own: Vec<&'static str>,
    /// While a digest is taken: what the job's variables were hashed into.
    digesting: Option<DefaultHasher>,
    /// Reused for the serialized text of each variable hashed.
    serialized: Vec<u8>,
    /// The pages whose rendered bodies the job read, through
    /// [`Producer::body`]: an edit of one item's text changes only the
    /// outputs that read its body.
    pub reads: Vec<usize>,
}

impl Variables {
    fn insert(&mut self, key: &'static str, value: &impl Serialize) {
        match &mut self.digesting {
            Some(hasher) => {
                key.hash(hasher);
                hash_serialized(value, &mut self.serialized, hasher);
            }
            None => {
                self.context.insert(key, value);
                self.own.push(key);
            }
        }
    }

    /// Whether the job's digest is being taken rather than its context set.
    fn digesting(&self) -> bool {
        self.digesting.is_some()
    }

    /// Takes out the job's own variables, putting back a site-wide one a
    /// job replaced.
    fn forget_own(&mut self, shared: &Context) {
        for key in self.own.drain(..) {
            match shared.get(key) {
                Some(value) => self.context.insert(key, value),
                None => {
                    self.context.remove(key);
                }
            }
        }
    }
}

/// Cards made by earlier runs of a `serve` session, by the digest of what
/// each was made from: a run after an edit renders only the cards of the
/// items it changed, however many listing pages it makes again.
#[derive(Default)]
pub struct CardCache {
    cards: HashMap<u64, Arc<str>>,
}

impl CardCache {
    /// Keeps the cards of a run. Those of earlier runs stay while there
    /// are not many more than the site has items, so that an edit undone
    /// finds its cards again.
    pub fn keep(&mut self, made: Vec<Card>, items: usize) {
        if self.cards.len() + made.len() > 2 * items + 64 {
            self.cards.clear();
        }
        self.cards.extend(made);
    }
}

/// An item's card with the digest of what it was made from.
type Card = (u64, Arc<str>);

/// The template of an item as lists show it, rendered once per item.
const CARD_TEMPLATE: &str = "partials/card.html";

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
    Section { section: usize, exact: bool },
}

impl Place {
    /// The slot of the place's chrome among `sections` sections.
    fn slot(self) -> usize {
        match self {
            Place::Nowhere => 0,
            Place::Section { section, exact } => 1 + 2 * section + usize::from(exact),
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

/// Feeds a value to a hasher as the JSON text templates would see it made
/// from, without making the template value; `buffer` is scratch space.
fn hash_serialized(value: &impl Serialize, buffer: &mut Vec<u8>, hasher: &mut impl Hasher) {
    buffer.clear();
    match serde_json::to_writer(&mut *buffer, value) {
        Ok(()) => buffer.hash(hasher),
        // Rendering reports what cannot be made a template value; the
        // digest needs only to differ from any value that can.
        Err(error) => error.to_string().hash(hasher),
    }
}

/// Produces outputs from a modelled, rendered site.
pub struct Producer<'a> {
    site: &'a Site,
    bodies: &'a RenderedBodies,
    templates: &'a Templates,
    strings: &'a BTreeMap<String, String>,
    shared: Context,
    minifier: Option<Minifier>,
    /// The sitemap's entries, made when a sitemap file is produced.
    sitemap: OnceLock<Vec<sitemap::Entry>>,
    /// Each page's card, made the first time a list shows the page, with
    /// its digest.
    cards: Vec<OnceLock<Result<Card, Diagnostic>>>,
    /// Cards made by earlier runs, taken instead of rendering them again.
    kept_cards: Option<&'a CardCache>,
    /// The digest of what lists show of each page, taken the first time a
    /// list's digest needs it.
    shown_digests: Vec<OnceLock<u64>>,
    /// The chrome of each place, by [`Place::slot`], made when first needed.
    chrome: Vec<OnceLock<Result<Chrome, Diagnostic>>>,
    entries: feeds::Entries<'a>,
    /// Pages mentioning each summarised document, by the summary's index.
    mentioned_in: HashMap<usize, Vec<usize>>,
    legal_index: Option<legal::LegalIndex>,
    shared_digest: OnceLock<u64>,
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

/// What tells when an output of the sitemap last changed.
enum Changed<'a> {
    /// An item's page: its own dates.
    Page(usize),
    /// A list: the newest of its items.
    Newest(&'a [usize]),
    Unknown,
}

/// An item of a list as a listing page's variables hold it.
#[derive(Serialize)]
#[serde(untagged)]
enum Shown<'a> {
    View(Box<PageView<'a>>),
    /// While a digest is taken, what the view and the card are made from.
    Digest(u64),
}

/// What a paginated list is made of.
struct Listed<'s> {
    path: &'s str,
    pages: &'s [usize],
    paginate_by: usize,
}

impl<'s> Listed<'s> {
    fn page_count(&self) -> usize {
        self.pages.len().div_ceil(self.paginate_by).max(1)
    }

    /// The items on listing page `number` (1-based).
    fn shown(&self, number: usize) -> &'s [usize] {
        let start = ((number - 1) * self.paginate_by).min(self.pages.len());
        let end = (start + self.paginate_by).min(self.pages.len());
        &self.pages[start..end]
    }
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ArchiveView {
    year: i32,
    month: Option<u32>,
    title: String,
    url: String,
}

#[derive(Serialize)]
struct ArchiveYearView {
    year: i32,
    title: String,
    url: String,
    count: usize,
    months: Vec<ArchiveMonthView>,
}

#[derive(Serialize)]
struct ArchiveMonthView {
    month: u32,
    title: String,
    url: String,
    count: usize,
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
                archive_url: config
                    .archives
                    .enabled
                    .then(|| config.url_for(&site.archive.path)),
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
        }
    }

    /// Takes cards from `cards` when an earlier run made them from the
    /// same item, template and site-wide variables.
    pub fn keeping_cards(mut self, cards: &'a CardCache) -> Self {
        self.kept_cards = Some(cards);
        self
    }

    /// The cards this run made or took, for the next run to keep.
    pub fn cards_made(&self) -> Vec<Card> {
        self.cards
            .iter()
            .filter_map(|card| card.get()?.as_ref().ok().cloned())
            .collect()
    }

    fn listed(&self, list: List) -> Listed<'a> {
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

    /// Every job of the site, in a stable order.
    pub fn plan(&self) -> Vec<Job> {
        let mut jobs = self.jobs_but_the_sitemap();
        let listed = jobs
            .iter()
            .filter(|&&job| self.in_sitemap(job).is_some())
            .count();
        let parts = sitemap::file_count(listed);
        jobs.extend((0..parts).map(|part| Job::Sitemap { part, parts }));
        if parts > 1 {
            jobs.push(Job::SitemapIndex { parts });
        }
        jobs
    }

    /// The sitemap's entries: the outputs readers may land on from a
    /// search engine, in plan order.
    fn sitemap_entries(&self) -> Vec<sitemap::Entry> {
        let site = self.site;
        self.jobs_but_the_sitemap()
            .into_iter()
            .filter_map(|job| {
                let (path, changed) = self.in_sitemap(job)?;
                let lastmod = match changed {
                    Changed::Page(index) => {
                        let page = &site.pages[index];
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
    fn in_sitemap(&self, job: Job) -> Option<(&'a str, Changed<'a>)> {
        let site = self.site;
        Some(match job {
            Job::Home => ("/", Changed::Newest(&site.dated)),
            Job::Page(index) => (site.pages[index].path.as_str(), Changed::Page(index)),
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
    fn jobs_but_the_sitemap(&self) -> Vec<Job> {
        let site = self.site;
        let mut lists: Vec<List> = site
            .top_sections()
            .map(|(section, _)| List::Section(section))
            .collect();
        let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
        for (page, data) in site.pages.iter().enumerate() {
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
        for (taxonomy, data) in site.taxonomies.iter().enumerate() {
            jobs.push(Job::TaxonomyIndex(taxonomy));
            for (term, _) in data.used_terms() {
                lists.push(List::Term { taxonomy, term });
                if feeds::exists(site, FeedScope::Term { taxonomy, term }) {
                    jobs.push(Job::Atom(FeedScope::Term { taxonomy, term }));
                }
            }
        }
        if site.config.archives.enabled {
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
        jobs
    }

    /// The output path a job writes, known before rendering.
    pub fn path_of(&self, job: Job) -> String {
        let site = self.site;
        match job {
            Job::Page(index) => file_for(&site.pages[index].path),
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
        }
    }

    /// The template variables to produce jobs with, one set per thread.
    pub fn variables(&self) -> Variables {
        Variables {
            context: self.shared.clone(),
            own: Vec::new(),
            digesting: None,
            serialized: Vec::new(),
            reads: Vec::new(),
        }
    }

    /// Produces one output, or nothing when `wanted` says its digest is
    /// one it holds already. `vars` holds the site-wide variables between
    /// jobs; the job's own are taken out again when it is done, and the
    /// pages whose bodies it read are left in [`Variables::reads`].
    /// Without `digests`, every output is made and its digest is 0.
    pub fn produce(
        &self,
        job: Job,
        vars: &mut Variables,
        digests: bool,
        wanted: impl FnOnce(&str, u64) -> bool,
    ) -> Result<Option<Output>, Diagnostic> {
        vars.reads.clear();
        let path = self.path_of(job);
        let (digest, made) = match digests {
            true => {
                let (digest, made) = self.digest_of(job, &path, vars)?;
                // Bytes made already need not be made twice.
                (digest, made.filter(|made| matches!(made, Made::Bytes(_))))
            }
            false => (0, None),
        };
        if !wanted(&path, digest) {
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
        let produced = made.and_then(|made| self.bytes_of(job, &path, made, vars));
        vars.forget_own(&self.shared);
        Ok(Some(Output {
            path,
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
        made: Made,
        vars: &Variables,
    ) -> Result<Vec<u8>, Diagnostic> {
        let text = match made {
            Made::Bytes(bytes) => bytes,
            Made::Template(name) => self.templates.render(&name, &vars.context)?,
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
    ) -> Result<(u64, Option<Made>), Diagnostic> {
        vars.digesting = Some(DefaultHasher::new());
        let made = self.make(job, vars);
        let variables = vars.digesting.take().map(|hasher| hasher.finish());
        let made = made?;
        let mut hasher = DefaultHasher::new();
        (self.shared_digest(), path).hash(&mut hasher);
        match &made {
            Made::Bytes(bytes) => bytes.hash(&mut hasher),
            Made::Template(name) => {
                (name, self.templates.fingerprint(name), variables).hash(&mut hasher);
            }
        }
        Ok((hasher.finish(), Some(made)))
    }

    /// The digest of the variables every template sees.
    fn shared_digest(&self) -> u64 {
        *self.shared_digest.get_or_init(|| {
            let mut hasher = DefaultHasher::new();
            let mut buffer = Vec::new();
            self.minifier.is_some().hash(&mut hasher);
            for key in SHARED_VARIABLES {
                if let Some(value) = self.shared.get(key) {
                    hash_serialized(value, &mut buffer, &mut hasher);
                }
            }
            hasher.finish()
        })
    }

    /// The rendered body of page `index`, noted as read by the job.
    fn body(&self, index: usize, vars: &mut Variables) -> &'a RenderedMarkdown {
        vars.reads.push(index);
        &self.bodies.pages[index]
    }

    /// Sets the variables of `job` and says how its bytes are made.
    fn make(&self, job: Job, vars: &mut Variables) -> Result<Made, Diagnostic> {
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
            Job::Page(index) => self.page(index, vars)?,
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
                Made::template("404.html")
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
                Made::template("search.html")
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
                Made::template("robots.txt")
            }
        })
    }

    /// The parts of a job's output that are minified already: the bodies
    /// it shows (a page's, a section's on its first listing page, the home
    /// page's), and a list's cards, the header and footer.
    fn minified_parts(&self, job: Job) -> (Vec<&str>, Vec<&str>) {
        let bodies = &self.bodies;
        let (shown_bodies, mut parts): (Vec<&str>, Vec<&str>) = match job {
            Job::Page(index) => (vec![bodies.pages[index].html.as_str()], Vec::new()),
            Job::Home => (vec![bodies.sections[0].html.as_str()], Vec::new()),
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
                    .filter_map(|&i| Some(&*self.cards[i].get()?.as_ref().ok()?.1))
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
            Job::Page(index) => Place::Section {
                section: self.site.pages[index].section,
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
                section: 0,
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
            | Job::Robots => return None,
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
            let mut hasher = DefaultHasher::new();
            (&header, &footer).hash(&mut hasher);
            Ok(Chrome {
                header,
                footer,
                nav,
                digest: hasher.finish(),
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

    /// Page `index`'s card, when the theme has a card template.
    fn card(&self, index: usize) -> Result<Option<&str>, Diagnostic> {
        if !self.templates.has(CARD_TEMPLATE) {
            return Ok(None);
        }
        let card = self.cards[index].get_or_init(|| {
            let mut hasher = DefaultHasher::new();
            (self.shown_digest(index), self.shared_digest()).hash(&mut hasher);
            let digest = hasher.finish();
            if let Some(card) = self.kept_cards.and_then(|kept| kept.cards.get(&digest)) {
                return Ok((digest, Arc::clone(card)));
            }
            let mut context = self.shared.clone();
            let view = PageView::new(self.site, index, &self.bodies.pages[index], Detail::Card);
            context.insert("item", &view);
            Ok((digest, self.fragment(CARD_TEMPLATE, &context)?.into()))
        });
        match card {
            Ok((_, card)) => Ok(Some(card)),
            Err(diagnostic) => Err(diagnostic.clone()),
        }
    }

    /// Page `index` as a list shows it: its view with its card or, while a
    /// digest is taken, the digest of both, taken once for all the lists
    /// that show the page.
    fn shown(&self, index: usize, vars: &mut Variables) -> Result<Shown<'_>, Diagnostic> {
        let body = self.body(index, vars);
        if vars.digesting() {
            return Ok(Shown::Digest(self.shown_digest(index)));
        }
        let mut view = PageView::new(self.site, index, body, Detail::Listed);
        view.card = self.card(index)?;
        Ok(Shown::View(Box::new(view)))
    }

    /// The digest of what lists show of page `index`, taken once a run.
    fn shown_digest(&self, index: usize) -> u64 {
        *self.shown_digests[index].get_or_init(|| {
            // The listed view is the card's cut short: the card's view
            // stands for both.
            let view = PageView::new(self.site, index, &self.bodies.pages[index], Detail::Card);
            let mut hasher = DefaultHasher::new();
            hash_serialized(&view, &mut Vec::new(), &mut hasher);
            self.templates.fingerprint(CARD_TEMPLATE).hash(&mut hasher);
            self.templates.has(CARD_TEMPLATE).hash(&mut hasher);
            hasher.finish()
        })
    }

    fn string(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    fn page(&self, index: usize, vars: &mut Variables) -> Result<Made, Diagnostic> {
        let site = self.site;
        let page = &site.pages[index];
        let body = self.body(index, vars);
        let mut view = PageView::new(site, index, body, Detail::Page);
        if vars.digesting() {
            // The body's fingerprint stands for its HTML, long to hash.
            view.content = None;
            vars.insert("content", &body.fingerprint);
        }
        if let (Some(legal), Some(pages)) = (view.legal.as_mut(), self.mentioned_in.get(&index)) {
            legal.mentioned_in = pages
                .iter()
                .map(|&i| Link {
                    title: site.pages[i].title.clone(),
                    url: site.config.url_for(&site.pages[i].path),
                })
                .collect();
        }
        let image = view
            .image
            .as_ref()
            .map(|image| (image.permalink.as_str(), image.alt));
        let meta = metadata::for_page(site, page, &view.summary, image);
        vars.insert("page", &view);
        vars.insert("meta", &meta);
        let own = format!("{}.html", page.kind.name());
        let fallback = if self.templates.has(&own) {
            own.as_str()
        } else {
            "page.html"
        };
        let template = self.chosen_template(
            &page.front.template,
            fallback,
            &page.file.path,
            page.line_of("template"),
        )?;
        Ok(Made::template(template))
    }

    /// A listing page: the list's own variables, its paginator, its meta.
    fn listing(&self, list: List, number: usize, vars: &mut Variables) -> Result<Made, Diagnostic> {
        let site = self.site;
        let config = &site.config;
        let listed = self.listed(list);
        let total_pages = listed.page_count();
        let url_of = |n: usize| config.url_for(&listing_path(listed.path, n));
        let paginator = Paginator {
            pages: listed
                .shown(number)
                .iter()
                .map(|&i| self.shown(i, vars))
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
        Ok(Made::template(template))
    }

    fn year_title(&self, year: i32) -> String {
        format!("{} {year}", self.string("year"))
    }

    fn month_title(&self, year: i32, month: u32) -> String {
        let first = chrono::NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
        let text = format_day(first, &self.site.config.language, DateStyle::Month);
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or(text)
    }

    fn taxonomy_index(&self, taxonomy: usize, vars: &mut Variables) -> Result<Made, Diagnostic> {
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
        Ok(Made::template("taxonomy.html"))
    }

    fn archive_index(&self, vars: &mut Variables) -> Result<Made, Diagnostic> {
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
        Ok(Made::template("archives.html"))
    }

    fn legal_index(
        &self,
        filter: legal::LegalFilter,
        vars: &mut Variables,
    ) -> Result<Made, Diagnostic> {
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
        Ok(Made::template("legal_index.html"))
    }

    fn statistics(&self, vars: &mut Variables) -> Result<Made, Diagnostic> {
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
            vars.insert("stats", &statistics::view(site, &cadence, &words));
            vars.insert("programme", &cadence.programme);
        }
        let trail = [(title.as_str(), path.as_str())];
        vars.insert(
            "meta",
            &metadata::for_listing(site, title.clone(), None, &path, &trail),
        );
        Ok(Made::template("statistics.html"))
    }

    fn feed(
        &self,
        template: &str,
        scope: FeedScope,
        vars: &mut Variables,
    ) -> Result<Made, Diagnostic> {
        let site = self.site;
        let view = feeds::view(site, &self.entries, scope);
        // Entries are made from bodies once for all feeds.
        vars.reads.extend(feeds::items(site, scope));
        vars.insert("feed", &view);
        Ok(Made::template(template))
    }

    /// The template a page or section asked for, which must exist, or the
    /// default for its kind.
    fn chosen_template<'t>(
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

    fn home(&self, vars: &mut Variables) -> Result<Made, Diagnostic> {
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
                    .map(|&i| PageView::new(site, i, self.body(i, vars), Detail::Listed))
                    .collect(),
            })
            .collect();
        vars.insert(
            "section",
            &SectionView::new(site, 0, &self.bodies.sections[0]),
        );
        vars.insert("latest", &latest);
        vars.insert("meta", &metadata::for_home(site));
        Ok(Made::template("index.html"))
    }
}

/// For every summarised document, the other pages that mention it, newest
/// first.
fn mentions_by_document(site: &Site, bodies: &RenderedBodies) -> HashMap<usize, Vec<usize>> {
    let mut mentioned: HashMap<usize, Vec<usize>> = HashMap::new();
    for (index, body) in bodies.pages.iter().enumerate() {
        for key in &body.mentions {
            if let Some(&summary) = site.legal.by_key.get(key)
                && summary != index
            {
                mentioned.entry(summary).or_default().push(index);
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
