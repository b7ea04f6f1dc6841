//! Photos of a body as pictures: a photo of the site becomes a `<picture>`
//! offering WebP and its own format at each width made of it, for the
//! browser to take the smallest that fills its place; its size is given, so
//! the text does not jump as it loads, and every photo after the first
//! loads only when the reader scrolls near it.

use std::fmt::Write;

use html_escape::encode_double_quoted_attribute as attribute;

use crate::load::config::ImagesConfig;
use crate::model::images::ImageCatalogue;
use crate::render::images::{Offered, offered};
use crate::render::raw_html::tokens;

/// What pictures are made with: the site's photos and how they are
/// published.
#[derive(Clone, Copy)]
pub struct Pictures<'a> {
    pub catalogue: &'a ImageCatalogue,
    pub config: &'a ImagesConfig,
}

/// How a picture of a body is shown.
pub struct Shown<'t> {
    pub alt: &'t str,
    pub title: &'t str,
    /// The first photo of a page loads at once; the others when near.
    pub lazy: bool,
}

impl Pictures<'_> {
    /// The `<picture>` for the image written `written` on the page at
    /// `page_path`; `None` for an image that is not a readable photo of the
    /// site, which stays the `<img>` it was written as.
    pub fn markup(
        &self,
        page_path: &str,
        written: &str,
        base_path: &str,
        shown: &Shown,
    ) -> Option<String> {
        let (file, probe) = self.catalogue.readable(page_path, written)?;
        let offered = offered(&file.path, probe, self.config, |path| {
            format!("{base_path}{}", path.trim_start_matches('/'))
        })?;
        Some(picture(&offered, &self.config.sizes, shown))
    }
}

impl Pictures<'_> {
    /// A writer's raw HTML with each `<img>` of a photo of the site made a
    /// `<picture>`, when it says no more than `src`, `alt` and `title` and
    /// is outside a `<picture>` of the writer's own (one with a size, a
    /// class or a `srcset` of its own stays as written); `None` when none
    /// was. `seen` is told the `src` of every `<img>` and where its tag
    /// starts in `html`, and says whether a photo came before.
    pub fn in_raw_html(
        &self,
        html: &str,
        page_path: &str,
        base_path: &str,
        mut seen: impl FnMut(&str, usize) -> bool,
    ) -> Option<String> {
        if !html.contains("<img") && !html.contains("<IMG") {
            return None;
        }
        let tags = tokens::tags(html, |tag| tokens::TEXT_ONLY.contains(&tag.name.as_str()));
        let mut rewritten = String::with_capacity(html.len());
        let mut copied = 0;
        let mut in_picture = 0usize;
        for tag in &tags {
            match (tag.name.as_str(), tag.end) {
                ("picture", false) => in_picture += 1,
                ("picture", true) => in_picture = in_picture.saturating_sub(1),
                ("img", false) => {}
                _ => continue,
            }
            if tag.name != "img" {
                continue;
            }
            let value = |name: &str| {
                tag.attributes
                    .iter()
                    .find(|attribute| attribute.name == name)
                    .map(|attribute| attribute.value.as_str())
            };
            let Some(src) = value("src") else { continue };
            let lazy = seen(src, tag.range.start);
            let plain = tag
                .attributes
                .iter()
                .all(|attribute| matches!(attribute.name.as_str(), "src" | "alt" | "title"));
            let (Some(alt), true, false, 0) = (value("alt"), plain, tag.unfinished, in_picture)
            else {
                continue;
            };
            let shown = Shown {
                alt,
                title: value("title").unwrap_or_default(),
                lazy,
            };
            if let Some(markup) = self.markup(page_path, src, base_path, &shown) {
                rewritten.push_str(&html[copied..tag.range.start]);
                rewritten.push_str(&markup);
                copied = tag.range.end;
            }
        }
        (copied > 0).then(|| {
            rewritten.push_str(&html[copied..]);
            rewritten
        })
    }
}

/// A `<picture>` offering `offered` for a place `sizes` wide.
pub fn picture(offered: &Offered, sizes: &str, shown: &Shown) -> String {
    let sizes = attribute(sizes);
    let mut html = String::from("<picture>");
    if let Some(webp) = &offered.webp_srcset {
        let _ = write!(
            html,
            r#"<source type="image/webp" srcset="{webp}" sizes="{sizes}">"#
        );
    }
    let _ = write!(
        html,
        r#"<img src="{}" srcset="{}" sizes="{sizes}" width="{}" height="{}" alt="{}""#,
        offered.src,
        offered.srcset,
        offered.width,
        offered.height,
        attribute(shown.alt),
    );
    if !shown.title.is_empty() {
        let _ = write!(html, r#" title="{}""#, attribute(shown.title));
    }
    if shown.lazy {
        html.push_str(r#" loading="lazy""#);
    }
    html.push_str(r#" decoding="async"></picture>"#);
    html
}
