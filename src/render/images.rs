//! Photos made light for readers: each decoded once, turned upright, cut
//! down to the site's widths (never enlarged), encoded as WebP and in its
//! own format, and published without its metadata (a phone photo carries
//! where it was taken and the camera's serial). What is made is kept in a
//! cache outside the output folder, by what it was made from, so that a
//! build with nothing changed decodes nothing.

use std::hash::Hasher;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader};
use img_parts::{Bytes, ImageEXIF};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::load::config::ImagesConfig;
use crate::load::images::{Probe, RasterFormat};

/// Changes whenever what loa makes of a photo changes, so that files
/// cached by an earlier version are made again.
const PROCESSING: u32 = 1;

/// A file made of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rendition {
    /// The photo at its own size, as its site path publishes it.
    Original,
    /// The photo at one of the site's widths.
    Resized {
        width: u32,
        height: u32,
        format: RasterFormat,
    },
    /// The photo as a page shows it when shared: cut from its centre to
    /// the proportions of [`SHARED`], no larger than that.
    Shared {
        width: u32,
        height: u32,
        format: RasterFormat,
    },
}

impl Rendition {
    /// Its width and height, when it is not the original.
    pub fn size(self) -> Option<(u32, u32)> {
        match self {
            Rendition::Original => None,
            Rendition::Resized { width, height, .. } | Rendition::Shared { width, height, .. } => {
                Some((width, height))
            }
        }
    }
}

/// The size Open Graph asks of the picture of a shared page.
pub const SHARED: (u32, u32) = (1200, 630);

/// The shared picture of a photo: [`SHARED`]'s proportions, as much of
/// the photo as they allow, never enlarged.
pub fn shared(probe: &Probe) -> Rendition {
    let (across, down) = (u64::from(SHARED.0), u64::from(SHARED.1));
    let (width, height) = (u64::from(probe.width), u64::from(probe.height));
    let (cut_width, cut_height) = match width * down > height * across {
        true => ((height * across + down / 2) / down, height),
        false => (width, (width * down + across / 2) / across),
    };
    let (width, height) = match cut_width > across {
        true => (across, down),
        false => (cut_width, cut_height.max(1)),
    };
    Rendition::Shared {
        width: u32::try_from(width).unwrap_or(SHARED.0),
        height: u32::try_from(height).unwrap_or(SHARED.1),
        format: shared_format(probe),
    }
}

/// The format of a photo's shared picture: JPEG unless the photo is a PNG
/// (which may be transparent).
fn shared_format(probe: &Probe) -> RasterFormat {
    match probe.format {
        RasterFormat::Png => RasterFormat::Png,
        _ => RasterFormat::Jpeg,
    }
}

/// The resized files of a photo: each width of `config` narrower than the
/// photo, and the photo's own width when a wider one was asked for; at each
/// width, the photo's own format and WebP. Ordered by width.
pub fn resized(probe: &Probe, config: &ImagesConfig) -> Vec<Rendition> {
    let mut widths: Vec<u32> = config
        .widths
        .iter()
        .copied()
        .filter(|&width| width < probe.width)
        .collect();
    if config.widths.iter().any(|&width| width >= probe.width) {
        widths.push(probe.width);
    }
    let formats: &[RasterFormat] = match probe.format {
        RasterFormat::Webp => &[RasterFormat::Webp],
        own => &[own, RasterFormat::Webp][..],
    };
    let mut made = Vec::with_capacity(widths.len() * formats.len());
    for width in widths {
        let height = scaled_height(probe, width);
        for &format in formats {
            // A very tall picture (a long infographic) has no WebP at the
            // widths that would make it taller than WebP allows.
            if format == RasterFormat::Webp && height > WEBP_TALLEST {
                continue;
            }
            made.push(Rendition::Resized {
                width,
                height,
                format,
            });
        }
    }
    made
}

/// The most pixels a WebP file holds on a side.
const WEBP_TALLEST: u32 = 16383;

fn scaled_height(probe: &Probe, width: u32) -> u32 {
    let across = u64::from(probe.width).max(1);
    // Rounded to the nearest pixel, as the browser would scale it.
    let height = (u64::from(probe.height) * u64::from(width) + across / 2) / across;
    u32::try_from(height).unwrap_or(u32::MAX).max(1)
}

/// The site path of a file made of the photo at `photo_path`: the photo's
/// own path for the original, `anh-480w.webp` beside it for a width.
pub fn path_of(photo_path: &str, made: Rendition) -> String {
    let stem = match photo_path.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with('/') => stem,
        _ => photo_path,
    };
    match made {
        Rendition::Original => photo_path.to_owned(),
        Rendition::Resized { width, format, .. } => {
            format!("{stem}-{width}w.{}", format.extension())
        }
        Rendition::Shared {
            width,
            height,
            format,
        } => format!("{stem}-{width}x{height}.{}", format.extension()),
    }
}

/// Characters a URL made of a site path cannot hold as they are: a space or
/// a comma would end it in a `srcset`, a quote the attribute, `#` and `?`
/// would start an anchor or a query, and `%` an escape.
const IN_SRCSET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b',')
    .add(b'%')
    .add(b'#')
    .add(b'?')
    .add(b'&')
    .add(b'"')
    .add(b'\'')
    .add(b'<')
    .add(b'>');

/// A site path written as URLs hold it: `/anh/ảnh 1.jpg` →
/// `/anh/%E1%BA%A3nh%201.jpg`.
pub fn encoded_path(path: &str) -> String {
    utf8_percent_encode(path, IN_SRCSET).to_string()
}

/// What a page offers of a photo: every width made of it in its own format
/// and in WebP, for the browser to take the smallest that fills its place,
/// the widest as the fallback, and that one's size.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Offered {
    pub src: String,
    pub srcset: String,
    /// `None` when the photo is a WebP itself.
    pub webp_srcset: Option<String>,
    pub width: u32,
    pub height: u32,
}

/// What is offered of the photo at `photo_path`, its URLs made by `url_for`
/// from site paths.
pub fn offered(
    photo_path: &str,
    probe: &Probe,
    config: &ImagesConfig,
    url_for: impl Fn(&str) -> String,
) -> Option<Offered> {
    let made = resized(probe, config);
    let url = |made: Rendition| {
        let path = path_of(photo_path, made);
        url_for(&encoded_path(&path))
    };
    let srcset = |wanted: RasterFormat| {
        let mut set = String::new();
        for &made in &made {
            if let Rendition::Resized { width, format, .. } = made
                && format == wanted
            {
                if !set.is_empty() {
                    set.push_str(", ");
                }
                set.push_str(&url(made));
                set.push(' ');
                set.push_str(&width.to_string());
                set.push('w');
            }
        }
        set
    };
    let &largest = made.iter().rev().find(
        |made| matches!(made, Rendition::Resized { format, .. } if *format == probe.format),
    )?;
    let Rendition::Resized { width, height, .. } = largest else {
        return None;
    };
    Some(Offered {
        src: url(largest),
        srcset: srcset(probe.format),
        webp_srcset: Some(srcset(RasterFormat::Webp))
            .filter(|set| probe.format != RasterFormat::Webp && !set.is_empty()),
        width,
        height,
    })
}

/// Settings that change every file made of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Settings {
    pub quality: u8,
    pub keep_metadata: bool,
}

impl Settings {
    pub fn of(config: &ImagesConfig) -> Settings {
        Settings {
            quality: config.quality,
            keep_metadata: config.keep_metadata,
        }
    }
}

/// Where made files are kept between builds: `.loa-cache/images/` in the
/// site's folder, one file per made file, named by what it was made from.
#[derive(Debug, Clone)]
pub struct ImageCache {
    folder: PathBuf,
}

/// The folder of the site's caches, which no build publishes.
pub const CACHE_FOLDER: &str = ".loa-cache";

impl ImageCache {
    pub fn of_site(root: &Path) -> ImageCache {
        ImageCache {
            folder: root.join(CACHE_FOLDER).join("images"),
        }
    }

    fn file_of(&self, key: u128) -> PathBuf {
        let name = format!("{key:032x}");
        self.folder.join(&name[..2]).join(name)
    }

    /// The cache keys of the files `wanted` made of the photo whose file
    /// holds `source`, each made now unless the cache holds it: the photo is
    /// decoded once however many are missing. The original is wanted here
    /// only when it must be turned upright. The error is a sentence for
    /// messages.
    pub fn make(
        &self,
        source: &[u8],
        probe: &Probe,
        wanted: &[Rendition],
        settings: Settings,
    ) -> Result<Vec<u128>, String> {
        let of_source = xxhash_rust::xxh3::xxh3_128(source);
        let keys: Vec<u128> = wanted
            .iter()
            .map(|&made| key_of(of_source, probe, made, settings))
            .collect();
        let mut upright: Option<DynamicImage> = None;
        for (&made, &key) in wanted.iter().zip(&keys) {
            if self.file_of(key).is_file() {
                continue;
            }
            let pixels = match upright {
                Some(ref pixels) => pixels,
                None => upright.insert(decode_upright(source)?),
            };
            let bytes = match made {
                Rendition::Original => encode(pixels, probe.format, settings.quality.max(90))?,
                Rendition::Resized {
                    width,
                    height,
                    format,
                } => encode(
                    &resize(pixels, None, width, height)?,
                    format,
                    settings.quality,
                )?,
                Rendition::Shared {
                    width,
                    height,
                    format,
                } => {
                    let cut = centre_cut(pixels.width(), pixels.height());
                    encode(
                        &resize(pixels, Some(cut), width, height)?,
                        format,
                        settings.quality,
                    )?
                }
            };
            self.keep(key, &bytes)?;
        }
        Ok(keys)
    }

    /// Removes every file of the cache but those of `used`. Best effort: a
    /// file that cannot be removed only takes room, and is tried again by
    /// the next build.
    pub fn keep_only(&self, used: &rustc_hash::FxHashSet<u128>) {
        let Ok(folders) = std::fs::read_dir(&self.folder) else {
            return;
        };
        for folder in folders.flatten() {
            let Ok(files) = std::fs::read_dir(folder.path()) else {
                continue;
            };
            for file in files.flatten() {
                let name = file.file_name();
                let kept = name
                    .to_str()
                    .and_then(|name| u128::from_str_radix(name, 16).ok())
                    .is_some_and(|key| used.contains(&key));
                if !kept {
                    let _ = std::fs::remove_file(file.path());
                }
            }
        }
    }

    /// A file the cache holds, by its key.
    pub fn read(&self, key: u128) -> Result<Vec<u8>, String> {
        std::fs::read(self.file_of(key)).map_err(|error| error.to_string())
    }

    /// Writes a made file into the cache, by way of a temporary file so a
    /// build stopped halfway never leaves half a file under a good name.
    fn keep(&self, key: u128, bytes: &[u8]) -> Result<(), String> {
        let file = self.file_of(key);
        let failed = |error: std::io::Error| {
            crate::t!(
                "image-cache-failed",
                folder = self.folder.display(),
                reason = error
            )
            .text
        };
        let folder = file.parent().unwrap_or(&self.folder);
        std::fs::create_dir_all(folder).map_err(failed)?;
        // Two photos of the same bytes make the same files, maybe at once
        // on two threads: each writes a temporary file of its own.
        static WRITTEN: AtomicU64 = AtomicU64::new(0);
        let number = WRITTEN.fetch_add(1, Ordering::Relaxed);
        let waiting = file.with_extension(format!("{}-{number}.part", std::process::id()));
        std::fs::write(&waiting, bytes).map_err(failed)?;
        std::fs::rename(&waiting, &file).map_err(failed)
    }
}

/// What a made file is made from: the photo's content, what is made of it,
/// and how.
fn key_of(of_source: u128, probe: &Probe, made: Rendition, settings: Settings) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.write_u32(PROCESSING);
    hasher.write_u128(of_source);
    let (kind, width, height, format) = match made {
        Rendition::Original => (0, 0, 0, probe.format),
        Rendition::Resized {
            width,
            height,
            format,
        } => (1, width, height, format),
        Rendition::Shared {
            width,
            height,
            format,
        } => (2, width, height, format),
    };
    hasher.write_u8(kind);
    hasher.write_u32(width);
    hasher.write_u32(height);
    hasher.write(format.extension().as_bytes());
    hasher.write_u8(settings.quality);
    hasher.write_u8(u8::from(settings.keep_metadata));
    hasher.digest128()
}

/// The photo's pixels, turned as its orientation says.
fn decode_upright(source: &[u8]) -> Result<DynamicImage, String> {
    let mut decoder = ImageReader::new(Cursor::new(source))
        .with_guessed_format()
        .map_err(|error| error.to_string())?
        .into_decoder()
        .map_err(|error| error.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(|error| error.to_string())?;
    pixels.apply_orientation(orientation);
    Ok(pixels)
}

/// The part of a `width` × `height` photo its shared picture shows: the
/// widest region of [`SHARED`]'s proportions, at its centre, as (left, top,
/// width, height).
fn centre_cut(width: u32, height: u32) -> (f64, f64, f64, f64) {
    let (width, height) = (f64::from(width), f64::from(height));
    let proportion = f64::from(SHARED.0) / f64::from(SHARED.1);
    if width / height > proportion {
        let cut = height * proportion;
        ((width - cut) / 2.0, 0.0, cut, height)
    } else {
        let cut = width / proportion;
        (0.0, (height - cut) / 2.0, width, cut)
    }
}

/// The pixels (of the region `cut`, when given) cut down to `width` ×
/// `height`, with a Lanczos filter; in RGB, or RGBA when the photo has
/// transparency.
fn resize(
    pixels: &DynamicImage,
    cut: Option<(f64, f64, f64, f64)>,
    width: u32,
    height: u32,
) -> Result<DynamicImage, String> {
    let (source, kind) = match pixels.color().has_alpha() {
        true => (DynamicImage::ImageRgba8(pixels.to_rgba8()), PixelType::U8x4),
        false => (DynamicImage::ImageRgb8(pixels.to_rgb8()), PixelType::U8x3),
    };
    let from = Image::from_vec_u8(source.width(), source.height(), source.into_bytes(), kind)
        .map_err(|error| error.to_string())?;
    let mut to = Image::new(width, height, kind);
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if let Some((left, top, across, down)) = cut {
        options = options.crop(left, top, across, down);
    }
    Resizer::new()
        .resize(&from, &mut to, &options)
        .map_err(|error| error.to_string())?;
    let bytes = to.into_vec();
    let made = match kind {
        PixelType::U8x4 => {
            image::RgbaImage::from_raw(width, height, bytes).map(DynamicImage::ImageRgba8)
        }
        _ => image::RgbImage::from_raw(width, height, bytes).map(DynamicImage::ImageRgb8),
    };
    made.ok_or_else(|| crate::t!("image-empty").text)
}

/// The pixels encoded in `format`, with no metadata.
fn encode(pixels: &DynamicImage, format: RasterFormat, quality: u8) -> Result<Vec<u8>, String> {
    let (width, height) = (pixels.width(), pixels.height());
    let alpha = pixels.color().has_alpha();
    let mut out = Vec::new();
    match format {
        RasterFormat::Jpeg => {
            let rgb = pixels.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, quality)
                .write_image(&rgb, width, height, ExtendedColorType::Rgb8)
                .map_err(|error| error.to_string())?;
        }
        RasterFormat::Png => {
            let encoder = PngEncoder::new(&mut out);
            let result = match alpha {
                true => {
                    encoder.write_image(&pixels.to_rgba8(), width, height, ExtendedColorType::Rgba8)
                }
                false => {
                    encoder.write_image(&pixels.to_rgb8(), width, height, ExtendedColorType::Rgb8)
                }
            };
            result.map_err(|error| error.to_string())?;
        }
        RasterFormat::Webp => {
            let (bytes, layout) = match alpha {
                true => (pixels.to_rgba8().into_raw(), webp::PixelLayout::Rgba),
                false => (pixels.to_rgb8().into_raw(), webp::PixelLayout::Rgb),
            };
            let encoded = webp::Encoder::new(&bytes, layout, width, height)
                .encode_simple(false, f32::from(quality))
                .map_err(|error| format!("{error:?}"))?;
            out.extend_from_slice(&encoded);
        }
    }
    Ok(out)
}

/// The JPEG segments a picture needs to show as it was meant: the JFIF
/// header, a colour profile, Adobe's colour transform. Everything else
/// before the image data (EXIF, XMP, IPTC, comments, maker notes, embedded
/// previews) is metadata.
fn keeps_jpeg_segment(marker: u8, contents: &[u8]) -> bool {
    const APP0: u8 = 0xE0;
    const APP2: u8 = 0xE2;
    const APP14: u8 = 0xEE;
    const COMMENT: u8 = 0xFE;
    match marker {
        APP0 => contents.starts_with(b"JFIF\0"),
        APP2 => contents.starts_with(b"ICC_PROFILE\0"),
        APP14 => contents.starts_with(b"Adobe"),
        0xE1..=0xEF | COMMENT => false,
        _ => true,
    }
}

/// Where a JPEG's picture ends: just after the marker that closes its last
/// scan. Phones put more after it (the second picture of a multi-picture
/// file, a motion photo's video, maker data), which a reader never sees and
/// which is metadata of its own. `None` when the file is not read to an end.
fn image_end(bytes: &[u8]) -> Option<usize> {
    const END: u8 = 0xD9;
    const SCAN: u8 = 0xDA;
    if bytes.get(..2) != Some(&[0xFF, 0xD8][..]) {
        return None;
    }
    let mut at = 2;
    let mut in_scan = false;
    while at + 1 < bytes.len() {
        if bytes[at] != 0xFF {
            match in_scan {
                true => {
                    at += 1;
                    continue;
                }
                false => return None,
            }
        }
        match bytes[at + 1] {
            END => return Some(at + 2),
            // Fill bytes, and in a scan an escaped 0xFF or a restart.
            0xFF => at += 1,
            0x00 | 0xD0..=0xD7 if in_scan => at += 2,
            0x01 | 0xD0..=0xD7 => at += 2,
            marker => {
                let length = usize::from(u16::from_be_bytes([
                    *bytes.get(at + 2)?,
                    *bytes.get(at + 3)?,
                ]));
                at += 2 + length;
                in_scan = marker == SCAN;
            }
        }
    }
    None
}

/// PNG chunks that carry text, dates or EXIF rather than the picture.
const PNG_METADATA: [[u8; 4]; 5] = [*b"tEXt", *b"zTXt", *b"iTXt", *b"eXIf", *b"tIME"];

/// The file without its metadata, pixels untouched.
pub fn without_metadata(source: &[u8], format: RasterFormat) -> Result<Vec<u8>, String> {
    let bytes = Bytes::copy_from_slice(source);
    let unreadable = |error: img_parts::Error| error.to_string();
    let stripped = match format {
        RasterFormat::Jpeg => {
            let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(bytes).map_err(unreadable)?;
            jpeg.segments_mut()
                .retain(|segment| keeps_jpeg_segment(segment.marker(), segment.contents()));
            let bytes = jpeg.encoder().bytes();
            let end = image_end(&bytes).unwrap_or(bytes.len());
            bytes.slice(..end)
        }
        RasterFormat::Png => {
            let mut png = img_parts::png::Png::from_bytes(bytes).map_err(unreadable)?;
            png.chunks_mut()
                .retain(|chunk| !PNG_METADATA.contains(&chunk.kind()));
            png.encoder().bytes()
        }
        RasterFormat::Webp => {
            let mut webp = img_parts::webp::WebP::from_bytes(bytes).map_err(unreadable)?;
            webp.remove_chunks_by_id(*b"XMP ");
            // Also marks the header as carrying neither.
            webp.set_exif(None);
            webp.encoder().bytes()
        }
    };
    Ok(stripped.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(width: u32, height: u32, format: RasterFormat) -> Probe {
        Probe {
            width,
            height,
            format,
            orientation: 1,
            stamp: 0,
        }
    }

    #[test]
    fn photos_are_never_enlarged() {
        let config = ImagesConfig::default();
        let widths = |probe: &Probe| -> Vec<u32> {
            resized(probe, &config)
                .into_iter()
                .filter_map(|made| match made {
                    Rendition::Resized {
                        width,
                        format: RasterFormat::Webp,
                        ..
                    } => Some(width),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            widths(&probe(3000, 2000, RasterFormat::Jpeg)),
            [480, 960, 1600]
        );
        assert_eq!(
            widths(&probe(1200, 800, RasterFormat::Jpeg)),
            [480, 960, 1200]
        );
        assert_eq!(widths(&probe(300, 200, RasterFormat::Png)), [300]);
        assert_eq!(
            widths(&probe(1600, 900, RasterFormat::Jpeg)),
            [480, 960, 1600]
        );
        let made = resized(&probe(3000, 2000, RasterFormat::Jpeg), &config);
        assert_eq!(
            made[0],
            Rendition::Resized {
                width: 480,
                height: 320,
                format: RasterFormat::Jpeg
            }
        );
        assert_eq!(
            resized(&probe(800, 600, RasterFormat::Webp), &config).len(),
            2
        );
        // A long infographic: no WebP taller than WebP can be.
        let long = probe(1080, 20000, RasterFormat::Jpeg);
        assert_eq!(widths(&long), [480]);
        assert_eq!(resized(&long, &config).len(), 1 + 3);
    }

    #[test]
    fn made_files_sit_beside_the_photo() {
        let made = Rendition::Resized {
            width: 480,
            height: 320,
            format: RasterFormat::Webp,
        };
        assert_eq!(path_of("/tin/a/anh.jpg", made), "/tin/a/anh-480w.webp");
        assert_eq!(
            path_of("/tin/a/anh.jpg", Rendition::Original),
            "/tin/a/anh.jpg"
        );
    }

    #[test]
    fn metadata_is_removed_and_pixels_kept() {
        let pixels = DynamicImage::ImageRgb8(image::RgbImage::from_fn(32, 16, |x, y| {
            image::Rgb([(x * 8) as u8, (y * 16) as u8, 90])
        }));
        let jpeg = encode(&pixels, RasterFormat::Jpeg, 90).unwrap();
        // An EXIF segment with a camera serial, put after the JFIF header.
        let mut exif = vec![0xFF, 0xE1, 0, 26];
        exif.extend_from_slice(b"Exif\0\0SERIAL-12345678\0\0\0");
        let mut tagged = jpeg[..2].to_vec();
        tagged.extend_from_slice(&exif);
        tagged.extend_from_slice(&jpeg[2..]);
        let contains = |bytes: &[u8], what: &[u8]| bytes.windows(what.len()).any(|w| w == what);
        assert!(contains(&tagged, b"SERIAL-12345678"));
        let stripped = without_metadata(&tagged, RasterFormat::Jpeg).unwrap();
        assert!(!contains(&stripped, b"SERIAL-12345678"));
        // What a phone appends after the picture goes too.
        let mut trailed = tagged.clone();
        trailed.extend_from_slice(b"\xFF\xD8MOTION-PHOTO-VIDEO\xFF\xD9");
        let stripped_trailer = without_metadata(&trailed, RasterFormat::Jpeg).unwrap();
        assert!(!contains(&stripped_trailer, b"MOTION-PHOTO"));
        assert_eq!(stripped_trailer, stripped);
        let decoded = image::load_from_memory(&stripped).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (32, 16));
        assert_eq!(
            decoded.to_rgb8().as_raw(),
            image::load_from_memory(&jpeg).unwrap().to_rgb8().as_raw(),
            "the image data is untouched"
        );
    }
}
