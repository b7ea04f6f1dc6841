//! The search index a build writes: folded tokens with their exact
//! forms, adjacent pairs for phrases, weights by field, page fragments,
//! and the search page that reads them.

mod common;

use common::Site;
use serde_json::Value;

fn site() -> Site {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/phong-chong/\"\nsearch:\n  enabled: true\ntaxonomies:\n  audiences:\n    title: \"Đối tượng\"\n    closed: true\n    terms:\n      thanh-nien: \"Thanh niên\"\n      can-bo: \"Cán bộ\"\n",
    );
    let item = |title: &str, date: &str, fields: &str, body: &str| {
        format!("---\ntitle: \"{title}\"\ndate: {date}\n{fields}---\n{body}\n")
    };
    site.section("bai-viet", "Bài viết", "article")
        .section("van-ban", "Văn bản", "legal")
        .write(
            "content/bai-viet/a.md",
            &item(
                "Người lao động khu công nghiệp",
                "2025-03-05",
                "audiences: [thanh-nien]\n",
                "Phòng, chống mại dâm cho công nhân.\n\n## Giữ mãi liên lạc\n\nGọi 113.",
            ),
        )
        .write(
            "content/bai-viet/b.md",
            &item(
                "Tập huấn cán bộ",
                "2025-04-05",
                "audiences: [can-bo]\n",
                "Khu nhà trọ, công việc và nghiệp vụ. Mái nhà văn hóa. Phòng họp.",
            ),
        )
        .write(
            "content/van-ban/c.md",
            &item(
                "Nghị định 178",
                "2025-05-05",
                "number: \"178/2004/NĐ-CP\"\n",
                "Đội kiểm tra liên ngành 178 & các cơ sở <b>dịch vụ</b>. Kiểm tra dịch vụ. Phòng ngừa.",
            ),
        )
        .write(
            "content/bai-viet/nhap.md",
            &item("Bản nháp", "2025-06-05", "draft: true\n", "Nháp mãi."),
        );
    site
}

fn read_json(site: &Site, relative: &str) -> Value {
    serde_json::from_str(&site.read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Pages written as differences, with scores, as (page, score).
fn decoded(postings: &Value) -> Vec<(u64, u64)> {
    let numbers: Vec<u64> = postings
        .as_array()
        .map(|all| all.iter().map(|n| n.as_u64().unwrap()).collect())
        .unwrap_or_default();
    let mut page = 0;
    numbers
        .chunks(2)
        .map(|pair| {
            page += pair[0];
            (page, pair[1])
        })
        .collect()
}

/// A folded token's exact forms with their pages: listed in the vocabulary
/// when the token is on two pages or fewer, else in its own file.
fn forms_of(site: &Site, folded: &str) -> Value {
    let vocabulary = read_json(site, &format!("search/v/{}.json", &folded[..2]));
    let own_file = format!("search/w/{folded}.json");
    match vocabulary[folded].get(2) {
        Some(listed) => {
            assert!(!site.exists(&own_file), "{folded} listed and in a file");
            listed.clone()
        }
        None => read_json(site, &own_file),
    }
}

/// The page ids holding the token or adjacent pair `exact`, folded `folded`.
fn pages_with(site: &Site, folded: &str, exact: &str) -> Vec<u64> {
    let postings = match folded.split_once(' ') {
        Some((first, second)) => {
            let file = format!("search/b/{first}.json");
            if !site.exists(&file) {
                return Vec::new();
            }
            read_json(site, &file)[second][exact].clone()
        }
        None => forms_of(site, folded)[exact].clone(),
    };
    decoded(&postings)
        .into_iter()
        .map(|(page, _)| page)
        .collect()
}

#[test]
fn the_index_keeps_exact_forms_under_folded_tokens_and_phrases() {
    let site = site();
    site.build(&[]).ok();
    let meta = read_json(&site, "search/meta.json");
    let pages = meta["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 3, "published pages only: {meta}");
    let id_of = |title: &str| -> u64 {
        (0..pages.len() as u64)
            .find(|id| read_json(&site, &format!("search/p/{id}.json"))["title"] == title)
            .unwrap_or_else(|| panic!("no fragment titled {title}"))
    };
    let (a, b, c) = (
        id_of("Người lao động khu công nghiệp"),
        id_of("Tập huấn cán bộ"),
        id_of("Nghị định 178"),
    );
    // Minimal pairs: one folded token, each exact form apart.
    assert_eq!(pages_with(&site, "mai", "mại"), [a]);
    assert_eq!(
        pages_with(&site, "mai", "mãi"),
        [a],
        "drafts are not indexed"
    );
    assert_eq!(pages_with(&site, "mai", "mái"), [b]);
    // The phrase is a pair in the page that has it, not in the page
    // with the words apart or across punctuation.
    assert_eq!(pages_with(&site, "khu cong", "khu công"), [a]);
    assert_eq!(pages_with(&site, "cong nghiep", "công nghiệp"), [a]);
    assert!(pages_with(&site, "tro cong", "trọ công").is_empty());
    // `đ` folds to d; numbers are tokens; HTML is read as text; pairs
    // come from the text when it repeats them.
    assert_eq!(pages_with(&site, "doi", "đội"), [c]);
    assert_eq!(pages_with(&site, "178", "178"), [c]);
    assert_eq!(pages_with(&site, "dich vu", "dịch vụ"), [c]);
    assert!(pages_with(&site, "goi 113", "gọi 113").is_empty());
    // Title hits weigh more than text hits.
    let scores = decoded(&forms_of(&site, "nghiep")["nghiệp"]);
    let score_in = |page: u64| scores.iter().find(|s| s.0 == page).map(|s| s.1);
    assert!(score_in(a) >= Some(8), "a title hit: {scores:?}");
    assert!(score_in(b) < Some(8), "a text hit: {scores:?}");
    // The vocabulary lists folded tokens with their page counts, and
    // whether pairs start with them, for completing what is typed.
    let vocabulary = read_json(&site, "search/v/ma.json");
    assert_eq!(vocabulary["mai"][0], 2, "{vocabulary}");
    assert_eq!(vocabulary["mai"][1], 1, "{vocabulary}");
    // A token on two pages or fewer is listed with its forms; one on more
    // has its own file.
    // (In the summary and the text: 2 + 1.)
    assert_eq!(vocabulary["mai"][2]["mái"], serde_json::json!([b, 3]));
    assert!(!site.exists("search/w/mai.json") && !site.exists("search/w/178.json"));
    let vocabulary = read_json(&site, "search/v/ph.json");
    assert_eq!(vocabulary["phong"].as_array().map(Vec::len), Some(2));
    assert_eq!(pages_with(&site, "phong", "phòng").len(), 3);
    assert!(site.exists("search/w/phong.json"));
    let vocabulary = read_json(&site, "search/v/kh.json");
    assert_eq!(vocabulary["khu"][1], 1, "{vocabulary}");
    // Filters: kinds and audiences with labels, each page's by index.
    assert_eq!(meta["kinds"][0], serde_json::json!(["article", "Bài viết"]));
    assert_eq!(
        meta["audiences"],
        serde_json::json!([["thanh-nien", "Thanh niên"], ["can-bo", "Cán bộ"]])
    );
    assert_eq!(pages[a as usize], serde_json::json!([0, [0]]));
    // Fragments carry what a result shows, with URLs under the sub-path.
    let fragment = read_json(&site, &format!("search/p/{a}.json"));
    assert_eq!(
        fragment["url"],
        "/phong-chong/bai-viet/nguoi-lao-dong-khu-cong-nghiep/"
    );
    assert_eq!(fragment["date"], "2025-03-05");
    assert_eq!(fragment["kind"], "article");
    assert!(
        fragment["text"]
            .as_str()
            .unwrap()
            .contains("Giữ mãi liên lạc Gọi 113.")
    );
    assert!(site.exists("search/v/17.json"));
}

#[test]
fn the_search_page_loads_the_script_and_the_menu_links_to_it() {
    let site = site();
    site.build(&[]).ok();
    let page = site.read("tim-kiem/index.html");
    assert!(page.contains("data-index=/phong-chong/search/"), "{page}");
    assert!(page.contains("src=/phong-chong/search.js"), "{page}");
    assert!(page.contains("role=combobox") && page.contains("role=status"));
    assert!(site.exists("search.js"));
    let home = site.read("index.html");
    assert!(home.contains("href=/phong-chong/tim-kiem/"), "{home}");
}

#[test]
fn search_is_on_unless_turned_off() {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article").write(
        "content/bai-viet/a.md",
        "---\ntitle: \"Bài\"\ndate: 2025-03-05\n---\nNội dung.\n",
    );
    site.build(&[]).ok();
    assert!(site.exists("search/meta.json"));
    assert!(site.read("index.html").contains("tim-kiem"));
    site.write(
        "site-config.yaml",
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nsearch:\n  enabled: false\n",
    );
    site.build(&[]).ok();
    assert!(!site.exists("search/meta.json"));
    assert!(!site.exists("tim-kiem/index.html"));
    assert!(!site.read("index.html").contains("tim-kiem"));
}

/// The hrefs of the results shown once the live region has counted them.
fn results_shown(browser: &common::browser::Browser, query: &str) -> Vec<String> {
    browser.run(
        "const input = document.querySelector('#loa-search-input'); input.value = ''; input.focus(); document.querySelector('[role=status]').textContent = ''; document.querySelector('[role=listbox]').innerHTML = '';",
        serde_json::json!([]),
    );
    browser.run(
        "if (!window.__fetches) { window.__fetches = []; const f = window.fetch; window.fetch = (u, ...a) => { const e = { u: String(u), done: false }; window.__fetches.push(e); return f(u, ...a).then(r => { e.done = r.status; return r; }, err => { e.done = 'error ' + err; throw err; }); }; }",
        serde_json::json!([]),
    );
    browser.type_into("#loa-search-input", query);
    let script = format!(
        "const status = document.querySelector('[role=status]').textContent;
         const query = new URL(location.href).searchParams.get('q');
         if (!status || query !== {query:?}) return null;
         return Array.from(document.querySelectorAll('[role=option] a')).map(a => a.getAttribute('href'));"
    );
    let shown = browser.wait_for(&script, &format!("results for {query}"));
    serde_json::from_value(shown).unwrap()
}

#[test]
fn typing_in_the_example_sites_search_box_ranks_phrase_and_diacritics_first() {
    let Some(browser) = common::browser::browser("search in a browser") else {
        return;
    };
    let (_site, address) = common::browser::serve_example();
    browser.open(&format!("{address}/tim-kiem/"));

    // The script tokenizes and folds as the index does: the shared cases.
    let cases: Value = serde_json::from_str(
        &std::fs::read_to_string(common::repository().join("tests/search-cases.json")).unwrap(),
    )
    .unwrap();
    let found = browser.run(
        "return arguments[0].map(c => { const t = window.loaSearch.tokens(c.text); return [t, t.map(window.loaSearch.fold)]; });",
        serde_json::json!([cases["tokens"]]),
    );
    for (case, got) in cases["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .zip(found.as_array().unwrap())
    {
        assert_eq!(got[0], case["tokens"], "tokens of {}", case["text"]);
        assert_eq!(got[1], case["folded"], "folded tokens of {}", case["text"]);
    }

    // Typed without diacritics, the last syllable unfinished: the pages
    // with the phrase "khu công nghiệp" come first.
    let shown = results_shown(&browser, "khu cong ngh");
    assert_eq!(
        shown.first().map(String::as_str),
        Some("/bai-viet/nguoi-lao-dong-khu-cong-nghiep-an-toan-khi-xa-que/"),
        "{shown:?}"
    );
    assert!(
        shown[..3]
            .contains(&"/tin-tuc/nhon-trach-doi-thoai-nguoi-lao-dong-khu-cong-nghiep/".to_owned()),
        "{shown:?}"
    );
    // "mãi" typed with its diacritics: the page with "mãi" comes before
    // the many with "mại".
    let shown = results_shown(&browser, "mãi");
    assert_eq!(
        shown.first().map(String::as_str),
        Some("/bai-viet/hoc-nghe-viec-lam-con-duong-hoa-nhap/"),
        "{shown:?}"
    );
    // The count is announced, the list is a listbox the arrow keys move in.
    let status = browser.run(
        "return document.querySelector('[role=status]').textContent;",
        serde_json::json!([]),
    );
    assert!(status.as_str().unwrap().ends_with("kết quả"), "{status}");
    browser.type_into("#loa-search-input", "\u{E015}");
    let active = browser.run(
        "const input = document.querySelector('#loa-search-input'); return [input.getAttribute('aria-expanded'), input.getAttribute('aria-activedescendant')];",
        serde_json::json!([]),
    );
    assert_eq!(active, serde_json::json!(["true", "loa-result-0"]));
}

#[test]
fn static_files_in_the_index_folder_are_left_out_with_a_warning() {
    let site = site();
    // A file named like the index's folder would stop it being written.
    site.write("static/search", "tệp tĩnh");
    let run = site.build(&[]).ok();
    assert!(
        run.stderr()
            .contains("not copied: the build writes its own file at search"),
        "{}",
        run.stderr()
    );
    assert!(site.exists("search/meta.json"));
    // A file inside it would be overwritten by the index.
    std::fs::remove_file(site.root().join("static/search")).unwrap();
    site.write("static/search/meta.json", "{}");
    let run = site.build(&[]).ok();
    assert!(
        run.stderr().contains("search/meta.json"),
        "{}",
        run.stderr()
    );
    assert_ne!(site.read("search/meta.json"), "{}");
}
