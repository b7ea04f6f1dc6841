//! Photos of a body as pictures: a photo of the site becomes a `<picture>`
//! offering WebP and its own format at each width made of it, for the
//! browser to take the smallest that fills its place; its size is given, so
//! the text does not jump as it loads, and every photo after the first
//! loads only when the reader scrolls near it.

use std::fmt::Write;

use html_escape::encode_double_quoted_attribute as attribute;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::load::config::ImagesConfig;
use crate::load::images::RasterFormat;
use crate::model::images::{ImageCatalogue, site_path_of};
use crate::render::images::{Rendition, path_of, resized};

/// What pictures are made with: the site's photos and how they are
/// published.
#[derive(Clone, Copy)]
pub struct Pictures<'a> {
    pub catalogue: &'a ImageCatalogue,
    pub config: &'a ImagesConfig,
}

/// Characters a URL in `srcset` cannot hold as they are: a space or a comma
/// would end the URL, a quote the attribute.
const IN_SRCSET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b',')
    .add(b'"')
    .add(b'\'')
    .add(b'<')
    .add(b'>');

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
        let site_path = site_path_of(page_path, written)?;
        let file = &self.catalogue.files[self.catalogue.find(&site_path)?];
        let probe = file.probe().ok()?;
        let made = resized(probe, self.config);
        let url = |made: Rendition| {
            let path = path_of(&file.path, made);
            let encoded = utf8_percent_encode(path.trim_start_matches('/'), IN_SRCSET);
            format!("{base_path}{encoded}")
        };
        let srcset = |wanted: RasterFormat| {
            let mut set = String::new();
            for &made in &made {
                if let Rendition::Resized { width, format, .. } = made
                    && format == wanted
                {
                    let separator = if set.is_empty() { "" } else { ", " };
                    let _ = write!(set, "{separator}{} {width}w", url(made));
                }
            }
            set
        };
        let largest = made.iter().rev().find(
            |made| matches!(made, Rendition::Resized { format, .. } if *format == probe.format),
        )?;
        let Rendition::Resized { width, height, .. } = *largest else {
            return None;
        };
        let sizes = attribute(&self.config.sizes);
        let mut html = String::from("<picture>");
        if probe.format != RasterFormat::Webp {
            let _ = write!(
                html,
                r#"<source type="image/webp" srcset="{}" sizes="{sizes}">"#,
                srcset(RasterFormat::Webp)
            );
        }
        let _ = write!(
            html,
            r#"<img src="{}" srcset="{}" sizes="{sizes}" width="{width}" height="{height}" alt="{}""#,
            url(*largest),
            srcset(probe.format),
            attribute(shown.alt),
        );
        if !shown.title.is_empty() {
            let _ = write!(html, r#" title="{}""#, attribute(shown.title));
        }
        if shown.lazy {
            html.push_str(r#" loading="lazy""#);
        }
        html.push_str(r#" decoding="async"></picture>"#);
        Some(html)
    }
}
