//! What a photo's file says of itself before any pixel is decoded: its
//! format, its size as it is meant to be seen (a phone's portrait photo is
//! stored on its side with a note to turn it), and a stamp that changes
//! when the file is replaced.

use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::BufReader;
use std::path::Path;

use image::{ImageDecoder, ImageFormat, ImageReader, metadata::Orientation};

/// The raster formats loa publishes in several widths. GIF (often
/// animated), SVG and the rest are copied as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RasterFormat {
    Jpeg,
    Png,
    Webp,
}

impl RasterFormat {
    /// The format a file name says, for files loa processes.
    pub fn of_name(name: &str) -> Option<RasterFormat> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "jpg" | "jpeg" => Some(RasterFormat::Jpeg),
            "png" => Some(RasterFormat::Png),
            "webp" => Some(RasterFormat::Webp),
            _ => None,
        }
    }

    /// The file extension of files made in this format.
    pub fn extension(self) -> &'static str {
        match self {
            RasterFormat::Jpeg => "jpg",
            RasterFormat::Png => "png",
            RasterFormat::Webp => "webp",
        }
    }

    fn of_image(format: ImageFormat) -> Option<RasterFormat> {
        match format {
            ImageFormat::Jpeg => Some(RasterFormat::Jpeg),
            ImageFormat::Png => Some(RasterFormat::Png),
            ImageFormat::WebP => Some(RasterFormat::Webp),
            _ => None,
        }
    }
}

/// A photo's file as read from its header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Probe {
    /// Width and height as the photo is seen, its orientation applied.
    pub width: u32,
    pub height: u32,
    /// The format of its content (which may not be what its name says).
    pub format: RasterFormat,
    /// The EXIF orientation, 1 when the pixels are stored upright.
    pub orientation: u8,
    /// Size and modification time: another file put in its place changes it.
    pub stamp: u64,
}

/// Reads the header of the photo at `path`. The error is a plain sentence
/// for messages.
pub fn probe(path: &Path) -> Result<Probe, String> {
    let metadata = std::fs::metadata(path).map_err(|error| error.to_string())?;
    let mut stamp = crate::fingerprint::hasher();
    metadata.len().hash(&mut stamp);
    metadata.modified().ok().hash(&mut stamp);
    let file = File::open(path).map_err(|error| error.to_string())?;
    let reader = ImageReader::new(BufReader::new(file))
        .with_guessed_format()
        .map_err(|error| error.to_string())?;
    let format = reader
        .format()
        .and_then(RasterFormat::of_image)
        .ok_or_else(|| crate::t!("image-not-raster").text)?;
    let mut decoder = reader.into_decoder().map_err(|error| error.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (stored_width, stored_height) = decoder.dimensions();
    if stored_width == 0 || stored_height == 0 {
        return Err(crate::t!("image-empty").text);
    }
    let (width, height) = if turns_on_its_side(orientation) {
        (stored_height, stored_width)
    } else {
        (stored_width, stored_height)
    };
    Ok(Probe {
        width,
        height,
        format,
        orientation: orientation.to_exif(),
        stamp: stamp.finish(),
    })
}

/// Whether an orientation swaps width and height.
pub fn turns_on_its_side(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}
