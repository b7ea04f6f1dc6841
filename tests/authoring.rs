//! `loa new`: the files it creates for writers, and what it refuses.

mod common;

use common::Site;

fn site() -> Site {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\ntime_zone: Asia/Ho_Chi_Minh\ntaxonomies:\n  audiences:\n    title: \"Đối tượng\"\n    closed: true\n    terms:\n      thanh-nien: \"Thanh niên\"\n      can-bo: \"Cán bộ\"\n  localities:\n    title: \"Địa bàn\"\n    hierarchy: localities.yaml\n",
    );
    site.section("bai-viet", "Bài viết", "article")
        .section("tin-tuc", "Tin hoạt động", "news")
        .section("trang", "Trang", "page")
        .write(
            "data/localities.yaml",
            "- key: dong-nai\n  name: Đồng Nai\n  children:\n    - key: bien-hoa\n      name: Biên Hòa\n",
        );
    site
}

fn read(site: &Site, relative: &str) -> String {
    std::fs::read_to_string(site.root().join(relative))
        .unwrap_or_else(|e| panic!("{relative} not readable: {e}"))
}

#[test]
fn an_article_lands_in_its_section_and_builds_once_published() {
    let site = site();
    let run = site
        .run(&[
            "new",
            "article",
            "Phòng ngừa cho thanh niên",
            "--date",
            "2026-03-05",
        ])
        .ok();
    let path = "content/bai-viet/2026-03-05-phong-ngua-cho-thanh-nien/index.md";
    assert_eq!(run.stdout().trim(), path);
    let text = read(&site, path);
    assert!(
        text.starts_with("---\ntitle: \"Phòng ngừa cho thanh niên\"\ndate: 2026-03-05\n"),
        "{text}"
    );
    assert!(
        text.contains("\ndraft: true\n"),
        "new items start as drafts: {text}"
    );
    assert!(
        text.contains("# audiences: []   # chọn trong: thanh-nien, can-bo"),
        "the site's own vocabulary is offered: {text}"
    );
    assert!(
        !text.contains("localities: []"),
        "only news needs a locality"
    );

    // As written it is a draft: built with --drafts, left out without.
    site.build(&["--drafts"]).ok();
    assert!(site.exists("bai-viet/phong-ngua-cho-thanh-nien/index.html"));
    site.build(&[]).ok();
    assert!(!site.exists("bai-viet/phong-ngua-cho-thanh-nien/index.html"));
    // Removing the draft line publishes it.
    std::fs::write(
        site.root().join(path),
        text.replace("draft: true\n", "")
            .replace("Viết nội dung ở đây.", "Nội dung bài viết."),
    )
    .unwrap();
    site.build(&[]).ok();
    assert!(
        site.read("bai-viet/phong-ngua-cho-thanh-nien/index.html")
            .contains("Nội dung bài viết.")
    );
}

#[test]
fn news_asks_for_a_locality_and_lists_the_places() {
    let site = site();
    site.run(&[
        "new",
        "news",
        "Tập huấn \"điểm\" ở Biên Hòa",
        "--date",
        "2026-11-20",
    ])
    .ok();
    let path = "content/tin-tuc/2026-11-20-tap-huan-diem-o-bien-hoa/index.md";
    let text = read(&site, path);
    assert!(
        text.contains("title: \"Tập huấn \\\"điểm\\\" ở Biên Hòa\"\n"),
        "{text}"
    );
    assert!(
        text.contains("# chọn trong: dong-nai, bien-hoa\nlocalities: []\n"),
        "{text}"
    );
    // Until a locality is written, the build says what is missing and where.
    let broken = site.build(&["--drafts"]).failed();
    assert!(
        broken.stderr().contains(&format!("{path}:"))
            && broken.stderr().contains("at least one locality"),
        "{}",
        broken.stderr()
    );
    std::fs::write(
        site.root().join(path),
        text.replace("localities: []", "localities: [bien-hoa]"),
    )
    .unwrap();
    site.build(&["--drafts"]).ok();
}

#[test]
fn a_page_has_no_date_and_a_section_can_be_named() {
    let site = site();
    let run = site.run(&["new", "page", "Liên hệ"]).ok();
    assert_eq!(run.stdout().trim(), "content/trang/lien-he/index.md");
    assert!(!read(&site, "content/trang/lien-he/index.md").contains("date:"));

    // An article in the pages section says its kind.
    site.run(&[
        "new",
        "article",
        "Giới thiệu chương trình",
        "--section",
        "trang",
        "--date",
        "2026-01-02",
    ])
    .ok();
    let text = read(
        &site,
        "content/trang/2026-01-02-gioi-thieu-chuong-trinh/index.md",
    );
    assert!(
        text.contains("\nkind: article\ndate: 2026-01-02\n"),
        "{text}"
    );
}

#[test]
fn nothing_is_overwritten_and_unknown_places_are_named() {
    let site = site();
    site.run(&["new", "article", "Bài một", "--date", "2026-02-01"])
        .ok();
    // The item is a page bundle; a flat file of the same name written by
    // hand counts as the same item too.
    let path = "content/bai-viet/2026-02-01-bai-mot/index.md";
    std::fs::write(site.root().join(path), "đã viết").unwrap();
    let flat = "content/bai-viet/2026-02-02-bai-ba.md";
    site.write(flat, "đã viết");
    let beside = site
        .run(&["new", "article", "Bài ba", "--date", "2026-02-02"])
        .refused();
    assert!(
        beside.stderr().contains("exists already"),
        "{}",
        beside.stderr()
    );
    let again = site
        .run(&["new", "article", "Bài một", "--date", "2026-02-01"])
        .refused();
    assert!(
        again.stderr().contains("exists already"),
        "{}",
        again.stderr()
    );
    assert_eq!(
        read(&site, path),
        "đã viết",
        "the writer's file is untouched"
    );

    let unknown = site
        .run(&["new", "article", "Bài hai", "--section", "khong-co"])
        .refused();
    assert!(
        unknown.stderr().contains("no section `khong-co`")
            && unknown.stderr().contains("bai-viet (article)"),
        "{}",
        unknown.stderr()
    );
    let no_legal = site.run(&["new", "legal", "Nghị định 178"]).refused();
    assert!(
        no_legal.stderr().contains("no section holds legal items"),
        "{}",
        no_legal.stderr()
    );
    let bad_date = site
        .run(&["new", "article", "Bài ba", "--date", "05/03/2026"])
        .refused();
    assert!(
        bad_date.stderr().contains("write YYYY-MM-DD"),
        "{}",
        bad_date.stderr()
    );
}

#[test]
fn check_shows_the_offending_line_with_a_caret_and_the_choices() {
    let site = site();
    site.write(
        "content/bai-viet/a.md",
        "---\ntitle: \"Bài a\"\ndate: 2026-01-05\naudiences: [thanh-nien, can-bo-xa]\n---\nNội dung.\n",
    );
    let stderr = site
        .run(&["check", "--now", "2026-11-25"])
        .failed()
        .stderr();
    let expected = "content/bai-viet/a.md:4:25: error:";
    let at = stderr.find(expected).unwrap_or_else(|| panic!("{stderr}"));
    let shown: Vec<&str> = stderr[at..].lines().take(5).collect();
    assert_eq!(shown[1], "  3 | date: 2026-01-05", "{stderr}");
    assert_eq!(
        shown[2], "  4 | audiences: [thanh-nien, can-bo-xa]",
        "{stderr}"
    );
    assert_eq!(shown[3], "    |                         ^", "{stderr}");
    assert!(
        shown[4].contains("help: use one of: thanh-nien, can-bo"),
        "{stderr}"
    );
    assert!(
        stderr.contains("build failed: 1 error and 0 warnings in 1 file"),
        "{stderr}"
    );
}

#[test]
fn check_speaks_json_for_editors_and_scripts() {
    let site = site();
    site.write(
        "content/bai-viet/a.md",
        "---\ntitle: \"Bài a\"\ndate: 05/01/2026\n---\nNội dung.\n",
    )
    .write(
        "content/bai-viet/b.md",
        "---\ntitle: \"Bài b\"\ndate: 2026-01-06\nnguon: \"x\"\nsumary: \"y\"\n---\nNội dung.\n",
    );
    let run = site
        .run(&["check", "--now", "2026-11-25", "--format", "json"])
        .failed();
    assert!(
        run.stderr().is_empty(),
        "JSON mode prints nothing else: {}",
        run.stderr()
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("one JSON document");
    assert_eq!(report["errors"], 1, "{report:#}");
    assert_eq!(report["warnings"], 1, "{report:#}");
    let first = &report["diagnostics"][0];
    assert_eq!(first["file"], "content/bai-viet/a.md");
    assert_eq!(first["line"], 3);
    assert_eq!(first["column"], 7);
    assert_eq!(first["severity"], "error");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("write 2026-01-05"),
        "{report:#}"
    );
    let second = &report["diagnostics"][1];
    assert_eq!(second["file"], "content/bai-viet/b.md");
    assert_eq!(second["severity"], "warning");
    assert_eq!(second["line"], 5);

    // Without problems: an empty list and exit code 0.
    std::fs::remove_file(site.root().join("content/bai-viet/a.md")).unwrap();
    std::fs::remove_file(site.root().join("content/bai-viet/b.md")).unwrap();
    let clean = site
        .run(&["check", "--now", "2026-11-25", "--format", "json"])
        .ok();
    let report: serde_json::Value = serde_json::from_str(&clean.stdout()).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

#[test]
fn quiet_says_only_problems_and_verbose_adds_stage_times() {
    let site = site();
    site.write(
        "content/bai-viet/a.md",
        "---\ntitle: \"Bài a\"\ndate: 2026-01-05\nsumary: \"x\"\n---\nNội dung.\n",
    );
    let normal = site.build(&[]).ok();
    let last = normal
        .stdout()
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned();
    assert!(
        last.starts_with("Built 1 page, 3 sections, ")
            && last.contains(" feeds and 0 images into ")
            && last.contains("with 1 warning in "),
        "the build ends with one summary line: {}",
        normal.stdout()
    );
    assert!(normal.stderr().contains("warning"), "{}", normal.stderr());
    let quiet = site.build(&["--quiet"]).ok();
    assert_eq!(quiet.stdout(), "", "quiet prints no summary");
    assert_eq!(quiet.stderr(), "", "nor warnings");
    let verbose = site.build(&["-v"]).ok();
    assert!(
        verbose.stdout().contains("read, model and Markdown")
            && verbose.stdout().contains("render and write"),
        "{}",
        verbose.stdout()
    );
    // Errors are printed however quiet.
    site.write("content/bai-viet/b.md", "---\ndate: 2026-01-06\n---\nx\n");
    let failed = site.build(&["-q"]).failed();
    assert!(
        failed.stderr().contains("has no `title`"),
        "{}",
        failed.stderr()
    );
    assert!(
        !failed.stderr().contains('\u{1b}'),
        "no colour off a terminal"
    );
}

#[test]
fn a_build_counts_its_outputs_for_the_progress_display() {
    let site = site();
    site.write(
        "content/bai-viet/a.md",
        "---\ntitle: \"Bài a\"\ndate: 2026-01-05\n---\nNội dung.\n",
    );
    let progress = std::sync::Arc::new(loa::site::Progress::default());
    let options = loa::BuildOptions {
        load: loa::load::LoadOptions {
            root: site.root().to_path_buf(),
            config: None,
            overrides: Default::default(),
        },
        output: None,
        include_drafts: false,
        include_future: false,
        now: loa::text::dates::WrittenDate::parse("2026-11-25").ok(),
        write: true,
        progress: Some(std::sync::Arc::clone(&progress)),
    };
    let report = loa::build(&options).expect("the site builds");
    assert_eq!(
        progress.read(),
        (report.files_written, report.files_written)
    );
    assert!(report.files_written > 5);
}

#[test]
fn new_needs_a_site_and_a_broken_card_template_is_named() {
    let empty = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .env("LOA_LANG", "en")
        .args(["new", "article", "Bài"])
        .current_dir(empty.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("config file is missing"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing written"
    );

    let site = site();
    site.write(
        "content/bai-viet/a.md",
        "---\ntitle: \"Bài a\"\ndate: 2026-01-05\n---\nNội dung.\n",
    )
    .write(
        "templates/partials/card.html",
        "<li>\n{{ item.title | nope }}</li>",
    );
    let broken = site.build(&[]).failed();
    assert!(
        broken.stderr().contains("templates/partials/card.html"),
        "{}",
        broken.stderr()
    );
}
