//! Broken sites: every kind of bad input gets a message naming the file and
//! line, exit code 1, and the previous output survives.

mod common;

use common::{Site, snapshot};

/// A site with one good article, already built once.
fn built_site() -> Site {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article").write(
        "content/bai-viet/tot.md",
        "---\ntitle: Bài tốt\ndate: 2025-01-02\n---\nNội dung.\n",
    );
    site.build(&[]).ok();
    site
}

/// Builds, expects failure, checks the previous output is untouched, and
/// returns what loa printed.
fn fails_keeping_output(site: &Site) -> String {
    let before = snapshot(&site.root().join("public"));
    assert!(!before.is_empty());
    let run = site.build(&[]).failed();
    let after = snapshot(&site.root().join("public"));
    assert!(before == after, "a failed build changed public/");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".loa-"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
    let stderr = run.stderr();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("build failed"), "{stderr}");
    stderr
}

#[test]
fn invalid_yaml_names_file_line_and_column() {
    let site = built_site();
    site.write(
        "content/bai-viet/hong.md",
        "---\ntitle: Bài\ndate: 2025-01-03\ntags: [a, b\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(stderr.contains("content/bai-viet/hong.md:5:"), "{stderr}");
}

#[test]
fn a_colon_in_an_unquoted_value_is_explained() {
    let site = built_site();
    site.write(
        "content/bai-viet/hong.md",
        "---\ntitle: Hỏi: đáp về pháp luật\ndate: 2025-01-03\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(stderr.contains("content/bai-viet/hong.md:2:"), "{stderr}");
    assert!(stderr.contains("double quotes"), "{stderr}");
}

#[test]
fn a_date_that_is_not_a_date_names_line_and_suggests_the_form() {
    let site = built_site();
    site.write(
        "content/bai-viet/hong.md",
        "---\ntitle: Bài\nsummary: Tóm tắt\ndate: 05/03/2025\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("content/bai-viet/hong.md:4:7: error: date:"),
        "{stderr}"
    );
    assert!(stderr.contains("write 2025-03-05"), "{stderr}");
}

#[test]
fn a_list_where_text_is_due_names_line() {
    let site = built_site();
    site.write(
        "content/bai-viet/hong.md",
        "---\ntitle: Bài\ndate: 2025-01-03\nsummary:\n  - một\n  - hai\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(stderr.contains("content/bai-viet/hong.md:5:"), "{stderr}");
    assert!(
        stderr.contains("this is a list, but `summary` takes text"),
        "{stderr}"
    );
    assert!(stderr.contains("not a list"), "{stderr}");
    assert!(!stderr.contains("sequence"), "{stderr}");
}

#[test]
fn text_where_a_list_is_due_names_line() {
    let site = built_site();
    site.write(
        "content/bai-viet/hong.md",
        "---\ntitle: Bài\ndate: 2025-01-03\ntags: mại dâm\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains(
            "content/bai-viet/hong.md:4:7: error: this is text \"mại dâm\", but `tags` takes a list, for example `tags: [mại dâm]`"
        ),
        "{stderr}"
    );
}

#[test]
fn missing_required_fields_are_each_reported() {
    let site = built_site();
    site.write(
        "content/bai-viet/hong.md",
        "---\nsummary: Không có tiêu đề\n---\nx\n",
    );
    site.section("tin-tuc", "Tin", "news");
    site.write(
        "content/tin-tuc/tin.md",
        "---\ntitle: Tin\ndate: 2025-01-03\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("content/bai-viet/hong.md:1:1: error: the front matter has no `title`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/bai-viet/hong.md:1:1: error: the front matter has no `date`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/tin-tuc/tin.md:1:1: error: programme news must name at least one locality"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("3 errors"), "{stderr}");
}

#[test]
fn an_unknown_kind_names_line_and_lists_the_kinds() {
    let site = built_site();
    site.write(
        "content/bai-viet/hong.md",
        "---\ntitle: Bài\ndate: 2025-01-03\nkind: articel\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains(
            "content/bai-viet/hong.md:4:7: error: `articel` is not one of the choices: article, news"
        ),
        "{stderr}"
    );
}

#[test]
fn two_items_with_one_url_are_refused() {
    let site = built_site();
    site.write(
        "content/bai-viet/trung.md",
        "---\ntitle: Bài tốt\ndate: 2025-01-05\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("/bai-viet/bai-tot/, which content/bai-viet/"),
        "{stderr}"
    );
    assert!(
        stderr.contains(".md:1:1: error: this would be written at"),
        "{stderr}"
    );
}

#[test]
fn an_unreadable_file_is_named() {
    let site = built_site();
    site.write_bytes("content/bai-viet/hong.md", b"---\ntitle: B\xe0i\n---\n");
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("content/bai-viet/hong.md:2: error: the file is not UTF-8 text"),
        "{stderr}"
    );
}

#[test]
fn a_template_syntax_error_names_template_and_line() {
    let site = built_site();
    site.write(
        "templates/page.html",
        "<!DOCTYPE html>\n<title>{{ page.title }</title>\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(stderr.contains("templates/page.html:2:"), "{stderr}");
    assert!(stderr.contains("template syntax error"), "{stderr}");
}

#[test]
fn a_template_render_error_names_template_and_line() {
    let site = built_site();
    site.write(
        "templates/page.html",
        "<!DOCTYPE html>\n<title>x</title>\n<p>{{ page.khong_co }}</p>\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("templates/page.html:3: error: template error"),
        "{stderr}"
    );
    assert!(stderr.contains("page.khong_co"), "{stderr}");
}

#[test]
fn a_missing_include_names_the_template() {
    let site = built_site();
    site.write(
        "templates/404.html",
        "<!DOCTYPE html>\n<title>x</title>\n{% include \"khong-co.html\" %}\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(stderr.contains("templates/404.html:3:"), "{stderr}");
}

#[test]
fn a_broken_link_between_items_names_its_line() {
    let site = built_site();
    site.write("content/bai-viet/hong.md", "---\ntitle: Bài\ndate: 2025-01-03\n---\n\nĐoạn một.\n\nXem [văn bản](@/van-ban/khong-co.md).\n");
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("content/bai-viet/hong.md:8:5: error: the link @/van-ban/khong-co.md"),
        "{stderr}"
    );
}

#[test]
fn all_problems_are_reported_together() {
    let site = built_site();
    site.write(
        "content/bai-viet/a.md",
        "---\ntitle: A\ndate: hôm qua\n---\nx\n",
    )
    .write("content/bai-viet/b.md", "---\ntitle: [B\n---\nx\n")
    .write("content/bai-viet/c.md", "không có front matter\n")
    .write("templates/section.html", "{% if %}\n");
    let stderr = fails_keeping_output(&site);
    for needle in [
        "content/bai-viet/a.md:3:",
        "content/bai-viet/b.md:2:",
        "content/bai-viet/c.md:1:1:",
        "templates/section.html:1:",
    ] {
        assert!(stderr.contains(needle), "{needle} missing in:\n{stderr}");
    }
    assert!(stderr.contains("4 errors"), "{stderr}");
}

#[test]
fn a_broken_config_names_its_line() {
    let site = built_site();
    site.write(
        "site-config.yaml",
        "title: T\nbase_url: /\ntime_zone: Hanoi\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(stderr.contains("site-config.yaml:3:"), "{stderr}");
    assert!(stderr.contains("Asia/Ho_Chi_Minh"), "{stderr}");
    site.write(
        "site-config.yaml",
        "title: T\nbase_url: /\npagniate_by: 5\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("site-config.yaml:3:1: error: `pagniate_by` is not a field loa knows here"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `paginate_by`?"), "{stderr}");
}

#[test]
fn a_folder_without_index_is_explained() {
    let site = built_site();
    site.write(
        "content/tin-tuc/a.md",
        "---\ntitle: A\ndate: 2025-01-03\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("content/tin-tuc: error: this folder has no _index.md"),
        "{stderr}"
    );
}

#[test]
fn warnings_do_not_fail_the_build() {
    let site = built_site();
    site.write(
        "content/bai-viet/a.md",
        "---\ntitle: A\ndate: 2025-01-03\ntittle: x\n---\nChữ <b onclick=\"x()\">đậm</b>.\n",
    );
    let run = site.build(&[]).ok();
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/bai-viet/a.md:4:1: warning: `tittle`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
    assert!(
        stderr.contains("content/bai-viet/a.md:6: warning: raw HTML changed"),
        "{stderr}"
    );
    assert!(stderr.contains("`onclick` removed from <b>"), "{stderr}");
    let page = site.read("bai-viet/a/index.html");
    assert!(page.contains("<b>đậm</b>"), "{page}");
    assert!(!page.contains("onclick"), "{page}");
}

#[test]
fn refuses_to_build_over_the_site_itself() {
    let site = built_site();
    let run = site.build(&["--output", "content"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(site.root().join("content/bai-viet/tot.md").exists());
    let run = site.build(&["--output", "."]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
}

#[test]
fn two_section_folders_with_one_url_are_refused() {
    let site = built_site();
    site.section("Bài viết", "Bài viết khác", "article");
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("this would be written at /bai-viet/"),
        "{stderr}"
    );
}

#[test]
fn a_script_link_is_refused_with_its_line() {
    let site = built_site();
    site.write(
        "content/bai-viet/hong.md",
        "---\ntitle: Bài\ndate: 2025-01-03\n---\n[bấm vào đây](javascript:alert(1))\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains(
            "content/bai-viet/hong.md:5:1: error: the link javascript:alert(1) uses `javascript:`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_missing_template_named_in_front_matter_names_its_line() {
    let site = built_site();
    site.write(
        "content/bai-viet/hong.md",
        "---\ntitle: Bài\ndate: 2025-01-03\ntemplate: rieng.html\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains(
            "content/bai-viet/hong.md:4:1: error: the template `rieng.html` does not exist"
        ),
        "{stderr}"
    );
}

#[test]
fn never_replaces_a_folder_it_did_not_write() {
    let site = built_site();
    site.write("tai-lieu/bao-cao.docx", "quan trọng");
    let run = site.build(&["--output", "tai-lieu"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(
        run.stderr().contains("refusing to replace"),
        "{}",
        run.stderr()
    );
    assert!(site.root().join("tai-lieu/bao-cao.docx").exists());
    site.build(&["--output", "ban-dung"]).ok();
    site.build(&["--output", "ban-dung"]).ok();
}

#[test]
fn a_broken_data_file_names_its_line() {
    let site = built_site();
    site.write("data/hotlines.yaml", "- name: Công an\n  number: [113\n");
    let stderr = fails_keeping_output(&site);
    assert!(stderr.contains("data/hotlines.yaml:"), "{stderr}");
}

#[test]
fn a_missing_theme_is_named_in_the_config() {
    let site = built_site();
    site.write(
        "site-config.yaml",
        "title: T\nbase_url: /\ntheme: khong-co\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("site-config.yaml:3:1: error: the theme `khong-co` was not found"),
        "{stderr}"
    );
}

#[test]
fn a_theme_without_strings_for_the_language_is_named_at_the_language() {
    let site = built_site();
    let theme = site.root().join("themes/default/i18n/en.yaml");
    std::fs::remove_file(&theme).unwrap();
    site.write("site-config.yaml", "title: T\nbase_url: /\nlanguage: en\n");
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains(
            "site-config.yaml:3:1: error: the theme `default` has no interface strings for the language `en`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_missing_config_is_explained() {
    let site = built_site();
    std::fs::remove_file(site.root().join("site-config.yaml")).unwrap();
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("site-config.yaml: error: the site's config file is missing"),
        "{stderr}"
    );
    assert!(stderr.contains("--root DIR"), "{stderr}");
}

#[test]
fn a_programme_month_that_is_not_a_month_names_its_line() {
    let site = built_site();
    site.write(
        "site-config.yaml",
        "title: T\nbase_url: /\nprogramme:\n  name: P\n  start: 01/2025\n  end: open\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("site-config.yaml:5:10: error: start: `01/2025` is not a month"),
        "{stderr}"
    );
    site.write(
        "site-config.yaml",
        "title: T\nbase_url: /\nprogramme:\n  name: P\n  start: 2025-06\n  end: 2025-01\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("the programme ends (2025-01) before it starts (2025-06)"),
        "{stderr}"
    );
}

#[test]
fn a_hierarchy_file_that_does_not_exist_is_named() {
    let site = built_site();
    site.write("site-config.yaml", "title: T\nbase_url: /\ntaxonomies:\n  localities:\n    title: Địa bàn\n    hierarchy: khong-co.yaml\n");
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains(
            "site-config.yaml:3: error: the hierarchy file data/khong-co.yaml does not exist"
        ),
        "{stderr}"
    );
}

/// The `.loa-` folders and lock files in the site's root.
fn litter(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".loa-"))
        .collect()
}

#[test]
fn the_next_build_removes_what_a_killed_build_left() {
    let site = built_site();
    // What a build killed outright leaves: its staging folder half full,
    // its lock file (released by the system when it died), and the
    // previous output of a swap it was in the middle of.
    site.write(
        ".loa-staging-public-999999/bai-viet/index.html",
        "nửa chừng",
    )
    .write(".loa-staging-public-999999.lock", "")
    .write(".loa-previous-public-999998/index.html", "cũ");
    // A folder of the writer's own with a similar name is not loa's.
    site.write(".loa-ghi-chu/viec-can-lam.md", "giữ lại");
    site.build(&[]).ok();
    assert_eq!(litter(&site), [".loa-ghi-chu"]);
    assert!(site.exists("bai-viet/index.html"));
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_removes_its_staging_folder_and_keeps_the_output() {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article");
    // Enough pages that the build is still writing when it is stopped.
    let body = "Nội dung bài viết về phòng, chống mại dâm. ".repeat(200);
    for n in 0..3000 {
        site.write(
            &format!("content/bai-viet/bai-{n}.md"),
            &format!("---\ntitle: \"Bài {n}\"\ndate: 2025-01-02\n---\n{body}\n"),
        );
    }
    site.build(&[]).ok();
    let before = snapshot(&site.root().join("public"));
    for signal in ["INT", "TERM"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(["build", "--now", "2026-11-25"])
            .current_dir(site.root())
            .env("LOA_LANG", "en")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let staging = site
            .root()
            .join(format!(".loa-staging-public-{}", child.id()));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !staging.join("bai-viet").exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert!(staging.exists(), "the build never started writing");
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = child.wait().unwrap();
        // A build that finished before the signal arrived proves nothing.
        assert_eq!(status.code(), Some(130), "SIG{signal}: {status:?}");
        assert!(litter(&site).is_empty(), "SIG{signal}: {:?}", litter(&site));
        assert!(
            before == snapshot(&site.root().join("public")),
            "SIG{signal} changed public/"
        );
    }
}

#[test]
fn a_report_never_overwrites_the_sites_own_files() {
    let site = built_site();
    let config = std::fs::read_to_string(site.root().join("site-config.yaml")).unwrap();
    for target in [
        "site-config.yaml",
        "content/bai-viet/tot.md",
        "./data/../content/bao-cao.csv",
    ] {
        let run = site
            .run(&[
                "report", "--period", "2025", "--format", "csv", "--output", target,
            ])
            .refused();
        assert!(
            run.stderr().contains("one of the site's own files"),
            "{target}: {}",
            run.stderr()
        );
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join("site-config.yaml")).unwrap(),
        config
    );
    assert!(!site.root().join("content/bao-cao.csv").exists());
    site.run(&[
        "report",
        "--period",
        "2025",
        "--format",
        "csv",
        "--output",
        "bao-cao-2025.csv",
    ])
    .ok();
    assert!(site.root().join("bao-cao-2025.csv").is_file());
}

// The catalogue: one hostile input each, the kind writers bring (pasted
// text, other generators' habits, slips of the keyboard) and the kind an
// attacker would. Every one gets its message at its place, the exit code
// it should, within the run limit every test run has.

/// What `loa build` must do with a hostile input.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Verdict {
    /// Exit code 1, the previous output untouched, no staging folder left.
    Fails,
    /// Exit code 0.
    Builds,
}

const HONG: &str = "content/bai-viet/hong.md";

/// The config every fixture site starts with.
const CONFIG: &str = "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\n";

/// An item of the built site with `fields` added to its front matter.
fn item(fields: &str, body: &str) -> String {
    format!("---\ntitle: Bài\ndate: 2025-01-03\n{fields}---\n{body}")
}

/// Writes `files` into a built site, builds with `args` and checks the
/// verdict; `place` (`file:line:` or a file) must open the message that
/// says `says`. Returns the site and what loa printed.
fn hostile(
    files: &[(&str, &[u8])],
    args: &[&str],
    verdict: Verdict,
    place: &str,
    says: &str,
) -> (Site, String) {
    let site = built_site();
    for (path, bytes) in files {
        site.write_bytes(path, bytes);
    }
    let stderr = match verdict {
        Verdict::Fails => {
            let before = snapshot(&site.root().join("public"));
            let run = site.build(args).failed();
            assert!(
                before == snapshot(&site.root().join("public")),
                "a failed build changed public/"
            );
            assert!(litter(&site).is_empty(), "{:?}", litter(&site));
            run.stderr()
        }
        Verdict::Builds => site.build(args).ok().stderr(),
    };
    assert!(!stderr.contains("panicked"), "{stderr}");
    // A build that should pass quietly names no place.
    let said = (place.is_empty() && says.is_empty())
        || stderr
            .lines()
            .any(|line| line.starts_with(place) && line.contains(says));
    assert!(said, "expected `{place}` … `{says}` in:\n{stderr}");
    (site, stderr)
}

fn fails_at(files: &[(&str, &str)], place: &str, says: &str) -> String {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    hostile(&bytes, &[], Verdict::Fails, place, says).1
}

#[test]
fn a_year_before_the_common_era() {
    fails_at(
        &[(HONG, "---\ntitle: Bài\ndate: -0044-03-15\n---\nx\n")],
        "content/bai-viet/hong.md:3:7:",
        "the year must have four digits",
    );
}

#[test]
fn a_five_digit_year() {
    fails_at(
        &[(HONG, "---\ntitle: Bài\ndate: 10000-01-01\n---\nx\n")],
        "content/bai-viet/hong.md:3:7:",
        "dates are written YYYY-MM-DD",
    );
}

#[test]
fn the_thirtieth_of_february() {
    fails_at(
        &[(HONG, "---\ntitle: Bài\ndate: 2025-02-30\n---\nx\n")],
        "content/bai-viet/hong.md:3:7:",
        "`2025-02-30` is not a date",
    );
}

#[test]
fn an_hour_that_does_not_exist() {
    fails_at(
        &[(
            HONG,
            "---\ntitle: Bài\ndate: \"2025-01-01T25:00:00\"\n---\nx\n",
        )],
        "content/bai-viet/hong.md:3:8:",
        "is not a date",
    );
}

#[test]
fn an_offset_of_more_than_a_day() {
    fails_at(
        &[(
            HONG,
            "---\ntitle: Bài\ndate: \"2025-01-01T10:00:00+25:00\"\n---\nx\n",
        )],
        "content/bai-viet/hong.md:3:8:",
        "is not a date",
    );
}

#[test]
fn a_word_where_a_number_is_due() {
    let stderr = fails_at(
        &[(HONG, &item("weight: nặng\n", "x\n"))],
        "content/bai-viet/hong.md:4:9:",
        "this is text \"nặng\", but `weight` takes a whole number",
    );
    assert!(!stderr.contains("i64"), "{stderr}");
}

#[test]
fn a_word_where_true_or_false_is_due() {
    fails_at(
        &[(HONG, &item("draft: có\n", "x\n"))],
        "content/bai-viet/hong.md:4:8:",
        "`draft` takes true or false",
    );
}

#[test]
fn a_text_where_a_group_of_fields_is_due() {
    let stderr = fails_at(
        &[(HONG, &item("image: \"anh.jpg\"\n", "x\n"))],
        "content/bai-viet/hong.md:4:8:",
        "`image` takes a group of fields",
    );
    assert!(!stderr.contains("struct"), "{stderr}");
    assert!(stderr.contains("src: anh.jpg"), "{stderr}");
}

#[test]
fn front_matter_never_closed() {
    fails_at(
        &[(HONG, "---\ntitle: Bài\ndate: 2025-01-03\nx\n")],
        "content/bai-viet/hong.md:1:1:",
        "the front matter is not closed",
    );
}

#[test]
fn a_file_that_is_only_the_opening_line() {
    fails_at(
        &[(HONG, "---\n")],
        "content/bai-viet/hong.md:1:1:",
        "the front matter is not closed",
    );
}

#[test]
fn an_empty_file() {
    fails_at(
        &[(HONG, "")],
        "content/bai-viet/hong.md:1:1:",
        "does not start with front matter",
    );
}

#[test]
fn a_tab_in_the_indentation() {
    let stderr = fails_at(
        &[(HONG, "---\ntitle: Bài\n\tdate: 2025-01-03\n---\nx\n")],
        "content/bai-viet/hong.md:3:1:",
        "indent with spaces only",
    );
    assert!(!stderr.contains("token"), "{stderr}");
}

#[test]
fn a_field_written_twice_is_shown_at_the_second() {
    fails_at(
        &[(
            HONG,
            "---\ntitle: Bài\ndate: 2025-01-03\ntitle: Bài khác\n---\nx\n",
        )],
        "content/bai-viet/hong.md:4:1:",
        "`title` is written twice",
    );
}

#[test]
fn anchors_that_multiply_a_value_a_billion_times() {
    let mut yaml = String::from("---\ntitle: Bài\ndate: 2025-01-03\na: &a [x,x,x,x,x,x,x,x,x]\n");
    for (name, from) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
    ] {
        let refs = vec![format!("*{from}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    yaml.push_str("---\nx\n");
    fails_at(
        &[(HONG, &yaml)],
        "content/bai-viet/hong.md:",
        "repeat this too many times",
    );
}

#[test]
fn lists_nested_twenty_thousand_deep() {
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    fails_at(
        &[(HONG, &item(&format!("sâu: {deep}\n"), "x\n"))],
        "content/bai-viet/hong.md:4:",
        "nested inside each other too deeply",
    );
}

#[test]
fn a_file_in_a_legacy_encoding() {
    let site = built_site();
    site.write_bytes(HONG, b"---\ntitle: B\xe0i\ndate: 2025-01-03\n---\nx\n");
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("content/bai-viet/hong.md:2: error: the file is not UTF-8 text"),
        "{stderr}"
    );
}

#[test]
fn control_characters_pasted_into_a_title_and_body() {
    let (site, _) = hostile(
        &[(
            HONG,
            "---\ntitle: \"Bài\u{1} một\"\ndate: 2025-01-03\n---\nNội\0 dung\u{b}tiếp\n".as_bytes(),
        )],
        &[],
        Verdict::Builds,
        "content/bai-viet/hong.md:2:12:",
        "3 control character(s) removed",
    );
    let page = site.read("bai-viet/bai-mot/index.html");
    assert!(
        page.contains("Bài một") && page.contains("Nội dung tiếp"),
        "{page}"
    );
    for feed in ["atom.xml", "rss.xml", "bai-viet/atom.xml"] {
        let xml = site.read(feed);
        assert!(!xml.contains(['\u{1}', '\0', '\u{b}']), "{feed}");
    }
}

#[test]
fn control_characters_written_as_yaml_escapes() {
    let (site, _) = hostile(
        &[(
            HONG,
            r#"---
title: "Bài\x01 một\0"
date: 2025-01-03
tags: ["thẻ\x02"]
---
x
"#
            .as_bytes(),
        )],
        &[],
        Verdict::Builds,
        "",
        "",
    );
    for output in [
        "atom.xml",
        "rss.xml",
        "sitemap.xml",
        "bai-viet/bai-mot/index.html",
    ] {
        let text = site.read(output);
        assert!(
            !text.contains(|c: char| c.is_control() && !c.is_whitespace()),
            "{output} holds a control character"
        );
    }
}

#[test]
fn a_slug_longer_than_a_file_name_may_be() {
    let (site, _) = hostile(
        &[(
            HONG,
            item(&format!("slug: {}\n", "a".repeat(300)), "x\n").as_bytes(),
        )],
        &[],
        Verdict::Builds,
        "",
        "",
    );
    assert!(site.exists(&format!("bai-viet/{}/index.html", "a".repeat(200))));
}

#[test]
fn a_title_of_a_thousand_characters() {
    let title = "Quyết định phê duyệt ".repeat(50);
    let (site, _) = hostile(
        &[(
            HONG,
            format!("---\ntitle: \"{title}\"\ndate: 2025-01-03\n---\nx\n").as_bytes(),
        )],
        &[],
        Verdict::Builds,
        "",
        "",
    );
    let listing = site.read("bai-viet/index.html");
    assert!(listing.contains(title.trim()), "the title is kept whole");
}

#[test]
fn an_alias_where_the_theme_has_a_file() {
    fails_at(
        &[(HONG, &item("aliases: [\"/style.css\"]\n", "x\n"))],
        "content/bai-viet/hong.md:4:12:",
        "would be a folder where the site has the file style.css",
    );
}

#[test]
fn an_alias_with_a_part_too_long_for_a_file_name() {
    fails_at(
        &[(
            HONG,
            &item(&format!("aliases: [\"/{}/\"]\n", "a".repeat(300)), "x\n"),
        )],
        "content/bai-viet/hong.md:4:12:",
        "300 bytes long",
    );
}

#[test]
fn an_alias_that_runs_script() {
    fails_at(
        &[(HONG, &item("aliases: [\"javascript:alert(1)\"]\n", "x\n"))],
        "content/bai-viet/hong.md:4:12:",
        "is a full web address",
    );
}

#[test]
fn an_alias_with_a_control_character() {
    fails_at(
        &[(HONG, &item("aliases: [\"/cu\\x01/\"]\n", "x\n"))],
        "content/bai-viet/hong.md:4:",
        "holds a control character",
    );
}

#[test]
fn a_slug_that_climbs_out_of_the_output() {
    let (site, _) = hostile(
        &[(HONG, item("slug: \"../../etc\"\n", "x\n").as_bytes())],
        &[],
        Verdict::Builds,
        "",
        "",
    );
    assert!(site.exists("bai-viet/etc/index.html"));
    assert!(!site.root().join("etc").exists());
}

#[test]
fn five_thousand_tags_on_one_item() {
    let tags: Vec<String> = (0..5000).map(|n| format!("\"thẻ {n}\"")).collect();
    let (site, _) = hostile(
        &[(
            HONG,
            item(&format!("tags: [{}]\n", tags.join(",")), "x\n").as_bytes(),
        )],
        &[],
        Verdict::Builds,
        "",
        "",
    );
    assert!(site.exists("bai-viet/bai/index.html"));
}

#[test]
fn a_page_of_five_megabytes() {
    let body = "Đoạn văn dài về phòng, chống mại dâm. ".repeat(130_000);
    hostile(
        &[(HONG, item("", &body).as_bytes())],
        &[],
        Verdict::Builds,
        "",
        "",
    );
}

#[test]
fn quotes_nested_twenty_thousand_deep() {
    hostile(
        &[(
            HONG,
            item("", &format!("{} sâu\n", ">".repeat(20_000))).as_bytes(),
        )],
        &[],
        Verdict::Builds,
        "",
        "",
    );
}

#[test]
fn brackets_nested_fifty_thousand_deep() {
    let body = format!("{}x{}\n", "[".repeat(50_000), "]".repeat(50_000));
    hostile(
        &[(HONG, item("", &body).as_bytes())],
        &[],
        Verdict::Builds,
        "",
        "",
    );
}

#[test]
fn lists_nested_three_thousand_deep() {
    let body: String = (0..3000)
        .map(|depth| format!("{}- mục\n", "  ".repeat(depth)))
        .collect();
    hostile(
        &[(HONG, item("", &body).as_bytes())],
        &[],
        Verdict::Builds,
        "",
        "",
    );
}

#[test]
fn a_template_that_includes_itself() {
    fails_at(
        &[("templates/page.html", "{% include \"page.html\" %}")],
        "templates/page.html:1:",
        "this never ends: page.html → page.html",
    );
}

#[test]
fn two_templates_that_include_each_other() {
    fails_at(
        &[
            (
                "templates/page.html",
                "{% include \"partials/vong.html\" %}",
            ),
            (
                "templates/partials/vong.html",
                "{% include \"page.html\" %}",
            ),
        ],
        "templates/page.html:1:",
        "page.html → partials/vong.html → page.html",
    );
}

#[test]
fn a_macro_that_always_calls_itself() {
    fails_at(
        &[
            (
                "templates/vong.html",
                "{% macro m() %}{{ self::m() }}{% endmacro m %}",
            ),
            (
                "templates/page.html",
                "{% import \"vong.html\" as v %}{{ v::m() }}",
            ),
        ],
        "templates/vong.html:1:",
        "this never ends",
    );
}

#[test]
fn a_filter_that_does_not_exist() {
    fails_at(
        &[("templates/page.html", "{{ page.title | khong_co }}")],
        "templates/page.html:1:",
        "Filter 'khong_co' not found",
    );
}

#[test]
fn a_template_extending_one_that_does_not_exist() {
    fails_at(
        &[("templates/page.html", "{% extends \"khong-co.html\" %}")],
        "templates/page.html:1:",
        "khong-co.html",
    );
}

#[test]
fn an_empty_config() {
    fails_at(
        &[("site-config.yaml", "")],
        "site-config.yaml:1:1:",
        "`title` is missing",
    );
}

#[test]
fn a_config_that_is_a_list() {
    fails_at(
        &[("site-config.yaml", "- title\n- base_url\n")],
        "site-config.yaml:1:1:",
        "this is a list, where the file needs a group of fields",
    );
}

#[test]
fn a_negative_page_size() {
    let stderr = fails_at(
        &[("site-config.yaml", &format!("{CONFIG}paginate_by: -1\n"))],
        "site-config.yaml:3:14:",
        "this is the number -1, but `paginate_by` takes a whole number, 0 or more",
    );
    assert!(!stderr.contains("usize"), "{stderr}");
}

#[test]
fn every_config_problem_at_once() {
    let stderr = fails_at(
        &[(
            "site-config.yaml",
            &format!(
                "{CONFIG}paginate_by: mười\nminify: có\ntime_zone: Sao/Hoa\nfeeds:\n  limit: 0\n"
            ),
        )],
        "site-config.yaml:3:14:",
        "`paginate_by` takes a whole number",
    );
    assert!(stderr.contains("site-config.yaml:4:9:"), "{stderr}");
    assert!(stderr.contains("site-config.yaml:5:12:"), "{stderr}");
    assert!(stderr.contains("3 errors"), "{stderr}");
}

#[test]
fn config_checks_are_all_reported_too() {
    let stderr = fails_at(
        &[(
            "site-config.yaml",
            &format!("{CONFIG}language: fr\nfeeds:\n  limit: 0\n"),
        )],
        "site-config.yaml:3:",
        "language `fr` is not supported",
    );
    assert!(stderr.contains("site-config.yaml:4:"), "{stderr}");
}

#[test]
fn a_setting_written_twice_is_shown_at_the_second() {
    fails_at(
        &[("site-config.yaml", &format!("{CONFIG}title: \"Khác\"\n"))],
        "site-config.yaml:3:1:",
        "`title` is written twice",
    );
}

#[test]
fn a_misspelt_setting_gets_the_nearest() {
    let stderr = fails_at(
        &[("site-config.yaml", &format!("{CONFIG}titel: x\n"))],
        "site-config.yaml:3:1:",
        "`titel` is not a field loa knows here",
    );
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
}

#[test]
fn a_programme_that_ends_in_the_year_9999() {
    fails_at(
        &[(
            "site-config.yaml",
            &format!("{CONFIG}programme:\n  name: x\n  start: 2025-01\n  end: 9999-12\n"),
        )],
        "site-config.yaml:3:",
        "more than 50 years",
    );
}

#[test]
fn a_programme_that_has_not_started() {
    let (site, _) = hostile(
        &[(
            "site-config.yaml",
            format!("{CONFIG}programme:\n  name: x\n  start: 2030-01\n  end: open\n").as_bytes(),
        )],
        &[],
        Verdict::Builds,
        "",
        "",
    );
    assert!(site.read("thong-ke/index.html").contains("2030"));
}

#[test]
fn an_item_dated_9999_with_future_items_shown() {
    let (site, _) = hostile(
        &[
            (
                "site-config.yaml",
                format!("{CONFIG}programme:\n  name: x\n  start: 2025-01\n  end: open\n")
                    .as_bytes(),
            ),
            (HONG, b"---\ntitle: Xa\ndate: 9999-12-31\n---\nx\n"),
        ],
        &["--future"],
        Verdict::Builds,
        "",
        "",
    );
    let statistics = site.read("thong-ke/index.html");
    // The calendar runs to this month, or a year ahead at most, not to 9999.
    assert!(
        statistics.contains("2026") && !statistics.contains("2028"),
        "{statistics}"
    );
    assert!(!statistics.contains("9999"), "{statistics}");
    assert!(site.exists("bai-viet/xa/index.html"));
}

#[test]
fn a_tab_in_a_data_file() {
    fails_at(
        &[("data/localities.yaml", "dong-nai:\n\tname: Đồng Nai\n")],
        "data/localities.yaml:2:1:",
        "indent with spaces only",
    );
}

#[test]
fn a_static_file_where_a_section_is() {
    let (site, _) = hostile(
        &[("static/bai-viet", b"tep")],
        &[],
        Verdict::Builds,
        "static/bai-viet: warning:",
        "not copied",
    );
    assert!(site.exists("bai-viet/index.html"));
}

#[test]
fn a_byte_order_mark_and_windows_line_ends() {
    let (site, _) = hostile(
        &[(
            HONG,
            "\u{feff}---\r\ntitle: Bài Windows\r\ndate: 2025-01-03\r\n---\r\nDòng một\r\n"
                .as_bytes(),
        )],
        &[],
        Verdict::Builds,
        "",
        "",
    );
    assert!(
        site.read("bai-viet/bai-windows/index.html")
            .contains("Dòng một")
    );
}

#[test]
fn an_empty_title() {
    fails_at(
        &[(HONG, "---\ntitle: \"\"\ndate: 2025-01-03\n---\nx\n")],
        "content/bai-viet/hong.md:1:1:",
        "has no `title`",
    );
}

#[test]
fn a_heading_attribute_that_runs_script() {
    let (site, _) = hostile(
        &[(HONG, item("", "## Tiêu đề {onclick=alert(1)}\n").as_bytes())],
        &[],
        Verdict::Builds,
        "content/bai-viet/hong.md:5:1: warning:",
        "removed from the heading: `onclick`",
    );
    assert!(!site.read("bai-viet/bai/index.html").contains("onclick"));
}

#[test]
fn a_script_link_with_raw_html_trusted() {
    fails_at(
        &[
            (
                "site-config.yaml",
                &format!("{CONFIG}markdown:\n  unsafe_html: true\n"),
            ),
            (HONG, &item("", "[x](javascript:alert(1))\n")),
        ],
        "content/bai-viet/hong.md:5:",
        "could run code",
    );
}

#[test]
fn an_output_that_is_a_file() {
    let site = built_site();
    site.write("ra", "tệp");
    let run = site.build(&["--output", "ra"]).refused();
    assert!(
        run.stderr().contains("is a file, not a folder"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("ra")).unwrap(),
        "tệp"
    );
}

#[test]
fn thousands_of_one_warning_are_counted_not_listed() {
    let links: String = (0..2000)
        .map(|n| format!("[mục {n}](/khong-co/muc-{n}/)\n\n"))
        .collect();
    let (site, stderr) = hostile(
        &[(HONG, item("", &links).as_bytes())],
        &[],
        Verdict::Builds,
        "content/bai-viet/hong.md:",
        "1995 more warnings of this kind",
    );
    assert!(
        stderr.lines().count() < 100,
        "{} lines",
        stderr.lines().count()
    );
    let all = site.build(&["--verbose"]).ok().stderr();
    assert!(!all.contains("more warnings of this kind"));
    assert!(all.lines().count() > 2000);
}

#[test]
fn plain_words_in_vietnamese_too() {
    let site = built_site();
    site.write(HONG, &item("weight: nặng\ntags: mại dâm\n", "x\n"));
    let stderr = site.build(&["--lang", "vi"]).failed().stderr();
    assert!(
        stderr.contains(
            "content/bai-viet/hong.md:4:9: lỗi: đây là văn bản \"nặng\", nhưng `weight` cần một số nguyên"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("invalid type"), "{stderr}");
}

#[test]
fn every_front_matter_problem_at_once() {
    let stderr = fails_at(
        &[(
            HONG,
            &item("weight: nặng\ntags: mại dâm\ndraft: có\n", "x\n"),
        )],
        "content/bai-viet/hong.md:4:9:",
        "`weight` takes a whole number",
    );
    assert!(
        stderr.contains(
            "content/bai-viet/hong.md:5:7: error: this is text \"mại dâm\", but `tags` takes a list"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("content/bai-viet/hong.md:6:8:"), "{stderr}");
    assert!(stderr.contains("3 errors"), "{stderr}");
}

#[test]
fn an_item_inside_the_search_index_folder_is_refused() {
    let site = built_site();
    site.section("search", "Tìm kiếm cũ", "article").write(
        "content/search/cu.md",
        "---\ntitle: Trang cũ\ndate: 2025-01-03\n---\nx\n",
    );
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains("content/search/cu.md:1:1: error: this would be written at /search/trang-cu/, inside the folder of the search index"),
        "{stderr}"
    );
}

#[test]
fn an_item_at_the_address_of_the_archive_is_refused() {
    let site = built_site();
    site.write(
        "site-config.yaml",
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\narchives:\n  path: \"Lưu trữ tin\"\n",
    );
    site.build(&[]).ok();
    site.section("luu-tru-tin", "Kho", "article");
    let stderr = fails_keeping_output(&site);
    assert!(
        stderr.contains(
            "this would be written at /luu-tru-tin/, which site-config.yaml already uses"
        ),
        "{stderr}"
    );
}
