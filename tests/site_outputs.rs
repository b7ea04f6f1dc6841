//! The example site's feeds, sitemaps and internal links, built at a domain
//! root and under a sub-path.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

const SUB_PATH_URL: &str = "https://example.gov.vn/phong-chong/";

/// Both builds of the example site, in one temporary folder.
fn built_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    common::build_example(&out.path().join("root"), &[]);
    common::build_example(&out.path().join("sub"), &["--base-url", SUB_PATH_URL]);
    out
}

#[test]
fn feeds_parse_and_sitemaps_match_the_schema() {
    let out = built_example();
    let script = common::repository().join("tests/tools/check_feeds_and_sitemaps.py");
    let run = Command::new("python3")
        .arg(&script)
        .arg(out.path().join("root"))
        .arg(out.path().join("sub"))
        .output();
    let Ok(run) = run else {
        assert!(!common::validators_required(), "python3 is missing");
        eprintln!("skipped: python3 is not installed");
        return;
    };
    let report = String::from_utf8_lossy(&run.stdout);
    if run.status.code() == Some(3) {
        assert!(
            !common::validators_required(),
            "LOA_REQUIRE_VALIDATORS=1 but: {report}"
        );
        eprintln!("skipped: {report}(pip install feedparser xmlschema)");
        return;
    }
    assert!(run.status.success(), "{report}");
    let passed: usize = report
        .lines()
        .last()
        .and_then(|line| line.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(passed > 20, "too few feeds and sitemaps checked: {report}");
}

/// Every `href`, `src` and `id` of an HTML file, however minified.
struct Scanned {
    urls: Vec<String>,
    ids: BTreeSet<String>,
}

fn scan(html: &str) -> Scanned {
    let attribute = |name: &str| {
        Regex::new(&format!(r#"\s{name}=(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#)).unwrap()
    };
    let values = |pattern: &Regex| -> Vec<String> {
        pattern
            .captures_iter(html)
            .filter_map(|c| c.get(1).or(c.get(2)).or(c.get(3)))
            .map(|m| m.as_str().replace("&amp;", "&"))
            .collect()
    };
    let mut urls = values(&attribute("href"));
    urls.extend(values(&attribute("src")));
    urls.extend(
        values(&attribute("content"))
            .into_iter()
            .filter(|v| v.starts_with("http")),
    );
    Scanned {
        urls,
        ids: values(&attribute("id")).into_iter().collect(),
    }
}

/// The broken internal links of a built site served at `base_url`.
fn broken_links(root: &Path, base_url: &str) -> Vec<String> {
    let base_path = &base_url[base_url[8..].find('/').map_or(0, |i| i + 8)..];
    let pages: HashMap<PathBuf, Scanned> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let html = std::fs::read_to_string(e.path()).unwrap();
            (
                e.path().strip_prefix(root).unwrap().to_path_buf(),
                scan(&html),
            )
        })
        .collect();
    let mut broken = Vec::new();
    for (file, scanned) in &pages {
        let folder = format!("{base_path}{}", file.parent().unwrap().to_string_lossy());
        let folder = if folder.ends_with('/') {
            folder
        } else {
            format!("{folder}/")
        };
        for url in &scanned.urls {
            let local = match url.strip_prefix(base_url) {
                Some(rest) => format!("{base_path}{rest}"),
                None if url.contains(':') || url.starts_with("//") => continue,
                None if url.starts_with('/') => url.clone(),
                None if url.starts_with('#') => {
                    format!("{base_path}{}{url}", file.to_string_lossy())
                }
                None => format!("{folder}{url}"),
            };
            let (path, anchor) = local
                .split_once('#')
                .map_or((local.as_str(), None), |(p, a)| (p, Some(a)));
            let Some(inside) = path.strip_prefix(base_path) else {
                broken.push(format!(
                    "{}: {url} leaves the site's sub-path",
                    file.display()
                ));
                continue;
            };
            let mut parts: Vec<&str> = Vec::new();
            for part in inside.split('/') {
                match part {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    other => parts.push(other),
                }
            }
            let joined = parts.join("/");
            let candidates = [
                PathBuf::from(&joined),
                Path::new(&joined).join("index.html"),
            ];
            let Some(target) = candidates.iter().find(|c| root.join(c).is_file()) else {
                broken.push(format!("{}: {url} leads to a missing file", file.display()));
                continue;
            };
            if let Some(anchor) = anchor.filter(|a| !a.is_empty())
                && pages
                    .get(target)
                    .is_some_and(|page| !page.ids.contains(anchor))
            {
                broken.push(format!("{}: {url} names a missing anchor", file.display()));
            }
        }
    }
    broken.sort();
    broken
}

#[test]
fn no_internal_link_is_broken_at_the_root_or_under_a_sub_path() {
    let out = built_example();
    for (folder, base_url) in [("root", "https://example.gov.vn/"), ("sub", SUB_PATH_URL)] {
        let broken = broken_links(&out.path().join(folder), base_url);
        assert!(
            broken.is_empty(),
            "{} broken links in the {folder} build:\n{}",
            broken.len(),
            broken.join("\n")
        );
    }
}

#[test]
fn the_link_checker_finds_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        r#"<a href=/a/>a</a><a href="/b/">b</a><a href=/a/#x>x</a>"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a/index.html"),
        r#"<h2 id=y>y</h2><a href="../">up</a>"#,
    )
    .unwrap();
    let broken = broken_links(dir.path(), "https://e.gov.vn/");
    assert_eq!(broken.len(), 2, "{broken:#?}");
}
