//! `loa build` on small fixture sites: what gets written, and where.

mod common;

use common::Site;

fn article(title: &str, date: &str, extra: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\nNội dung của bài **{title}**.\n")
}

#[test]
fn writes_pretty_urls_with_folded_vietnamese_slugs() {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article").write(
        "content/bai-viet/a.md",
        &article("Phòng, chống mại dâm ở Đồng Nai", "2025-03-05", ""),
    );
    let run = site.build(&[]).ok();
    assert!(run.stdout().contains("Built 1 page, "), "{}", run.stdout());
    let html = site.read("bai-viet/phong-chong-mai-dam-o-dong-nai/index.html");
    assert!(
        html.contains("<title>Phòng, chống mại dâm ở Đồng Nai · Trang thử</title>"),
        "{html}"
    );
    assert!(
        html.contains("ngày 05 tháng 3 năm 2025"),
        "Vietnamese date missing: {html}"
    );
    assert!(html.contains("<strong>Phòng, chống mại dâm ở Đồng Nai</strong>"));
    assert!(site.exists("index.html"));
    assert!(site.exists("bai-viet/index.html"));
    assert!(site.exists("404.html"));
    assert!(site.exists("style.css"), "theme static files are copied");
}

#[test]
fn a_slug_in_front_matter_wins_and_is_folded_too() {
    let site = Site::new();
    site.section("trang", "Trang", "page").write(
        "content/trang/gt.md",
        "---\ntitle: \"Giới thiệu\"\nslug: \"Về chúng tôi\"\n---\nx\n",
    );
    site.build(&[]).ok();
    assert!(site.exists("trang/ve-chung-toi/index.html"));
}

#[test]
fn decomposed_text_is_published_composed() {
    use unicode_normalization::UnicodeNormalization;
    let site = Site::new();
    let title: String = "Người lao động".nfd().collect();
    site.section("bai-viet", "Bài viết", "article")
        .write("content/bai-viet/a.md", &article(&title, "2025-03-05", ""));
    site.build(&[]).ok();
    let html = site.read("bai-viet/nguoi-lao-dong/index.html");
    assert!(
        html.contains("<h1>Người lao động</h1>"),
        "title not NFC: {html}"
    );
}

#[test]
fn titles_are_escaped() {
    let site = Site::with_config("title: \"Trang thử\"\nbase_url: /\nminify: false\n");
    site.section("bai-viet", "Bài viết", "article").write(
        "content/bai-viet/a.md",
        "---\ntitle: \"Cảnh báo <script>alert(1)</script> & lừa đảo\"\ndate: 2025-03-05\n---\nx\n",
    );
    site.build(&[]).ok();
    let html = site.read("bai-viet/canh-bao-script-alert-1-script-lua-dao/index.html");
    assert!(
        !html.contains("<script>alert(1)"),
        "title not escaped: {html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    let listing = site.read("bai-viet/index.html");
    assert!(
        !listing.contains("<script>alert(1)"),
        "listing not escaped: {listing}"
    );
}

#[test]
fn listings_paginate_newest_first() {
    let site = Site::new();
    site.section("tin-tuc", "Tin tức", "news");
    for day in 1..=25 {
        site.write(
            &format!("content/tin-tuc/{day}.md"),
            &article(
                &format!("Tin số {day}"),
                &format!("2025-01-{day:02}"),
                "localities: [dong-nai]\n",
            ),
        );
    }
    site.build(&[]).ok();
    let first = site.read("tin-tuc/index.html");
    assert!(
        first.contains("Tin số 25") && first.contains("Tin số 16"),
        "{first}"
    );
    assert!(
        !first.contains("Tin số 15<"),
        "page 1 holds 10 items: {first}"
    );
    assert!(
        first.find("Tin số 25").unwrap() < first.find("Tin số 24").unwrap(),
        "newest first"
    );
    let second = site.read("tin-tuc/page/2/index.html");
    assert!(
        second.contains("Tin số 15") && second.contains("Tin số 6<"),
        "{second}"
    );
    let third = site.read("tin-tuc/page/3/index.html");
    assert!(
        third.contains("Tin số 1<") && !third.contains("Tin số 6<"),
        "{third}"
    );
    assert!(!site.exists("tin-tuc/page/4/index.html"));
    assert!(
        site.read("tin-tuc/page/1/index.html")
            .contains("url=/tin-tuc/"),
        "page 1 redirects to the section"
    );
    let page = site.read("tin-tuc/tin-so-10/index.html");
    assert!(
        page.contains("/tin-tuc/tin-so-11/") && page.contains("/tin-tuc/tin-so-9/"),
        "previous/next links: {page}"
    );
}

#[test]
fn a_section_can_set_its_own_page_size() {
    let site = Site::new();
    site.write(
        "content/bai-viet/_index.md",
        "---\ntitle: Bài viết\nkind: article\npaginate_by: 2\n---\n",
    );
    for day in 1..=3 {
        site.write(
            &format!("content/bai-viet/{day}.md"),
            &article(&format!("Bài {day}"), &format!("2025-02-0{day}"), ""),
        );
    }
    site.build(&[]).ok();
    assert!(site.exists("bai-viet/page/2/index.html"));
    assert!(!site.exists("bai-viet/page/3/index.html"));
}

#[test]
fn drafts_future_and_expired_items_are_left_out_unless_asked() {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article")
        .write(
            "content/bai-viet/nhap.md",
            &article("Bản nháp", "2025-01-01", "draft: true\n"),
        )
        .write(
            "content/bai-viet/sau.md",
            &article("Bài lên lịch", "2026-12-01", ""),
        )
        .write(
            "content/bai-viet/hom-nay.md",
            &article("Bài hôm nay", "2026-11-25T20:00:00", ""),
        )
        .write(
            "content/bai-viet/het-han.md",
            &article("Bài hết hạn", "2025-01-01", "expires: 2026-01-01\n"),
        );
    site.build(&[]).ok();
    assert!(!site.exists("bai-viet/ban-nhap/index.html"));
    assert!(!site.exists("bai-viet/bai-len-lich/index.html"));
    assert!(
        site.exists("bai-viet/bai-hom-nay/index.html"),
        "an item dated today is published"
    );
    assert!(!site.exists("bai-viet/bai-het-han/index.html"));
    assert!(!site.read("bai-viet/index.html").contains("Bản nháp"));

    site.build(&["--drafts", "--future"]).ok();
    assert!(
        site.read("bai-viet/ban-nhap/index.html").contains("Nháp"),
        "drafts carry a badge"
    );
    assert!(site.exists("bai-viet/bai-len-lich/index.html"));
    assert!(!site.exists("bai-viet/bai-het-han/index.html"));

    site.run(&["build", "--now", "2026-12-01"]).ok();
    assert!(
        site.exists("bai-viet/bai-len-lich/index.html"),
        "--now moves the publishing date"
    );
}

#[test]
fn page_bundles_copy_their_files_beside_the_page() {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article")
        .write(
            "content/bai-viet/tap-huan/index.md",
            &format!(
                "{}![Lớp tập huấn](anh.svg)\n",
                article(
                    "Tập huấn",
                    "2025-04-02",
                    "image: {src: anh.svg, alt: \"Lớp tập huấn\"}\n"
                )
            ),
        )
        .write(
            "content/bai-viet/tap-huan/anh.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .write(
            "content/bai-viet/tap-huan/tai-lieu/so-do.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
    site.build(&[]).ok();
    assert!(site.exists("bai-viet/tap-huan/anh.svg"));
    assert!(site.exists("bai-viet/tap-huan/tai-lieu/so-do.svg"));
    assert!(
        site.read("bai-viet/tap-huan/index.html")
            .contains("src=anh.svg")
            || site
                .read("bai-viet/tap-huan/index.html")
                .contains("src=\"anh.svg\"")
    );
}

#[test]
fn content_links_follow_the_base_url_sub_path() {
    let site = Site::with_config(
        "title: T\nbase_url: \"https://example.gov.vn/phong-chong/\"\nminify: false\n",
    );
    site.section("van-ban", "Văn bản", "legal")
        .section("bai-viet", "Bài viết", "article")
        .write(
            "content/van-ban/nd.md",
            "---\ntitle: Nghị định 178\ndate: 2025-01-02\n---\n## Hiệu lực\n\nCòn hiệu lực.\n",
        )
        .write(
            "content/bai-viet/a.md",
            "---\ntitle: Bài\ndate: 2025-01-03\n---\nXem [Nghị định](@/van-ban/nd.md#hieu-luc).\n",
        );
    site.build(&[]).ok();
    let html = site.read("bai-viet/bai/index.html");
    assert!(
        html.contains("href=\"/phong-chong/van-ban/nghi-dinh-178/#hieu-luc\""),
        "{html}"
    );
    assert!(html.contains("href=\"/phong-chong/style.css\""), "{html}");
    site.build(&["--base-url", "http://localhost:8000/"]).ok();
    let html = site.read("bai-viet/bai/index.html");
    assert!(
        html.contains("href=\"/van-ban/nghi-dinh-178/#hieu-luc\""),
        "--base-url overrides: {html}"
    );
}

#[test]
fn site_templates_override_the_theme() {
    let site = Site::new();
    site.section("trang", "Trang", "page")
        .write("content/trang/a.md", "---\ntitle: Riêng\n---\nx\n")
        .write("templates/page.html", "<!DOCTYPE html><html lang=\"vi\"><title>{{ page.title }}</title><p>mẫu riêng của trang</p></html>");
    site.build(&[]).ok();
    assert!(
        site.read("trang/rieng/index.html")
            .contains("mẫu riêng của trang")
    );
}

#[test]
fn minifies_unless_switched_off() {
    let site = Site::new();
    site.build(&[]).ok();
    let minified = site.read("index.html");
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nminify: false\n",
    );
    site.build(&[]).ok();
    let plain = site.read("index.html");
    assert!(
        minified.len() < plain.len(),
        "minified {} >= plain {}",
        minified.len(),
        plain.len()
    );
    assert!(plain.contains("<!DOCTYPE html>\n<html lang=\"vi\">"));
}

#[test]
fn unknown_keys_reach_templates_through_extra() {
    let site = Site::new();
    site.section("trang", "Trang", "page")
        .write(
            "content/trang/a.md",
            "---\ntitle: A\nmau_nen: xanh\n---\nx\n",
        )
        .write("templates/page.html", "<p>{{ page.extra.mau_nen }}</p>");
    site.build(&[]).ok();
    assert!(site.read("trang/a/index.html").contains("xanh"));
}

#[test]
fn english_sites_get_english_dates_and_strings() {
    let site = Site::with_config("title: T\nbase_url: /\nlanguage: en\n");
    site.section("bai-viet", "Articles", "article")
        .write("content/bai-viet/a.md", &article("Hello", "2025-03-05", ""));
    site.build(&[]).ok();
    let html = site.read("bai-viet/hello/index.html");
    assert!(html.contains("5 March 2025"), "{html}");
    assert!(
        html.contains("lang=en") || html.contains("lang=\"en\""),
        "{html}"
    );
}

#[test]
fn dated_and_undated_items_share_a_listing_in_a_stable_order() {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nminify: false\n",
    );
    site.section("trang", "Trang", "page")
        .write("content/trang/a.md", "---\ntitle: \"Ấn phẩm\"\n---\nx\n")
        .write(
            "content/trang/b.md",
            "---\ntitle: \"Đường dây nóng\"\nweight: 1\n---\nx\n",
        )
        .write("content/trang/c.md", "---\ntitle: Zalo\n---\nx\n")
        .write(
            "content/trang/d.md",
            "---\ntitle: Cũ\ndate: 2025-01-01\n---\nx\n",
        )
        .write(
            "content/trang/e.md",
            "---\ntitle: Mới\ndate: 2025-06-01\n---\nx\n",
        );
    site.build(&[]).ok();
    let listing = site.read("trang/index.html");
    let order: Vec<usize> = ["Mới", "Cũ", "Đường dây nóng", "Ấn phẩm", "Zalo"]
        .iter()
        .map(|title| {
            listing
                .find(&format!(">{title}<"))
                .unwrap_or_else(|| panic!("{title} missing"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "dated first, then weight, then folded title: {order:?}"
    );
}

#[test]
fn news_neighbours_run_older_to_newer() {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nminify: false\n",
    );
    site.section("tin-tuc", "Tin", "news");
    for day in 1..=3 {
        site.write(
            &format!("content/tin-tuc/{day}.md"),
            &article(
                &format!("Tin {day}"),
                &format!("2025-01-0{day}"),
                "localities: [bac-kan]\n",
            ),
        );
    }
    site.build(&[]).ok();
    let middle = site.read("tin-tuc/tin-2/index.html");
    let previous = middle.find("rel=\"prev\"").expect("a previous link");
    let next = middle.find("rel=\"next\"").expect("a next link");
    assert!(
        middle[..previous].ends_with("href=\"/tin-tuc/tin-1/\" "),
        "previous is the older item: {middle}"
    );
    assert!(
        middle[..next].ends_with("href=\"/tin-tuc/tin-3/\" "),
        "next is the newer item: {middle}"
    );
}

#[test]
fn windows_line_ends_and_byte_order_marks_are_read() {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article").write(
        "content/bai-viet/a.md",
        "\u{feff}---\r\ntitle: \"Bài từ Word\"\r\ndate: 2025-02-03\r\n---\r\nĐoạn một.\r\n",
    );
    site.build(&[]).ok();
    assert!(
        site.read("bai-viet/bai-tu-word/index.html")
            .contains("Đoạn một.")
    );
}

#[test]
fn static_files_keep_real_dotfiles_and_drop_tool_leftovers() {
    let site = Site::new();
    site.write(
        "static/.well-known/security.txt",
        "Contact: mailto:x@example.gov.vn\n",
    )
    .write("static/.DS_Store", "junk")
    .write("static/tai-lieu/to-roi.pdf", "%PDF");
    site.build(&[]).ok();
    assert!(site.exists(".well-known/security.txt"));
    assert!(site.exists("tai-lieu/to-roi.pdf"));
    assert!(!site.exists(".DS_Store"));
}

#[test]
fn a_bundle_image_in_front_matter_gets_its_page_url() {
    let site = Site::with_config("title: T\nbase_url: \"https://example.gov.vn/pc/\"\n");
    site.section("bai-viet", "Bài viết", "article")
        .write(
            "content/bai-viet/b/index.md",
            &article("Ảnh", "2025-04-02", "image: {src: anh.svg, alt: \"Ảnh\"}\n"),
        )
        .write(
            "content/bai-viet/b/anh.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .write(
            "templates/article.html",
            "{{ page.image.url }} {{ page.image.permalink }}",
        );
    site.build(&[]).ok();
    assert_eq!(
        site.read("bai-viet/anh/index.html"),
        "/pc/bai-viet/anh/anh.svg https://example.gov.vn/pc/bai-viet/anh/anh.svg"
    );
}

/// Every output file with its modification time.
fn stamps(site: &Site) -> Vec<(String, std::time::SystemTime)> {
    let public = site.root().join("public");
    let mut all: Vec<_> = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(&public)
                .unwrap()
                .display()
                .to_string();
            (name, e.metadata().unwrap().modified().unwrap())
        })
        .collect();
    all.sort();
    all
}

#[test]
fn a_rebuild_without_changes_rewrites_no_file() {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article");
    for day in 1..=12 {
        site.write(
            &format!("content/bai-viet/{day}.md"),
            &article(&format!("Bài {day}"), &format!("2025-03-{day:02}"), ""),
        );
    }
    site.write("static/tai-lieu.pdf", "%PDF");
    site.build(&[]).ok();
    let before = stamps(&site);
    std::thread::sleep(std::time::Duration::from_millis(30));
    site.build(&[]).ok();
    assert_eq!(
        stamps(&site),
        before,
        "a build of the same site must leave every file as it was"
    );

    site.write(
        "content/bai-viet/3.md",
        &article("Bài 3", "2025-03-03", "summary: \"Tóm tắt mới\"\n"),
    );
    site.build(&[]).ok();
    let after = stamps(&site);
    // New files (a new word's search files) count as changed too.
    let earlier: std::collections::HashMap<&String, &std::time::SystemTime> =
        before.iter().map(|(name, time)| (name, time)).collect();
    let changed: Vec<&String> = after
        .iter()
        .filter(|(name, time)| earlier.get(name) != Some(&time))
        .map(|(name, _)| name)
        .collect();
    assert!(
        changed
            .iter()
            .any(|name| name.starts_with("bai-viet/bai-3/")),
        "{changed:?}"
    );
    assert!(
        changed.len() < after.len() / 2,
        "only what shows the item changes: {changed:?}"
    );
    assert!(!changed.iter().any(|name| name.as_str() == "tai-lieu.pdf"));
}
