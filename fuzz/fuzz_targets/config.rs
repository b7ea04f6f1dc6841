//! A site's config file: every problem is a diagnostic at a line of the
//! file, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::load::config::{Config, ConfigOverrides};

fuzz_target!(|bytes: &[u8]| {
    let text = loa::text::normalize_input(String::from_utf8_lossy(bytes).into_owned());
    let lines = text.lines().count().max(1);
    if let Err(problems) = Config::from_text(
        "site-config.yaml".into(),
        &text,
        &ConfigOverrides::default(),
    ) {
        assert!(!problems.is_empty());
        for problem in problems {
            assert!(
                problem.line.is_none_or(|line| line <= lines + 1),
                "{problem:?}"
            );
        }
    }
});
