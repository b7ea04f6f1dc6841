//! Incremental builds for `serve`: the build's own pipeline, run into the
//! live folder ([`LiveFolder`]), which produces only the outputs whose
//! digest changed and removes those the site no longer has. What is kept
//! between runs is what lets a run skip work: the readings of files and
//! rendered bodies, the theme, and after an edit of one item's text the
//! model and plan of the last run, so that only outputs that read that
//! item's body are asked about. A run with errors changes nothing in the
//! folder, so the last good pages stay served.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::load::slash_path;
use crate::messages::Message;
use typed_index_collections::TiVec;

use crate::model::{PageId, Site};
use crate::output::{JobId, Producer, page_job};
use crate::render::{RenderedBodies, links, render_page};
use crate::report::Cadence;
use crate::site::{
    BuildOptions, Caches, LoadedTheme, Phases, Planned, Prepared, Routes, checked, load_theme,
    plan_outputs, prepare_with, publish, publish_search,
};
use crate::t;
use crate::write::LiveFolder;

/// What one build of a session did.
#[derive(Debug)]
pub struct Outcome {
    /// Content files read from disk.
    pub read: usize,
    /// Markdown bodies rendered (the others were unchanged).
    pub bodies: usize,
    /// Outputs rendered and written, out of all the site's outputs.
    pub written: Vec<String>,
    pub total: usize,
    pub removed: usize,
    pub copied: usize,
    pub warnings: Vec<Diagnostic>,
    pub cadence: Option<Cadence>,
    pub elapsed: Duration,
    /// Time spent in each part of the build, in order.
    pub phases: Vec<(Message, Duration)>,
}

/// An edit that changed only the text of one published item.
#[derive(Debug, Clone)]
struct Edit {
    page: PageId,
    /// The documents the item mentioned before the edit.
    mentions: Vec<String>,
    /// The images it showed before the edit: showing another photo adds
    /// the files made of it, which only planning again finds.
    images: Vec<String>,
}

/// The outputs of the last good build, with which read each page's body.
struct Plan {
    routes: Routes,
    /// Every file the build writes or copies, for link checks.
    outputs: BTreeSet<String>,
    /// For each page, the jobs that read its body.
    readers: TiVec<PageId, Vec<JobId>>,
}

impl Plan {
    fn note_reads(&mut self, reads: Vec<(JobId, Vec<PageId>)>) {
        for (job, pages) in reads {
            for page in pages {
                let readers = &mut self.readers[page];
                if readers.last() != Some(&job) && !readers.contains(&job) {
                    readers.push(job);
                }
            }
        }
    }
}

/// The state of a `serve` session between builds.
pub struct Engine {
    options: BuildOptions,
    caches: Caches,
    /// The model of the last build, kept for edits that change only the
    /// text of one item.
    site: Option<Site>,
    /// The rendered bodies of that model.
    bodies: Option<RenderedBodies>,
    /// The outputs of the last good build.
    plan: Option<Plan>,
    theme: Option<LoadedTheme>,
    /// The folder served, less the search index.
    pages: LiveFolder,
    /// The search index in that folder, written after the pages so that an
    /// edit shows without waiting for it.
    search: LiveFolder,
    search_stale: bool,
    output: PathBuf,
}

/// Where a changed file sits in the site, which decides what to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Content,
    /// The config, which names the theme, or the theme's own files.
    Theme,
    Other,
}

impl Engine {
    /// A session building into `output`, a folder of its own.
    pub fn new(options: BuildOptions, output: PathBuf) -> Result<Engine, Error> {
        Ok(Engine {
            options,
            caches: Caches::default(),
            site: None,
            bodies: None,
            plan: None,
            theme: None,
            pages: LiveFolder::new(&output, "pages")?,
            search: LiveFolder::new(&output, "search")?,
            search_stale: false,
            output,
        })
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    fn place(&self, path: &Path) -> Place {
        let root = &self.options.load.root;
        let config = self.options.load.config_path();
        if path.starts_with(root.join("content")) {
            Place::Content
        } else if path == config
            || path.starts_with(root.join("templates"))
            || path.starts_with(root.join("themes"))
            || path.starts_with(root.join("i18n"))
        {
            Place::Theme
        } else {
            Place::Other
        }
    }

    /// Forgets everything kept between builds: the next one reads,
    /// renders and writes the whole site, as the first did.
    pub fn start_afresh(&mut self) {
        self.caches = Caches::default();
        self.site = None;
        self.bodies = None;
        self.plan = None;
        self.theme = None;
        self.pages.abandon();
        self.pages.forget();
        self.search.abandon();
        self.search.forget();
        self.search_stale = false;
    }

    /// Builds after `changed` files changed; the first build of a session
    /// passes nothing and builds everything.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Outcome, Error> {
        let started = Instant::now();
        let root = self.options.load.root.clone();
        if let Some((site, id)) = self.body_only_change(changed)
            && let Some(mut bodies) = self.bodies.take()
        {
            let mut found = Vec::new();
            let edit = Edit {
                page: id,
                mentions: bodies.pages[id].mentions.clone(),
                images: bodies.pages[id].images.clone(),
            };
            bodies.pages[id] = render_page(&site, id, &mut found);
            return self.finish(site, bodies, Diagnostics::from(found), started, Some(edit));
        }
        self.bodies = None;
        self.plan = None;
        for path in changed {
            match self.place(path) {
                Place::Content => {
                    if let Ok(inside) = path.strip_prefix(root.join("content")) {
                        self.caches.documents.mark_changed(&root, inside);
                    }
                }
                // The config names the theme; the readings of content
                // files do not depend on it, and the bodies' cache knows
                // the settings each body was rendered with.
                Place::Theme => self.theme = None,
                // Data files are read again by every run.
                Place::Other => {}
            }
        }
        let Prepared {
            site,
            bodies,
            diagnostics,
        } = prepare_with(&self.options, Some(&mut self.caches))?;
        self.finish(site, bodies, diagnostics, started, None)
    }

    /// The model updated in place when the only change is the text of one
    /// published item, the commonest edit: nothing else about the site can
    /// have changed, so reading every file and modelling again is skipped.
    fn body_only_change(&mut self, changed: &[PathBuf]) -> Option<(Site, PageId)> {
        let [path] = changed else { return None };
        let content = self.options.load.root.join("content");
        let inside = path
            .strip_prefix(&content)
            .ok()
            .filter(|_| path.is_file())?;
        let content_path = slash_path(inside);
        let mut site = self.site.take()?;
        // The clock moved since the last build: if an item's time came in
        // between, more than one item's text changed what readers see.
        if self.options.now.is_none() {
            let now = chrono::Utc::now().with_timezone(&site.config.time_zone);
            let passed =
                |date: &chrono::DateTime<chrono_tz::Tz>| *date > site.rules.now && *date <= now;
            if site
                .pages
                .iter()
                .filter_map(|page| page.date.as_ref())
                .any(passed)
                || site.scheduled.iter().any(|(date, _)| passed(date))
            {
                return None;
            }
            site.rules.now = now;
        }
        let id = site
            .pages
            .position(|page| page.file.content_path == content_path)?;
        let Some(Ok((document, warnings))) = self
            .caches
            .documents
            .reread(&self.options.load.root, &content_path)
        else {
            return None;
        };
        let page = &mut site.pages[id];
        if *document.front != *page.front || !warnings.is_empty() {
            return None;
        }
        page.body = std::sync::Arc::clone(&document.body);
        page.body_line = document.body_line;
        page.key_lines = std::sync::Arc::clone(&document.key_lines);
        page.revision = document.revision;
        Some((site, id))
    }

    /// The rest of a build once the site is modelled and its bodies
    /// rendered: the build's own stages, into the live folder.
    fn finish(
        &mut self,
        site: Site,
        bodies: RenderedBodies,
        mut diagnostics: Diagnostics,
        started: Instant,
        edit: Option<Edit>,
    ) -> Result<Outcome, Error> {
        let mut phases = Phases::new(started);
        phases.mark(t!("phase-read-model"));
        if self.theme.is_none() {
            self.theme = load_theme(&site, &mut diagnostics);
        }
        let (theme, cadence) = checked(&site, self.theme.as_ref(), &mut diagnostics)?;
        let bodies_rendered = match edit {
            Some(_) => 1,
            None => self.caches.bodies.rendered_last(),
        };
        let kept = self.plan.take();
        let (planned, only, outputs, readers) = match (edit, kept) {
            // One item's text changed: the outputs are the same files as
            // before, and only those that read its body can change.
            (Some(edit), Some(plan)) if edit.images == bodies.pages[edit.page].images => {
                let producer = Producer::new(&site, &bodies, &theme.templates, &theme.strings)
                    .keeping_cards(&self.caches.cards);
                diagnostics.extend(links::check(&site, &bodies, &plan.outputs));
                if diagnostics.has_errors() {
                    return Err(Error::Site(diagnostics.into_sorted()));
                }
                let mut only: Vec<JobId> = plan.readers.get(edit.page).cloned().unwrap_or_default();
                // A summary lists the items that mention it: the edit may
                // add or remove a mention.
                only.extend(
                    edit.mentions
                        .iter()
                        .chain(&bodies.pages[edit.page].mentions)
                        .filter_map(|key| site.legal.by_key.get(key))
                        .map(|&summary| page_job(summary)),
                );
                only.sort_unstable();
                only.dedup();
                let Plan {
                    routes,
                    outputs,
                    readers,
                } = plan;
                (Planned { producer, routes }, Some(only), outputs, readers)
            }
            _ => {
                let (planned, outputs) = plan_outputs(
                    &site,
                    &bodies,
                    theme,
                    Some(&self.caches.cards),
                    &mut diagnostics,
                )?;
                let readers = vec![Vec::new(); site.pages.len()].into();
                (planned, None, outputs, readers)
            }
        };
        phases.mark(t!("phase-plan-check"));
        let published = publish(
            &planned,
            only.as_deref(),
            &self.pages,
            None,
            &mut diagnostics,
        )
        .and_then(|reads| diagnostics.into_result().map(|warnings| (reads, warnings)));
        let (reads, warnings) = match published {
            Ok(done) => done,
            Err(error) => {
                self.pages.abandon();
                return Err(error);
            }
        };
        let changes = self.pages.commit(only.is_none())?;
        phases.mark(t!("phase-render-write"));
        let Planned { producer, routes } = planned;
        let cards = producer.cards_made();
        drop(producer);
        self.caches.cards.keep(cards, site.pages.len());
        let mut plan = Plan {
            routes,
            outputs,
            readers,
        };
        plan.note_reads(reads);
        let copied = changes
            .written
            .iter()
            .filter(|path| plan.routes.copies.contains_key(*path))
            .count();
        let outcome = Outcome {
            read: self.caches.documents.read_last(),
            bodies: bodies_rendered,
            total: plan.routes.jobs.len(),
            // The outputs made, not the files copied.
            written: changes
                .written
                .into_iter()
                .filter(|path| !plan.routes.copies.contains_key(path))
                .collect(),
            removed: changes.removed,
            copied,
            warnings,
            cadence,
            elapsed: started.elapsed(),
            phases: phases.into_shares(),
        };
        self.search_stale = true;
        self.plan = Some(plan);
        self.site = Some(site);
        self.bodies = Some(bodies);
        Ok(outcome)
    }

    /// Whether the search index is behind the last good build.
    pub fn search_stale(&self) -> bool {
        self.search_stale && self.site.is_some()
    }

    /// Brings the search index up to date with the last good build: its
    /// changed files are written and those no longer made removed (all of
    /// them when search was turned off). `serve` calls this once edits
    /// pause, so an edit shows without waiting for the index; when `stop`
    /// says another edit came in, the index is left as it was, still
    /// stale, and [`Error::Interrupted`] returned. Returns how many files
    /// were written.
    pub fn refresh_search(&mut self, stop: &(dyn Fn() -> bool + Sync)) -> Result<usize, Error> {
        let (Some(site), Some(bodies), Some(theme)) = (&self.site, &self.bodies, &self.theme)
        else {
            return Ok(0);
        };
        if !self.search_stale {
            return Ok(0);
        }
        if let Err(error) = publish_search(site, bodies, &theme.strings, &self.search, stop) {
            self.search.abandon();
            return Err(error);
        }
        let changes = self.search.commit(true)?;
        self.search_stale = false;
        Ok(changes.written.len())
    }
}
