//! The monthly cadence and the publication report on a fixture site whose
//! every item is placed to test a boundary: the 14th/15th cutoff, time
//! zones, drafts, scheduled and expired items, photos counted once.

mod common;

use common::Site;
use serde_json::Value;

const CONFIG: &str = r#"title: "Trang thử"
base_url: "https://example.gov.vn/"
minify: false
programme:
  name: "Chương trình thử"
  start: 2024-01
  end: 2024-12
cadence:
  min_per_month: 1
taxonomies:
  audiences:
    title: "Đối tượng"
    closed: true
    terms:
      can-bo: "Cán bộ"
      hoc-sinh-sinh-vien: "Học sinh, sinh viên"
  localities:
    title: "Địa bàn"
    hierarchy: localities.yaml
  topics:
    title: "Chủ đề"
"#;

fn item(title: &str, date: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\n{body}\n")
}

fn site_with(config: &str) -> Site {
    let site = Site::with_config(config);
    site.write("data/localities.yaml", "- key: dong-nai\n  name: Đồng Nai\n  children:\n    - key: bien-hoa\n      name: Biên Hòa\n- key: bac-kan\n  name: Bắc Kạn\n")
        .section("tin-tuc", "Tin", "news")
        .section("bai-viet", "Bài viết", "article")
        .section("van-ban", "Văn bản", "legal")
        .section("trang", "Trang", "page")
        .write("content/bai-viet/a0.md", &item("A0 tháng 12", "2023-12-20", "audiences: [can-bo]\n", "x"))
        .write("content/tin-tuc/n1.md", &item("N1 cuối ngày 14", "2024-03-14T23:30:00", "localities: [bien-hoa]\naudiences: [can-bo]\n", "x"))
        .write("content/tin-tuc/n2.md", &item("N2 đầu ngày 15", "2024-03-15T00:10:00+07:00", "localities: [bien-hoa]\naudiences: [hoc-sinh-sinh-vien]\ntopics: [phong-ngua]\n", "x"))
        .write("content/tin-tuc/n3.md", &item("N3 giờ quốc tế", "2024-03-14T17:00:00Z", "localities: [bac-kan]\ntopics: [phong-ngua]\n", "x"))
        .write(
            "content/bai-viet/a1/index.md",
            &item("A1 có ảnh", "2024-05-02", "image: {src: anh-1.png, alt: \"Ảnh 1\"}\naudiences: [can-bo]\n", "![Ảnh 1](anh-1.png)\n\n![Ảnh 1 lần nữa](anh-1.png)\n\n![Ảnh 2](anh-2.png)"),
        )
        .write("content/bai-viet/a1/anh-1.png", "png")
        .write("content/bai-viet/a1/anh-2.png", "png")
        .write("content/van-ban/l1.md", &item("L1 ngày 14/6", "2024-06-14", "topics: [phap-luat]\n", "x"))
        .write("content/van-ban/l2.md", &item("L2 ngày 15/6", "2024-06-15", "", "x"))
        .write("content/tin-tuc/draft.md", &item("Bản nháp", "2024-04-10", "draft: true\nlocalities: [bac-kan]\n", "x"))
        .write("content/tin-tuc/future.md", &item("Lên lịch", "2026-12-01", "localities: [bac-kan]\n", "x"))
        .write("content/bai-viet/expired.md", &item("Hết hạn", "2024-04-20", "expires: 2025-01-01\n", "x"))
        .write("content/trang/p.md", "---\ntitle: Trang có ngày\ndate: 2024-04-01\n---\nx\n");
    site
}

fn site() -> Site {
    site_with(CONFIG)
}

fn report(site: &Site, period: &str, cutoff: &str, extra: &[&str]) -> Value {
    report_at(site, "2026-11-25", period, cutoff, extra)
}

fn report_at(site: &Site, now: &str, period: &str, cutoff: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "report", "--now", now, "--period", period, "--cutoff", cutoff, "--format", "json",
    ];
    args.extend_from_slice(extra);
    let run = site.run(&args).ok();
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout()))
}

/// (news, articles, legal, photos) of a report.
fn totals(report: &Value) -> (u64, u64, u64, u64) {
    let t = &report["totals"];
    let n = |key: &str| t[key].as_u64().unwrap();
    (n("news"), n("articles"), n("legal"), n("photos"))
}

/// A period, its cutoff, the range it must resolve to, and the expected
/// (news, articles, legal, photos).
type Case = (
    &'static str,
    &'static str,
    (&'static str, &'static str),
    (u64, u64, u64, u64),
);

fn range(report: &Value) -> (String, String) {
    let r = &report["period"]["range"];
    (
        r["first"].as_str().unwrap().to_owned(),
        r["last"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn every_period_type_under_both_cutoffs() {
    let site = site();
    let cases: [Case; 16] = [
        (
            "2024-Q1",
            "reporting",
            ("2023-12-15", "2024-03-14"),
            (1, 1, 0, 0),
        ),
        (
            "2024-Q1",
            "calendar",
            ("2024-01-01", "2024-03-31"),
            (3, 0, 0, 0),
        ),
        (
            "2024-Q2",
            "reporting",
            ("2024-03-15", "2024-06-14"),
            (2, 1, 1, 2),
        ),
        (
            "2024-Q2",
            "calendar",
            ("2024-04-01", "2024-06-30"),
            (0, 1, 2, 2),
        ),
        (
            "2024-Q3",
            "reporting",
            ("2024-06-15", "2024-09-14"),
            (0, 0, 1, 0),
        ),
        (
            "2024-Q4",
            "calendar",
            ("2024-10-01", "2024-12-31"),
            (0, 0, 0, 0),
        ),
        (
            "2024",
            "reporting",
            ("2023-12-15", "2024-12-14"),
            (3, 2, 2, 2),
        ),
        (
            "2024",
            "calendar",
            ("2024-01-01", "2024-12-31"),
            (3, 1, 2, 2),
        ),
        (
            "2024-H1",
            "reporting",
            ("2023-12-15", "2024-06-14"),
            (3, 2, 1, 2),
        ),
        (
            "2024-H1",
            "calendar",
            ("2024-01-01", "2024-06-30"),
            (3, 1, 2, 2),
        ),
        (
            "2024-H2",
            "reporting",
            ("2024-06-15", "2024-12-14"),
            (0, 0, 1, 0),
        ),
        (
            "2024-9M",
            "reporting",
            ("2023-12-15", "2024-09-14"),
            (3, 2, 2, 2),
        ),
        (
            "2024-9M",
            "calendar",
            ("2024-01-01", "2024-09-30"),
            (3, 1, 2, 2),
        ),
        (
            "2024-03",
            "reporting",
            ("2024-02-15", "2024-03-14"),
            (1, 0, 0, 0),
        ),
        (
            "2024-03",
            "calendar",
            ("2024-03-01", "2024-03-31"),
            (3, 0, 0, 0),
        ),
        (
            "2024-03-14..2024-03-15",
            "reporting",
            ("2024-03-14", "2024-03-15"),
            (3, 0, 0, 0),
        ),
    ];
    for (period, cutoff, (first, last), expected) in cases {
        let report = report(&site, period, cutoff, &[]);
        assert_eq!(
            range(&report),
            (first.to_owned(), last.to_owned()),
            "{period} {cutoff}"
        );
        assert_eq!(totals(&report), expected, "{period} {cutoff}");
        assert_eq!(
            report["totals"]["items"].as_u64().unwrap(),
            expected.0 + expected.1 + expected.2
        );
    }
}

#[test]
fn the_fourteenth_and_fifteenth_fall_in_different_periods_in_the_site_time_zone() {
    let site = site();
    let q1 = report(&site, "2024-Q1", "reporting", &[]);
    let titles: Vec<&str> = q1["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["A0 tháng 12", "N1 cuối ngày 14"],
        "23:30 on the 14th stays in Q1"
    );
    let q2 = report(&site, "2024-Q2", "reporting", &[]);
    let first: Vec<&str> = q2["items"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert!(
        first.contains(&"N2 đầu ngày 15") && first.contains(&"N3 giờ quốc tế"),
        "00:10 on the 15th and 17:00Z on the 14th are Q2: {first:?}"
    );
    assert_eq!(q2["items"][0]["date"], "2024-03-15");
    assert_eq!(
        q2["items"][3]["url"],
        "https://example.gov.vn/van-ban/l1-ngay-14-6/"
    );
}

#[test]
fn drafts_future_and_expired_items_follow_the_build_rules() {
    let site = site();
    let plain = report(&site, "2024", "calendar", &[]);
    assert_eq!(totals(&plain), (3, 1, 2, 2));
    let with_drafts = report(&site, "2024", "calendar", &["--drafts"]);
    assert_eq!(totals(&with_drafts).0, 4, "the draft counts with --drafts");
    let future = report(&site, "2026", "calendar", &[]);
    assert_eq!(totals(&future).0, 0);
    let with_future = report(&site, "2026", "calendar", &["--future"]);
    assert_eq!(
        totals(&with_future).0,
        1,
        "the scheduled item counts with --future"
    );
    let at_the_time = report_at(&site, "2024-12-31", "2024", "calendar", &[]);
    assert_eq!(
        totals(&at_the_time).1,
        2,
        "before it expired, the article counted"
    );
}

#[test]
fn months_audiences_localities_topics_and_compliance() {
    let site = site();
    let q2 = report(&site, "2024-Q2", "reporting", &[]);
    let months = q2["months"].as_array().unwrap();
    let month = |i: usize| {
        (
            months[i]["month"].as_str().unwrap(),
            months[i]["counts"]["items"].as_u64().unwrap(),
            months[i]["met"].as_bool(),
        )
    };
    assert_eq!(month(0), ("2024-04", 2, Some(true)));
    assert_eq!(month(1), ("2024-05", 1, Some(true)));
    assert_eq!(month(2), ("2024-06", 1, Some(true)));
    assert_eq!(months[0]["first"], "2024-03-15");
    let rows = |key: &str| -> Vec<(String, u64)> {
        q2[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["key"].as_str().unwrap().to_owned(),
                    r["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        rows("audiences"),
        [
            ("can-bo".to_owned(), 1),
            ("hoc-sinh-sinh-vien".to_owned(), 1)
        ]
    );
    assert_eq!(
        rows("localities"),
        [
            ("dong-nai".to_owned(), 1),
            ("bien-hoa".to_owned(), 1),
            ("bac-kan".to_owned(), 1)
        ]
    );
    assert_eq!(
        rows("topics"),
        [("phap-luat".to_owned(), 1), ("phong-ngua".to_owned(), 2)]
    );
    let q3 = report(&site, "2024-Q3", "reporting", &[]);
    assert_eq!(q3["cadence"]["months_due"], 3);
    assert_eq!(q3["cadence"]["months_met"], 1);
    assert_eq!(
        q3["cadence"]["missed"],
        serde_json::json!(["2024-08", "2024-09"])
    );
    let current = report(&site, "2026-Q4", "calendar", &[]);
    assert_eq!(
        current["cadence"]["months_due"], 1,
        "November 2026 has not ended on 25/11"
    );
}

#[test]
fn every_format_carries_the_same_numbers() {
    let site = site();
    let run = |format: &str| {
        site.run(&[
            "report",
            "--now",
            "2026-11-25",
            "--period",
            "2024-Q2",
            "--format",
            format,
        ])
        .ok()
        .stdout()
    };
    let table = run("table");
    assert!(
        table.contains("Từ ngày – đến ngày: 15/03/2024 – 14/06/2024"),
        "{table}"
    );
    assert!(table.contains("số liệu chốt ngày 14"), "{table}");
    let words = |line: &str| line.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "Tin 2",
        "Bài viết 1",
        "Văn bản pháp luật 1",
        "Tổng số tin, bài 4",
        "Ảnh 2",
    ] {
        assert!(table.lines().any(|l| words(l) == line), "{line}: {table}");
    }
    let markdown = run("md");
    assert!(markdown.contains("| Tổng số tin, bài | 4 |"), "{markdown}");
    assert!(
        markdown.contains("| 04/2024 | 15/03/2024 | 14/04/2024 | 2 | 0 | 0 | 2 | 0 | đạt |"),
        "{markdown}"
    );
    let csv = run("csv");
    assert!(
        csv.starts_with('\u{feff}'),
        "Excel needs the byte-order mark"
    );
    assert!(
        csv.contains("\r\nTổng hợp,\"Tổng số tin, bài\",4,"),
        "{csv}"
    );
    let width = csv.lines().next().unwrap().matches(',').count();
    assert!(
        csv.lines().all(|l| l.matches(',').count() >= width),
        "rectangular CSV"
    );
    let plain = site
        .run(&[
            "report",
            "--now",
            "2026-11-25",
            "--period",
            "2024-Q2",
            "--format",
            "csv",
            "--no-bom",
        ])
        .ok()
        .stdout();
    assert_eq!(plain, csv.trim_start_matches('\u{feff}'));
    let html = run("html");
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"),
        "{html}"
    );
    assert!(
        html.contains(
            "<th scope=\"row\" class=\"depth-0\">Tổng số tin, bài</th><td class=\"figure\">4</td>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"row\" class=\"depth-1\">Biên Hòa</th>"),
        "{html}"
    );
    let file = site.root().join("bao-cao.html");
    site.run(&[
        "report",
        "--now",
        "2026-11-25",
        "--period",
        "2024-Q2",
        "--format",
        "html",
        "--output",
        "bao-cao.html",
    ])
    .ok();
    assert_eq!(std::fs::read_to_string(file).unwrap(), html);
}

#[test]
fn bad_periods_are_explained() {
    let site = site();
    let run = site.run(&["report", "--period", "quý 2"]);
    assert_eq!(run.code(), Some(2));
    assert!(run.stderr().contains("YYYY-Q1"), "{}", run.stderr());
}

#[test]
fn builds_end_with_the_cadence_and_can_fail_on_a_missed_month() {
    let site = site();
    let run = site.build(&[]).ok();
    let stdout = run.stdout();
    assert!(
        stdout.contains("Cadence of Chương trình thử (2024-01 to 2024-12)"),
        "{stdout}"
    );
    // March (3 items), May and June met; April's only dated items are a
    // draft, an expired article and a page, which do not count.
    assert!(stdout.contains("past months: 3 of 12 met"), "{stdout}");
    assert!(
        stdout.contains("missed: 2024-01 (0), 2024-02 (0), 2024-04 (0), 2024-07 (0),"),
        "{stdout}"
    );
    assert!(
        run.stderr()
            .contains("site-config.yaml:8: warning: 9 months"),
        "{}",
        run.stderr()
    );

    let strict = site_with(&CONFIG.replace(
        "  min_per_month: 1\n",
        "  min_per_month: 1\n  on_miss: error\n",
    ));
    let stderr = strict.build(&[]).failed().stderr();
    assert!(stderr.contains("site-config.yaml:8: error: "), "{stderr}");
    assert!(
        stderr.contains(
            "9 months of the programme had fewer than 1 published item: 2024-01, 2024-02, 2024-04"
        ),
        "{stderr}"
    );

    let this_month = site_with(&CONFIG.replace("end: 2024-12", "end: open"));
    let stdout = this_month.run(&["build", "--now", "2026-11-25"]).stdout();
    assert!(
        stdout.contains("this month (2026-11): 0 of 1 so far, 5 days left"),
        "{stdout}"
    );
    assert!(stdout.contains("scheduled: 2026-12 (1)"), "{stdout}");
}

#[test]
fn the_statistics_page_draws_the_calendar_and_repeats_it_in_tables() {
    let site = site();
    site.build(&[]).ok();
    let page = site.read("thong-ke/index.html");
    let svg_start = page.find("<svg").expect("an inline SVG");
    let svg = &page[svg_start..page.find("</svg>").unwrap()];
    assert!(
        svg.contains("role=\"img\"")
            && svg.contains("<title id=\"loa-heatmap-title\">Thống kê</title>")
    );
    assert_eq!(svg.matches("<rect").count(), 12, "one year of cells");
    assert_eq!(
        svg.matches("<path").count(),
        9,
        "the missed months are crossed: {svg}"
    );
    assert!(svg.contains(">3</text>"), "March has three items");
    assert!(page.contains("<td class=\"cell-met\">3</td>"), "{page}");
    assert!(
        page.contains("<td class=\"cell-missed\">0 (không đạt)</td>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<tr><th scope=\"row\">2024</th><td>3</td><td>1</td><td>2</td><td>6</td><td>2</td></tr>"
        ),
        "yearly totals: {page}"
    );
    assert!(page.contains("<strong>3/12</strong>"), "{page}");

    let open = site_with(&CONFIG.replace("end: 2024-12", "end: open"));
    open.run(&["build", "--now", "2026-11-25"]).ok();
    let page = open.read("thong-ke/index.html");
    assert!(
        page.contains("<td class=\"cell-in_progress\">0 (đang diễn ra)</td>"),
        "{page}"
    );
    assert!(
        page.contains("<td class=\"cell-upcoming\">+1 đã lên lịch</td>"),
        "{page}"
    );
}

#[test]
fn a_report_of_a_broken_site_fails_like_a_build() {
    let site = site();
    site.write(
        "content/tin-tuc/hong.md",
        "---\ntitle: Hỏng\ndate: 14/03/2024\n---\nx\n",
    );
    let run = site.run(&["report", "--now", "2026-11-25", "--period", "2024"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("content/tin-tuc/hong.md:3:7: error: date:"),
        "{}",
        run.stderr()
    );
    assert!(run.stdout().is_empty());
}

#[test]
fn check_validates_without_writing() {
    let site = site();
    let run = site.run(&["check", "--now", "2026-11-25"]).ok();
    assert!(
        run.stdout().contains("Checked 8 pages: no errors"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout().contains("Cadence of Chương trình thử"),
        "{}",
        run.stdout()
    );
    assert!(!site.root().join("public").exists(), "check writes nothing");
    site.write("templates/page.html", "{{ page.khong_co }}");
    let run = site.run(&["check", "--now", "2026-11-25"]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr()
            .contains("templates/page.html:1: error: template error"),
        "{}",
        run.stderr()
    );
}
