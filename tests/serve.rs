//! `loa serve` end to end: a real server on an ephemeral port, edits on
//! disk, the reload event, the error overlay, deletions and path traversal.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::Site;

/// A running `loa serve`, stopped when dropped.
type Server = common::serve::Serve;

impl Server {
    fn start(site: &Site) -> Server {
        Server::launch(site.root(), |command| {
            command.arg("--output").arg(site.root().join("xem-truoc"));
        })
    }

    /// A raw request, so that nothing normalizes the path on the way.
    fn get(&self, path: &str) -> (u16, String, String) {
        self.request("GET", path)
    }

    fn request(&self, method: &str, path: &str) -> (u16, String, String) {
        request_at(self.port, method, path)
    }

    /// Polls `path` until `accept` holds for its response.
    fn wait_for(&self, path: &str, what: &str, accept: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let (status, _, body) = self.get(path);
            if accept(status, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never showed {what}; last: {status} {body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A raw request to the server on `port`, so that nothing normalizes the
/// path on the way: status, media type and body.
fn request_at(port: u16, method: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("Content-Type: ")
                .or_else(|| l.strip_prefix("content-type: "))
        })
        .unwrap_or_default()
        .to_owned();
    (status, content_type, body.to_owned())
}

fn site() -> Site {
    let site = Site::new();
    site.section("bai-viet", "Bài viết", "article");
    for day in 1..=28 {
        site.write(
            &format!("content/bai-viet/{day:02}.md"),
            &format!("---\ntitle: \"Bài số {day}\"\ndate: 2025-02-{day:02}\ntags: [\"chủ đề {}\"]\n---\nNội dung bài {day}.\n", day % 4),
        );
    }
    site.write(
        "content/bai-viet/nhap.md",
        "---\ntitle: Bản nháp\ndate: 2025-03-01\ndraft: true\n---\nx\n",
    )
        .write("content/bai-viet/sau.md", "---\ntitle: Bài sắp đăng\ndate: 2026-12-20\n---\nx\n")
        .section("van-ban", "Văn bản", "legal")
        .write("content/van-ban/qd.md", "---\ntitle: Quyết định 1629\nslug: qd-1629\ndate: 2025-01-01\nnumber: \"1629/QĐ-TTg\"\n---\nTóm tắt.\n");
    site
}

#[test]
fn serves_reloads_shows_errors_and_recovers() {
    let site = site();
    let server = Server::start(&site);
    let (status, content_type, body) = server.get("/bai-viet/bai-so-5/");
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(
        body.contains("Nội dung bài 5.") && body.contains("/__loa/events"),
        "{body}"
    );
    assert!(
        !std::fs::read_to_string(site.root().join("xem-truoc/bai-viet/bai-so-5/index.html"))
            .unwrap()
            .contains("__loa"),
        "the script is added when serving, not written"
    );
    assert!(
        server.get("/bai-viet/ban-nhap/").2.contains("Nháp"),
        "drafts are previewed with a badge"
    );
    assert!(
        server.get("/bai-viet/bai-sap-dang/").2.contains("Lên lịch"),
        "scheduled items too"
    );
    assert_eq!(server.get("/style.css").1, "text/css; charset=utf-8");

    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        events,
        "GET /__loa/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();

    site.write(
        "content/bai-viet/05.md",
        "---\ntitle: \"Bài số 5\"\ndate: 2025-02-05\ntags: [\"chủ đề 1\"]\n---\nNội dung đã sửa.\n",
    );
    let rebuilt = server.wait_for_line("Rebuilt ");
    let mut seen = String::new();
    let mut buffer = [0u8; 512];
    while !seen.contains("data: reload") {
        let read = events.read(&mut buffer).expect("the reload event arrives");
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    assert!(
        server
            .get("/bai-viet/bai-so-5/")
            .2
            .contains("Nội dung đã sửa.")
    );
    // Pages that show the item follow: the listing's summary and the feed.
    assert!(
        server
            .get("/bai-viet/page/3/")
            .2
            .contains("Nội dung đã sửa."),
        "listing"
    );
    site.write("content/bai-viet/28.md", "---\ntitle: \"Bài số 28\"\ndate: 2025-02-28\ntags: [\"chủ đề 0\"]\n---\nBài mới nhất, đã sửa.\n");
    server.wait_for("/atom.xml", "the edit in the feed", |_, body| {
        body.contains("Bài mới nhất, đã sửa.")
    });
    assert!(
        server.get("/").2.contains("Bài mới nhất, đã sửa."),
        "the home page's summary"
    );
    assert!(
        !server
            .get("/bai-viet/bai-so-6/")
            .2
            .contains("Nội dung đã sửa.")
    );

    // A new mention of a document shows on the document's summary.
    site.write("content/bai-viet/06.md", "---\ntitle: \"Bài số 6\"\ndate: 2025-02-06\ntags: [\"chủ đề 2\"]\n---\nTheo Quyết định số 1629/QĐ-TTg.\n");
    let summary = server.wait_for("/van-ban/qd-1629/", "the new backlink", |_, body| {
        body.contains("Bài số 6</a>")
    });
    assert!(summary.contains("Được nhắc đến trong"), "{summary}");
    assert!(
        server
            .get("/bai-viet/bai-so-6/")
            .2
            .contains("/van-ban/qd-1629/"),
        "the mention is a link"
    );
    let numbers: Vec<usize> = rebuilt
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let (written, total) = (numbers[0], numbers[1]);
    assert!(
        written < total / 3,
        "one edit re-rendered {written} of {total} files: {rebuilt}"
    );
    assert!(
        rebuilt.contains("1 read, 1 rendered from Markdown"),
        "{rebuilt}"
    );

    site.write(
        "content/bai-viet/05.md",
        "---\ntitle: [Bài số 5\ndate: 2025-02-05\n---\nx\n",
    );
    let broken = server.wait_for("/bai-viet/bai-so-5/", "the error overlay", |_, body| {
        body.contains("loa-error-overlay")
    });
    assert!(
        broken.contains("content/bai-viet/05.md:2:"),
        "the overlay names file and line: {broken}"
    );
    assert!(
        broken.contains("Nội dung đã sửa."),
        "the last good page stays under the overlay"
    );

    site.write(
        "content/bai-viet/05.md",
        "---\ntitle: \"Bài số 5\"\ndate: 2025-02-05\n---\nĐã sửa lại.\n",
    );
    server.wait_for("/bai-viet/bai-so-5/", "recovery", |_, body| {
        body.contains("Đã sửa lại.") && !body.contains("loa-error-overlay")
    });

    // After edits that took the text-only path, a new static file and a
    // removed one are still copied and removed.
    site.write("static/moi.txt", "tệp mới");
    server.wait_for("/moi.txt", "the new static file", |status, body| {
        status == 200 && body == "tệp mới"
    });
    std::fs::remove_file(site.root().join("static/moi.txt")).unwrap();
    server.wait_for("/moi.txt", "the static file gone", |status, _| {
        status == 404
    });

    std::fs::remove_file(site.root().join("content/bai-viet/07.md")).unwrap();
    let gone = server.wait_for("/bai-viet/bai-so-7/", "a 404", |status, _| status == 404);
    assert!(
        gone.contains("Không tìm thấy trang"),
        "the theme's 404 page: {gone}"
    );
    server.wait_for(
        "/bai-viet/",
        "the listing without the deleted item",
        |_, body| !body.contains("Bài số 7<"),
    );

    // Cards are made once per item; a new card template reaches the lists.
    site.write(
        "templates/partials/card.html",
        "<li class=\"the-moi\">{{ item.title }}</li>",
    );
    server.wait_for("/bai-viet/", "the new cards", |_, body| {
        body.contains("<li class=the-moi>Bài số 28")
    });

    // The footer is rendered once per build; a new footer reaches every page.
    site.write(
        "templates/partials/footer.html",
        "<footer class=\"chan-trang-moi\">{{ site.title }}</footer>",
    );
    server.wait_for("/bai-viet/bai-so-5/", "the new footer", |_, body| {
        body.contains("<footer class=chan-trang-moi>")
    });
}

#[test]
fn only_files_inside_the_output_are_served() {
    let site = site();
    std::fs::write(site.root().join("bi-mat.txt"), "secret").unwrap();
    let server = Server::start(&site);
    for attack in [
        "/../bi-mat.txt",
        "/%2e%2e/bi-mat.txt",
        "/bai-viet/%2E%2E/%2e%2e/bi-mat.txt",
        "/..%2fbi-mat.txt",
        "/..\\bi-mat.txt",
    ] {
        let (status, _, body) = server.get(attack);
        assert_eq!(status, 404, "{attack}");
        assert!(!body.contains("secret"), "{attack}");
    }
}

#[test]
fn the_search_index_follows_edits() {
    let site = site();
    site.write(
        "site-config.yaml",
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nsearch:\n  enabled: true\n",
    );
    let server = Server::start(&site);
    let meta = server.wait_for("/search/meta.json", "the index", |status, _| status == 200);
    assert!(meta.contains("\"pages\""), "{meta}");
    // A word no page had reaches the vocabulary after an edit, and the
    // vocabulary of a word no page has any more goes.
    site.write(
        "content/bai-viet/05.md",
        "---\ntitle: \"Bài số 5\"\ndate: 2025-02-05\n---\nCâu lạc bộ đồng đẳng.\n",
    );
    server.wait_for("/search/v/do.json", "the new word", |status, body| {
        status == 200 && body.contains("\"dong\"")
    });
    site.write(
        "content/bai-viet/05.md",
        "---\ntitle: \"Bài số 5\"\ndate: 2025-02-05\n---\nNội dung bài 5.\n",
    );
    server.wait_for("/search/v/do.json", "the word gone", |status, _| {
        status == 404
    });
}

#[test]
fn answers_only_get_and_head() {
    let site = site();
    let server = Server::start(&site);
    let (status, _, body) = server.request("HEAD", "/bai-viet/bai-so-5/");
    assert_eq!(status, 200);
    assert!(body.is_empty(), "HEAD has no body: {body}");
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let (status, _, body) = server.request(method, "/bai-viet/bai-so-5/");
        assert_eq!(status, 405, "{method}");
        assert!(!body.contains("Nội dung bài 5."), "{method}: {body}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_output_is_not_followed() {
    let site = site();
    site.write("bi-mat.txt", "mật khẩu");
    let server = Server::start(&site);
    let output = site.root().join("xem-truoc");
    std::os::unix::fs::symlink(site.root().join("bi-mat.txt"), output.join("lo.txt")).unwrap();
    std::os::unix::fs::symlink(site.root(), output.join("goc")).unwrap();
    for path in ["/lo.txt", "/goc/bi-mat.txt"] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("mật khẩu"), "{path}: {body}");
    }
}

#[cfg(unix)]
#[test]
fn the_temporary_folder_goes_when_serve_stops() {
    let site = site();
    let temp = tempfile::tempdir().unwrap();
    // What a serve killed outright left.
    std::fs::create_dir_all(temp.path().join("loa-serve-999999/bai-viet")).unwrap();
    let server = Server::launch(site.root(), |command| {
        command.env("TMPDIR", temp.path());
    });
    let folder = temp.path().join(format!("loa-serve-{}", server.child.id()));
    assert!(folder.join("index.html").is_file());
    assert!(!temp.path().join("loa-serve-999999").exists());
    let stopped = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let mut server = server;
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let left: Vec<_> = std::fs::read_dir(temp.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Hundreds of connections that send nothing, and a hundred open tabs'
/// reload streams: the server keeps a bounded number of threads and still
/// answers a page.
#[cfg(target_os = "linux")]
#[test]
fn holds_a_bounded_number_of_connections_and_still_answers() {
    let site = site();
    let server = Server::start(&site);
    let idle: Vec<TcpStream> = (0..150)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    let mut streams = Vec::new();
    for _ in 0..100 {
        let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(
            events,
            "GET /__loa/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        streams.push(events);
    }
    let threads = || {
        std::fs::read_dir(format!("/proc/{}/task", server.child.id()))
            .unwrap()
            .count()
    };
    std::thread::sleep(Duration::from_millis(300));
    assert!(threads() < 64, "{} threads", threads());
    // Answered once the silent connections have had their two seconds.
    let (status, _, body) = server.get("/bai-viet/bai-so-5/");
    assert_eq!(status, 200);
    assert!(body.contains("Nội dung bài 5."));
    assert!(threads() < 64, "{} threads", threads());
    drop((idle, streams));
}

/// A burst of parallel fetches, as the search box makes when a reader
/// types: every one is answered, whole.
#[test]
fn answers_every_fetch_of_a_parallel_burst() {
    let site = site();
    let server = Server::start(&site);
    let port = server.port;
    let paths = ["/bai-viet/bai-so-5/", "/style.css", "/", "/sitemap.xml"];
    let expected: Vec<String> = paths.iter().map(|path| server.get(path).2).collect();
    std::thread::scope(|scope| {
        let fetches: Vec<_> = (0..64)
            .map(|n| {
                let path = paths[n % paths.len()];
                scope.spawn(move || (n, request_at(port, "GET", path)))
            })
            .collect();
        for fetch in fetches {
            let (n, (status, _, body)) = fetch.join().unwrap();
            let path = paths[n % paths.len()];
            assert_eq!(status, 200, "{path}");
            assert_eq!(body.len(), expected[n % paths.len()].len(), "{path}");
        }
    });
}

/// What the server answers to `bytes` sent as they are.
fn raw_status(server: &Server, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.write_all(bytes).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn what_is_not_http_gets_400() {
    let site = site();
    let server = Server::start(&site);
    assert_eq!(
        raw_status(&server, b"\x16\x03\x01 hello\r\n\r\n"),
        "HTTP/1.1 400 Bad Request"
    );
    // And it goes on answering.
    assert_eq!(server.get("/bai-viet/bai-so-5/").0, 200);
}

#[test]
fn a_port_in_use_is_a_refusal_of_the_machine_not_a_misused_command() {
    let site = Site::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code(), Some(3), "{}", run.stderr());
    assert!(
        run.stderr()
            .contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_link_follows_the_item_it_points_at_when_that_moves_comes_or_goes() {
    let site = site();
    site.write(
        "content/bai-viet/lien-ket.md",
        "---\ntitle: \"Bài liên kết\"\nslug: bai-lien-ket\ndate: 2025-02-10\n---\nXem [bài số 3](@/bai-viet/03.md).\n",
    );
    let server = Server::start(&site);
    let page = "/bai-viet/bai-lien-ket/";
    server.wait_for(page, "the link", |status, body| {
        status == 200 && body.contains("href=\"/bai-viet/bai-so-3/\"")
    });
    // The linked item moves: the page that links to it is rendered again
    // although its own text did not change.
    site.write(
        "content/bai-viet/03.md",
        "---\ntitle: \"Bài số 3\"\nslug: bai-ba-moi\ndate: 2025-02-03\n---\nNội dung bài 3.\n",
    );
    server.wait_for(page, "the moved link", |status, body| {
        status == 200 && body.contains("href=\"/bai-viet/bai-ba-moi/\"")
    });
    // A link to an item that does not exist yet is an error until it comes.
    site.write(
        "content/bai-viet/lien-ket.md",
        "---\ntitle: \"Bài liên kết\"\nslug: bai-lien-ket\ndate: 2025-02-10\n---\nXem [bài mới](@/bai-viet/moi.md).\n",
    );
    server.wait_for_line("keeps showing the last good build");
    site.write(
        "content/bai-viet/moi.md",
        "---\ntitle: \"Bài mới\"\ndate: 2025-02-11\n---\nx\n",
    );
    server.wait_for(page, "the link to the new item", |status, body| {
        status == 200 && body.contains("href=\"/bai-viet/bai-moi/\"")
    });
}

#[test]
fn a_config_edit_renders_again_the_bodies_its_markdown_settings_change() {
    let site = site();
    site.write(
        "content/bai-viet/05.md",
        "---\ntitle: \"Bài số 5\"\ndate: 2025-02-05\n---\nMở <span onclick=\"mo()\">hộp</span>.\n",
    );
    let server = Server::start(&site);
    let page = "/bai-viet/bai-so-5/";
    server.wait_for(page, "the handler taken out", |status, body| {
        status == 200 && body.contains(">hộp</span>") && !body.contains("onclick")
    });
    // The file's reading is kept across a config edit; its rendering must
    // not be.
    site.write(
        "site-config.yaml",
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nmarkdown:\n  unsafe_html: true\n",
    );
    server.wait_for(page, "the handler kept as written", |status, body| {
        status == 200 && body.contains("onclick")
    });
}

/// A JPEG of `width` × `height` pixels.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture =
        image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
        }));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .expect("encode");
    bytes.into_inner()
}

#[test]
fn photos_added_replaced_and_removed_are_followed() {
    let site = site();
    site.write_bytes("static/anh/lop.jpg", &jpeg(1000, 600));
    site.write(
        "content/bai-viet/anh.md",
        "---\ntitle: \"Bài có ảnh\"\nslug: bai-co-anh\ndate: 2025-02-12\n---\nMở đầu.\n\n![Lớp học](/anh/lop.jpg)\n",
    );
    let server = Server::start(&site);
    let page = "/bai-viet/bai-co-anh/";
    server.wait_for(page, "the photo's widths", |status, body| {
        status == 200 && body.contains("/anh/lop-960w.webp 960w")
    });
    assert_eq!(server.get("/anh/lop-960w.webp").0, 200);
    // Another photo in its place, narrower: its widths follow.
    site.write_bytes("static/anh/lop.jpg", &jpeg(700, 500));
    server.wait_for(page, "the new photo's widths", |status, body| {
        status == 200 && body.contains("/anh/lop-700w.webp 700w") && !body.contains("960w")
    });
    assert_eq!(server.get("/anh/lop-700w.jpg").0, 200);
    assert_eq!(
        server.get("/anh/lop-960w.webp").0,
        404,
        "what the old photo made is gone"
    );
    // A photo no page shows is published, without widths, until the text
    // shows it.
    site.write_bytes("static/anh/moi.jpg", &jpeg(600, 400));
    server.wait_for("/anh/moi.jpg", "the new photo", |status, _| status == 200);
    assert_eq!(server.get("/anh/moi-480w.webp").0, 404);
    site.write(
        "content/bai-viet/anh.md",
        "---\ntitle: \"Bài có ảnh\"\nslug: bai-co-anh\ndate: 2025-02-12\n---\nMở đầu.\n\n![Lớp học](/anh/lop.jpg)\n\n![Ảnh mới](/anh/moi.jpg)\n",
    );
    server.wait_for(page, "the second photo", |status, body| {
        status == 200 && body.contains("/anh/moi-480w.webp 480w")
    });
    assert_eq!(server.get("/anh/moi-480w.webp").0, 200);
    // A photo the text shows taken away is an error until the text follows.
    std::fs::remove_file(site.root().join("static/anh/moi.jpg")).unwrap();
    server.wait_for_line("keeps showing the last good build");
    assert_eq!(
        server.get("/anh/moi-480w.webp").0,
        200,
        "the last good build stays"
    );
    site.write(
        "content/bai-viet/anh.md",
        "---\ntitle: \"Bài có ảnh\"\nslug: bai-co-anh\ndate: 2025-02-12\n---\nMở đầu.\n\n![Lớp học](/anh/lop.jpg)\n",
    );
    server.wait_for(page, "the page without it", |status, body| {
        status == 200 && !body.contains("moi-480w")
    });
    assert_eq!(server.get("/anh/moi.jpg").0, 404);
    assert_eq!(server.get("/anh/moi-480w.webp").0, 404);
}
