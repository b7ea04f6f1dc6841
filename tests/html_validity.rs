//! Every page of the example site is valid HTML according to the Nu HTML
//! Checker (the W3C validator). The checker is a Java program: the test
//! finds it through LOA_VNU_JAR or in target/tools (where .ci/run installs
//! it from its npm package) and skips when it is absent, unless
//! LOA_REQUIRE_VALIDATORS=1 says it must run.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn checker() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("LOA_VNU_JAR").map(PathBuf::from),
        Some(common::repository().join("target/tools/node_modules/vnu-jar/build/dist/vnu.jar")),
    ];
    let jar = candidates
        .into_iter()
        .flatten()
        .find(|path| path.is_file())?;
    let java = Command::new("java").arg("-version").output().ok()?;
    java.status.success().then_some(jar)
}

#[test]
fn example_site_pages_are_valid_html() {
    let Some(jar) = checker() else {
        assert!(
            !common::validators_required(),
            "LOA_REQUIRE_VALIDATORS=1 but the Nu HTML Checker (java and vnu.jar) was not found"
        );
        eprintln!(
            "skipped: the Nu HTML Checker (java and vnu.jar) is not installed; .ci/run installs it"
        );
        return;
    };
    let out = tempfile::tempdir().unwrap();
    // Two builds: at the domain root, and under a sub-path with drafts and
    // scheduled items, so every template and badge is checked.
    let builds: [(&str, &[&str]); 2] = [
        ("root", &[]),
        (
            "sub",
            &[
                "--drafts",
                "--future",
                "--base-url",
                "https://example.gov.vn/phong-chong/",
            ],
        ),
    ];
    for (name, extra) in builds {
        common::build_example(&out.path().join(name), extra);
    }
    let check = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(out.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stderr);
    assert!(
        check.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}
