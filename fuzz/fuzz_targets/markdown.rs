//! A body through the whole Markdown step: links to other items and
//! their `@/` paths, mentions of legal documents, raw HTML sanitized or
//! trusted, minified or not (the first byte chooses).

#![no_main]

use std::collections::BTreeMap;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use loa::render::markdown::{LinkTargets, Source, Writing, render};
use loa::render::raw_html::{Policy, Treatment};

fuzz_target!(|bytes: &[u8]| {
    let Some((&choice, body)) = bytes.split_first() else {
        return;
    };
    let body = loa::text::normalize_input(String::from_utf8_lossy(body).into_owned());
    let unpublished = BTreeMap::new();
    let targets = LinkTargets {
        urls: FromIterator::from_iter([
            ("van-ban/nd-178.md", "/van-ban/nd-178/".to_owned()),
            ("bai-viet/a.md", "/bai-viet/a/".to_owned()),
        ]),
        unpublished: &unpublished,
        base_path: "/",
        documents: FromIterator::from_iter([(
            loa::model::legal::number_key("178/2004/NĐ-CP"),
            "/van-ban/nd-178/".to_owned(),
        )]),
        document_files: FromIterator::from_iter([(
            "van-ban/nd-178.md",
            loa::model::legal::number_key("178/2004/NĐ-CP"),
        )]),
        link_every_mention: choice & 1 == 1,
        pictures: None,
    };
    let source = Source {
        file: Path::new("content/bai-viet/a.md"),
        page_path: "/bai-viet/a/",
        body: &body,
        first_line: 5,
        own_document: None,
        undescribed: Vec::new(),
    };
    let writing = Writing {
        raw_html: if choice & 2 == 2 {
            Treatment::Sanitize
        } else {
            Treatment::AsWritten
        },
        policy: Policy::new(&["www.youtube.com".to_owned()]),
        minify: choice & 4 == 4,
        alert_titles: Writing::alert_titles("vi"),
    };
    let mut diagnostics = Vec::new();
    let rendered = render(&source, &targets, &writing, &mut diagnostics);
    if choice & 2 == 2 {
        assert!(!rendered.html.contains("<script"), "{}", rendered.html);
    }
    let last = 5 + body.lines().count();
    for diagnostic in &diagnostics {
        assert!(
            diagnostic.line.is_none_or(|line| line <= last + 1),
            "{diagnostic:?}"
        );
    }
});
