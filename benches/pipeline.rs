//! Benchmarks of the build pipeline's hot parts and of a whole build of the
//! example site. Run with `cargo bench`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use divan::{Bencher, black_box};
use loa::load::LoadOptions;
use loa::load::config::ConfigOverrides;
use loa::render::markdown::{LinkTargets, Source, Writing, render};
use loa::render::raw_html::{Policy, Treatment};
use loa::text::dates::WrittenDate;
use rustc_hash::FxHashMap;

fn main() {
    divan::main();
}

fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const ARTICLE: &str =
    "content/bai-viet/2025-05-14-quyen-cua-nguoi-lao-dong-tai-co-so-kinh-doanh-dich-vu.md";

#[divan::bench]
fn slugify_vietnamese_title(bencher: Bencher) {
    let title = "Quận Lê Chân: Đội kiểm tra liên ngành 178 kiểm tra các cơ sở kinh doanh dịch vụ";
    bencher.bench(|| loa::text::slugify(black_box(title)));
}

#[divan::bench]
fn normalize_decomposed_input(bencher: Bencher) {
    use unicode_normalization::UnicodeNormalization;
    let text = std::fs::read_to_string(example_root().join(ARTICLE)).expect("example article");
    let decomposed: String = text.nfd().collect();
    bencher.bench(|| loa::text::normalize_input(black_box(decomposed.clone())));
}

/// Renders `body` as a page of the example site would, minified.
fn render_body(body: &str) -> loa::render::markdown::RenderedMarkdown {
    let unpublished = BTreeMap::new();
    let targets = LinkTargets {
        urls: FxHashMap::from_iter([(
            "van-ban/2025-04-09-nghi-dinh-178-2004-nd-cp.md",
            "/van-ban/nd-178/".to_owned(),
        )]),
        unpublished: &unpublished,
        base_path: "/",
        documents: FxHashMap::default(),
        document_files: FxHashMap::default(),
        link_every_mention: true,
        pictures: None,
    };
    let source = Source {
        file: Path::new(ARTICLE),
        page_path: "/bai-viet/a/",
        body,
        first_line: 1,
        own_document: None,
        undescribed: Vec::new(),
    };
    let writing = Writing {
        raw_html: Treatment::Sanitize,
        policy: Policy::new(&[]),
        minify: true,
        alert_titles: Writing::alert_titles("vi"),
    };
    render(&source, &targets, &writing, &mut Vec::new())
}

#[divan::bench]
fn render_article_markdown(bencher: Bencher) {
    let text = std::fs::read_to_string(example_root().join(ARTICLE)).expect("example article");
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .expect("front matter")
        .to_owned();
    bencher.bench(|| render_body(black_box(&body)));
}

#[divan::bench(sample_count = 20)]
fn build_example_site(bencher: Bencher) {
    let out = tempfile::tempdir().expect("temporary folder");
    let options = loa::BuildOptions {
        load: LoadOptions {
            root: example_root(),
            config: None,
            overrides: ConfigOverrides::default(),
        },
        output: Some(out.path().join("public")),
        include_drafts: false,
        include_future: false,
        now: WrittenDate::parse("2026-11-25").ok(),
        write: true,
        progress: None,
    };
    bencher.bench(|| loa::build(&options).expect("the example site builds"));
}

/// The options of `loa check` on the site at `root`, as of the example's
/// fixed "now": every check and every output, nothing written.
fn check_options(root: PathBuf) -> loa::BuildOptions {
    loa::BuildOptions {
        load: LoadOptions {
            root,
            config: None,
            overrides: ConfigOverrides::default(),
        },
        output: None,
        include_drafts: false,
        include_future: false,
        now: WrittenDate::parse("2026-11-25").ok(),
        write: false,
        progress: None,
    }
}

/// The search index of 2,000 generated items, from pages already rendered:
/// the work search adds to a build, before writing.
#[divan::bench(sample_count = 10)]
fn index_for_search(bencher: Bencher) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let root = folder.path().join("site");
    loa::corpus::generate(2000, 0, 1, &root, &example_root().join("themes/default"))
        .expect("generated site");
    let options = check_options(root);
    let prepared = loa::site::prepare(&options).expect("the generated site loads");
    let strings = BTreeMap::new();
    bencher.bench(|| {
        let bytes = std::sync::atomic::AtomicUsize::new(0);
        loa::search::write(
            &prepared.site,
            &prepared.bodies,
            &strings,
            |_, written| {
                bytes.fetch_add(written.len(), std::sync::atomic::Ordering::Relaxed);
                Ok::<(), ()>(())
            },
            || Ok(()),
        )
        .expect("counting cannot fail");
        bytes.into_inner()
    });
}

/// A body of `paragraphs` paragraphs with emphasis, a legal mention and a
/// web address each, as a long pasted report is.
fn long_body(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|i| {
            format!(
                "Đoạn {i}: theo *Quyết định số 1629/QĐ-TTg*, xem www.example.gov.vn/tin/{i} để biết thêm.\n\n"
            )
        })
        .collect()
}

/// Markdown of one very long page: the time must grow with its length,
/// not faster (16,000 paragraphs take about twice 8,000).
#[divan::bench(args = [8000, 16000], sample_count = 10)]
fn render_long_page(bencher: Bencher, paragraphs: usize) {
    let body = long_body(paragraphs);
    bencher.bench(|| render_body(black_box(&body)));
}

/// The same length of text pasted with raw HTML (inline tags with event
/// handlers and styles, a block per paragraph), which is sanitized.
#[divan::bench(args = [8000, 16000], sample_count = 10)]
fn render_long_pasted_html(bencher: Bencher, paragraphs: usize) {
    let body: String = (0..paragraphs)
        .map(|i| {
            format!(
                "Đoạn {i}: <b onclick=\"x()\">đậm</b> <span style=\"color:red\">màu</span>.\n\n<div class=\"k\">\n<p>Khối {i}</p>\n</div>\n\n"
            )
        })
        .collect();
    bencher.bench(|| render_body(black_box(&body)));
}

/// Every check and every output of a small site with one item carrying
/// `tags` tags (each a term page and a feed), nothing written.
#[divan::bench(args = [1000, 5000], sample_count = 10)]
fn check_item_with_many_tags(bencher: Bencher, tags: usize) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let root = folder.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("fixture");
    };
    write(
        "site-config.yaml",
        "title: \"Thẻ\"\nbase_url: \"https://example.gov.vn/\"\ntaxonomies:\n  tags:\n    title: \"Từ khóa\"\n    path: tu-khoa\n",
    );
    write("content/_index.md", "---\ntitle: \"Trang chủ\"\n---\n");
    write(
        "content/bai-viet/_index.md",
        "---\ntitle: \"Bài viết\"\nkind: article\n---\n",
    );
    let listed: Vec<String> = (0..tags).map(|i| format!("\"thẻ số {i}\"")).collect();
    write(
        "content/bai-viet/nhieu-the.md",
        &format!(
            "---\ntitle: \"Nhiều thẻ\"\ndate: 2026-11-01\ntags: [{}]\n---\nNội dung.\n",
            listed.join(", ")
        ),
    );
    let options = check_options(root.to_path_buf());
    bencher.bench(|| loa::build(&options).expect("the site checks"));
}
