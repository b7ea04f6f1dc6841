//! Render: Markdown bodies to HTML, and the theme's templates ready to fill.
//!
//! `markdown` turns each body into HTML (in parallel, one page per task);
//! `templates` loads the theme and the site's overrides into Tera with loa's
//! filters; `i18n` reads the theme's interface strings.

pub mod i18n;
pub mod links;
pub mod markdown;
pub mod templates;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::load::config::MentionLinks;
use crate::model::Site;
use crate::model::legal::number_key;
use markdown::{LinkTargets, RenderedMarkdown, Source};

/// Rendered bodies, parallel to [`Site::pages`] and [`Site::sections`].
#[derive(Debug, Default)]
pub struct RenderedBodies {
    pub pages: Vec<RenderedMarkdown>,
    pub sections: Vec<RenderedMarkdown>,
}

/// Renders every body of the site.
pub fn render_bodies(site: &Site, diagnostics: &mut Vec<Diagnostic>) -> RenderedBodies {
    let mut urls: HashMap<&str, String> = site
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
    let documents = site
        .legal
        .by_key
        .iter()
        .map(|(key, &page)| (key.clone(), site.config.url_for(&site.pages[page].path)))
        .collect();
    let targets = LinkTargets {
        urls,
        unpublished: &site.unpublished,
        base_path: site.config.base_path(),
        documents,
        document_files: site
            .legal
            .by_key
            .iter()
            .map(|(key, &page)| (site.pages[page].file.content_path.as_str(), key.clone()))
            .collect(),
        link_every_mention: site.config.legal.link == MentionLinks::Every,
    };
    let allow_html = site.config.markdown.unsafe_html;
    let render_one =
        |file: &std::path::Path, body: &str, first_line: usize, own_document: Option<String>| {
            let mut found = Vec::new();
            let source = Source {
                file,
                body,
                first_line,
                own_document,
            };
            let rendered = markdown::render(&source, &targets, allow_html, &mut found);
            (rendered, found)
        };
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(index, page)| {
            let own = page
                .front
                .number
                .as_deref()
                .map(number_key)
                .filter(|key| site.legal.by_key.get(key) == Some(&index));
            render_one(&page.file.path, &page.body, page.body_line, own)
        })
        .collect();
    let sections: Vec<_> = site
        .sections
        .iter()
        .map(|section| {
            let file = section
                .file
                .as_ref()
                .map(|f| f.path.as_path())
                .unwrap_or(std::path::Path::new("content"));
            render_one(file, &section.body, section.body_line, None)
        })
        .collect();
    let mut keep_diagnostics = |results: Vec<(RenderedMarkdown, Vec<Diagnostic>)>| {
        results
            .into_iter()
            .map(|(rendered, found)| {
                diagnostics.extend(found);
                rendered
            })
            .collect::<Vec<_>>()
    };
    let pages = keep_diagnostics(pages);
    let sections = keep_diagnostics(sections);
    RenderedBodies { pages, sections }
}
