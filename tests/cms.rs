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
    // The preview is dressed in the theme's own stylesheet.
    browser.wait_for(
        "const frame = document.querySelector('iframe'); const link = frame && frame.contentDocument.querySelector('link[href$=\"style.css\"]'); return link && link.sheet && link.sheet.cssRules.length > 10;",
        "the theme's stylesheet in the preview",
    );
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

fn editor_config(site: &Site) -> serde_json::Value {
    let text = std::fs::read_to_string(site.root().join("static/admin/config.yml")).unwrap();
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn collection<'a>(config: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(collection: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    collection["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {}", collection["name"]))
}

fn has_field(collection: &serde_json::Value, name: &str) -> bool {
    collection["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["name"] == name)
}

#[test]
fn the_editor_is_made_from_the_sites_own_definitions() {
    let site = site();
    let run = site.run(&["cms"]).ok();
    assert!(
        run.stdout().contains("static/admin/config.yml"),
        "{}",
        run.stdout()
    );
    let config = editor_config(&site);
    assert_eq!(config["local_backend"], true);
    assert_eq!(config["locale"], "vi");
    let names: Vec<&str> = config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["bai-viet", "tin-tuc", "van-ban"],
        "a collection per section"
    );
    let news = collection(&config, "tin-tuc");
    assert_eq!(news["label"], "Tin hoạt động");
    assert_eq!(news["folder"], "content/tin-tuc");
    // A page bundle named as `loa new` names the file, photos beside it.
    assert_eq!(news["slug"], "{{year}}-{{month}}-{{day}}-{{slug}}");
    assert_eq!(news["path"], "{{slug}}/index");
    assert_eq!(news["media_folder"], "");
    let places = field(news, "localities");
    assert_eq!(places["widget"], "select");
    assert_eq!(places["min"], 1, "news must name a place");
    assert!(places.get("required").is_none(), "required for news");
    assert!(
        places["options"]
            .as_array()
            .unwrap()
            .contains(&json!({"label": "Bắc Kạn › Ba Bể › Nam Mẫu", "value": "nam-mau"})),
        "{places}"
    );
    let date = field(news, "date");
    assert_eq!(date["widget"], "datetime");
    assert_eq!(date["format"], "YYYY-MM-DD");
    assert_eq!(date["time_format"], false);
    let audiences = field(news, "audiences");
    assert_eq!(audiences["required"], false);
    assert_eq!(
        audiences["options"],
        json!([{"label": "Cán bộ", "value": "can-bo"}, {"label": "Thanh niên", "value": "thanh-nien"}])
    );
    assert_eq!(field(news, "draft")["widget"], "boolean");
    assert_eq!(field(news, "body")["widget"], "markdown");
    let article = collection(&config, "bai-viet");
    assert_eq!(
        field(article, "localities")["required"],
        false,
        "optional beyond news"
    );
    assert!(!has_field(article, "organiser"));
    let legal = collection(&config, "van-ban");
    for name in [
        "number",
        "issuer",
        "signed",
        "effective",
        "amends",
        "replaced_by",
    ] {
        assert!(has_field(legal, name), "{name}");
    }
    assert!(
        field(legal, "status")["options"]
            .as_array()
            .unwrap()
            .contains(&json!({"label": "Còn hiệu lực", "value": "con-hieu-luc"})),
        "statuses in the theme's words"
    );
    let page = std::fs::read_to_string(site.root().join("static/admin/index.html")).unwrap();
    assert!(
        page.contains("src=\"/admin/decap-cms.js\""),
        "the site's own copy: {page}"
    );

    // Run again after the places change: the choices follow.
    site.write(
        "data/localities.yaml",
        &format!("{PLACES}- key: dong-nai\n  name: Đồng Nai\n"),
    )
    .write(
        "site-config.yaml",
        &CONFIG.replace("cms:\n  script: /admin/decap-cms.js\n", ""),
    );
    site.run(&["cms"]).ok();
    let config = editor_config(&site);
    let places = field(collection(&config, "tin-tuc"), "localities");
    assert!(
        places["options"]
            .as_array()
            .unwrap()
            .contains(&json!({"label": "Đồng Nai", "value": "dong-nai"})),
        "{places}"
    );
    let page = std::fs::read_to_string(site.root().join("static/admin/index.html")).unwrap();
    assert!(
        page.contains(
            "src=\"https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js\" integrity=\"sha384-"
        ),
        "a fixed version, checked by its hash: {page}"
    );
    assert_eq!(
        common::browser::DECAP_CMS,
        "3.16.3",
        "the tests run the version pinned"
    );
}

#[test]
fn a_git_host_backend_needs_its_repository() {
    let site = site();
    site.write("site-config.yaml", &format!("{CONFIG}  backend: github\n"));
    let run = site.run(&["cms"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(run.stderr().contains("cms.repo"), "{}", run.stderr());
    site.write(
        "site-config.yaml",
        &format!("{CONFIG}  backend: github\n  repo: so-ldtbxh/trang-thu\n"),
    );
    site.run(&["cms"]).ok();
    let config = editor_config(&site);
    assert_eq!(
        config["backend"],
        json!({"name": "github", "repo": "so-ldtbxh/trang-thu", "branch": "main"})
    );
    // Signing in on GitHub through the department's OAuth service, and on
    // its own GitLab in the browser alone.
    site.write(
        "site-config.yaml",
        &format!("{CONFIG}  backend: github\n  repo: so-ldtbxh/trang-thu\n  auth_url: https://dang-nhap.example.gov.vn\n"),
    );
    site.run(&["cms"]).ok();
    assert_eq!(
        editor_config(&site)["backend"]["base_url"],
        "https://dang-nhap.example.gov.vn"
    );
    site.write(
        "site-config.yaml",
        &format!("{CONFIG}  backend: gitlab\n  repo: so/trang\n"),
    );
    let run = site.run(&["cms"]);
    assert_eq!(run.code(), Some(2));
    assert!(run.stderr().contains("cms.app_id"), "{}", run.stderr());
    site.write(
        "site-config.yaml",
        &format!("{CONFIG}  backend: gitlab\n  repo: so/trang\n  app_id: abc123\n  auth_url: https://gitlab.example.gov.vn\n  api_root: https://gitlab.example.gov.vn/api/v4\n"),
    );
    site.run(&["cms"]).ok();
    assert_eq!(
        editor_config(&site)["backend"],
        json!({"name": "gitlab", "repo": "so/trang", "branch": "main", "base_url": "https://gitlab.example.gov.vn", "api_root": "https://gitlab.example.gov.vn/api/v4", "auth_type": "pkce", "app_id": "abc123"})
    );
}

/// A POST of `body` to the editor's API of the server on `port`, with the
/// headers given: the status and the body of the answer.
fn post(port: u16, headers: &str, body: &serde_json::Value) -> (u16, String) {
    use std::io::{Read, Write};
    let body = body.to_string();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /api/v1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_owned())
}

#[test]
fn the_local_backend_writes_only_the_sites_content_and_only_for_its_own_pages() {
    let site = site();
    site.run(&["cms"]).ok();
    let serve = Serve::launch(site.root(), |_| {});
    let json_type = "Content-Type: application/json\r\n";
    let save = |path: &str| json!({"action": "persistEntry", "params": {"dataFiles": [{"path": path, "raw": "---\ntitle: Tin\n---\n"}], "assets": []}});
    let (status, body) = post(serve.port, json_type, &json!({"action": "info"}));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("local_fs"), "{body}");
    for outside in [
        "site-config.yaml",
        "content/../site-config.yaml",
        "/etc/x",
        "templates/base.html",
    ] {
        let (status, _) = post(serve.port, json_type, &save(outside));
        assert_eq!(status, 403, "{outside}");
    }
    assert!(
        std::fs::read_to_string(site.root().join("site-config.yaml"))
            .unwrap()
            .starts_with("title:")
    );
    // Another site's page in the writer's browser cannot use it.
    let (status, _) = post(
        serve.port,
        &format!("{json_type}Origin: https://example.com\r\n"),
        &save("content/tin-tuc/la/index.md"),
    );
    assert_eq!(status, 403);
    let (status, _) = post(
        serve.port,
        "Content-Type: text/plain\r\n",
        &save("content/tin-tuc/la/index.md"),
    );
    assert_eq!(status, 403, "a form's plain text is refused");
    assert!(!site.root().join("content/tin-tuc/la").exists());
    let (status, body) = post(
        serve.port,
        &format!("{json_type}Origin: http://127.0.0.1:{}\r\n", serve.port),
        &save("content/tin-tuc/2026-12-01-tin/index.md"),
    );
    assert_eq!(status, 200, "{body}");
    let (status, body) = post(
        serve.port,
        json_type,
        &json!({"action": "entriesByFolder", "params": {"folder": "content/tin-tuc", "extension": "md", "depth": 2}}),
    );
    assert_eq!(status, 200);
    assert!(
        body.contains("content/tin-tuc/2026-12-01-tin/index.md"),
        "{body}"
    );
    assert!(
        !body.contains("_index.md"),
        "a section's settings are not an item: {body}"
    );
    // The preview served with another address on the config's backend.
    let config = {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
        write!(
            stream,
            "GET /admin/config.yml HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            serve.port
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    assert!(
        config.contains(&format!(
            "local_backend:\n  url: http://127.0.0.1:{}/api/v1\n",
            serve.port
        )),
        "{config}"
    );
}

#[test]
fn fields_the_editor_leaves_empty_are_fields_not_given() {
    let site = site();
    // What the editor saves when a writer clears a date and a number.
    site.write(
        "content/van-ban/2025-01-02-nghi-dinh/index.md",
        "---\ntitle: \"Nghị định mới\"\ndate: 2025-01-02\nsummary: \"\"\nnumber: \"\"\nsigned: \"\"\nstatus: ''\n---\nTóm tắt nghị định.\n",
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code(), Some(0), "{}", check.stderr());
    site.run(&["build"]).ok();
    let page = std::fs::read_to_string(site.public("van-ban/nghi-dinh-moi/index.html")).unwrap();
    assert!(
        page.contains("content=\"Tóm tắt nghị định.\""),
        "an empty summary is the first paragraph's: {page}"
    );
}

/// A GET of `path` on the server at `port`: the status line and headers,
/// and the body.
fn get(port: u16, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (head.to_owned(), body.to_owned())
}

#[test]
fn the_local_backend_holds_against_rebinding_takes_phone_photos_and_deletes_whole_items() {
    let site = site();
    site.run(&["cms"]).ok();
    let serve = Serve::launch(site.root(), |_| {});
    let json_type = "Content-Type: application/json\r\n";
    // An attacker's domain that resolves to this machine names itself.
    let rebound = format!(
        "{json_type}Host: evil.example:{0}\r\nOrigin: http://evil.example:{0}\r\n",
        serve.port
    );
    let (status, _) = post(
        serve.port,
        &rebound.replace("Host: 127.0.0.1", ""),
        &json!({"action": "info"}),
    );
    assert_eq!(status, 403);
    // A phone's photo, larger than a web server's usual limit of a request.
    let photo = vec![0xA5_u8; 3 * 1024 * 1024];
    use base64::Engine as _;
    let content = base64::engine::general_purpose::STANDARD.encode(&photo);
    let (status, body) = post(
        serve.port,
        json_type,
        &json!({"action": "persistEntry", "params": {
            "dataFiles": [{"path": "content/tin-tuc/2026-12-01-anh/index.md", "raw": "---\ntitle: Ảnh\n---\n"}],
            "assets": [{"path": "content/tin-tuc/2026-12-01-anh/anh.jpg", "content": content, "encoding": "base64"}]
        }}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        std::fs::read(site.root().join("content/tin-tuc/2026-12-01-anh/anh.jpg")).unwrap(),
        photo
    );
    // A folder is not a file to write, and a refused path leaves nothing.
    let (status, _) = post(
        serve.port,
        json_type,
        &json!({"action": "persistEntry", "params": {
            "dataFiles": [{"path": "content/tin-tuc/mot.md", "raw": "x"}, {"path": "content/tin-tuc", "raw": "x"}],
            "assets": []
        }}),
    );
    assert_eq!(status, 403);
    assert!(
        !site.root().join("content/tin-tuc/mot.md").exists(),
        "nothing half saved"
    );
    let debris: Vec<_> = walkdir::WalkDir::new(site.root())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(debris.is_empty(), "{debris:?}");
    // Deleting an item deletes its bundle, photos and all.
    let (status, _) = post(
        serve.port,
        json_type,
        &json!({"action": "deleteFile", "params": {"path": "content/tin-tuc/2026-12-01-anh/index.md"}}),
    );
    assert_eq!(status, 200);
    assert!(!site.root().join("content/tin-tuc/2026-12-01-anh").exists());
    // The editor's folder named without its slash is sent to it.
    let (head, _) = get(serve.port, "/admin");
    assert!(head.starts_with("HTTP/1.1 301"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("location: /admin/"),
        "{head}"
    );
}

#[test]
fn the_editor_opens_while_the_site_does_not_build() {
    let site = site();
    site.run(&["cms"]).ok();
    site.write(
        "content/tin-tuc/hong.md",
        "---\ntitle: Hỏng\ndate: 2025-13-40\n---\n",
    );
    let serve = Serve::launch_until(site.root(), |_| {}, "hong.md");
    let (head, body) = get(serve.port, "/admin/config.yml");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        body.contains(&format!("url: http://127.0.0.1:{}/api/v1", serve.port)),
        "{body}"
    );
}

#[test]
fn a_photo_added_in_the_editor_to_an_item_loa_new_made_is_beside_it() {
    let site = site();
    site.run(&["cms"]).ok();
    let made = site
        .run(&["new", "news", "Tập huấn ở Nam Mẫu", "--date", "2025-03-02"])
        .ok()
        .stdout();
    let index = made.trim().to_owned();
    assert!(index.ends_with("/index.md"), "a page bundle: {index}");
    let folder = index.trim_end_matches("/index.md").to_owned();
    // The new item names no place yet: the first build fails on it.
    let serve = Serve::launch_until(site.root(), |_| {}, "localit");
    // What the editor sends when a writer adds a photo to that item: the
    // photo beside the entry (`media_folder: ''`).
    use base64::Engine as _;
    let photo = base64::engine::general_purpose::STANDARD.encode(b"not really a photo");
    let raw = "---\ntitle: \"Tập huấn ở Nam Mẫu\"\ndate: 2025-03-02\nlocalities: [nam-mau]\n---\n![Cán bộ xã](anh.png)\n";
    let (status, body) = post(
        serve.port,
        "Content-Type: application/json\r\n",
        &json!({"action": "persistEntry", "params": {
            "dataFiles": [{"path": index, "raw": raw}],
            "assets": [{"path": format!("{folder}/anh.png"), "content": photo, "encoding": "base64"}]
        }}),
    );
    assert_eq!(status, 200, "{body}");
    drop(serve);
    let check = site.run(&["check"]);
    assert_eq!(check.code(), Some(0), "{}", check.stderr());
}

#[test]
fn a_broken_config_is_named_and_no_editor_is_written() {
    let site = site();
    site.write("site-config.yaml", "title: \"Trang thử\"\nbase_url: [x\n");
    let run = site.run(&["cms"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert!(
        run.stderr().contains("site-config.yaml:2"),
        "{}",
        run.stderr()
    );
    assert!(!site.root().join("static/admin/config.yml").exists());
}
