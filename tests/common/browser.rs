//! A real headless Chromium driven through chromedriver (W3C WebDriver),
//! and a static file server for a built site, for tests that must see
//! what readers' browsers do.
//!
//! Without Chromium or chromedriver the tests print that they skipped,
//! unless `LOA_REQUIRE_BROWSER=1` (set by CI), which makes that a failure.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMIUM: &[&str] = &[
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];
const CHROMEDRIVER: &[&str] = &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];

fn first_existing(candidates: &[&str]) -> Option<PathBuf> {
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|path| path.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// `None`, after saying that `test` skipped for want of `what`; a failure
/// instead when `LOA_REQUIRE_BROWSER=1` (set by CI).
fn skipped<T>(test: &str, what: &str) -> Option<T> {
    assert!(
        std::env::var("LOA_REQUIRE_BROWSER").as_deref() != Ok("1"),
        "LOA_REQUIRE_BROWSER=1 but {test} has no {what}"
    );
    println!("{test}: skipped, no {what}");
    None
}

/// A browser session, or `None` (after saying so) when there is no browser
/// and none is required.
pub fn browser(test: &str) -> Option<Browser> {
    let (Some(chromium), Some(driver)) = (first_existing(CHROMIUM), first_existing(CHROMEDRIVER))
    else {
        return skipped(
            test,
            "Chromium and chromedriver (Debian packages chromium, chromium-driver)",
        );
    };
    Some(Browser::start(&chromium, &driver))
}

/// The axe-core version the accessibility tests run.
const AXE_CORE: &str = "4.14.1";

/// The source of axe-core, or `None` (after saying so) when npm cannot
/// install it and no browser test is required.
pub fn axe_core(test: &str) -> Option<String> {
    let folder = npm_package(test, "axe-core", AXE_CORE)?;
    let script = folder.join("node_modules/axe-core/axe.min.js");
    Some(std::fs::read_to_string(&script).expect("axe-core's script"))
}

/// The Decap CMS version `loa cms` pins (`scaffold::cms::DECAP_VERSION`).
pub const DECAP_CMS: &str = "3.16.3";

/// The folder of Decap CMS's built files (`decap-cms.js` and the parts it
/// loads), or `None` (after saying so) when npm cannot install it and no
/// browser test is required.
pub fn decap_cms(test: &str) -> Option<PathBuf> {
    let folder = npm_package(test, "decap-cms", DECAP_CMS)?;
    Some(folder.join("node_modules/decap-cms/dist"))
}

/// The Lighthouse version the page-quality test runs (13.x needs Node.js
/// 22; Debian's is 20).
const LIGHTHOUSE: &str = "12.8.2";

/// Lighthouse's command and the Chromium it drives, or `None` (after
/// saying so) when either is missing and no browser test is required.
pub fn lighthouse(test: &str) -> Option<(PathBuf, PathBuf)> {
    let Some(chromium) = first_existing(CHROMIUM) else {
        return skipped(test, "Chromium (Debian package chromium)");
    };
    let folder = npm_package(test, "lighthouse", LIGHTHOUSE)?;
    Some((folder.join("node_modules/.bin/lighthouse"), chromium))
}

/// The folder `package@version` is installed in, from npm into
/// `target/tools/` on first use (never committed), or `None` (after saying
/// so) when npm cannot install it and no browser test is required.
fn npm_package(test: &str, package: &str, version: &str) -> Option<PathBuf> {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let folder = super::repository().join(format!("target/tools/{package}-{version}"));
    // Made in a folder of its own and moved into place once complete, so an
    // interrupted install is never taken for a finished one.
    if !folder.join("node_modules").join(package).is_dir() {
        let partial = folder.with_extension("installing");
        let _ = std::fs::remove_dir_all(&partial);
        std::fs::create_dir_all(&partial).expect("a folder for an npm package");
        let installed = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
            .arg(&partial)
            .arg(format!("{package}@{version}"))
            .status()
            .is_ok_and(|status| status.success());
        if !installed {
            return skipped(
                test,
                &format!("{package}@{version} (npm could not install it)"),
            );
        }
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::rename(&partial, &folder).expect("an npm package in place");
    }
    Some(folder)
}

/// A Chromium session through chromedriver, driven with fantoccini on a
/// runtime of its own, so that tests call it as plain functions.
pub struct Browser {
    driver: Child,
    runtime: tokio::runtime::Runtime,
    client: Option<fantoccini::Client>,
}

/// A command of Chromium's DevTools protocol, which chromedriver takes at
/// a vendor endpoint of the session.
#[derive(Debug)]
struct DevTools(Value);

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(self.0.to_string()))
    }
}

impl Browser {
    fn start(chromium: &Path, driver: &Path) -> Browser {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let mut capabilities = fantoccini::wd::Capabilities::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=400,900"]
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = runtime
            .block_on(
                fantoccini::ClientBuilder::new(connector)
                    .capabilities(capabilities)
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .expect("a browser session");
        Browser {
            driver: child,
            runtime,
            client: Some(client),
        }
    }

    fn client(&self) -> &fantoccini::Client {
        self.client.as_ref().expect("an open session")
    }

    pub fn open(&self, url: &str) {
        self.runtime
            .block_on(self.client().goto(url))
            .unwrap_or_else(|error| panic!("open {url}: {error}"));
    }

    /// Runs `script` (a function body; `arguments` holds `args`, a JSON
    /// array) in the page.
    pub fn run(&self, script: &str, args: Value) -> Value {
        let args = args.as_array().cloned().unwrap_or_default();
        self.runtime
            .block_on(self.client().execute(script, args))
            .unwrap_or_else(|error| panic!("{error}: {script}"))
    }

    /// Runs `script` in the page and waits for it to call its last
    /// argument with the result.
    pub fn run_async(&self, script: &str, args: Value) -> Value {
        let args = args.as_array().cloned().unwrap_or_default();
        self.runtime
            .block_on(self.client().execute_async(script, args))
            .unwrap_or_else(|error| panic!("{error}: {script}"))
    }

    fn dev_tools(&self, command: Value) {
        self.runtime
            .block_on(self.client().issue_cmd(DevTools(command.clone())))
            .unwrap_or_else(|error| panic!("{command}: {error}"));
    }

    /// From now on, every page records in `window.__problems` its script
    /// errors, unhandled rejections, console errors and resources that
    /// failed to load, from its very start.
    pub fn record_problems(&self) {
        const RECORDER: &str = "window.__problems = [];\
            addEventListener('error', e => __problems.push(e.message || ('failed to load ' + (e.target.src || e.target.href))), true);\
            addEventListener('unhandledrejection', e => __problems.push('unhandled rejection: ' + e.reason));\
            const consoleError = console.error;\
            console.error = (...parts) => { __problems.push(parts.join(' ')); consoleError(...parts); };";
        self.dev_tools(
            json!({"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": RECORDER}}),
        );
    }

    /// Makes pages see the media type (`screen`, `print`) and colour scheme
    /// (`light`, `dark`) given, as a reader's settings would.
    pub fn emulate_media(&self, media: &str, scheme: &str) {
        self.dev_tools(json!({"cmd": "Emulation.setEmulatedMedia", "params": {
            "media": media,
            "features": [{"name": "prefers-color-scheme", "value": scheme}]
        }}));
    }

    /// Sets the size of the window's viewport-holding rectangle.
    pub fn resize(&self, width: u32, height: u32) {
        self.runtime
            .block_on(self.client().set_window_size(width, height))
            .expect("the window resized");
    }

    /// The first element `selector` finds.
    fn element(&self, selector: &str) -> fantoccini::elements::Element {
        self.runtime
            .block_on(self.client().find(fantoccini::Locator::Css(selector)))
            .unwrap_or_else(|error| panic!("no element {selector}: {error}"))
    }

    /// Types `text` into the element `selector` finds, key by key.
    pub fn type_into(&self, selector: &str, text: &str) {
        let element = self.element(selector);
        self.runtime
            .block_on(element.send_keys(text))
            .unwrap_or_else(|error| panic!("type into {selector}: {error}"));
    }

    /// Clicks the element `selector` finds, as a reader would (it must be
    /// visible and not covered).
    pub fn click(&self, selector: &str) {
        let element = self.element(selector);
        self.runtime
            .block_on(element.click())
            .unwrap_or_else(|error| panic!("click {selector}: {error}"));
    }

    /// Sends the path of `file` to the file input `selector` finds, as
    /// choosing the file in the browser's dialog would.
    pub fn choose_file(&self, selector: &str, file: &Path) {
        let element = self.element(selector);
        self.runtime
            .block_on(element.send_keys(&file.display().to_string()))
            .unwrap_or_else(|error| panic!("choose {} in {selector}: {error}", file.display()));
    }

    /// A PNG of the window as it is.
    pub fn screenshot(&self, file: &Path) {
        let png = self
            .runtime
            .block_on(self.client().screenshot())
            .expect("a screenshot");
        std::fs::write(file, png).expect("the screenshot written");
    }

    /// Waits until `script` returns something other than null or false.
    pub fn wait_for(&self, script: &str, what: &str) -> Value {
        let started = Instant::now();
        loop {
            let value = self.run(script, json!([]));
            if !(value.is_null() || value == Value::Bool(false)) {
                return value;
            }
            if started.elapsed() > Duration::from_secs(20) {
                let state = self.run(
                    "return [location.href, window.__fetches, performance.getEntriesByType('resource').map(e => e.name + ' ' + Math.round(e.duration) + ' ' + e.responseStatus)];",
                    json!([]),
                );
                panic!("never saw {what}; the page: {state}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The example site built into a temporary folder and served: the folder
/// (to keep while the test runs) and its address.
pub fn serve_example() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().expect("temporary folder");
    super::build_example(out.path(), &[]);
    let address = serve_folder(out.path());
    (out, address)
}

/// Serves the files of `root` over HTTP on a free port, from threads that
/// live as long as the test; returns the address. A static host's answers,
/// as readers meet the built site: no reload script, no overlay.
fn serve_folder(root: &Path) -> String {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a server");
    let address = format!("http://{}", listener.local_addr().expect("an address"));
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(root));
    std::thread::spawn(move || runtime.block_on(async { axum::serve(listener, app).await }));
    address
}
