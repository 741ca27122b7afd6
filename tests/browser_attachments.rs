//! Attachments in a real browser on a 360 px phone: documents listed with
//! format and size, photos shown within the screen with their text
//! alternative, every file loaded from the site itself, and axe-core
//! finds nothing to fix.

mod common;

use common::browser::*;
use common::*;
use std::fs;

#[tokio::test(flavor = "current_thread")]
async fn attachments_show_on_a_phone_and_pass_axe() {
    let dir = base_fixture();
    let folder = dir.path().join("content/reports/r1/issues/附件");
    fs::create_dir_all(&folder).unwrap();
    for file in ["gps_owner.jpg", "props.docx", "small.png", "author.pdf"] {
        fs::copy(
            repo().join("tests/fixtures/attachments").join(file),
            folder.join(file),
        )
        .unwrap();
    }
    let issue = dir.path().join("content/reports/r1/issues/a.md");
    let text = fs::read_to_string(&issue).unwrap();
    let (front, _) = text.trim_end().rsplit_once("\n---").unwrap();
    fs::write(
        &issue,
        format!(
            "{front}\nattachments:\n  - file: 附件/props.docx\n    title: 整改方案\n  - file: 附件/author.pdf\n    title: 整改通报原文\n  - file: 附件/gps_owner.jpg\n    title: 整改后的会议室\n    alt: 会议室墙上张贴的制度\n---\n会后张贴的制度：\n\n![制度上墙](附件/small.png)\n"
        ),
    )
    .unwrap();
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let server = FileServer::start(&dir.path().join("site"), "/");
    let driver = Driver::start();
    let c = driver.phone(360, 780).await;
    c.goto(&format!("{}reports/r1/issues/a.html", server.url))
        .await
        .unwrap();
    let list = text_of(&c, ".attachments .files").await;
    assert!(list.contains("整改方案（Word，"), "{list}");
    assert!(list.contains("整改通报原文（PDF，"), "{list}");
    // Bring the pictures into view (they load lazily), then measure them.
    c.execute(
        "document.querySelectorAll('img').forEach(i => i.loading = 'eager'); window.scrollTo(0, document.body.scrollHeight);",
        vec![],
    )
    .await
    .unwrap();
    wait_until(
        &c,
        "return [...document.images].every(i => i.complete && i.naturalWidth > 0);",
    )
    .await;
    let measured: Vec<(String, f64, f64, f64)> = serde_json::from_value(
        c.execute(
            "return [...document.querySelectorAll('main img')].map(i => [i.alt, i.naturalWidth, i.getBoundingClientRect().width, i.getBoundingClientRect().height]);",
            vec![],
        )
        .await
        .unwrap(),
    )
    .unwrap();
    println!("{measured:?}");
    assert_eq!(measured.len(), 2, "{measured:?}");
    for (alt, natural, width, height) in &measured {
        assert!(!alt.is_empty());
        assert!(*natural > 0.0, "{alt} did not load");
        assert!(*width <= 360.0 && *height > 0.0, "{alt}: {width} px wide");
    }
    let photo = measured
        .iter()
        .find(|m| m.0 == "会议室墙上张贴的制度")
        .unwrap();
    assert_eq!(photo.1, 1600.0, "published 1600 px wide");
    // Upright: taller than wide, as the camera's orientation said.
    assert!(photo.3 > photo.2, "{photo:?}");
    let sideways: f64 = serde_json::from_value(
        c.execute("return document.documentElement.scrollWidth;", vec![])
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(sideways <= 360.0, "the page scrolls sideways: {sideways}");
    assert!(
        bad_resources(&c).await.is_empty(),
        "{:?}",
        bad_resources(&c).await
    );
    let violations = axe_violations(&c).await;
    assert!(violations.is_empty(), "{violations:?}");

    // From disk too: the percent-encoded Chinese names resolve on file://.
    c.goto(&format!(
        "file://{}",
        dir.path().join("site/reports/r1/issues/a.html").display()
    ))
    .await
    .unwrap();
    c.execute(
        "document.querySelectorAll('img').forEach(i => i.loading = 'eager');",
        vec![],
    )
    .await
    .unwrap();
    wait_until(
        &c,
        "return document.images.length == 2 && [...document.images].every(i => i.complete && i.naturalWidth > 0);",
    )
    .await;
    c.close().await.unwrap();
}
