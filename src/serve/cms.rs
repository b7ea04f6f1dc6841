//! The web editor's local backend: `loa serve` answers Decap CMS's
//! `local_backend` API (the one `decap-server` answers in its `local_fs`
//! mode), so that a writer edits in the browser and the files are saved in
//! the site's folder, with no git host and no other program. The watcher
//! then sees the saved files and the preview rebuilds as after any edit.
//!
//! Only the site's `content/` and `static/` folders can be read or written,
//! by relative paths with no way out of them, and only by a page of the
//! preview itself: a request from another site's page (which a browser
//! could be made to send to a local address) is refused.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::load::slash_path;

/// Where the editor posts its requests.
pub const API_PATH: &str = "/api/v1";

/// The folders of the site the editor may touch.
const EDITABLE: [&str; 2] = ["content", "static"];

/// A failed request: its HTTP status and message.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

fn refused(status: u16, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        message: message.into(),
    }
}

/// Whether a request may use the API: addressed to this machine by a
/// loopback name (a site's page cannot reach it through a domain of its
/// own that resolves to 127.0.0.1), sent by a page of this server (its
/// `Origin`, when the browser gives one, is that same address) and as JSON,
/// which a form on another site cannot send without asking first.
pub fn allowed(origin: Option<&str>, host: Option<&str>, content_type: Option<&str>) -> bool {
    let json = content_type.is_some_and(|kind| kind.starts_with("application/json"));
    let Some(host) = host.filter(|host| is_loopback_name(host)) else {
        return false;
    };
    let same = origin.is_none_or(|origin| origin == format!("http://{host}"));
    json && same
}

/// `127.0.0.1:1111`, `localhost:1111`, `[::1]:1111`.
fn is_loopback_name(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// The file a path of the editor names inside the site, if it is one of
/// the editable folders' files (existing or to be made).
fn inside(root: &Path, path: &str) -> Result<PathBuf, Refusal> {
    let editable = Path::new(path)
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .is_some_and(|first| EDITABLE.contains(&first));
    super::server::under(root, path)
        .filter(|_| editable)
        .ok_or_else(|| {
            refused(
                403,
                format!("{path}: not a file of content/ or static/, or a link"),
            )
        })
}

/// The identity of a file's content, by which the editor notices changes.
fn id_of(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// Files under `folder` (a site path) ending in `extension`, `depth`
/// levels down at most, as site paths.
fn list(root: &Path, folder: &str, extension: &str, depth: usize) -> Result<Vec<String>, Refusal> {
    let start = inside(root, folder)?;
    if !start.is_dir() || depth == 0 {
        return Ok(Vec::new());
    }
    Ok(walkdir::WalkDir::new(&start)
        .max_depth(depth)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(extension))
        .filter_map(|entry| entry.path().strip_prefix(root).ok().map(slash_path))
        .collect())
}

fn entry(root: &Path, path: &str, label: Option<&str>) -> Value {
    let read = inside(root, path)
        .ok()
        .and_then(|file| std::fs::read(file).ok());
    match read {
        Some(bytes) => json!({
            "data": String::from_utf8_lossy(&bytes),
            "file": {"path": path, "label": label, "id": id_of(&bytes)},
        }),
        None => json!({"data": null, "file": {"path": path, "label": label, "id": null}}),
    }
}

fn media(root: &Path, path: &str) -> Result<Value, Refusal> {
    let bytes =
        std::fs::read(inside(root, path)?).map_err(|e| refused(404, format!("{path}: {e}")))?;
    Ok(json!({
        "id": id_of(&bytes),
        "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
        "encoding": "base64",
        "path": path,
        "name": path.rsplit('/').next().unwrap_or(path),
    }))
}

fn write(root: &Path, path: &str, bytes: &[u8]) -> Result<(), Refusal> {
    let target = writable(root, path)?;
    let failed = |e: std::io::Error| refused(500, format!("{path}: {e}"));
    if let Some(folder) = target.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    // Whole or not at all: the watcher must never build half a file.
    let waiting = target.with_extension(format!("{}.part", std::process::id()));
    let written = std::fs::write(&waiting, bytes).and_then(|()| std::fs::rename(&waiting, &target));
    if written.is_err() {
        let _ = std::fs::remove_file(&waiting);
    }
    written.map_err(failed)
}

/// A file the editor may write: inside the editable folders, and not a
/// folder (nor the folders themselves).
fn writable(root: &Path, path: &str) -> Result<PathBuf, Refusal> {
    let target = inside(root, path)?;
    if target.is_dir() || Path::new(path).components().count() < 2 {
        return Err(refused(403, format!("{path}: a folder")));
    }
    Ok(target)
}

/// Deletes a file; deleting a page bundle's `index.md` (which is how the
/// editor deletes an item) deletes the bundle, photos and all, unless it
/// holds folders of its own.
fn delete(root: &Path, path: &str) -> Result<(), Refusal> {
    let target = writable(root, path)?;
    let failed = |e: std::io::Error| refused(500, format!("{path}: {e}"));
    let bundle = target
        .parent()
        .filter(|_| path.starts_with("content/") && path.ends_with("/index.md"))
        .filter(|folder| {
            std::fs::read_dir(folder).is_ok_and(|entries| {
                entries
                    .filter_map(Result::ok)
                    .all(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
            })
        });
    match bundle {
        Some(folder) => std::fs::remove_dir_all(folder).map_err(failed),
        None => match std::fs::remove_file(&target) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(failed(e)),
            _ => Ok(()),
        },
    }
}

#[derive(Deserialize)]
struct Request {
    action: String,
    #[serde(default)]
    params: Value,
}

#[derive(Deserialize)]
struct DataFile {
    path: String,
    raw: String,
    #[serde(default, rename = "newPath")]
    new_path: Option<String>,
}

#[derive(Deserialize)]
struct Asset {
    path: String,
    content: String,
    #[serde(default)]
    encoding: Option<String>,
}

impl Asset {
    fn bytes(&self) -> Result<Vec<u8>, Refusal> {
        match self.encoding.as_deref() {
            Some("base64") => base64::engine::general_purpose::STANDARD
                .decode(&self.content)
                .map_err(|e| refused(422, format!("{}: {e}", self.path))),
            _ => Ok(self.content.clone().into_bytes()),
        }
    }
}

fn params<T: for<'de> Deserialize<'de>>(value: Value) -> Result<T, Refusal> {
    serde_json::from_value(value).map_err(|e| refused(422, e.to_string()))
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Answers one request of the editor on the site at `root`.
pub fn answer(root: &Path, body: &[u8]) -> Result<Value, Refusal> {
    let request: Request = serde_json::from_slice(body).map_err(|e| refused(422, e.to_string()))?;
    let p = request.params;
    match request.action.as_str() {
        "info" => Ok(json!({
            "repo": root.file_name().map(|n| n.to_string_lossy().into_owned()),
            "publish_modes": ["simple"],
            "type": "local_fs",
        })),
        "entriesByFolder" => {
            let depth = p.get("depth").and_then(Value::as_u64).unwrap_or(1) as usize;
            let files = list(root, &text(&p, "folder"), &text(&p, "extension"), depth)?;
            // A section's `_index.md` holds its settings, not an item: the
            // editor would list it among the items and ask for their fields.
            Ok(files
                .iter()
                .filter(|path| !path.ends_with("/_index.md"))
                .map(|path| entry(root, path, None))
                .collect())
        }
        "entriesByFiles" => Ok(p
            .get("files")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|file| {
                entry(
                    root,
                    &text(file, "path"),
                    file.get("label").and_then(Value::as_str),
                )
            })
            .collect()),
        "getEntry" => Ok(entry(root, &text(&p, "path"), None)),
        "persistEntry" => {
            #[derive(Deserialize)]
            struct Persist {
                #[serde(default)]
                entry: Option<DataFile>,
                #[serde(default, rename = "dataFiles")]
                data_files: Vec<DataFile>,
                #[serde(default)]
                assets: Vec<Asset>,
            }
            let persist: Persist = params(p)?;
            let mut files = persist.data_files;
            files.extend(persist.entry);
            // Every path is checked before anything is written, so that a
            // refused one leaves nothing half saved.
            for path in files
                .iter()
                .flat_map(|file| std::iter::once(&file.path).chain(&file.new_path))
                .chain(persist.assets.iter().map(|asset| &asset.path))
            {
                writable(root, path)?;
            }
            // The photos first: the text that shows them is then built
            // with them there.
            for asset in &persist.assets {
                write(root, &asset.path, &asset.bytes()?)?;
            }
            for file in &files {
                write(root, &file.path, file.raw.as_bytes())?;
            }
            for file in &files {
                if let Some(new_path) = &file.new_path {
                    let to = inside(root, new_path)?;
                    if let Some(folder) = to.parent() {
                        std::fs::create_dir_all(folder)
                            .map_err(|e| refused(500, format!("{new_path}: {e}")))?;
                    }
                    std::fs::rename(inside(root, &file.path)?, to)
                        .map_err(|e| refused(500, format!("{new_path}: {e}")))?;
                }
            }
            Ok(json!({"message": "entry persisted"}))
        }
        "getMedia" => {
            let files = list(root, &text(&p, "mediaFolder"), "", 1)?;
            files.iter().map(|path| media(root, path)).collect()
        }
        "getMediaFile" => media(root, &text(&p, "path")),
        "persistMedia" => {
            let asset: Asset = params(p.get("asset").cloned().unwrap_or_default())?;
            write(root, &asset.path, &asset.bytes()?)?;
            media(root, &asset.path)
        }
        "deleteFile" => {
            let path = text(&p, "path");
            delete(root, &path)?;
            Ok(json!({"message": format!("deleted file {path}")}))
        }
        "deleteFiles" => {
            let paths: Vec<&str> = p
                .get("paths")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|path| path.as_str().unwrap_or_default())
                .collect();
            for path in &paths {
                writable(root, path)?;
            }
            for path in paths {
                delete(root, path)?;
            }
            Ok(json!({"message": "deleted files"}))
        }
        "getDeployPreview" => Ok(Value::Null),
        other => Err(refused(422, format!("Unknown action {other}"))),
    }
}

/// The editor's `config.yml` as served: its local backend is this server.
pub fn local_config(config: &str, host: &str) -> String {
    config.replace(
        "\nlocal_backend: true\n",
        &format!("\nlocal_backend:\n  url: http://{host}{API_PATH}\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sites_own_pages_may_ask() {
        let json = Some("application/json");
        assert!(allowed(
            Some("http://127.0.0.1:1111"),
            Some("127.0.0.1:1111"),
            json
        ));
        assert!(allowed(
            Some("http://localhost:1111"),
            Some("localhost:1111"),
            json
        ));
        assert!(allowed(None, Some("[::1]:1111"), json));
        assert!(!allowed(
            Some("https://evil.example"),
            Some("127.0.0.1:1111"),
            json
        ));
        assert!(!allowed(None, Some("127.0.0.1:1111"), Some("text/plain")));
        // A domain of an attacker's that resolves to this machine.
        assert!(!allowed(
            Some("http://evil.example:1111"),
            Some("evil.example:1111"),
            json
        ));
        assert!(!allowed(None, None, json));
    }

    #[test]
    fn paths_stay_in_content_and_static() {
        let root = Path::new("/site");
        assert!(inside(root, "content/tin-tuc/a/index.md").is_ok());
        assert!(inside(root, "static/images/a.jpg").is_ok());
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "content/../site-config.yaml",
            "site-config.yaml",
            "templates/base.html",
            "content\\..\\x",
            "",
        ] {
            assert_eq!(inside(root, bad).map_err(|r| r.status), Err(403), "{bad}");
        }
    }

    #[test]
    fn the_served_config_names_this_server() {
        assert_eq!(
            local_config("a: 1\nlocal_backend: true\nb: 2\n", "127.0.0.1:4000"),
            "a: 1\nlocal_backend:\n  url: http://127.0.0.1:4000/api/v1\nb: 2\n"
        );
    }
}
