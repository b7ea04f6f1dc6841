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

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::load::theme::{Source, Theme, files_in};
use crate::load::{self, LoadOptions};
use crate::model::{self, PublishRules, Site};
use crate::output::{Job, Producer};
use crate::render::{self, RenderedBodies, i18n, links, templates::Templates};
use crate::report::{self, Cadence};
use crate::text::dates::WrittenDate;
use crate::write::Staging;

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
    /// Pictures among the files copied from the site (bundles' and its
    /// static ones), not the theme's icons.
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
    let mut phases = vec![(crate::t!("phase-read-model-markdown"), started.elapsed())];
    let theme = load_theme(&site, &mut diagnostics);
    let cadence = report::cadence(&site);
    diagnostics.extend(cadence.as_ref().and_then(|cadence| cadence.verdict(&site)));
    let Some(theme) = theme.filter(|_| !diagnostics.has_errors()) else {
        return Err(Error::Site(diagnostics.into_sorted()));
    };
    let Planned {
        producer,
        jobs,
        copies,
        ..
    } = plan_outputs(&site, &bodies, &theme, &mut diagnostics)?;
    phases.push((crate::t!("phase-templates-plan"), started.elapsed()));
    if let Some(progress) = &options.progress {
        progress.total.store(jobs.len(), Ordering::Relaxed);
    }
    let staging = if options.write {
        Some(Staging::create(&output)?)
    } else {
        None
    };
    if let Some(staging) = &staging {
        copies
            .par_iter()
            .map(|(relative, source)| staging.copy(source, relative))
            .collect::<Result<(), Error>>()?;
    }
    if let Some(staging) = &staging
        && crate::output::search_path(&site).is_some()
    {
        crate::search::write(&site, &bodies, &theme.strings, |path, bytes| {
            staging.write(path, bytes)
        })?;
        phases.push((crate::t!("phase-search"), started.elapsed()));
    }
    // `check` renders every job too: template errors only show when run.
    let results: Vec<Result<(), Error>> = jobs
        .par_iter()
        .map_init(
            || producer.variables(),
            |vars, &job| {
                let produced = producer.produce(job, vars)?;
                if let Some(progress) = &options.progress {
                    progress.done.fetch_add(1, Ordering::Relaxed);
                }
                match &staging {
                    Some(staging) => staging.write(&produced.path, &produced.bytes),
                    None => Ok(()),
                }
            },
        )
        .collect();
    phases.push((crate::t!("phase-render-write"), started.elapsed()));
    collect_results(results, &mut diagnostics)?;
    let warnings = diagnostics.into_result()?;
    if let Some(staging) = staging {
        staging.commit()?;
    }
    phases.push((crate::t!("phase-swap"), started.elapsed()));
    // Each stage's own time, not the time since the start.
    for index in (1..phases.len()).rev() {
        let before = phases[index - 1].1;
        phases[index].1 -= before;
    }
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
        images: copies
            .iter()
            .filter(|(path, source)| is_picture(path) && is_sites_own(&site.root, source))
            .count(),
        files_written: jobs.len(),
        files_copied: copies.len(),
        warnings,
        cadence,
        unsummarised: unsummarised(&site, &bodies),
        left_out: std::mem::take(&mut site.left_out),
        elapsed: started.elapsed(),
        phases,
    })
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
    pub jobs: Vec<Job>,
    /// Files copied as they are, by output path.
    pub copies: BTreeMap<String, Source>,
    /// The output path of each job, in job order.
    pub paths: Vec<String>,
}

/// Plans the outputs and runs the checks that need all of them (two files
/// at one path, links to pages no output answers); fails on errors.
pub(crate) fn plan_outputs<'a>(
    site: &'a Site,
    bodies: &'a RenderedBodies,
    theme: &'a LoadedTheme,
    diagnostics: &mut Diagnostics,
) -> Result<Planned<'a>, Error> {
    let producer = Producer::new(site, bodies, &theme.templates, &theme.strings);
    let jobs = producer.plan();
    let (generated, paths) = claim_paths(site, &producer, &jobs, diagnostics);
    let mut copies = files_to_copy(site, &theme.theme, &generated, diagnostics);
    refuse_files_in_place_of_folders(site, &jobs, &paths, &generated, &mut copies, diagnostics);
    let mut outputs = generated;
    outputs.extend(copies.keys().cloned());
    diagnostics.extend(links::check(site, bodies, &outputs));
    if diagnostics.has_errors() {
        return Err(Error::Site(std::mem::take(diagnostics).into_sorted()));
    }
    Ok(Planned {
        producer,
        paths,
        jobs,
        copies,
    })
}

/// A file cannot be written inside a path that is itself a file: an alias
/// `/style.css` (the folder `style.css/`) beside the theme's `style.css`
/// would stop the write with an error of the file system. An alias in
/// the way is the writer's to change; a static file in a page's way is
/// left out, as when a page has its very path.
fn refuse_files_in_place_of_folders(
    site: &Site,
    jobs: &[Job],
    paths: &[String],
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

/// Gathers the diagnostics of jobs that failed; a failure of the machine
/// stops at once.
pub(crate) fn collect_results(
    results: Vec<Result<(), Error>>,
    diagnostics: &mut Diagnostics,
) -> Result<(), Error> {
    for result in results {
        match result {
            Ok(()) => {}
            Err(Error::Site(found)) => diagnostics.extend(found),
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

/// Whether a copied file is the site's own (its `static/` folder or an
/// item's bundle) rather than its theme's.
fn is_sites_own(root: &Path, source: &Source) -> bool {
    matches!(source, Source::Disk(path) if !path.starts_with(root.join("themes")))
}

fn is_picture(path: &str) -> bool {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        extension.as_deref(),
        Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "svg")
    )
}

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
    jobs: &[Job],
    diagnostics: &mut Diagnostics,
) -> (BTreeSet<String>, Vec<String>) {
    let mut claimed = BTreeSet::new();
    let mut paths = Vec::with_capacity(jobs.len());
    for &job in jobs {
        let path = producer.path_of(job);
        paths.push(path.clone());
        if claimed.insert(path.clone()) {
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
            _ => Diagnostic::error(&site.config.file, crate::t!("two-outputs", path = path))
                .with_help(crate::t!("two-outputs-help")),
        };
        diagnostics.push(diagnostic);
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
        files_in(&site.root, &site.root.join("static"))
            .into_iter()
            .map(|file| (file.relative, file.source)),
    );
    for (asset, page) in &site.bundle_assets {
        let crate::load::ContentRole::Asset { bundle } = &asset.role else {
            continue;
        };
        let inside = asset.content_path[bundle.len()..].trim_start_matches('/');
        let relative = format!("{}{inside}", site.pages[*page].path.trim_start_matches('/'));
        copies.insert(relative, Source::Disk(site.root.join(&asset.path)));
    }
    // The search index owns its whole folder: a file there, or of its
    // name, would stop it being written or be overwritten by it.
    let index_folder = crate::output::search_path(site).map(|_| crate::search::FOLDER);
    copies.retain(|relative, source| {
        let in_index = index_folder.is_some_and(|folder| {
            relative == folder
                || relative
                    .strip_prefix(folder)
                    .is_some_and(|rest| rest.starts_with('/'))
        });
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
