//! A content file as a writer saves it: front matter, then a body. Any
//! bytes must give a parsed item or a diagnostic, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::load::content::{ContentFile, ContentRole};
use loa::load::front_matter::parse_text;

fuzz_target!(|bytes: &[u8]| {
    let text = loa::text::normalize_input(String::from_utf8_lossy(bytes).into_owned());
    let file = ContentFile {
        path: "content/bai-viet/a.md".into(),
        content_path: "bai-viet/a.md".to_owned(),
        section: Some("bai-viet".to_owned()),
        role: ContentRole::Page,
    };
    if let Err(problems) = parse_text(file, text) {
        assert!(!problems.is_empty());
        for problem in problems {
            assert!(problem.line.is_some_and(|line| line >= 1), "{problem:?}");
        }
    }
});
