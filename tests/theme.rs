//! The default theme in a real browser: every kind of page of the example
//! site loads without errors, passes axe-core's WCAG 2.1 A and AA rules,
//! and fits a phone's width without scrolling sideways.

mod common;

use std::io::Write;

use serde_json::{Value, json};

const ARTICLE: &str = "/bai-viet/cam-nang-to-chuc-buoi-truyen-thong-tai-co-so/";
const NEWS: &str = "/tin-tuc/ba-be-truyen-thong-tai-xa-nam-mau/";
const LEGAL: &str = "/van-ban/nghi-dinh-178-2004-nd-cp/";

/// One page of each type the theme renders.
const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("section listing", "/bai-viet/"),
    ("article", ARTICLE),
    ("news", NEWS),
    ("legal summary", LEGAL),
    ("legal register", "/van-ban/danh-muc/"),
    ("taxonomy", "/chu-de/"),
    ("term", "/chu-de/phong-ngua/"),
    ("archive", "/luu-tru/2025/"),
    ("statistics", "/thong-ke/"),
    ("search", "/tim-kiem/"),
    ("page", "/trang/duong-day-nong/"),
    (
        "page with alerts, a definition list and details",
        "/trang/giai-thich-tu-ngu/",
    ),
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
        // A phone, WCAG's reflow width (320 CSS px: 1280 px zoomed to
        // 400%), and 1280 px zoomed to 200%.
        for width in [360, 320, 640] {
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

/// What a reader must find on an item at a phone's width: the page, the
/// elements, and what they are.
const DOMAIN_INFORMATION: &[(&str, &str, &str)] = &[
    (NEWS, "header .badge-news", "the kind's badge"),
    (NEWS, "header .terms-localities a", "where it happened"),
    (NEWS, "header .terms-audiences a", "whom it is for"),
    (NEWS, ".facts time", "the event's date"),
    (ARTICLE, "header .badge-article", "the kind's badge"),
    (ARTICLE, "header .terms-audiences a", "whom it is for"),
    (LEGAL, "header .badge-legal", "the kind's badge"),
    (LEGAL, "header .status", "whether it is in force"),
    (LEGAL, ".facts time", "when it was signed"),
    ("/", ".card .badge-news", "a news card's badge"),
    ("/", ".card .status", "a legal card's status"),
    ("/", ".hotlines a[href^='tel:']", "the hotlines"),
    (NEWS, ".hotlines a[href^='tel:']", "the hotlines"),
];

/// Whether every element `arguments[0]` selects is shown inside the
/// window's width, and how many there are.
const SHOWN_IN_WIDTH: &str = "const all = [...document.querySelectorAll(arguments[0])];\
    return [all.length, all.every(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility === 'visible'\
      && e.getBoundingClientRect().left >= 0 && e.getBoundingClientRect().right <= innerWidth)];";

#[test]
fn domain_information_shows_on_a_phone_and_on_paper() {
    let Some(browser) = common::browser::browser("domain information in a browser") else {
        return;
    };
    let (_site, address) = common::browser::serve_example();
    browser.resize(360, 800);
    let mut failures = Vec::new();
    for &(path, selector, what) in DOMAIN_INFORMATION {
        browser.open(&format!("{address}{path}"));
        let shown = browser.run(SHOWN_IN_WIDTH, json!([selector]));
        if shown[0] == json!(0) || shown[1] != json!(true) {
            failures.push(format!("{path}: {what} ({selector}): {shown}"));
        }
    }
    // Dates read as Vietnamese write them, on items and in lists.
    for path in ["/", NEWS, LEGAL] {
        browser.open(&format!("{address}{path}"));
        let dates = browser.run(
            "return [...document.querySelectorAll('main time')].map(t => t.textContent)\
               .filter(text => !/^(ngày \\d{2} tháng \\d{1,2} năm \\d{4}|\\d{2}\\/\\d{2}\\/\\d{4})$/.test(text));",
            json!([]),
        );
        if dates != json!([]) {
            failures.push(format!(
                "{path}: dates not written the Vietnamese way: {dates}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Printed as a leaflet, even from a phone in the dark scheme: the text,
    // its facts and the hotlines in dark ink on white, without the menus.
    // The page's address is for paper only.
    browser.open(&format!("{address}{NEWS}"));
    let displayed = "return [...arguments[0]].map(s => [s, document.querySelector(s).getClientRects().length > 0]);";
    let on_screen = browser.run(displayed, json!([[".print-address"]]));
    assert_eq!(on_screen, json!([[".print-address", false]]));
    browser.emulate_media("print", "dark");
    let hidden = [
        ".site-header nav",
        ".breadcrumb",
        ".site-footer nav",
        ".neighbours",
    ];
    let kept = [
        "h1",
        ".badges",
        ".terms-localities",
        ".facts",
        ".content",
        ".hotlines",
        ".print-address",
    ];
    let selectors = [&hidden[..], &kept[..]].concat();
    let printed = browser.run(displayed, json!([selectors]));
    let expected: Vec<Value> = hidden
        .iter()
        .map(|s| json!([s, false]))
        .chain(kept.iter().map(|s| json!([s, true])))
        .collect();
    assert_eq!(printed, json!(expected));
    // The leaflet says where to read it online.
    let address_line = browser.run(
        "return document.querySelector('.print-address').textContent;",
        json!([]),
    );
    assert!(
        address_line
            .as_str()
            .is_some_and(|line| line.ends_with(&format!("https://example.gov.vn{NEWS}"))),
        "{address_line}"
    );
    // Every channel of the text's colour at most 0x55, on white.
    let ink = browser.run(
        "const channels = c => c.match(/\\d+/g).slice(0, 3).map(Number);\
         const dark = e => channels(getComputedStyle(e).color).every(v => v <= 0x55);\
         return [getComputedStyle(document.body).backgroundColor,\
           ['h1', '.meta', '.badge', '.terms a', '.facts dd', '.content p', '.hotlines li']\
             .filter(s => !dark(document.querySelector(s)))];",
        json!([]),
    );
    assert_eq!(ink, json!(["rgb(255, 255, 255)", []]));
}

/// Lighthouse's mobile audit of the home page and an article: full marks
/// for accessibility, best practices and SEO, and, of performance, the
/// audits that depend on what the page is rather than on how fast this
/// machine loaded it (the timed scores are measured by `scripts/lighthouse`).
#[test]
fn lighthouse_finds_nothing_to_mend_on_home_and_article() {
    let Some((lighthouse, chromium)) = common::browser::lighthouse("lighthouse") else {
        return;
    };
    let (_site, address) = common::browser::serve_example();
    const PAGE_AUDITS: &[&str] = &[
        "cumulative-layout-shift",
        "total-byte-weight",
        "dom-size",
        "unminified-css",
        "unused-css-rules",
        "unminified-javascript",
        "unused-javascript",
        "unsized-images",
        "uses-responsive-images",
        "offscreen-images",
        "font-display",
        "viewport",
        "bf-cache",
    ];
    let mut failures = Vec::new();
    for path in ["/", ARTICLE] {
        let run = std::process::Command::new(&lighthouse)
            .arg(format!("{address}{path}"))
            .args([
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run \
                 --disable-background-networking --disable-component-update --disable-sync",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--output=json",
                "--output-path=stdout",
            ])
            .env("CHROME_PATH", &chromium)
            .output()
            .expect("run Lighthouse");
        assert!(
            run.status.success(),
            "Lighthouse failed on {path}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let report: Value = serde_json::from_slice(&run.stdout).expect("Lighthouse's report");
        let audits = &report["audits"];
        let short = |id: &str| {
            let audit = &audits[id];
            (audit["score"].as_f64().is_some_and(|score| score < 1.0))
                .then(|| format!("{path}: {id} {} {}", audit["score"], audit["displayValue"]))
        };
        for category in ["accessibility", "best-practices", "seo"] {
            let scored = &report["categories"][category];
            if scored["score"].as_f64() != Some(1.0) {
                failures.push(format!("{path}: {category} scores {}", scored["score"]));
                let refs = scored["auditRefs"].as_array().into_iter().flatten();
                failures.extend(refs.filter_map(|r| short(r["id"].as_str().unwrap_or_default())));
            }
        }
        failures.extend(PAGE_AUDITS.iter().filter_map(|id| short(id)));
        println!(
            "{path}: Lighthouse performance {} (not asserted: timed)",
            report["categories"]["performance"]["score"]
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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

#[test]
fn items_and_cards_carry_their_kind_place_audience_and_status() {
    let out = tempfile::tempdir().unwrap();
    common::build_example(out.path(), &[]);
    let read = |path: &str| std::fs::read_to_string(out.path().join(path)).unwrap();
    let news = read("tin-tuc/ba-be-truyen-thong-tai-xa-nam-mau/index.html");
    let item = &news[news.find("<article").unwrap()..];
    let header = &item[..item.find("</header>").unwrap()];
    for wanted in [
        "<span class=\"badge badge-news\">Tin hoạt động</span>",
        "<p class=\"terms terms-localities\"><span class=terms-label>Địa bàn:</span> <a href=/dia-ban/bac-kan/>Bắc Kạn</a>",
        "<p class=\"terms terms-audiences\">",
    ] {
        assert!(header.contains(wanted), "{wanted} in {header}");
    }
    // Topics and keywords stay at the end, once.
    assert_eq!(news.matches("terms-localities").count(), 1);
    assert!(!header.contains("terms-topics") && news.contains("terms-topics"));
    let legal = read("van-ban/nghi-dinh-178-2004-nd-cp/index.html");
    assert!(legal.contains("<p class=badges><span class=\"badge badge-legal\">Văn bản pháp luật</span> <span class=\"status status-con-hieu-luc\">"), "{legal}");
    let home = read("index.html");
    assert!(
        home.contains("</time> · Dành cho: "),
        "an article's card names its audiences"
    );
    assert!(
        home.contains("</time> · Hải Phòng, Ngô Quyền</p>"),
        "a news card names its place"
    );
    assert!(
        home.contains("</time> <span class=\"status status-con-hieu-luc\">"),
        "a legal card's status"
    );

    // A site with no audiences, localities or statuses: cards with a date
    // alone, items with their badge and no empty lines.
    let site = common::Site::new();
    site.section("tin-tuc", "Tin", "news")
        .write(
            "content/tin-tuc/a.md",
            "---\ntitle: \"Một\"\ndate: 2025-05-02\nlocalities: [ha-noi]\n---\nMột.\n",
        )
        .section("van-ban", "Văn bản", "legal")
        .write(
            "content/van-ban/b.md",
            "---\ntitle: \"Hai\"\ndate: 2025-05-03\nnumber: 1/2025/QĐ-UBND\n---\nHai.\n",
        );
    site.build(&[]).ok();
    let home = site.read("index.html");
    assert_eq!(home.matches("2025</time></p>").count(), 2, "{home}");
    let item = site.read("van-ban/hai/index.html");
    assert!(
        item.contains("<p class=badges><span class=\"badge badge-legal\">")
            && !item.contains("class=\"terms"),
        "{item}"
    );
}
