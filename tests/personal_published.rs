//! Personal data is checked in what is published, not only in what is
//! typed: full-width digits, every kind of space, zero-width characters,
//! full-width hyphens and dots, grouping, YAML escapes, HTML references,
//! Markdown markup and headings, a `#` line inside a YAML block scalar,
//! numbers glued to letters or joined by `/`, and file names that become
//! URLs. Property tests plant random valid IDs, mobiles and cards in every
//! one of these forms and expect `check` to refuse; they plant the numbers
//! that are not personal (document numbers, amounts, dates, office phones,
//! 索引号) and expect it to pass. A built site is scanned whole for
//! numbers that only a YAML comment held.

mod common;

use common::{base_fixture, card, copy_dir, full_width, repo, resident_id};
use proptest::prelude::*;
use std::path::Path;
use zhenggai::model::reading::as_read;
use zhenggai::validate::personal::find;

/// Whether `check` refuses the portal for personal data.
fn refused_for_personal_data(root: &Path) -> bool {
    match zhenggai::build::load_and_check(root) {
        Ok(_) => false,
        Err(diags) => diags
            .sorted()
            .iter()
            .any(|d| d.message.contains("个人信息")),
    }
}

/// Writes issue `a.md` with `title` (as a YAML line) and `body`, and
/// optionally renames it.
fn plant(root: &Path, title_line: &str, extra_yaml: &str, body: &str, file: &str) {
    let issues = root.join("content/reports/r1/issues");
    std::fs::remove_file(issues.join("a.md")).unwrap();
    std::fs::write(
        issues.join(file),
        format!("---\narea: 1\ngroup: 1\n{title_line}\nstatus: done\n{extra_yaml}---\n{body}\n"),
    )
    .unwrap();
}

fn an_id() -> impl Strategy<Value = String> {
    (
        110_000u32..660_000,
        1900u32..2020,
        1u32..13,
        1u32..29,
        0u32..1000,
    )
        .prop_map(|(region, y, m, d, seq)| resident_id(region, (y, m, d), seq))
}

fn mobile() -> impl Strategy<Value = String> {
    (3u32..10, 0u64..1_000_000_000).prop_map(|(second, rest)| format!("1{second}{rest:09}"))
}

fn a_card() -> impl Strategy<Value = String> {
    (0u64..10_000_000_000_000, 16usize..20).prop_map(|(body, len)| card("62", body, len))
}

/// A personal number of any kind, with the groups people write it in.
fn number() -> impl Strategy<Value = (String, &'static [usize])> {
    prop_oneof![
        an_id().prop_map(|n| (n, &[6usize, 8, 4][..])),
        mobile().prop_map(|n| (n, &[3usize, 4, 4][..])),
        a_card().prop_map(|n| (n, &[4usize, 4, 4, 4, 4][..])),
    ]
}

/// `n` in groups of `sizes`, joined by `sep`.
fn grouped(n: &str, sizes: &[usize], sep: &str) -> String {
    let mut out = Vec::new();
    let mut at = 0;
    for size in sizes {
        if at >= n.len() {
            break;
        }
        let end = (at + size).min(n.len());
        out.push(&n[at..end]);
        at = end;
    }
    if at < n.len() {
        out.push(&n[at..]);
    }
    out.join(sep)
}

/// Every way a number reaches a page; each gives (title line, extra YAML,
/// body, file name).
fn forms(n: &str, sizes: &[usize]) -> Vec<(String, String, String, String)> {
    let title = |t: &str| format!("title: \"问题{t}\"");
    let plain = || title("甲");
    let escaped: String = n.chars().map(|c| format!("\\u{:04X}", c as u32)).collect();
    let referenced: String = n.chars().map(|c| format!("&#{};", c as u32)).collect();
    let mut all = vec![
        (
            title(&full_width(n)),
            String::new(),
            String::new(),
            "a.md".to_string(),
        ),
        (
            plain(),
            String::new(),
            format!("联系电话：{}", full_width(n)),
            "a.md".into(),
        ),
        (title(&escaped), String::new(), String::new(), "a.md".into()),
        (
            plain(),
            String::new(),
            format!("号码 {referenced} 已核实"),
            "a.md".into(),
        ),
        (
            plain(),
            String::new(),
            format!("## 联系电话 {n}"),
            "a.md".into(),
        ),
        (
            plain(),
            String::new(),
            format!("号码 {}**{}**{}", &n[..3], &n[3..7], &n[7..]),
            "a.md".into(),
        ),
        (plain(), String::new(), format!("号码{n}."), "a.md".into()),
        (
            plain(),
            String::new(),
            format!("号码{n}/13500135000"),
            "a.md".into(),
        ),
        (plain(), String::new(), format!("Tel{n}abc"), "a.md".into()),
        (
            plain(),
            format!("measures:\n  - text: |\n      整改情况如下：\n      # 当事人{n}\n"),
            String::new(),
            "a.md".into(),
        ),
        (plain(), String::new(), String::new(), format!("{n}.md")),
    ];
    for sep in [
        "\u{00A0}", "\u{3000}", "\u{200B}", "\u{2009}", "－", "．", " ", "-",
    ] {
        all.push((
            plain(),
            String::new(),
            format!("号码：{}", grouped(n, sizes, sep)),
            "a.md".into(),
        ));
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any valid ID, mobile or card, in any form a reader would see as
    /// that number, is refused.
    #[test]
    fn every_form_of_a_personal_number_is_refused((n, sizes) in number()) {
        for (title, extra, body, file) in forms(&n, sizes) {
            let portal = base_fixture();
            plant(portal.path(), &title, &extra, &body, &file);
            prop_assert!(
                refused_for_personal_data(portal.path()),
                "not refused: {n} as title {title:?}, yaml {extra:?}, body {body:?}, file {file}"
            );
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// What looks numeric but is not personal passes: document numbers,
    /// amounts, dates, office phones, 索引号.
    #[test]
    fn numbers_that_are_not_personal_pass(
        year in 2000u32..2030,
        serial in 1u32..999,
        amount in 0u64..10_000_000_000,
        cents in 0u32..100,
        area in 10u32..999,
        phone in 1_000_000u32..99_999_999,
        index in 0u64..10_000_000_000_000_000,
        month in 1u32..13,
        day in 1u32..29,
    ) {
        let body = format!(
            "依据温应急〔{year}〕{serial}号和温政办发[{year}]{serial}号，挽回经济损失{amount}.{cents:02}元（{}元），{year}年{month}月{day}日、{year}.{month:02}.{day:02}、{year}-{month:02}-{day:02}整改，举报电话0{area}-{phone}，索引号{index:016}/{year}-{serial:05}，{year}—{}年。",
            amount / 100, year + 3
        );
        let portal = base_fixture();
        plant(portal.path(), "title: 问题甲", "", &body, "a.md");
        let found = zhenggai::build::load_and_check(portal.path())
            .err()
            .map(|d| d.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>());
        prop_assert!(found.is_none(), "{body}\n{found:?}");
    }
}

/// The example portal, with numbers planted only where YAML says a comment
/// is, builds; no file of the built site (pages, open data, the xlsx's
/// parts, feeds, search shards) holds those numbers, or any personal
/// number but the published contact, as a reader would see it.
#[test]
fn a_built_site_publishes_no_personal_number() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo().join("content"), &root.join("content"));
    let planted = ["13912345678", "11010519491231002X"];
    let issues = root.join("content/reports/wenling-yingji-2023/issues");
    let first = std::fs::read_dir(&issues)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&first).unwrap();
    let text = text.replacen(
        "---\n",
        &format!(
            "---\n# 内部备注：联系人 {}\n# 经办人身份证 {}\n",
            planted[0], planted[1]
        ),
        1,
    );
    std::fs::write(&first, text).unwrap();
    let out = common::run(root, &["build"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let allowed: Vec<String> = ["0576-86161521", "32719516@qq.com"]
        .iter()
        .map(|s| s.chars().filter(char::is_ascii_alphanumeric).collect())
        .collect();
    let mut scanned = 0;
    let terms = regex::Regex::new(r#""((?:[^"\\]|\\.)*)":"#).unwrap();
    for entry in walkdir::WalkDir::new(root.join("site")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let bytes = std::fs::read(path).unwrap();
        let mut texts = Vec::new();
        if path.extension().is_some_and(|e| e == "xlsx") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..zip.len() {
                let mut part = String::new();
                use std::io::Read;
                if zip.by_index(i).unwrap().read_to_string(&mut part).is_ok() {
                    texts.push(part);
                }
            }
        } else if let Ok(text) = String::from_utf8(bytes) {
            let postings = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('p'))
                && path.parent().is_some_and(|p| p.ends_with("search"));
            if postings {
                // A postings shard: its terms are text; the encoded
                // postings beside them are not.
                texts.push(
                    terms
                        .captures_iter(&text)
                        .map(|c| c[1].to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            } else {
                texts.push(text);
            }
        } else {
            continue;
        }
        for text in texts {
            scanned += 1;
            let read = as_read(&text);
            for number in planted {
                assert!(!read.contains(number), "{} holds {number}", path.display());
            }
            for finding in find(&read) {
                let key: String = finding
                    .value
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                assert!(
                    allowed
                        .iter()
                        .any(|a| key.contains(a.as_str()) || a.contains(key.as_str())),
                    "{} publishes a {} ({})",
                    path.display(),
                    finding.kind,
                    finding.masked()
                );
            }
        }
    }
    assert!(scanned > 60, "only {scanned} files scanned");
}
