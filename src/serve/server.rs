//! The preview server: files of the output folder over HTTP on a loopback
//! address, a live-reload event stream, and the error overlay. The reload
//! script and the overlay are added to HTML as it is served, never written
//! into the built files.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::render::links::percent_decode;
use crate::render::templates::escape_markup;

/// Where the browser listens for rebuilds.
pub const EVENTS_PATH: &str = "/__loa/events";

/// Reloads the page when a build newer than the one it was served from
/// finishes; the stream's first message tells the current build, so a
/// build that ended between serving the page and connecting is not missed.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>(function(){{var g={generation},s=new EventSource(\"/__loa/events\");s.onmessage=function(e){{if(+e.data.split(\" \")[1]>g)location.reload()}};}})();</script>"
    )
}

/// What the server and the build loop share.
#[derive(Default)]
pub struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Counts builds; a browser reloads when it moves.
    generation: u64,
    /// The problems of the last build, while it failed.
    error: Option<String>,
}

impl Shared {
    /// Tells every open page that a build finished, well or not.
    pub fn publish(&self, error: Option<String>) {
        if let Ok(mut state) = self.state.lock() {
            state.generation += 1;
            state.error = error;
        }
        self.changed.notify_all();
    }

    fn snapshot(&self) -> (u64, Option<String>) {
        self.state
            .lock()
            .map(|s| (s.generation, s.error.clone()))
            .unwrap_or_default()
    }
}

/// Serves requests until the process ends, a thread per request so that
/// event streams can stay open.
pub fn run(server: tiny_http::Server, folder: PathBuf, shared: Arc<Shared>) {
    for request in server.incoming_requests() {
        let folder = folder.clone();
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || respond(request, &folder, &shared));
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(request: Request, folder: &Path, shared: &Shared) {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    // A preview has nothing to change: other methods get no page.
    if !matches!(request.method(), Method::Get | Method::Head) {
        let headers: Vec<Header> = header("Allow", "GET, HEAD").into_iter().collect();
        let _ = request.respond(Response::new(
            StatusCode(405),
            headers,
            std::io::empty(),
            Some(0),
            None,
        ));
        return;
    }
    if path == EVENTS_PATH {
        stream_events(request.into_writer(), shared);
        return;
    }
    let (status, file) = match resolve(folder, &path) {
        Some(file) => (200, Some(file)),
        None => (404, Some(folder.join("404.html")).filter(|f| f.is_file())),
    };
    let mut body = file
        .as_ref()
        .and_then(|f| fs::read(f).ok())
        .unwrap_or_else(|| b"404 Not Found".to_vec());
    let kind = file
        .as_ref()
        .map_or("text/html; charset=utf-8", |f| content_type(f));
    if kind.starts_with("text/html") {
        let (generation, error) = shared.snapshot();
        body = decorate(body, error.as_deref(), generation);
    }
    let headers: Vec<Header> = [
        header("Content-Type", kind),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let length = body.len();
    let _ = request.respond(Response::new(
        StatusCode(status),
        headers,
        std::io::Cursor::new(body),
        Some(length),
        None,
    ));
}

/// The file a URL path names inside `folder`: folders answer with their
/// `index.html`. `None` for anything outside the folder or missing.
pub fn resolve(folder: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path);
    let relative = Path::new(decoded.trim_start_matches('/'));
    if decoded.contains('\0')
        || decoded.contains('\\')
        || !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    let mut target = folder.to_path_buf();
    for component in relative.components() {
        target.push(component);
        // A link could lead anywhere on the machine: only what the build
        // wrote is served.
        if target.symlink_metadata().ok()?.file_type().is_symlink() {
            return None;
        }
    }
    if target.is_dir() {
        target.push("index.html");
    }
    let kind = target.symlink_metadata().ok()?.file_type();
    kind.is_file().then_some(target)
}

pub fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script, and the overlay while the last build failed.
fn decorate(mut html: Vec<u8>, error: Option<&str>, generation: u64) -> Vec<u8> {
    let mut addition = String::new();
    if let Some(error) = error {
        addition.push_str(&format!(
            "<div id=\"loa-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:1.5rem;font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap\"><strong style=\"color:#ff8a80\">loa: the last change could not be built; this page is the last good version.</strong>\n\n{}</div>",
            escape_markup(error)
        ));
    }
    addition.push_str(&reload_script(generation));
    let at = find(&html, b"</body>").unwrap_or(html.len());
    html.splice(at..at, addition.into_bytes());
    html
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

/// Sends one server-sent event per build for as long as the browser keeps
/// the connection, written straight to the socket so each event leaves at
/// once instead of waiting in a buffer.
fn stream_events(mut socket: Box<dyn Write + Send>, shared: &Shared) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
    if socket
        .write_all(head.as_bytes())
        .and_then(|()| socket.flush())
        .is_err()
    {
        return;
    }
    let mut seen = shared.snapshot().0;
    if socket
        .write_all(format!("data: hello {seen}\n\n").as_bytes())
        .and_then(|()| socket.flush())
        .is_err()
    {
        return;
    }
    loop {
        let Ok(guard) = shared.state.lock() else {
            return;
        };
        let Ok((state, timeout)) =
            shared
                .changed
                .wait_timeout_while(guard, Duration::from_secs(15), |state| {
                    state.generation == seen
                })
        else {
            return;
        };
        let message = if timeout.timed_out() {
            // A comment keeps proxies and browsers from closing the stream.
            ": keep-alive\n\n".to_owned()
        } else {
            seen = state.generation;
            let kind = if state.error.is_some() {
                "error"
            } else {
                "reload"
            };
            format!("data: {kind} {seen}\n\n")
        };
        drop(state);
        if socket
            .write_all(message.as_bytes())
            .and_then(|()| socket.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("site/a")).unwrap();
        fs::write(dir.path().join("site/a/index.html"), "a").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let folder = dir.path().join("site");
        assert_eq!(resolve(&folder, "/a/"), Some(folder.join("a/index.html")));
        assert_eq!(resolve(&folder, "/a"), Some(folder.join("a/index.html")));
        for attack in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/a/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/a\\..\\..\\secret.txt",
        ] {
            assert_eq!(resolve(&folder, attack), None, "{attack}");
        }
    }

    #[test]
    fn html_gets_the_script_and_the_overlay_when_broken() {
        let page = decorate(b"<html><body><p>x</p></body></html>".to_vec(), None, 3);
        let page = String::from_utf8(page).unwrap();
        assert!(
            page.contains("EventSource")
                && page.contains("var g=3,")
                && page.ends_with("</script></body></html>"),
            "{page}"
        );
        let broken = String::from_utf8(decorate(
            b"<p>x".to_vec(),
            Some("content/a.md:3: error: <b>"),
            4,
        ))
        .unwrap();
        assert!(
            broken.contains("loa-error-overlay")
                && broken.contains("content/a.md:3: error: &lt;b&gt;"),
            "{broken}"
        );
    }
}
