//! Render: Markdown bodies to HTML, and the theme's templates ready to fill.
//!
//! `markdown` turns each body into HTML (in parallel, one page per task),
//! with `raw_html` sanitizing what writers wrote as HTML;
//! `templates` loads the theme and the site's overrides into Tera with loa's
//! filters; `i18n` reads the theme's interface strings.

pub mod i18n;
pub mod images;
pub mod links;
pub mod markdown;
pub mod minify;
pub mod raw_html;
mod recursion;
pub mod templates;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use typed_index_collections::TiVec;

use crate::error::Diagnostic;
use crate::load::config::MentionLinks;
use crate::model::legal::number_key;
use crate::model::{PageId, SectionId, Site};
use markdown::{LinkTargets, RenderedMarkdown, Source};

/// The rendered body of every page and section of a [`Site`].
#[derive(Debug, Default, Clone)]
pub struct RenderedBodies {
    pub pages: TiVec<PageId, Arc<RenderedMarkdown>>,
    pub sections: TiVec<SectionId, Arc<RenderedMarkdown>>,
}

/// Bodies rendered by earlier builds of a `serve` session. A body is
/// reused while its file's reading is the same and nothing it reads from
/// other pages (their URLs, which items are published, the legal register)
/// has changed.
#[derive(Default)]
pub struct BodyCache {
    context: u64,
    entries: FxHashMap<CacheKey, Rendered>,
    rendered: usize,
}

impl BodyCache {
    /// How many bodies the last build rendered anew (not taken from here).
    pub fn rendered_last(&self) -> usize {
        self.rendered
    }
}

/// The fingerprint of a body's file (`content/` path), its reading, and
/// the document number of the summary it is, if any: looked up for every
/// body of every build of a session, so a number rather than the texts.
type CacheKey = u64;

/// A rendered body with the problems found in it and the
/// [`lookups_digest`] it was rendered with.
type Rendered = (Arc<RenderedMarkdown>, Vec<Diagnostic>, u64);

/// One body of a build: rendered now or taken from the cache.
struct BodyResult {
    rendered: Arc<RenderedMarkdown>,
    found: Vec<Diagnostic>,
    /// `None` for bodies never cached (plain builds).
    key: Option<CacheKey>,
    /// Its [`lookups_digest`], for a body cached.
    lookups: u64,
    fresh: bool,
}

/// What `@/` links and document mentions resolve to in this site.
fn link_targets(site: &Site) -> LinkTargets<'_> {
    let mut urls: FxHashMap<&str, String> = site
        .pages
        .iter()
        .map(|page| {
            (
                page.file.content_path.as_str(),
                site.config.url_for(&page.path),
            )
        })
        .collect();
    for section in &site.sections {
        if let Some(file) = &section.file {
            urls.insert(
                file.content_path.as_str(),
                site.config.url_for(&section.path),
            );
        }
    }
    LinkTargets {
        urls,
        unpublished: &site.unpublished,
        base_path: site.config.base_path(),
        documents: site
            .legal
            .by_key
            .iter()
            .map(|(key, &page)| (key.clone(), site.config.url_for(&site.pages[page].path)))
            .collect(),
        document_files: site
            .legal
            .by_key
            .iter()
            .map(|(key, &page)| (site.pages[page].file.content_path.as_str(), key.clone()))
            .collect(),
        link_every_mention: site.config.legal.link == MentionLinks::Every,
        pictures: Some(markdown::pictures::Pictures {
            catalogue: &site.images,
            config: &site.config.images,
        }),
    }
}

/// The number key of the document a page summarises, when it is one.
fn own_document(site: &Site, page: PageId) -> Option<String> {
    site.pages[page]
        .front
        .number
        .as_deref()
        .map(number_key)
        .filter(|key| site.legal.by_key.get(key) == Some(&page))
}

/// Renders the body of one page alone, for an edit that changed nothing
/// but that body: every other body stays as it was.
pub fn render_page(
    site: &Site,
    id: PageId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Arc<RenderedMarkdown> {
    let targets = link_targets(site);
    let page = &site.pages[id];
    let source = Source {
        file: &page.file.path,
        page_path: &page.path,
        body: &page.body,
        first_line: page.body_line,
        own_document: own_document(site, id),
        undescribed: crate::model::images::undescribed_in_front(&page.front, &page.key_lines),
    };
    Arc::new(markdown::render(
        &source,
        &targets,
        &writing(site),
        diagnostics,
    ))
}

fn writing(site: &Site) -> markdown::Writing {
    let config = &site.config;
    markdown::Writing {
        raw_html: if config.markdown.unsafe_html {
            raw_html::Treatment::AsWritten
        } else {
            raw_html::Treatment::Sanitize
        },
        policy: raw_html::Policy::new(&config.markdown.embed_hosts),
        minify: config.minify,
        alert_titles: markdown::Writing::alert_titles(&config.language),
    }
}

/// A hash of what every body's rendering reads of the site besides its
/// own text and the targets it looks up: how bodies are written, from the
/// config.
fn rendering_context(site: &Site, targets: &LinkTargets) -> u64 {
    let config = &site.config;
    let mut hasher = crate::fingerprint::hasher();
    (targets.base_path, targets.link_every_mention).hash(&mut hasher);
    (
        config.markdown.unsafe_html,
        &config.markdown.embed_hosts,
        config.minify,
        &config.language,
        &config.images.widths,
        &config.images.sizes,
    )
        .hash(&mut hasher);
    hasher.finish()
}

/// A hash of what the targets a body looked up resolve to: its `@/` links
/// and the documents it mentions. A body is rendered again only when one of
/// them changed, so adding or removing an item renders again only the
/// bodies that link to it or mention it.
fn lookups_digest(body: &RenderedMarkdown, page_path: &str, targets: &LinkTargets) -> u64 {
    let mut hasher = crate::fingerprint::hasher();
    for file in &body.content_links {
        (
            targets.urls.get(file.as_str()),
            targets.unpublished.get(file).map(|reason| *reason as u8),
            targets.document_files.get(file.as_str()),
        )
            .hash(&mut hasher);
    }
    for key in &body.mentions {
        targets.documents.get(key).hash(&mut hasher);
    }
    if let Some(pictures) = &targets.pictures {
        for written in &body.images {
            // A body shows a photo as a picture from what its header says.
            crate::model::images::site_path_of(page_path, written)
                .and_then(|path| pictures.catalogue.find(&path))
                .map(|id| pictures.catalogue.files[id].probe().ok())
                .hash(&mut hasher);
        }
    }
    for mention in &body.unknown_mentions {
        targets
            .documents
            .get(&number_key(&mention.number))
            .hash(&mut hasher);
    }
    hasher.finish()
}

/// Renders every body of the site, reusing what `cache` holds when given.
pub fn render_bodies(
    site: &Site,
    cache: Option<&mut BodyCache>,
    diagnostics: &mut Vec<Diagnostic>,
) -> RenderedBodies {
    let targets = link_targets(site);
    let writing = writing(site);
    let mut unused = BodyCache::default();
    let cache = cache.unwrap_or(&mut unused);
    let context = rendering_context(site, &targets);
    if cache.context != context {
        cache.entries.clear();
        cache.context = context;
    }
    let previous = &cache.entries;

    // Returns the rendered body, its diagnostics, its cache key (revision 0,
    // a plain build, is never cached), and whether it was rendered anew.
    let render_one = |content_path: &str,
                      revision: u64,
                      page_path: &str,
                      file: &std::path::Path,
                      body: &str,
                      first_line: usize,
                      own_document: Option<String>,
                      undescribed: Vec<crate::model::images::Undescribed>| {
        let key: Option<CacheKey> = (revision != 0)
            .then(|| crate::fingerprint::of(&(content_path, revision, own_document.as_deref())));
        if let Some((rendered, found, lookups)) = key.as_ref().and_then(|key| previous.get(key))
            && lookups_digest(rendered, page_path, &targets) == *lookups
        {
            return BodyResult {
                rendered: Arc::clone(rendered),
                found: found.clone(),
                key,
                lookups: *lookups,
                fresh: false,
            };
        }
        let mut found = Vec::new();
        let source = Source {
            file,
            page_path,
            body,
            first_line,
            own_document,
            undescribed,
        };
        let rendered = Arc::new(markdown::render(&source, &targets, &writing, &mut found));
        let lookups = match key {
            Some(_) => lookups_digest(&rendered, page_path, &targets),
            None => 0,
        };
        BodyResult {
            rendered,
            found,
            key,
            lookups,
            fresh: true,
        }
    };
    let pages: Vec<_> = site
        .pages
        .raw
        .par_iter()
        .enumerate()
        .map(|(position, page)| {
            let own = own_document(site, PageId::from(position));
            render_one(
                &page.file.content_path,
                page.revision,
                &page.path,
                &page.file.path,
                &page.body,
                page.body_line,
                own,
                crate::model::images::undescribed_in_front(&page.front, &page.key_lines),
            )
        })
        .collect();
    let sections: Vec<_> = site
        .sections
        .iter()
        .map(|section| match &section.file {
            Some(file) => render_one(
                &file.content_path,
                section.revision,
                &section.path,
                &file.path,
                &section.body,
                section.body_line,
                None,
                crate::model::images::undescribed_in_front(&section.front, &section.key_lines),
            ),
            None => render_one(
                "",
                0,
                &section.path,
                std::path::Path::new("content"),
                &section.body,
                section.body_line,
                None,
                Vec::new(),
            ),
        })
        .collect();
    let mut entries = FxHashMap::default();
    let mut rendered_anew = 0;
    let mut keep = |results: Vec<BodyResult>| {
        results
            .into_iter()
            .map(
                |BodyResult {
                     rendered,
                     found,
                     key,
                     lookups,
                     fresh,
                 }| {
                    rendered_anew += usize::from(fresh);
                    diagnostics.extend(found.iter().cloned());
                    if let Some(key) = key {
                        entries.insert(key, (Arc::clone(&rendered), found, lookups));
                    }
                    rendered
                },
            )
            .collect::<Vec<_>>()
    };
    let pages = keep(pages).into();
    let sections = keep(sections).into();
    cache.entries = entries;
    cache.rendered = rendered_anew;
    RenderedBodies { pages, sections }
}
