//! The command line: arguments shared by the commands, and dispatch to the
//! module of each command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::Error;
use crate::report::{Cutoff, Format};
use crate::text::dates::WrittenDate;

#[derive(Debug, Parser)]
#[command(
    name = "loa",
    version,
    about = "Build fast, accessible public-awareness sites from Markdown"
)]
pub struct Cli {
    #[command(flatten)]
    pub location: SiteLocation,
    /// Print only problems: no summary, no warnings, no cadence.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: how long each stage of a build took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// The language of messages, and of a report: vi or en (default:
    /// LOA_LANG, the system's language, then the site's; a report is in
    /// the site's language unless this is given).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the site is: given before the command (`loa --root DIR build`) or
/// after it (`loa build --root DIR`); commands that work on no site (`init`,
/// `schema`) do not take it.
#[derive(Debug, Clone, Default, Args)]
pub struct SiteLocation {
    /// The site's folder (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The config file, when not site-config.yaml in the site's folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl SiteLocation {
    /// This location, filled in from `outer` (the one before the command).
    fn within(&self, outer: &SiteLocation) -> (PathBuf, Option<PathBuf>) {
        (
            self.root
                .clone()
                .or_else(|| outer.root.clone())
                .unwrap_or_else(|| PathBuf::from(".")),
            self.config.clone().or_else(|| outer.config.clone()),
        )
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new site in a folder: config, sections, examples, a guide.
    Init(InitArgs),
    /// Build the site into public/.
    Build(BuildArgs),
    /// Run every check of a build and write nothing.
    Check(CheckArgs),
    /// Start a new item: a file with its front matter filled in.
    New(NewArgs),
    /// Print the JSON Schema of site-config.yaml or of a kind's front matter.
    Schema(SchemaArgs),
    /// Write the web editor (static/admin/) from the site's config, sections and data.
    Cms(CmsArgs),
    /// Count what was published in a reporting period.
    Report(ReportArgs),
    /// Preview the site with live reload while you write.
    Serve(ServeArgs),
    /// Write a large generated site, for benchmarks.
    #[command(hide = true)]
    GenerateCorpus(CorpusArgs),
}

#[derive(Debug, Args)]
pub struct CmsArgs {
    #[command(flatten)]
    pub location: SiteLocation,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new site (made when missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The site's name (default: "Trang thông tin"; with --example, "Phòng, chống mại dâm").
    #[arg(long)]
    pub title: Option<String>,
    /// One sentence about the site, for search engines and sharing.
    #[arg(long)]
    pub description: Option<String>,
    /// The programme the site reports on (default: the title).
    #[arg(long)]
    pub programme: Option<String>,
    /// Fill the site with the example of a prostitution-prevention programme:
    /// an article, a news item and a legal summary.
    #[arg(long)]
    pub example: bool,
    /// Write into a folder that is not empty; files of the same names are replaced.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// `text` for people; `json` for editors and scripts (on standard output).
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// `config` for site-config.yaml, or a kind for its front matter.
    #[arg(value_enum, default_value = "config")]
    pub of: SchemaOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaOf {
    Config,
    Article,
    News,
    Legal,
    Page,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(flatten)]
    pub location: SiteLocation,
    /// What the item is.
    #[arg(value_enum)]
    pub kind: KindArg,
    /// Its title, in quotes: "Tập huấn cho cán bộ xã".
    pub title: String,
    /// The section folder under content/ (default: the section of that kind).
    #[arg(long, value_name = "FOLDER")]
    pub section: Option<String>,
    /// Its date, YYYY-MM-DD (default: today in the site's time zone).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

/// The kinds of content, as the command line names them.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    /// An article (bài viết).
    Article,
    /// Programme news (tin hoạt động).
    News,
    /// A summary of a legal document (văn bản).
    Legal,
    /// A standalone page (trang).
    Page,
}

impl From<KindArg> for crate::load::front_matter::Kind {
    fn from(kind: KindArg) -> Self {
        use crate::load::front_matter::Kind;
        match kind {
            KindArg::Article => Kind::Article,
            KindArg::News => Kind::News,
            KindArg::Legal => Kind::Legal,
            KindArg::Page => Kind::Page,
        }
    }
}

#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// How many items to write.
    #[arg(long, default_value_t = 10_000)]
    pub pages: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Photos of 3000 × 2000 pixels to add, six to a news item.
    #[arg(long, default_value_t = 0)]
    pub photos: usize,
    /// The folder to write the site into (new or empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The theme folder to copy into the site.
    #[arg(long, value_name = "DIR", default_value = "themes/default")]
    pub theme: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; only loopback unless you give another.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Folder to build the preview into (default: a temporary folder).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Leave drafts out of the preview.
    #[arg(long)]
    pub hide_drafts: bool,
    /// Leave items dated after now out of the preview.
    #[arg(long)]
    pub hide_future: bool,
}

/// What decides which items are published, for every command that reads
/// the site.
#[derive(Debug, Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub location: SiteLocation,
    /// Serve the site from this address instead of base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include items marked draft: true.
    #[arg(long)]
    pub drafts: bool,
    /// Include items dated after now.
    #[arg(long)]
    pub future: bool,
    /// Take this date (YYYY-MM-DD, in the site's time zone) or RFC 3339 time as now.
    #[arg(long, value_name = "DATE", value_parser = parse_now)]
    pub now: Option<WrittenDate>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: public/ in the site's folder).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// YYYY, YYYY-H1, YYYY-H2, YYYY-Q1..YYYY-Q4, YYYY-9M, YYYY-MM, or FROM..TO (YYYY-MM-DD..YYYY-MM-DD).
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// `reporting`: figures cut off on the 14th, as state reports require; `calendar`: calendar periods.
    #[arg(long, value_enum, default_value = "reporting")]
    pub cutoff: Cutoff,
    /// Also count this period, the same way, and give each figure beside
    /// it with the change: `--period 2025 --compare 2024`.
    #[arg(long, value_name = "PERIOD")]
    pub compare: Option<String>,
    /// table, md, csv, json, html, or the files a department hands in:
    /// xlsx (an Excel annex) and docx (a Word report).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write the report to this file instead of the terminal.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out the byte-order mark CSV begins with (Excel needs it to
    /// read Vietnamese letters; some other tools do not want it).
    #[arg(long)]
    pub no_bom: bool,
}

fn parse_now(text: &str) -> Result<WrittenDate, String> {
    WrittenDate::parse(text)
}

/// The languages of messages, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

/// Chooses the language of messages: `--lang`, then `LOA_LANG`, then the
/// system's locale, then the language of the site's config; English when
/// nothing says.
fn choose_language(
    flag: Option<LangArg>,
    site: Option<(&std::path::Path, Option<&std::path::Path>)>,
) {
    use crate::messages::{Lang, asked_language, choose};
    let flag = flag.map(|lang| match lang {
        LangArg::Vi => "vi",
        LangArg::En => "en",
    });
    let lang = asked_language(flag).unwrap_or_else(|| {
        // `init` makes a Vietnamese site, and speaks as the site will.
        let Some((root, config)) = site else {
            return Lang::Vi;
        };
        let path = config.map_or_else(
            || root.join("site-config.yaml"),
            std::path::Path::to_path_buf,
        );
        #[derive(serde::Deserialize)]
        struct SiteLanguage {
            language: Option<String>,
        }
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_norway::from_str::<SiteLanguage>(&text).ok())
            .map(|site| site.language.unwrap_or_else(|| "vi".to_owned()))
            .as_deref()
            .and_then(Lang::from_tag)
            .unwrap_or(Lang::En)
    });
    choose(lang);
}

/// The site's folder and config file a command works on.
fn site_of(command: &Command, outer: &SiteLocation) -> (PathBuf, Option<PathBuf>) {
    match command {
        Command::Build(args) => args.site.location.within(outer),
        Command::Check(args) => args.site.location.within(outer),
        Command::Report(args) => args.site.location.within(outer),
        Command::Serve(args) => args.site.location.within(outer),
        Command::New(args) => args.location.within(outer),
        Command::Cms(args) => args.location.within(outer),
        Command::Init(_) | Command::Schema(_) | Command::GenerateCorpus(_) => {
            outer.within(&SiteLocation::default())
        }
    }
}

impl Cli {
    /// The folder of the site the command works on, which messages name
    /// files relative to.
    pub fn site_root(&self) -> PathBuf {
        site_of(&self.command, &self.location).0
    }
}

/// How much a command says besides its problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    Quiet,
    Normal,
    Verbose,
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<(), Error> {
    let Cli {
        location,
        quiet,
        verbose,
        lang,
        command,
    } = cli;
    let (root, config) = site_of(&command, &location);
    let on_a_site = !matches!(command, Command::Init(_));
    choose_language(
        lang,
        on_a_site.then_some((root.as_path(), config.as_deref())),
    );
    let voice = if quiet {
        Voice::Quiet
    } else if verbose {
        Voice::Verbose
    } else {
        Voice::Normal
    };
    match command {
        Command::Init(args) => crate::commands::init::run(args, voice == Voice::Quiet),
        Command::Build(args) => crate::commands::build::run(root, config, args, voice),
        Command::Check(args) => crate::commands::check::run(root, config, args, voice),
        Command::New(args) => crate::commands::new::run(root, config, args),
        Command::Schema(args) => crate::commands::schema::run(args),
        Command::Cms(_) => crate::commands::cms::run(root, config, voice == Voice::Quiet),
        Command::Report(args) => crate::commands::report::run(root, config, args, lang),
        Command::Serve(args) => crate::commands::serve::run(root, config, args),
        Command::GenerateCorpus(args) => {
            crate::corpus::generate(args.pages, args.photos, args.seed, &args.out, &args.theme)?;
            crate::commands::say(format_args!(
                "Wrote {} items into {}",
                args.pages,
                args.out.display()
            ))
        }
    }
}
