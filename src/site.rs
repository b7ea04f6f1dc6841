//! The build, stage by stage: load → model → render → outputs → write.
//!
//! Each stage takes the previous stage's data and adds diagnostics; the
//! build stops before writing when any is an error, so every problem of the
//! site is reported at once and the previous output stays untouched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typed_index_collections::{TiSlice, TiVec};

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::load::Config;
use crate::load::images::RasterFormat;
use crate::load::theme::{Source, Theme};
use crate::load::{self, LoadOptions};
use crate::model::{self, PageId, PublishRules, Site};
use crate::output::{Job, JobId, Producer};
use crate::render::{self, RenderedBodies, i18n, links, templates::Templates};
use crate::report::{self, Cadence};
use crate::text::dates::WrittenDate;
use crate::write::{Discard, Sink, Staging};

/// What one build is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub load: LoadOptions,
    /// The output folder; `public/` in the site root when not given.
    pub output: Option<PathBuf>,
    pub include_drafts: bool,
    pub include_future: bool,
    /// Fixes "now" for publishing rules; the clock when not given.
    pub now: Option<WrittenDate>,
    /// `false` for `loa check`: every validation, nothing written.
    pub write: bool,
    /// Counts the outputs as they are made, for a progress display.
    pub progress: Option<Arc<Progress>>,
}

/// How far a build is: outputs planned and outputs made so far.
#[derive(Debug, Default)]
pub struct Progress {
    total: AtomicUsize,
    done: AtomicUsize,
}

impl Progress {
    /// (made, planned); planned is 0 until the outputs are planned.
    pub fn read(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    /// Sections, the home page not counted.
    pub sections: usize,
    pub listings: usize,
    /// Atom and RSS feeds.
    pub feeds: usize,
    /// Photos the published items (articles, news, legal summaries) show,
    /// each file once per item (see [`crate::model::images::photos_of`]).
    pub images: usize,
    pub files_written: usize,
    pub files_copied: usize,
    pub warnings: Vec<Diagnostic>,
    /// The programme's publishing cadence, when the config declares one.
    pub cadence: Option<Cadence>,
    /// Document numbers mentioned in content that have no summary, most
    /// mentioned first: candidates for new summaries.
    pub unsummarised: Vec<Unsummarised>,
    /// Items left out of this build (drafts, scheduled, expired).
    pub left_out: Vec<crate::model::LeftOut>,
    pub elapsed: Duration,
    /// How long each stage took, in order, for `--verbose`.
    pub phases: Vec<(crate::messages::Message, Duration)>,
}

/// A loaded, modelled site with its Markdown rendered: what both a build
/// and a report start from.
pub struct Prepared {
    pub site: Site,
    pub bodies: RenderedBodies,
    /// Problems found so far, errors included: the caller decides when to
    /// stop, so that one run can report everything.
    pub diagnostics: Diagnostics,
}

/// What `serve` keeps between builds so that a build after an edit reads
/// and renders only what changed.
#[derive(Default)]
pub struct Caches {
    pub documents: load::DocumentCache,
    pub bodies: render::BodyCache,
    pub cards: crate::output::CardCache,
}

/// Runs load, model and Markdown rendering with the publishing rules of
/// `options`; only a config that cannot be read fails here.
pub fn prepare(options: &BuildOptions) -> Result<Prepared, Error> {
    prepare_with(options, None)
}

/// [`prepare`], reusing and refreshing `caches` when given.
pub fn prepare_with(
    options: &BuildOptions,
    caches: Option<&mut Caches>,
) -> Result<Prepared, Error> {
    let (documents, bodies) = match caches {
        Some(caches) => (Some(&mut caches.documents), Some(&mut caches.bodies)),
        None => (None, None),
    };
    let mut found = Vec::new();
    let sources = load::load_sources(&options.load, documents, &mut found)?;
    let zone = sources.config.time_zone;
    let now = match options.now {
        Some(written) => written.end_of_day_in_zone(zone),
        None => chrono::Utc::now().with_timezone(&zone),
    };
    let rules = PublishRules {
        now,
        include_drafts: options.include_drafts,
        include_future: options.include_future,
    };
    let site = model::assemble(sources, rules, &mut found);
    let bodies = render::render_bodies(&site, bodies, &mut found);
    Ok(Prepared {
        site,
        bodies,
        diagnostics: Diagnostics::from(found),
    })
}

/// Builds the site into its output folder (or, for `check`, only as far as
/// knowing every problem).
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let output = output_folder(&options.load.root, options.output.as_deref())?;
    if options.write {
        crate::write::check_replaceable(&output)?;
    }
    let Prepared {
        mut site,
        bodies,
        mut diagnostics,
    } = prepare(options)?;
    site.release_sources();
    let mut phases = Phases::new(started);
    phases.mark(crate::t!("phase-read-model-markdown"));
    let theme = load_theme(&site, &mut diagnostics);
    let (theme, cadence) = checked(&site, theme.as_ref(), &mut diagnostics)?;
    let (planned, _) = plan_outputs(&site, &bodies, theme, None, &mut diagnostics)?;
    phases.mark(crate::t!("phase-templates-plan"));
    if let Some(progress) = &options.progress {
        progress
            .total
            .store(planned.routes.jobs.len(), Ordering::Relaxed);
    }
    let staging = match options.write {
        true => Some(Staging::create(&output)?),
        false => None,
    };
    let sink: &dyn Sink = match &staging {
        Some(staging) => staging,
        None => &Discard,
    };
    if staging.is_some() {
        publish_search(&site, &bodies, &theme.strings, sink, &|| false)?;
        phases.mark(crate::t!("phase-search"));
    }
    // `check` renders every job too: template errors only show when run.
    publish(
        &planned,
        None,
        sink,
        options.progress.as_deref(),
        &mut diagnostics,
    )?;
    phases.mark(crate::t!("phase-render-write"));
    let warnings = diagnostics.into_result()?;
    if let Some(staging) = staging {
        staging.commit()?;
        // Only a whole build knows every file of the image cache it uses.
        planned.producer.forget_unused_photos();
    }
    phases.mark(crate::t!("phase-swap"));
    let jobs = &planned.routes.jobs;
    let copies = &planned.routes.copies;
    Ok(BuildReport {
        output,
        pages: site.pages.len(),
        sections: site.sections.len().saturating_sub(1),
        listings: jobs
            .iter()
            .filter(|job| matches!(job, Job::Listing { .. }))
            .count(),
        feeds: jobs
            .iter()
            .filter(|job| matches!(job, Job::Atom(_) | Job::Rss))
            .count(),
        images: site
            .pages
            .iter()
            .zip(&bodies.pages)
            .filter(|(page, _)| page.kind.is_dated())
            .map(|(page, body)| crate::model::images::photos_of(&site.images, page, body).len())
            .sum(),
        files_written: jobs.len(),
        files_copied: copies.len(),
        warnings,
        cadence,
        unsummarised: unsummarised(&site, &bodies),
        left_out: std::mem::take(&mut site.left_out),
        elapsed: started.elapsed(),
        phases: phases.into_shares(),
    })
}

/// How long each stage of a run took.
pub(crate) struct Phases {
    started: Instant,
    /// Each stage with the time since the start at its end.
    ends: Vec<(crate::messages::Message, Duration)>,
}

impl Phases {
    pub fn new(started: Instant) -> Phases {
        Phases {
            started,
            ends: Vec::new(),
        }
    }

    /// Ends the stage called `name`.
    pub fn mark(&mut self, name: crate::messages::Message) {
        self.ends.push((name, self.started.elapsed()));
    }

    /// Each stage with its own time, in order.
    pub fn into_shares(self) -> Vec<(crate::messages::Message, Duration)> {
        let mut before = Duration::ZERO;
        self.ends
            .into_iter()
            .map(|(name, end)| {
                let share = end.saturating_sub(before);
                before = end;
                (name, share)
            })
            .collect()
    }
}

/// The checks that need the whole modelled site (the theme could be
/// loaded, the publishing cadence): the theme and the cadence, or every
/// problem found so far when one is an error.
pub(crate) fn checked<'t>(
    site: &Site,
    theme: Option<&'t LoadedTheme>,
    diagnostics: &mut Diagnostics,
) -> Result<(&'t LoadedTheme, Option<Cadence>), Error> {
    let cadence = report::cadence(site);
    diagnostics.extend(cadence.as_ref().and_then(|cadence| cadence.verdict(site)));
    match theme {
        Some(theme) if !diagnostics.has_errors() => Ok((theme, cadence)),
        _ => Err(Error::Site(std::mem::take(diagnostics).into_sorted())),
    }
}

/// Produces the outputs of `planned` into `sink`: the copied files and
/// every job or, with `only`, those jobs alone. An output the sink holds already is not produced again. Returns,
/// for each job asked about, the pages whose bodies it read.
pub(crate) fn publish(
    planned: &Planned,
    only: Option<&[JobId]>,
    sink: &dyn Sink,
    progress: Option<&Progress>,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<(JobId, Vec<PageId>)>, Error> {
    let Planned { producer, routes } = planned;
    let compares = sink.compares();
    if only.is_none() {
        routes
            .copies
            .par_iter()
            .map(|(relative, source)| {
                let strip = strips_metadata(relative, source, &producer.site().config);
                let digest = if compares {
                    copy_digest(source, strip)
                } else {
                    0
                };
                match (sink.wants(relative, digest), strip) {
                    (false, _) => Ok(()),
                    (true, Some(format)) => {
                        copy_without_metadata(sink, relative, digest, source, format)
                    }
                    (true, None) => sink.copy(relative, digest, source),
                }
            })
            .collect::<Result<(), Error>>()?;
    }
    let everything: Vec<JobId>;
    let selected = match only {
        Some(jobs) => jobs,
        None => {
            let keeps_files = sink.keeps_files();
            everything = routes
                .jobs
                .iter_enumerated()
                .filter(|(_, job)| keeps_files || !matches!(job, Job::Photo { .. }))
                .map(|(id, _)| id)
                .collect();
            &everything
        }
    };
    let results: Vec<Result<(JobId, Vec<PageId>), Error>> = selected
        .par_iter()
        // Jobs of one kind sit together in the plan and cost alike, so
        // after an edit the few that change (a section's listing pages)
        // are one run of the list: pieces no longer than this let an idle
        // thread take over part of that run instead of watching one thread
        // finish it alone.
        .with_max_len(JOBS_PER_TASK)
        .map_init(
            || producer.variables(),
            |vars, &id| {
                let path = &routes.paths[id];
                let produced =
                    producer.produce(routes.jobs[id], path, vars, compares, |digest| {
                        sink.wants(path, digest)
                    })?;
                if let Some(progress) = progress {
                    progress.done.fetch_add(1, Ordering::Relaxed);
                }
                if let Some(output) = produced {
                    sink.put(path, output.digest, &output.bytes)?;
                }
                Ok((id, std::mem::take(&mut vars.reads)))
            },
        )
        .collect();
    let mut reads = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(read) => reads.push(read),
            Err(Error::Site(found)) => diagnostics.extend(found),
            Err(other) => return Err(other),
        }
    }
    if diagnostics.has_errors() {
        return Err(Error::Site(std::mem::take(diagnostics).into_sorted()));
    }
    Ok(reads)
}

/// The most jobs one thread takes at a time; each piece clones the
/// site-wide template variables once.
const JOBS_PER_TASK: usize = 128;

/// Writes the search index into `sink`, when the site has search; gives up
/// with [`Error::Interrupted`] as soon as `stop` says so.
pub(crate) fn publish_search(
    site: &Site,
    bodies: &RenderedBodies,
    strings: &BTreeMap<String, String>,
    sink: &dyn Sink,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<(), Error> {
    if site.paths.search.is_none() {
        return Ok(());
    }
    let compares = sink.compares();
    let checkpoint = || match stop() {
        true => Err(Error::Interrupted),
        false => Ok(()),
    };
    let written = |path: &str, bytes: &[u8]| {
        checkpoint()?;
        let digest = if compares { digest_of_bytes(bytes) } else { 0 };
        match sink.wants(path, digest) {
            true => sink.put(path, digest, bytes),
            false => Ok(()),
        }
    };
    crate::search::write(site, bodies, strings, written, checkpoint)
}

fn digest_of_bytes(bytes: &[u8]) -> u64 {
    crate::fingerprint::of(&bytes)
}

/// The format of a copied file that is published without its metadata: a
/// theme's own photo (the site's photos are outputs of their own), unless
/// the site keeps metadata. The default theme's files, built in, have none.
fn strips_metadata(relative: &str, source: &Source, config: &Config) -> Option<RasterFormat> {
    match source {
        Source::Disk(_) if !config.images.keep_metadata => RasterFormat::of_name(relative),
        _ => None,
    }
}

/// Publishes a theme's photo without its metadata. One the build cannot
/// read as a picture, or stored on its side (which only the metadata would
/// turn), is published as it is.
fn copy_without_metadata(
    sink: &dyn Sink,
    relative: &str,
    digest: u64,
    source: &Source,
    format: RasterFormat,
) -> Result<(), Error> {
    let Source::Disk(path) = source else {
        return sink.copy(relative, digest, source);
    };
    let upright = crate::load::images::probe(path).is_ok_and(|probe| probe.orientation == 1);
    let bytes = std::fs::read(path).map_err(|error| Error::io(path, error))?;
    match upright
        .then(|| crate::render::images::without_metadata(&bytes, format).ok())
        .flatten()
    {
        Some(stripped) => sink.put(relative, digest, &stripped),
        None => sink.put(relative, digest, &bytes),
    }
}

/// What a copied file is made from: its source, size and time, so that a
/// file replaced by another of the same name is copied again, and whether
/// its metadata is taken out.
fn copy_digest(source: &Source, stripped: Option<RasterFormat>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::fingerprint::hasher();
    stripped.hash(&mut hasher);
    match source {
        Source::Disk(path) => {
            path.hash(&mut hasher);
            source.size().ok().hash(&mut hasher);
            source.modified().hash(&mut hasher);
        }
        Source::BuiltIn(bytes) => bytes.hash(&mut hasher),
    }
    hasher.finish()
}

/// The theme a site uses, with its interface strings and templates
/// loaded.
pub(crate) struct LoadedTheme {
    pub theme: Theme,
    pub strings: BTreeMap<String, String>,
    pub templates: Templates,
}

/// Loads the site's theme; `None` after reporting why it could not be.
pub(crate) fn load_theme(site: &Site, diagnostics: &mut Diagnostics) -> Option<LoadedTheme> {
    let theme = Theme::of(&site.root, &site.config)
        .map_err(|diagnostic| diagnostics.push(diagnostic))
        .ok()?;
    let strings = i18n::load(&site.root, &site.config, &theme)
        .map_err(|diagnostic| diagnostics.push(diagnostic))
        .ok();
    let templates = Templates::load(&site.root, &site.config, &theme)
        .map_err(|found| diagnostics.extend(found))
        .ok();
    Some(LoadedTheme {
        strings: strings?,
        templates: templates?,
        theme,
    })
}

/// Every output of a site, planned and checked before anything is written.
pub(crate) struct Planned<'a> {
    pub producer: Producer<'a>,
    pub routes: Routes,
}

/// Every output of a site and where it goes.
pub(crate) struct Routes {
    pub jobs: TiVec<JobId, Job>,
    /// The output path of each job.
    pub paths: TiVec<JobId, String>,
    /// Files copied as they are, by output path.
    pub copies: BTreeMap<String, Source>,
}

/// Plans the outputs and runs the checks that need all of them (two files
/// at one path, links to pages no output answers); fails on errors. Cards
/// made by earlier runs are taken from `cards` when given. Returns the plan
/// with every file it makes, the set links were checked against.
pub(crate) fn plan_outputs<'a>(
    site: &'a Site,
    bodies: &'a RenderedBodies,
    theme: &'a LoadedTheme,
    cards: Option<&'a crate::output::CardCache>,
    diagnostics: &mut Diagnostics,
) -> Result<(Planned<'a>, BTreeSet<String>), Error> {
    let mut producer = Producer::new(site, bodies, &theme.templates, &theme.strings);
    if let Some(cards) = cards {
        producer = producer.keeping_cards(cards);
    }
    let jobs = producer.plan();
    diagnostics.extend(producer.unreadable_photos());
    let (generated, paths) = claim_paths(site, &producer, &jobs, diagnostics);
    let mut copies = files_to_copy(site, &theme.theme, &generated, diagnostics);
    refuse_files_in_place_of_folders(site, &jobs, &paths, &generated, &mut copies, diagnostics);
    // Every file the outputs are, for checking links.
    let mut outputs = generated;
    outputs.extend(copies.keys().cloned());
    let routes = Routes {
        jobs,
        paths,
        copies,
    };
    diagnostics.extend(links::check(site, bodies, &outputs));
    if diagnostics.has_errors() {
        return Err(Error::Site(std::mem::take(diagnostics).into_sorted()));
    }
    Ok((Planned { producer, routes }, outputs))
}

/// A file cannot be written inside a path that is itself a file: an alias
/// `/style.css` (the folder `style.css/`) beside the theme's `style.css`
/// would stop the write with an error of the file system. An alias in
/// the way is the writer's to change; a static file in a page's way is
/// left out, as when a page has its very path.
fn refuse_files_in_place_of_folders(
    site: &Site,
    jobs: &TiSlice<JobId, Job>,
    paths: &TiSlice<JobId, String>,
    generated: &BTreeSet<String>,
    copies: &mut BTreeMap<String, Source>,
    diagnostics: &mut Diagnostics,
) {
    fn folders_of(path: &str) -> impl Iterator<Item = &str> {
        path.match_indices('/').map(|(end, _)| &path[..end])
    }
    let mut shadowed = BTreeSet::new();
    for (&job, path) in jobs.iter().zip(paths) {
        for folder in folders_of(path) {
            match job {
                Job::Alias { page, alias }
                    if generated.contains(folder) || copies.contains_key(folder) =>
                {
                    let page = &site.pages[page];
                    let written = &page.front.aliases[alias];
                    let (line, column) = page.key_lines.place_of("aliases", written);
                    diagnostics.push(
                        Diagnostic::error(
                            &page.file.path,
                            crate::t!("alias-over-file", alias = written, file = folder),
                        )
                        .at(line, column),
                    );
                }
                _ if copies.contains_key(folder) => {
                    shadowed.insert(folder.to_owned());
                }
                _ => {}
            }
        }
    }
    for relative in copies.keys() {
        if folders_of(relative).any(|folder| generated.contains(folder)) {
            shadowed.insert(relative.clone());
        }
    }
    for relative in shadowed {
        if let Some(source) = copies.remove(&relative) {
            diagnostics.push(Diagnostic::warning(
                shown_source(site, &source, &relative),
                crate::t!("static-shadowed", path = relative),
            ));
        }
    }
}

/// The file a copy comes from, as the writer knows it.
fn shown_source(site: &Site, source: &Source, relative: &str) -> PathBuf {
    match source {
        Source::Disk(path) => load::display_path(&site.root, path),
        Source::BuiltIn(_) => Path::new("themes/default/static").join(relative),
    }
}

/// Whether a copied file is the site's own (its `static/` folder or an
/// item's bundle) rather than its theme's.
/// A document number mentioned in content without a summary on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsummarised {
    /// The number as it was first written.
    pub number: String,
    pub mentions: usize,
    /// Where it was first mentioned: file and line.
    pub first: (PathBuf, usize),
}

fn unsummarised(site: &Site, bodies: &RenderedBodies) -> Vec<Unsummarised> {
    let mut found: BTreeMap<String, Unsummarised> = BTreeMap::new();
    let sources = site
        .pages
        .iter()
        .map(|page| page.file.path.clone())
        .zip(&bodies.pages)
        .chain(
            site.sections
                .iter()
                .filter_map(|s| s.file.as_ref().map(|f| f.path.clone()))
                .zip(&bodies.sections),
        );
    for (file, body) in sources {
        for mention in &body.unknown_mentions {
            found
                .entry(crate::model::legal::number_key(&mention.number))
                .and_modify(|known| known.mentions += 1)
                .or_insert_with(|| Unsummarised {
                    number: mention.number.clone(),
                    mentions: 1,
                    first: (file.clone(), mention.line),
                });
        }
    }
    let mut list: Vec<Unsummarised> = found.into_values().collect();
    list.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.number.cmp(&b.number))
    });
    list
}

/// The output path of every job; two jobs may not write one file. An alias
/// that lands on another page's address is the usual cause.
fn claim_paths(
    site: &Site,
    producer: &Producer,
    jobs: &TiSlice<JobId, Job>,
    diagnostics: &mut Diagnostics,
) -> (BTreeSet<String>, TiVec<JobId, String>) {
    let made: Vec<String> = jobs
        .raw
        .par_iter()
        .map(|&job| producer.path_of(job))
        .collect();
    let mut claimed = BTreeSet::new();
    let mut paths = TiVec::with_capacity(jobs.len());
    for (&job, path) in jobs.iter().zip(made) {
        if claimed.insert(path.clone()) {
            paths.push(path);
            continue;
        }
        let diagnostic = match job {
            Job::Alias { page, alias } => {
                let page = &site.pages[page];
                let written = &page.front.aliases[alias];
                let (line, column) = page.key_lines.place_of("aliases", written);
                Diagnostic::error(
                    &page.file.path,
                    crate::t!("alias-taken", alias = written, path = path),
                )
                .at(line, column)
            }
            Job::Photo { image, .. } => Diagnostic::error(
                &site.images.files[image].shown,
                crate::t!("photo-output-taken", path = path),
            )
            .with_help(crate::t!("photo-output-taken-help")),
            _ => Diagnostic::error(&site.config.file, crate::t!("two-outputs", path = path))
                .with_help(crate::t!("two-outputs-help")),
        };
        diagnostics.push(diagnostic);
        paths.push(path);
    }
    (claimed, paths)
}

/// The output folder, refused when writing it would replace the site's own
/// files.
pub(crate) fn output_folder(root: &Path, requested: Option<&Path>) -> Result<PathBuf, Error> {
    let output = match requested {
        Some(path) => absolute(path)?,
        None => absolute(&root.join("public"))?,
    };
    let root = absolute(root)?;
    if root.starts_with(&output) || in_site_folder(&root, &output) {
        return Err(Error::Usage(
            crate::t!("output-holds-site", output = output.display()).text,
        ));
    }
    Ok(output)
}

/// Refuses a file a command was asked to write (a report) when it is one
/// of the site's own: its config, or a file in one of its folders.
pub(crate) fn refuse_site_file(root: &Path, config: &Path, file: &Path) -> Result<(), Error> {
    let file = absolute(file)?;
    if file == absolute(config)? || in_site_folder(&absolute(root)?, &file) {
        return Err(Error::Usage(
            crate::t!("output-is-site-file", file = file.display()).text,
        ));
    }
    Ok(())
}

/// Whether `path` is inside one of the folders a site is written in.
fn in_site_folder(root: &Path, path: &Path) -> bool {
    crate::load::SITE_FOLDERS
        .iter()
        .any(|name| path.starts_with(root.join(name)))
}

/// An absolute path with `.` and `..` worked out, for comparing folders that
/// may not exist yet.
fn absolute(path: &Path) -> Result<PathBuf, Error> {
    let joined = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    Ok(clean)
}

/// Static files of the theme and the site (the site's win), and the files
/// of published page bundles, by output path. A static file that a page
/// would overwrite is skipped with a warning.
fn files_to_copy(
    site: &Site,
    theme: &Theme,
    generated: &BTreeSet<String>,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Source> {
    let mut copies: BTreeMap<String, Source> = theme
        .files(&site.root, "static")
        .into_iter()
        .map(|file| (file.relative, file.source))
        .collect();
    // The site's own files come second and replace the theme's.
    copies.extend(
        site.static_files
            .iter()
            .map(|file| (file.relative.clone(), file.source.clone())),
    );
    for (asset, page) in &site.bundle_assets {
        if let Some(path) = crate::model::published_path(asset, &site.pages[*page]) {
            let relative = path.trim_start_matches('/').to_owned();
            copies.insert(relative, Source::Disk(site.root.join(&asset.path)));
        }
    }
    // Photos are published by their own jobs, without their metadata.
    copies.retain(|relative, _| site.images.find(&format!("/{relative}")).is_none());
    // A phone's HEIC photo shows in no browser but Safari and keeps where
    // it was taken: it is not published, and the writer is told why.
    copies.retain(|relative, source| {
        let heic = relative.rsplit_once('.').is_some_and(|(_, extension)| {
            matches!(extension.to_ascii_lowercase().as_str(), "heic" | "heif")
        });
        if heic {
            diagnostics.push(
                Diagnostic::warning(
                    shown_source(site, source, relative),
                    crate::t!("image-heic", path = relative),
                )
                .with_help(crate::t!("image-heic-help")),
            );
        }
        !heic
    });
    // The search index owns its whole folder: a file there, or of its
    // name, would stop it being written or be overwritten by it.
    copies.retain(|relative, source| {
        let in_index = site.paths.in_search_index(&format!("/{relative}/"));
        let clash = generated.contains(relative) || in_index;
        if clash {
            diagnostics.push(Diagnostic::warning(
                shown_source(site, source, relative),
                crate::t!("static-shadowed", path = relative),
            ));
        }
        !clash
    });
    copies
}
