//! The report as the files a department hands in: the Excel annex and the
//! Word report are opened by independent readers (openpyxl, python-docx)
//! and every figure is checked against the JSON report of the same site;
//! LibreOffice turns both into PDF. Also the communes indicator, the
//! comparison with another period, the CSV's byte-order mark, and the
//! report's language.
//!
//! Without Python's openpyxl and python-docx, or without LibreOffice, the
//! tests that need them say they skipped, unless LOA_REQUIRE_VALIDATORS=1.

mod common;

use std::path::Path;
use std::process::Command;

use common::Site;
use serde_json::Value;

const CONFIG: &str = r#"title: "Trang thử & báo cáo"
base_url: "https://example.gov.vn/"
minify: false
programme:
  name: "Chương trình thử"
  start: 2024-01
  end: 2025-12
taxonomies:
  audiences:
    title: "Đối tượng"
    closed: true
    terms:
      can-bo: "Cán bộ"
      thanh-nien: "Thanh niên"
  localities:
    title: "Địa bàn"
    hierarchy: localities.yaml
  topics:
    title: "Chủ đề"
"#;

const PLACES: &str = "- key: bac-kan
  name: Bắc Kạn
  children:
    - key: ba-be
      name: Ba Bể
      children:
        - key: nam-mau
          name: Nam Mẫu
          children:
            - key: pac-ngoi
              name: Thôn Pác Ngòi
        - key: cho-ra
          name: Chợ Rã
    - key: cho-don
      name: Chợ Đồn
      children:
        - key: bang-lung
          name: Bằng Lũng
- key: dong-nai
  name: Đồng Nai
  children:
    - key: bien-hoa
      name: Biên Hòa
      children:
        - key: long-binh
          name: Long Bình
";

fn item(title: &str, date: &str, extra: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\nNội dung.\n")
}

/// Two years of items: news naming communes, a district, several places;
/// an article naming a commune (which the indicator leaves out); photos; a
/// title that a spreadsheet could take for a formula.
fn site() -> Site {
    let site = Site::with_config(CONFIG);
    site.write("data/localities.yaml", PLACES)
        .section("tin-tuc", "Tin", "news")
        .section("bai-viet", "Bài viết", "article")
        .section("van-ban", "Văn bản", "legal")
        .write("content/tin-tuc/p1.md", &item("Tin năm trước ở Nam Mẫu", "2024-03-05", "localities: [nam-mau]\naudiences: [can-bo]\n"))
        .write("content/bai-viet/p2.md", &item("Bài năm trước", "2024-06-10", "audiences: [thanh-nien]\n"))
        .write(
            "content/tin-tuc/n1/index.md",
            "---\ntitle: \"Nam Mẫu: truyền thông tại chợ phiên\"\ndate: 2025-02-10\nlocalities: [bac-kan, ba-be, nam-mau]\naudiences: [thanh-nien]\ntopics: [phong-ngua]\n---\n![Chợ phiên](cho.png)\n",
        )
        .write("content/tin-tuc/n1/cho.png", "png")
        .write("content/tin-tuc/n2.md", &item("Chợ Rã và Nam Mẫu: tập huấn", "2025-03-05", "localities: [cho-ra, nam-mau]\naudiences: [can-bo]\n"))
        .write("content/tin-tuc/n3.md", &item("Ba Bể: hội nghị cấp huyện", "2025-04-08", "localities: [ba-be]\n"))
        .write("content/bai-viet/a1.md", &item("Bằng Lũng: bài viết", "2025-05-06", "localities: [bang-lung]\ntopics: [phong-ngua]\n"))
        .write("content/tin-tuc/n4.md", &item("=1+1 & <b>Long Bình</b>", "2025-06-09", "localities: [long-binh]\n"))
        .write("content/van-ban/l1.md", &item("Nghị định 178/2004/NĐ-CP", "2025-07-07", "topics: [phap-luat]\n"))
        // A village names its commune; YAML's `\a` is a control character
        // no office document may hold.
        .write("content/tin-tuc/n5.md", &item("Chuông \\a reo ở Pác Ngòi", "2025-08-05", "localities: [pac-ngoi]\n"));
    site
}

const NOW: &str = "2026-11-25";

/// The summary's rows of totals by kind, and the JSON's keys for them.
const TOTALS: [(&str, &str); 5] = [
    ("Tin", "news"),
    ("Bài viết", "articles"),
    ("Văn bản pháp luật", "legal"),
    ("Tổng số tin, bài", "items"),
    ("Ảnh", "photos"),
];

/// The strings of a JSON array.
fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

fn json_report(site: &Site, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--now", NOW, "--format", "json"];
    args.extend_from_slice(extra);
    let run = site.run(&args).ok();
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout()))
}

/// Writes the report as `format` into the site's folder and returns its path.
fn report_file(site: &Site, format: &str, extra: &[&str]) -> std::path::PathBuf {
    let name = format!("bao-cao.{format}");
    let mut args = vec![
        "report", "--now", NOW, "--format", format, "--output", &name,
    ];
    args.extend_from_slice(extra);
    site.run(&args).ok();
    site.root().join(name)
}

/// Whether openpyxl and python-docx can be imported; says why a test
/// skips when not.
fn office_readers_run() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import openpyxl, docx"])
        .output()
        .is_ok_and(|run| run.status.success());
    if !found {
        assert!(
            !common::validators_required(),
            "LOA_REQUIRE_VALIDATORS=1 but openpyxl or python-docx is missing"
        );
        eprintln!(
            "skipped: openpyxl and python-docx are not installed (pip install openpyxl python-docx)"
        );
    }
    found
}

/// What the independent reader found in `file`.
fn read_office(kind: &str, file: &Path) -> Value {
    let script = common::repository().join("tests/tools/read_office_files.py");
    let run = Command::new("python3")
        .arg(script)
        .arg(kind)
        .arg(file)
        .output()
        .expect("run python3");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).expect("reader's JSON")
}

/// The JSON report of the fixture site for `period`, and what the
/// independent reader found in the same report as `format`.
fn report_read_back(format: &str, period: &[&str]) -> (Value, Value) {
    let site = site();
    let report = json_report(&site, period);
    let file = read_office(format, &report_file(&site, format, period));
    (report, file)
}

fn sheet<'a>(book: &'a Value, name: &str) -> &'a Value {
    book["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no sheet {name}: {book}"))
}

/// The row of `sheet` whose first cell is `label`, and its index.
fn row_of<'a>(sheet: &'a Value, label: &str) -> (usize, &'a [Value]) {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find(|(_, row)| row[0] == label)
        .map(|(at, row)| (at, row.as_array().unwrap().as_slice()))
        .unwrap_or_else(|| panic!("no row {label} in {}", sheet["name"]))
}

fn n(value: &Value) -> u64 {
    value
        .as_u64()
        .or_else(|| value.as_f64().map(|f| f as u64))
        .unwrap_or_else(|| panic!("{value} is not a number cell"))
}

#[test]
fn the_communes_indicator_counts_the_lowest_places_that_news_names() {
    let report = json_report(&site(), &["--period", "2025", "--compare", "2024"]);
    let outreach = &report["outreach"];
    // Nam Mẫu (itself and through its village), Chợ Rã, Long Bình: not Ba
    // Bể (a district), not Bằng Lũng (named by an article only).
    assert_eq!(outreach["communes"], 3, "{outreach}");
    let list: Vec<(&str, &str, u64)> = outreach["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["label"].as_str().unwrap(),
                c["within"].as_str().unwrap(),
                c["news"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        list,
        [
            ("Nam Mẫu", "Ba Bể, Bắc Kạn", 3),
            ("Chợ Rã", "Ba Bể, Bắc Kạn", 1),
            ("Long Bình", "Biên Hòa, Đồng Nai", 1)
        ]
    );
    assert_eq!(report["previous"]["outreach"]["communes"], 1);
    assert_eq!(report["previous"]["period"]["name"], "2024");
    assert_eq!(report["previous"]["totals"]["news"], 1);
    assert!(report["previous"]["previous"].is_null());
}

#[test]
fn a_comparison_gives_each_figure_beside_the_other_period_and_the_change() {
    let site = site();
    let table = site
        .run(&[
            "report",
            "--now",
            NOW,
            "--period",
            "2025",
            "--compare",
            "2024",
        ])
        .ok()
        .stdout();
    let words = |line: &str| line.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "Chỉ tiêu 2025 2024 Tăng/giảm Tỷ lệ tăng/giảm",
        "Tin 5 1 +4 +400%",
        "Bài viết 1 1 0 0%",
        "Văn bản pháp luật 1 0 +1",
        "Số xã, phường có ít nhất một hoạt động truyền thông 3 1 +2 +200%",
        "Thanh niên 1 1 0 0%",
    ] {
        assert!(table.lines().any(|l| words(l) == line), "{line}:\n{table}");
    }
    assert!(
        table.contains("So sánh với kỳ: 2024 (15/12/2023 – 14/12/2024)"),
        "{table}"
    );
    // A quarter beside a year: the months past the quarter's have nothing
    // to be compared with.
    let quarter = site
        .run(&[
            "report",
            "--now",
            NOW,
            "--period",
            "2025-Q1",
            "--compare",
            "2024-Q1",
            "--format",
            "md",
        ])
        .ok()
        .stdout();
    assert!(
        quarter.contains(
            "| 03/2025 | 15/02/2025 | 14/03/2025 | 1 | 0 | 0 | 1 | 0 | đạt | 03/2024 | 1 | 0 |"
        ),
        "{quarter}"
    );
    let run = site.run(&["report", "--period", "2025", "--compare", "năm ngoái"]);
    assert_eq!(run.code(), Some(2));
    assert!(run.stderr().contains("--compare: "), "{}", run.stderr());
    assert!(run.stderr().contains("năm ngoái"), "{}", run.stderr());
    let same = site.run(&["report", "--period", "2025", "--compare", "2025"]);
    assert_eq!(same.code(), Some(2), "{}", same.stderr());
    let overlapping = site.run(&[
        "report",
        "--now",
        NOW,
        "--period",
        "2025",
        "--compare",
        "2025-Q2",
    ]);
    let warned = overlapping.ok().stderr();
    assert!(warned.contains("share days"), "{warned}");
    assert!(warned.contains("12 months and 2025-Q2 3"), "{warned}");
    // A title a spreadsheet would run as a formula is text in the CSV.
    let csv = site
        .run(&[
            "report", "--now", NOW, "--period", "2025", "--format", "csv",
        ])
        .ok()
        .stdout();
    assert!(csv.contains(",'=1+1 & <b>Long Bình</b>,"), "{csv}");
    assert!(
        csv.contains("\r\nTổng hợp,Tin,5,"),
        "a figure stays a figure: {csv}"
    );
}

#[test]
fn the_workbook_holds_every_figure_of_the_json_report_as_cells_of_their_type() {
    if !office_readers_run() {
        return;
    }
    let (report, book) = report_read_back("xlsx", &["--period", "2025", "--compare", "2024"]);
    let names: Vec<&str> = book["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Tổng hợp",
            "Theo tháng",
            "Theo đối tượng",
            "Theo địa bàn",
            "Xã, phường",
            "Theo chủ đề",
            "Danh sách tin, bài"
        ]
    );
    let summary = sheet(&book, "Tổng hợp");
    let totals = &report["totals"];
    let before = &report["previous"]["totals"];
    for (label, key) in TOTALS {
        let (_, row) = row_of(summary, label);
        assert_eq!(n(&row[1]), totals[key].as_u64().unwrap(), "{label}");
        assert_eq!(n(&row[2]), before[key].as_u64().unwrap(), "{label}");
        assert_eq!(
            row[3].as_f64().unwrap(),
            totals[key].as_f64().unwrap() - before[key].as_f64().unwrap()
        );
    }
    let (at, communes) = row_of(
        summary,
        "Số xã, phường có ít nhất một hoạt động truyền thông",
    );
    assert_eq!(
        n(&communes[1]),
        report["outreach"]["communes"].as_u64().unwrap()
    );
    assert_eq!(summary["types"][at][1], "n", "a number, not text");
    assert_eq!(summary["formats"][at][3], "+0;-0;0");
    let (_, news) = row_of(summary, "Tin");
    assert_eq!(news[4].as_f64(), Some(4.0), "+400% is the fraction 4");
    let cadence = &report["cadence"];
    for (label, value) in [
        (
            "Số tháng đã kết thúc",
            cadence["months_due"].as_u64().unwrap(),
        ),
        ("Số tháng đạt", cadence["months_met"].as_u64().unwrap()),
        (
            "Số tháng không đạt",
            cadence["missed"].as_array().unwrap().len() as u64,
        ),
    ] {
        assert_eq!(n(&row_of(summary, label).1[1]), value, "{label}");
    }
    assert_eq!(
        row_of(summary, "Tháng không đạt").1[1]
            .as_str()
            .unwrap()
            .matches('/')
            .count(),
        cadence["missed"].as_array().unwrap().len()
    );

    let months = sheet(&book, "Theo tháng");
    for month in report["months"].as_array().unwrap() {
        let name = month["month"].as_str().unwrap();
        let label = format!("{}/{}", &name[5..], &name[..4]);
        let (at, row) = row_of(months, &label);
        assert_eq!(row[1], month["first"], "a date cell, read as a date");
        assert_eq!(row[2], month["last"]);
        assert_eq!(months["types"][at][1], "d");
        let counts = &month["counts"];
        for (col, key) in [
            (3, "news"),
            (4, "articles"),
            (5, "legal"),
            (6, "items"),
            (7, "photos"),
        ] {
            assert_eq!(n(&row[col]), counts[key].as_u64().unwrap(), "{label} {key}");
        }
    }

    let places = sheet(&book, "Theo địa bàn");
    for place in report["localities"].as_array().unwrap() {
        let (at, row) = row_of(places, place["label"].as_str().unwrap());
        assert_eq!(n(&row[1]), place["count"].as_u64().unwrap());
        assert_eq!(
            places["indents"][at], place["depth"],
            "province → district → commune"
        );
    }
    let reached = &book["sheets"][4];
    for commune in report["outreach"]["list"].as_array().unwrap() {
        let (_, row) = row_of(reached, commune["label"].as_str().unwrap());
        assert_eq!(row[1], commune["within"]);
        assert_eq!(n(&row[2]), commune["news"].as_u64().unwrap());
    }

    let list = sheet(&book, "Danh sách tin, bài");
    let items = report["items"].as_array().unwrap();
    let rows = list["rows"].as_array().unwrap();
    let header = rows.iter().position(|r| r[0] == "Ngày").unwrap();
    assert_eq!(rows.len() - header - 1, items.len());
    for (item, row) in items.iter().zip(&rows[header + 1..]) {
        assert_eq!(row[0], item["date"]);
        // The JSON keeps what the writer wrote; the workbook cannot.
        assert_eq!(row[2], item["title"].as_str().unwrap().replace('\u{7}', ""));
        let places: Vec<&str> = item["localities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        if places.is_empty() {
            assert!(row[3].is_null() || row[3] == "", "{row:?}");
        } else {
            assert_eq!(row[3], places.join("; "));
        }
        assert_eq!(n(&row[4]), item["photos"].as_u64().unwrap());
        assert_eq!(row[5], item["url"]);
    }
    assert_eq!(list["links"], items.len(), "addresses are links");
    let formula = rows
        .iter()
        .position(|r| r[2] == "=1+1 & <b>Long Bình</b>")
        .unwrap();
    assert_eq!(
        list["types"][formula][2], "s",
        "a title is text, never a formula"
    );

    for sheet in book["sheets"].as_array().unwrap() {
        let name = &sheet["name"];
        assert_eq!(sheet["paper_size"], 9, "{name} on A4");
        assert!(
            sheet["fit_to_page"].as_bool().unwrap(),
            "{name} one page wide"
        );
        assert!(
            sheet["freeze"].is_string(),
            "{name} keeps its header in view"
        );
        assert!(
            sheet["print_title_rows"].is_string(),
            "{name} repeats its header"
        );
    }
    // Columns fitted to their text, a long one wrapping at a readable width.
    let widths = &sheet(&book, "Danh sách tin, bài")["widths"];
    let width = |column: &str| widths[column].as_f64().unwrap_or(8.43);
    assert!(width("A") >= 10.0, "a date fits: {widths}");
    assert!((30.0..=45.0).contains(&width("C")), "titles wrap: {widths}");
    assert!(width("E") < 10.0, "a count is narrow: {widths}");
    assert_eq!(
        sheet(&book, "Danh sách tin, bài")["orientation"],
        "landscape"
    );
    assert_eq!(
        book["created"], "2026-11-25T00:00:00",
        "the figures' day, not the clock's"
    );
}

#[test]
fn the_word_report_holds_every_figure_in_times_new_roman_13_on_a4() {
    if !office_readers_run() {
        return;
    }
    let (report, doc) = report_read_back("docx", &["--period", "2025-H1", "--cutoff", "calendar"]);
    let paragraphs = strings(&doc["paragraphs"]);
    assert_eq!(paragraphs[0], "BÁO CÁO KẾT QUẢ ĐĂNG TẢI THÔNG TIN");
    assert_eq!(paragraphs[1], "Chương trình thử");
    assert_eq!(
        paragraphs[2],
        "Kỳ báo cáo 2025-H1: số liệu từ ngày 01/01/2025 đến ngày 30/06/2025, theo tháng, quý, năm dương lịch."
    );
    assert_eq!(doc["fonts"], serde_json::json!(["Times New Roman"]));
    assert_eq!(doc["unset_fonts"], false);
    assert_eq!(
        doc["sizes"],
        serde_json::json!([13.0, 14.0]),
        "13 pt, the title 14"
    );
    assert_eq!(doc["unset_sizes"], false);
    assert_eq!(doc["title"], "Báo cáo kết quả đăng tải thông tin – 2025-H1");
    assert_eq!(doc["author"], "Trang thử & báo cáo");
    assert_eq!(
        doc["language"], "vi-VN",
        "Word checks the spelling as Vietnamese"
    );
    assert!(
        doc["headers_repeat"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r == true),
        "every table's header row repeats on each page: {}",
        doc["headers_repeat"]
    );
    for section in doc["sections"].as_array().unwrap() {
        let size = (section["width_mm"].as_u64(), section["height_mm"].as_u64());
        assert!(
            size == (Some(210), Some(297)) || size == (Some(297), Some(210)),
            "{section}"
        );
        assert_eq!(section["left_mm"], 30);
        assert_eq!(section["right_mm"], 15);
    }
    let tables = doc["tables"].as_array().unwrap();
    let cell = |table: usize, label: &str, col: usize| -> String {
        tables[table]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row[0] == label)
            .unwrap_or_else(|| panic!("no {label} in table {table}"))[col]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let totals = &report["totals"];
    for (label, key) in TOTALS {
        assert_eq!(cell(0, label, 1), totals[key].to_string(), "{label}");
    }
    assert_eq!(
        cell(0, "Số xã, phường có ít nhất một hoạt động truyền thông", 1),
        report["outreach"]["communes"].to_string()
    );
    assert_eq!(
        cell(1, "Số tháng đạt", 1),
        report["cadence"]["months_met"].to_string()
    );
    for month in report["months"].as_array().unwrap() {
        let name = month["month"].as_str().unwrap();
        let label = format!("{}/{}", &name[5..], &name[..4]);
        assert_eq!(
            cell(2, &label, 6),
            month["counts"]["items"].to_string(),
            "{label}"
        );
    }
    let list = tables.last().unwrap().as_array().unwrap();
    let items = report["items"].as_array().unwrap();
    assert_eq!(list.len(), items.len() + 1, "a header and a row per item");
    for (item, row) in items.iter().zip(&list[1..]) {
        assert_eq!(row[2], item["title"].as_str().unwrap().replace('\u{7}', ""));
        assert_eq!(row[4], item["photos"].to_string());
        assert_eq!(row[5], item["url"]);
    }
}

/// LibreOffice's program, when it is here; says why a test skips when not.
fn libreoffice() -> Option<&'static str> {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|run| run.status.success());
    if !found {
        assert!(
            !common::validators_required(),
            "LOA_REQUIRE_VALIDATORS=1 but LibreOffice (soffice) is missing"
        );
        eprintln!(
            "skipped: LibreOffice is not installed (Debian: libreoffice-calc, libreoffice-writer)"
        );
        return None;
    }
    Some("soffice")
}

#[test]
fn libreoffice_turns_the_workbook_and_the_document_into_pdf() {
    let Some(soffice) = libreoffice() else {
        return;
    };
    let site = site();
    let period = ["--period", "2025", "--compare", "2024"];
    let out = site.root().join("pdf");
    // A profile of its own, so that tests running at once do not share one.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        site.root().join("lo-profile").display()
    );
    for format in ["xlsx", "docx"] {
        let file = report_file(&site, format, &period);
        let run = common::output_within(
            {
                let mut command = Command::new(soffice);
                command
                    .args([
                        profile.as_str(),
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                    ])
                    .arg(&out)
                    .arg(&file);
                command
            },
            std::time::Duration::from_secs(180),
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let pdf = out.join(format!("bao-cao.{format}").replace(format, "pdf"));
        let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
        assert!(bytes.starts_with(b"%PDF"), "{format}");
        let text = Command::new("pdftotext").arg(&pdf).arg("-").output();
        match text {
            Ok(text) if text.status.success() => {
                let text = String::from_utf8_lossy(&text.stdout);
                // Vietnamese letters came through the fonts, and a long
                // label may wrap: compare words.
                let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(words.contains("Nam Mẫu"), "{format}: {words}");
                assert!(words.contains("Văn bản pháp luật"), "{format}: {words}");
            }
            _ => assert!(
                !common::validators_required(),
                "LOA_REQUIRE_VALIDATORS=1 but pdftotext (poppler-utils) is missing"
            ),
        }
    }
}

#[test]
fn a_binary_report_goes_to_a_pipe_as_it_goes_to_a_file_and_is_the_same_each_time() {
    let site = site();
    for format in ["xlsx", "docx"] {
        let file = std::fs::read(report_file(&site, format, &["--period", "2025"])).unwrap();
        let piped = common::output_within(
            {
                let mut command = Command::new(env!("CARGO_BIN_EXE_loa"));
                command
                    .args([
                        "report", "--now", NOW, "--period", "2025", "--format", format,
                    ])
                    .current_dir(site.root());
                command
            },
            common::RUN_LIMIT,
        );
        assert!(piped.status.success());
        assert_eq!(piped.stdout, file, "{format}");
        assert!(file.starts_with(b"PK"), "{format} is a zip package");
    }
}

#[test]
fn the_report_speaks_the_language_asked_for() {
    let site = site();
    let table = site
        .run(&["report", "--now", NOW, "--period", "2025", "--lang", "en"])
        .ok()
        .stdout();
    assert!(table.starts_with("PUBLICATION REPORT"), "{table}");
    assert!(
        table.contains("Communes with at least one outreach activity"),
        "{table}"
    );
    assert!(table.contains("2024-12-15 – 2025-12-14"), "{table}");
    if !office_readers_run() {
        return;
    }
    let book = read_office(
        "xlsx",
        &report_file(&site, "xlsx", &["--period", "2025", "--lang", "en"]),
    );
    assert_eq!(book["sheets"][0]["name"], "Summary");
    assert_eq!(book["sheets"][0]["rows"][0][0], "Publication report");
}

#[test]
fn a_failed_report_leaves_the_previous_file_as_it_was() {
    let site = site();
    let file = report_file(&site, "xlsx", &["--period", "2025"]);
    let good = std::fs::read(&file).unwrap();
    site.write(
        "content/tin-tuc/hong.md",
        "---\ntitle: Hỏng\ndate: 2025-13-40\n---\n",
    );
    let run = site.run(&[
        "report",
        "--now",
        NOW,
        "--period",
        "2025",
        "--format",
        "xlsx",
        "--output",
        "bao-cao.xlsx",
    ]);
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr().contains("hong.md"), "{}", run.stderr());
    assert_eq!(std::fs::read(&file).unwrap(), good);
    std::fs::remove_file(site.root().join("content/tin-tuc/hong.md")).unwrap();
    let elsewhere = site.run(&[
        "report",
        "--now",
        NOW,
        "--period",
        "2025",
        "--format",
        "csv",
        "--output",
        "khong-co/bao-cao.csv",
    ]);
    assert_ne!(elsewhere.code(), Some(0));
    assert!(
        elsewhere.stderr().contains("khong-co"),
        "{}",
        elsewhere.stderr()
    );
}

#[test]
fn text_longer_than_a_cell_holds_is_cut_with_a_mark() {
    if !office_readers_run() {
        return;
    }
    let site = Site::with_config(CONFIG);
    let long = "Rất dài ".repeat(5_000);
    site.write("data/localities.yaml", PLACES)
        .section("tin-tuc", "Tin", "news")
        .write(
            "content/tin-tuc/dai.md",
            &item(long.trim(), "2025-02-10", "localities: [nam-mau]\n"),
        );
    let book = read_office("xlsx", &report_file(&site, "xlsx", &["--period", "2025"]));
    let list = sheet(&book, "Danh sách tin, bài");
    let title = list["rows"].as_array().unwrap().last().unwrap()[2]
        .as_str()
        .unwrap();
    assert_eq!(title.chars().count(), 32_767);
    assert!(title.ends_with('…'));
}

#[test]
fn a_site_without_places_has_no_communes_figure() {
    let site = Site::with_config("title: \"Trang\"\nbase_url: \"https://example.gov.vn/\"\n");
    site.section("bai-viet", "Bài viết", "article")
        .write("content/bai-viet/a.md", &item("Bài", "2025-02-10", ""));
    let report = json_report(&site, &["--period", "2025"]);
    assert!(report["outreach"].is_null(), "{}", report["outreach"]);
    let table = site
        .run(&["report", "--now", NOW, "--period", "2025"])
        .ok()
        .stdout();
    assert!(!table.contains("xã"), "{table}");
}

#[test]
fn a_site_can_say_at_which_level_its_communes_are() {
    let site = site();
    // Province → commune: the level below the top.
    site.write(
        "site-config.yaml",
        &CONFIG.replace(
            "    hierarchy: localities.yaml\n",
            "    hierarchy: localities.yaml\n    commune_level: 1\n",
        ),
    );
    let report = json_report(&site, &["--period", "2025"]);
    let list: Vec<&str> = report["outreach"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        list,
        ["Ba Bể", "Biên Hòa"],
        "places at level 1 named by news, or below it"
    );
}
