//! `loa init`: a new site that checks and builds as it is, with the
//! built-in default theme, and the folders it refuses.

mod common;

use common::Site;

/// Every file under `root`, relative to it, with `/`.
fn files_of(root: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_new_site_checks_and_builds_with_the_built_in_theme() {
    let folder = Site::empty();
    let run = folder
        .run(&["init", "site", "--title", "Trang \"Thử\" của xã"])
        .ok();
    assert!(run.stdout().contains("loa serve"), "{}", run.stdout());
    let root = folder.root().join("site");
    let files = files_of(&root);
    for expected in [
        ".gitignore",
        "README.md",
        "site-config.yaml",
        "content/_index.md",
        "content/bai-viet/_index.md",
        "content/tin-tuc/_index.md",
        "content/van-ban/_index.md",
        "content/trang/_index.md",
        "content/trang/gioi-thieu.md",
        "data/localities.yaml",
        "data/hotlines.yaml",
    ] {
        assert!(
            files.contains(&expected.to_owned()),
            "{expected}: {files:?}"
        );
    }
    // A site about nothing in particular: an article and a news item that
    // show how items are written, dated today.
    for (section, count) in [("bai-viet", 1), ("tin-tuc", 1), ("van-ban", 0)] {
        let items: Vec<&String> = files
            .iter()
            .filter(|f| f.starts_with(&format!("content/{section}/20")))
            .collect();
        assert_eq!(items.len(), count, "{section}: {files:?}");
    }
    for file in &files {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        assert!(
            !text.contains("mại dâm"),
            "{file} is about a topic the site did not choose"
        );
    }
    for publishing in [
        ".github/workflows/pages.yml",
        ".gitlab-ci.yml",
        "static/admin/config.yml",
        "static/admin/index.html",
    ] {
        assert!(
            files.contains(&publishing.to_owned()),
            "{publishing}: {files:?}"
        );
    }
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("themes/") || f.contains("{{")),
        "the theme is referenced, not copied, and every blank is filled: {files:?}"
    );
    let config = std::fs::read_to_string(root.join("site-config.yaml")).unwrap();
    assert!(
        config.contains("title: \"Trang \\\"Thử\\\" của xã\""),
        "{config}"
    );
    assert!(config.contains("theme: default"), "{config}");

    let site_dir = root.to_str().unwrap();
    let check = folder.run(&["check", "--root", site_dir]).ok();
    let said = format!("{}{}", check.stdout(), check.stderr());
    assert!(
        said.contains("no errors, 0 warnings") && said.contains("met with 2 items"),
        "a new site has nothing to fix and its month is met: {said}"
    );
    folder.run(&["build", "--root", site_dir]).ok();
    let public = root.join("public");
    for built in [
        "index.html",
        "style.css",
        "bai-viet/index.html",
        "bai-viet/cach-viet-bai-dau-tien/index.html",
        "trang/gioi-thieu/index.html",
        "admin/config.yml",
        "dia-ban/tinh-mau/index.html",
    ] {
        assert!(public.join(built).is_file(), "{built} was not built");
    }
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains("<h1>Trang \"Thử\" của xã</h1>"), "{home}");
    assert!(home.contains("Đường dây nóng"), "the hotlines from data/");

    // A writer's next step works in it.
    folder
        .run(&["new", "news", "Hội nghị sơ kết", "--root", site_dir])
        .ok();
}

#[test]
fn init_refuses_a_folder_with_files_unless_forced() {
    let folder = Site::empty();
    folder.write("site-config.yaml", "title: \"Của tôi\"\n");
    folder.write("ghi-chu.txt", "giữ nguyên");
    let refused = folder.run(&["init", "."]).refused();
    assert!(
        refused.stderr().contains("is not empty") && refused.stderr().contains("--force"),
        "{}",
        refused.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(folder.root().join("site-config.yaml")).unwrap(),
        "title: \"Của tôi\"\n",
        "nothing was written"
    );
    assert!(!folder.root().join("content").exists());

    folder.run(&["init", ".", "--force"]).ok();
    let config = std::fs::read_to_string(folder.root().join("site-config.yaml")).unwrap();
    assert!(config.contains("theme: default"), "{config}");
    assert_eq!(
        std::fs::read_to_string(folder.root().join("ghi-chu.txt")).unwrap(),
        "giữ nguyên",
        "files of other names are left alone"
    );

    // A folder holding only version control's folder counts as empty.
    let with_git = Site::empty();
    std::fs::create_dir(with_git.root().join(".git")).unwrap();
    with_git.run(&["init", "."]).ok();
}

#[test]
fn init_into_a_file_fails_and_leaves_it() {
    let folder = Site::empty();
    folder.write("ghi-chu.txt", "giữ nguyên");
    let run = folder.run(&["init", "ghi-chu.txt"]);
    assert_eq!(run.code(), Some(3), "{}", run.stderr());
    assert!(run.stderr().contains("ghi-chu.txt"), "{}", run.stderr());
    assert_eq!(
        std::fs::read_to_string(folder.root().join("ghi-chu.txt")).unwrap(),
        "giữ nguyên"
    );
}

#[test]
fn the_example_is_the_prevention_programme_and_the_rest_follows_the_flags() {
    let folder = Site::empty();
    folder.run(&["init", "vi-du", "--example"]).ok();
    let root = folder.root().join("vi-du");
    let config = std::fs::read_to_string(root.join("site-config.yaml")).unwrap();
    assert!(
        config.contains("title: \"Phòng, chống mại dâm\""),
        "{config}"
    );
    assert!(
        config.contains("name: \"Tuyên truyền phòng, chống mại dâm\""),
        "{config}"
    );
    let site_dir = root.to_str().unwrap();
    let check = folder.run(&["check", "--root", site_dir]).ok();
    assert!(
        check.stdout().contains("met with 3 items"),
        "{}",
        check.stdout()
    );
    folder.run(&["build", "--root", site_dir]).ok();
    assert!(
        root.join("public/van-ban/phap-lenh-phong-chong-mai-dam-nam-2003/index.html")
            .is_file()
    );

    folder
        .run(&[
            "init",
            "ma-tuy",
            "--title",
            "Phòng, chống ma túy",
            "--description",
            "Thông tin về phòng, chống ma túy cho người dân xã A.",
            "--programme",
            "Tuyên truyền phòng, chống ma túy năm 2027",
        ])
        .ok();
    let root = folder.root().join("ma-tuy");
    let config = std::fs::read_to_string(root.join("site-config.yaml")).unwrap();
    for line in [
        "title: \"Phòng, chống ma túy\"",
        "description: \"Thông tin về phòng, chống ma túy cho người dân xã A.\"",
        "  name: \"Tuyên truyền phòng, chống ma túy năm 2027\"",
    ] {
        assert!(config.lines().any(|l| l == line), "{line}: {config}");
    }
    let home = std::fs::read_to_string(root.join("content/_index.md")).unwrap();
    assert!(
        home.contains("Chào mừng bạn đến với Phòng, chống ma túy."),
        "{home}"
    );
}

#[test]
fn init_speaks_the_sites_language_and_its_help_lists_only_what_applies() {
    let folder = Site::empty();
    let quiet_system = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(args)
            .current_dir(folder.root())
            .env_remove("LOA_LANG")
            .env("LANG", "C")
            .env("LC_ALL", "C")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let said = quiet_system(&["init", "a"]);
    assert!(
        said.contains("Tiếp theo:"),
        "a Vietnamese site, Vietnamese words: {said}"
    );
    assert!(!said.contains("Next"), "{said}");
    let said = quiet_system(&["init", "b", "--lang", "en"]);
    assert!(said.contains("Next:"), "{said}");
    let help = quiet_system(&["init", "--help"]);
    for option in [
        "--title",
        "--description",
        "--programme",
        "--example",
        "--force",
    ] {
        assert!(help.contains(option), "{option}: {help}");
    }
    for elsewhere in ["--root", "--config", "--drafts", "--now"] {
        assert!(
            !help.contains(elsewhere),
            "{elsewhere} does not apply to init: {help}"
        );
    }
    let build_help = quiet_system(&["build", "--help"]);
    assert!(build_help.contains("--root"), "{build_help}");
}

/// The shell commands of a CI file's build: the `run:` steps of a GitHub
/// workflow's `build` job, or the `script:` lines of a GitLab job.
fn commands_of(file: &std::path::Path) -> Vec<String> {
    let yaml: serde_json::Value =
        serde_norway::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    if let Some(steps) = yaml["jobs"]["build"]["steps"].as_array() {
        return steps
            .iter()
            .filter_map(|step| step["run"].as_str().map(str::to_owned))
            .collect();
    }
    yaml["pages"]["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_publishing_files_build_the_site_with_the_commands_they_run() {
    let folder = Site::empty();
    folder.run(&["init", "trang", "--example"]).ok();
    let root = folder.root().join("trang");
    let loa_folder = std::path::Path::new(env!("CARGO_BIN_EXE_loa"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        loa_folder.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (file, variable, address) in [
        (
            ".github/workflows/pages.yml",
            "PAGES_URL",
            "https://so-ldtbxh.github.io/trang",
        ),
        (
            ".gitlab-ci.yml",
            "CI_PAGES_URL",
            "https://so-ldtbxh.gitlab.io/trang",
        ),
    ] {
        let _ = std::fs::remove_dir_all(root.join("public"));
        let commands = commands_of(&root.join(file));
        assert!(
            commands
                .iter()
                .any(|c| c.contains("cargo install --locked loa --version ")),
            "{file} installs this version of loa: {commands:?}"
        );
        for command in &commands {
            // Exactly as the host runs it, with loa already installed.
            let run = std::process::Command::new("bash")
                .args(["-e", "-c", command])
                .current_dir(&root)
                .env("PATH", &path)
                .env(variable, address)
                .env("CI_PROJECT_DIR", &root)
                .env("CARGO_HOME", root.join(".cargo"))
                .env("LOA_LANG", "en")
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{file}: {command}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
        let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
        assert!(
            home.contains(&format!("href={address}/ rel=canonical")),
            "{file}: served at {address}/"
        );
        assert!(
            home.contains("href=/trang/bai-viet/"),
            "{file}: links under the host's folder"
        );
    }
    let version = env!("CARGO_PKG_VERSION");
    let workflow = std::fs::read_to_string(root.join(".github/workflows/pages.yml")).unwrap();
    assert!(
        workflow.contains(&format!("--version {version}")),
        "{workflow}"
    );
}
