//! The default theme in a real browser: every kind of page of the example
//! site loads without errors, passes axe-core's WCAG 2.1 A and AA rules,
//! and fits a phone's width without scrolling sideways.

mod common;

use std::io::Write;

use serde_json::{Value, json};

/// One page of each type the theme renders.
const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("section listing", "/bai-viet/"),
    (
        "article",
        "/bai-viet/cam-nang-to-chuc-buoi-truyen-thong-tai-co-so/",
    ),
    ("news", "/tin-tuc/ba-be-truyen-thong-tai-xa-nam-mau/"),
    ("legal summary", "/van-ban/nghi-dinh-178-2004-nd-cp/"),
    ("legal register", "/van-ban/danh-muc/"),
    ("taxonomy", "/chu-de/"),
    ("term", "/chu-de/phong-ngua/"),
    ("archive", "/luu-tru/2025/"),
    ("statistics", "/thong-ke/"),
    ("search", "/tim-kiem/"),
    ("page", "/trang/duong-day-nong/"),
    ("not found", "/404.html"),
];

/// The rules axe-core checks: WCAG 2.0 and 2.1, levels A and AA.
const AXE_RUN: &str = "const done = arguments[arguments.length - 1];\
    axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})\
      .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))\
      .catch(e => done(['axe failed: ' + e]));";

#[test]
fn every_page_type_is_accessible_error_free_and_fits_a_phone() {
    let Some(browser) = common::browser::browser("theme in a browser") else {
        return;
    };
    let Some(axe) = common::browser::axe_core("theme in a browser") else {
        return;
    };
    let (_site, address) = common::browser::serve_example();
    browser.record_problems();

    // The checks can see a problem: an image without a description and a
    // console error, put in on purpose.
    browser.open(&format!("{address}/"));
    browser.run(&axe, json!([]));
    browser.run(
        "document.querySelector('main').append(document.createElement('img')); console.error('on purpose');",
        json!([]),
    );
    let violations = browser.run_async(AXE_RUN, json!([]));
    assert!(
        violations.to_string().contains("image-alt"),
        "axe-core missed an image without alt: {violations}"
    );
    let problems = browser.run("return window.__problems;", json!([]));
    assert_eq!(problems, json!(["on purpose"]));
    // The dark colour scheme reaches the page, and changes its colours.
    let background = "return [matchMedia('(prefers-color-scheme: dark)').matches, getComputedStyle(document.body).backgroundColor];";
    let light = browser.run(background, json!([]));
    browser.emulate_media("screen", "dark");
    let dark = browser.run(background, json!([]));
    browser.emulate_media("screen", "light");
    assert_eq!((&light[0], &dark[0]), (&json!(false), &json!(true)));
    assert_ne!(light[1], dark[1], "the dark scheme has its own background");
    // Printed, the menu is left out.
    browser.emulate_media("print", "light");
    let menu = browser.run(
        "return getComputedStyle(document.querySelector('.site-header nav')).display;",
        json!([]),
    );
    browser.emulate_media("screen", "light");
    assert_eq!(menu, "none", "a printed page has no menu");

    let mut failures = Vec::new();
    for &(kind, path) in PAGES {
        browser.resize(1280, 900);
        browser.open(&format!("{address}{path}"));
        let problems = browser.run("return window.__problems;", json!([]));
        if problems != json!([]) {
            failures.push(format!("{kind} {path}: {problems}"));
        }
        browser.run(&axe, json!([]));
        // In the light and the dark colour scheme: contrast is checked in
        // both.
        for scheme in ["light", "dark"] {
            browser.emulate_media("screen", scheme);
            let violations = browser.run_async(AXE_RUN, json!([]));
            if violations != json!([]) {
                failures.push(format!("{kind} {path} ({scheme}): {violations}"));
            }
        }
        browser.emulate_media("screen", "light");
        for width in [360, 320] {
            browser.resize(width, 800);
            // The page's width, the window's, and the elements reaching
            // past the window whose children do not (the ones to fix).
            let widths: Value = browser.run(
                "const wide = [...document.querySelectorAll('body *')]\
                   .filter(e => e.getBoundingClientRect().right > innerWidth + 1\
                     && ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth + 1))\
                   .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));\
                 return [document.documentElement.scrollWidth, innerWidth, wide];",
                json!([]),
            );
            if widths[0].as_u64() > widths[1].as_u64() {
                failures.push(format!(
                    "{kind} {path}: scrolls sideways at {width} px (content {}, window {}): {}",
                    widths[0], widths[1], widths[2]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_reader_moves_through_menu_pages_and_items_by_clicking() {
    let Some(browser) = common::browser::browser("theme navigation in a browser") else {
        return;
    };
    let (_site, address) = common::browser::serve_example();
    let path = "return location.pathname;";
    browser.resize(1280, 900);
    browser.open(&format!("{address}/"));
    // The menu leads to a section, which is marked as the current page.
    browser.click(".site-header nav a[href='/bai-viet/']");
    browser.wait_for(
        "return location.pathname === '/bai-viet/';",
        "the articles section",
    );
    let current = browser.run(
        "return document.querySelector(\".site-header nav [aria-current]\").getAttribute('href');",
        json!([]),
    );
    assert_eq!(current, "/bai-viet/");
    // The next page of the listing, and back to the first.
    browser.click(".pagination a[rel=next]");
    browser.wait_for(
        "return location.pathname === '/bai-viet/page/2/';",
        "the second page",
    );
    let marked = browser.run(
        "return [document.querySelector('.pagination [aria-current=page]').textContent, document.querySelectorAll('main h2 a, main h3 a').length];",
        json!([]),
    );
    assert_eq!(marked[0], "2", "{marked}");
    assert!(marked[1].as_u64() > Some(0), "items on page 2: {marked}");
    browser.click(".pagination a[rel=prev]");
    browser.wait_for(
        "return location.pathname === '/bai-viet/';",
        "the first page",
    );
    // An item's card leads to the item, whose heading is the card's title.
    let title = browser.run(
        "return document.querySelector('main h2 a, main h3 a').textContent.trim();",
        json!([]),
    );
    browser.click("main h2 a, main h3 a");
    browser.wait_for(
        "return location.pathname.startsWith('/bai-viet/') && location.pathname !== '/bai-viet/';",
        "an article",
    );
    let heading = browser.run(
        "return document.querySelector('h1').textContent.trim();",
        json!([]),
    );
    assert_eq!(heading, title);
    let at = browser.run(path, json!([]));
    // The skip link takes the keyboard to the main content.
    browser.type_into("body", "\u{E004}");
    let focused = browser.run("return document.activeElement.className;", json!([]));
    assert_eq!(
        focused, "skip-link",
        "Tab first reaches the skip link on {at}"
    );
    // What has the keyboard's focus is seen: the skip link comes into view
    // and is outlined, and so is the link after it.
    let seen = "const e = document.activeElement, box = e.getBoundingClientRect(), style = getComputedStyle(e);\
        return [box.left >= 0 && box.top >= 0, style.outlineStyle, parseFloat(style.outlineWidth) >= 2];";
    assert_eq!(browser.run(seen, json!([])), json!([true, "solid", true]));
    browser.type_into(":focus", "\u{E004}");
    let next = browser.run("return document.activeElement.className;", json!([]));
    assert_ne!(next, "skip-link", "Tab moves on from the skip link");
    assert_eq!(browser.run(seen, json!([])), json!([true, "solid", true]));
}

/// Bytes of `bytes` compressed as a host would send them.
fn gzipped(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

#[test]
fn pages_are_light_with_system_fonts_and_no_script_to_read() {
    let out = tempfile::tempdir().unwrap();
    common::build_example(out.path(), &[]);
    let read = |path: &str| std::fs::read(out.path().join(path)).unwrap();
    let style = read("style.css");
    let css = String::from_utf8_lossy(&style);
    assert!(
        !css.contains("@font-face") && !css.contains("@import"),
        "system fonts only, one style sheet"
    );
    for &(kind, path) in PAGES {
        let file = if path.ends_with('/') {
            format!("{}index.html", &path[1..])
        } else {
            path[1..].to_owned()
        };
        let html = read(&file);
        let text = String::from_utf8_lossy(&html);
        // One style sheet, and no script a reader needs: only the search
        // page runs one (and says so when scripts are off).
        assert_eq!(text.matches("rel=stylesheet").count(), 1, "{kind}");
        let scripts = text.matches("<script").count() - text.matches("application/ld+json").count();
        assert_eq!(scripts, usize::from(kind == "search"), "{kind}: scripts");
        if ["article", "news", "legal summary"].contains(&kind) {
            let weight = gzipped(&html) + gzipped(&style);
            assert!(
                weight <= 30_000,
                "{kind} {path}: HTML and CSS are {weight} bytes gzipped"
            );
        }
    }
}
