//! HTML read the way a browser reads it (html5ever, the parser of Servo),
//! for comparing what loa wrote with what a document should hold whatever
//! the spelling: optional tags left out, attribute quotes and order,
//! character references, white space a browser collapses.

use std::fmt::Write;

use html5ever::tendril::TendrilSink;
use html5ever::{QualName, local_name, ns};
pub use markup5ever_rcdom::Handle;
use markup5ever_rcdom::{NodeData, RcDom};

/// A whole page, parsed.
pub fn parse_page(html: &str) -> Handle {
    html5ever::parse_document(RcDom::default(), Default::default())
        .one(html)
        .document
}

/// A parsed fragment. Nodes live only as long as their document: dropping
/// it empties them, so the fragment keeps it.
pub struct Fragment {
    _document: Handle,
    /// The element holding the fragment's nodes.
    pub root: Handle,
}

/// A fragment, parsed as the content of a `<div>`.
pub fn parse_fragment(html: &str) -> Fragment {
    let dom = html5ever::parse_fragment(
        RcDom::default(),
        Default::default(),
        QualName::new(None, ns!(html), local_name!("div")),
        vec![],
        false,
    )
    .one(html);
    let root = dom.document.children.borrow()[0].clone();
    Fragment {
        _document: dom.document,
        root,
    }
}

/// The element's name, when the node is one.
pub fn name(node: &Handle) -> Option<String> {
    match &node.data {
        NodeData::Element { name, .. } => Some(name.local.to_string()),
        _ => None,
    }
}

/// The value of an attribute of an element.
pub fn attribute(node: &Handle, wanted: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|attribute| &*attribute.name.local == wanted)
            .map(|attribute| attribute.value.to_string()),
        _ => None,
    }
}

/// Every element under `node` (itself included) for which `wanted` holds,
/// in document order.
pub fn find_all(node: &Handle, wanted: &dyn Fn(&Handle) -> bool) -> Vec<Handle> {
    let mut found = Vec::new();
    let mut stack = vec![node.clone()];
    while let Some(current) = stack.pop() {
        if wanted(&current) {
            found.push(current.clone());
        }
        stack.extend(current.children.borrow().iter().rev().cloned());
    }
    found
}

/// The text under `node` as a reader would copy it: blocks (table cells,
/// paragraphs, …) apart, runs of white space one space.
pub fn text(node: &Handle) -> String {
    enum Step {
        Visit(Handle),
        Apart,
    }
    let mut words = String::new();
    let mut stack = vec![Step::Visit(node.clone())];
    while let Some(step) = stack.pop() {
        let current = match step {
            Step::Apart => {
                words.push(' ');
                continue;
            }
            Step::Visit(current) => current,
        };
        if let NodeData::Text { contents } = &current.data {
            words.push_str(&contents.borrow());
        }
        let block = name(&current).is_some_and(|tag| BLOCKS.contains(&tag.as_str()));
        if block {
            words.push(' ');
            stack.push(Step::Apart);
        }
        stack.extend(
            current
                .children
                .borrow()
                .iter()
                .rev()
                .cloned()
                .map(Step::Visit),
        );
    }
    words.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The element's parent element's name.
pub fn parent_name(node: &Handle) -> Option<String> {
    let parent = node.parent.take();
    node.parent.set(parent.clone());
    parent
        .and_then(|weak| weak.upgrade())
        .and_then(|parent| name(&parent))
}

/// Elements that stand apart from the text around them, and line breaks:
/// white space next to them is not shown.
const BLOCKS: &[&str] = &[
    "address",
    "br",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// `nodes` written one canonical way: attributes sorted, text escaped
/// alike, runs of white space one space outside `<pre>`, and none next to
/// a block or at either end. Markup that shows the same is written the
/// same: a class list's spacing, a table cell's `align` and its
/// `text-align` style, a table body with no rows and none. Headings'
/// `id`s are left out: loa gives every heading an anchor, which the specs'
/// renderers do not.
pub fn canonical(nodes: &[Handle]) -> String {
    let mut out = String::new();
    for node in nodes {
        write_node(node, false, &mut out);
    }
    drop_space_beside_blocks(&out).trim().to_owned()
}

/// An element's attributes as they are compared.
fn canonical_attributes(tag: &str, node: &Handle) -> Vec<(String, String)> {
    let NodeData::Element { attrs, .. } = &node.data else {
        return Vec::new();
    };
    let heading = matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    let cell = matches!(tag, "td" | "th");
    let mut attributes: Vec<(String, String)> = attrs
        .borrow()
        .iter()
        .map(|a| (a.name.local.to_string(), a.value.to_string()))
        .filter(|(name, _)| !(heading && name == "id"))
        .map(|(name, value)| match name.as_str() {
            "class" => (
                name,
                value.split_ascii_whitespace().collect::<Vec<_>>().join(" "),
            ),
            "align" if cell => ("style".to_owned(), format!("text-align:{value}")),
            "style" => (
                name,
                value.replace(' ', "").trim_end_matches(';').to_owned(),
            ),
            _ => (name, value),
        })
        .collect();
    attributes.sort();
    attributes
}

fn write_node(node: &Handle, in_pre: bool, out: &mut String) {
    match &node.data {
        NodeData::Element { name, .. } => {
            let tag = name.local.to_string();
            if tag == "tbody" && node.children.borrow().is_empty() {
                return;
            }
            let attributes = canonical_attributes(&tag, node);
            let _ = write!(out, "<{tag}");
            for (name, value) in attributes {
                let _ = write!(out, " {name}=\"{}\"", escape(&value));
            }
            out.push('>');
            let children_in_pre = in_pre || tag == "pre" || tag == "textarea";
            for child in node.children.borrow().iter() {
                write_node(child, children_in_pre, out);
            }
            if !VOID.contains(&tag.as_str()) {
                let _ = write!(out, "</{tag}>");
            }
        }
        NodeData::Text { contents } => {
            let text = contents.borrow().to_string();
            if in_pre {
                out.push_str(&escape(&text));
            } else {
                let mut last_space = false;
                for c in text.chars() {
                    if c.is_ascii_whitespace() {
                        if !last_space {
                            out.push(' ');
                        }
                        last_space = true;
                    } else {
                        last_space = false;
                        out.push_str(&escape(&c.to_string()));
                    }
                }
            }
        }
        NodeData::Comment { contents } => {
            let _ = write!(out, "<!--{contents}-->");
        }
        NodeData::Document | NodeData::Doctype { .. } | NodeData::ProcessingInstruction { .. } => {
            for child in node.children.borrow().iter() {
                write_node(child, in_pre, out);
            }
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\u{a0}', "&nbsp;")
}

/// Removes spaces just inside and outside block tags, as browsers do not
/// show them. (A space inside `<pre>` never sits next to a tag of a block
/// other than the `<pre>` itself and its `<code>`: kept.)
fn drop_space_beside_blocks(html: &str) -> String {
    let pattern = format!(r"\s*(</?(?:{})(?:\s[^>]*)?>)\s*", BLOCKS.join("|"));
    let block_tag = regex::Regex::new(&pattern).expect("pattern");
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for found in block_tag.captures_iter(html) {
        let (Some(whole), Some(tag)) = (found.get(0), found.get(1)) else {
            continue;
        };
        let is_pre_edge = tag.as_str().starts_with("<pre") || tag.as_str() == "</pre>";
        out.push_str(&html[last..whole.start()]);
        if is_pre_edge {
            // Keep what is inside the <pre> as it is.
            let before = &html[whole.start()..tag.start()];
            let after = &html[tag.end()..whole.end()];
            if tag.as_str() == "</pre>" {
                out.push_str(before);
                out.push_str(tag.as_str());
            } else {
                out.push_str(tag.as_str());
                out.push_str(after);
            }
        } else {
            out.push_str(tag.as_str());
        }
        last = whole.end();
    }
    out.push_str(&html[last..]);
    out
}
