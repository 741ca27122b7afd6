//! Attachments are published as clean copies: the fixtures (made by real
//! tools, see tests/fixtures/attachments/README.md) carry planted names,
//! serial numbers, phone numbers and GPS positions in their metadata, and
//! the published copies are read back with readers independent of the
//! cleaning code (zip, flate2, cfb, lopdf, kamadak-exif, byte search) to
//! prove none is left. Unsafe files are refused at their lines.

mod common;

use common::*;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/attachments").join(name)
}

/// Where the base fixture's report keeps the files.
const FOLDER: &str = "content/reports/r1/issues/附件";

/// The base fixture with `files` copied into the report's 附件 folder and
/// `yaml` added to issue a.md's front matter, `body` as its text.
fn portal_with(files: &[&str], yaml: &str, body: &str) -> tempfile::TempDir {
    let dir = base_fixture();
    fs::create_dir_all(dir.path().join(FOLDER)).unwrap();
    for file in files {
        fs::copy(fixture(file), dir.path().join(FOLDER).join(file)).unwrap();
    }
    edit_issue(dir.path(), yaml, body);
    dir
}

/// Issue a.md as the base fixture has it, with `yaml` added to its front
/// matter and `body` as its text.
fn edit_issue(portal: &Path, yaml: &str, body: &str) {
    let original =
        fs::read_to_string(repo().join("tests/fixtures/base/content/reports/r1/issues/a.md"))
            .unwrap();
    let (front, _) = original.trim_end().rsplit_once("\n---").unwrap();
    fs::write(
        portal.join("content/reports/r1/issues/a.md"),
        format!("{front}\n{yaml}---\n{body}"),
    )
    .unwrap();
}

/// The line of `attachments:` in issue a.md.
fn attachments_line(portal: &Path) -> usize {
    let text = fs::read_to_string(portal.join("content/reports/r1/issues/a.md")).unwrap();
    text.lines().position(|l| l == "attachments:").unwrap() + 1
}

/// Every form a planted string may take inside a file: UTF-8, UTF-16 both
/// ways, and PDF hex strings of UTF-16.
fn forms(secret: &str) -> Vec<Vec<u8>> {
    let be: Vec<u8> = secret.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let le: Vec<u8> = secret.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let hex: String = be.iter().map(|b| format!("{b:02X}")).collect();
    vec![
        secret.as_bytes().to_vec(),
        be,
        le,
        hex.clone().into_bytes(),
        hex.to_lowercase().into_bytes(),
    ]
}

/// A file and everything it holds once unpacked: zip members, inflated
/// PDF streams, the streams of an OLE compound file.
fn unpacked(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut blobs = vec![bytes.to_vec()];
    if let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        for i in 0..archive.len() {
            let mut data = Vec::new();
            archive.by_index(i).unwrap().read_to_end(&mut data).unwrap();
            blobs.push(data);
        }
    }
    if let Ok(mut file) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) {
        let streams: Vec<PathBuf> = file
            .walk()
            .filter(|e| e.is_stream())
            .map(|e| e.path().to_path_buf())
            .collect();
        for path in streams {
            let mut data = Vec::new();
            file.open_stream(&path)
                .unwrap()
                .read_to_end(&mut data)
                .unwrap();
            blobs.push(data);
        }
    }
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"stream") {
        let start = at + found + b"stream".len();
        let start = start
            + bytes[start..]
                .iter()
                .take_while(|b| **b == b'\r' || **b == b'\n')
                .count();
        let mut inflated = Vec::new();
        let _ = flate2::read::ZlibDecoder::new(&bytes[start..])
            .take(64 << 20)
            .read_to_end(&mut inflated);
        if !inflated.is_empty() {
            blobs.push(inflated);
        }
        at = start;
    }
    blobs
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The planted strings, by file (tests/fixtures/attachments/secrets.tsv).
fn secrets() -> Vec<(String, String)> {
    fs::read_to_string(fixture("secrets.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split('\t');
            (
                parts.next().unwrap().to_string(),
                parts.next().unwrap().to_string(),
            )
        })
        .collect()
}

const PUBLISHED: [&str; 16] = [
    "gps_owner.jpg",
    "text_chunks.png",
    "exif.webp",
    "props.docx",
    "clean.docx",
    "props.xlsx",
    "author.pdf",
    "author_xmp.pdf",
    "old.doc",
    "old.xls",
    "photo_in.docx",
    "png_in.docx",
    "template_path.docx",
    "photo_in.pdf",
    "notes.txt",
    "ledger_gbk.csv",
];

fn all_listed() -> String {
    let mut yaml = String::from("attachments:\n");
    for file in PUBLISHED {
        yaml.push_str(&format!("  - file: 附件/{file}\n"));
        if file.ends_with(".jpg") || file.ends_with(".png") || file.ends_with(".webp") {
            yaml.push_str("    alt: 整改后的现场照片\n");
        }
    }
    yaml.push_str("    title: 整改台账（CSV）\n");
    yaml
}

#[test]
fn published_copies_carry_no_hidden_personal_data() {
    let dir = portal_with(&PUBLISHED, &all_listed(), "");
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("site/reports/r1/files/issues/附件");
    let mut checked = 0;
    for (file, secret) in secrets() {
        let Ok(published) = fs::read(site.join(&file)) else {
            continue; // a fixture for refusals
        };
        checked += 1;
        for blob in unpacked(&published) {
            for form in forms(&secret) {
                assert!(
                    find(&blob, &form).is_none(),
                    "{file}: “{secret}” is still in the published copy"
                );
            }
        }
        // Each secret really was in the original.
        assert!(
            unpacked(&fs::read(fixture(&file)).unwrap())
                .iter()
                .any(|blob| forms(&secret).iter().any(|f| find(blob, f).is_some())),
            "{file}: fixture lacks “{secret}”"
        );
    }
    assert!(checked >= 40, "only {checked} planted strings checked");
    // Originals are never written to.
    for file in PUBLISHED {
        assert_eq!(
            fs::read(dir.path().join(FOLDER).join(file)).unwrap(),
            fs::read(fixture(file)).unwrap(),
            "{file} was changed in place"
        );
    }
}

#[test]
fn photos_lose_exif_and_gps_and_are_upright_and_small_enough() {
    let dir = portal_with(&PUBLISHED, &all_listed(), "");
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("site/reports/r1/files/issues/附件");
    let page = fs::read_to_string(dir.path().join("site/reports/r1/issues/a.html")).unwrap();
    for (file, gps) in [
        ("gps_owner.jpg", true),
        ("text_chunks.png", true),
        ("exif.webp", true),
    ] {
        let original = fs::read(fixture(file)).unwrap();
        let published = fs::read(site.join(file)).unwrap();
        // An independent EXIF reader finds the original's and nothing in
        // the copy.
        let before = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&original));
        assert!(
            before.is_ok_and(|e| !gps
                || e.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
                    .is_some()),
            "{file}: the fixture should carry EXIF with GPS"
        );
        let after = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&published));
        assert!(after.is_err(), "{file}: the copy still has EXIF");
        for marker in [
            &b"Exif\0"[..],
            b"http://ns.adobe.com/xap",
            b"eXIf",
            b"tEXt",
            b"iTXt",
            b"Photoshop 3.0",
        ] {
            assert!(
                find(&published, marker).is_none(),
                "{file}: {:?} left",
                String::from_utf8_lossy(marker)
            );
        }
        let picture = image::load_from_memory(&published).unwrap();
        assert!(
            picture.width() <= 1600,
            "{file}: {} px wide",
            picture.width()
        );
        assert!(
            page.contains(&format!(
                "width=\"{}\" height=\"{}\"",
                picture.width(),
                picture.height()
            )),
            "{file}: the page's <img> should carry its size"
        );
    }
    // gps_owner.jpg is stored 2400×1800 with Orientation 6: published
    // upright (taller than wide) and scaled to 1600 wide, its dark block at
    // the top right as a viewer would show it.
    let photo = image::load_from_memory(&fs::read(site.join("gps_owner.jpg")).unwrap())
        .unwrap()
        .to_luma8();
    assert_eq!((photo.width(), photo.height()), (1600, 2133));
    assert!(
        photo.get_pixel(1550, 50)[0] < 60,
        "top right should be dark"
    );
    assert!(photo.get_pixel(50, 50)[0] > 80, "top left should be light");
    assert!(page.contains(r#"alt="整改后的现场照片""#), "{page}");
}

#[test]
fn documents_keep_their_text_and_open_as_before() {
    let dir = portal_with(&PUBLISHED, &all_listed(), "");
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("site/reports/r1/files/issues/附件");
    for file in [
        "props.docx",
        "clean.docx",
        "template_path.docx",
        "photo_in.docx",
    ] {
        let text = |bytes: &[u8]| zhenggai::import::read::docx_text(bytes).unwrap();
        assert_eq!(
            text(&fs::read(site.join(file)).unwrap()),
            text(&fs::read(fixture(file)).unwrap()),
            "{file}"
        );
    }
    let original = lopdf::Document::load(fixture("author_xmp.pdf")).unwrap();
    let copy = lopdf::Document::load(site.join("author_xmp.pdf")).unwrap();
    assert!(copy.trailer.get(b"Info").is_err(), "Info dictionary left");
    assert!(
        copy.catalog().unwrap().get(b"Metadata").is_err(),
        "XMP left"
    );
    assert_eq!(copy.get_pages().len(), original.get_pages().len());
    assert_eq!(
        zhenggai::import::read::pdf_notice(&fs::read(site.join("author.pdf")).unwrap()).unwrap(),
        zhenggai::import::read::pdf_notice(&fs::read(fixture("author.pdf")).unwrap()).unwrap()
    );
    assert_eq!(
        zhenggai::import::read::doc_notice(&fs::read(site.join("old.doc")).unwrap()).unwrap(),
        zhenggai::import::read::doc_notice(&fs::read(fixture("old.doc")).unwrap()).unwrap()
    );
    // The sheet reads the same.
    let rows = |path: &Path| {
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto(path).unwrap();
        let first = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&first).unwrap();
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&site.join("props.xlsx")), rows(&fixture("props.xlsx")));
    assert_eq!(rows(&site.join("old.xls")), rows(&fixture("old.xls")));
    // Text files are copied as written.
    assert_eq!(
        fs::read(site.join("ledger_gbk.csv")).unwrap(),
        fs::read(fixture("ledger_gbk.csv")).unwrap()
    );
    // Listed on the page with format and size.
    let page = fs::read_to_string(dir.path().join("site/reports/r1/issues/a.html")).unwrap();
    let size = fs::metadata(site.join("props.docx"))
        .unwrap()
        .len()
        .div_ceil(1024);
    assert!(
        page.contains(&format!(
            ">props</a><span class=\"filemeta\">（Word，{size} KB）"
        )),
        "{page}"
    );
    assert!(
        page.contains(">整改台账（CSV）</a><span class=\"filemeta\">（CSV，1 KB）"),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../../reports/r1/files/issues/%E9%99%84%E4%BB%B6/props.docx\""),
        "links are percent-encoded: {page}"
    );
}

#[test]
fn open_data_and_sitemap_list_each_copy_and_builds_are_identical() {
    let dir = portal_with(&PUBLISHED, &all_listed(), "");
    let base = ["--base-url", "https://example.org/portal/"];
    let out = run(dir.path(), &[&["build"][..], &base].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let first = snapshot(&dir.path().join("site"));
    let out = run(
        dir.path(),
        &[&["build", "--out", "again"][..], &base].concat(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        first,
        snapshot(&dir.path().join("again")),
        "two builds differ"
    );

    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("site/data/issues.json")).unwrap())
            .unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("site/data/issues.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let issue = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "r1/a")
        .unwrap();
    let listed = issue["attachments"].as_array().unwrap();
    assert_eq!(listed.len(), PUBLISHED.len());
    for entry in listed {
        let path = dir
            .path()
            .join("site")
            .join(entry["path"].as_str().unwrap());
        let bytes = fs::read(&path).unwrap();
        assert_eq!(entry["bytes"], bytes.len());
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(entry["sha256"], digest.as_str());
    }
    let sitemap = fs::read_to_string(dir.path().join("site/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains(
            "<loc>https://example.org/portal/reports/r1/files/issues/%E9%99%84%E4%BB%B6/author.pdf</loc>"
        ),
        "{sitemap}"
    );
}

#[test]
fn unsafe_or_unreadable_files_are_refused_at_their_lines_and_the_site_stays() {
    let dir = portal_with(
        &["small.png"],
        "attachments:\n  - file: 附件/small.png\n    alt: 小图\n",
        "",
    );
    assert!(run(dir.path(), &["build"]).status.success());
    let before = snapshot(&dir.path().join("site"));
    let folder = dir.path().join(FOLDER);
    for file in [
        "tracked.docx",
        "comment.docx",
        "pii.docx",
        "bomb.png",
        "comments.xlsx",
        "annotated.pdf",
        "prefixed.xlsx",
    ] {
        fs::copy(fixture(file), folder.join(file)).unwrap();
    }
    fs::write(folder.join("page.html"), "<script>alert(1)</script>").unwrap();
    fs::write(folder.join("logo.svg"), "<svg onload=alert(1)></svg>").unwrap();
    fs::write(folder.join("fake.jpg"), "<html>not a photo</html>").unwrap();
    fs::write(folder.join("fake.pdf"), "%PDF-1.4 broken").unwrap();
    fs::write(
        folder.join("page.txt"),
        "<!DOCTYPE html><script>alert(1)</script>",
    )
    .unwrap();
    fs::create_dir_all(folder.join(".hidden")).unwrap();
    fs::copy(fixture("author.pdf"), folder.join(".hidden/x.pdf")).unwrap();
    fs::write(dir.path().join("content/outside.txt"), "outside").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("content/outside.txt"),
        folder.join("link.txt"),
    )
    .unwrap();
    let yaml = "attachments:
  - file: 附件/tracked.docx
  - file: 附件/comment.docx
  - file: 附件/pii.docx
  - file: 附件/bomb.png
    alt: 大图
  - file: 附件/page.html
  - file: 附件/logo.svg
  - file: 附件/fake.jpg
    alt: 假图
  - file: 附件/fake.pdf
  - file: 附件/link.txt
  - file: ../../../outside.txt
  - file: /etc/hosts
  - file: https://example.org/a.pdf
  - file: 附件/缺少.pdf
  - file: 附件/small.png
  - file: 附件/comments.xlsx
  - file: 附件/annotated.pdf
  - file: 附件/prefixed.xlsx
  - file: 附件/page.txt
  - file: 附件/.hidden/x.pdf
  - file: \\\\server\\share\\x.pdf
";
    edit_issue(
        dir.path(),
        yaml,
        "![](附件/small.png)\n\n![外链](https://example.org/x.png)\n\n<img src=\"附件/small.png\">\n\n![文档](附件/pii.docx)\n",
    );
    let out = run(dir.path(), &["build"]);
    assert!(!out.status.success());
    let lines = diagnostic_lines(&stderr(&out));
    let first = attachments_line(dir.path());
    let expect = [
        (first + 1, "tracked.docx：这个 Word 文件里有2处修订痕迹"),
        (
            first + 2,
            "comment.docx：这个 Word 文件里有1条批注：批注带着作者的名字",
        ),
        (first + 3, "pii.docx：正文第"),
        (first + 4, "bomb.png：图片有 60000×60000 像素"),
        (
            first + 6,
            "page.html：不能作为附件公开：网页、SVG 和脚本会在读者的浏览器里运行",
        ),
        (first + 7, "logo.svg：不能作为附件公开"),
        (first + 8, "fake.jpg：文件内容不是扩展名所说的 jpg"),
        (first + 10, "fake.pdf：PDF 文件已损坏"),
        (
            first + 11,
            "link.txt：`附件/link.txt` 是指向报告文件夹外面的链接",
        ),
        (first + 12, "路径里不能有 `..`"),
        (first + 13, "要写相对路径"),
        (first + 14, "这是一个网址"),
        (first + 15, "找不到文件 `附件/缺少.pdf`"),
        (first + 16, "small.png：图片要写 `alt:`"),
        (first + 17, "comments.xlsx：这个 Excel 文件里有批注"),
        (first + 18, "annotated.pdf：这个 PDF 里有 1 条批注或标注"),
        (
            first + 19,
            "prefixed.xlsx：表格文字有个人信息：手机号码（136******22）",
        ),
        (first + 20, "page.txt：这个文本文件里是网页代码"),
        (first + 21, "`.hidden` 以 . 或 # 开头"),
        (first + 22, "不能写 `//server/share/x.pdf` 这样的网络路径"),
        (first + 24, "图片要有文字说明，写在方括号里"),
        (
            first + 26,
            "正文图片 https://example.org/x.png：这是一个网址",
        ),
        (
            first + 28,
            "警告：正文里用 HTML 的 <img> 插的图不经过清理和检查",
        ),
        (first + 30, "正文里只能插入图片"),
    ];
    for (line, message) in expect {
        let at = format!("content/reports/r1/issues/a.md:{line}:");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&at) && l.contains(message)),
            "expected {at} … {message}\n{}",
            lines.join("\n")
        );
    }
    // The personal data found in the document is named and masked.
    let pii: Vec<&String> = lines.iter().filter(|l| l.contains("pii.docx：")).collect();
    assert!(
        pii.iter().any(|l| l.contains("手机号码（137******78）")),
        "{pii:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("13712345678")), "unmasked");
    assert_eq!(
        before,
        snapshot(&dir.path().join("site")),
        "the old site must stay"
    );

    // Declared public, the number is published.
    let yaml = "public_data:
  - value: \"13712345678\"
    reason: 举报电话，依法公开
  - value: 11010519491231002X
    reason: 测试用虚构号码
attachments:
  - file: 附件/pii.docx
";
    edit_issue(dir.path(), yaml, "");
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn the_size_limit_is_configurable_and_said_in_megabytes() {
    let dir = portal_with(&[], "attachments:\n  - file: 附件/big.txt\n", "");
    fs::write(
        dir.path().join(FOLDER).join("big.txt"),
        "整改".repeat(400_000),
    )
    .unwrap();
    let portal = dir.path().join("content/portal.yaml");
    let config = fs::read_to_string(&portal).unwrap();
    fs::write(&portal, format!("{config}\nmax_attachment_mb: 3\n")).unwrap();
    assert!(
        run(dir.path(), &["build"]).status.success(),
        "2.4 MB of text"
    );
    fs::write(&portal, format!("{config}\nmax_attachment_mb: 1\n")).unwrap();
    let out = run(dir.path(), &["check"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("big.txt：文件太大（2.3 MB）；附件最大 1 MB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn watch_mode_copies_only_the_changed_attachment_and_shows_a_refusal() {
    let dir = portal_with(
        &["small.png", "notes.txt"],
        "attachments:\n  - file: 附件/small.png\n    alt: 小图\n  - file: 附件/notes.txt\n",
        "",
    );
    let out = dir.path().join("site");
    let mut workspace = zhenggai::serve::workspace::Workspace::new(dir.path(), &out);
    workspace.rebuild(&[]).unwrap();
    let published = out.join("reports/r1/files/issues/附件");
    let notes_written = fs::metadata(published.join("notes.txt"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));

    // A new version of the photo: copied, the other file left alone.
    let photo = dir.path().join(FOLDER).join("small.png");
    fs::copy(fixture("text_chunks.png"), &photo).unwrap();
    let summary = workspace.rebuild(std::slice::from_ref(&photo)).unwrap();
    let copy = image::load_from_memory(&fs::read(published.join("small.png")).unwrap()).unwrap();
    assert_eq!((copy.width(), copy.height()), (800, 600));
    assert_eq!(
        fs::metadata(published.join("notes.txt"))
            .unwrap()
            .modified()
            .unwrap(),
        notes_written,
        "an unchanged attachment is not written again"
    );
    assert!(
        summary.files_written >= 2 && summary.files_written <= 8,
        "{summary:?}"
    );
    let page = fs::read_to_string(out.join("reports/r1/issues/a.html")).unwrap();
    assert!(
        page.contains(r#"width="800" height="600""#),
        "the page shows the new size"
    );

    // A refused one: an error for the overlay, the last good copy served.
    fs::copy(fixture("bomb.png"), &photo).unwrap();
    let errors = workspace.rebuild(std::slice::from_ref(&photo)).unwrap_err();
    assert!(format!("{errors:?}").contains("60000×60000"), "{errors:?}");
    let still = image::load_from_memory(&fs::read(published.join("small.png")).unwrap()).unwrap();
    assert_eq!(still.width(), 800);

    // No longer listed: removed from the site.
    edit_issue(dir.path(), "", "");
    let issue = dir.path().join("content/reports/r1/issues/a.md");
    workspace.rebuild(&[issue]).unwrap();
    assert!(!published.join("small.png").exists());
    assert!(!published.join("notes.txt").exists());
}

#[test]
fn a_notice_lists_its_own_attachments_and_file_names_are_checked() {
    let dir = base_fixture();
    let folder = dir.path().join("content/reports/r1");
    fs::copy(fixture("author.pdf"), folder.join("通报原文.pdf")).unwrap();
    fs::copy(fixture("small.png"), folder.join("张三13912345678.png")).unwrap();
    let report = folder.join("report.md");
    let text = fs::read_to_string(&report).unwrap();
    let with = |extra: &str| text.replacen("\n---\n", &format!("\n{extra}---\n"), 1);
    fs::write(
        &report,
        with(
            "attachments:\n  - file: 通报原文.pdf\n  - file: 张三13912345678.png\n    alt: 照片\n",
        ),
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(
            "张三13912345678.png：文件名里有个人信息：手机号码（139******78）会成为网址公开"
        ),
        "{}",
        stderr(&out)
    );
    // A bare file name is enough for a document.
    fs::write(&report, with("attachments:\n  - 通报原文.pdf\n")).unwrap();
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = fs::read_to_string(dir.path().join("site/reports/r1/index.html")).unwrap();
    assert!(
        page.contains("<a href=\"../../reports/r1/files/%E9%80%9A%E6%8A%A5%E5%8E%9F%E6%96%87.pdf\">通报原文</a><span class=\"filemeta\">（PDF，"),
        "{page}"
    );
    assert!(dir
        .path()
        .join("site/reports/r1/files/通报原文.pdf")
        .is_file());
}

/// An OFD file (the national standard for fixed-layout documents) as
/// 数科 and 福昕 write it: a zip of XML parts. Made here, as no tool on
/// this machine writes one.
fn ofd(author: &str, page_text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let parts = [
        (
            "OFD.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID><ofd:Title>整改方案</ofd:Title><ofd:Author>{author}</ofd:Author><ofd:Creator>{author}的电脑</ofd:Creator><ofd:CustomDatas><ofd:CustomData Name="审核人">{author}</ofd:CustomData></ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
            ),
        ),
        (
            "Doc_0/Document.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#.to_string(),
        ),
        (
            "Doc_0/Pages/Page_0/Content.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="0 0 100 10" Font="4" Size="3"><ofd:TextCode X="0" Y="3">{page_text}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_ofd_loses_its_author_and_its_text_is_checked() {
    let dir = portal_with(&[], "attachments:\n  - file: 附件/方案.ofd\n", "");
    let folder = dir.path().join(FOLDER);
    fs::write(
        folder.join("方案.ofd"),
        ofd("欧阳修", "已完成消防通道整改。"),
    )
    .unwrap();
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = fs::read(
        dir.path()
            .join("site/reports/r1/files/issues/附件/方案.ofd"),
    )
    .unwrap();
    for blob in unpacked(&copy) {
        assert!(
            find(&blob, "欧阳修".as_bytes()).is_none(),
            "the author is left"
        );
    }
    let text: Vec<u8> = unpacked(&copy).concat();
    assert!(
        find(&text, "已完成消防通道整改。".as_bytes()).is_some(),
        "the page text stays"
    );
    let page = fs::read_to_string(dir.path().join("site/reports/r1/issues/a.html")).unwrap();
    assert!(
        page.contains(">方案</a><span class=\"filemeta\">（OFD，"),
        "{page}"
    );

    fs::write(
        folder.join("方案.ofd"),
        ofd("欧阳修", "联系人电话13812345678"),
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("方案.ofd：第1页有个人信息：手机号码（138******78）"),
        "{}",
        stderr(&out)
    );
}

/// The slips a clerk makes (found by trying the tool as one): each told
/// what to do, nothing published that should not be.
#[test]
fn a_clerks_slips_are_each_told_what_to_do() {
    let dir = portal_with(
        &["small.png", "notes.txt", "props.docx"],
        "attachments:
  - file: ./附件/small.png
    alt: 小图
  - file: 附件/notes.txt
  - file: 附件/notes.txt
  - file: NOTES.txt
  - file: 附件/props.docx
    alt:
  - file: 附件/small.png
    title: 只写了标题
    alt: \"\"
",
        "方案见[整改方案](附件/props.docx)，网址见[官网](https://example.org/a.pdf)。\n",
    );
    let out = run(dir.path(), &["check"]);
    assert!(!out.status.success());
    let text = stderr(&out);
    for expected in [
        "警告：attachments 第3条 附件/notes.txt：和attachments 第2条是同一个文件",
        "attachments 第4条 NOTES.txt：找不到文件 `NOTES.txt`；报告文件夹里有 `附件/notes.txt`，是不是要写这个？",
        "attachments 第6条 附件/small.png：`alt:` 是空的",
        "正文链接 附件/props.docx：正文里的链接不会把文件带到网站上",
    ] {
        assert!(text.contains(expected), "expected “{expected}” in\n{text}");
    }
    // `./` is this folder, not a hidden name; a document may have an
    // (ignored) empty alt; an address elsewhere is an ordinary link.
    assert!(!text.contains("第1条 ./附件/small.png："), "{text}");
    assert!(!text.contains("第5条"), "{text}");
    assert!(!text.contains("example.org"), "{text}");
}

/// A picture drawn by reference (`![制度上墙][图]` with `[图]: 附件/…`),
/// as Markdown editors write it, is published and shown like one written
/// in place: its file is cleaned and copied, the page draws it.
#[test]
fn a_picture_by_reference_is_published_like_one_in_place() {
    let dir = portal_with(
        &["small.png"],
        "",
        "会后张贴的制度：\n\n![制度上墙][图]\n\n[图]: 附件/small.png\n",
    );
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir
        .path()
        .join("site/reports/r1/files/issues/附件/small.png")
        .is_file());
    let page = fs::read_to_string(dir.path().join("site/reports/r1/issues/a.html")).unwrap();
    assert!(page.contains("<img"), "{page}");
    assert!(page.contains("alt=\"制度上墙\""), "{page}");
}
