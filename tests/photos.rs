//! Photos: published at the site's widths as WebP and in their own format,
//! upright, never enlarged, marked up so the page does not shift, without
//! the metadata a phone puts in them, made once and kept in the cache, and
//! counted the same way by the build, the statistics page and the report.
//!
//! The metadata checks read every image of the built site with exiftool;
//! without it they print that they skipped, unless
//! LOA_REQUIRE_VALIDATORS=1 says they must run.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Site;
use image::{DynamicImage, ImageFormat, RgbImage, RgbaImage};

/// A photo-like picture: smooth colour with fine detail, so that encoders
/// have something real to do.
fn photo(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        let grain = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
        image::Rgb([
            (x * 255 / width) as u8 ^ grain,
            (y * 255 / height) as u8,
            ((x + y) % 256) as u8,
        ])
    }))
}

fn encoded(picture: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, format)
        .expect("encode fixture");
    bytes.into_inner()
}

/// A JPEG whose pixels are stored on their side, with the EXIF note a
/// phone writes to turn them a quarter clockwise (orientation 6).
fn stored_on_its_side(picture: &DynamicImage) -> Vec<u8> {
    use image::ImageEncoder;
    // A little-endian TIFF header and one IFD with one entry: Orientation
    // (0x0112), a SHORT, 6.
    let exif: Vec<u8> = [
        &b"II*\0"[..],
        &8u32.to_le_bytes(),
        &1u16.to_le_bytes(),
        &0x0112u16.to_le_bytes(),
        &3u16.to_le_bytes(),
        &1u32.to_le_bytes(),
        &6u16.to_le_bytes(),
        &[0, 0],
        &0u32.to_le_bytes(),
    ]
    .concat();
    let mut bytes = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90);
    encoder.set_exif_metadata(exif).expect("EXIF in a JPEG");
    let rgb = picture.to_rgb8();
    encoder
        .write_image(
            &rgb,
            rgb.width(),
            rgb.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode fixture");
    bytes
}

/// Whether exiftool is here to run; says why a test skips when not, and
/// fails it when LOA_REQUIRE_VALIDATORS=1.
fn exiftool_runs() -> bool {
    let found = Command::new("exiftool")
        .arg("-ver")
        .output()
        .is_ok_and(|run| run.status.success());
    if !found {
        assert!(
            !common::validators_required(),
            "LOA_REQUIRE_VALIDATORS=1 but exiftool is missing"
        );
        eprintln!("skipped: exiftool is not installed (Debian: libimage-exiftool-perl)");
    }
    found
}

/// Writes what a phone writes into a photo: where, with what, by whom.
fn tag_like_a_phone(file: &Path) {
    let mut command = Command::new("exiftool");
    command.args([
        "-q",
        "-overwrite_original",
        "-GPSLatitude=20.8449",
        "-GPSLatitudeRef=N",
        "-GPSLongitude=106.6881",
        "-GPSLongitudeRef=E",
        "-Make=PhoneMaker",
        "-Model=Phone 15",
        "-SerialNumber=SN-0042-7781",
        "-Artist=Nguyen Van A",
        "-XMP-dc:Creator=Nguyen Van A",
    ]);
    let run = command.arg(file).output().expect("run exiftool");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Every tag exiftool finds in `file`, as `group:name`.
fn tags_of(file: &Path) -> Vec<String> {
    let run = Command::new("exiftool")
        .args(["-j", "-G1", "-a", "-u"])
        .arg(file)
        .output()
        .expect("run exiftool");
    let found: serde_json::Value = serde_json::from_slice(&run.stdout).expect("exiftool's JSON");
    found[0]
        .as_object()
        .map(|tags| tags.keys().cloned().collect())
        .unwrap_or_default()
}

const BUNDLE: &str = "content/tin-tuc/tap-huan-cat-hai";

/// A news item in a bundle with a landscape photo (also its front matter
/// image), a portrait photo stored on its side, and a PNG with
/// transparency in `static/`.
fn site_with_photos(config_extra: &str, tagged: bool) -> Site {
    let site = Site::with_config(&format!(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\n{config_extra}"
    ));
    site.section("tin-tuc", "Tin tức", "news");
    site.write(
        &format!("{BUNDLE}/index.md"),
        "---\ntitle: \"Tập huấn tại Cát Hải\"\ndate: 2026-11-02\nlocalities: [\"Cát Hải\"]\n\
         image: {src: anh-1.jpg, alt: \"Lớp tập huấn\"}\n---\n\
         Buổi tập huấn.\n\n![Lớp tập huấn](anh-1.jpg)\n\n![Cán bộ trao tài liệu](anh-doc.jpg \"Trao tài liệu\")\n\n\
         ![Biểu trưng](/anh/bieu-trung.png)\n",
    );
    let landscape = site.root().join(BUNDLE).join("anh-1.jpg");
    site.write_bytes(
        &format!("{BUNDLE}/anh-1.jpg"),
        &encoded(&photo(1800, 1200), ImageFormat::Jpeg),
    );
    // Stored 1400 × 1050, seen 1050 × 1400 once turned.
    let portrait = site.root().join(BUNDLE).join("anh-doc.jpg");
    site.write_bytes(
        &format!("{BUNDLE}/anh-doc.jpg"),
        &stored_on_its_side(&photo(1400, 1050)),
    );
    let logo = DynamicImage::ImageRgba8(RgbaImage::from_fn(300, 200, |x, y| {
        image::Rgba([
            200,
            (x % 256) as u8,
            (y % 256) as u8,
            if x < 150 { 255 } else { 0 },
        ])
    }));
    site.write_bytes(
        "static/anh/bieu-trung.png",
        &encoded(&logo, ImageFormat::Png),
    );
    if tagged {
        tag_like_a_phone(&landscape);
        tag_like_a_phone(&portrait);
    }
    site
}

fn size_of(file: &Path) -> (u32, u32) {
    image::image_dimensions(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn images_in(folder: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.into_path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("jpg" | "jpeg" | "png" | "webp")
            )
        })
        .collect()
}

#[test]
fn photos_are_published_at_each_width_and_never_enlarged() {
    let site = site_with_photos("", false);
    site.build(&[]).ok();
    let item = "tin-tuc/tap-huan-tai-cat-hai";
    for (width, height) in [(480, 320), (960, 640), (1600, 1067)] {
        for format in ["jpg", "webp"] {
            let file = site.public(&format!("{item}/anh-1-{width}w.{format}"));
            assert_eq!(size_of(&file), (width, height), "{}", file.display());
        }
    }
    assert!(!site.exists(&format!("{item}/anh-1-1800w.jpg")));
    // The front matter's image is also cut to the proportions of a shared
    // page's picture.
    assert_eq!(
        size_of(&site.public(&format!("{item}/anh-1-1200x630.jpg"))),
        (1200, 630)
    );
    assert_eq!(
        size_of(&site.public(&format!("{item}/anh-1.jpg"))),
        (1800, 1200)
    );
    // The portrait photo is no wider than 1050 once upright: 1050 is its
    // widest, and 1600 is never made.
    assert_eq!(
        size_of(&site.public(&format!("{item}/anh-doc-480w.webp"))),
        (480, 640)
    );
    assert_eq!(
        size_of(&site.public(&format!("{item}/anh-doc-1050w.jpg"))),
        (1050, 1400)
    );
    assert!(!site.exists(&format!("{item}/anh-doc-1600w.jpg")));
    // A small PNG keeps its format and its transparency, at its own width.
    let logo = image::open(site.public("anh/bieu-trung-300w.png")).expect("logo");
    assert!(logo.color().has_alpha());
    assert!(site.exists("anh/bieu-trung-300w.webp"));
    assert!(!site.exists("anh/bieu-trung-480w.png"));
}

#[test]
fn pages_offer_every_width_with_the_size_given_and_lazy_loading_after_the_first() {
    let site = site_with_photos("minify: false\n", false);
    site.build(&[]).ok();
    let page = site.read("tin-tuc/tap-huan-tai-cat-hai/index.html");
    let webp = r#"<source type="image/webp" srcset="/tin-tuc/tap-huan-tai-cat-hai/anh-1-480w.webp 480w, /tin-tuc/tap-huan-tai-cat-hai/anh-1-960w.webp 960w, /tin-tuc/tap-huan-tai-cat-hai/anh-1-1600w.webp 1600w" sizes="#;
    assert!(page.contains(webp), "{page}");
    let first = page.find("anh-1-1600w.jpg").expect("first photo");
    let first_img = &page[page[..first].rfind("<img").unwrap()..];
    let first_img = &first_img[..first_img.find('>').unwrap()];
    assert!(
        first_img.contains(r#"width="1600" height="1067""#),
        "{first_img}"
    );
    assert!(first_img.contains(r#"alt="Lớp tập huấn""#), "{first_img}");
    assert!(
        !first_img.contains("loading="),
        "the first photo loads at once: {first_img}"
    );
    let second = &page[page
        .find("anh-doc-1050w.jpg\" srcset")
        .expect("second photo")..];
    let second = &second[..second.find('>').unwrap()];
    assert!(second.contains(r#"width="1050" height="1400""#), "{second}");
    assert!(second.contains(r#"loading="lazy""#), "{second}");
    assert!(second.contains(r#"decoding="async""#), "{second}");
    assert!(second.contains(r#"title="Trao tài liệu""#), "{second}");
    let shared = r#"<meta property="og:image" content="https://example.gov.vn/tin-tuc/tap-huan-tai-cat-hai/anh-1-1200x630.jpg">"#;
    assert!(page.contains(shared), "{page}");
    assert!(page.contains(r#"<meta property="og:image:width" content="1200">"#));
    // Lists show the item with a small copy of its photo.
    let list = site.read("tin-tuc/index.html");
    assert!(list.contains(r#"<picture class="card-photo">"#), "{list}");
    assert!(list.contains("anh-1-480w.webp 480w"), "{list}");
}

#[test]
fn no_published_image_carries_metadata() {
    if !exiftool_runs() {
        return;
    }
    let site = site_with_photos("", true);
    let tagged = tags_of(&site.root().join(BUNDLE).join("anh-1.jpg"));
    assert!(
        tagged.iter().any(|tag| tag.contains("GPSLatitude")),
        "{tagged:?}"
    );
    site.build(&[]).ok();
    let published = images_in(&site.root().join("public"));
    assert!(published.len() >= 15, "{published:?}");
    let private = [
        "GPS",
        "Make",
        "Model",
        "Serial",
        "Artist",
        "Creator",
        "Orientation",
        "Thumbnail",
    ];
    for file in &published {
        let tags = tags_of(file);
        let leaked: Vec<&String> = tags
            .iter()
            .filter(|tag| private.iter().any(|word| tag.contains(word)))
            .collect();
        assert!(leaked.is_empty(), "{}: {leaked:?}", file.display());
    }
    // Turned upright rather than relying on the tag that was removed.
    let original = site.public("tin-tuc/tap-huan-tai-cat-hai/anh-doc.jpg");
    assert_eq!(size_of(&original), (1050, 1400));
}

#[test]
fn metadata_is_kept_when_the_site_asks() {
    if !exiftool_runs() {
        return;
    }
    let site = site_with_photos("images:\n  keep_metadata: true\n", true);
    site.build(&[]).ok();
    let tags = tags_of(&site.public("tin-tuc/tap-huan-tai-cat-hai/anh-1.jpg"));
    assert!(
        tags.iter().any(|tag| tag.contains("GPSLatitude")),
        "{tags:?}"
    );
}

#[test]
fn a_build_with_nothing_changed_makes_no_photo_again() {
    let site = site_with_photos("", false);
    site.build(&[]).ok();
    let cache = site.root().join(".loa-cache/images");
    let made = |folder: &Path| -> Vec<(PathBuf, std::time::SystemTime)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(folder)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                (
                    entry.path().to_owned(),
                    entry.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let first = made(&cache);
    // Three widths in two formats and the shared picture, the portrait's
    // three in two and its original turned upright, and the logo's one in
    // two.
    assert_eq!(first.len(), 6 + 1 + 6 + 1 + 2, "{first:?}");
    let before =
        std::fs::read(site.public("tin-tuc/tap-huan-tai-cat-hai/anh-1-960w.webp")).unwrap();
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    site.build(&[]).ok();
    assert_eq!(made(&cache), first, "nothing was made again");
    let after = std::fs::read(site.public("tin-tuc/tap-huan-tai-cat-hai/anh-1-960w.webp")).unwrap();
    assert_eq!(before, after);
    // Another quality makes every file again, and the cache keeps only
    // those.
    site.write(
        "site-config.yaml",
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nimages:\n  quality: 60\n",
    );
    site.build(&[]).ok();
    let again = made(&cache);
    assert_eq!(
        again.len(),
        first.len(),
        "what the old quality made is gone"
    );
    assert!(
        again
            .iter()
            .all(|(path, _)| first.iter().all(|(old, _)| old != path))
    );
}

#[test]
fn check_makes_no_photo() {
    let site = site_with_photos("", false);
    site.run(&["check", "--now", "2026-11-25"]).ok();
    assert!(!site.root().join(".loa-cache").exists());
}

#[test]
fn the_build_the_statistics_page_and_the_report_count_the_same_photos() {
    let site = site_with_photos(
        "programme:\n  name: \"Chương trình\"\n  start: 2026-11\n  end: 2026-12\n",
        false,
    );
    site.write(
        "content/tin-tuc/trang-tri.md",
        "---\ntitle: \"Ảnh trang trí\"\ndate: 2026-11-03\nlocalities: [\"Cát Hải\"]\n\
         image: {src: /anh/bieu-trung.png, alt: \"\"}\n---\nChỉ có ảnh trang trí.\n",
    );
    let run = site.build(&[]).ok();
    // The landscape photo counts once though shown twice; the decorative
    // front matter image not at all.
    assert!(run.stdout().contains("3 images"), "{}", run.stdout());
    let report = site
        .run(&[
            "report",
            "--now",
            "2026-11-25",
            "--period",
            "2026",
            "--format",
            "json",
        ])
        .ok();
    let report: serde_json::Value = serde_json::from_str(&report.stdout()).unwrap();
    assert_eq!(report["totals"]["photos"], 3);
    let statistics = site.read("thong-ke/index.html");
    // Items, then photos, in the yearly totals (written minified).
    assert!(statistics.contains("<td>2<td>3</table>"), "{statistics}");
}

#[test]
fn a_missing_photo_is_an_error_at_its_line() {
    let site = Site::new();
    site.section("tin-tuc", "Tin tức", "news");
    site.write(
        "content/tin-tuc/a.md",
        "---\ntitle: \"A\"\ndate: 2026-11-02\nlocalities: [\"Cát Hải\"]\n---\nMở đầu.\n\n![Ảnh](khong-co.jpg)\n",
    );
    site.write(
        "content/tin-tuc/b.md",
        "---\ntitle: \"B\"\ndate: 2026-11-03\nlocalities: [\"Cát Hải\"]\nimage: {src: /anh/mat.jpg, alt: \"Ảnh\"}\n---\nB.\n",
    );
    // In raw HTML pasted from an old portal, on the block's second line.
    site.write(
        "content/tin-tuc/c.md",
        "---\ntitle: \"C\"\ndate: 2026-11-04\nlocalities: [\"Cát Hải\"]\n---\nC.\n\n<div>\n<img src=\"/anh/cu.jpg\" alt=\"Ảnh cũ\">\n</div>\n",
    );
    let run = site.build(&[]).failed();
    let stderr = run.stderr();
    assert!(stderr.contains("content/tin-tuc/c.md:9"), "{stderr}");
    assert!(
        stderr.contains("the image /anh/cu.jpg is not a file of the site"),
        "{stderr}"
    );
    assert!(stderr.contains("content/tin-tuc/a.md:8"), "{stderr}");
    assert!(
        stderr.contains("the image khong-co.jpg is not a file of the site"),
        "{stderr}"
    );
    assert!(stderr.contains("content/tin-tuc/b.md:5"), "{stderr}");
    assert!(
        stderr.contains("the image /anh/mat.jpg is not a file of the site"),
        "{stderr}"
    );
}

#[test]
fn images_without_a_description_are_one_warning_per_file() {
    let site = Site::new();
    let png = encoded(&photo(40, 30), ImageFormat::Png);
    site.write_bytes("static/a.png", &png);
    site.write(
        "content/trang.md",
        "---\ntitle: \"Trang\"\n---\nMở đầu.\n\n![](/a.png)\n\n![](/a.png)\n\n![ ](/a.png)\n",
    );
    let run = site.build(&[]).ok();
    let stderr = run.stderr();
    assert_eq!(stderr.matches("no description").count(), 1, "{stderr}");
    assert!(stderr.contains("3 images have no description"), "{stderr}");
    assert!(stderr.contains("content/trang.md:6"), "{stderr}");
    // The front matter's image and gallery are counted in the same warning,
    // at the first of them.
    site.write(
        "content/trang.md",
        "---\ntitle: \"Trang\"\nimage: {src: /a.png}\ngallery:\n  - src: /a.png\n---\nMở đầu.\n\n![](/a.png)\n",
    );
    let stderr = site.build(&[]).ok().stderr();
    assert_eq!(stderr.matches("no description").count(), 1, "{stderr}");
    assert!(stderr.contains("3 images have no description"), "{stderr}");
    assert!(stderr.contains("content/trang.md:3"), "{stderr}");
}

#[test]
fn an_unreadable_photo_is_published_as_it_is_with_a_warning() {
    let site = Site::new();
    site.write("static/hong.jpg", "not a picture at all");
    site.write(
        "content/trang.md",
        "---\ntitle: \"Trang\"\n---\n![Ảnh hỏng](/hong.jpg)\n",
    );
    let run = site.build(&[]).ok();
    assert!(run.stderr().contains("static/hong.jpg"), "{}", run.stderr());
    assert!(run.stderr().contains("cannot be read"), "{}", run.stderr());
    assert_eq!(
        std::fs::read_to_string(site.public("hong.jpg")).unwrap(),
        "not a picture at all"
    );
    assert!(
        site.read("trang/index.html")
            .contains(r#"<img src="/hong.jpg" alt="Ảnh hỏng""#)
    );
}

#[test]
fn a_gallery_shows_its_photos_with_captions_and_counts_them() {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nminify: false\n",
    );
    site.section("tin-tuc", "Tin tức", "news");
    let bundle = "content/tin-tuc/ngay-hoi";
    site.write(
        &format!("{bundle}/index.md"),
        "---\ntitle: \"Ngày hội\"\ndate: 2026-11-04\nlocalities: [\"Cát Bà\"]\ngallery:\n\
         \x20 - {src: anh-chinh.jpg, alt: \"Sân khấu ngày hội\", caption: \"Khai mạc\"}\n\
         \x20 - {src: hoat-dong/, alt: \"Hoạt động tại các gian\"}\n---\nNgày hội ở Cát Bà.\n",
    );
    for (name, width) in [
        ("anh-chinh.jpg", 1200),
        ("hoat-dong/b.jpg", 640),
        ("hoat-dong/a.jpg", 800),
    ] {
        site.write_bytes(
            &format!("{bundle}/{name}"),
            &encoded(&photo(width, width * 2 / 3), ImageFormat::Jpeg),
        );
    }
    let run = site.build(&["--lang", "en"]).ok();
    assert!(run.stdout().contains("3 images"), "{}", run.stdout());
    let page = site.read("tin-tuc/ngay-hoi/index.html");
    let gallery = &page[page
        .find(r#"<section class="gallery""#)
        .unwrap_or_else(|| panic!("{page}"))..];
    assert_eq!(gallery.matches("<figure>").count(), 3, "{gallery}");
    assert!(
        gallery.contains("<figcaption>Khai mạc</figcaption>"),
        "{gallery}"
    );
    // The folder's photos come in the order of their names.
    let (a, b) = (
        gallery.find("hoat-dong/a-480w").unwrap(),
        gallery.find("hoat-dong/b-480w").unwrap(),
    );
    assert!(a < b);
    assert!(gallery.contains(r#"loading="lazy""#));
    assert!(site.exists("tin-tuc/ngay-hoi/anh-chinh-960w.webp"));
}

#[test]
fn a_gallery_photo_that_is_not_there_is_an_error_and_one_without_alt_a_warning() {
    let site = Site::new();
    site.section("tin-tuc", "Tin tức", "news");
    site.write(
        "content/tin-tuc/a.md",
        "---\ntitle: \"A\"\ndate: 2026-11-02\nlocalities: [\"Cát Hải\"]\ngallery:\n  - src: /anh/khong-co.jpg\n  - src: /anh/cung-khong.jpg\n---\nA.\n",
    );
    let stderr = site.build(&[]).failed().stderr();
    assert!(stderr.contains("content/tin-tuc/a.md:5"), "{stderr}");
    assert!(
        stderr.contains("the image /anh/khong-co.jpg is not a file of the site"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 images have no description for readers who cannot see them (first: /anh/khong-co.jpg)"),
        "{stderr}"
    );
}

#[test]
fn a_photo_in_raw_html_is_a_picture_too_and_counts_once() {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nminify: false\n",
    );
    site.section("tin-tuc", "Tin tức", "news");
    site.write_bytes(
        "static/anh/a.jpg",
        &encoded(&photo(1000, 700), ImageFormat::Jpeg),
    );
    site.write(
        "content/tin-tuc/dan-tu-cong-thong-tin.md",
        concat!(
            "---\ntitle: \"Dán từ cổng thông tin\"\ndate: 2026-11-05\nlocalities: [\"Cát Hải\"]\n---\n",
            "Mở đầu.\n\n<p><img src=\"/anh/a.jpg\" alt=\"Lớp học\"></p>\n\n",
            "Cuối bài <img src=\"/anh/a.jpg\" alt=\"Lặp lại\">.\n\n",
            "<div><img src=\"/anh/a.jpg\"\n  alt=\"Trên hai dòng\"></div>\n\n",
            "<div><img src=\"/anh/a.jpg\" alt=\"Cỡ riêng\"\n  width=\"300\"></div>\n",
        ),
    );
    let run = site.build(&[]).ok();
    assert!(run.stdout().contains("1 image"), "{}", run.stdout());
    let page = site.read("tin-tuc/dan-tu-cong-thong-tin/index.html");
    // The first, the second, and the one whose tag runs over two lines; the
    // one with a width of the writer's own stays as written.
    assert_eq!(page.matches("/anh/a-480w.webp 480w").count(), 3, "{page}");
    assert!(page.contains(r#"alt="Trên hai dòng""#), "{page}");
    assert!(
        !page.contains("alt=\"Trên hai dòng\"&gt;"),
        "no tag left as text: {page}"
    );
    let own = &page[page.find(r#"alt="Cỡ riêng""#).expect("kept")..];
    assert!(
        own.find(r#"width="300""#).is_some_and(|at| at < 40),
        "{own}"
    );
    assert!(page.contains(r#"alt="Lặp lại" loading="lazy""#), "{page}");
    assert!(site.exists("anh/a-960w.jpg"));
}

#[test]
fn a_themes_own_photo_is_published_without_metadata_too() {
    if !exiftool_runs() {
        return;
    }
    let site = Site::new();
    let banner = site.root().join("themes/default/static/banner.jpg");
    site.write_bytes(
        "themes/default/static/banner.jpg",
        &encoded(&photo(400, 100), ImageFormat::Jpeg),
    );
    tag_like_a_phone(&banner);
    site.build(&[]).ok();
    let tags = tags_of(&site.public("banner.jpg"));
    assert!(
        !tags
            .iter()
            .any(|tag| tag.contains("GPS") || tag.contains("Serial")),
        "{tags:?}"
    );
    assert_eq!(size_of(&site.public("banner.jpg")), (400, 100));
}

#[test]
fn a_heic_photo_is_not_published_and_the_writer_is_told_why() {
    let site = Site::new();
    site.write(
        "static/anh/iphone.heic",
        "ftypheic and the rest of a phone's photo",
    );
    site.write(
        "content/trang.md",
        "---\ntitle: \"Trang\"\n---\nKhông có ảnh.\n",
    );
    let stderr = site.build(&[]).ok().stderr();
    assert!(stderr.contains("static/anh/iphone.heic"), "{stderr}");
    assert!(stderr.contains("HEIC photo"), "{stderr}");
    assert!(stderr.contains("export it as JPEG"), "{stderr}");
    assert!(!site.exists("anh/iphone.heic"));
}

#[test]
fn two_photos_that_would_make_the_same_file_are_named() {
    let site = Site::new();
    site.write_bytes(
        "static/anh/a.jpg",
        &encoded(&photo(600, 400), ImageFormat::Jpeg),
    );
    site.write_bytes(
        "static/anh/a.png",
        &encoded(&photo(600, 400), ImageFormat::Png),
    );
    site.write(
        "content/trang.md",
        "---\ntitle: \"Trang\"\n---\n![Một](/anh/a.jpg)\n\n![Hai](/anh/a.png)\n",
    );
    let stderr = site.build(&[]).failed().stderr();
    assert!(stderr.contains("static/anh/a.png"), "{stderr}");
    assert!(stderr.contains("anh/a-480w.webp"), "{stderr}");
    assert!(stderr.contains("rename one of them"), "{stderr}");
}

#[test]
fn image_settings_out_of_range_are_errors_at_their_line() {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nimages:\n  widths: [480, 0]\n  quality: 0\n",
    );
    let stderr = site.build(&[]).failed().stderr();
    assert!(stderr.contains("site-config.yaml:3"), "{stderr}");
    assert!(
        stderr.contains("widths must be a list of widths from 1 to 8192"),
        "{stderr}"
    );
    assert!(
        stderr.contains("quality must be from 1 to 100 (it is 0)"),
        "{stderr}"
    );
}

#[test]
fn a_shared_picture_of_a_photo_with_spaces_in_its_name_is_a_valid_url() {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nminify: false\n",
    );
    site.section("tin-tuc", "Tin tức", "news");
    site.write_bytes(
        "static/anh/buổi 1.jpg",
        &encoded(&photo(1300, 700), ImageFormat::Jpeg),
    );
    site.write(
        "content/tin-tuc/a.md",
        "---\ntitle: \"A\"\ndate: 2026-11-02\nlocalities: [\"Cát Hải\"]\nimage: {src: \"/anh/buổi 1.jpg\", alt: \"Buổi một\"}\n---\nA.\n",
    );
    site.build(&[]).ok();
    let page = site.read("tin-tuc/a/index.html");
    assert!(
        page.contains("https://example.gov.vn/anh/bu%E1%BB%95i%201-1200x630.jpg"),
        "{page}"
    );
    assert!(site.exists("anh/buổi 1-1200x630.jpg"));
}
