//! Incremental builds for `serve`: after an edit, only changed files are
//! read, only changed bodies rendered, and only the outputs whose inputs
//! changed rendered and written; outputs that no longer exist are removed.
//! A build with errors writes nothing, so the last good pages stay served.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::load::slash_path;
use crate::load::theme::Source;
use crate::messages::Message;
use crate::model::Site;
use crate::output::digest::Reads;
use crate::output::{Job, Producer};
use crate::render::{RenderedBodies, links, render_page};
use crate::report::{self, Cadence};
use crate::site::{
    BuildOptions, Caches, LoadedTheme, Planned, Prepared, collect_results, load_theme,
    plan_outputs, prepare_with,
};
use crate::t;

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
    page: usize,
    /// The documents the item mentioned before the edit.
    mentions: Vec<String>,
}

/// The outputs of the last build, with what each digest read.
struct Plan {
    jobs: Vec<Job>,
    paths: Vec<String>,
    copies: BTreeMap<String, Source>,
    /// Every file the build writes or copies, for link checks.
    outputs: BTreeSet<String>,
    digests: Vec<u64>,
    /// For each page, the jobs whose digest read it.
    readers: Vec<Vec<usize>>,
    /// Jobs whose digest read every page.
    read_all: Vec<usize>,
}

impl Plan {
    fn new(
        jobs: Vec<Job>,
        paths: Vec<String>,
        copies: BTreeMap<String, Source>,
        pages: usize,
    ) -> Plan {
        let outputs = paths.iter().chain(copies.keys()).cloned().collect();
        Plan {
            digests: Vec::with_capacity(jobs.len()),
            jobs,
            paths,
            copies,
            outputs,
            readers: vec![Vec::new(); pages],
            read_all: Vec::new(),
        }
    }

    fn note_reads(&mut self, job: usize, reads: Reads) {
        match reads {
            Reads::All => {
                if !self.read_all.contains(&job) {
                    self.read_all.push(job);
                }
            }
            Reads::Pages(pages) => {
                for page in pages {
                    let readers = &mut self.readers[page];
                    if readers.last() != Some(&job) && !readers.contains(&job) {
                        readers.push(job);
                    }
                }
            }
        }
    }
}

/// The state of a `serve` session between builds.
pub struct Engine {
    options: BuildOptions,
    output: PathBuf,
    caches: Caches,
    /// The model of the last build, kept for edits that change only the
    /// text of one item.
    site: Option<Site>,
    /// The rendered bodies of that model.
    bodies: Option<RenderedBodies>,
    /// The outputs of the last good build.
    plan: Option<Plan>,
    theme: Option<LoadedTheme>,
    /// Every output in the folder, with the digest it was made from.
    written: HashMap<String, u64>,
    /// Every copied file, with the size and time of the source copied.
    copied: HashMap<String, (Source, u64, Option<SystemTime>)>,
    /// Every file of the search index in the folder, with a hash of its
    /// bytes, and whether the index is older than the last build.
    search_written: HashMap<String, u64>,
    search_stale: bool,
}

/// Where a changed file sits in the site, which decides what to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Content,
    Theme,
    Config,
    Other,
}

impl Engine {
    /// A session building into `output`, a folder of its own.
    pub fn new(options: BuildOptions, output: PathBuf) -> Engine {
        Engine {
            options,
            output,
            caches: Caches::default(),
            site: None,
            bodies: None,
            plan: None,
            theme: None,
            written: HashMap::new(),
            copied: HashMap::new(),
            search_written: HashMap::new(),
            search_stale: false,
        }
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    fn place(&self, path: &Path) -> Place {
        let root = &self.options.load.root;
        let config = self.options.load.config_path();
        if path == config || path.starts_with(root.join("data")) {
            Place::Config
        } else if path.starts_with(root.join("content")) {
            Place::Content
        } else if path.starts_with(root.join("templates"))
            || path.starts_with(root.join("themes"))
            || path.starts_with(root.join("i18n"))
        {
            Place::Theme
        } else {
            Place::Other
        }
    }

    /// Builds after `changed` files changed; the first build of a session
    /// passes nothing and builds everything.
    /// Forgets everything kept between builds: the next one reads and
    /// renders the whole site, as the first did.
    pub fn start_afresh(&mut self) {
        *self = Engine::new(self.options.clone(), self.output.clone());
    }

    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Outcome, Error> {
        let started = Instant::now();
        let root = self.options.load.root.clone();
        if let Some((site, index)) = self.body_only_change(changed)
            && let Some(mut bodies) = self.bodies.take()
        {
            let mut found = Vec::new();
            let edit = Edit {
                page: index,
                mentions: bodies.pages[index].mentions.clone(),
            };
            bodies.pages[index] = render_page(&site, index, &mut found);
            return self.finish(site, bodies, Diagnostics::from(found), started, Some(edit));
        }
        self.bodies = None;
        self.plan = None;
        for path in changed {
            match self.place(path) {
                Place::Content => {
                    if let Ok(inside) = path.strip_prefix(root.join("content")) {
                        self.caches
                            .documents
                            .mark_changed(slash_path(inside), path.is_file());
                    }
                }
                Place::Theme => self.theme = None,
                // The config and data reach every page.
                Place::Config => {
                    self.caches.documents.clear();
                    self.theme = None;
                }
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
    fn body_only_change(&mut self, changed: &[PathBuf]) -> Option<(Site, usize)> {
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
        let index = site
            .pages
            .iter()
            .position(|page| page.file.content_path == content_path)?;
        let Some(Ok((document, warnings))) = self
            .caches
            .documents
            .reread(&self.options.load.root, &content_path)
        else {
            return None;
        };
        let page = &mut site.pages[index];
        if *document.front != *page.front || !warnings.is_empty() {
            return None;
        }
        page.body = std::sync::Arc::clone(&document.body);
        page.body_line = document.body_line;
        page.key_lines = std::sync::Arc::clone(&document.key_lines);
        page.revision = document.revision;
        Some((site, index))
    }

    /// The rest of a build once the site is modelled and its bodies rendered.
    fn finish(
        &mut self,
        site: Site,
        bodies: RenderedBodies,
        mut diagnostics: Diagnostics,
        started: Instant,
        edit: Option<Edit>,
    ) -> Result<Outcome, Error> {
        let mut phases = vec![(t!("phase-read-model"), started.elapsed())];
        if self.theme.is_none() {
            self.theme = load_theme(&site, &mut diagnostics);
        }
        let cadence = report::cadence(&site);
        diagnostics.extend(cadence.as_ref().and_then(|cadence| cadence.verdict(&site)));
        let Some(theme) = self.theme.as_ref().filter(|_| !diagnostics.has_errors()) else {
            return Err(Error::Site(diagnostics.into_sorted()));
        };
        let bodies_rendered = if edit.is_some() {
            1
        } else {
            self.caches.bodies.rendered_last()
        };
        let fast = edit.is_some() && self.plan.is_some();
        let (producer, plan, stale) = match (edit, self.plan.take()) {
            // One item's text changed: the outputs are the same files as
            // before, and only digests that read that item can change.
            (Some(edit), Some(mut plan)) => {
                let producer = Producer::new(&site, &bodies, &theme.templates, &theme.strings);
                diagnostics.extend(links::check(&site, &bodies, &plan.outputs));
                if diagnostics.has_errors() {
                    return Err(Error::Site(diagnostics.into_sorted()));
                }
                phases.push((t!("phase-plan-check"), started.elapsed()));
                let digester = producer.digester();
                let mut candidates: Vec<usize> =
                    plan.readers.get(edit.page).cloned().unwrap_or_default();
                candidates.extend(&plan.read_all);
                // A summary's "mentioned in" list changes when the edit adds
                // or removes a mention; its page is job number `summary`.
                candidates.extend(
                    edit.mentions
                        .iter()
                        .chain(&bodies.pages[edit.page].mentions)
                        .filter_map(|key| site.legal.by_key.get(key)),
                );
                candidates.sort_unstable();
                candidates.dedup();
                for &job in &candidates {
                    let (digest, reads) = digester.digest(plan.jobs[job], &plan.paths[job]);
                    plan.digests[job] = digest;
                    plan.note_reads(job, reads);
                }
                let stale = candidates
                    .into_iter()
                    .filter(|&job| self.written.get(&plan.paths[job]) != Some(&plan.digests[job]))
                    .collect();
                (producer, plan, stale)
            }
            _ => {
                let Planned {
                    producer,
                    jobs,
                    copies,
                    paths,
                } = plan_outputs(&site, &bodies, theme, &mut diagnostics)?;
                phases.push((t!("phase-plan-check"), started.elapsed()));
                let mut plan = Plan::new(jobs, paths, copies, site.pages.len());
                let digester = producer.digester();
                for job in 0..plan.jobs.len() {
                    let (digest, reads) = digester.digest(plan.jobs[job], &plan.paths[job]);
                    plan.digests.push(digest);
                    plan.note_reads(job, reads);
                }
                let stale = (0..plan.jobs.len())
                    .filter(|&job| self.written.get(&plan.paths[job]) != Some(&plan.digests[job]))
                    .collect();
                (producer, plan, stale)
            }
        };
        let stale: Vec<usize> = stale;
        phases.push((t!("phase-compare"), started.elapsed()));
        let output = self.output.clone();
        let mut removed = 0;
        if !fast {
            // Files of the last build that this one no longer has go first,
            // so that a folder can take the place of a removed file.
            let kept: BTreeSet<&str> = plan
                .paths
                .iter()
                .chain(plan.copies.keys())
                .map(String::as_str)
                .collect();
            let gone: Vec<String> = self
                .written
                .keys()
                .filter(|path| !kept.contains(path.as_str()))
                .cloned()
                .collect();
            for path in gone {
                self.written.remove(&path);
                if fs::remove_file(output.join(&path)).is_ok() {
                    removed += 1;
                }
            }
        }
        let produced: Vec<Result<usize, Error>> = stale
            .par_iter()
            .map_init(
                || producer.variables(),
                |vars, &job| {
                    let produced = producer.produce(plan.jobs[job], vars)?;
                    write_file(&output, &produced.path, &produced.bytes)?;
                    Ok(job)
                },
            )
            .collect();
        // What was written is on disk even if another job failed: the state
        // must say so, or undoing the edit would leave those files stale.
        for job in produced.iter().flatten() {
            self.written
                .insert(plan.paths[*job].clone(), plan.digests[*job]);
        }
        collect_results(
            produced
                .into_iter()
                .map(|result| result.map(drop))
                .collect(),
            &mut diagnostics,
        )?;
        let warnings = diagnostics.into_result()?;
        let copied = if fast {
            0
        } else {
            copy_changed(
                &output,
                &mut self.copied,
                &self.written,
                &plan.copies,
                &mut removed,
            )?
        };
        phases.push((t!("phase-render-write"), started.elapsed()));
        // Each phase's own share, rather than time since the start.
        let mut before = Duration::ZERO;
        for (_, at) in &mut phases {
            let end = *at;
            *at = end - before;
            before = end;
        }
        let outcome = Outcome {
            read: self.caches.documents.read_last(),
            bodies: bodies_rendered,
            written: stale.iter().map(|&job| plan.paths[job].clone()).collect(),
            total: plan.jobs.len(),
            removed,
            copied,
            warnings,
            cadence,
            elapsed: started.elapsed(),
            phases,
        };
        drop(producer);
        self.search_stale = true;
        self.plan = Some(plan);
        self.site = Some(site);
        self.bodies = Some(bodies);
        Ok(outcome)
    }

    /// Brings the search index up to date with the last good build, when
    /// the site has search: its changed files are written and those of
    /// tokens no longer found removed. `serve` calls this after telling
    /// pages to reload, so an edit shows without waiting for the index.
    /// Returns how many files were written.
    pub fn refresh_search(&mut self) -> Result<usize, Error> {
        let (Some(site), Some(bodies), Some(theme)) = (&self.site, &self.bodies, &self.theme)
        else {
            return Ok(0);
        };
        if !self.search_stale || crate::output::search_path(site).is_none() {
            return Ok(0);
        }
        let hash_of = |bytes: &[u8]| {
            use std::hash::BuildHasher;
            rustc_hash::FxBuildHasher.hash_one(bytes)
        };
        let before = std::mem::take(&mut self.search_written);
        let now = std::sync::Mutex::new(HashMap::with_capacity(before.len()));
        let written = std::sync::atomic::AtomicUsize::new(0);
        let output = &self.output;
        // A file is written only when its bytes changed; on an error the
        // map stays empty, so the next refresh writes every file again.
        crate::search::write(site, bodies, &theme.strings, |path, bytes| {
            let hash = hash_of(bytes);
            if before.get(path) != Some(&hash) {
                write_file(output, path, bytes)?;
                written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            now.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(path.to_owned(), hash);
            Ok::<(), Error>(())
        })?;
        let now = now
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Files of tokens no page has any more.
        for path in before.keys().filter(|path| !now.contains_key(*path)) {
            let _ = fs::remove_file(self.output.join(path));
        }
        self.search_written = now;
        self.search_stale = false;
        Ok(written.into_inner())
    }
}

/// Copies static and bundle files that are new or changed, and removes
/// those that went away.
fn copy_changed(
    output: &Path,
    previous: &mut HashMap<String, (Source, u64, Option<SystemTime>)>,
    written: &HashMap<String, u64>,
    copies: &BTreeMap<String, Source>,
    removed: &mut usize,
) -> Result<usize, Error> {
    let mut now = HashMap::with_capacity(copies.len());
    let mut copied = 0;
    for (relative, source) in copies {
        let stamp = (
            source.clone(),
            source.size().unwrap_or(0),
            source.modified(),
        );
        if previous.get(relative) != Some(&stamp) {
            let bytes = source
                .bytes()
                .map_err(|e| Error::io(&output.join(relative), e))?;
            write_file(output, relative, &bytes)?;
            copied += 1;
        }
        now.insert(relative.clone(), stamp);
    }
    for relative in previous
        .keys()
        .filter(|relative| !now.contains_key(*relative) && !written.contains_key(*relative))
    {
        if fs::remove_file(output.join(relative)).is_ok() {
            *removed += 1;
        }
    }
    *previous = now;
    Ok(copied)
}

/// Writes a file the server may be sending at that moment: the new bytes
/// go to a file beside it, which then replaces it whole.
fn write_file(output: &Path, relative: &str, bytes: &[u8]) -> Result<(), Error> {
    crate::write::writing(|| replace_file(output, relative, bytes))
}

fn replace_file(output: &Path, relative: &str, bytes: &[u8]) -> Result<(), Error> {
    let target = output.join(relative);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut writing = target.clone().into_os_string();
    writing.push(".loa-writing");
    fs::write(&writing, bytes).map_err(|e| Error::io(&target, e))?;
    fs::rename(&writing, &target).map_err(|e| Error::io(&target, e))
}
