//! The preview server: files of the output folder over HTTP on a loopback
//! address, a live-reload event stream, and the error overlay. The reload
//! script and the overlay are added to HTML as it is served, never written
//! into the built files. HTTP itself is axum's (on hyper), on a runtime of
//! two threads: however many connections or open tabs there are, the
//! server holds a bounded number of threads.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::Stream;
use tokio::sync::watch;

use super::cms;
use crate::error::Error;
use crate::render::links::percent_decode;
use crate::render::templates::escape_markup;
use crate::t;

/// Where the browser listens for rebuilds.
pub const EVENTS_PATH: &str = "/__loa/events";

/// The web editor's settings, which name this server as its backend.
const EDITOR_CONFIG: &str = "/admin/config.yml";

/// The largest save the editor may send: an item with a dozen photos
/// straight from a phone, base64-encoded.
const EDITOR_BODY_LIMIT: usize = 256 * 1024 * 1024;

/// Reloads the page when a build newer than the one it was served from
/// finishes; the stream's first message tells the current build, so a
/// build that ended between serving the page and connecting is not missed.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>(function(){{var g={generation},s=new EventSource(\"/__loa/events\");s.onmessage=function(e){{if(+e.data.split(\" \")[1]>g)location.reload()}};}})();</script>"
    )
}

/// The last build as the server tells it to browsers.
#[derive(Debug, Clone, Default)]
struct Build {
    /// Counts builds; a browser reloads when it moves.
    generation: u64,
    /// The problems of the last build, while it failed.
    error: Option<String>,
}

/// What the server and the build loop share.
pub struct Shared {
    builds: watch::Sender<Build>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            builds: watch::Sender::new(Build::default()),
        }
    }
}

impl Shared {
    /// Tells every open page that a build finished, well or not.
    pub fn publish(&self, error: Option<String>) {
        self.builds.send_modify(|build| {
            build.generation += 1;
            build.error = error;
        });
    }

    fn snapshot(&self) -> Build {
        self.builds.borrow().clone()
    }
}

/// Threads that answer requests and hold the event streams.
const WORKERS: usize = 2;

/// Threads that read files for answers, so that a slow disk holds no
/// worker.
const READERS: usize = 4;

/// How often an open event stream gets a comment, which keeps proxies and
/// browsers from closing it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What every answer needs.
struct Served {
    folder: PathBuf,
    /// The site's own folder, where the web editor saves.
    site: PathBuf,
    shared: Arc<Shared>,
}

/// Serves `folder` on `listener` from threads of its own until the process
/// ends; fails only when those threads cannot be started.
pub fn start(
    listener: TcpListener,
    folder: PathBuf,
    site: PathBuf,
    shared: Arc<Shared>,
) -> Result<(), Error> {
    let refused = |error: std::io::Error| Error::Refused(t!("cannot-serve", error = error).text);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .max_blocking_threads(READERS)
        .thread_name("loa-serve")
        .enable_io()
        .enable_time()
        .build()
        .map_err(refused)?;
    listener.set_nonblocking(true).map_err(refused)?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(refused)?
    };
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .route(
            cms::API_PATH,
            // A phone's photos, sent inside the text that shows them.
            post(editor).layer(DefaultBodyLimit::max(EDITOR_BODY_LIMIT)),
        )
        .fallback(answer)
        .with_state(Arc::new(Served {
            folder,
            site,
            shared,
        }));
    // axum goes on past failed connections; it stops only with the process.
    std::thread::spawn(move || {
        runtime.block_on(async {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
        })
    });
    Ok(())
}

/// A request of the web editor, answered from the site's folder.
async fn editor(
    State(served): State<Arc<Served>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    // The preview may be shown to a phone on the office network
    // (`--bind`), but only this machine may write into the site.
    if !peer.ip().to_canonical().is_loopback()
        || !cms::allowed(
            header(header::ORIGIN),
            header(header::HOST),
            header(header::CONTENT_TYPE),
        )
    {
        return StatusCode::FORBIDDEN.into_response();
    }
    let answered = tokio::task::spawn_blocking(move || cms::answer(&served.site, &body)).await;
    let (status, value) = match answered {
        Ok(Ok(value)) => (StatusCode::OK, value),
        Ok(Err(refusal)) => (
            StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            serde_json::json!({"error": refusal.message}),
        ),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, serde_json::Value::Null),
    };
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        value.to_string(),
    )
        .into_response()
}

/// The file a request names, decorated when it is HTML.
async fn answer(
    State(served): State<Arc<Served>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    // A preview has nothing to change: other methods get no page.
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let path = uri.path().to_owned();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let read = tokio::task::spawn_blocking(move || {
        // The editor is served from the site's own folder while no build
        // has succeeded, so that a writer can open it to fix the problem.
        let found = resolve(&served.folder, &path).or_else(|| {
            path.starts_with("/admin/")
                .then(|| resolve(&served.site.join("static"), &path))
                .flatten()
        });
        // A folder named without its final slash: its page's relative
        // links (the web editor's `config.yml`) would resolve one level up.
        let folder = found.as_ref().is_some_and(|file| {
            !path.ends_with('/') && file.ends_with("index.html") && !path.ends_with("index.html")
        });
        if folder {
            return Err(format!("{path}/"));
        }
        let (status, file) = match found {
            Some(file) => (StatusCode::OK, Some(file)),
            None => (
                StatusCode::NOT_FOUND,
                Some(served.folder.join("404.html")).filter(|f| f.is_file()),
            ),
        };
        let body = file
            .as_ref()
            .and_then(|f| fs::read(f).ok())
            .unwrap_or_else(|| b"404 Not Found".to_vec());
        let kind = file
            .as_ref()
            .map_or(Cow::Borrowed("text/html; charset=utf-8"), |f| {
                content_type(f)
            });
        let body = match kind.starts_with("text/html") {
            true => {
                let build = served.shared.snapshot();
                decorate(body, build.error.as_deref(), build.generation)
            }
            false if path == EDITOR_CONFIG => match host {
                Some(host) => {
                    cms::local_config(&String::from_utf8_lossy(&body), &host).into_bytes()
                }
                None => body,
            },
            false => body,
        };
        Ok((status, kind, body))
    })
    .await;
    let (status, kind, body) = match read {
        Ok(Ok(answer)) => answer,
        Ok(Err(folder)) => {
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, folder)]).into_response();
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let kind = HeaderValue::from_str(&kind)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (
        status,
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// A server-sent event stream of builds: its first event names the
/// current build, so a build that ended between serving the page and this
/// request is not missed; then one event per build, `reload` or `error`.
async fn events(
    State(served): State<Arc<Served>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let builds = served.shared.builds.subscribe();
    let stream = futures_util::stream::unfold((builds, true), |(mut builds, first)| async move {
        if !first {
            // Ends the stream when the server goes.
            builds.changed().await.ok()?;
        }
        let build = builds.borrow_and_update().clone();
        let kind = match (first, &build.error) {
            (true, _) => "hello",
            (false, Some(_)) => "error",
            (false, None) => "reload",
        };
        let event = Event::default().data(format!("{kind} {}", build.generation));
        Some((Ok(event), (builds, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("keep-alive"))
}

/// The file a URL path names inside `folder`: folders answer with their
/// `index.html`. `None` for anything outside the folder or missing.
pub fn resolve(folder: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path);
    let mut target = under(folder, decoded.trim_start_matches('/'))?;
    if target.is_dir() {
        target.push("index.html");
    }
    let kind = target.symlink_metadata().ok()?.file_type();
    kind.is_file().then_some(target)
}

/// The place `relative` names inside `folder`, existing or not, or `None`
/// when it could lead out: a component other than a name (`..`, a root),
/// a backslash or NUL, or a symbolic link on the way (a link could lead
/// anywhere on the machine).
pub fn under(folder: &Path, relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    if relative.contains(['\0', '\\'])
        || !path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    let mut target = folder.to_path_buf();
    for component in path.components() {
        target.push(component);
        if target
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return None;
        }
    }
    Some(target)
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
