//! What `loa check` says about broken input, in English and in Vietnamese:
//! the place (file, line, column), the code, the message and the
//! suggestion, in the text for people and in the JSON for tools.

mod common;

use common::Site;

/// One broken input and what check must say about it.
struct Case {
    file: &'static str,
    line: u64,
    column: Option<u64>,
    code: &'static str,
    /// What the message and its suggestion say, in English and in Vietnamese.
    english: [&'static str; 2],
    vietnamese: [&'static str; 2],
}

const CASES: &[Case] = &[
    Case {
        file: "content/bai-viet/ngay.md",
        line: 3,
        column: Some(7),
        code: "field-value-problem",
        english: ["dates are written YYYY-MM-DD", "so write 2025-03-05"],
        vietnamese: [
            "ngày được viết theo dạng YYYY-MM-DD",
            "vì vậy hãy viết 2025-03-05",
        ],
    },
    Case {
        file: "content/bai-viet/doi-tuong.md",
        line: 4,
        column: Some(13),
        code: "unknown-term",
        english: [
            "`hoc-sinh` is not one of the audiences",
            "use one of: hoc-sinh-sinh-vien, can-bo",
        ],
        vietnamese: [
            "`hoc-sinh` không có trong danh sách",
            "hãy dùng một trong các giá trị: hoc-sinh-sinh-vien, can-bo",
        ],
    },
    Case {
        file: "content/bai-viet/truong.md",
        line: 4,
        column: Some(1),
        code: "unknown-field",
        english: [
            "`sumary` is not a front matter field",
            "did you mean `summary`?",
        ],
        vietnamese: [
            "`sumary` không phải là trường",
            "có phải ý bạn là `summary`?",
        ],
    },
    Case {
        file: "content/tin-tuc/dia-ban.md",
        line: 1,
        column: Some(1),
        code: "news-without-locality",
        english: ["must name at least one locality", "localities: [dong-nai]"],
        vietnamese: ["phải nêu ít nhất một địa bàn", "localities: [dong-nai]"],
    },
    Case {
        file: "content/bai-viet/khong-tieu-de.md",
        line: 1,
        column: Some(1),
        code: "missing-field",
        english: [
            "the front matter has no `title`",
            "add `title:` between the --- lines",
        ],
        vietnamese: [
            "thiếu trường `title`",
            "hãy thêm `title:` vào giữa hai dòng ---",
        ],
    },
    Case {
        file: "content/bai-viet/lien-ket.md",
        line: 5,
        column: Some(5),
        code: "link-to-missing-file",
        english: [
            "points at content/bai-viet/khong-co.md, which does not exist",
            "`@/` links name a file under content/",
        ],
        vietnamese: [
            "trỏ tới content/bai-viet/khong-co.md, nhưng tệp này không tồn tại",
            "liên kết `@/` chỉ tới một tệp trong content/",
        ],
    },
    Case {
        file: "content/bai-viet/lien-ket.md",
        line: 9,
        column: Some(1),
        code: "image-without-alt",
        english: [
            "the image /anh.png has no description",
            "between the brackets",
        ],
        vietnamese: [
            "ảnh /anh.png chưa có lời mô tả",
            "vào giữa hai dấu ngoặc vuông",
        ],
    },
    Case {
        file: "content/bai-viet/lien-ket.md",
        line: 11,
        column: Some(1),
        code: "heading-level-one",
        english: ["a level-1 heading", "start headings in the text at ##"],
        vietnamese: ["tiêu đề mục cấp 1", "bắt đầu từ ##"],
    },
    Case {
        file: "content/bai-viet/lien-ket.md",
        line: 13,
        column: Some(1),
        code: "unsafe-link",
        english: [
            "uses `javascript:`, which could run code",
            "link to web pages (https://…)",
        ],
        vietnamese: [
            "dùng `javascript:`, có thể chạy mã lệnh",
            "hãy liên kết tới trang web (https://…)",
        ],
    },
    Case {
        file: "content/van-ban/so.md",
        line: 4,
        column: Some(10),
        code: "not-a-document-number",
        english: [
            "`abc` is not a document number",
            "1629/QĐ-TTg or 178/2004/NĐ-CP",
        ],
        vietnamese: [
            "`abc` không phải là số hiệu văn bản",
            "1629/QĐ-TTg hoặc 178/2004/NĐ-CP",
        ],
    },
    Case {
        file: "content/bai-viet/khong-phan-dau.md",
        line: 1,
        column: Some(1),
        code: "no-front-matter",
        english: [
            "does not start with front matter",
            "begin the file with a line `---`",
        ],
        vietnamese: [
            "không bắt đầu bằng phần đầu bài",
            "hãy mở đầu tệp bằng một dòng `---`",
        ],
    },
    Case {
        file: "content/van-ban/anh.md",
        line: 5,
        column: Some(1),
        code: "front-image-without-alt",
        english: [
            "the image of the front matter has no description",
            "alt: \"Buổi tập huấn tại xã\"",
        ],
        vietnamese: [
            "ảnh ở phần đầu bài chưa có lời mô tả",
            "alt: \"Buổi tập huấn tại xã\"",
        ],
    },
];

fn broken_site() -> Site {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\ntaxonomies:\n  audiences:\n    title: \"Đối tượng\"\n    closed: true\n    terms:\n      hoc-sinh-sinh-vien: \"Học sinh, sinh viên\"\n      can-bo: \"Cán bộ\"\n",
    );
    let item = |title: &str, fields: &str, body: &str| {
        format!("---\ntitle: \"{title}\"\ndate: 2025-03-05\n{fields}---\n{body}\n")
    };
    site.section("bai-viet", "Bài viết", "article")
        .section("tin-tuc", "Tin", "news")
        .section("van-ban", "Văn bản", "legal")
        .write("static/anh.png", "x")
        .write(
            "content/bai-viet/ngay.md",
            "---\ntitle: \"Ngày viết ngược\"\ndate: 05/03/2025\n---\nBài.\n",
        )
        .write(
            "content/bai-viet/doi-tuong.md",
            &item("Đối tượng sai", "audiences: [hoc-sinh]\n", "Bài."),
        )
        .write(
            "content/bai-viet/truong.md",
            &item("Trường viết sai", "sumary: \"Tóm tắt\"\n", "Bài."),
        )
        .write("content/tin-tuc/dia-ban.md", &item("Tin không địa bàn", "", "Tin."))
        .write(
            "content/bai-viet/khong-tieu-de.md",
            "---\ndate: 2025-03-05\n---\nKhông có tiêu đề.\n",
        )
        .write(
            "content/bai-viet/lien-ket.md",
            &item(
                "Liên kết",
                "",
                "Đọc [bài này](@/bai-viet/khong-co.md).\n\nVà [mục này](@/bai-viet/muc.md#khong-co).\n\n![](/anh.png)\n\n# Tiêu đề cấp một\n\n[Bấm](javascript:alert(1))",
            ),
        )
        .write(
            "content/bai-viet/muc.md",
            &item("Có mục", "", "## Bối cảnh\n\nNội dung."),
        )
        .write(
            "content/van-ban/so.md",
            &item("Văn bản sai số", "number: \"abc\"\n", "Tóm tắt."),
        )
        .write(
            "content/van-ban/anh.md",
            &item(
                "Văn bản có ảnh",
                "number: \"178/2004/NĐ-CP\"\nimage: {src: /anh.png}\n",
                "Tóm tắt.",
            ),
        )
        .write("content/bai-viet/khong-phan-dau.md", "Không có phần đầu.\n");
    site
}

#[test]
fn check_names_place_code_message_and_suggestion_in_both_languages() {
    let site = broken_site();
    for (lang, pick) in [("en", 0), ("vi", 1)] {
        let text = site.run(&["check", "--lang", lang]).failed().stderr();
        let json = site
            .run(&["check", "--lang", lang, "--format", "json"])
            .failed()
            .stdout();
        let json: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
        let found = json["diagnostics"].as_array().expect("diagnostics");
        for case in CASES {
            let [message, suggestion] = if pick == 0 {
                case.english
            } else {
                case.vietnamese
            };
            let place = match case.column {
                Some(column) => format!("{}:{}:{column}: ", case.file, case.line),
                None => format!("{}:{}: ", case.file, case.line),
            };
            let headline = text
                .lines()
                .find(|line| line.starts_with(&place) && line.contains(message))
                .unwrap_or_else(|| panic!("{lang}: no `{place}… {message}` in\n{text}"));
            assert!(
                headline.contains(if pick == 0 { "error: " } else { "lỗi: " })
                    || headline.contains(if pick == 0 {
                        "warning: "
                    } else {
                        "cảnh báo: "
                    }),
                "{lang}: {headline}"
            );
            assert!(
                text.contains(suggestion),
                "{lang}: `{suggestion}` missing from\n{text}"
            );
            let diagnostic = found
                .iter()
                .find(|d| d["code"] == case.code && d["file"] == case.file)
                .unwrap_or_else(|| panic!("{lang}: no {} in the JSON", case.code));
            assert_eq!(diagnostic["line"], case.line, "{lang}: {}", case.code);
            if let Some(column) = case.column {
                assert_eq!(diagnostic["column"], column, "{lang}: {}", case.code);
            }
            let said = format!("{} {}", diagnostic["message"], diagnostic["help"]);
            assert!(
                said.contains(message) || said.contains(&message.replace('"', "\\\"")),
                "{lang}: {said}"
            );
        }
        let tally = if pick == 0 {
            "build failed: 8 errors and 4 warnings in 9 files; nothing was written"
        } else {
            "dựng trang không thành công: 8 lỗi và 4 cảnh báo trong 9 tệp; chưa có tệp nào được ghi"
        };
        assert!(text.contains(tally), "{lang}: {text}");
    }
}

#[test]
fn a_link_to_a_missing_heading_lists_the_headings_there() {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article")
        .write(
            "content/bai-viet/muc.md",
            "---\ntitle: \"Có mục\"\ndate: 2025-03-05\n---\n## Bối cảnh\n\n## Kết quả\n",
        )
        .write(
            "content/bai-viet/lien-ket.md",
            "---\ntitle: \"Liên kết\"\ndate: 2025-03-05\n---\nXem [mục](@/bai-viet/muc.md#khong-co).\n",
        );
    let english = site.run(&["check", "--lang", "en"]).failed().stderr();
    assert!(
        english.contains("content/bai-viet/lien-ket.md:5: error: the link @/bai-viet/muc.md#khong-co points at a heading that content/bai-viet/muc.md does not have")
            && english.contains("its headings are: #boi-canh, #ket-qua"),
        "{english}"
    );
    let vietnamese = site.run(&["check", "--lang", "vi"]).failed().stderr();
    assert!(
        vietnamese.contains("content/bai-viet/lien-ket.md:5: lỗi: ")
            && vietnamese.contains("#boi-canh, #ket-qua"),
        "{vietnamese}"
    );
}

#[test]
fn the_language_follows_the_flag_then_loa_lang_then_the_site() {
    let site = broken_site();
    // Without --lang and LOA_LANG, with no language in the locale, a `vi`
    // site (the default) speaks Vietnamese.
    // What `loa check` prints with LOA_LANG (None: unset) and LC_ALL.
    let check_with = |loa_lang: Option<&str>, locale: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_loa"));
        command
            .arg("check")
            .current_dir(site.root())
            .env("LC_ALL", locale)
            .env("NO_COLOR", "1");
        match loa_lang {
            Some(lang) => command.env("LOA_LANG", lang),
            None => command.env_remove("LOA_LANG"),
        };
        String::from_utf8_lossy(&command.output().unwrap().stderr).into_owned()
    };
    let said = check_with(None, "C");
    assert!(said.contains("lỗi: "), "{said}");
    let said = check_with(Some("en"), "vi_VN.UTF-8");
    assert!(
        said.contains("error: ") && !said.contains("lỗi: "),
        "{said}"
    );
    let said = check_with(None, "en_GB.UTF-8");
    assert!(
        said.contains("error: ") && !said.contains("lỗi: "),
        "{said}"
    );
    // The flag wins over the environment.
    let flag = site.run(&["check", "--lang", "vi"]).failed().stderr();
    assert!(flag.contains("lỗi: "), "{flag}");
}
