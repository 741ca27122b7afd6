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

/// A picture inside a Word, Excel or PDF file, without its metadata and
/// otherwise byte for byte: the document shows the same picture, but the
/// photo's GPS position and camera owner are gone. A JPEG keeps its image
/// segments (JFIF, Adobe colour, ICC profile, tables, scans) up to its end
/// marker, so nothing appended after it (a phone's motion-photo video, a
/// second picture with its own EXIF) survives; a PNG keeps only the chunks
/// that draw it, up to IEND. GIF, BMP and vector pictures (EMF, WMF) carry
/// no camera data and are kept; other formats (TIFF, with full EXIF) and
/// any picture that cannot be read this way are refused: a failure never
/// publishes the original.
pub(super) fn strip_embedded(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let refused = || {
        say!(
            "里面有一张图片无法清除拍摄信息（格式不认识或已损坏）：在原软件里把图片另存为 JPG 或 PNG 后重新插入",
            "a picture inside cannot be cleaned of its camera data (unknown format or damaged): save it as JPG or PNG in the original program and insert it again"
        )
    };
    if bytes.starts_with(&[0xFF, 0xD8]) {
        strip_jpeg(bytes).ok_or_else(refused)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        strip_png(bytes).ok_or_else(refused)
    } else if bytes.starts_with(b"GIF8")
        || bytes.starts_with(b"BM")
        || bytes.starts_with(&[0x01, 0, 0, 0])
        || bytes.starts_with(&[0xD7, 0xCD, 0xC6, 0x9A])
        || bytes.starts_with(&[0x01, 0x00, 0x09, 0x00])
    {
        // GIF, BMP, EMF, placeable and plain WMF.
        Ok(bytes.to_vec())
    } else {
        Err(refused())
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
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            return Some(out);
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            out.extend_from_slice(&bytes[at..at + 2]);
            at += 2;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        if length < 2 {
            return None;
        }
        let end = at + 2 + length;
        let segment = bytes.get(at..end)?;
        // APPn (0xE0–0xEF) and COM (0xFE) carry metadata. Kept: APP0
        // (JFIF), APP14 (Adobe: how to read the colours) and an APP2 that
        // is a colour profile.
        let keep = match marker {
            0xE0 | 0xEE => true,
            0xE2 => segment.get(4..16) == Some(b"ICC_PROFILE\0"),
            0xE1..=0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(segment);
        }
        at = end;
        if marker == 0xDA {
            // Entropy-coded data: up to the next marker that is not a
            // stuffed byte or a restart.
            loop {
                let next = bytes.get(at..)?.iter().position(|b| *b == 0xFF)?;
                let code = *bytes.get(at + next + 1)?;
                if code == 0x00 || (0xD0..=0xD7).contains(&code) {
                    out.extend_from_slice(&bytes[at..at + next + 2]);
                    at += next + 2;
                } else {
                    out.extend_from_slice(&bytes[at..at + next]);
                    at += next;
                    break;
                }
            }
        }
    }
}

/// The chunks that draw a PNG (and say how its colours and size read).
const PNG_KEPT: [&[u8; 4]; 12] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"bKGD",
];

fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = bytes[..8].to_vec();
    let mut at = 8;
    loop {
        let length = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let end = at.checked_add(12)?.checked_add(length)?;
        let chunk = bytes.get(at..end)?;
        let name: &[u8; 4] = chunk[4..8].try_into().ok()?;
        if PNG_KEPT.contains(&name) {
            out.extend_from_slice(chunk);
        }
        if name == b"IEND" {
            // Anything after IEND (an uncropped screenshot, say) is gone.
            return Some(out);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_metadata_goes_and_the_picture_stays() {
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend_from_slice(&[0xFF, 0xE0, 0, 4, b'J', b'F']);
        jpeg.extend_from_slice(&[0xFF, 0xE1, 0, 6, b'E', b'x', b'i', b'f']);
        jpeg.extend_from_slice(&[0xFF, 0xE2, 0, 6, b'M', b'P', b'F', 0]);
        jpeg.extend_from_slice(&[0xFF, 0xFE, 0, 5, b'1', b'3', b'9']);
        jpeg.extend_from_slice(&[
            0xFF, 0xDA, 0, 3, 9, 1, 0xFF, 0x00, 2, 0xFF, 0xD0, 3, 0xFF, 0xD9,
        ]);
        jpeg.extend_from_slice(b"MOTION-PHOTO-TRAILER");
        let clean = strip_embedded(&jpeg).unwrap();
        assert_eq!(
            clean,
            [
                0xFF, 0xD8, 0xFF, 0xE0, 0, 4, b'J', b'F', 0xFF, 0xDA, 0, 3, 9, 1, 0xFF, 0x00, 2,
                0xFF, 0xD0, 3, 0xFF, 0xD9
            ]
        );
        // Damaged or unknown: refused, never published as it was.
        assert!(strip_embedded(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 60]).is_err());
        assert!(strip_embedded(b"II*\0tiff").is_err());
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        for (name, data) in [
            (&b"IHDR"[..], &b"0123456789abc"[..]),
            (b"tEXt", b"Author"),
            (b"IEND", b""),
        ] {
            png.extend_from_slice(&(data.len() as u32).to_be_bytes());
            png.extend_from_slice(name);
            png.extend_from_slice(data);
            png.extend_from_slice(&[0, 0, 0, 0]);
        }
        png.extend_from_slice(b"UNCROPPED");
        let clean = strip_embedded(&png).unwrap();
        assert!(!clean.windows(6).any(|w| w == b"Author"));
        assert!(!clean.windows(9).any(|w| w == b"UNCROPPED"));
        assert!(clean.ends_with(b"IEND\0\0\0\0"));
    }
}
