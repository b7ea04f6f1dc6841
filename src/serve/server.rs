//! The preview server: files of the output folder over HTTP on a loopback
//! address, a live-reload event stream, and the error overlay. The reload
//! script and the overlay are added to HTML as it is served, never written
//! into the built files.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError, mpsc};
use std::time::Duration;

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

/// Threads that answer requests: several times what a browser opens at
/// once for one page. Connections beyond them wait their turn, never
/// refused.
const WORKERS: usize = 32;

/// Accepted connections waiting for a worker; beyond these, new ones wait
/// in the system's backlog until a place frees.
const WAITING: usize = 64;

/// Live-reload streams held open, one per open tab; a new one beyond
/// them closes the oldest, whose tab then reconnects.
const EVENT_STREAMS: usize = 64;

/// How long a client may take to send its request: a browser sends it at
/// once, and a connection that says nothing holds a worker no longer.
const REQUEST_PATIENCE: Duration = Duration::from_secs(2);

/// How long a client may take to take its answer, or an event.
const ANSWER_PATIENCE: Duration = Duration::from_secs(5);

/// The longest request head read; a browser's are a few hundred bytes.
const HEAD_LIMIT: usize = 16 * 1024;

/// Serves requests until the process ends with a fixed number of threads:
/// however many connections come, the server holds a bounded number.
pub fn run(listener: TcpListener, folder: PathBuf, shared: Arc<Shared>) {
    let (sender, receiver) = mpsc::sync_channel::<TcpStream>(WAITING);
    let receiver = Arc::new(Mutex::new(receiver));
    let streams = Arc::new(EventStreams::default());
    for _ in 0..WORKERS {
        let receiver = Arc::clone(&receiver);
        let (folder, shared, streams) = (folder.clone(), Arc::clone(&shared), Arc::clone(&streams));
        std::thread::spawn(move || {
            loop {
                let next = receiver.lock().ok().and_then(|queue| queue.recv().ok());
                let Some(connection) = next else {
                    return;
                };
                answer(connection, &folder, &shared, &streams);
            }
        });
    }
    {
        let (shared, streams) = (Arc::clone(&shared), Arc::clone(&streams));
        std::thread::spawn(move || broadcast(&shared, &streams));
    }
    for connection in listener.incoming().flatten() {
        let _ = connection.set_read_timeout(Some(REQUEST_PATIENCE));
        let _ = connection.set_write_timeout(Some(ANSWER_PATIENCE));
        if sender.send(connection).is_err() {
            return;
        }
    }
}

/// A request as far as the preview needs it.
struct Request {
    method: String,
    path: String,
}

/// Reads the request head; `None` when the client went away, sent no
/// HTTP, or sent too much (it has been answered 400 then).
fn read_request(connection: &mut TcpStream) -> Option<Request> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let read = connection.read(&mut chunk).ok().filter(|&read| read > 0)?;
        head.extend_from_slice(&chunk[..read]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {
                return Some(Request {
                    method: request.method?.to_owned(),
                    path: request.path?.to_owned(),
                });
            }
            Ok(httparse::Status::Partial) if head.len() < HEAD_LIMIT => {}
            _ => {
                let _ = respond(connection, 400, &[], b"400 Bad Request", false);
                return None;
            }
        }
    }
}

/// Writes a whole response and closes: previews are local, and a new
/// connection per request keeps every worker free between requests.
fn respond(
    connection: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    connection.write_all(head.as_bytes())?;
    if !head_only {
        connection.write_all(body)?;
    }
    connection.flush()
}

fn answer(mut connection: TcpStream, folder: &Path, shared: &Shared, streams: &EventStreams) {
    let Some(request) = read_request(&mut connection) else {
        return;
    };
    let path = request.path.split(['?', '#']).next().unwrap_or("/");
    // A preview has nothing to change: other methods get no page.
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let _ = respond(&mut connection, 405, &[("Allow", "GET, HEAD")], b"", false);
            return;
        }
    };
    if path == EVENTS_PATH && !head_only {
        streams.open(connection, shared);
        return;
    }
    let (status, file) = match resolve(folder, path) {
        Some(file) => (200, Some(file)),
        None => (404, Some(folder.join("404.html")).filter(|f| f.is_file())),
    };
    let mut body = file
        .as_ref()
        .and_then(|f| fs::read(f).ok())
        .unwrap_or_else(|| b"404 Not Found".to_vec());
    let kind = file
        .as_ref()
        .map_or(Cow::Borrowed("text/html; charset=utf-8"), |f| {
            content_type(f)
        });
    if kind.starts_with("text/html") {
        let (generation, error) = shared.snapshot();
        body = decorate(body, error.as_deref(), generation);
    }
    let headers = [("Content-Type", &*kind), ("Cache-Control", "no-store")];
    let _ = respond(&mut connection, status, &headers, &body, head_only);
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

/// The media type a file is served with, from its extension; text in
/// UTF-8, as loa writes it.
pub fn content_type(file: &Path) -> Cow<'static, str> {
    match mime_guess::from_path(file).first_raw() {
        Some(text) if text.starts_with("text/") => Cow::Owned(format!("{text}; charset=utf-8")),
        Some(other) => Cow::Borrowed(other),
        None => Cow::Borrowed("application/octet-stream"),
    }
}

/// Adds the reload script, and the overlay while the last build failed.
fn decorate(mut html: Vec<u8>, error: Option<&str>, generation: u64) -> Vec<u8> {
    let mut addition = String::new();
    if let Some(error) = error {
        addition.push_str(&format!(
            "<div id=\"loa-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:1.5rem;font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap\"><strong style=\"color:#ff8a80\">{}</strong>\n\n{}</div>",
            escape_markup(&crate::t!("serve-overlay-heading").text),
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

/// The open live-reload streams. One thread writes every build's event
/// to all of them, so open tabs cost no thread each.
#[derive(Default)]
struct EventStreams {
    open: Mutex<VecDeque<TcpStream>>,
}

impl EventStreams {
    /// Starts a server-sent event stream on `connection`; its first event
    /// names the current build, so a build that ended between serving the
    /// page and this request is not missed.
    fn open(&self, mut connection: TcpStream, shared: &Shared) {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\ndata: hello {}\n\n",
            shared.snapshot().0
        );
        if connection
            .write_all(head.as_bytes())
            .and_then(|()| connection.flush())
            .is_err()
        {
            return;
        }
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.len() >= EVENT_STREAMS {
            open.pop_front();
        }
        open.push_back(connection);
    }

    /// Writes `message` to every stream, dropping those that are gone.
    fn send(&self, message: &str) {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain_mut(|stream| {
                stream
                    .write_all(message.as_bytes())
                    .and_then(|()| stream.flush())
                    .is_ok()
            });
    }
}

/// Sends one event per build to every open stream, and a comment every
/// 15 seconds that keeps proxies and browsers from closing them.
fn broadcast(shared: &Shared, streams: &EventStreams) {
    let mut seen = shared.snapshot().0;
    loop {
        let guard = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
        let (state, timeout) = shared
            .changed
            .wait_timeout_while(guard, Duration::from_secs(15), |state| {
                state.generation == seen
            })
            .unwrap_or_else(PoisonError::into_inner);
        let message = if timeout.timed_out() {
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
        streams.send(&message);
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
    fn files_are_served_with_their_media_type() {
        let of = |name: &str| content_type(Path::new(name));
        assert_eq!(of("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(of("search.js"), "text/javascript; charset=utf-8");
        assert_eq!(of("style.css"), "text/css; charset=utf-8");
        assert_eq!(of("search/v/ab.json"), "application/json");
        assert_eq!(of("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(of("anh.JPG"), "image/jpeg");
        assert_eq!(of("font.woff2"), "font/woff2");
        assert_eq!(of("no-extension"), "application/octet-stream");
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
