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
        stderr.contains("summary: invalid type: sequence"),
        "{stderr}"
    );
    assert!(stderr.contains("not a list"), "{stderr}");
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
        stderr.contains("content/bai-viet/hong.md:4:7: error: tags:"),
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
        stderr.contains("content/bai-viet/hong.md:4:7: error: kind: unknown variant `articel`"),
        "{stderr}"
    );
    assert!(stderr.contains("`article`"), "{stderr}");
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
        stderr.contains("content/bai-viet/hong.md:8: error: the link @/van-ban/khong-co.md"),
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
        stderr.contains("site-config.yaml:3:1: error: unknown field `pagniate_by`"),
        "{stderr}"
    );
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
            "content/bai-viet/hong.md:5: error: the link javascript:alert(1) uses `javascript:`"
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
