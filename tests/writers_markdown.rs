//! What writers bring: HTML pasted from Word and old portals, links of
//! every kind, other generators' syntax, drafts and decorative images.
//! Every word reaches readers, no script does, and nothing is changed or
//! left out without a message naming the file and line.

mod common;

use common::Site;
use common::dom;

/// A site with an articles section and the item `body` as
/// `content/bai-viet/a.md` (its body starts on line 5).
fn site_with(config_extra: &str, front: &str, body: &str) -> Site {
    let site = Site::with_config(&format!(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\n{config_extra}"
    ));
    site.section("bai-viet", "Bài viết", "article").write(
        "content/bai-viet/a.md",
        &format!("---\ntitle: \"Bài\"\ndate: 2025-01-02\n{front}---\n{body}"),
    );
    site
}

/// The text of the item's body as a reader sees it, and its HTML.
fn body_of(site: &Site) -> (String, String) {
    let page = dom::parse_page(&site.read("bai-viet/bai/index.html"));
    let content = dom::find_all(&page, &|node| {
        dom::attribute(node, "class").as_deref() == Some("content")
    });
    let html = dom::canonical(&content[0].children.borrow());
    (dom::text(&content[0]), html)
}

#[test]
fn pasted_html_keeps_its_text_and_structure_and_loses_its_scripts() {
    let site = site_with(
        "",
        "",
        "Đoạn đầu.\n\n<div class=\"MsoNormal\" style=\"color:red\" onclick=\"steal()\">\n<table><tr><td>Dòng</td><td>Lệnh</td></tr></table>\n</div>\n\nDòng<br>Redis Key<font>Lệnh</font> và Gửi<button>Đi</button>ngay.\n\n<details><summary>Xem thêm</summary>Chi tiết.</details>\n\n<script>alert(1)</script>\n\n<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n\n<iframe src=\"https://maps.example.com/x\"></iframe>\n",
    );
    let run = site.build(&[]).ok();
    let (text, html) = body_of(&site);
    for words in [
        "Đoạn đầu.",
        "Dòng Lệnh",
        "Redis KeyLệnh",
        "Gửi Đi ngay",
        "Xem thêm",
        "Chi tiết.",
    ] {
        assert!(text.contains(words), "{words:?} in {text:?}");
    }
    for kept in [
        "<div class=\"MsoNormal\">",
        "<table><tbody><tr><td>Dòng</td>",
        "<details><summary>Xem thêm</summary>",
        "<iframe src=\"https://www.youtube.com/embed/abc\">",
    ] {
        assert!(html.contains(kept), "{kept} in {html}");
    }
    for gone in [
        "onclick",
        "color:red",
        "<script",
        "alert(1)",
        "maps.example.com",
        "<font",
        "<button",
    ] {
        assert!(!html.contains(gone), "{gone} in {html}");
    }
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/bai-viet/a.md:7: warning: raw HTML changed so it is safe to publish: attribute `onclick` removed from <div>; attribute `style` removed from <div>"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/bai-viet/a.md:11: warning: raw HTML changed so it is safe to publish: tag <button> removed, its text kept; tag <font> removed, its text kept"),
        "{stderr}"
    );
    assert!(stderr.contains("content/bai-viet/a.md:15: warning: raw HTML changed so it is safe to publish: <script> removed with its content"), "{stderr}");
    assert!(stderr.contains("content/bai-viet/a.md:19: warning: raw HTML changed so it is safe to publish: frame showing maps.example.com removed"), "{stderr}");
    assert!(
        stderr.contains("add it to markdown.embed_hosts"),
        "{stderr}"
    );

    // A host the site trusts may be embedded.
    let site = site_with(
        "markdown:\n  embed_hosts: [maps.example.com]\n",
        "",
        "<iframe src=\"https://maps.example.com/x\"></iframe>\n",
    );
    let run = site.build(&[]).ok();
    assert!(body_of(&site).1.contains("maps.example.com"));
    assert!(!run.stderr().contains("raw HTML"), "{}", run.stderr());
}

#[test]
fn unsafe_html_publishes_as_written_but_balanced() {
    let site = site_with(
        "markdown:\n  unsafe_html: true\n",
        "",
        "<div onclick=\"f()\"><script>window.x = 1</script>\n\nChữ\n",
    );
    let run = site.build(&[]).ok();
    let (_, html) = body_of(&site);
    assert!(
        html.contains("<div onclick=\"f()\"><script>window.x = 1</script>"),
        "{html}"
    );
    assert!(!run.stderr().contains("raw HTML"), "{}", run.stderr());
    let page = dom::parse_page(&site.read("bai-viet/bai/index.html"));
    let footer = dom::find_all(&page, &|node| dom::name(node).as_deref() == Some("footer"));
    assert_eq!(
        dom::parent_name(&footer[0]).as_deref(),
        Some("body"),
        "the open <div> took the footer in"
    );
}

#[test]
fn urls_that_run_code_are_errors_wherever_they_are_written() {
    for (config_extra, front, body, place) in [
        ("", "", "[x](javascript:alert(1))\n", "a.md:5:"),
        ("", "", "![x](data:text/html,<b>x</b>)\n", "a.md:5:"),
        (
            "",
            "",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>\n",
            "a.md:5:",
        ),
        (
            "markdown:\n  unsafe_html: true\n",
            "",
            "[x](javascript:alert(1))\n",
            "a.md:5:",
        ),
        (
            "",
            "source_url: \"javascript:alert(1)\"\n",
            "Chữ\n",
            "a.md:4:14:",
        ),
        (
            "",
            "image: {src: \"javascript:alert(2)\", alt: \"\"}\n",
            "Chữ\n",
            "a.md:4:15:",
        ),
        (
            "",
            "lien_ket: \"vbscript:msgbox(1)\"\n",
            "Chữ\n",
            "a.md:4:12:",
        ),
        (
            "",
            "aliases: [\"javascript:alert(3)\"]\n",
            "Chữ\n",
            "a.md:4:",
        ),
        (
            "extra:\n  facebook: \"javascript:alert(4)\"\n",
            "",
            "Chữ\n",
            "site-config.yaml:4:14:",
        ),
    ] {
        let site = site_with(config_extra, front, body);
        let run = site.build(&[]).failed();
        let stderr = run.stderr();
        assert!(stderr.contains(place), "{place} in {stderr}");
        assert!(
            stderr.contains("could run code in readers' browsers")
                || stderr.contains("is a full web address"),
            "{stderr}"
        );
    }
    let site = site_with("", "", "Chữ\n");
    site.write(
        "data/lien-ket.yaml",
        "zalo: \"zalo:123\"\nxau: \"javascript:alert(5)\"\n",
    );
    let run = site.build(&[]).failed();
    assert!(
        run.stderr().contains("data/lien-ket.yaml:2:7: error:"),
        "{}",
        run.stderr()
    );
}

#[test]
fn harmless_schemes_are_links() {
    let site = site_with(
        "",
        "source_url: \"https://vbpl.vn/\"\n",
        "[a](irc:foo.bar:2233/baz) [b](localhost:5001/x) [c](file:///tmp/a.pdf) [d](made-up+scheme:x) [e](zalo://chat)\n\n![f](data:image/png;base64,iVBORw0KGgo=)\n",
    );
    site.build(&[]).ok();
    let (_, html) = body_of(&site);
    for href in [
        "irc:foo.bar:2233/baz",
        "localhost:5001/x",
        "file:///tmp/a.pdf",
        "made-up+scheme:x",
        "zalo://chat",
    ] {
        assert!(
            html.contains(&format!("href=\"{href}\"")),
            "{href} in {html}"
        );
    }
}

#[test]
fn headings_keep_only_anchors_and_classes() {
    let site = site_with("", "", "## Hi {#chao .lon onmouseover=alert(1)}\n");
    let run = site.build(&[]).ok();
    let (_, html) = body_of(&site);
    assert_eq!(
        html, "<h2 class=\"lon\">Hi</h2>",
        "the anchor is kept apart"
    );
    let page = site.read("bai-viet/bai/index.html");
    assert!(!page.contains("onmouseover"), "{page}");
    assert!(page.contains("<h2 id=\"chao\" class=\"lon\">"), "{page}");
    assert!(
        run.stderr().contains(
            "content/bai-viet/a.md:5:1: warning: removed from the heading: `onmouseover`"
        ),
        "{}",
        run.stderr()
    );
}

#[test]
fn minifying_changes_no_text_or_attribute() {
    let site = site_with(
        "",
        "",
        "foo&#10;&#10;bar\n\n[link](/url \"title\nline\")\n\n<table><tr><td>foo</td></tr></table>\n",
    );
    site.build(&[]).ok();
    let (text, html) = body_of(&site);
    assert!(text.contains("foo bar"), "{text}");
    assert!(html.contains("title=\"title\nline\""), "{html}");
    let page = dom::parse_page(&site.read("bai-viet/bai/index.html"));
    let footer = dom::find_all(&page, &|node| dom::name(node).as_deref() == Some("footer"));
    assert_eq!(dom::parent_name(&footer[0]).as_deref(), Some("body"));
}

#[test]
fn other_generators_syntax_is_pointed_out() {
    let site = site_with(
        "",
        "",
        "Xem video {{< youtube abc >}}.\n\n{% include chu-y.html %}\n\nĐoạn {: .lead}\n\n`{{ page.title }}` là mã.\n",
    );
    let run = site.build(&[]).ok();
    let stderr = run.stderr();
    for expected in [
        "content/bai-viet/a.md:5:11: warning: the Hugo shortcode `{{< youtube abc >}}`",
        "content/bai-viet/a.md:7:1: warning: the template tag `{% include chu-y.html %}`",
        "content/bai-viet/a.md:9:6: warning: the kramdown attribute list `{: .lead}`",
    ] {
        assert!(stderr.contains(expected), "{expected} in {stderr}");
    }
    assert!(
        !stderr.contains("page.title"),
        "code is left alone: {stderr}"
    );
}

#[test]
fn every_item_left_out_is_named_with_why() {
    let site = site_with("", "", "Chữ\n");
    site.write(
        "content/bai-viet/nhap.md",
        "---\ntitle: \"Nháp\"\ndate: 2025-01-03\ndraft: true\n---\nx\n",
    )
    .write(
        "content/bai-viet/hen.md",
        "---\ntitle: \"Hẹn\"\ndate: 2027-01-05\n---\nx\n",
    )
    .write(
        "content/bai-viet/het-han.md",
        "---\ntitle: \"Hết hạn\"\ndate: 2025-01-04\nexpires: 2025-06-01\n---\nx\n",
    )
    .write(
        "content/bai-viet/trang-tri.md",
        "---\ntitle: \"Trang trí\"\ndate: 2025-01-05\nimage: {src: /a.png, alt: \"\"}\n---\nx\n",
    )
    .write(
        "content/bai-viet/thieu-mo-ta.md",
        "---\ntitle: \"Thiếu mô tả\"\ndate: 2025-01-06\nimage: {src: /a.png}\n---\nx\n",
    )
    .write_bytes("static/a.png", b"png");
    let run = site.build(&[]).ok();
    let stdout = run.stdout();
    for line in [
        "Not published (3):",
        "  content/bai-viet/hen.md: scheduled for 2027-01-05",
        "  content/bai-viet/het-han.md: expired on 2025-06-01",
        "  content/bai-viet/nhap.md: a draft",
    ] {
        assert!(stdout.contains(line), "{line} in {stdout}");
    }
    // A decorative image is no mistake; a missing description is a warning,
    // and neither keeps the item out.
    assert!(site.exists("bai-viet/trang-tri/index.html"));
    assert!(site.exists("bai-viet/thieu-mo-ta/index.html"));
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/bai-viet/thieu-mo-ta.md:4:1: warning"),
        "{stderr}"
    );
    assert!(!stderr.contains("trang-tri.md"), "{stderr}");

    let run = site.run(&["check", "--now", "2026-11-25", "--format", "json"]);
    let checked: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON");
    let unpublished: Vec<(String, String)> = checked["unpublished"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| {
            (
                item["file"].as_str().unwrap_or_default().to_owned(),
                item["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        unpublished,
        [
            ("content/bai-viet/hen.md".to_owned(), "scheduled".to_owned()),
            (
                "content/bai-viet/het-han.md".to_owned(),
                "expired".to_owned()
            ),
            ("content/bai-viet/nhap.md".to_owned(), "draft".to_owned()),
        ]
    );
}

#[test]
fn alerts_and_definition_lists_are_titled_in_the_sites_language() {
    let site = site_with(
        "language: en\n",
        "",
        "> [!TIP]\n> Gọi 111.\n\nMại dâm\n: mua dâm, bán dâm\n",
    );
    site.build(&[]).ok();
    let (_, html) = body_of(&site);
    assert!(
        html.contains(
            "<div class=\"alert alert-tip\"><p class=\"alert-title\">Tip</p><p>Gọi 111.</p></div>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<dl><dt>Mại dâm</dt><dd>mua dâm, bán dâm</dd></dl>"),
        "{html}"
    );
}
