//! A new content item with its front matter filled in (`loa new`).
//!
//! The item lands in the section that holds its kind, as a page bundle (a
//! folder with `index.md`, where its photos go) named from its slug (and
//! date, for dated kinds), with every required field written out and
//! the optional ones as comments listing the site's own vocabularies, so a
//! writer fills in blanks instead of remembering field names.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::Error;
use crate::load::config::TaxonomyConfig;
use crate::load::content::ContentRole;
use crate::load::front_matter::Kind;
use crate::load::{self, Config, LoadOptions};
use crate::messages::Lang;
use crate::text::slugify;
use crate::{t, t_in};

/// What `loa new` was asked for.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub kind: Kind,
    pub title: String,
    /// The section folder under `content/`; by default the one whose
    /// `_index.md` says `kind:` of this kind.
    pub section: Option<String>,
    /// The publication date; today in the site's time zone by default.
    pub date: Option<NaiveDate>,
}

/// Writes the new item and returns its path relative to the site's folder.
/// Never replaces a file: an item with the same name is an error.
pub fn write_new_item(options: &LoadOptions, item: &NewItem) -> Result<PathBuf, Error> {
    let config = &options.load_config()?;
    // Only the sections' indexes and the data files are read: problems in
    // other content do not stop a writer from starting an item (`loa check`
    // reports them), and a large site need not be parsed for it.
    let mut elsewhere = Vec::new();
    let sections = sections(&options.root);
    let data = load::data::load(&options.root, &mut elsewhere);
    let title = crate::text::normalize_input(item.title.trim().to_owned());
    let slug = slugify(&title);
    if slug.is_empty() {
        return Err(Error::Usage(t!("title-no-file-name", title = title).text));
    }
    let (section, section_kind) = section_for(&sections, item)?;
    let date = item.date.unwrap_or_else(|| {
        chrono::Utc::now()
            .with_timezone(&config.time_zone)
            .date_naive()
    });
    let name = if item.kind.is_dated() {
        format!("{date}-{slug}")
    } else {
        slug
    };
    // A page bundle: the item's photos go beside its text, as the web
    // editor saves them.
    let folder = Path::new("content").join(&section).join(&name);
    let relative = folder.join("index.md");
    let flat = Path::new("content")
        .join(&section)
        .join(format!("{name}.md"));
    if options.root.join(&flat).exists() {
        return Err(already_there(&flat));
    }
    let full_folder = options.root.join(&folder);
    std::fs::create_dir_all(&full_folder).map_err(|error| Error::io(&full_folder, error))?;
    let text = front_matter(config, &data, item, &title, date, section_kind);
    let full = options.root.join(&relative);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => already_there(&relative),
            _ => Error::io(&full, error),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|error| Error::io(&full, error))?;
    Ok(relative)
}

fn already_there(path: &Path) -> Error {
    Error::Usage(t!("item-exists", path = path.display()).text)
}

/// A section of the site, as its `_index.md` declares it.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder under `content/`.
    pub folder: String,
    /// The kind it gives its items.
    pub kind: Kind,
    pub title: String,
}

/// Each section, by folder name. Only the sections' indexes are read.
pub fn sections(root: &Path) -> Vec<Section> {
    let mut sections: Vec<Section> = load::content::walk(root)
        .documents
        .into_iter()
        .filter(|file| file.role == ContentRole::SectionIndex)
        .filter_map(|file| {
            let folder = file.section.clone()?;
            let (index, _) = load::front_matter::parse(root, file).ok()?;
            Some(Section {
                title: index.front.title.clone().unwrap_or_else(|| folder.clone()),
                kind: index.front.kind.unwrap_or(Kind::Page),
                folder,
            })
        })
        .collect();
    sections.sort_unstable_by(|a, b| a.folder.cmp(&b.folder));
    sections
}

/// The section folder for the item and the kind that section gives its
/// items.
fn section_for(sections: &[Section], item: &NewItem) -> Result<(String, Kind), Error> {
    let listed = || {
        sections
            .iter()
            .map(|section| format!("{} ({})", section.folder, section.kind.name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &item.section {
        Some(wanted) => sections
            .iter()
            .find(|section| &section.folder == wanted)
            .map(|section| (section.folder.clone(), section.kind))
            .ok_or_else(|| {
                Error::Usage(t!("no-such-section", section = wanted, sections = listed()).text)
            }),
        None => sections
            .iter()
            .find(|section| section.kind == item.kind)
            .map(|section| (section.folder.clone(), section.kind))
            .ok_or_else(|| {
                Error::Usage(
                    t!(
                        "no-section-of-kind",
                        kind = item.kind.name(),
                        sections = listed()
                    )
                    .text,
                )
            }),
    }
}

/// Words of the file written for the site's language.
struct Words {
    draft: &'static str,
    summary: &'static str,
    optional: &'static str,
    localities: &'static str,
    choose_from: &'static str,
    legal: &'static str,
    body: &'static str,
}

impl Words {
    /// The words in the site's language, which need not be that of loa's
    /// messages.
    fn in_language(language: &str) -> Words {
        let lang = Lang::from_tag(language).unwrap_or(Lang::En);
        Words {
            draft: t_in!(lang, "new-item-draft"),
            summary: t_in!(lang, "new-item-summary"),
            optional: t_in!(lang, "new-item-optional"),
            localities: t_in!(lang, "new-item-localities"),
            choose_from: t_in!(lang, "new-item-choose-from"),
            legal: t_in!(lang, "new-item-legal"),
            body: t_in!(lang, "new-item-body"),
        }
    }
}

fn front_matter(
    config: &Config,
    data: &serde_json::Value,
    item: &NewItem,
    title: &str,
    date: NaiveDate,
    section_kind: Kind,
) -> String {
    let words = Words::in_language(&config.language);
    let mut text = String::from("---\n");
    let _ = writeln!(text, "title: {}", quoted(title));
    if section_kind != item.kind {
        let _ = writeln!(text, "kind: {}", item.kind.name());
    }
    if item.kind.is_dated() {
        let _ = writeln!(text, "date: {date}");
    }
    let _ = writeln!(text, "# {}\ndraft: true", words.draft);
    if item.kind == Kind::News {
        let _ = writeln!(text, "# {}", words.localities);
        if let Some(keys) = vocabulary(config, data, "localities") {
            let _ = writeln!(text, "# {}: {keys}", words.choose_from);
        }
        let _ = writeln!(text, "localities: []");
    }
    let _ = writeln!(text, "# {}", words.optional);
    let _ = writeln!(text, "# summary: \"{}\"", words.summary);
    for taxonomy in ["topics", "audiences"] {
        match vocabulary(config, data, taxonomy) {
            Some(keys) => {
                let _ = writeln!(text, "# {taxonomy}: []   # {}: {keys}", words.choose_from);
            }
            None => {
                let _ = writeln!(text, "# {taxonomy}: []");
            }
        }
    }
    text.push_str("# tags: []\n# authors: []\n# image: {src: anh.jpg, alt: \"\"}\n");
    match item.kind {
        Kind::News => text.push_str("# event_date: \n# organiser: \"\"\n"),
        Kind::Legal => {
            let _ = writeln!(
                text,
                "# {}\n# number: \"\"\n# doc_type: \"\"\n# issuer: \"\"\n# signed: \n# effective: \n# status: con-hieu-luc\n# source_url: \"\"",
                words.legal
            );
        }
        Kind::Article | Kind::Page => {}
    }
    let _ = writeln!(text, "---\n{}", words.body);
    text
}

/// The keys a taxonomy accepts, for a comment: its `terms` in the config,
/// or the places of its hierarchy file. `None` when it is open.
fn vocabulary(config: &Config, data: &serde_json::Value, taxonomy: &str) -> Option<String> {
    let settings = config.taxonomies.get(taxonomy)?;
    let keys: Vec<String> = match &settings.hierarchy {
        Some(_) => hierarchy_places(settings, data)?
            .into_iter()
            .map(|(key, _)| key)
            .collect(),
        None => settings.terms.keys().cloned().collect(),
    };
    (!keys.is_empty()).then(|| keys.join(", "))
}

/// The places of a taxonomy's hierarchy file in `data/`, in the file's
/// order, each as its key and its name after the places above it ("Bắc
/// Kạn › Ba Bể › Nam Mẫu"). `None` when it has no hierarchy or the file is
/// missing.
pub(super) fn hierarchy_places(
    settings: &TaxonomyConfig,
    data: &serde_json::Value,
) -> Option<Vec<(String, String)>> {
    fn walk(tree: &serde_json::Value, above: &str, out: &mut Vec<(String, String)>) {
        for place in tree.as_array().into_iter().flatten() {
            let (Some(key), Some(name)) = (
                place.get("key").and_then(serde_json::Value::as_str),
                place.get("name").and_then(serde_json::Value::as_str),
            ) else {
                continue;
            };
            let label = match above {
                "" => name.to_owned(),
                _ => format!("{above} › {name}"),
            };
            out.push((key.to_owned(), label.clone()));
            if let Some(children) = place.get("children") {
                walk(children, &label, out);
            }
        }
    }
    let file = settings.hierarchy.as_deref()?;
    let stem = file.trim_end_matches(".yaml").trim_end_matches(".yml");
    let mut places = Vec::new();
    walk(data.get(stem)?, "", &mut places);
    Some(places)
}

/// A YAML double-quoted string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(
            quoted(r#"Nói "không" với \ ma túy"#),
            r#""Nói \"không\" với \\ ma túy""#
        );
        let parsed: String = serde_norway::from_str(&quoted(r#"a "b" \c"#)).unwrap();
        assert_eq!(parsed, r#"a "b" \c"#);
    }
}
