//! The photos a site can publish: every JPEG, PNG and WebP file of the
//! site's `static/` folder and of its page bundles, by the site path it is
//! published at, with its header read once (when the outputs are planned,
//! or before, when a body shows it). A theme's own images are not photos and are not here.
//!
//! One definition of "a photo" is here too: [`photos_of`], the distinct
//! photos a published item shows, which the build summary, the statistics
//! page and the report all count.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use typed_index_collections::TiVec;

use super::{ImageId, Page};
use crate::load::front_matter::{FrontMatter, KeyLines};
use crate::load::images::{Probe, RasterFormat, probe};
use crate::render::markdown::RenderedMarkdown;

/// A photo's file and where the site publishes it.
#[derive(Debug)]
pub struct ImageFile {
    /// Its site path: `/bai-viet/tap-huan/anh-1.jpg`.
    pub path: String,
    /// Where it is read from.
    pub disk: PathBuf,
    /// How messages name it: `content/bai-viet/tap-huan/anh-1.jpg`.
    pub shown: PathBuf,
    probe: OnceLock<Result<Probe, String>>,
}

impl ImageFile {
    /// What its header says, read once; the error is a sentence for
    /// messages.
    pub fn probe(&self) -> Result<&Probe, &str> {
        self.probe
            .get_or_init(|| probe(&self.disk))
            .as_ref()
            .map_err(String::as_str)
    }
}

/// Every photo of the site, by site path.
#[derive(Debug, Default)]
pub struct ImageCatalogue {
    pub files: TiVec<ImageId, ImageFile>,
    by_path: FxHashMap<String, ImageId>,
}

impl ImageCatalogue {
    /// A catalogue of `(site path, file on disk, file as messages name it)`;
    /// a later file of one site path replaces an earlier one, as a bundle's
    /// file replaces a static file it lands on.
    pub fn of(files: impl IntoIterator<Item = (String, PathBuf, PathBuf)>) -> ImageCatalogue {
        let mut catalogue = ImageCatalogue::default();
        for (path, disk, shown) in files {
            if RasterFormat::of_name(&path).is_none() {
                continue;
            }
            let file = ImageFile {
                path: path.clone(),
                disk,
                shown,
                probe: OnceLock::new(),
            };
            match catalogue.by_path.get(&path) {
                Some(&id) => catalogue.files[id] = file,
                None => {
                    let id = catalogue.files.push_and_get_key(file);
                    catalogue.by_path.insert(path, id);
                }
            }
        }
        catalogue
    }

    /// The photo published at `site_path` (`/anh/a.jpg`, decoded, without
    /// query or anchor).
    pub fn find(&self, site_path: &str) -> Option<ImageId> {
        self.by_path.get(site_path).copied()
    }

    /// The photo of the site a page at `page_path` names `written`, with
    /// its header, when it is one and can be read.
    pub fn readable(&self, page_path: &str, written: &str) -> Option<(&ImageFile, &Probe)> {
        let file = &self.files[self.find(&site_path_of(page_path, written)?)?];
        Some((file, file.probe().ok()?))
    }
}

/// The site path of an image a page names: from the site root when it
/// starts with `/`, otherwise beside the page; `None` for another site's
/// image, a `data:` URL, or a path climbing above the site.
pub fn site_path_of(page_path: &str, written: &str) -> Option<String> {
    if crate::text::url::is_absolute(written) || written.starts_with("//") {
        return None;
    }
    crate::render::links::resolve_path(page_path, written)
}

/// An image of the front matter with no description (`alt`), and where
/// it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undescribed {
    pub src: String,
    pub line: usize,
    /// One of the `gallery`, rather than the `image`.
    pub in_gallery: bool,
}

/// The images of a front matter that have no description, in the order
/// written: its `image` (an `alt: ""` marks decoration), then its gallery.
pub fn undescribed_in_front(front: &FrontMatter, lines: &KeyLines) -> Vec<Undescribed> {
    let image = front
        .image
        .as_ref()
        .filter(|image| image.alt.is_none())
        .map(|image| Undescribed {
            src: image.src.clone(),
            line: lines.line_of("image"),
            in_gallery: false,
        });
    let gallery = front
        .gallery
        .iter()
        .filter(|photo| photo.alt.is_none())
        .map(|photo| Undescribed {
            src: photo.src.clone(),
            line: lines.line_of("gallery"),
            in_gallery: true,
        });
    image.into_iter().chain(gallery).collect()
}

/// A photo of an item's gallery, its folder entries expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryEntry<'a> {
    /// Its site path, or its address on another site.
    pub path: String,
    pub alt: Option<&'a str>,
    pub caption: Option<&'a str>,
}

/// The photos of an item's gallery, in order: a folder entry gives the
/// photos of that folder of the bundle, by name.
pub fn gallery_of<'a>(catalogue: &ImageCatalogue, page: &'a Page) -> Vec<GalleryEntry<'a>> {
    let mut entries = Vec::new();
    for photo in &page.front.gallery {
        let entry = |path: String| GalleryEntry {
            path,
            alt: photo.alt.as_deref(),
            caption: photo.caption.as_deref(),
        };
        let Some(path) = site_path_of(&page.path, &photo.src) else {
            entries.push(entry(photo.src.clone()));
            continue;
        };
        if !photo.src.ends_with('/') {
            entries.push(entry(path));
            continue;
        }
        let folder = if path.ends_with('/') {
            path
        } else {
            format!("{path}/")
        };
        let mut inside: Vec<&str> = catalogue
            .files
            .iter()
            .map(|file| file.path.as_str())
            .filter(|file| {
                file.strip_prefix(&folder)
                    .is_some_and(|rest| !rest.contains('/'))
            })
            .collect();
        inside.sort_unstable();
        entries.extend(inside.into_iter().map(|file| entry(file.to_owned())));
    }
    entries
}

/// The distinct photos a published item shows: the images of its body,
/// its gallery and its front matter `image`, each file once however often
/// it is shown, less those marked as decoration (`alt: ""`). Images of
/// other sites are counted too, by their address: they are photos the
/// item publishes.
pub fn photos_of(
    catalogue: &ImageCatalogue,
    page: &Page,
    body: &RenderedMarkdown,
) -> BTreeSet<String> {
    let place = |written: &str| site_path_of(&page.path, written).unwrap_or(written.to_owned());
    let mut photos: BTreeSet<String> = body.images.iter().map(|src| place(src)).collect();
    photos.extend(
        gallery_of(catalogue, page)
            .into_iter()
            .filter(|entry| entry.alt != Some(""))
            .map(|entry| entry.path),
    );
    if let Some(image) = &page.front.image
        && image.alt.as_deref() != Some("")
    {
        photos.insert(place(&image.src));
    }
    photos
}
