//! The web editor: `loa cms` writes Decap CMS's settings from the site's
//! own definitions, and `loa serve` answers its local backend, so that a
//! writer fills in a news item in Chromium and the file written passes
//! `loa check` and is served.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Site;
use common::browser::{Browser, browser, decap_cms};
use common::serve::Serve;
use serde_json::json;

const CONFIG: &str = r#"title: "Trang thử"
base_url: "https://example.gov.vn/"
minify: false
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
cms:
  script: /admin/decap-cms.js
"#;

const PLACES: &str = "- key: bac-kan\n  name: Bắc Kạn\n  children:\n    - key: ba-be\n      name: Ba Bể\n      children:\n        - key: nam-mau\n          name: Nam Mẫu\n";

fn site() -> Site {
    let site = Site::with_config(CONFIG);
    site.write("data/localities.yaml", PLACES)
        .section("tin-tuc", "Tin hoạt động", "news")
        .section("bai-viet", "Bài viết", "article")
        .section("van-ban", "Văn bản", "legal");
    site
}

/// Puts Decap CMS's built files into the site's `static/admin/`, as a
/// department serving the editor itself would (`cms.script` points there).
fn install_editor(site: &Site, dist: &Path) {
    let admin = site.root().join("static/admin");
    std::fs::create_dir_all(&admin).unwrap();
    for entry in std::fs::read_dir(dist).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), admin.join(entry.file_name())).unwrap();
    }
}

/// Saves a screenshot of the editor for the writers' guide when
/// LOA_CMS_SCREENSHOTS names a folder (scripts/screenshots sets it).
fn picture(browser: &Browser, name: &str) {
    if let Ok(folder) = std::env::var("LOA_CMS_SCREENSHOTS") {
        browser.screenshot(&Path::new(&folder).join(format!("{name}.png")));
    }
}

fn wait_until<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(found) = check() {
            return found;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "never saw {what}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_writer_fills_in_a_news_item_in_the_browser_and_it_is_checked_and_served() {
    let test = "a_writer_fills_in_a_news_item_in_the_browser";
    let Some(dist) = decap_cms(test) else { return };
    let Some(browser) = browser(test) else { return };
    let site = site();
    install_editor(&site, &dist);
    site.run(&["cms"]).ok();
    let serve = Serve::launch(site.root(), |_| {});
    browser.record_problems();
    browser.resize(1280, 900);
    browser.open(&format!("{}admin/", serve.url));
    // The local backend needs no account: signing in is one click.
    click_text(&browser, "button", "Đăng nhập");
    browser.wait_for(
        "return document.body.innerText.includes('Tin hoạt động')",
        "the collections",
    );
    picture(&browser, "cms-collections");
    browser.run("location.hash = '#/collections/tin-tuc/new'", json!([]));
    browser.wait_for(
        "return document.querySelector('[id^=title-field]')",
        "the form",
    );
    browser.type_into("[id^=title-field]", "Nam Mẫu: truyền thông tại chợ phiên");
    // A place and an audience are chosen from the site's own lists.
    browser.type_into("[id^=localities-field]", "Nam M\u{E007}");
    browser.type_into("[id^=audiences-field]", "Thanh\u{E007}");
    picture(&browser, "cms-news-form");
    browser.type_into("[id^=alt-field]", "Cán bộ xã nói chuyện với bà con");
    // The body in the editor's Markdown mode: its rich-text mode takes no
    // keys sent by WebDriver.
    browser.click("[class*=ToolbarToggle] [role=switch]");
    browser.click("[data-slate-editor]");
    browser.type_into(
        "[data-slate-editor]",
        "Sáng chủ nhật, cán bộ xã Nam Mẫu gặp bà con tại **chợ phiên**.",
    );
    click_text(&browser, "button", "Chọn một hình");
    let phone = tempfile::tempdir().unwrap();
    let photo = phone.path().join("cho-phien.jpg");
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(640, 400, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    }))
    .save(&photo)
    .unwrap();
    browser.choose_file("input[type=file]", &photo);
    // The photo just uploaded is the one chosen.
    browser.wait_for(
        "return document.querySelector('img[src^=blob]')",
        "the photo uploaded",
    );
    picture(&browser, "cms-photo");
    click_text(&browser, "button", "Lấy những cái đã chọn");
    click_text(&browser, "[role=button]", "Công bố");
    click_text(&browser, "[role=menuitem], li, button", "Công bố ngay");

    let bundle = wait_until("the item saved", || {
        let folder = std::fs::read_dir(site.root().join("content/tin-tuc"))
            .ok()?
            .filter_map(Result::ok)
            .find(|entry| entry.path().join("index.md").is_file())?;
        let text = std::fs::read_to_string(folder.path().join("index.md")).ok()?;
        Some((folder, text))
    });
    let (folder, text) = bundle;
    let name = folder.file_name().to_string_lossy().into_owned();
    assert!(
        name.ends_with("-nam-mau-truyen-thong-tai-cho-phien") && name.as_bytes()[4] == b'-',
        "named as loa new names items: {name}"
    );
    for line in [
        "title: \"Nam Mẫu: truyền thông tại chợ phiên\"",
        "  - nam-mau",
        "  - thanh-nien",
        "  src: cho-phien.jpg",
        "Sáng chủ nhật, cán bộ xã Nam Mẫu gặp bà con tại **chợ phiên**.",
    ] {
        assert!(text.lines().any(|l| l == line), "{line}:\n{text}");
    }
    let saved_photo = std::fs::read(folder.path().join("cho-phien.jpg")).unwrap();
    assert_eq!(
        saved_photo,
        std::fs::read(&photo).unwrap(),
        "the photo beside its text"
    );
    let problems = browser.run("return window.__problems", json!([]));
    assert_eq!(problems, json!([]), "the editor ran without errors");

    let check = site.run(&["check", "--future"]);
    assert_eq!(check.code(), Some(0), "{}", check.stderr());
    // The preview rebuilt with the new item: its page is served, with its
    // photo as a picture.
    let address = format!("{}tin-tuc/nam-mau-truyen-thong-tai-cho-phien/", serve.url);
    let page = wait_until("the new page served", || {
        browser.open(&address);
        let body = browser.run("return document.documentElement.outerHTML", json!([]));
        let body = body.as_str()?.to_owned();
        body.contains("gặp bà con tại").then_some(body)
    });
    // Its photo is the one shared, made at the size for sharing.
    assert!(page.contains("cho-phien-640x336.jpg"), "{page}");
}

/// Clicks, as a person would, the first element of `selector` whose text is
/// `text`.
fn click_text(browser: &Browser, selector: &str, text: &str) {
    browser.wait_for(
        &format!(
            "const e = [...document.querySelectorAll({selector:?})].find(e => e.innerText.trim() == {text:?}); if (e) e.setAttribute('data-clicked', {text:?}); return e;"
        ),
        text,
    );
    browser.click(&format!("[data-clicked={text:?}]"));
    browser.run("document.querySelectorAll('[data-clicked]').forEach(e => e.removeAttribute('data-clicked'))", json!([]));
}
