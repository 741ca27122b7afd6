//! Any bytes as an attachment of each kind: cleaning must never panic, and
//! a clean copy must read back as its kind, without the metadata it must
//! not carry.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zhenggai::attachments::{clean_bytes, Kind};

fuzz_target!(|data: &[u8]| {
    for kind in [
        Kind::Jpeg,
        Kind::Png,
        Kind::Webp,
        Kind::Word,
        Kind::Excel,
        Kind::Ofd,
        Kind::Pdf,
        Kind::OldWord,
        Kind::OldExcel,
        Kind::Text,
    ] {
        let Ok(clean) = clean_bytes(data, kind) else {
            continue;
        };
        match kind {
            Kind::Jpeg | Kind::Png | Kind::Webp => {
                let picture = image::load_from_memory(&clean.bytes).expect("a clean photo decodes");
                assert_eq!(Some((picture.width(), picture.height())), clean.dimensions);
                assert!(picture.width() <= 1600);
                assert!(!clean.bytes.windows(5).any(|w| w == b"Exif\0"));
            }
            Kind::Word | Kind::Excel | Kind::Ofd => {
                let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&clean.bytes))
                    .expect("a clean package is a zip");
                assert!(archive.by_name("docProps/custom.xml").is_err());
            }
            _ => {}
        }
    }
});
