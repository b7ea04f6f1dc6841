//! Slugs of any title: lower-case ASCII words joined by single hyphens,
//! short enough to be a file name.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let slug = loa::text::slugify(text);
    assert!(slug.len() <= loa::text::SLUG_LIMIT, "{slug}");
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{slug}"
    );
    assert!(
        !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
        "{slug}"
    );
    assert_eq!(loa::text::slugify(&slug), slug, "a slug is its own slug");
});
