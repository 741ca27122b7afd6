//! Photos: decoded and written anew, upright and at most
//! [`MAX_WIDTH`](super::MAX_WIDTH) wide. Only pixels are carried over, so
//! nothing a camera or phone wrote beside them (EXIF with its GPS position,
//! owner and serial number, XMP, IPTC, PNG text chunks, comments) can
//! reach the published copy.

use super::{Kind, MAX_WIDTH, PIXEL_BUDGET};
use crate::say;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

/// The clean copy of a photo and its published width and height.
pub(super) fn clean(bytes: &[u8], kind: Kind) -> Result<(Vec<u8>, (u32, u32)), String> {
    let format = match kind {
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Png => ImageFormat::Png,
        _ => ImageFormat::WebP,
    };
    let unreadable = |e: image::ImageError| {
        say!(
            "读不了这张图片（文件损坏，或者扩展名和内容不符：它不是 {}）：{e}",
            "cannot read this image (damaged, or not the {} its name says): {e}",
            kind.key()
        )
    };
    let guessed = image::guess_format(bytes).ok();
    if guessed != Some(format) {
        return Err(say!(
            "文件内容不是扩展名所说的 {}{}：用看图软件打开后另存为 jpg 或 png 再附上",
            "the file is not the {} its name says{}: open it in an image viewer and save it as jpg or png",
            kind.key(),
            match guessed {
                Some(other) => say!("（实际是 {:?}）", " (it is {:?})", other),
                None => String::new(),
            }
        ));
    }
    let reader = || ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader().into_dimensions().map_err(unreadable)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > PIXEL_BUDGET {
        return Err(say!(
            "图片有 {width}×{height} 像素（{} 百万像素），超过 {} 百万：先用看图软件缩小（宽 1600 像素就够）再附上",
            "the image has {width}×{height} pixels ({} million), past the {} million allowed: scale it down (1600 px wide is enough) and attach it again",
            pixels / 1_000_000,
            PIXEL_BUDGET / 1_000_000
        ));
    }
    let mut reader = reader();
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(PIXEL_BUDGET * 8);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    picture.apply_orientation(orientation);
    if picture.width() > MAX_WIDTH {
        let height = (u64::from(picture.height()) * u64::from(MAX_WIDTH)
            / u64::from(picture.width()))
        .max(1) as u32;
        picture = picture.resize_exact(MAX_WIDTH, height, image::imageops::FilterType::CatmullRom);
    }
    let size = (picture.width(), picture.height());
    let mut out = Vec::new();
    let written = match kind {
        Kind::Jpeg => image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&DynamicImage::ImageRgb8(picture.to_rgb8())),
        Kind::Png => picture.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)),
        _ => picture.write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out)),
    };
    written.map_err(|e| {
        say!(
            "图片无法重新保存：{e}",
            "the image could not be written: {e}"
        )
    })?;
    Ok((out, size))
}

/// A JPEG or PNG inside a Word or Excel file, without its metadata and
/// otherwise byte for byte: the document shows the same picture, but the
/// photo's GPS position and camera owner are gone. JPEG keeps its image
/// segments (APP0 JFIF, APP14 Adobe colour, tables and scan); PNG keeps
/// its critical chunks and colour information. Anything else is kept as
/// it is.
pub(super) fn strip_embedded(bytes: &[u8]) -> Vec<u8> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        strip_jpeg(bytes).unwrap_or_else(|| bytes.to_vec())
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        strip_png(bytes).unwrap_or_else(|| bytes.to_vec())
    } else {
        bytes.to_vec()
    }
}

fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0xFF, 0xD8];
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            // The scan and everything after it is image data.
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let end = at + 2 + length;
        let segment = bytes.get(at..end)?;
        // APPn (0xE0–0xEF) and COM (0xFE) carry metadata; APP0 (JFIF) and
        // APP14 (Adobe) say how to read the colours, APP2 holds the
        // colour profile.
        let metadata =
            (0xE1..=0xEF).contains(&marker) && marker != 0xEE && marker != 0xE2 || marker == 0xFE;
        if !metadata {
            out.extend_from_slice(segment);
        }
        at = end;
    }
}

fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = bytes[..8].to_vec();
    let mut at = 8;
    while at < bytes.len() {
        let length = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let end = at.checked_add(12)?.checked_add(length)?;
        let chunk = bytes.get(at..end)?;
        let name = &chunk[4..8];
        if !matches!(name, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        at = end;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_metadata_goes_and_the_picture_stays() {
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend_from_slice(&[0xFF, 0xE0, 0, 4, b'J', b'F']);
        jpeg.extend_from_slice(&[0xFF, 0xE1, 0, 6, b'E', b'x', b'i', b'f']);
        jpeg.extend_from_slice(&[0xFF, 0xFE, 0, 5, b'1', b'3', b'9']);
        jpeg.extend_from_slice(&[0xFF, 0xDA, 1, 2, 3, 0xFF, 0xD9]);
        let clean = strip_embedded(&jpeg);
        assert_eq!(
            clean,
            [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, b'J', b'F', 0xFF, 0xDA, 1, 2, 3, 0xFF, 0xD9]
        );
        // Damaged: kept as it is rather than guessed at.
        assert_eq!(
            strip_embedded(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 60]),
            [0xFF, 0xD8, 0xFF, 0xE1, 0, 60]
        );
    }
}
