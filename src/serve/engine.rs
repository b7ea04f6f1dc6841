//! Incremental builds for `serve`: after an edit, only changed files are
//! read, only changed bodies rendered, and only the outputs whose inputs
//! changed rendered and written; outputs that no longer exist are removed.
//! A build with errors writes nothing, so the last good pages stay served.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::load::slash_path;
use crate::model::Site;
use crate::render::templates::Templates;
use crate::render::{RenderedBodies, render_page};
use crate::report::{self, Cadence};
use crate::site::{
    BuildOptions, Caches, Planned, Prepared, collect_results, load_theme, plan_outputs,
    prepare_with,
};

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
    pub phases: Vec<(&'static str, Duration)>,
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
    theme: Option<(BTreeMap<String, String>, Templates)>,
    /// Every output in the folder, with the digest it was made from.
    written: HashMap<String, u64>,
    /// Every copied file, with the size and time of the source copied.
    copied: HashMap<String, (PathBuf, u64, Option<SystemTime>)>,
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
            theme: None,
            written: HashMap::new(),
            copied: HashMap::new(),
        }
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    fn place(&self, path: &Path) -> Place {
        let root = &self.options.load.root;
        let config = self
            .options
            .load
            .config
            .clone()
            .unwrap_or_else(|| root.join("site-config.yaml"));
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
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Outcome, Error> {
        let started = Instant::now();
        let root = self.options.load.root.clone();
        if let Some((site, index)) = self.body_only_change(changed)
            && let Some(mut bodies) = self.bodies.take()
        {
            let mut found = Vec::new();
            bodies.pages[index] = render_page(&site, index, &mut found);
            return self.finish(site, bodies, Diagnostics::from(found), started, 1);
        }
        self.bodies = None;
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
        let rendered = self.caches.bodies.rendered_last();
        self.finish(site, bodies, diagnostics, started, rendered)
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
        rendered: usize,
    ) -> Result<Outcome, Error> {
        let mut phases = vec![("read and model", started.elapsed())];
        if self.theme.is_none() {
            self.theme = load_theme(&site, &mut diagnostics);
        }
        let cadence = report::cadence(&site);
        diagnostics.extend(cadence.as_ref().and_then(|cadence| cadence.verdict(&site)));
        let Some((strings, templates)) = self.theme.as_ref().filter(|_| !diagnostics.has_errors())
        else {
            return Err(Error::Site(diagnostics.into_sorted()));
        };
        let Planned {
            producer,
            jobs,
            copies,
            paths,
        } = plan_outputs(&site, &bodies, templates, strings, &mut diagnostics)?;
        phases.push(("plan and check", started.elapsed()));
        let digests = producer.digests(&jobs, &paths);
        let stale: Vec<(usize, String)> = paths
            .iter()
            .zip(&digests)
            .enumerate()
            .filter(|(_, (path, digest))| self.written.get(*path) != Some(*digest))
            .map(|(index, (path, _))| (index, path.clone()))
            .collect();
        phases.push(("compare", started.elapsed()));
        let output = &self.output;
        let produced: Vec<Result<(), Error>> = stale
            .par_iter()
            .map(|&(index, _)| {
                let produced = producer.produce(jobs[index])?;
                write_file(output, &produced.path, &produced.bytes)
            })
            .collect();
        collect_results(produced, &mut diagnostics)?;
        let warnings = diagnostics.into_result()?;
        // Everything rendered: the state moves on.
        let current: HashMap<String, u64> = paths.into_iter().zip(digests).collect();
        let mut removed = 0;
        for path in self
            .written
            .keys()
            .filter(|path| !current.contains_key(*path) && !copies.contains_key(*path))
        {
            if fs::remove_file(output.join(path)).is_ok() {
                removed += 1;
            }
        }
        self.written = current;
        let copied = copy_changed(
            &self.output,
            &mut self.copied,
            &self.written,
            &copies,
            &mut removed,
        )?;
        phases.push(("render and write", started.elapsed()));
        // Each phase's own share, rather than time since the start.
        let mut before = Duration::ZERO;
        for (_, at) in &mut phases {
            let end = *at;
            *at = end - before;
            before = end;
        }
        let outcome = Ok(Outcome {
            read: self.caches.documents.read_last(),
            bodies: rendered,
            written: stale.into_iter().map(|(_, path)| path).collect(),
            total: jobs.len(),
            removed,
            copied,
            warnings,
            cadence,
            elapsed: started.elapsed(),
            phases,
        });
        drop(producer);
        self.site = Some(site);
        self.bodies = Some(bodies);
        outcome
    }
}

/// Copies static and bundle files that are new or changed, and removes
/// those that went away.
fn copy_changed(
    output: &Path,
    previous: &mut HashMap<String, (PathBuf, u64, Option<SystemTime>)>,
    written: &HashMap<String, u64>,
    copies: &BTreeMap<String, PathBuf>,
    removed: &mut usize,
) -> Result<usize, Error> {
    let mut now = HashMap::with_capacity(copies.len());
    let mut copied = 0;
    for (relative, source) in copies {
        let metadata = fs::metadata(source).ok();
        let stamp = (
            source.clone(),
            metadata.as_ref().map_or(0, |m| m.len()),
            metadata.and_then(|m| m.modified().ok()),
        );
        if previous.get(relative) != Some(&stamp) {
            let target = output.join(relative);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            fs::copy(source, &target).map_err(|e| Error::io(source, e))?;
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

fn write_file(output: &Path, relative: &str, bytes: &[u8]) -> Result<(), Error> {
    let target = output.join(relative);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    fs::write(&target, bytes).map_err(|e| Error::io(&target, e))
}
