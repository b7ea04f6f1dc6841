//! The repository root is the example site: it must build cleanly and keep
//! the promises made about its content.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use loa::load::front_matter::Kind;
use loa::load::{LoadOptions, config::ConfigOverrides, load_sources};
use loa::model::{PublishRules, Site, assemble};
use loa::text::dates::WrittenDate;

fn example_site() -> Site {
    let options = LoadOptions {
        root: common::repository(),
        config: None,
        overrides: ConfigOverrides::default(),
    };
    let mut diagnostics = Vec::new();
    let sources = load_sources(&options, None, &mut diagnostics).expect("the example config loads");
    let zone = sources.config.time_zone;
    let rules = PublishRules {
        now: WrittenDate::parse("2026-11-25")
            .unwrap()
            .end_of_day_in_zone(zone),
        include_drafts: false,
        include_future: false,
    };
    let site = assemble(sources, rules, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    site
}

#[test]
fn builds_without_errors_or_warnings() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_loa"))
        .env("LOA_LANG", "en")
        .args(["build", "--now", "2026-11-25", "--output"])
        .arg(&output)
        .current_dir(common::repository())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.trim().is_empty(),
        "the example site has warnings:\n{stderr}"
    );
    assert!(output.join("index.html").exists());
    assert!(output.join("trang/gioi-thieu/index.html").exists());
    assert!(output.join("trang/duong-day-nong/index.html").exists());
}

#[test]
fn has_an_item_in_every_month_of_the_programme() {
    let site = example_site();
    let cadence = loa::report::cadence(&site).expect("the example declares its programme");
    let missed: Vec<String> = cadence.missed().map(|m| m.month.to_string()).collect();
    assert!(
        missed.is_empty(),
        "months without a published item: {missed:?}"
    );
    assert!(
        cadence.past().count() >= 22,
        "the programme runs from 2025-01"
    );
    let current = cadence
        .months
        .iter()
        .find(|m| m.month == cadence.current)
        .expect("this month");
    assert_eq!(
        current.state,
        loa::report::cadence::MonthState::Met,
        "this month is covered too"
    );
}

#[test]
fn covers_every_kind_audience_and_several_localities() {
    let site = example_site();
    let count = |kind: Kind| site.pages.iter().filter(|page| page.kind == kind).count();
    let items = count(Kind::Article) + count(Kind::News) + count(Kind::Legal);
    assert!(items >= 30, "only {items} items");
    assert!(count(Kind::Legal) >= 6);
    let numbers: BTreeSet<&str> = site
        .pages
        .iter()
        .filter_map(|p| p.front.number.as_deref())
        .collect();
    for number in [
        "178/2004/NĐ-CP",
        "361/QĐ-TTg",
        "1629/QĐ-TTg",
        "29/QĐ-BLĐTBXH",
        "2060/QĐ-UBND",
    ] {
        assert!(
            numbers.contains(number),
            "no summary of {number}: {numbers:?}"
        );
    }
    assert!(
        site.pages
            .iter()
            .any(|p| p.front.doc_type.as_deref() == Some("Pháp lệnh"))
    );
    let provinces: BTreeSet<&str> = site
        .pages
        .iter()
        .filter(|page| page.kind == Kind::News)
        .flat_map(|page| page.front.localities.iter().map(String::as_str))
        .collect();
    assert!(provinces.len() >= 3, "news from {provinces:?}");
    let audiences: BTreeSet<&str> = site
        .pages
        .iter()
        .filter(|page| page.kind == Kind::Article)
        .flat_map(|page| page.front.audiences.iter().map(String::as_str))
        .collect();
    for audience in [
        "hoc-sinh-sinh-vien",
        "nguoi-lao-dong-khu-cong-nghiep",
        "nguoi-lao-dong-co-so-dich-vu",
        "thanh-nien",
        "dong-bao-dan-toc-thieu-so",
        "cong-dong",
        "can-bo",
    ] {
        assert!(audiences.contains(audience), "no article for {audience}");
    }
}

#[test]
fn its_2025_report_shows_every_month_met_under_both_cutoffs() {
    for cutoff in ["reporting", "calendar"] {
        let run = Command::new(env!("CARGO_BIN_EXE_loa"))
            .env("LOA_LANG", "en")
            .args([
                "report",
                "--now",
                "2026-11-25",
                "--period",
                "2025",
                "--format",
                "json",
                "--cutoff",
                cutoff,
            ])
            .current_dir(common::repository())
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(report["cadence"]["months_due"], 12, "{cutoff}");
        assert_eq!(
            report["cadence"]["months_met"], 12,
            "{cutoff}: {}",
            report["cadence"]
        );
        assert!(
            report["totals"]["items"].as_u64().unwrap() >= 20,
            "{cutoff}"
        );
    }
}

#[test]
fn every_mention_of_the_seeded_documents_is_a_link_and_each_summary_lists_its_backlinks() {
    use loa::model::legal::{MENTION, number_key};
    let site = example_site();
    let seeded = [
        "10/2003/PL-UBTVQH11",
        "178/2004/NĐ-CP",
        "361/QĐ-TTg",
        "1629/QĐ-TTg",
        "29/QĐ-BLĐTBXH",
        "2060/QĐ-UBND",
    ];
    let keys: Vec<String> = seeded.iter().map(|n| number_key(n)).collect();
    let summary_paths: Vec<(String, String)> = keys
        .iter()
        .map(|key| {
            let page = &site.pages[*site
                .legal
                .by_key
                .get(key)
                .unwrap_or_else(|| panic!("no summary of {key}"))];
            (key.clone(), page.path.clone())
        })
        .collect();
    let out = tempfile::tempdir().unwrap();
    common::build_example(out.path(), &[]);
    let strip = |pattern: &str, text: &str| {
        regex::Regex::new(pattern)
            .unwrap()
            .replace_all(text, " ")
            .into_owned()
    };
    let mut unlinked = Vec::new();
    for entry in walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let Some(start) = html.find("class=content>") else {
            continue;
        };
        let body = &html[start
            ..html[start..]
                .find("</article>")
                .map_or(html.len(), |end| start + end)];
        let mut text = strip(r"(?s)<a\b[^>]*>.*?</a>", body);
        for pattern in [
            r"(?s)<h[1-6]\b.*?</h[1-6]>",
            r"(?s)<pre\b.*?</pre>",
            r"(?s)<code\b.*?</code>",
            r"<[^>]+>",
        ] {
            text = strip(pattern, &text);
        }
        let page_path = format!(
            "/{}/",
            entry
                .path()
                .parent()
                .unwrap()
                .strip_prefix(out.path())
                .unwrap()
                .to_string_lossy()
        );
        for found in MENTION.captures_iter(&text) {
            let key = number_key(&found["number"]);
            let own = summary_paths
                .iter()
                .any(|(k, path)| *k == key && *path == page_path);
            if keys.contains(&key) && !own {
                unlinked.push(format!("{page_path}: {}", &found[0]));
            }
        }
    }
    assert!(
        unlinked.is_empty(),
        "mentions left as plain text:\n{}",
        unlinked.join("\n")
    );
    for (key, path) in &summary_paths {
        let html = std::fs::read_to_string(
            out.path()
                .join(path.trim_start_matches('/'))
                .join("index.html"),
        )
        .unwrap();
        let backlinks = html
            .split("id=loa-mentioned-in>")
            .nth(1)
            .unwrap_or_default();
        let listed = backlinks
            .split("</section>")
            .next()
            .unwrap_or_default()
            .matches("<li>")
            .count();
        assert!(listed >= 1, "{key} lists no page that mentions it");
    }
}
