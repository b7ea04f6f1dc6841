//! The CommonMark 0.31.2 spec and the extensions of the GitHub Flavored
//! Markdown spec (tables, strikethrough, task lists, extended autolinks,
//! tagfilter), every example built by `loa build` as a page of a site,
//! minified, in the default theme. Each page's body must be the HTML the
//! spec gives, read as a browser reads it, and the theme's elements around
//! it must close where the template closes them. The exceptions are listed
//! below with why and what they build to instead: where loa's sanitizer
//! changes a writer's raw HTML by design (each must be warned about, but
//! comments), and four CommonMark examples that GFM's extended autolinks
//! change. With
//! `unsafe_html: true` the same holds, with the raw HTML as written.
//!
//! The spec files are in tests/fixtures/spec/ with their licences.

mod common;

use common::Site;
use common::dom::{self, Handle};

/// One example of a spec.
struct Example {
    number: usize,
    /// `commonmark` or the GFM extension: `table`, `autolink`, ….
    suite: &'static str,
    markdown: String,
    html: String,
}

/// The examples of a spec file, those of `extensions` only when given.
fn examples(spec: &str, suite: &'static str, extensions: &[&str]) -> Vec<Example> {
    const FENCE: &str = "````````````````````````````````";
    let mut found = Vec::new();
    let mut lines = spec.lines();
    let mut number = 0;
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix(&format!("{FENCE} example")) else {
            continue;
        };
        number += 1;
        let (mut markdown, mut html, mut in_html) = (String::new(), String::new(), false);
        for line in lines.by_ref() {
            if line == FENCE {
                break;
            }
            if line == "." && !in_html {
                in_html = true;
                continue;
            }
            let target = if in_html { &mut html } else { &mut markdown };
            target.push_str(&line.replace('→', "\t"));
            target.push('\n');
        }
        let extension = info.trim();
        if extensions.is_empty() || extensions.contains(&extension) {
            found.push(Example {
                number,
                suite: if extension.is_empty() { suite } else { "gfm" },
                markdown,
                html,
            });
        }
    }
    found
}

fn all_examples() -> Vec<Example> {
    let commonmark = include_str!("fixtures/spec/commonmark-0.31.2.txt");
    let gfm = include_str!("fixtures/spec/gfm-0.28.txt");
    let mut all = examples(commonmark, "commonmark", &[]);
    // GFM marks its task list examples "disabled": its own test runner
    // leaves them out, the extension is no less GFM's.
    all.extend(examples(
        gfm,
        "gfm",
        &[
            "table",
            "strikethrough",
            "autolink",
            "tagfilter",
            "disabled",
        ],
    ));
    all
}

/// What an example listed below must build to instead of the spec's HTML
/// (compared the same way as the spec's).
struct Expect(&'static str);

/// An example whose output differs from the spec's by design, and why.
struct ByDesign {
    suite: &'static str,
    number: usize,
    why: &'static str,
    expect: Expect,
    /// Whether the build must warn about it: when anything readers would
    /// have seen changed.
    warned: bool,
}

const fn sanitized(number: usize, why: &'static str, html: &'static str) -> ByDesign {
    ByDesign {
        suite: "commonmark",
        number,
        why,
        expect: Expect(html),
        warned: true,
    }
}

/// Comments are writers' notes: left out of pages, without a warning,
/// since readers never saw them.
const fn comment(number: usize, html: &'static str) -> ByDesign {
    ByDesign {
        warned: false,
        ..sanitized(number, COMMENT, html)
    }
}

const UNKNOWN_ELEMENT: &str =
    "an element not on the allow-list (a custom or unknown one): its tag goes, its text stays";
const CODE_ELEMENT: &str = "<script> and <style> hold code, not text: removed with their content";
const COMMENT: &str =
    "comments, and what HTML reads as comments (<?…?>, <!…>, CDATA), are writers' notes: left out";
const UNFINISHED: &str = "a tag never finished would take in what follows (up to the theme's own markup, in a page): it is shown as text";

/// Examples whose raw HTML the sanitizer changes (the default), each with
/// what it must build to; the build must also warn about each.
const SANITIZED: &[ByDesign] = &[
    sanitized(150, UNKNOWN_ELEMENT, "<div>*hello* <a> </a></div>"),
    sanitized(156, UNFINISHED, "&lt;div id=&quot;foo&quot; *hi*"),
    sanitized(157, UNFINISHED, "&lt;div class foo"),
    sanitized(
        158,
        UNFINISHED,
        "&lt;div *???-&amp;&amp;&amp;-&lt;--- *foo*",
    ),
    sanitized(163, UNKNOWN_ELEMENT, "*bar*"),
    sanitized(
        169,
        "an attribute not on the allow-list (`language` of <pre>) is removed",
        "<pre><code>\nimport Text.HTML.TagSoup\n\nmain :: IO ()\nmain = print $ parseTags tags\n</code></pre><p>okay</p>",
    ),
    sanitized(170, CODE_ELEMENT, "<p>okay</p>"),
    sanitized(
        171,
        "<textarea> is a form field: its tag goes, its text stays",
        "*foo* _bar_",
    ),
    sanitized(172, CODE_ELEMENT, "<p>okay</p>"),
    sanitized(
        173,
        "a <style> left open would hide the rest of the text: it is shown as text, as GFM's tagfilter does",
        "&lt;style type=&quot;text/css&quot;&gt; foo",
    ),
    sanitized(176, CODE_ELEMENT, "<p><em>foo</em></p>"),
    comment(177, "*bar*<p><em>baz</em></p>"),
    sanitized(178, CODE_ELEMENT, "1. *bar*"),
    comment(179, "<p>okay</p>"),
    comment(180, "'; ?&gt;<p>okay</p>"),
    comment(182, "<p>okay</p>"),
    comment(183, "<pre><code>&lt;!-- foo --&gt;\n</code></pre>"),
    sanitized(201, UNKNOWN_ELEMENT, "<p>[foo]: (baz)</p><p>[foo]</p>"),
    comment(
        308,
        "<ul><li>foo</li><li>bar</li></ul><ul><li>baz</li><li>bim</li></ul>",
    ),
    comment(
        309,
        "<ul><li><p>foo</p><p>notcode</p></li><li><p>foo</p></li></ul><pre><code>code\n</code></pre>",
    ),
    sanitized(491, UNKNOWN_ELEMENT, "<p>[link]()</p>"),
    sanitized(524, UNKNOWN_ELEMENT, "<p>[foo</p>"),
    sanitized(536, UNKNOWN_ELEMENT, "<p>[foo</p>"),
    sanitized(613, UNKNOWN_ELEMENT, "<p><a></a></p><a> </a>"),
    sanitized(614, UNKNOWN_ELEMENT, "<p><a></a></p><a> </a>"),
    sanitized(615, UNKNOWN_ELEMENT, "<p><a></a></p><a> </a>"),
    sanitized(616, UNKNOWN_ELEMENT, "<p><a></a></p><a> </a>"),
    sanitized(617, UNKNOWN_ELEMENT, "<p>Foo</p>"),
    comment(625, "<p>foo</p>"),
    comment(626, "<p>foo foo --&gt;</p><p>foo foo --&gt;</p>"),
    comment(627, "<p>foo</p>"),
    comment(628, "<p>foo</p>"),
    comment(629, "<p>foo &amp;&lt;]]&gt;</p>"),
];

/// Examples that `unsafe_html: true` publishes as written where GFM's
/// spec filters them. (By default the sanitizer shows such a tag left open
/// as text, which is what GFM's tagfilter gives.)
const AS_WRITTEN: &[ByDesign] = &[ByDesign {
    suite: "gfm",
    number: 637,
    why: "as written, the <title> left open holds the rest of the body, as a browser reads it; GFM's tagfilter would show the tag as text",
    expect: Expect(
        "<p><strong> <title> &lt;style&gt; &lt;em&gt;&lt;/p&gt; &lt;blockquote&gt; &lt;xmp&gt; is disallowed. &lt;XMP&gt; is also disallowed. &lt;/blockquote&gt; </title></strong></p>",
    ),
    warned: false,
}];

const fn autolink(number: usize, html: &'static str) -> ByDesign {
    ByDesign {
        suite: "commonmark",
        number,
        why: "GFM's extended autolinks link a web or e-mail address in plain text, which CommonMark leaves as text",
        expect: Expect(html),
        warned: false,
    }
}

/// CommonMark examples that GFM's extended autolinks change, in both modes.
const AUTOLINKED: &[ByDesign] = &[
    autolink(
        606,
        r#"<p>&lt;<a href="mailto:foo+@bar.example.com">foo+@bar.example.com</a>&gt;</p>"#,
    ),
    autolink(
        608,
        r#"<p>&lt; <a href="https://foo.bar">https://foo.bar</a> &gt;</p>"#,
    ),
    autolink(
        611,
        r#"<p><a href="https://example.com">https://example.com</a></p>"#,
    ),
    autolink(
        612,
        r#"<p><a href="mailto:foo@bar.example.com">foo@bar.example.com</a></p>"#,
    ),
];

fn slug(example: &Example) -> String {
    format!("{}-{:03}", example.suite, example.number)
}

/// The site paths of the images an example's HTML shows from the site
/// itself, from its page at `page_path`.
fn local_images(html: &str, page_path: &str) -> Vec<String> {
    let mut found = Vec::new();
    for piece in html.split("<img src=\"").skip(1) {
        let Some(end) = piece.find('"') else { continue };
        let src = html_escape::decode_html_entities(&piece[..end]).into_owned();
        let bare = src.split(['#', '?']).next().unwrap_or_default();
        if bare.is_empty() || bare.contains(':') || bare.starts_with("//") {
            continue;
        }
        let decoded = percent_encoding::percent_decode_str(bare).decode_utf8_lossy();
        let joined = match decoded.strip_prefix('/') {
            Some(from_root) => from_root.to_owned(),
            None => format!("{}{decoded}", page_path.trim_start_matches('/')),
        };
        found.push(joined);
    }
    found
}

/// A site with every example as a page. An image must be a file of the
/// site, so each one an example shows is given a stand-in that is not a
/// picture: loa warns that it cannot read it and leaves the `<img>` the
/// spec gives.
fn site_of(examples: &[Example], unsafe_html: bool) -> Site {
    let site = Site::with_config(&format!(
        "title: \"Spec\"\nbase_url: \"https://example.org/\"\nlanguage: en\nsearch: {{enabled: false}}\nmarkdown: {{unsafe_html: {unsafe_html}}}\n"
    ));
    site.section("vi-du", "Examples", "page");
    for example in examples {
        site.write(
            &format!("content/vi-du/{}.md", slug(example)),
            &format!(
                "---\ntitle: \"{} {}\"\nslug: \"{}\"\n---\n{}",
                example.suite,
                example.number,
                slug(example),
                example.markdown
            ),
        );
        for image in local_images(&example.html, &format!("/vi-du/{}/", slug(example))) {
            site.write(&format!("static/{image}"), "a stand-in, not a picture");
        }
    }
    site
}

/// The body loa wrote for an example, and whether the theme's elements
/// around it stayed where the template put them.
fn body_of(site: &Site, example: &Example) -> Result<String, String> {
    let page = dom::parse_page(&site.read(&format!("vi-du/{}/index.html", slug(example))));
    let has_class = |node: &Handle, tag: &str, class: &str| {
        dom::name(node).as_deref() == Some(tag)
            && dom::attribute(node, "class")
                .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
    };
    let contents = dom::find_all(&page, &|node| has_class(node, "div", "content"));
    let [content] = contents.as_slice() else {
        return Err(format!("{} content boxes", contents.len()));
    };
    let footers = dom::find_all(&page, &|node| has_class(node, "footer", "site-footer"));
    let mains = dom::find_all(&page, &|node| dom::name(node).as_deref() == Some("main"));
    let structure = [
        (dom::parent_name(content), "article"),
        (footers.first().and_then(dom::parent_name), "body"),
        (mains.first().and_then(dom::parent_name), "body"),
    ];
    for (parent, wanted) in structure {
        if parent.as_deref() != Some(wanted) {
            return Err(format!(
                "the theme's structure broke: {parent:?} where <{wanted}> was due"
            ));
        }
    }
    Ok(dom::canonical(&content.children.borrow()))
}

fn expected(html: &str) -> String {
    dom::canonical(&dom::parse_fragment(html).root.children.borrow())
}

/// Builds the examples and returns the failures, one line each.
fn failures(examples: &[Example], unsafe_html: bool) -> Vec<String> {
    let site = site_of(examples, unsafe_html);
    let run = site.build(&[]).ok();
    let by_design: Vec<&ByDesign> = AUTOLINKED
        .iter()
        .chain(if unsafe_html { AS_WRITTEN } else { SANITIZED })
        .collect();
    let mut failed = Vec::new();
    for example in examples {
        let listed = by_design
            .iter()
            .find(|listed| listed.suite == example.suite && listed.number == example.number);
        let as_specified = expected(&example.html);
        let wanted = match listed {
            None => as_specified.clone(),
            Some(listed) => expected(listed.expect.0),
        };
        let name = format!("{} {}", example.suite, example.number);
        match body_of(&site, example) {
            Ok(body) if body == wanted => {}
            Ok(body) => failed.push(format!(
                "{name}:\n  markdown {:?}\n  wanted   {wanted}\n  got      {body}",
                example.markdown
            )),
            Err(problem) => failed.push(format!("{name}: {problem}")),
        }
        let Some(listed) = listed else { continue };
        if wanted == as_specified {
            failed.push(format!(
                "{name} is listed ({}), but builds as the spec says",
                listed.why
            ));
        }
        let file = format!("{}.md:", slug(example));
        let warned = run
            .stderr()
            .lines()
            .any(|line| line.contains(&file) && line.contains("raw HTML changed"));
        if listed.warned && !warned {
            failed.push(format!(
                "{name}: the sanitizer changed it without a warning"
            ));
        }
    }
    failed
}

/// Asserts that every example builds as it must.
fn assert_all_build_as_they_must(examples: &[Example], unsafe_html: bool) {
    let failed = failures(examples, unsafe_html);
    assert!(
        failed.is_empty(),
        "{} of {} examples differ:\n{}",
        failed.len(),
        examples.len(),
        failed.join("\n")
    );
}

#[test]
fn every_spec_example_builds_as_the_spec_says_sanitized_where_listed() {
    let examples = all_examples();
    assert_eq!(
        examples.iter().filter(|e| e.suite == "commonmark").count(),
        652,
        "the CommonMark 0.31.2 spec has 652 examples"
    );
    assert_eq!(examples.iter().filter(|e| e.suite == "gfm").count(), 24);
    assert_all_build_as_they_must(&examples, false);
}

#[test]
fn with_unsafe_html_every_spec_example_builds_as_the_spec_says() {
    assert_all_build_as_they_must(&all_examples(), true);
}
