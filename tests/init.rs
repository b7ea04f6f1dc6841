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
    // One dated example of each dated kind, named with today's date.
    for section in ["bai-viet", "tin-tuc", "van-ban"] {
        let items: Vec<&String> = files
            .iter()
            .filter(|f| f.starts_with(&format!("content/{section}/20")))
            .collect();
        assert_eq!(items.len(), 1, "{section}: {files:?}");
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
        said.contains("no errors, 0 warnings") && said.contains("met with 3 items"),
        "a new site has nothing to fix and its month is met: {said}"
    );
    folder.run(&["build", "--root", site_dir]).ok();
    let public = root.join("public");
    for built in [
        "index.html",
        "style.css",
        "bai-viet/index.html",
        "van-ban/phap-lenh-phong-chong-mai-dam-nam-2003/index.html",
        "trang/gioi-thieu/index.html",
        "dia-ban/xa-mau/index.html",
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
