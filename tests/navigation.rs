//! Taxonomies, archives, feeds, sitemap, sharing metadata and aliases on
//! fixture sites.

mod common;

use common::Site;

const CONFIG: &str = r#"title: "Trang thử"
base_url: "https://example.gov.vn/"
minify: false
taxonomies:
  audiences:
    title: "Đối tượng"
    path: doi-tuong
    closed: true
    terms:
      hoc-sinh-sinh-vien: "Học sinh, sinh viên"
      can-bo: "Cán bộ"
  localities:
    title: "Địa bàn"
    path: dia-ban
    hierarchy: localities.yaml
    paginate_by: 2
  tags:
    title: "Từ khóa"
"#;

const LOCALITIES: &str = r#"- key: dong-nai
  name: Đồng Nai
  children:
    - key: bien-hoa
      name: Biên Hòa
      children:
        - key: tan-phong
          name: Tân Phong
    - key: long-khanh
      name: Long Khánh
- key: bac-kan
  name: Bắc Kạn
"#;

fn news(title: &str, date: &str, localities: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nlocalities: [{localities}]\n{extra}---\nTin **{title}**, xem [ảnh](anh.png).\n"
    )
}

fn site() -> Site {
    let site = Site::with_config(CONFIG);
    site.write("data/localities.yaml", LOCALITIES)
        .section("tin-tuc", "Tin hoạt động", "news")
        .write(
            "content/tin-tuc/a.md",
            &news(
                "Tin Tân Phong",
                "2025-05-02",
                "tan-phong",
                "audiences: [can-bo]\ntags: [\"HIV/AIDS\", \"Tập huấn\"]\n",
            ),
        )
        .write(
            "content/tin-tuc/b.md",
            &news(
                "Tin Long Khánh",
                "2025-05-20",
                "long-khanh",
                "audiences: [hoc-sinh-sinh-vien, can-bo]\ntags: [\"tập huấn\"]\n",
            ),
        )
        .write(
            "content/tin-tuc/c.md",
            &news("Tin Biên Hòa", "2024-12-31T23:30:00+07:00", "bien-hoa", ""),
        )
        .write(
            "content/tin-tuc/d.md",
            &news(
                "Tin Bắc Kạn",
                "2025-06-01",
                "bac-kan",
                "updated: 2025-07-01\n",
            ),
        );
    site
}

#[test]
fn closed_vocabularies_refuse_unknown_values_with_a_suggestion() {
    let site = site();
    site.write(
        "content/tin-tuc/e.md",
        "---\ntitle: E\ndate: 2025-01-01\nlocalities: [bien-hoa]\naudiences:\n  - can-bo\n  - hoc-sinh-sinh-vein\n---\nx\n",
    )
    .write("content/tin-tuc/f.md", "---\ntitle: F\ndate: 2025-01-01\nlocalities: [tan phong]\naudiences: [\"Học sinh, sinh viên\"]\n---\nx\n");
    let run = site.build(&[]).failed();
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/tin-tuc/e.md:7:5: error: `hoc-sinh-sinh-vein` is not one of the audiences this site knows"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `hoc-sinh-sinh-vien`?"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("content/tin-tuc/f.md:4:14: error: `tan phong` is not one of the localities"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `tan-phong`?"), "{stderr}");
    assert!(
        stderr.contains("content/tin-tuc/f.md:5:"),
        "a label typed for a key: {stderr}"
    );
}

#[test]
fn taxonomies_list_terms_with_counts_and_places_include_the_places_below() {
    let site = site();
    site.build(&[]).ok();
    let audiences = site.read("doi-tuong/index.html");
    assert!(
        audiences.contains("Cán bộ</a> <span class=\"count\">(2)</span>"),
        "{audiences}"
    );
    assert!(
        audiences.contains("Học sinh, sinh viên</a> <span class=\"count\">(1)</span>"),
        "{audiences}"
    );
    let dong_nai = site.read("dia-ban/dong-nai/index.html");
    for title in ["Tin Tân Phong", "Tin Long Khánh"] {
        assert!(
            dong_nai.contains(title),
            "{title} missing from the province page"
        );
    }
    assert!(
        site.read("dia-ban/dong-nai/page/2/index.html")
            .contains("Tin Biên Hòa"),
        "paginated by 2"
    );
    let bien_hoa = site.read("dia-ban/bien-hoa/index.html");
    assert!(bien_hoa.contains("Tin Tân Phong") && bien_hoa.contains("Tin Biên Hòa"));
    assert!(!bien_hoa.contains("Tin Long Khánh"));
    assert!(
        bien_hoa.contains(">Đồng Nai</a>"),
        "ancestors shown: {bien_hoa}"
    );
    let places = site.read("dia-ban/index.html");
    assert!(
        places.contains("depth-2\"><a href=\"/dia-ban/tan-phong/\">Tân Phong</a>"),
        "{places}"
    );
    assert!(!site.exists("dia-ban/khong-co/index.html"));
    // Open vocabularies fold case and diacritics into one term.
    let tag = site.read("tags/tap-huan/index.html");
    assert!(
        tag.contains("Tin Tân Phong") && tag.contains("Tin Long Khánh"),
        "{tag}"
    );
    assert!(site.exists("tags/hiv-aids/index.html"));
    let page = site.read("tin-tuc/tin-long-khanh/index.html");
    assert!(
        page.contains("<a href=\"/doi-tuong/hoc-sinh-sinh-vien/\">Học sinh, sinh viên</a>"),
        "{page}"
    );
}

#[test]
fn an_item_shows_its_terms_in_the_order_written_while_the_index_sorts_them() {
    let site = site();
    // Written out of alphabetical order, one value twice in two spellings:
    // the index of tags is sorted by slug, the item keeps its own order.
    site.write(
        "content/tin-tuc/e.md",
        &news(
            "Tin Xuân Lộc",
            "2025-04-01",
            "long-khanh",
            "tags: [\"Ma túy\", \"an toàn\", \"Tập huấn\", \"ma tuý\"]\n",
        ),
    );
    site.build(&[]).ok();
    let page = site.read("tin-tuc/tin-xuan-loc/index.html");
    let tags = page
        .split("terms-tags")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_else(|| panic!("no tags line: {page}"));
    let linked: Vec<&str> = tags
        .split("<a href=\"")
        .skip(1)
        .filter_map(|link| link.split('"').next())
        .collect();
    assert_eq!(
        linked,
        [
            "/tags/ma-tuy/",
            "/tags/an-toan/",
            "/tags/tap-huan/",
            "/tags/ma-tuy/"
        ],
        "{tags}"
    );
    let index = site.read("tags/index.html");
    let place = |slug: &str| {
        index
            .find(&format!("/tags/{slug}/"))
            .unwrap_or_else(|| panic!("{slug} not in the index: {index}"))
    };
    assert!(place("an-toan") < place("hiv-aids"), "{index}");
    assert!(place("hiv-aids") < place("ma-tuy"), "{index}");
    assert!(place("ma-tuy") < place("tap-huan"), "{index}");
}

#[test]
fn archives_group_by_year_and_month_in_the_site_time_zone() {
    let site = site();
    site.build(&[]).ok();
    let index = site.read("luu-tru/index.html");
    assert!(
        index.contains("Năm 2025</a> <span class=\"count\">(3)</span>"),
        "{index}"
    );
    assert!(
        index.contains("Tháng 5 năm 2025</a> <span class=\"count\">(2)</span>"),
        "{index}"
    );
    let may = site.read("luu-tru/2025/05/index.html");
    assert!(
        may.contains("Tin Tân Phong")
            && may.contains("Tin Long Khánh")
            && !may.contains("Tin Bắc Kạn")
    );
    assert!(
        site.read("luu-tru/2024/12/index.html")
            .contains("Tin Biên Hòa"),
        "23:30 +07:00 is still December"
    );
}

#[test]
fn an_archive_folder_named_in_the_config_is_slugged_everywhere() {
    let site = site();
    let config = std::fs::read_to_string(site.root().join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &format!("{config}\narchives:\n  path: \"Kho lưu trữ\"\n"),
    );
    site.build(&[]).ok();
    assert!(site.exists("kho-luu-tru/index.html"));
    assert!(site.exists("kho-luu-tru/2025/05/index.html"));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("/kho-luu-tru/2025/05/</loc>"), "{sitemap}");
    let month = site.read("kho-luu-tru/2025/05/index.html");
    assert!(month.contains("href=\"/kho-luu-tru/\""), "{month}");
}

#[test]
fn feeds_carry_absolute_urls_and_the_newest_date() {
    let site = site();
    site.write("content/tin-tuc/b/anh.png", "png");
    site.build(&[]).ok();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<updated>2025-07-01T00:00:00+07:00</updated>"),
        "updated from items: {atom}"
    );
    assert!(atom.contains("<id>https://example.gov.vn/tin-tuc/tin-bac-kan/</id>"));
    assert!(
        atom.contains("href=&quot;https://example.gov.vn/tin-tuc/tin-long-khanh/anh.png&quot;"),
        "content URLs are absolute: {atom}"
    );
    assert!(site.exists("tin-tuc/atom.xml"));
    assert!(site.exists("dia-ban/dong-nai/atom.xml"));
    assert!(site.exists("doi-tuong/can-bo/atom.xml"));
    let rss = site.read("rss.xml");
    assert!(
        rss.contains("<pubDate>Sun, 1 Jun 2025 00:00:00 +0700</pubDate>"),
        "{rss}"
    );

    let summaries = Site::with_config(&format!("{CONFIG}feeds:\n  content: summary\n  limit: 1\n"));
    summaries
        .write("data/localities.yaml", LOCALITIES)
        .section("tin-tuc", "Tin", "news")
        .write(
            "content/tin-tuc/a.md",
            &news("Một", "2025-05-02", "bac-kan", "summary: \"Tóm tắt một\"\n"),
        )
        .write(
            "content/tin-tuc/b.md",
            &news("Hai", "2025-05-03", "bac-kan", ""),
        );
    summaries.build(&[]).ok();
    let atom = summaries.read("atom.xml");
    assert!(!atom.contains("<content"), "summaries only: {atom}");
    assert_eq!(atom.matches("<entry>").count(), 1, "limited to one entry");
}

#[test]
fn sitemap_and_robots_use_absolute_urls_under_a_sub_path() {
    let site = site();
    site.build(&["--base-url", "https://example.gov.vn/phong-chong/"])
        .ok();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.gov.vn/phong-chong/tin-tuc/tin-bac-kan/</loc><lastmod>2025-07-01T00:00:00+07:00</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.gov.vn/phong-chong/dia-ban/dong-nai/</loc>"));
    assert!(sitemap.contains("<loc>https://example.gov.vn/phong-chong/luu-tru/2025/05/</loc>"));
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.gov.vn/phong-chong/sitemap.xml")
    );
    let atom = site.read("tin-tuc/atom.xml");
    assert!(atom.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.gov.vn/phong-chong/tin-tuc/atom.xml\"/>"), "{atom}");
    assert!(
        site.read("index.html")
            .contains("href=\"/phong-chong/dia-ban/\"")
    );
}

#[test]
fn pages_carry_sharing_metadata_and_json_ld_that_stays_json() {
    let site = Site::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\nminify: false\nshare_image: /chia-se.png\n",
    );
    site.section("van-ban", "Văn bản", "legal")
        .section("bai-viet", "Bài viết", "article")
        .write(
            "content/van-ban/nd.md",
            "---\ntitle: \"Nghị định \\\"178\\\" </script><script>alert(1)</script>\"\nslug: nd-178\ndate: 2025-01-02\nnumber: 178/2004/NĐ-CP\ndoc_type: Nghị định\nissuer: Chính phủ\nsigned: 2004-10-15\nstatus: con-hieu-luc\nsummary: Tóm tắt.\n---\nx\n",
        )
        .write("content/bai-viet/a/index.md", "---\ntitle: Bài có ảnh\ndate: 2025-01-03\nimage: {src: anh.png, alt: \"Ảnh lớp học\"}\n---\nx\n")
        .write("content/bai-viet/a/anh.png", "png");
    site.build(&[]).ok();
    let legal = site.read("van-ban/nd-178/index.html");
    assert!(
        legal.contains("<link rel=\"canonical\" href=\"https://example.gov.vn/van-ban/nd-178/\">"),
        "{legal}"
    );
    assert!(
        legal.contains(
            "<meta property=\"og:image\" content=\"https://example.gov.vn/chia-se.png\">"
        ),
        "site default image"
    );
    assert!(legal.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert_eq!(
        legal.matches("</script>").count(),
        1,
        "the title cannot close the JSON-LD script: {legal}"
    );
    let start = legal.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = start + legal[start..].find("</script>").unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&legal[start..end]).expect("JSON-LD is valid JSON");
    let node = &json["@graph"][0];
    assert_eq!(node["@type"], "Legislation");
    assert_eq!(node["legislationIdentifier"], "178/2004/NĐ-CP");
    assert_eq!(node["legislationDate"], "2004-10-15");
    assert_eq!(node["legislationLegalForce"], "InForce");
    assert!(node["name"].as_str().unwrap().contains("</script>"));
    assert_eq!(json["@graph"][1]["@type"], "BreadcrumbList");
    let article = site.read("bai-viet/bai-co-anh/index.html");
    assert!(article.contains("<meta property=\"og:image\" content=\"https://example.gov.vn/bai-viet/bai-co-anh/anh.png\">"), "{article}");
    assert!(article.contains("<meta property=\"og:image:alt\" content=\"Ảnh lớp học\">"));
    assert!(article.contains("\"@type\":\"NewsArticle\""));
    assert!(article.contains("<meta property=\"og:type\" content=\"article\">"));
    let home = site.read("index.html");
    assert!(home.contains("\"@type\":\"WebSite\""), "{home}");
}

#[test]
fn aliases_redirect_and_may_not_take_another_address() {
    let site = site();
    site.write(
        "content/tin-tuc/b.md",
        &news(
            "Tin Long Khánh",
            "2025-05-20",
            "long-khanh",
            "aliases: [\"/tin/cu/\", \"tin/123.html\"]\n",
        ),
    );
    site.build(&[]).ok();
    for old in ["tin/cu/index.html", "tin/123.html"] {
        let redirect = site.read(old);
        assert!(
            redirect.contains(
                "<meta http-equiv=\"refresh\" content=\"0; url=/tin-tuc/tin-long-khanh/\">"
            ),
            "{redirect}"
        );
        assert!(redirect.contains(
            "<link rel=\"canonical\" href=\"https://example.gov.vn/tin-tuc/tin-long-khanh/\">"
        ));
    }
    site.write(
        "content/tin-tuc/b.md",
        &news(
            "Tin Long Khánh",
            "2025-05-20",
            "long-khanh",
            "aliases:\n  - /tin-tuc/tin-bac-kan/\n",
        ),
    );
    let stderr = site.build(&[]).failed().stderr();
    assert!(stderr.contains("content/tin-tuc/b.md:6:5: error: the alias `/tin-tuc/tin-bac-kan/` is the address of another page"), "{stderr}");
}

#[test]
fn links_to_missing_anchors_fail_and_missing_pages_warn() {
    let site = site();
    site.write(
        "content/tin-tuc/e.md",
        "---\ntitle: E\ndate: 2025-01-01\nlocalities: [bac-kan]\n---\n## Kết quả\n\n[a](@/tin-tuc/a.md#khong-co) [b](#ket-qua) [c](#sai)\n\n[d](/van-ban/khong-co/) [e](../tin-long-khanh/) [f](/dia-ban/dong-nai/)\n",
    );
    let stderr = site.build(&[]).failed().stderr();
    assert!(stderr.contains("content/tin-tuc/e.md:8: error: the link @/tin-tuc/a.md#khong-co points at a heading that content/tin-tuc/a.md does not have"), "{stderr}");
    assert!(
        stderr.contains("content/tin-tuc/e.md:8: warning: the link #sai"),
        "{stderr}"
    );
    assert!(stderr.contains("content/tin-tuc/e.md:10: warning: the link /van-ban/khong-co/ leads to /van-ban/khong-co/"), "{stderr}");
    assert!(
        !stderr.contains("the link ../tin-long-khanh/"),
        "a good relative link: {stderr}"
    );
    assert!(
        !stderr.contains("/dia-ban/dong-nai/ leads"),
        "a taxonomy page exists: {stderr}"
    );
}

#[test]
fn a_hierarchy_file_with_problems_is_reported() {
    let site = site();
    site.write(
        "data/localities.yaml",
        "- key: a\n  name: A\n- key: a\n  name: B\n- name: C\n",
    );
    let stderr = site.build(&[]).failed().stderr();
    assert!(
        stderr.contains("data/localities.yaml: error: the key `a` is used twice"),
        "{stderr}"
    );
    assert!(stderr.contains("a place has no key or no name"), "{stderr}");
}

#[test]
fn the_menu_marks_the_section_a_page_is_in() {
    let site = site();
    site.write(
        "content/tin-tuc/_index.md",
        "---\ntitle: \"Tin hoạt động\"\nkind: news\npaginate_by: 2\n---\n",
    )
    .section("bai-viet", "Bài viết", "article")
    .write(
        "content/bai-viet/a.md",
        "---\ntitle: \"Bài A\"\ndate: 2025-05-03\n---\nBài.\n",
    );
    site.build(&[]).ok();
    let menu_item = |file: &str, url: &str| -> String {
        let html = site.read(file);
        let header = &html[html.find("<header class=\"site-header\">").expect(file)..];
        let link = &header[header.find(&format!("href=\"{url}\"")).expect(file)..];
        link[..link.find('>').expect(file)].to_owned()
    };
    // An item is inside its section; the section's first page is the
    // section itself; its second page is inside it.
    let news_item = "tin-tuc/tin-tan-phong/index.html";
    assert_eq!(
        menu_item(news_item, "/tin-tuc/"),
        "href=\"/tin-tuc/\" aria-current=\"true\""
    );
    assert_eq!(menu_item(news_item, "/bai-viet/"), "href=\"/bai-viet/\"");
    assert_eq!(
        menu_item("tin-tuc/index.html", "/tin-tuc/"),
        "href=\"/tin-tuc/\" aria-current=\"page\""
    );
    assert_eq!(
        menu_item("tin-tuc/page/2/index.html", "/tin-tuc/"),
        "href=\"/tin-tuc/\" aria-current=\"true\""
    );
    assert_eq!(
        menu_item("bai-viet/bai-a/index.html", "/bai-viet/"),
        "href=\"/bai-viet/\" aria-current=\"true\""
    );
    // Pages of no section mark nothing.
    for file in ["index.html", "dia-ban/index.html", "luu-tru/index.html"] {
        assert!(
            !site.read(file).contains("aria-current"),
            "{file} marks a menu item"
        );
    }
    // Every page has the footer once.
    let footer = site.read("dia-ban/dong-nai/index.html");
    assert_eq!(footer.matches("<footer class=\"site-footer\">").count(), 1);
}
