//! Photos as outputs: every photo of the site published at its own path
//! without its metadata, and the photos pages show at every width made of
//! them, taken from the image cache or made there first.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use rayon::prelude::*;
use typed_index_collections::TiVec;

use super::{Job, Output, Producer};
use crate::error::Diagnostic;
use crate::load::config::ImagesConfig;
use crate::model::images::{ImageFile, gallery_of, site_path_of};
use crate::model::{ImageId, Site};
use crate::render::RenderedBodies;
use crate::render::images::{ImageCache, Rendition, Settings, path_of, resized};

/// What is made of each photo, and what was made of it in this run.
pub(super) struct Photos {
    /// For each photo, the files made of it: the original first, then its
    /// widths when a page shows it.
    pub(super) made: TiVec<ImageId, Vec<Rendition>>,
    settings: Settings,
    cache: ImageCache,
    /// For each photo, the cache keys of the files that need its pixels,
    /// made the first time one of them is asked for.
    decoded: TiVec<ImageId, OnceLock<Result<CacheKeys, Diagnostic>>>,
}

/// The files made of a photo's pixels, with where the cache keeps each.
type CacheKeys = Vec<(Rendition, u128)>;

impl Photos {
    pub(super) fn of(site: &Site, bodies: &RenderedBodies) -> Photos {
        // Each photo's header is read once, on whichever thread is free.
        site.images.files.raw.par_iter().for_each(|file| {
            let _ = file.probe();
        });
        let shown = shown_photos(site, bodies);
        let shared = shared_photos(site);
        let config: &ImagesConfig = &site.config.images;
        let made = site
            .images
            .files
            .iter_enumerated()
            .map(|(id, file)| {
                let mut made = vec![Rendition::Original];
                if let Ok(probe) = file.probe() {
                    if shown.contains(&id) {
                        made.extend(resized(probe, config));
                    }
                    if shared.contains(&id) {
                        made.push(crate::render::images::shared(probe));
                    }
                }
                made
            })
            .collect();
        Photos {
            made,
            settings: Settings::of(config),
            cache: ImageCache::of_site(&site.root),
            decoded: site.images.files.iter().map(|_| OnceLock::new()).collect(),
        }
    }
}

/// The photos pages are shared with: their front matter's image, or the
/// site's `share_image`.
fn shared_photos(site: &Site) -> BTreeSet<ImageId> {
    let fronts = site.pages.iter().filter_map(|page| {
        let image = page.front.image.as_ref()?;
        site_path_of(&page.path, &image.src)
    });
    let site_wide = site
        .config
        .share_image
        .as_deref()
        .and_then(|src| site_path_of("/", src));
    fronts
        .chain(site_wide)
        .filter_map(|path| site.images.find(&path))
        .collect()
}

/// The photos that pages show: in their bodies, their galleries, or as
/// their front matter's image.
fn shown_photos(site: &Site, bodies: &RenderedBodies) -> BTreeSet<ImageId> {
    let of_pages = site
        .pages
        .iter()
        .zip(&bodies.pages)
        .flat_map(|(page, body)| {
            let front = page.front.image.iter().map(|image| image.src.clone());
            let gallery = gallery_of(&site.images, page)
                .into_iter()
                .map(|entry| entry.path);
            body.images
                .iter()
                .cloned()
                .chain(front)
                .chain(gallery)
                .map(|written| (page.path.as_str(), written))
        });
    let of_sections = site
        .sections
        .iter()
        .zip(&bodies.sections)
        .flat_map(|(section, body)| {
            body.images
                .iter()
                .map(|written| (section.path.as_str(), written.clone()))
        });
    of_pages
        .chain(of_sections)
        .filter_map(|(page_path, written)| site.images.find(&site_path_of(page_path, &written)?))
        .collect()
}

impl<'a> Producer<'a> {
    /// A job for every file made of every photo.
    pub(super) fn photo_jobs(&self) -> impl Iterator<Item = Job> + '_ {
        self.photos
            .made
            .iter_enumerated()
            .flat_map(|(image, made)| (0..made.len()).map(move |made| Job::Photo { image, made }))
    }

    /// Where a file made of a photo is written.
    pub(super) fn photo_path(&self, image: ImageId, made: usize) -> String {
        let file = &self.site.images.files[image];
        path_of(&file.path, self.photos.made[image][made])
            .trim_start_matches('/')
            .to_owned()
    }

    /// Photos of the site that cannot be read: published as they are, and
    /// shown as written, with no smaller copies.
    pub fn unreadable_photos(&self) -> Vec<Diagnostic> {
        self.site
            .images
            .files
            .iter()
            .filter_map(|file| {
                let reason = file.probe().err()?;
                Some(
                    Diagnostic::warning(
                        &file.shown,
                        crate::t!("image-unreadable", image = file.path, reason = reason),
                    )
                    .with_help(crate::t!("image-unreadable-help")),
                )
            })
            .collect()
    }

    /// Takes out of the image cache every file this run did not use (those
    /// of photos replaced or removed, or made with other settings), and
    /// files a stopped build left half written. Called after a whole build,
    /// which asked for every file made of every photo.
    pub fn forget_unused_photos(&self) {
        let used: rustc_hash::FxHashSet<u128> = self
            .photos
            .decoded
            .iter()
            .filter_map(|keys| keys.get()?.as_ref().ok())
            .flatten()
            .map(|(_, key)| *key)
            .collect();
        self.photos.cache.keep_only(&used);
    }

    /// Produces a file made of a photo, unless `wanted` says its digest is
    /// one held already. The digest is what the file is made from (the
    /// photo's file as it stands, what is made, and how), so asking costs
    /// no reading of the photo.
    pub(super) fn produce_photo(
        &self,
        image: ImageId,
        made: usize,
        digests: bool,
        wanted: impl FnOnce(u64) -> bool,
    ) -> Result<Option<Output>, Diagnostic> {
        let file = &self.site.images.files[image];
        let what = self.photos.made[image][made];
        let digest = match digests {
            true => {
                let mut hasher = crate::fingerprint::hasher();
                (&file.path, file.probe().ok(), what, self.photos.settings).hash(&mut hasher);
                if file.probe().is_err() {
                    // Published as it is: another unreadable file in its
                    // place is another output.
                    let metadata = std::fs::metadata(&file.disk).ok();
                    metadata
                        .as_ref()
                        .map(std::fs::Metadata::len)
                        .hash(&mut hasher);
                    metadata.and_then(|m| m.modified().ok()).hash(&mut hasher);
                }
                hasher.finish()
            }
            false => 0,
        };
        if !wanted(digest) {
            return Ok(None);
        }
        let bytes = self.photo_bytes(image, file, what)?;
        Ok(Some(Output { digest, bytes }))
    }

    pub(super) fn photo_bytes(
        &self,
        image: ImageId,
        file: &ImageFile,
        what: Rendition,
    ) -> Result<Vec<u8>, Diagnostic> {
        let unreadable = |reason: &dyn std::fmt::Display| {
            Diagnostic::error(
                &file.shown,
                crate::t!("image-unreadable", image = file.path, reason = reason),
            )
        };
        let settings = self.photos.settings;
        let probe = match file.probe() {
            Ok(probe) => probe,
            // Reported once by the plan; published as it is.
            Err(_) => return std::fs::read(&file.disk).map_err(|error| unreadable(&error)),
        };
        if what == Rendition::Original && (settings.keep_metadata || probe.orientation == 1) {
            let source = std::fs::read(&file.disk).map_err(|error| unreadable(&error))?;
            return match settings.keep_metadata {
                true => Ok(source),
                false => crate::render::images::without_metadata(&source, probe.format)
                    .map_err(|reason| unreadable(&reason)),
            };
        }
        let keys = self.photos.decoded[image].get_or_init(|| {
            let source = std::fs::read(&file.disk).map_err(|error| unreadable(&error))?;
            let wanted: Vec<Rendition> = self.photos.made[image]
                .iter()
                .copied()
                .filter(|&made| made != Rendition::Original || probe.orientation != 1)
                .collect();
            let keys = self
                .photos
                .cache
                .make(&source, probe, &wanted, settings)
                .map_err(|reason| unreadable(&reason))?;
            Ok(wanted.into_iter().zip(keys).collect())
        });
        let keys = keys.as_ref().map_err(Clone::clone)?;
        let key = keys
            .iter()
            .find(|(made, _)| *made == what)
            .map(|(_, key)| *key)
            .ok_or_else(|| unreadable(&crate::t!("image-empty")))?;
        self.photos
            .cache
            .read(key)
            .map_err(|reason| unreadable(&reason))
    }
}
