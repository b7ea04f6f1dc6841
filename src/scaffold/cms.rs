//! The web editor of a site (`loa cms`, and `loa init`): Decap CMS in
//! `static/admin/`, so that writers fill in forms in the browser instead of
//! writing Markdown and YAML. `config.yml` is made from the same
//! definitions loa checks items against: a collection per section with its
//! kind's fields, the site's closed vocabularies and its places as choices,
//! dated kinds' dates, page bundles with their photos beside them, and file
//! names as `loa new` makes them. `loa serve` answers the editor's local
//! backend (`serve::cms`), so it saves into the site's folder.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::item::{Section, hierarchy_places, sections};
use crate::error::Error;
use crate::load::config::CmsBackend;
use crate::load::front_matter::Kind;
use crate::load::{self, Config, LoadOptions};
use crate::messages::Lang;
use crate::t_in;

/// The editor's version, its script and that script's SHA-384 (Subresource
/// Integrity): a browser refuses the script if a single byte differs.
pub const DECAP_VERSION: &str = "3.16.3";
const DECAP_INTEGRITY: &str =
    "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p";

/// Where the editor's files go, under the site's folder.
pub const ADMIN_FOLDER: &str = "static/admin";

#[derive(Serialize)]
struct Backend {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    repo: Option<String>,
    branch: String,
    /// GitHub: the OAuth service that signs writers in; GitLab: a
    /// department's own GitLab.
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_root: Option<String>,
    /// GitLab signs in in the browser alone (PKCE), with the id of the
    /// project's OAuth application.
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_id: Option<String>,
}

#[derive(Serialize)]
struct SlugRules {
    encoding: &'static str,
    clean_accents: bool,
    sanitize_replacement: &'static str,
}

#[derive(Serialize)]
struct CmsConfigFile {
    backend: Backend,
    /// Read by `loa serve`, which answers the local backend itself.
    local_backend: bool,
    locale: String,
    /// Photos outside bundles; a bundle's photos are beside its text.
    media_folder: &'static str,
    public_folder: &'static str,
    site_url: String,
    slug: SlugRules,
    collections: Vec<Collection>,
}

#[derive(Serialize)]
struct Collection {
    name: String,
    label: String,
    folder: String,
    create: bool,
    slug: &'static str,
    path: &'static str,
    media_folder: &'static str,
    public_folder: &'static str,
    extension: &'static str,
    format: &'static str,
    summary: &'static str,
    sortable_fields: Vec<&'static str>,
    fields: Vec<Field>,
}

#[derive(Serialize, Clone)]
struct Choice {
    label: String,
    value: String,
}

#[derive(Serialize, Clone, Default)]
struct Field {
    label: String,
    name: &'static str,
    widget: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_format: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<Choice>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<Field>,
}

impl Field {
    fn new(label: &str, name: &'static str, widget: &'static str) -> Field {
        Field {
            label: label.to_owned(),
            name,
            widget,
            ..Field::default()
        }
    }

    /// Not every item has it: Decap then leaves it out of the file.
    fn optional(mut self) -> Field {
        self.required = Some(false);
        self
    }

    fn hint(mut self, hint: &str) -> Field {
        self.hint = Some(hint.to_owned());
        self
    }
}

/// A day as front matter writes it, picked on a calendar shown the
/// Vietnamese way.
fn date_field(label: &str, name: &'static str, language: &str) -> Field {
    Field {
        format: Some("YYYY-MM-DD"),
        date_format: Some(if language == "vi" {
            "DD/MM/YYYY"
        } else {
            "YYYY-MM-DD"
        }),
        time_format: Some(false),
        ..Field::new(label, name, "datetime")
    }
}

fn choices_field(label: &str, name: &'static str, choices: Vec<Choice>) -> Field {
    Field {
        multiple: Some(true),
        options: choices,
        ..Field::new(label, name, "select")
    }
}

/// The field of a taxonomy: a closed one's terms (or a hierarchy's places)
/// as choices; an open one as a free list, since its writers may add terms.
fn taxonomy_field(config: &Config, data: &serde_json::Value, name: &'static str) -> Option<Field> {
    let taxonomy = config.taxonomies.get(name)?;
    let mut choices = Vec::new();
    if taxonomy.hierarchy.is_some() {
        choices.extend(
            hierarchy_places(taxonomy, data)?
                .into_iter()
                .map(|(value, label)| Choice { label, value }),
        );
    } else if taxonomy.closed {
        choices.extend(taxonomy.terms.iter().map(|(key, label)| Choice {
            label: label.clone(),
            value: key.clone(),
        }));
    }
    Some(if choices.is_empty() {
        let field = Field::new(&taxonomy.title, name, "list");
        match taxonomy.terms.is_empty() {
            true => field,
            false => {
                let known: Vec<&str> = taxonomy.terms.keys().map(String::as_str).collect();
                field.hint(&known.join(", "))
            }
        }
    } else {
        choices_field(&taxonomy.title, name, choices)
    })
}

/// The legal statuses the theme has words for, in the site's language.
fn statuses(root: &Path, config: &Config) -> Vec<Choice> {
    let strings = load::theme::Theme::of(root, config)
        .and_then(|theme| crate::render::i18n::load(root, config, &theme))
        .unwrap_or_default();
    strings
        .into_iter()
        .filter_map(|(key, label)| {
            Some(Choice {
                value: key.strip_prefix("status_")?.to_owned(),
                label,
            })
        })
        .collect()
}

/// The fields of an item of `kind`, in the order a writer fills them in.
fn fields(
    kind: Kind,
    config: &Config,
    data: &serde_json::Value,
    statuses: &[Choice],
    lang: Lang,
) -> Vec<Field> {
    let language = config.language.as_str();
    let mut fields = vec![Field::new(t_in!(lang, "cms-title"), "title", "string")];
    if kind.is_dated() {
        let mut date = date_field(t_in!(lang, "cms-date"), "date", language);
        date.default = Some(serde_json::Value::from("{{now}}"));
        fields.push(date);
    }
    fields.push(Field {
        default: Some(false.into()),
        ..Field::new(t_in!(lang, "cms-draft"), "draft", "boolean")
            .optional()
            .hint(t_in!(lang, "cms-draft-hint"))
    });
    fields.push(
        Field::new(t_in!(lang, "cms-summary"), "summary", "text")
            .optional()
            .hint(t_in!(lang, "cms-summary-hint")),
    );
    if kind == Kind::News {
        if let Some(mut places) = taxonomy_field(config, data, "localities") {
            places.min = Some(1);
            fields.push(places.hint(t_in!(lang, "cms-localities-hint")));
        }
        fields.push(date_field(t_in!(lang, "cms-event-date"), "event_date", language).optional());
        fields.push(Field::new(t_in!(lang, "cms-organiser"), "organiser", "string").optional());
    } else if kind != Kind::Page {
        fields.extend(taxonomy_field(config, data, "localities").map(Field::optional));
    }
    if kind != Kind::Page {
        for name in ["audiences", "topics", "tags"] {
            fields.extend(taxonomy_field(config, data, name).map(Field::optional));
        }
    }
    if kind == Kind::Legal {
        fields.push(
            Field::new(t_in!(lang, "cms-number"), "number", "string")
                .optional()
                .hint(t_in!(lang, "cms-number-hint")),
        );
        fields.push(Field::new(t_in!(lang, "cms-doc-type"), "doc_type", "string").optional());
        fields.push(Field::new(t_in!(lang, "cms-issuer"), "issuer", "string").optional());
        fields.push(date_field(t_in!(lang, "cms-signed"), "signed", language).optional());
        fields.push(date_field(t_in!(lang, "cms-effective"), "effective", language).optional());
        if !statuses.is_empty() {
            fields.push(
                Field {
                    options: statuses.to_vec(),
                    ..Field::new(t_in!(lang, "cms-status"), "status", "select")
                }
                .optional(),
            );
        }
        fields.push(Field::new(t_in!(lang, "cms-source-url"), "source_url", "string").optional());
        for (label, name) in [
            (t_in!(lang, "cms-amends"), "amends"),
            (t_in!(lang, "cms-amended-by"), "amended_by"),
            (t_in!(lang, "cms-replaces"), "replaces"),
            (t_in!(lang, "cms-replaced-by"), "replaced_by"),
        ] {
            fields.push(
                Field::new(label, name, "list")
                    .optional()
                    .hint(t_in!(lang, "cms-relation-hint")),
            );
        }
    }
    if kind == Kind::Page {
        fields.push(Field::new(t_in!(lang, "cms-weight"), "weight", "number").optional());
    }
    // Optional: `loa check` names photos left without a description.
    let alt = Field::new(t_in!(lang, "cms-alt"), "alt", "string")
        .optional()
        .hint(t_in!(lang, "cms-alt-hint"));
    fields.push(
        Field {
            fields: vec![
                Field::new(t_in!(lang, "cms-photo"), "src", "image").optional(),
                alt.clone(),
            ],
            ..Field::new(t_in!(lang, "cms-image"), "image", "object")
        }
        .optional(),
    );
    fields.push(
        Field {
            fields: vec![
                Field::new(t_in!(lang, "cms-photo"), "src", "image"),
                alt,
                Field::new(t_in!(lang, "cms-caption"), "caption", "string").optional(),
            ],
            ..Field::new(t_in!(lang, "cms-gallery"), "gallery", "list")
        }
        .optional(),
    );
    fields.push(Field::new(t_in!(lang, "cms-body"), "body", "markdown"));
    fields
}

fn collection(section: &Section, fields: Vec<Field>) -> Collection {
    let dated = section.kind.is_dated();
    Collection {
        name: section.folder.replace('/', "-"),
        label: section.title.clone(),
        folder: format!("content/{}", section.folder),
        create: true,
        // The folder is named as `loa new` names the file, and the item is
        // a page bundle: its photos are saved beside it.
        slug: if dated {
            "{{year}}-{{month}}-{{day}}-{{slug}}"
        } else {
            "{{slug}}"
        },
        path: "{{slug}}/index",
        media_folder: "",
        public_folder: "",
        extension: "md",
        format: "frontmatter",
        summary: if dated {
            "{{title}} ({{date}})"
        } else {
            "{{title}}"
        },
        sortable_fields: if dated {
            vec!["date", "title"]
        } else {
            vec!["title"]
        },
        fields,
    }
}

/// The two files of the editor: `config.yml` and the page that loads it.
/// The page finds the theme's stylesheet beside itself (`../style.css`),
/// wherever the site is served, so previews look like the site.
pub fn files(
    root: &Path,
    config: &Config,
    data: &serde_json::Value,
) -> Result<[(String, String); 2], Error> {
    // The forms speak the site's language, whatever loa's messages speak.
    let lang = Lang::from_tag(&config.language).unwrap_or(Lang::En);
    let cms = &config.cms;
    let repo = match cms.backend {
        CmsBackend::GitGateway => None,
        CmsBackend::Github | CmsBackend::Gitlab => Some(cms.repo.clone().ok_or_else(|| {
            Error::Usage(crate::t!("cms-needs-repo", backend = cms.backend.name()).text)
        })?),
    };
    let app_id = match cms.backend {
        CmsBackend::Gitlab => Some(
            cms.app_id
                .clone()
                .ok_or_else(|| Error::Usage(crate::t!("cms-gitlab-needs-app-id").text))?,
        ),
        _ => None,
    };
    let statuses = statuses(root, config);
    let collections = sections(root)
        .iter()
        .map(|section| collection(section, fields(section.kind, config, data, &statuses, lang)))
        .collect();
    let file = CmsConfigFile {
        backend: Backend {
            name: cms.backend.name(),
            repo,
            branch: cms.branch.clone(),
            base_url: cms.auth_url.clone(),
            auth_endpoint: cms.auth_endpoint.clone(),
            api_root: cms.api_root.clone(),
            auth_type: app_id.is_some().then_some("pkce"),
            app_id,
        },
        local_backend: true,
        locale: config.language.clone(),
        media_folder: "static/images",
        public_folder: "/images",
        site_url: config.base_url.clone(),
        slug: SlugRules {
            encoding: "ascii",
            clean_accents: true,
            sanitize_replacement: "-",
        },
        collections,
    };
    let yaml = serde_norway::to_string(&file)
        .map_err(|e| Error::Fault(format!("the editor's config could not be written: {e}")))?;
    let config_yml = format!("{}\n{yaml}", t_in!(lang, "cms-config-comment"));
    let script = match &cms.script {
        Some(own) => format!(
            "<script src=\"{}\"></script>",
            html_escape::encode_double_quoted_attribute(own)
        ),
        None => format!(
            "<script src=\"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js\" integrity=\"{DECAP_INTEGRITY}\" crossorigin=\"anonymous\"></script>"
        ),
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{title} – {site}</title>\n</head>\n<body>\n{script}\n<script>CMS.registerPreviewStyle(\"../style.css\");</script>\n</body>\n</html>\n",
        lang = config.language,
        title = html_escape::encode_text(t_in!(lang, "cms-page-title")),
        site = html_escape::encode_text(&config.title),
    );
    Ok([
        ("config.yml".to_owned(), config_yml),
        ("index.html".to_owned(), page),
    ])
}

/// Writes the editor into the site at `options.root`; returns the files
/// written, relative to it.
pub fn write_cms(options: &LoadOptions) -> Result<Vec<PathBuf>, Error> {
    let config = options.load_config()?;
    let mut elsewhere = Vec::new();
    let data = load::data::load(&options.root, &mut elsewhere);
    let folder = options.root.join(ADMIN_FOLDER);
    std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    let mut written = Vec::new();
    for (name, text) in files(&options.root, &config, &data)? {
        let target = folder.join(&name);
        std::fs::write(&target, text).map_err(|e| Error::io(&target, e))?;
        written.push(Path::new(ADMIN_FOLDER).join(name));
    }
    Ok(written)
}
