//! Model: the site as readers will meet it, built from the loaded sources.
//!
//! This stage decides which items are published (drafts, scheduled and
//! expired items), gives every page and section its URL, sorts listings, and
//! checks what needs the whole site to check (required fields per kind, two
//! items claiming one URL). Nothing is rendered here.

pub mod archive;
pub(crate) mod ids;
pub mod images;
pub mod legal;
pub mod paths;
mod publish;
pub mod taxonomy;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::DateTime;
use chrono_tz::Tz;
use rayon::prelude::*;
use typed_index_collections::{TiSlice, TiVec};

use crate::error::Diagnostic;
use crate::load::front_matter::{KeyLines, Kind};
use crate::load::theme::ThemeFile;
use crate::load::{Config, ContentFile, ContentRole, FrontMatter, ParsedDocument, SiteSources};
use crate::messages::Message;
use crate::t;
use crate::text::slugify;
pub use paths::SitePaths;

pub use archive::Archive;
pub use ids::{ImageId, PageId, SectionId, TaxonomyId, TermId};
pub use publish::{LeftOut, PublishRules, Unpublished};
pub use taxonomy::{Taxonomy, Term};

/// One published item or standalone page.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: ContentFile,
    pub kind: Kind,
    pub title: String,
    pub slug: String,
    /// Site path with slashes at both ends: `/bai-viet/ten-bai/`.
    pub path: String,
    pub date: Option<DateTime<Tz>>,
    pub updated: Option<DateTime<Tz>>,
    pub front: Arc<FrontMatter>,
    pub body: Arc<str>,
    pub body_line: usize,
    pub key_lines: Arc<KeyLines>,
    pub section: SectionId,
    /// Old site paths that redirect here: `/tin/cu/` or `/tin/123.html`.
    pub aliases: Vec<String>,
    /// The reading of the source file this page was made from.
    pub revision: u64,
}

impl Page {
    /// The line of a front matter key, or of the opening `---` when absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.line_of(key)
    }
}

/// A top folder of `content/` with its listing; the home page is section 0.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder name, `None` for the home section.
    pub key: Option<String>,
    pub file: Option<ContentFile>,
    pub title: String,
    pub description: Option<String>,
    /// Kind of the items in the section unless they say otherwise.
    pub default_kind: Kind,
    pub path: String,
    pub paginate_by: usize,
    pub weight: Option<i64>,
    pub front: Arc<FrontMatter>,
    pub body: Arc<str>,
    pub body_line: usize,
    pub key_lines: Arc<KeyLines>,
    pub revision: u64,
    /// Published pages in listing order: dated kinds newest first, pages by
    /// weight then title.
    pub pages: Vec<PageId>,
}

impl Section {
    /// How many listing pages the section's items fill; an empty section
    /// still has its first page.
    pub fn listing_page_count(&self) -> usize {
        self.pages.len().div_ceil(self.paginate_by).max(1)
    }

    /// The line of a key in the section's `_index.md` front matter.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.line_of(key)
    }
}

/// The whole published site.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub rules: PublishRules,
    pub sections: TiVec<SectionId, Section>,
    pub pages: TiVec<PageId, Page>,
    /// Items left out of this build, by `content/`-relative path, so links to
    /// them can be explained.
    pub unpublished: BTreeMap<String, Unpublished>,
    /// The same items with their files and dates, in file order, for the
    /// build to list.
    pub left_out: Vec<LeftOut>,
    /// Assets of published page bundles, with the page they belong to.
    pub bundle_assets: Vec<(ContentFile, PageId)>,
    /// The files of the site's `static/` folder.
    pub static_files: Vec<ThemeFile>,
    /// The photos of `static/` and of the bundles, by where they are
    /// published.
    pub images: images::ImageCatalogue,
    pub data: serde_json::Value,
    pub taxonomies: TiVec<TaxonomyId, Taxonomy>,
    /// Empty when archives are switched off.
    pub archive: Archive,
    /// The addresses of the pages the site makes of itself.
    pub paths: SitePaths,
    /// Every dated item, newest first: the order of feeds and archives.
    pub dated: Vec<PageId>,
    /// Each page's place in listing order, for sorting any list of pages.
    pub ranks: TiVec<PageId, usize>,
    /// Items held back only because they are dated after "now": the
    /// coverage already scheduled for the coming months.
    pub scheduled: Vec<(DateTime<Tz>, Kind)>,
    /// The legal documents summarised on the site, and their relations.
    pub legal: legal::LegalRegister,
}

impl Site {
    /// Lets go of the Markdown sources of pages and sections once their
    /// bodies are rendered: a build that renders none again has no more use
    /// for them, and they are about a quarter of what it holds at 10,000
    /// items. `serve` keeps them, to render again only what an edit changed.
    pub fn release_sources(&mut self) {
        let empty: Arc<str> = Arc::from("");
        for page in &mut self.pages {
            page.body = Arc::clone(&empty);
        }
        for section in &mut self.sections {
            section.body = Arc::clone(&empty);
        }
    }

    /// Sections other than the home section, in menu order.
    pub fn top_sections(&self) -> impl Iterator<Item = (SectionId, &Section)> {
        self.sections.iter_enumerated().skip(1)
    }
}

/// The site path a bundle's file is published at, beside its page:
/// `/bai-viet/tap-huan/anh-1.jpg`.
pub fn published_path(asset: &ContentFile, page: &Page) -> Option<String> {
    let ContentRole::Asset { bundle } = &asset.role else {
        return None;
    };
    let inside = asset.content_path[bundle.len()..].trim_start_matches('/');
    Some(format!("{}{inside}", page.path))
}

/// The photos of the site's static files and of its bundles, at the
/// paths they are published at (a bundle's file wins over a static one).
fn catalogue_of(
    static_files: &[ThemeFile],
    bundle_assets: &[(ContentFile, PageId)],
    pages: &TiSlice<PageId, Page>,
    root: &std::path::Path,
) -> images::ImageCatalogue {
    let from_static = static_files.iter().filter_map(|file| {
        let crate::load::theme::Source::Disk(disk) = &file.source else {
            return None;
        };
        Some((
            format!("/{}", file.relative),
            disk.clone(),
            file.shown.clone(),
        ))
    });
    let from_bundles = bundle_assets.iter().filter_map(|(asset, page)| {
        Some((
            published_path(asset, &pages[*page])?,
            root.join(&asset.path),
            asset.path.clone(),
        ))
    });
    images::ImageCatalogue::of(from_static.chain(from_bundles))
}

/// Builds the model from the loaded sources, reporting every problem found.
pub fn assemble(
    sources: SiteSources,
    rules: PublishRules,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    let SiteSources {
        root,
        config,
        documents,
        bundle_assets,
        data,
    } = sources;
    let (index_documents, page_documents): (Vec<_>, Vec<_>) = documents
        .into_iter()
        .partition(|document| document.file.role == ContentRole::SectionIndex);
    let mut sections = make_sections(&config, index_documents, &page_documents, diagnostics);
    let section_by_key: HashMap<Option<String>, SectionId> = sections
        .iter_enumerated()
        .map(|(id, s)| (s.key.clone(), id))
        .collect();

    // Each item is made on its own; its problems are reported in the
    // order of the files, as one thread would find them.
    let made: Vec<(Option<Page>, Vec<Diagnostic>)> = page_documents
        .into_par_iter()
        .map(|document| {
            let mut found = Vec::new();
            // A missing _index.md was reported once for the folder.
            let page = section_by_key
                .get(&document.file.section)
                .and_then(|&section| {
                    make_page(document, section, &sections[section], &config, &mut found)
                });
            (page, found)
        })
        .collect();
    let mut pages = TiVec::new();
    let mut unpublished = BTreeMap::new();
    let mut left_out = Vec::new();
    let mut scheduled = Vec::new();
    for (page, found) in made {
        diagnostics.extend(found);
        let Some(page) = page else {
            continue;
        };
        match rules.left_out(&page) {
            Some(left) => {
                if let (Unpublished::Scheduled, Some(date)) = (left.reason, page.date) {
                    scheduled.push((date, page.kind));
                }
                unpublished.insert(page.file.content_path.clone(), left.reason);
                left_out.push(left);
            }
            None => pages.push(page),
        }
    }
    let paths = SitePaths::of(&config, &sections, &pages);
    check_unique_paths(&config, &paths, &sections, &pages, diagnostics);
    for (id, page) in pages.iter_enumerated() {
        sections[page.section].pages.push(id);
    }
    let ranks = listing_ranks(&pages);
    for section in &mut sections {
        sort_listing(&mut section.pages, &ranks);
    }
    // Taxonomies, and the rest of what is made from the pages, read them
    // only: the two are made side by side.
    let mut legal_found = Vec::new();
    let (taxonomies, (legal, dated, archive)) = rayon::join(
        || taxonomy::build_all(&config, &data, &pages, &ranks, diagnostics),
        || {
            let legal = legal::register(&pages, &mut legal_found);
            let mut dated: Vec<PageId> = pages
                .iter_enumerated()
                .filter(|(_, page)| page.kind.is_dated() && page.date.is_some())
                .map(|(id, _)| id)
                .collect();
            sort_listing(&mut dated, &ranks);
            let archive = match &paths.archive {
                Some(path) => archive::build(path, config.archives.paginate_by, &pages, &dated),
                None => Archive::default(),
            };
            (legal, dated, archive)
        },
    );
    diagnostics.extend(legal_found);
    let page_by_bundle: HashMap<&str, PageId> = pages
        .iter_enumerated()
        .filter_map(|(id, page)| page.file.bundle_dir().map(|dir| (dir, id)))
        .collect();
    let bundle_assets: Vec<(ContentFile, PageId)> = bundle_assets
        .into_iter()
        .filter_map(|asset| match &asset.role {
            ContentRole::Asset { bundle } => page_by_bundle
                .get(bundle.as_str())
                .map(|&page| (asset.clone(), page)),
            _ => None,
        })
        .collect();
    let static_files = crate::load::theme::files_in(&root, &root.join("static"));
    let images = catalogue_of(&static_files, &bundle_assets, &pages, &root);
    Site {
        root,
        config,
        rules,
        sections,
        pages,
        unpublished,
        left_out,
        bundle_assets,
        static_files,
        images,
        data,
        taxonomies,
        archive,
        paths,
        dated,
        ranks,
        scheduled,
        legal,
    }
}

/// The home section from `content/_index.md` and one section per top folder.
fn make_sections(
    config: &Config,
    index_documents: Vec<ParsedDocument>,
    page_documents: &[ParsedDocument],
    diagnostics: &mut Vec<Diagnostic>,
) -> TiVec<SectionId, Section> {
    let mut home = None;
    let mut sections = Vec::new();
    for document in index_documents {
        let key = document.file.section.clone();
        let path = match &key {
            None => "/".to_owned(),
            Some(folder) => {
                let slug = slugify(folder);
                if slug.is_empty() {
                    diagnostics.push(
                        Diagnostic::error(
                            &document.file.path,
                            t!("folder-no-address", folder = folder),
                        )
                        .with_help(t!("folder-no-address-help")),
                    );
                    continue;
                }
                format!("/{slug}/")
            }
        };
        if document.front.paginate_by == Some(0) {
            diagnostics.push(
                Diagnostic::error(&document.file.path, t!("paginate-by-zero"))
                    .at(document.key_lines.line_of("paginate_by"), 1),
            );
        }
        let title = match document.front.title.as_deref().map(str::trim) {
            Some(title) if !title.is_empty() => title.to_owned(),
            _ => {
                if key.is_some() {
                    diagnostics.push(missing_field(&document, "title", t!("section-title-help")));
                }
                config.title.clone()
            }
        };
        let section = Section {
            title,
            description: document.front.description.clone(),
            default_kind: document.front.kind.unwrap_or(Kind::Page),
            path,
            paginate_by: document
                .front
                .paginate_by
                .filter(|&n| n > 0)
                .unwrap_or(config.paginate_by),
            weight: document.front.weight,
            front: document.front,
            body: document.body,
            body_line: document.body_line,
            key_lines: document.key_lines,
            revision: document.revision,
            pages: Vec::new(),
            file: Some(document.file),
            key: key.clone(),
        };
        if key.is_none() {
            home = Some(section);
        } else {
            sections.push(section);
        }
    }
    let mut reported = std::collections::BTreeSet::new();
    for document in page_documents {
        if let Some(folder) = &document.file.section
            && !sections.iter().any(|s| s.key.as_ref() == Some(folder))
            && reported.insert(folder.clone())
        {
            diagnostics.push(
                Diagnostic::error(format!("content/{folder}"), t!("folder-not-section"))
                    .with_help(t!("folder-not-section-help", folder = folder)),
            );
        }
    }
    sections.sort_by(|a, b| {
        (a.weight.unwrap_or(i64::MAX), &a.key).cmp(&(b.weight.unwrap_or(i64::MAX), &b.key))
    });
    let home = home.unwrap_or_else(|| Section {
        key: None,
        file: None,
        title: config.title.clone(),
        description: Some(config.description.clone()).filter(|d| !d.is_empty()),
        default_kind: Kind::Page,
        path: "/".to_owned(),
        paginate_by: config.paginate_by,
        weight: None,
        front: Arc::default(),
        body: Arc::from(""),
        body_line: 1,
        key_lines: Arc::default(),
        revision: 0,
        pages: Vec::new(),
    });
    std::iter::once(home).chain(sections).collect()
}

fn missing_field(document: &ParsedDocument, field: &str, help: Message) -> Diagnostic {
    Diagnostic::error(&document.file.path, t!("missing-field", field = field))
        .at(1, 1)
        .with_help(t!("missing-field-help", field = field, help = help))
}

/// Types one item, checking what its kind requires; `None` after reporting
/// a problem that leaves no page to build.
fn make_page(
    document: ParsedDocument,
    section: SectionId,
    owner: &Section,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Page> {
    let kind = document.front.kind.unwrap_or(owner.default_kind);
    let zone = config.time_zone;
    let before = diagnostics.len();
    let title = document
        .front
        .title
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if title.is_empty() {
        diagnostics.push(missing_field(&document, "title", t!("item-title-help")));
    }
    if kind.is_dated() && document.front.date.is_none() {
        diagnostics.push(missing_field(
            &document,
            "date",
            t!("item-date-help", kind = kind.name()),
        ));
    }
    if kind == Kind::News && document.front.localities.is_empty() {
        diagnostics.push(
            Diagnostic::error(&document.file.path, t!("news-without-locality"))
                .at(document.key_lines.line_of("localities"), 1)
                .with_help(t!("news-without-locality-help")),
        );
    }
    check_urls(&document, diagnostics);
    let slug_source = document.front.slug.as_deref().unwrap_or(&title);
    let slug = slugify(slug_source);
    if slug.is_empty() && !title.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                &document.file.path,
                t!("slug-no-address", source = slug_source),
            )
            .at(
                document
                    .key_lines
                    .line_of(if document.front.slug.is_some() {
                        "slug"
                    } else {
                        "title"
                    }),
                1,
            )
            .with_help(t!("slug-no-address-help")),
        );
    }
    let mut aliases = Vec::new();
    for written in &document.front.aliases {
        match alias_path(written) {
            Ok(path) => aliases.push(path),
            Err(problem) => {
                let (line, column) = document.key_lines.place_of("aliases", written);
                let message = match problem {
                    AliasProblem::FullAddress => t!("alias-full-address", alias = written),
                    AliasProblem::Dots => t!("alias-dots", alias = written),
                    AliasProblem::Home => t!("alias-home", alias = written),
                    AliasProblem::Control => t!("alias-control", alias = written),
                    AliasProblem::TooLong(bytes) => {
                        t!("alias-too-long", alias = written, bytes = bytes)
                    }
                };
                diagnostics.push(
                    Diagnostic::error(&document.file.path, message)
                        .at(line, column)
                        .with_help(t!("alias-help")),
                );
            }
        }
    }
    if diagnostics[before..].iter().any(Diagnostic::is_error) {
        return None;
    }
    let path = format!("{}{slug}/", owner.path);
    Some(Page {
        kind,
        title,
        slug,
        path,
        date: document.front.date.map(|d| d.in_zone(zone)),
        updated: document.front.updated.map(|d| d.in_zone(zone)),
        front: document.front,
        body: document.body,
        body_line: document.body_line,
        key_lines: document.key_lines,
        section,
        file: document.file,
        aliases,
        revision: document.revision,
    })
}

/// Front-matter fields a theme prints as links or loads (`source_url`,
/// `image`, and any field of `extra`) may not hold a URL that runs code.
fn check_urls(document: &ParsedDocument, diagnostics: &mut Vec<Diagnostic>) {
    let front = &document.front;
    let mut fields: Vec<(&str, serde_json::Value)> = Vec::new();
    if let Some(source) = &front.source_url {
        fields.push(("source_url", serde_json::Value::from(source.as_str())));
    }
    if let Some(image) = &front.image {
        fields.push(("image", serde_json::Value::from(image.src.as_str())));
    }
    for (key, value) in &front.extra {
        fields.push((key, serde_json::to_value(value).unwrap_or_default()));
    }
    for (key, value) in &fields {
        for (url, scheme) in crate::text::url::refused_in(value) {
            let (line, column) = document.key_lines.place_of(key, url.trim());
            diagnostics.push(
                Diagnostic::error(
                    &document.file.path,
                    t!("unsafe-link", link = url, scheme = scheme),
                )
                .at(line, column)
                .with_help(t!("unsafe-link-help")),
            );
        }
    }
}

/// Two things may not write the same URL.
fn check_unique_paths(
    config: &Config,
    paths: &SitePaths,
    sections: &TiSlice<SectionId, Section>,
    pages: &TiSlice<PageId, Page>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut owners: HashMap<&str, &std::path::Path> = HashMap::new();
    let reserved: Vec<String> = config
        .taxonomies
        .keys()
        .filter_map(|name| config.taxonomy_path(name))
        .chain(paths.pages().map(str::to_owned))
        .collect();
    for path in &reserved {
        owners.insert(path, &config.file);
    }
    let places = sections
        .iter()
        .filter_map(|section| {
            section
                .file
                .as_ref()
                .map(|file| (&section.path, &file.path))
        })
        .chain(pages.iter().map(|page| (&page.path, &page.file.path)));
    for (path, file) in places {
        if paths.in_search_index(path) {
            diagnostics.push(
                Diagnostic::error(file, t!("path-in-search-index", path = path))
                    .at(1, 1)
                    .with_help(t!("path-in-search-index-help")),
            );
            continue;
        }
        match owners.get(path.as_str()) {
            Some(first) => diagnostics.push(
                Diagnostic::error(file, t!("path-taken", path = path, other = first.display()))
                    .at(1, 1)
                    .with_help(t!("path-taken-help")),
            ),
            None => {
                owners.insert(path, file);
            }
        }
    }
}

/// Why an alias cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AliasProblem {
    FullAddress,
    Dots,
    Home,
    Control,
    /// A part longer than a file name may be, in bytes.
    TooLong(usize),
}

/// The most bytes a file system allows in one file or folder name.
const NAME_LIMIT: usize = 255;

/// An alias as a site path: a folder path ending in `/`, or a file path
/// ending in `.html`, always inside the site.
fn alias_path(written: &str) -> Result<String, AliasProblem> {
    let written = written.trim();
    if written.starts_with("//") || crate::text::url::scheme(written).is_some() {
        return Err(AliasProblem::FullAddress);
    }
    let path = format!("/{}", written.trim_start_matches('/'));
    if path.split('/').any(|part| part == ".." || part == ".") {
        return Err(AliasProblem::Dots);
    }
    if path == "/" {
        return Err(AliasProblem::Home);
    }
    if path.chars().any(char::is_control) {
        return Err(AliasProblem::Control);
    }
    if let Some(long) = path
        .split('/')
        .map(str::len)
        .find(|&bytes| bytes > NAME_LIMIT)
    {
        return Err(AliasProblem::TooLong(long));
    }
    let is_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.ends_with(".html") || last.ends_with(".htm"));
    Ok(if is_file || path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    })
}

/// Puts pages in listing order: dated items newest first, then by weight,
/// then by title.
pub fn sort_listing(listing: &mut [PageId], ranks: &TiSlice<PageId, usize>) {
    listing.sort_unstable_by_key(|&page| ranks[page]);
}

/// Each page's place in the one order every listing follows: dated items
/// first, newest first; then by weight; then by title with diacritics
/// folded, so "Đ" sorts with "D" rather than after "Z". Sorting the whole
/// site once lets each listing sort by a number.
pub fn listing_ranks(pages: &TiSlice<PageId, Page>) -> TiVec<PageId, usize> {
    use rayon::slice::ParallelSliceMut;
    let mut order: Vec<PageId> = pages.keys().collect();
    // Slugging every title is most of the work; paths are unique, so the
    // order is the same on any number of threads.
    order.par_sort_by_cached_key(|&id| {
        let page = &pages[id];
        // An item's slug is its title's unless the writer gave one.
        let title_key = match page.front.slug {
            None => std::borrow::Cow::Borrowed(page.slug.as_str()),
            Some(_) => std::borrow::Cow::Owned(slugify(&page.title)),
        };
        (
            page.date.is_none(),
            std::cmp::Reverse(page.date),
            page.front.weight.unwrap_or(i64::MAX),
            title_key,
            page.path.as_str(),
        )
    });
    let mut ranks: TiVec<PageId, usize> = vec![0; pages.len()].into();
    for (rank, id) in order.into_iter().enumerate() {
        ranks[id] = rank;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::{AliasProblem, alias_path};

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(alias_path("tin/cu"), Ok("/tin/cu/".to_owned()));
        assert_eq!(alias_path("/tin/123.html"), Ok("/tin/123.html".to_owned()));
        assert!(alias_path("https://x.vn/a").is_err());
        assert_eq!(
            alias_path("javascript:alert(3)"),
            Err(AliasProblem::FullAddress)
        );
        assert!(alias_path("/a/../../etc").is_err());
        assert!(alias_path("/").is_err());
    }
}
