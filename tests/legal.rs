//! Legal summaries: numbers, cross-references from any page, relations in
//! both directions, backlinks, the index, and the check's candidates.

mod common;

use common::Site;

fn legal(number: &str, title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2025-01-10\nnumber: \"{number}\"\ndoc_type: Quyết định\n{extra}---\n## Nội dung chính\n\nTóm tắt.\n\n## Hiệu lực\n\nCòn hiệu lực.\n"
    )
}

fn site() -> Site {
    let site =
        Site::with_config("title: T\nbase_url: \"https://example.gov.vn/\"\nminify: false\n");
    site.section("van-ban", "Văn bản", "legal")
        .section("tin-tuc", "Tin", "news")
        .write("content/van-ban/qd-1629.md", &legal("1629/QĐ-TTg", "Quyết định 1629", "signed: 2021-09-28\nstatus: con-hieu-luc\nreplaces: [\"361/QĐ-TTg\"]\n"))
        .write("content/van-ban/qd-361.md", &legal("361/QĐ-TTg", "Quyết định 361", "signed: 2016-03-07\nstatus: het-hieu-luc\n"))
        .write("content/van-ban/nd-178.md", &legal("178/2004/NĐ-CP", "Nghị định 178", "doc_type: Nghị định\nstatus: duoc-sua-doi\namended_by: [\"29/QĐ-BLĐTBXH\"]\n").replace("doc_type: Quyết định\n", ""))
        .write("content/van-ban/qd-29.md", &legal("29/QĐ-BLĐTBXH", "Quyết định 29", "status: con-hieu-luc\n"))
        .write(
            "content/tin-tuc/a.md",
            "---\ntitle: Tin A\ndate: 2025-02-01\nlocalities: [x]\n---\nThực hiện Quyết định số 1629/QĐ-TTg và Nghị định 178/2004/ND-CP, Kế hoạch số 268/KH-UBND.\n",
        )
        .write(
            "content/tin-tuc/b.md",
            "---\ntitle: Tin B\ndate: 2025-03-01\nlocalities: [x]\n---\n## Theo 1629/QĐ-TTg\n\n`1629/QĐ-TTg` và [1629/QĐ-TTg](https://x.vn/). Kế hoạch 268/KH-UBND; Công văn số 462/SLĐTBXH-PCTNXH.\n",
        );
    site
}

#[test]
fn mentions_anywhere_link_to_the_summary_and_summaries_list_their_backlinks() {
    let site = site();
    site.build(&[]).ok();
    let a = site.read("tin-tuc/tin-a/index.html");
    assert!(
        a.contains(
            r#"Thực hiện <a href="/van-ban/quyet-dinh-1629/">Quyết định số 1629/QĐ-TTg</a>"#
        ),
        "{a}"
    );
    assert!(
        a.contains(r#"<a href="/van-ban/nghi-dinh-178/">Nghị định 178/2004/ND-CP</a>"#),
        "D for Đ: {a}"
    );
    let b = site.read("tin-tuc/tin-b/index.html");
    assert!(
        !b.contains("/van-ban/quyet-dinh-1629/"),
        "heading, code and an existing link stay as written: {b}"
    );
    let summary = site.read("van-ban/quyet-dinh-1629/index.html");
    assert!(
        summary.contains("<h2 id=\"loa-mentioned-in\">Được nhắc đến trong</h2>"),
        "{summary}"
    );
    assert!(
        summary.contains(r#"<li><a href="/tin-tuc/tin-b/">Tin B</a></li>"#)
            && summary.contains(r#"<li><a href="/tin-tuc/tin-a/">Tin A</a></li>"#),
        "{summary}"
    );
    let own = summary.split("<div class=\"content\">").nth(1).unwrap();
    assert!(
        !own.contains("href=\"/van-ban/quyet-dinh-1629/\""),
        "no link to itself"
    );
    assert!(
        summary.contains("<span class=\"status status-con-hieu-luc\">Còn hiệu lực</span>"),
        "{summary}"
    );
    assert!(summary.contains("ngày 28 tháng 9 năm 2021"), "{summary}");
}

#[test]
fn relations_show_both_ways() {
    let site = site();
    site.build(&[]).ok();
    let newer = site.read("van-ban/quyet-dinh-1629/index.html");
    assert!(newer.contains("<dt>Thay thế</dt><dd><ul class=\"related\"><li><a href=\"/van-ban/quyet-dinh-361/\">361/QĐ-TTg</a> – Quyết định 361</li>"), "{newer}");
    let older = site.read("van-ban/quyet-dinh-361/index.html");
    assert!(older.contains("<dt>Được thay thế bởi</dt><dd><ul class=\"related\"><li><a href=\"/van-ban/quyet-dinh-1629/\">1629/QĐ-TTg</a>"), "{older}");
    let amending = site.read("van-ban/quyet-dinh-29/index.html");
    assert!(amending.contains("<dt>Sửa đổi, bổ sung</dt><dd><ul class=\"related\"><li><a href=\"/van-ban/nghi-dinh-178/\">178/2004/NĐ-CP</a>"), "{amending}");
}

#[test]
fn numbers_are_checked_and_unknown_relations_warned_about() {
    let site = site();
    site.write(
        "content/van-ban/hong.md",
        &legal("1629-QĐ-TTg", "Sai số", ""),
    )
    .write(
        "content/van-ban/trung.md",
        &legal("1629/QD-TTG", "Trùng", ""),
    );
    let stderr = site.build(&[]).failed().stderr();
    assert!(
        stderr.contains(
            "content/van-ban/hong.md:4:10: error: `1629-QĐ-TTg` is not a document number"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("content/van-ban/trung.md:4:10: error: the document 1629/QD-TTG already has a summary: content/van-ban/qd-1629.md"), "{stderr}");

    let site = self::site();
    site.write(
        "content/van-ban/qd-1629.md",
        &legal(
            "1629/QĐ-TTg",
            "Quyết định 1629",
            "replaces:\n  - \"361/QĐ-TTg\"\n  - \"999/QĐ-TTg\"\n",
        ),
    );
    let run = site.build(&[]).ok();
    assert!(run.stderr().contains("content/van-ban/qd-1629.md:8:6: warning: replaces names 999/QĐ-TTg, which has no summary on the site"), "{}", run.stderr());
}

#[test]
fn the_first_mention_only_when_configured() {
    let site = site();
    site.write("site-config.yaml", "title: T\nbase_url: /\nminify: false\nlegal:\n  link: first\n")
        .write("content/tin-tuc/c.md", "---\ntitle: Tin C\ndate: 2025-04-01\nlocalities: [x]\n---\n1629/QĐ-TTg, rồi 1629/QĐ-TTg.\n");
    site.build(&[]).ok();
    assert_eq!(
        site.read("tin-tuc/tin-c/index.html")
            .matches("href=\"/van-ban/quyet-dinh-1629/\"")
            .count(),
        1
    );
}

#[test]
fn the_index_groups_by_kind_and_year_with_filters_as_pages() {
    let site = site();
    site.build(&[]).ok();
    let index = site.read("van-ban/danh-muc/index.html");
    let nghi_dinh = index.find(">Nghị định</h2>").expect("a group per kind");
    let quyet_dinh = index.find(">Quyết định</h2>").expect("a group per kind");
    assert!(nghi_dinh < quyet_dinh);
    assert!(
        index.find("<h3>Năm 2021</h3>").unwrap() < index.find("<h3>Năm 2016</h3>").unwrap(),
        "newest year first"
    );
    assert!(
        index.contains(r#"<a href="/van-ban/danh-muc/loai/quyet-dinh/">Quyết định (3)</a>"#),
        "{index}"
    );
    assert!(
        index.contains(
            r#"<a href="/van-ban/danh-muc/tinh-trang/het-hieu-luc/">Hết hiệu lực (1)</a>"#
        ),
        "{index}"
    );
    let expired = site.read("van-ban/danh-muc/tinh-trang/het-hieu-luc/index.html");
    assert!(
        expired.contains("361/QĐ-TTg – Quyết định 361") && !expired.contains("1629/QĐ-TTg – "),
        "{expired}"
    );
    assert!(
        expired.contains("aria-current=\"page\">Hết hiệu lực (1)"),
        "{expired}"
    );
    assert!(
        site.read("van-ban/index.html")
            .contains("href=\"/van-ban/danh-muc/\"")
    );
}

#[test]
fn a_legal_expiry_keeps_the_summary_published() {
    let site = site();
    site.write(
        "content/van-ban/qd-361.md",
        &legal(
            "361/QĐ-TTg",
            "Quyết định 361",
            "expires: 2021-01-01\nstatus: het-hieu-luc\n",
        ),
    );
    site.build(&[]).ok();
    assert!(
        site.read("van-ban/quyet-dinh-361/index.html")
            .contains("<dt>Ngày hết hiệu lực</dt>")
    );
}

#[test]
fn check_lists_numbers_without_a_summary() {
    let site = site();
    let run = site.run(&["check", "--now", "2026-11-25"]).ok();
    let stdout = run.stdout();
    assert!(
        stdout.contains("Document numbers mentioned without a summary"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  2× 268/KH-UBND  (first in content/tin-tuc/a.md:6)"),
        "{stdout}"
    );
    assert!(stdout.contains("  1× 462/SLĐTBXH-PCTNXH"), "{stdout}");
}
