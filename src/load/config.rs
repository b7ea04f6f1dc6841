//! `site-config.yaml`: the site's settings, typed and checked.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use indexmap::IndexMap;
use serde::{Deserialize, Deserializer};

use super::{display_path, read_text};
use crate::error::Diagnostic;
use crate::load::front_matter::{KeyLines, Kind, read_all};
use crate::messages::Message;
use crate::t;
use crate::text::dates::YearMonth;

/// The longest programme in years: plans run five or ten years, and an end
/// centuries away is a typo that would make every calendar endless.
const PROGRAMME_YEARS: i32 = 50;

/// The site's settings as written in `site-config.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site will be served, with a trailing `/`; may carry a
    /// sub-path such as `https://example.gov.vn/phong-chong/`.
    pub base_url: String,
    /// Language of the site and its theme strings: `vi` or `en`.
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_time_zone", deserialize_with = "time_zone")]
    #[schemars(with = "String", example = "Asia/Ho_Chi_Minh")]
    pub time_zone: Tz,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Items per listing page, unless a section's `_index.md` says otherwise.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    #[serde(default = "default_true")]
    pub minify: bool,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub home: HomeConfig,
    #[serde(default)]
    pub programme: Option<Programme>,
    #[serde(default)]
    pub cadence: CadenceConfig,
    /// The public statistics page, written when a programme is declared.
    #[serde(default)]
    pub statistics: StatisticsConfig,
    /// The search page and the index it reads.
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub legal: LegalConfig,
    /// Ways of grouping items, by the front matter field each reads.
    #[serde(default)]
    pub taxonomies: IndexMap<String, TaxonomyConfig>,
    #[serde(default)]
    pub archives: ArchivesConfig,
    #[serde(default)]
    pub feeds: FeedsConfig,
    /// Image shown when an item without its own `image` is shared, as a
    /// path from the site root (`/anh/chia-se.png`) or a full URL.
    #[serde(default)]
    pub share_image: Option<String>,
    /// How photos are published: the widths made of each, their quality,
    /// and whether their metadata is kept.
    #[serde(default)]
    pub images: ImagesConfig,
    /// The web editor `loa cms` sets up in `static/admin/`: where it saves
    /// what writers write.
    #[serde(default)]
    pub cms: CmsConfig,
    /// Free settings for templates.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: serde_norway::Mapping,
    /// The config file as shown in messages.
    #[serde(skip)]
    pub file: PathBuf,
    /// Where each setting is written, for messages about its value.
    #[serde(skip)]
    pub key_lines: KeyLines,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Publish raw HTML in Markdown as written. Off by default: raw HTML is
    /// sanitized (scripts, styles, event handlers and frames of other sites
    /// removed, with a warning at each line), so a pasted script cannot
    /// reach readers. URLs that could run code are refused either way.
    #[serde(default)]
    pub unsafe_html: bool,
    /// Hosts whose pages raw HTML may show in a frame (`<iframe>`), over
    /// `https:`: video sites by default.
    #[serde(default = "default_embed_hosts")]
    pub embed_hosts: Vec<String>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            unsafe_html: false,
            embed_hosts: default_embed_hosts(),
        }
    }
}

fn default_embed_hosts() -> Vec<String> {
    [
        "www.youtube.com",
        "youtube.com",
        "www.youtube-nocookie.com",
        "player.vimeo.com",
    ]
    .map(String::from)
    .to_vec()
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeConfig {
    /// How many of the newest items of each section the home page shows.
    #[serde(default = "default_latest_per_section")]
    pub latest_per_section: usize,
}

impl Default for HomeConfig {
    fn default() -> Self {
        Self {
            latest_per_section: default_latest_per_section(),
        }
    }
}

/// One taxonomy: `tags`, `topics`, `audiences`, `localities`, or any list
/// field of the front matter.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The taxonomy's name for readers, e.g. "Đối tượng".
    pub title: String,
    /// The URL folder of its pages; the slug of the name when not given.
    #[serde(default)]
    pub path: Option<String>,
    /// Labels of known terms by key, in display order.
    #[serde(default)]
    pub terms: IndexMap<String, String>,
    /// Only the keys in `terms` (or in `hierarchy`) may be used.
    #[serde(default)]
    pub closed: bool,
    /// A file under `data/` holding the terms as a tree of
    /// `{key, name, children}`; implies a closed vocabulary.
    #[serde(default)]
    pub hierarchy: Option<String>,
    /// For the places of a hierarchy: the level communes are at, counting
    /// the top (provinces) as 0, for the report's count of communes
    /// reached. By default 2 (province → district → commune), or the
    /// deepest level when the tree has fewer (province → commune).
    #[serde(default)]
    pub commune_level: Option<usize>,
    #[serde(default)]
    pub paginate_by: Option<usize>,
    /// Write an Atom feed for each term.
    #[serde(default = "default_true")]
    pub feed: bool,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArchivesConfig {
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// URL folder of the archive pages.
    #[serde(default = "default_archives_path")]
    pub path: String,
    #[serde(default = "default_archive_paginate_by")]
    pub paginate_by: usize,
}

impl Default for ArchivesConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            path: default_archives_path(),
            paginate_by: default_archive_paginate_by(),
        }
    }
}

/// What the feeds carry of each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    Full,
    Summary,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedsConfig {
    /// How many of the newest items each feed carries.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
    #[serde(default = "default_feed_content")]
    pub content: FeedContent,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        Self {
            limit: default_feed_limit(),
            content: default_feed_content(),
        }
    }
}

/// The programme the site reports on, with its period in months.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub name: String,
    pub start: YearMonth,
    /// The last month, or `open` while the programme runs on.
    pub end: ProgrammeEnd,
}

/// The end of a programme: a month, or `open`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeEnd {
    Month(YearMonth),
    Open,
}

impl<'de> Deserialize<'de> for ProgrammeEnd {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim() == "open" {
            return Ok(ProgrammeEnd::Open);
        }
        YearMonth::parse(&text)
            .map(ProgrammeEnd::Month)
            .map_err(|message| serde::de::Error::custom(t!("or-open", problem = message)))
    }
}

impl schemars::JsonSchema for ProgrammeEnd {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ProgrammeEnd".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The last month of the programme, YYYY-MM, or `open`.",
            "type": "string",
            "pattern": "^(open|[0-9]{4}-(0[1-9]|1[0-2]))$"
        })
    }
}

impl serde::Serialize for ProgrammeEnd {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ProgrammeEnd::Month(month) => month.serialize(serializer),
            ProgrammeEnd::Open => serializer.serialize_str("open"),
        }
    }
}

/// What publishing cadence the programme requires.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CadenceConfig {
    /// Published items a month needs to count as met.
    #[serde(default = "default_min_per_month")]
    pub min_per_month: usize,
    /// The kinds that count.
    #[serde(default = "default_cadence_kinds")]
    pub kinds: Vec<Kind>,
    #[serde(default)]
    pub on_miss: OnMiss,
}

impl Default for CadenceConfig {
    fn default() -> Self {
        Self {
            min_per_month: default_min_per_month(),
            kinds: default_cadence_kinds(),
            on_miss: OnMiss::default(),
        }
    }
}

/// What a past month below the minimum does to a build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OnMiss {
    #[default]
    Warn,
    Error,
}

fn default_min_per_month() -> usize {
    1
}
fn default_cadence_kinds() -> Vec<Kind> {
    vec![Kind::Article, Kind::News, Kind::Legal]
}

/// How mentions of legal documents become links.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalConfig {
    #[serde(default)]
    pub link: MentionLinks,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MentionLinks {
    /// Every mention of a summarised document links to its summary.
    #[default]
    Every,
    /// Only the first mention on each page does.
    First,
}

/// The statistics page.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatisticsConfig {
    #[serde(default = "default_true")]
    pub enabled: bool,
    #[serde(default = "default_statistics_path")]
    pub path: String,
}

impl Default for StatisticsConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            path: default_statistics_path(),
        }
    }
}

fn default_statistics_path() -> String {
    "thong-ke".to_owned()
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Write the search index and the search page (on unless turned off).
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// URL folder of the search page.
    #[serde(default = "default_search_path")]
    pub path: String,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            path: default_search_path(),
        }
    }
}

/// Where the web editor saves: a git host, through the host's sign-in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CmsBackend {
    /// Netlify's Git Gateway (Netlify Identity signs writers in).
    #[default]
    GitGateway,
    Github,
    Gitlab,
}

impl CmsBackend {
    pub fn name(self) -> &'static str {
        match self {
            CmsBackend::GitGateway => "git-gateway",
            CmsBackend::Github => "github",
            CmsBackend::Gitlab => "gitlab",
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CmsConfig {
    #[serde(default)]
    pub backend: CmsBackend,
    /// `owner/name` of the site's repository on GitHub or GitLab.
    #[serde(default)]
    pub repo: Option<String>,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// GitHub: the address of the OAuth service that signs writers in
    /// (without it, Netlify's, which only sites on Netlify can use);
    /// GitLab: the department's own GitLab, when not gitlab.com.
    #[serde(default)]
    pub auth_url: Option<String>,
    /// The path of the sign-in on `auth_url`, when not `auth`.
    #[serde(default)]
    pub auth_endpoint: Option<String>,
    /// GitLab: the API of the department's own GitLab
    /// (`https://gitlab.example.gov.vn/api/v4`).
    #[serde(default)]
    pub api_root: Option<String>,
    /// GitLab: the Application ID of the project's OAuth application
    /// (Settings → Applications, scope `api`, redirect URI the site's
    /// `/admin/`).
    #[serde(default)]
    pub app_id: Option<String>,
    /// The address of the editor's script, to serve it from the
    /// department's own server; by default a fixed version from unpkg.com,
    /// checked by its integrity hash.
    #[serde(default)]
    pub script: Option<String>,
}

impl Default for CmsConfig {
    fn default() -> Self {
        Self {
            backend: CmsBackend::default(),
            repo: None,
            branch: default_branch(),
            auth_url: None,
            auth_endpoint: None,
            api_root: None,
            app_id: None,
            script: None,
        }
    }
}

fn default_branch() -> String {
    "main".to_owned()
}

fn default_search_path() -> String {
    "tim-kiem".to_owned()
}

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// Widths, in pixels, each photo is published at (never wider than
    /// the photo itself).
    #[serde(default = "default_image_widths")]
    pub widths: Vec<u32>,
    /// Quality of the JPEG and WebP files made, from 1 to 100.
    #[serde(default = "default_image_quality")]
    pub quality: u8,
    /// Keep the photos' metadata (place, camera, owner). Off by default:
    /// a phone photo carries where it was taken.
    #[serde(default)]
    pub keep_metadata: bool,
    /// How wide a photo of a body shows, for the browser to pick a width
    /// (the HTML `sizes` attribute).
    #[serde(default = "default_image_sizes")]
    pub sizes: String,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        Self {
            widths: default_image_widths(),
            quality: default_image_quality(),
            keep_metadata: false,
            sizes: default_image_sizes(),
        }
    }
}

fn default_image_widths() -> Vec<u32> {
    vec![480, 960, 1600]
}
fn default_image_quality() -> u8 {
    80
}
fn default_image_sizes() -> String {
    "(max-width: 46rem) 100vw, 46rem".to_owned()
}

/// The widest image a site may ask for.
pub const WIDEST_IMAGE: u32 = 8192;

fn default_language() -> String {
    "vi".to_owned()
}
fn default_time_zone() -> Tz {
    chrono_tz::Asia::Ho_Chi_Minh
}
fn default_theme() -> String {
    "default".to_owned()
}
fn default_paginate_by() -> usize {
    10
}
fn default_true() -> bool {
    true
}
fn default_latest_per_section() -> usize {
    5
}
fn default_archives_path() -> String {
    "luu-tru".to_owned()
}
fn default_archive_paginate_by() -> usize {
    20
}
fn default_feed_limit() -> usize {
    20
}
fn default_feed_content() -> FeedContent {
    FeedContent::Full
}

fn time_zone<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Tz, D::Error> {
    let name = String::deserialize(deserializer)?;
    name.parse::<Tz>()
        .map_err(|_| serde::de::Error::custom(t!("not-a-time-zone", name = name)))
}

impl TaxonomyConfig {
    /// The URL folder of the taxonomy called `name`.
    pub fn url_folder(&self, name: &str) -> String {
        crate::text::slugify(self.path.as_deref().unwrap_or(name))
    }
}

/// Settings given on the command line, which win over the file.
#[derive(Debug, Clone, Default)]
pub struct ConfigOverrides {
    pub base_url: Option<String>,
}

impl Config {
    /// Reads and checks the config file at `path`, with every problem it
    /// has at once.
    pub fn load(
        root: &Path,
        path: &Path,
        overrides: &ConfigOverrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        let shown = display_path(root, path);
        if !path.is_file() {
            return Err(vec![
                Diagnostic::error(&shown, t!("config-missing"))
                    .with_help(t!("config-missing-help")),
            ]);
        }
        let text = read_text(root, path).map_err(|diagnostic| vec![diagnostic])?;
        Config::from_text(shown, &text, overrides)
    }

    /// Reads and checks a config file's text; `shown` is the file as
    /// messages name it.
    pub fn from_text(
        shown: PathBuf,
        text: &str,
        overrides: &ConfigOverrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        let mut config: Config = read_all(&shown, text, 0)?;
        config.file = shown;
        config.key_lines = KeyLines::read(text, 1);
        let from_command_line = overrides.base_url.is_some();
        if let Some(base_url) = &overrides.base_url {
            config.base_url = base_url.clone();
        }
        let mut problems: Vec<Diagnostic> = config.refused_extra().into_iter().collect();
        problems.extend(config.check().into_iter().map(|diagnostic| {
            if from_command_line && diagnostic.code == "base-url-scheme" {
                Diagnostic {
                    file: "--base-url".into(),
                    line: None,
                    column: None,
                    ..diagnostic
                }
            } else {
                diagnostic
            }
        }));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// A URL in `extra` that a theme could print as a link that runs code.
    fn refused_extra(&self) -> Option<Diagnostic> {
        let extra = serde_json::to_value(&self.extra).unwrap_or_default();
        let (url, scheme) = crate::text::url::refused_in(&extra).into_iter().next()?;
        let (line, column) = self.key_lines.place_of("extra", url.trim());
        Some(
            Diagnostic::error(&self.file, t!("unsafe-link", link = url, scheme = scheme))
                .at(line, column)
                .with_help(t!("unsafe-link-help")),
        )
    }

    /// Checks what the types alone do not, pointing at each setting's line;
    /// every problem at once.
    fn check(&mut self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let problem = |key: &str, message: Message| {
            Diagnostic::error(&self.file, message).at(self.key_lines.line_of(key), 1)
        };
        let url = self.base_url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/')) {
            problems.push(
                problem("base_url", t!("base-url-scheme", url = url))
                    .with_help(t!("base-url-scheme-help")),
            );
        }
        let normalized = if url.ends_with('/') {
            url.to_owned()
        } else {
            format!("{url}/")
        };
        if !matches!(self.language.as_str(), "vi" | "en") {
            problems.push(problem(
                "language",
                t!("language-unsupported", language = self.language),
            ));
        }
        if self.paginate_by == 0
            || self.archives.paginate_by == 0
            || self.taxonomies.values().any(|t| t.paginate_by == Some(0))
        {
            problems.push(problem("paginate_by", t!("paginate-by-zero")));
        }
        if let Some(programme) = &self.programme
            && let ProgrammeEnd::Month(end) = programme.end
        {
            if end < programme.start {
                problems.push(problem(
                    "programme",
                    t!("programme-ends-first", end = end, start = programme.start),
                ));
            } else if end.year - programme.start.year > PROGRAMME_YEARS {
                problems.push(problem(
                    "programme",
                    t!(
                        "programme-too-long",
                        end = end,
                        start = programme.start,
                        years = PROGRAMME_YEARS
                    ),
                ));
            }
        }
        if self.cadence.kinds.is_empty() {
            problems.push(problem("cadence", t!("cadence-no-kinds")));
        }
        if self.feeds.limit == 0 {
            problems.push(problem("feeds", t!("feed-limit-zero")));
        }
        let images = &mut self.images;
        if images.widths.is_empty() || images.widths.iter().any(|&w| w == 0 || w > WIDEST_IMAGE) {
            problems.push(problem("images", t!("image-widths", widest = WIDEST_IMAGE)));
        }
        images.widths.sort_unstable();
        images.widths.dedup();
        if !(1..=100).contains(&images.quality) {
            problems.push(problem(
                "images",
                t!("image-quality", quality = images.quality),
            ));
        }
        for (name, taxonomy) in &self.taxonomies {
            if taxonomy.url_folder(name).is_empty() {
                problems.push(
                    problem("taxonomies", t!("taxonomy-no-address", name = name))
                        .with_help(t!("taxonomy-no-address-help")),
                );
            }
        }
        self.base_url = normalized;
        problems
    }

    /// The site path of the taxonomy called `name`: `/chu-de/`.
    pub fn taxonomy_path(&self, name: &str) -> Option<String> {
        self.taxonomies
            .get(name)
            .map(|t| format!("/{}/", t.url_folder(name)))
    }

    /// The path part of `base_url` (`/` or `/phong-chong/`), which every
    /// link inside the site starts with.
    pub fn base_path(&self) -> &str {
        // Asked for every link of every page: a scan of a few bytes, where
        // `str::find` would set up a substring searcher each time.
        let scheme_end = self
            .base_url
            .as_bytes()
            .windows(3)
            .position(|w| w == b"://");
        match scheme_end {
            Some(scheme_end) => {
                let after_host = &self.base_url[scheme_end + 3..];
                after_host
                    .find('/')
                    .map(|i| &after_host[i..])
                    .unwrap_or("/")
            }
            None => &self.base_url,
        }
    }

    /// A site path such as `/bai-viet/x/` as a link inside the site.
    pub fn url_for(&self, site_path: &str) -> String {
        joined(self.base_path(), site_path.trim_start_matches('/'))
    }

    /// A site path as an absolute URL, for feeds and sharing.
    pub fn permalink_for(&self, site_path: &str) -> String {
        joined(&self.base_url, site_path.trim_start_matches('/'))
    }
}

/// Two strings as one, without the formatting machinery: every link on
/// every page is made here.
fn joined(start: &str, end: &str) -> String {
    let mut both = String::with_capacity(start.len() + end.len());
    both.push_str(start);
    both.push_str(end);
    both
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Config {
        let mut config: Config = serde_norway::from_str(yaml).unwrap();
        config.key_lines = KeyLines::read(yaml, 1);
        assert_eq!(config.check(), []);
        config
    }

    #[test]
    fn every_setting_of_the_wrong_type_is_reported() {
        let yaml = "title: t\nbase_url: https://example.gov.vn/\npaginate_by: mười\nminify: có\ntime_zone: Mars/Olympus\n";
        let problems = read_all::<Config>(Path::new("site-config.yaml"), yaml, 0).unwrap_err();
        let lines: Vec<_> = problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5)], "{problems:#?}");
    }

    /// Inputs that made the config's reading panic, found by fuzzing
    /// (`scripts/fuzz`): each must give problems, not a panic.
    #[test]
    fn configs_found_by_fuzzing_give_problems() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/config");
        let mut inputs = 0;
        for entry in std::fs::read_dir(&folder).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let text = crate::text::normalize_input(String::from_utf8_lossy(&bytes).into_owned());
            let read = Config::from_text(
                "site-config.yaml".into(),
                &text,
                &ConfigOverrides::default(),
            );
            assert!(read.is_err(), "a broken config read as good");
            inputs += 1;
        }
        assert!(inputs > 0);
    }

    #[test]
    fn a_missing_setting_is_not_blamed_on_the_blanking() {
        let yaml = "title: [t]\nbase_url: https://example.gov.vn/\n";
        let problems = read_all::<Config>(Path::new("site-config.yaml"), yaml, 0).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].line, Some(1));
    }

    #[test]
    fn links_keep_a_sub_path() {
        let config = parse("title: t\nbase_url: https://example.gov.vn/phong-chong\n");
        assert_eq!(config.base_path(), "/phong-chong/");
        assert_eq!(config.url_for("/bai-viet/a/"), "/phong-chong/bai-viet/a/");
        assert_eq!(
            config.permalink_for("/bai-viet/a/"),
            "https://example.gov.vn/phong-chong/bai-viet/a/"
        );
        let root = parse("title: t\nbase_url: https://example.gov.vn\n");
        assert_eq!(root.url_for("/"), "/");
    }

    #[test]
    fn defaults_are_vietnamese() {
        let config = parse("title: t\nbase_url: /\n");
        assert_eq!(config.language, "vi");
        assert_eq!(config.time_zone, chrono_tz::Asia::Ho_Chi_Minh);
        assert!(config.minify);
    }

    #[test]
    fn checked_settings_name_their_line() {
        let yaml = "title: t\nbase_url: /\nlanguage: fr\nfeeds:\n  limit: 0\n";
        let mut config: Config = serde_norway::from_str(yaml).unwrap();
        config.key_lines = KeyLines::read(yaml, 1);
        let lines: Vec<_> = config.check().iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [Some(3), Some(4)], "every problem at once");
    }

    #[test]
    fn unknown_keys_and_time_zones_are_refused() {
        assert!(serde_norway::from_str::<Config>("title: t\nbase_url: /\ntitel: x\n").is_err());
        let error = serde_norway::from_str::<Config>("title: t\nbase_url: /\ntime_zone: Hanoi\n")
            .unwrap_err();
        assert!(error.to_string().contains("IANA"), "{error}");
    }
}
