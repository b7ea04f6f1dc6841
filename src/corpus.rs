//! A generator of large sites for benchmarks: N items of Vietnamese text
//! spread over articles, news and legal summaries, with headings, lists,
//! tables, emphasis, `@/` links, legal number mentions, taxonomies and dates
//! over several years. The same seed always gives the same site.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::error::Error;

const SENTENCES: &[&str] = &[
    "Công tác phòng, chống mại dâm cần tập trung thực hiện các giải pháp xã hội, ưu tiên các biện pháp phòng ngừa",
    "Cấp xã tổ chức ít nhất một hình thức tuyên truyền về phòng ngừa mại dâm cho người dân trên địa bàn",
    "Thông tin về phòng, chống mại dâm được đăng tải trên báo chí địa phương ít nhất một tháng một lần",
    "Người lao động tại cơ sở kinh doanh dịch vụ được tư vấn về quyền, nghĩa vụ và các dịch vụ hỗ trợ",
    "Đội kiểm tra liên ngành 178 kiểm tra theo kế hoạch và đột xuất các cơ sở kinh doanh dịch vụ dễ phát sinh tệ nạn",
    "Học sinh, sinh viên được trang bị kỹ năng sống để nhận diện và phòng tránh các nguy cơ",
    "Người bán dâm có nhu cầu được hỗ trợ tiếp cận dịch vụ y tế, học nghề và việc làm để hòa nhập cộng đồng",
    "Các hoạt động giảm tác hại gắn với dự phòng lây nhiễm HIV/AIDS và phòng, chống bạo lực trên cơ sở giới",
    "Cán bộ cơ sở được tập huấn nghiệp vụ, kỹ năng truyền thông bằng ngôn ngữ gần gũi, không kỳ thị",
    "Phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư góp phần ngăn ngừa tệ nạn xã hội",
    "Người lao động trong khu công nghiệp được cảnh báo về thủ đoạn lừa đảo, mua bán người qua mạng xã hội",
    "Đồng bào dân tộc thiểu số được tuyên truyền bằng tiếng dân tộc qua loa truyền thanh và sinh hoạt cộng đồng",
    "Số lượt tin, bài viết, ảnh được đăng tải được tổng hợp vào báo cáo định kỳ hằng quý, sáu tháng và năm",
    "Việc phối hợp liên ngành giữa lao động, công an, y tế, văn hóa và các đoàn thể được duy trì thường xuyên",
];

const HEADINGS: &[&str] = &[
    "Bối cảnh",
    "Nội dung chính",
    "Kết quả bước đầu",
    "Ai cần biết",
    "Những điều cần lưu ý",
    "Hỗ trợ ở đâu",
    "Kiến nghị",
];
const TAGS: &[&str] = &[
    "tập huấn",
    "truyền thông",
    "HIV/AIDS",
    "mua bán người",
    "cơ sở dịch vụ",
    "học sinh",
    "công nhân",
    "giảm tác hại",
    "hòa nhập",
    "pháp luật",
    "Đội kiểm tra 178",
    "bình đẳng giới",
];
/// Topics and audiences as keys with their labels, as a site declares them.
const TOPICS: &[(&str, &str)] = &[
    ("phong-ngua", "Phòng ngừa"),
    ("truyen-thong", "Truyền thông"),
    ("phap-luat", "Pháp luật"),
    ("giam-tac-hai", "Giảm tác hại"),
    ("ho-tro-hoa-nhap", "Hỗ trợ hòa nhập cộng đồng"),
    ("mua-ban-nguoi", "Phòng, chống mua bán người"),
    ("binh-dang-gioi", "Bình đẳng giới"),
    ("kiem-tra-xu-ly", "Kiểm tra, xử lý vi phạm"),
];
const AUDIENCES: &[(&str, &str)] = &[
    ("hoc-sinh-sinh-vien", "Học sinh, sinh viên"),
    ("thanh-nien", "Thanh niên"),
    (
        "nguoi-lao-dong-khu-cong-nghiep",
        "Người lao động khu công nghiệp",
    ),
    (
        "nguoi-lao-dong-co-so-dich-vu",
        "Người lao động tại cơ sở dịch vụ",
    ),
    ("dong-bao-dan-toc-thieu-so", "Đồng bào dân tộc thiểu số"),
    ("cong-dong", "Cộng đồng dân cư"),
    ("can-bo", "Cán bộ làm công tác phòng, chống mại dâm"),
];
/// A province's key and name, with its districts' keys and names.
type Province = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const PLACES: &[Province] = &[
    (
        "bac-kan",
        "Bắc Kạn",
        &[
            ("cho-don", "Chợ Đồn"),
            ("ba-be", "Ba Bể"),
            ("thanh-pho-bac-kan", "Thành phố Bắc Kạn"),
        ],
    ),
    (
        "dong-nai",
        "Đồng Nai",
        &[
            ("bien-hoa", "Biên Hòa"),
            ("long-khanh", "Long Khánh"),
            ("nhon-trach", "Nhơn Trạch"),
        ],
    ),
    (
        "hai-phong",
        "Hải Phòng",
        &[
            ("le-chan", "Lê Chân"),
            ("ngo-quyen", "Ngô Quyền"),
            ("do-son", "Đồ Sơn"),
        ],
    ),
];
const DOC_TYPES: &[(&str, &str, &str)] = &[
    ("Quyết định", "QĐ", "UBND"),
    ("Kế hoạch", "KH", "UBND"),
    ("Nghị quyết", "NQ", "HĐND"),
    ("Chỉ thị", "CT", "UBND"),
    ("Công văn", "CV", "SLĐTBXH"),
];

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn paragraph(rng: &mut fastrand::Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| format!("{}.", pick(rng, SENTENCES)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One generated item: where it is written and how others can name it.
struct Item {
    content_path: String,
    number: Option<String>,
}

/// Writes a site of `pages` items into `out`, which must not exist or be
/// empty, with the theme copied from `theme`.
pub fn generate(
    pages: usize,
    photos: usize,
    seed: u64,
    out: &Path,
    theme: &Path,
) -> Result<(), Error> {
    if out.exists()
        && fs::read_dir(out)
            .map_err(|e| Error::io(out, e))?
            .next()
            .is_some()
    {
        return Err(Error::Usage(format!("{} is not empty", out.display())));
    }
    if !theme.join("templates").is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a theme folder (no templates/)",
            theme.display()
        )));
    }
    let write = |relative: &str, text: &str| -> Result<(), Error> {
        let path = out.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io(&path, e))
    };
    copy_folder(theme, &out.join("themes/default"))?;
    write("site-config.yaml", &config())?;
    write("data/localities.yaml", &localities())?;
    write(
        "content/_index.md",
        "---\ntitle: \"Phòng, chống mại dâm\"\n---\nTrang thử nghiệm hiệu năng.\n",
    )?;
    for (folder, title, kind, weight) in [
        ("bai-viet", "Bài viết", "article", 1),
        ("tin-tuc", "Tin hoạt động", "news", 2),
        ("van-ban", "Văn bản", "legal", 3),
    ] {
        write(
            &format!("content/{folder}/_index.md"),
            &format!(
                "---\ntitle: \"{title}\"\nkind: {kind}\nweight: {weight}\npaginate_by: 10\n---\n"
            ),
        )?;
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut items: Vec<Item> = Vec::with_capacity(pages);
    let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    for index in 0..pages {
        let day = start + chrono::Duration::days((index * 1095 / pages.max(1)) as i64);
        let roll = rng.u8(..100);
        let (folder, kind) = if roll < 15 {
            ("van-ban", "legal")
        } else if roll < 55 {
            ("tin-tuc", "news")
        } else {
            ("bai-viet", "article")
        };
        let slug = format!("{day}-muc-{index:05}");
        let content_path = format!("{folder}/{slug}.md");
        let mut front = format!(
            "---\ntitle: \"{} số {index}\"\nslug: muc-{index:05}\ndate: {day}\ntags: [\"{}\", \"{}\"]\ntopics: [{}]\naudiences: [{}]\n",
            pick(&mut rng, HEADINGS),
            pick(&mut rng, TAGS),
            pick(&mut rng, TAGS),
            pick(&mut rng, TOPICS).0,
            pick(&mut rng, AUDIENCES).0
        );
        let mut number = None;
        match kind {
            "news" => {
                let (province, _, districts) = pick(&mut rng, PLACES);
                let (district, _) = pick(&mut rng, districts);
                let _ = writeln!(
                    front,
                    "localities: [{province}, {district}]\norganiser: \"Ủy ban nhân dân\""
                );
            }
            "legal" => {
                let (doc_type, code, issuer) = pick(&mut rng, DOC_TYPES);
                let written = format!("{}/{code}-{issuer}", 1000 + index);
                let _ = writeln!(
                    front,
                    "number: \"{written}\"\ndoc_type: \"{doc_type}\"\nstatus: con-hieu-luc"
                );
                number = Some(written);
            }
            _ => {}
        }
        front.push_str("---\n");
        let mut body = paragraph(&mut rng, 3);
        body.push_str("\n\n");
        for section in 0..5 {
            let _ = write!(
                body,
                "## {}\n\n{}\n\n{}\n\n",
                HEADINGS[section % HEADINGS.len()],
                paragraph(&mut rng, 4),
                paragraph(&mut rng, 3)
            );
            if section == 1 {
                for _ in 0..4 {
                    let _ = writeln!(
                        body,
                        "- **{}**: {}.",
                        pick(&mut rng, TAGS),
                        pick(&mut rng, SENTENCES)
                    );
                }
                body.push('\n');
            }
            if section == 2 && index % 3 == 0 {
                body.push_str("| Nội dung | Số lượng |\n|---|---|\n");
                for _ in 0..3 {
                    let _ = writeln!(body, "| {} | {} |", pick(&mut rng, TAGS), rng.u16(1..500));
                }
                body.push('\n');
            }
            if section == 3 && !items.is_empty() {
                let other = &items[rng.usize(..items.len())];
                let _ = write!(body, "Xem thêm [bài liên quan](@/{}). ", other.content_path);
                let documents: Vec<&String> = items
                    .iter()
                    .rev()
                    .take(50)
                    .filter_map(|item| item.number.as_ref())
                    .collect();
                if let Some(document) = documents.first() {
                    let _ = write!(
                        body,
                        "Thực hiện *Quyết định số {document}* của địa phương. "
                    );
                }
                body.push_str(&paragraph(&mut rng, 2));
                body.push_str("\n\n");
            }
        }
        write(
            &format!("content/{content_path}"),
            &format!("{front}{body}"),
        )?;
        items.push(Item {
            content_path,
            number,
        });
    }
    write_photo_news(out, photos, seed)
}

/// Photos to a news item, as a training or an inspection is reported.
const PHOTOS_PER_ITEM: usize = 6;

/// `photos` photos of 3000 × 2000 pixels, as a phone takes them, in news
/// items of [`PHOTOS_PER_ITEM`] photos each (page bundles, the first photo
/// also the item's `image`).
fn write_photo_news(out: &Path, photos: usize, seed: u64) -> Result<(), Error> {
    use rayon::prelude::*;
    let items = photos.div_ceil(PHOTOS_PER_ITEM);
    for item in 0..items {
        let folder = out.join(format!("content/tin-tuc/anh-hoat-dong-{item:03}"));
        fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        let count = PHOTOS_PER_ITEM.min(photos - item * PHOTOS_PER_ITEM);
        let mut text = format!(
            "---\ntitle: \"Hoạt động có ảnh số {item}\"\nslug: anh-hoat-dong-{item:03}\ndate: 2025-06-{:02}\nlocalities: [hai-phong]\nimage: {{src: anh-1.jpg, alt: \"Ảnh 1 của hoạt động {item}\"}}\n---\nCán bộ xã tổ chức truyền thông tại khu dân cư.\n\n",
            1 + item % 28
        );
        for photo in 1..=count {
            let _ = writeln!(
                text,
                "![Ảnh {photo} của hoạt động {item}](anh-{photo}.jpg)\n"
            );
        }
        let index = folder.join("index.md");
        fs::write(&index, text).map_err(|e| Error::io(&index, e))?;
    }
    (0..photos).into_par_iter().try_for_each(|number| {
        let item = number / PHOTOS_PER_ITEM;
        let path = out.join(format!(
            "content/tin-tuc/anh-hoat-dong-{item:03}/anh-{}.jpg",
            1 + number % PHOTOS_PER_ITEM
        ));
        let photo = phone_photo(seed ^ number as u64)?;
        fs::write(&path, photo).map_err(|e| Error::io(&path, e))
    })
}

/// A photo-like JPEG: broad shapes of colour under fine grain, so that it
/// costs what a real photo costs to decode, scale and encode.
fn phone_photo(seed: u64) -> Result<Vec<u8>, Error> {
    use image::ImageEncoder;
    let (width, height) = (3000u32, 2000u32);
    let mut rng = fastrand::Rng::with_seed(seed);
    let tint = [rng.u8(..), rng.u8(..), rng.u8(..)];
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let grain = rng.u8(..24);
            let wave = ((x / 40 + y / 60) % 8) as u8 * 12;
            pixels.push(
                tint[0]
                    .wrapping_add((x * 96 / width) as u8)
                    .wrapping_add(grain),
            );
            pixels.push(tint[1].wrapping_add(wave).wrapping_add(grain / 2));
            pixels.push(
                tint[2]
                    .wrapping_add((y * 96 / height) as u8)
                    .wrapping_add(grain),
            );
        }
    }
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgb8)
        // Encoding into memory fails only on a fault of the encoder's.
        .map_err(|error| Error::Fault(error.to_string()))?;
    Ok(bytes)
}

fn config() -> String {
    let mut config = String::from(
        "title: \"Phòng, chống mại dâm\"\nbase_url: \"https://example.gov.vn/\"\nlanguage: vi\nprogramme:\n  name: \"Tuyên truyền phòng, chống mại dâm\"\n  start: 2023-01\n  end: 2025-12\ntaxonomies:\n  tags:\n    title: \"Từ khóa\"\n    path: tu-khoa\n",
    );
    for (name, title, path, closed, vocabulary) in [
        ("topics", "Chủ đề", "chu-de", false, TOPICS),
        ("audiences", "Đối tượng", "doi-tuong", true, AUDIENCES),
    ] {
        let _ = writeln!(
            config,
            "  {name}:\n    title: \"{title}\"\n    path: {path}\n    closed: {closed}\n    terms:"
        );
        for (key, label) in vocabulary {
            let _ = writeln!(config, "      {key}: \"{label}\"");
        }
    }
    config.push_str("  localities:\n    title: \"Địa bàn\"\n    path: dia-ban\n    hierarchy: localities.yaml\n");
    config
}

fn localities() -> String {
    let mut yaml = String::new();
    for (key, name, districts) in PLACES {
        let _ = writeln!(yaml, "- key: {key}\n  name: {name}\n  children:");
        for (district, district_name) in *districts {
            let _ = writeln!(yaml, "    - key: {district}\n      name: {district_name}");
        }
    }
    yaml
}

fn copy_folder(from: &Path, to: &Path) -> Result<(), Error> {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(relative) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(site: &Path) -> Vec<Vec<u8>> {
        walkdir::WalkDir::new(site.join("content"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| fs::read(e.path()).unwrap())
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_site() {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let dir = tempfile::tempdir().unwrap();
        for (name, seed) in [("a", 7), ("b", 7), ("c", 8)] {
            generate(30, 0, seed, &dir.path().join(name), &theme).unwrap();
        }
        let a = contents(&dir.path().join("a"));
        assert_eq!(a.len(), 34, "30 items, three sections and the home page");
        assert_eq!(a, contents(&dir.path().join("b")), "same seed, same bytes");
        assert_ne!(
            a,
            contents(&dir.path().join("c")),
            "another seed, another site"
        );
        assert!(
            generate(3, 0, 1, &dir.path().join("a"), &theme).is_err(),
            "refuses a folder with files"
        );
    }

    #[test]
    fn photos_are_phone_sized_jpegs_in_news_bundles() {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let dir = tempfile::tempdir().unwrap();
        generate(0, 1, 1, dir.path(), &theme).unwrap();
        let item = dir.path().join("content/tin-tuc/anh-hoat-dong-000");
        assert_eq!(
            image::image_dimensions(item.join("anh-1.jpg")).unwrap(),
            (3000, 2000)
        );
        let text = fs::read_to_string(item.join("index.md")).unwrap();
        assert!(
            text.contains("![Ảnh 1 của hoạt động 0](anh-1.jpg)"),
            "{text}"
        );
        assert!(
            !item.join("anh-2.jpg").exists(),
            "one photo asked, one written"
        );
    }
}
