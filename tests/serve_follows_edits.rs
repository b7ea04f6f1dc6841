//! `loa serve` against a cold build, edit after edit: a running serve on
//! a copy of the example site takes a seeded random sequence of edits of
//! every kind a writer makes, and after each one its folder must hold
//! exactly the files, byte for byte, that `loa build` writes from the same
//! files. A save that breaks the site must change nothing in serve's
//! folder. `LOA_EDIT_SEED` and `LOA_EDITS` replay or lengthen a sequence.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::serve::{NOW, Serve};
use common::{copy_tree, repository};

/// A small, fixed pseudo-random sequence: the same seed gives the same
/// edits on every machine.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Starts `loa serve` on the site in `root`, building into `output`.
fn serve(root: &Path, output: &Path) -> Serve {
    Serve::launch(root, |command| {
        command.env("NO_COLOR", "1").arg("--output").arg(output);
    })
}

type Files = BTreeMap<String, Vec<u8>>;

/// Every file under `folder` by its slash path, and every folder as its
/// path with a `/`, the output marker aside (it says which command wrote
/// the folder).
fn files_of(folder: &Path) -> Files {
    let mut files = Files::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let relative = path
                .strip_prefix(folder)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                files.insert(format!("{relative}/"), Vec::new());
                stack.push(path);
            } else if relative != ".loa-output"
                && let Ok(bytes) = fs::read(&path)
            {
                files.insert(relative, bytes);
            }
        }
    }
    files
}

/// What differs between two folders, briefly.
fn differences(served: &Files, cold: &Files) -> String {
    let mut told = Vec::new();
    for (path, bytes) in cold {
        match served.get(path) {
            None => told.push(format!("missing in serve: {path}")),
            Some(other) if other != bytes => told.push(format!("differs: {path}")),
            Some(_) => {}
        }
    }
    told.extend(
        served
            .keys()
            .filter(|path| !cold.contains_key(*path))
            .map(|path| format!("only in serve: {path}")),
    );
    let total = told.len();
    told.truncate(12);
    format!("{total} differences: {}", told.join("; "))
}

/// The copy of the example site the edits are made in.
struct Workspace {
    root: PathBuf,
    dice: Dice,
    step: usize,
    /// Files as they were before a broken save, to put back.
    broken: Option<(PathBuf, String)>,
}

impl Workspace {
    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap_or_default()
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        fs::write(path, text).expect("write");
    }

    /// Content files of items (bundles by their index), by slash path
    /// under `content/`.
    fn items(&self) -> Vec<String> {
        let mut items = Vec::new();
        let content = self.path("content");
        for section in ["bai-viet", "tin-tuc", "van-ban", "trang"] {
            let Ok(entries) = fs::read_dir(content.join(section)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_dir() {
                    if entry.path().join("index.md").is_file() {
                        items.push(format!("content/{section}/{name}/index.md"));
                    }
                } else if name.ends_with(".md") && name != "_index.md" {
                    items.push(format!("content/{section}/{name}"));
                }
            }
        }
        items.sort();
        items
    }

    /// Items no other file links to: removing or moving them breaks no link.
    fn unlinked_items(&self) -> Vec<String> {
        let mut all_text = String::new();
        for item in self.items() {
            all_text.push_str(&self.read(&item));
        }
        for section in ["bai-viet", "tin-tuc", "van-ban", "trang"] {
            all_text.push_str(&self.read(&format!("content/{section}/_index.md")));
        }
        all_text.push_str(&self.read("content/_index.md"));
        self.items()
            .into_iter()
            .filter(|item| {
                let inside = item.trim_start_matches("content/");
                let folder = inside.trim_end_matches("/index.md");
                !all_text.contains(&format!("@/{inside}"))
                    && !all_text.contains(&format!("@/{folder}"))
            })
            .collect()
    }

    /// Replaces the front matter line starting `key:` (adding one after
    /// the title when there is none); `None` removes it.
    fn set_field(&self, item: &str, key: &str, value: Option<&str>) {
        let text = self.read(item);
        let Some(rest) = text.strip_prefix("---\n") else {
            return;
        };
        let Some((front, body)) = rest.split_once("\n---\n") else {
            return;
        };
        let prefix = format!("{key}:");
        let mut lines: Vec<String> = front
            .lines()
            .filter(|line| !line.starts_with(&prefix))
            .map(str::to_owned)
            .collect();
        if let Some(value) = value {
            let at = lines
                .iter()
                .position(|line| line.starts_with("title:"))
                .map_or(0, |i| i + 1);
            lines.insert(at, format!("{key}: {value}"));
        }
        self.write(item, &format!("---\n{}\n---\n{body}", lines.join("\n")));
    }

    fn field(&self, item: &str, key: &str) -> Option<String> {
        let prefix = format!("{key}:");
        self.read(item)
            .lines()
            .take_while(|line| !line.is_empty())
            .find_map(|line| line.strip_prefix(&prefix).map(|v| v.trim().to_owned()))
    }

    fn random_date(&mut self) -> String {
        let year = 2025 + self.dice.below(2);
        let month = 1 + self.dice.below(if year == 2026 { 11 } else { 12 });
        let day = 1 + self.dice.below(28);
        format!("{year}-{month:02}-{day:02}")
    }

    /// Makes one random edit and says what it was.
    fn random_edit(&mut self) -> String {
        self.step += 1;
        let n = self.step;
        let items = self.items();
        let item = self.dice.pick(&items).clone();
        match self.dice.below(19) {
            0..=2 => {
                let mut text = self.read(&item);
                text.push_str(&format!(
                    "\nĐoạn bổ sung số {n} về truyền thông tại cơ sở.\n"
                ));
                self.write(&item, &text);
                format!("body of {item}")
            }
            3 => {
                self.set_field(&item, "title", Some(&format!("\"Tiêu đề sửa lần {n}\"")));
                format!("title of {item}")
            }
            4 => {
                let date = self.random_date();
                if self.field(&item, "date").is_some() {
                    self.set_field(&item, "date", Some(&date));
                }
                format!("date of {item} to {date}")
            }
            5 => {
                let tags = ["\"công nhân\"", "\"thanh niên\"", &format!("\"thẻ {n}\"")];
                let count = 1 + self.dice.below(3);
                self.set_field(
                    &item,
                    "tags",
                    Some(&format!("[{}]", tags[..count].join(", "))),
                );
                let topics = ["truyen-thong", "phong-ngua", "phap-luat", "binh-dang-gioi"];
                let topic = self.dice.pick(&topics);
                self.set_field(&item, "topics", Some(&format!("[{topic}]")));
                format!("terms of {item}")
            }
            6 => {
                let draft = self.field(&item, "draft").is_none();
                self.set_field(&item, "draft", draft.then_some("true"));
                format!("draft {draft} on {item}")
            }
            7 => {
                self.set_field(&item, "slug", Some(&format!("duong-dan-moi-{n}")));
                format!("slug of {item}")
            }
            8 => {
                let alias = (self.field(&item, "aliases").is_none())
                    .then(|| format!("[\"/dia-chi-cu/{n}/\"]"));
                self.set_field(&item, "aliases", alias.as_deref());
                format!("aliases of {item}")
            }
            9 | 10 => {
                let date = self.random_date();
                let section = *self.dice.pick(&["tin-tuc", "bai-viet"]);
                let file = format!("content/{section}/{date}-bai-moi-so-{n}.md");
                self.write(
                    &file,
                    &format!(
                        "---\ntitle: \"Hoạt động truyền thông số {n}\"\ndate: {date}\n\
                         summary: \"Tin thêm trong lúc xem trước.\"\ntopics: [truyen-thong]\n\
                         tags: [\"thẻ {n}\"]\n---\nNội dung tin số {n}, nhắc đến \
                         Quyết định số 1629/QĐ-TTg.\n"
                    ),
                );
                format!("new {file}")
            }
            11 => match self.unlinked_items().as_slice() {
                [] => "nothing to delete".to_owned(),
                unlinked => {
                    let gone = self.dice.pick(unlinked).clone();
                    let path = self.path(&gone);
                    if gone.ends_with("/index.md") {
                        fs::remove_dir_all(path.parent().expect("bundle")).expect("remove");
                    } else {
                        fs::remove_file(path).expect("remove");
                    }
                    format!("delete {gone}")
                }
            },
            12 => match self.unlinked_items().as_slice() {
                [] => "nothing to rename".to_owned(),
                unlinked => {
                    let from = self.dice.pick(unlinked).clone();
                    let moved = if from.ends_with("/index.md") {
                        from.trim_end_matches("/index.md").to_owned()
                    } else {
                        from.clone()
                    };
                    let to = match moved.rsplit_once('.') {
                        Some((stem, extension)) => format!("{stem}-doi-ten-{n}.{extension}"),
                        None => format!("{moved}-doi-ten-{n}"),
                    };
                    fs::rename(self.path(&moved), self.path(&to)).expect("rename");
                    format!("rename {moved} to {to}")
                }
            },
            13 => {
                let section = *self.dice.pick(&["tin-tuc", "bai-viet", "van-ban", "trang"]);
                let index = format!("content/{section}/_index.md");
                let mut text = self.read(&index);
                text.push_str(&format!("\nGiới thiệu chuyên mục, lần sửa {n}.\n"));
                self.write(&index, &text);
                format!("section index {index}")
            }
            14 => {
                let templates = ["partials/footer.html", "robots.txt", "partials/card.html"];
                let name = *self.dice.pick(&templates);
                let own = format!("templates/{name}");
                if self.path(&own).exists() && self.dice.below(2) == 0 {
                    fs::remove_file(self.path(&own)).expect("remove template");
                    format!("template {own} removed")
                } else {
                    let theme = self.read(&format!("themes/default/templates/{name}"));
                    self.write(&own, &format!("{theme}<span hidden>sửa {n}</span>\n"));
                    format!("template {own}")
                }
            }
            15 => {
                let mut text = self.read("data/hotlines.yaml");
                text.push_str(&format!(
                    "- name: \"Đường dây tư vấn số {n}\"\n  number: \"1800{n:04}\"\n  \
                     description: \"Tư vấn miễn phí.\"\n"
                ));
                self.write("data/hotlines.yaml", &text);
                "data/hotlines.yaml".to_owned()
            }
            16 => {
                let name = format!("static/tai-lieu/ghi-chu-{}.txt", self.dice.below(4));
                if self.path(&name).exists() && self.dice.below(2) == 0 {
                    fs::remove_file(self.path(&name)).expect("remove static");
                    format!("{name} removed")
                } else {
                    self.write(&name, &format!("Ghi chú {n}\n"));
                    format!("{name} written")
                }
            }
            17 => self.config_edit(),
            _ => {
                let legal: Vec<String> = items
                    .iter()
                    .filter(|item| item.starts_with("content/van-ban/"))
                    .cloned()
                    .collect();
                let summary = self.dice.pick(&legal).clone();
                let status = *self
                    .dice
                    .pick(&["con-hieu-luc", "het-hieu-luc", "duoc-sua-doi"]);
                self.set_field(&summary, "status", Some(status));
                let mut text = self.read(&item);
                text.push_str(
                    "\nXem thêm Nghị định số 178/2004/NĐ-CP và Quyết định số 361/QĐ-TTg.\n",
                );
                self.write(&item, &text);
                format!("status {status} of {summary}, mentions in {item}")
            }
        }
    }

    fn config_edit(&mut self) -> String {
        let config = self.read("site-config.yaml");
        let edited = match self.dice.below(3) {
            0 => {
                let by = 2 + self.dice.below(9);
                let lines: Vec<String> = config
                    .lines()
                    .map(|line| {
                        if line.starts_with("paginate_by:") {
                            format!("paginate_by: {by}")
                        } else {
                            line.to_owned()
                        }
                    })
                    .collect();
                lines.join("\n") + "\n"
            }
            1 => self.toggled_search(&config),
            _ => config.replacen(
                "description: \"",
                &format!("description: \"(sửa {}) ", self.step),
                1,
            ),
        };
        self.write("site-config.yaml", &edited);
        "site-config.yaml".to_owned()
    }

    fn toggled_search(&self, config: &str) -> String {
        if config.contains("  enabled: true") {
            config.replacen("  enabled: true", "  enabled: false", 1)
        } else {
            config.replacen("  enabled: false", "  enabled: true", 1)
        }
    }

    /// A save that leaves the site unbuildable: unfinished front matter.
    fn break_an_item(&mut self) -> String {
        let items = self.items();
        let item = self.dice.pick(&items).clone();
        let text = self.read(&item);
        self.write(&item, &text.replacen("title: ", "title: [chưa đóng ", 1));
        self.broken = Some((self.path(&item), text));
        format!("broken save of {item}")
    }

    fn mend(&mut self) -> String {
        let (path, text) = self.broken.take().expect("something broken");
        fs::write(&path, text).expect("mend");
        format!("fix of {}", path.display())
    }
}

/// Checks after each edit: serve's folder must come to equal a cold
/// build, or stay as it was when the cold build fails.
struct Referee {
    serve: Serve,
    root: PathBuf,
    served: PathBuf,
    cold: tempfile::TempDir,
    last_good: Files,
}

impl Referee {
    fn cold_build(&self) -> Option<Files> {
        let out = self.cold.path().join("public");
        let _ = fs::remove_dir_all(&out);
        let built = Command::new(env!("CARGO_BIN_EXE_loa"))
            .env("LOA_LANG", "en")
            .args(["build", "--now", NOW, "--drafts", "--future", "--base-url"])
            .arg(&self.serve.url)
            .arg("--output")
            .arg(&out)
            .current_dir(&self.root)
            .output()
            .expect("run loa build");
        built.status.success().then(|| files_of(&out))
    }

    fn check(&mut self, edit: &str) {
        match self.cold_build() {
            Some(cold) => {
                let deadline = Instant::now() + Duration::from_secs(15);
                loop {
                    let served = files_of(&self.served);
                    if served == cold {
                        break;
                    }
                    assert!(
                        Instant::now() < deadline,
                        "after {edit}, serve's folder is not a cold build's: {}\nserve said: {:?}",
                        differences(&served, &cold),
                        self.serve.drain()
                    );
                    std::thread::sleep(Duration::from_millis(40));
                }
                self.last_good = cold;
            }
            None => {
                self.serve
                    .wait_for_line("keeps showing the last good build");
                // Anything a failed rebuild wrote would be there by now.
                let served = files_of(&self.served);
                assert!(
                    served == self.last_good,
                    "after {edit}, which the build refuses, serve's folder changed: {}",
                    differences(&served, &self.last_good)
                );
            }
        }
        let _ = self.serve.drain();
    }
}

fn start() -> (tempfile::TempDir, Workspace, Referee) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("site");
    for folder in ["content", "data", "themes"] {
        copy_tree(&repository().join(folder), &root.join(folder));
    }
    fs::copy(
        repository().join("site-config.yaml"),
        root.join("site-config.yaml"),
    )
    .expect("config");
    fs::create_dir_all(root.join("static/tai-lieu")).expect("static");
    fs::write(root.join("static/tai-lieu/ghi-chu-0.txt"), "Ghi chú\n").expect("static file");
    fs::create_dir_all(root.join("templates/partials")).expect("templates");
    let served = dir.path().join("xem-truoc");
    let serve = serve(&root, &served);
    let mut referee = Referee {
        serve,
        root: root.clone(),
        served,
        cold: tempfile::tempdir().expect("temporary folder"),
        last_good: Files::new(),
    };
    referee.check("the first build");
    let seed = std::env::var("LOA_EDIT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x10a_5e4e);
    let workspace = Workspace {
        root,
        dice: Dice(seed),
        step: 0,
        broken: None,
    };
    (dir, workspace, referee)
}

#[test]
fn every_kind_of_edit_leaves_what_a_cold_build_writes() {
    let (_dir, mut site, mut referee) = start();
    let edits = std::env::var("LOA_EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(110);
    for _ in 0..edits {
        let edit = site.random_edit();
        referee.check(&edit);
        // Now and then a save that breaks the site, then its fix.
        if site.dice.below(12) == 0 {
            let broken = site.break_an_item();
            referee.check(&broken);
            let fix = site.mend();
            referee.check(&fix);
        }
    }
}

/// Replaces a top-level folder as a branch switch or a sync tool does:
/// removed and written again, or a copy moved into its place.
fn replace_folder(root: &Path, folder: &str, by_copy: bool) {
    let path = root.join(folder);
    let copy = root.join(format!("{folder}.sao-chep"));
    copy_tree(&path, &copy);
    fs::remove_dir_all(&path).expect("remove folder");
    if by_copy {
        fs::rename(&copy, &path).expect("move copy in");
    } else {
        std::thread::sleep(Duration::from_millis(200));
        copy_tree(&copy, &path);
        fs::remove_dir_all(&copy).expect("remove copy");
    }
}

#[test]
fn folders_replaced_whole_are_still_followed() {
    let (_dir, mut site, mut referee) = start();
    site.write("templates/robots.txt", "User-agent: *\n");
    referee.check("a template");
    for (folder, by_copy) in [
        ("templates", false),
        ("data", true),
        ("static", false),
        ("content", true),
        ("templates", true),
    ] {
        replace_folder(&site.root, folder, by_copy);
        referee.check(&format!("{folder} replaced"));
        // Edits inside the new folder must be seen.
        match folder {
            "templates" => site.write(
                "templates/robots.txt",
                &format!("User-agent: *\n# {folder} {by_copy}\n"),
            ),
            "data" => {
                let text = site.read("data/hotlines.yaml");
                site.write("data/hotlines.yaml", &text.replacen("111", "1111", 1));
            }
            "static" => site.write("static/tai-lieu/ghi-chu-0.txt", "sửa sau khi thay\n"),
            _ => {
                site.random_edit();
            }
        }
        referee.check(&format!("an edit inside {folder} after it was replaced"));
    }
}

#[test]
fn search_turned_off_and_on_again() {
    let (_dir, site, mut referee) = start();
    for _ in 0..2 {
        let config = site.read("site-config.yaml");
        site.write("site-config.yaml", &site.toggled_search(&config));
        referee.check("search toggled");
    }
}

#[test]
fn a_template_failing_on_some_pages_changes_nothing() {
    let (_dir, mut site, mut referee) = start();
    let news = site.read("themes/default/templates/news.html");
    let failing = news.replacen(
        "{% block facts %}",
        "{% block facts %}{% if page.title is containing(\"Bắc Kạn\") %}{{ khong_co | upper }}{% endif %}",
        1,
    );
    assert_ne!(failing, news, "the news template has a facts block");
    site.write("templates/news.html", &failing);
    referee.check("a template that fails on some news pages");
    // In the same burst as a delete and a body edit.
    site.write("templates/news.html", &format!("{failing}\n"));
    let unlinked = site.unlinked_items();
    fs::remove_file(site.path(&unlinked[0])).ok();
    let items = site.items();
    let mut text = site.read(&items[0]);
    text.push_str("\nThêm một đoạn.\n");
    site.write(&items[0], &text);
    referee.check("a failing template, a delete and a body edit together");
    fs::remove_file(site.path("templates/news.html")).expect("remove template");
    referee.check("the failing template removed");
    site.random_edit();
    referee.check("an edit after recovering");
}
