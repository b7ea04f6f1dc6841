//! What of a writer's raw HTML reaches readers: the elements and attributes
//! kept, those removed with their content, and the ammonia sanitizer made
//! from those lists. The report to the writer reads the same lists, so it
//! says what the sanitizer does.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use crate::text::url;

/// Elements kept, each with the attributes of its own that are kept.
/// Besides what writers paste (tables, figures, details, video), these are
/// all the elements the Markdown renderer writes itself, since the
/// sanitizer sees the whole body.
const ELEMENTS: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "name", "rel", "download"]),
    ("abbr", &[]),
    ("address", &[]),
    ("article", &[]),
    ("aside", &[]),
    ("audio", &["src", "controls", "preload", "loop", "muted"]),
    ("b", &[]),
    ("bdi", &[]),
    ("bdo", &[]),
    ("blockquote", &["cite"]),
    ("br", &[]),
    ("caption", &[]),
    ("center", &[]),
    ("cite", &[]),
    ("code", &[]),
    ("col", &["span", "width", "align"]),
    ("colgroup", &["span", "width", "align"]),
    ("data", &["value"]),
    ("dd", &[]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("dfn", &[]),
    ("div", &[]),
    ("dl", &[]),
    ("dt", &[]),
    ("em", &[]),
    ("figcaption", &[]),
    ("figure", &[]),
    ("footer", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("header", &[]),
    ("hgroup", &[]),
    ("hr", &[]),
    ("i", &[]),
    (
        "iframe",
        &[
            "src",
            "width",
            "height",
            "allowfullscreen",
            "loading",
            "referrerpolicy",
            "frameborder",
        ],
    ),
    (
        "img",
        &[
            "src", "alt", "width", "height", "loading", "align", "srcset", "sizes", "decoding",
        ],
    ),
    ("input", &["checked", "disabled"]),
    ("ins", &["cite", "datetime"]),
    ("kbd", &[]),
    ("li", &["value"]),
    ("mark", &[]),
    ("nav", &[]),
    ("ol", &["start", "reversed", "type"]),
    ("p", &[]),
    ("picture", &[]),
    ("pre", &[]),
    ("q", &["cite"]),
    ("rp", &[]),
    ("rt", &[]),
    ("ruby", &[]),
    ("s", &[]),
    ("samp", &[]),
    ("section", &[]),
    ("small", &[]),
    ("source", &["src", "type", "media", "srcset", "sizes"]),
    ("span", &[]),
    ("strike", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    (
        "table",
        &[
            "summary",
            "align",
            "width",
            "border",
            "cellpadding",
            "cellspacing",
        ],
    ),
    ("tbody", &["align"]),
    (
        "td",
        &["colspan", "rowspan", "headers", "align", "valign", "style"],
    ),
    ("tfoot", &["align"]),
    (
        "th",
        &[
            "colspan", "rowspan", "headers", "scope", "abbr", "align", "valign", "style",
        ],
    ),
    ("thead", &["align"]),
    ("time", &["datetime"]),
    ("tr", &["align", "valign"]),
    ("track", &["src", "kind", "srclang", "label", "default"]),
    ("tt", &[]),
    ("u", &[]),
    ("ul", &["type"]),
    ("var", &[]),
    (
        "video",
        &[
            "src",
            "controls",
            "poster",
            "width",
            "height",
            "preload",
            "loop",
            "muted",
            "playsinline",
        ],
    ),
    ("wbr", &[]),
];

/// Attributes kept only with one of these values. A link may open in a new
/// tab, where browsers cut its tie to the page, but not in a named window,
/// which keeps it (and lets that page redirect this one); an input stays
/// only as the checkbox of a task list.
const VALUES_KEPT: &[(&str, &str, &[&str])] = &[
    ("a", "target", &["_blank", "_self", "_parent", "_top"]),
    ("input", "type", &["checkbox"]),
];

/// Attributes kept on every element kept.
const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "title", "lang", "dir"];

/// Attributes kept on every element by the start of their name: `data-…`
/// hold data for scripts, and do nothing without one.
const GENERIC_ATTRIBUTE_PREFIXES: &[&str] = &["data-"];

/// Elements removed together with what they hold: their content is code or
/// data, not text a browser shows (a `<title>` or `<template>` in a page
/// body is never displayed either).
const REMOVED_WITH_CONTENT: &[&str] = &["script", "style", "template", "title"];

/// Elements a browser shows apart from the words around them (blocks,
/// form fields, embedded objects, and the fallbacks shown where scripts,
/// embeds or frames are not: with those removed, the fallback is what
/// readers are to see). When one is removed, a space takes its place, so
/// the words on either side do not run together.
const SEPARATE_WORDS: &[&str] = &[
    "applet",
    "button",
    "canvas",
    "datalist",
    "dialog",
    "dir",
    "embed",
    "fieldset",
    "form",
    "frame",
    "frameset",
    "keygen",
    "legend",
    "listing",
    "main",
    "marquee",
    "math",
    "menu",
    "meter",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "optgroup",
    "option",
    "output",
    "plaintext",
    "progress",
    "select",
    "svg",
    "textarea",
    "xmp",
];

/// The only CSS property kept: table cells' alignment, which the Markdown
/// renderer writes for aligned table columns.
const STYLE_PROPERTIES: &[&str] = &["text-align"];

/// Attributes whose value is a URL a browser follows or loads.
pub fn holds_url(attribute: &str) -> bool {
    matches!(
        attribute,
        "href"
            | "src"
            | "action"
            | "formaction"
            | "data"
            | "poster"
            | "ping"
            | "cite"
            | "background"
            | "longdesc"
            | "xlink:href"
            | "codebase"
            | "manifest"
    )
}

/// What the sanitizer does to one element of a writer's HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementFate {
    Kept,
    /// The tag goes, what it holds stays.
    TagRemoved,
    RemovedWithContent,
}

/// The site's rules for raw HTML: the lists above and the hosts whose
/// pages may be embedded.
#[derive(Debug, Clone)]
pub struct Policy {
    embed_hosts: Arc<[String]>,
}

impl Policy {
    pub fn new(embed_hosts: &[String]) -> Policy {
        Policy {
            embed_hosts: embed_hosts
                .iter()
                .map(|host| host.trim().to_ascii_lowercase())
                .collect(),
        }
    }

    pub fn element(&self, name: &str) -> ElementFate {
        if REMOVED_WITH_CONTENT.contains(&name) {
            ElementFate::RemovedWithContent
        } else if ELEMENTS.iter().any(|(kept, _)| *kept == name) {
            ElementFate::Kept
        } else {
            ElementFate::TagRemoved
        }
    }

    /// Whether removing the element `name` needs a space in its place.
    pub fn separates_words(&self, name: &str) -> bool {
        SEPARATE_WORDS.contains(&name)
    }

    /// Whether the attribute, with this value, survives on a kept element.
    pub fn keeps_attribute(&self, element: &str, attribute: &str, value: &str) -> bool {
        VALUES_KEPT.iter().any(|(name, kept, values)| {
            *name == element
                && *kept == attribute
                && values
                    .iter()
                    .any(|allowed| allowed.eq_ignore_ascii_case(value.trim()))
        }) || GENERIC_ATTRIBUTES.contains(&attribute)
            || GENERIC_ATTRIBUTE_PREFIXES
                .iter()
                .any(|prefix| attribute.starts_with(prefix))
            || ELEMENTS
                .iter()
                .any(|(name, own)| *name == element && own.contains(&attribute))
    }

    /// Whether a `style` attribute says more than the properties kept.
    pub fn style_loses_properties(&self, style: &str) -> bool {
        style
            .split(';')
            .filter_map(|declaration| declaration.split_once(':'))
            .any(|(property, _)| {
                !STYLE_PROPERTIES.contains(&property.trim().to_ascii_lowercase().as_str())
            })
    }

    /// Whether a frame may show the page at `src`: an `https:` (or, on an
    /// `https:` site, scheme-relative `//`) address on one of the embed
    /// hosts.
    pub fn may_embed(&self, src: &str) -> bool {
        url::secure_host(src).is_some_and(|host| self.embed_hosts.contains(&host))
    }

    /// The sanitizer: the lists above, the URL rule of every link, and
    /// `schemes`, the harmless schemes the body's own HTML uses (ammonia
    /// keeps only URLs whose scheme it is told of).
    pub fn sanitizer<'a>(&self, schemes: &'a BTreeSet<String>) -> ammonia::Builder<'a> {
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(ELEMENTS.iter().map(|(name, _)| *name).collect())
            .tag_attributes(
                ELEMENTS
                    .iter()
                    .map(|(name, attributes)| (*name, attributes.iter().copied().collect()))
                    .collect(),
            )
            .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
            .generic_attribute_prefixes(GENERIC_ATTRIBUTE_PREFIXES.iter().copied().collect())
            .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
            .tag_attribute_values(values_kept())
            // One attribute only: ammonia adds those missing in a hash
            // map's order, which would differ from build to build.
            .set_tag_attribute_values(HashMap::from([(
                "input",
                HashMap::from([("disabled", "")]),
            )]))
            .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
            .link_rel(None)
            .strip_comments(true)
            .url_relative(ammonia::UrlRelative::PassThrough)
            .url_schemes(with_common_schemes(schemes));
        let policy = self.clone();
        builder.attribute_filter(move |element, attribute, value| {
            policy.filter_attribute(element, attribute, value)
        });
        builder
    }

    /// With `unsafe_html`: a parser that writes the writer's HTML back as
    /// written, balanced, refusing only URLs that run code. `tags` and
    /// `attributes` are every element and attribute the body uses.
    pub fn balancer<'a>(
        &self,
        schemes: &'a BTreeSet<String>,
        tags: &'a BTreeSet<String>,
        attributes: &'a BTreeSet<String>,
    ) -> ammonia::Builder<'a> {
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(
                ELEMENTS
                    .iter()
                    .map(|(name, _)| *name)
                    .chain(with_svg_spellings(tags))
                    .collect(),
            )
            .generic_attributes(
                ELEMENTS
                    .iter()
                    .flat_map(|(_, own)| own.iter().copied())
                    .chain(GENERIC_ATTRIBUTES.iter().copied())
                    .chain(with_svg_spellings(attributes))
                    .collect(),
            )
            .clean_content_tags(HashSet::new())
            .link_rel(None)
            .strip_comments(false)
            .url_relative(ammonia::UrlRelative::PassThrough)
            .url_schemes(with_common_schemes(schemes));
        builder.attribute_filter(|_, attribute, value| {
            (!runs_code(attribute, value)).then_some(Cow::Borrowed(value))
        });
        builder
    }

    fn filter_attribute<'v>(
        &self,
        element: &str,
        attribute: &str,
        value: &'v str,
    ) -> Option<Cow<'v, str>> {
        if runs_code(attribute, value) {
            return None;
        }
        if element == "iframe" && attribute == "src" && !self.may_embed(value) {
            return None;
        }
        Some(Cow::Borrowed(value))
    }
}

/// Whether `attribute` holds a URL that could run code.
fn runs_code(attribute: &str, value: &str) -> bool {
    holds_url(attribute) && url::runs_code(value).is_some()
}

/// [`VALUES_KEPT`] as ammonia takes it.
fn values_kept() -> HashMap<&'static str, HashMap<&'static str, HashSet<&'static str>>> {
    let mut kept: HashMap<&str, HashMap<&str, HashSet<&str>>> = HashMap::new();
    for (element, attribute, values) in VALUES_KEPT {
        kept.entry(element)
            .or_default()
            .insert(attribute, values.iter().copied().collect());
    }
    kept
}

/// The elements and attributes SVG spells with capitals, which the HTML
/// parser gives back so spelt whatever case they were written in
/// (`viewbox` becomes `viewBox`); written back as written, a body must
/// allow them so spelt.
const SVG_SPELLINGS: &[&str] = &[
    "altGlyph",
    "altGlyphDef",
    "altGlyphItem",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "clipPath",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "foreignObject",
    "glyphRef",
    "linearGradient",
    "radialGradient",
    "textPath",
    "attributeName",
    "attributeType",
    "baseFrequency",
    "baseProfile",
    "calcMode",
    "clipPathUnits",
    "definitionURL",
    "diffuseConstant",
    "edgeMode",
    "filterUnits",
    "gradientTransform",
    "gradientUnits",
    "kernelMatrix",
    "kernelUnitLength",
    "keyPoints",
    "keySplines",
    "keyTimes",
    "lengthAdjust",
    "limitingConeAngle",
    "markerHeight",
    "markerUnits",
    "markerWidth",
    "maskContentUnits",
    "maskUnits",
    "numOctaves",
    "pathLength",
    "patternContentUnits",
    "patternTransform",
    "patternUnits",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "preserveAlpha",
    "preserveAspectRatio",
    "primitiveUnits",
    "refX",
    "refY",
    "repeatCount",
    "repeatDur",
    "requiredExtensions",
    "requiredFeatures",
    "specularConstant",
    "specularExponent",
    "spreadMethod",
    "startOffset",
    "stdDeviation",
    "stitchTiles",
    "surfaceScale",
    "systemLanguage",
    "tableValues",
    "targetX",
    "targetY",
    "textLength",
    "viewBox",
    "viewTarget",
    "xChannelSelector",
    "yChannelSelector",
    "zoomAndPan",
];

/// `names` as written and, where SVG spells one with capitals, so spelt.
fn with_svg_spellings(names: &BTreeSet<String>) -> impl Iterator<Item = &str> {
    names.iter().flat_map(|name| {
        let spelt = SVG_SPELLINGS
            .iter()
            .find(|spelling| spelling.eq_ignore_ascii_case(name))
            .copied();
        std::iter::once(name.as_str()).chain(spelt)
    })
}

/// `schemes` and the schemes pages link to every day, for ammonia.
fn with_common_schemes(schemes: &BTreeSet<String>) -> HashSet<&str> {
    ["http", "https", "mailto", "tel", "sms", "ftp", "data"]
        .into_iter()
        .chain(schemes.iter().map(String::as_str))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        let schemes = BTreeSet::from(["irc".to_owned()]);
        Policy::new(&["www.youtube.com".to_owned()])
            .sanitizer(&schemes)
            .clean(html)
            .to_string()
    }

    #[test]
    fn structure_and_text_stay_script_goes() {
        assert_eq!(
            clean(
                r#"<div class="x" onclick="f()"><table><tr><td style="color:red;text-align:center">ô</td></tr></table></div>"#
            ),
            r#"<div class="x"><table><tbody><tr><td style="text-align:center">ô</td></tr></tbody></table></div>"#
        );
        assert_eq!(
            clean("a<script>alert(1)</script>b<style>p{}</style>c"),
            "abc"
        );
        assert_eq!(clean("<font color=red>chữ</font>"), "chữ");
        assert_eq!(
            clean("<details><summary>Xem</summary><p>thêm</p></details>"),
            "<details><summary>Xem</summary><p>thêm</p></details>"
        );
    }

    #[test]
    fn links_that_run_code_go_others_stay() {
        assert_eq!(
            clean(
                r#"<a href="javascript:alert(1)">x</a><a href="irc:foo">y</a><img src="data:image/png;base64,AA" alt="">"#
            ),
            r#"<a>x</a><a href="irc:foo">y</a><img src="data:image/png;base64,AA" alt="">"#
        );
        assert_eq!(
            clean(r#"<a href="jav&#x09;ascript:alert(1)">x</a>"#),
            "<a>x</a>"
        );
    }

    #[test]
    fn frames_only_from_embed_hosts() {
        assert_eq!(
            clean(r#"<iframe src="https://www.youtube.com/embed/x" onload="f()"></iframe>"#),
            r#"<iframe src="https://www.youtube.com/embed/x"></iframe>"#
        );
        assert_eq!(
            clean(r#"<iframe src="https://evil.example/"></iframe>"#),
            "<iframe></iframe>"
        );
    }

    #[test]
    fn links_open_in_new_tabs_but_not_in_named_windows() {
        assert_eq!(
            clean(r#"<a href="/a" target="_blank">a</a><a href="/b" target="khung">b</a>"#),
            r#"<a href="/a" target="_blank">a</a><a href="/b">b</a>"#
        );
    }

    #[test]
    fn as_written_svg_keeps_its_capitals() {
        let empty = BTreeSet::new();
        let tags = BTreeSet::from(["svg".to_owned(), "lineargradient".to_owned()]);
        let attributes = BTreeSet::from(["viewbox".to_owned()]);
        let html = r#"<svg viewBox="0 0 1 1"><linearGradient></linearGradient></svg>"#;
        assert_eq!(
            Policy::new(&[])
                .balancer(&empty, &tags, &attributes)
                .clean(html)
                .to_string(),
            html
        );
    }

    #[test]
    fn inputs_are_only_ever_disabled() {
        // (A form field that is not a task list's checkbox is taken out
        // before the sanitizer sees it; this is the sanitizer's own guard.)
        for _ in 0..20 {
            assert_eq!(
                clean(r#"<input type="text" value="x"><input type="checkbox" checked>"#),
                r#"<input disabled=""><input type="checkbox" checked="" disabled="">"#
            );
        }
    }

    #[test]
    fn every_list_agrees_with_itself() {
        for name in REMOVED_WITH_CONTENT {
            assert!(!ELEMENTS.iter().any(|(kept, _)| kept == name), "{name}");
        }
        for name in SEPARATE_WORDS {
            assert!(!ELEMENTS.iter().any(|(kept, _)| kept == name), "{name}");
        }
    }
}
