//! Personal data never published by accident: what is not personal passes
//! `check`, a value declared public passes and is listed for a reviewer,
//! and the real notices of the test set hold no finding, nor does the
//! example portal.

mod common;

use common::{base_fixture, card, repo, resident_id, run, stderr};
use zhenggai::validate::personal::find;

fn add_measure(portal: &std::path::Path, text: &str, extra_yaml: &str) {
    let path = portal.join("content/reports/r1/issues/a.md");
    let file = std::fs::read_to_string(&path).unwrap();
    let file = file.replacen(
        "    text: 印发制度。\n",
        &format!("    text: 印发制度。\n  - text: {text}\n{extra_yaml}"),
        1,
    );
    std::fs::write(path, file).unwrap();
}

#[test]
fn numbers_that_are_not_personal_pass_check() {
    let portal = base_fixture();
    add_measure(
        portal.path(),
        "核对号码110105194912310021（校验位不符），举报电话0576-86123456，依据温政办发〔2022〕123号，追回资金1234567890123456.78元，时间2023年4月20日。",
        "",
    );
    let out = run(portal.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_value_declared_public_passes_and_is_listed_for_the_reviewer() {
    let portal = base_fixture();
    add_measure(
        portal.path(),
        "设立整改监督热线13812345678。",
        "public_data:\n  - value: 138 1234 5678\n    reason: 整改监督热线，已在官网公开\n",
    );
    let out = run(portal.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("警告：声明公开：“138 1234 5678”（整改监督热线，已在官网公开）"),
        "{err}"
    );
    // Without the declaration the same file is refused, and build leaves
    // the site as it was.
    let path = portal.path().join("content/reports/r1/issues/a.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (before, _) = text.split_once("public_data:").unwrap();
    std::fs::write(&path, format!("{before}---\n")).unwrap();
    let out = run(portal.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a.md:9:19: 个人信息：手机号码（138******78）"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_real_notices_and_the_example_hold_no_personal_data() {
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(repo().join("tests/fixtures/notices"))
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|x| x == "txt") {
            texts.push((
                entry.path().to_path_buf(),
                std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    assert!(texts.len() >= 15, "{} notices", texts.len());
    for (path, bytes) in texts {
        let text = match String::from_utf8(bytes.clone()) {
            Ok(t) => t,
            Err(_) => encoding_rs::GB18030.decode(&bytes).0.into_owned(),
        };
        let found: Vec<String> = find(&text)
            .iter()
            .map(|f| format!("{} {}", f.kind, f.masked()))
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", path.display());
    }
    let out = run(&repo(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

use proptest::prelude::*;

fn personal() -> impl Strategy<Value = (String, &'static str)> {
    prop_oneof![
        (
            110_000u32..660_000,
            1950u32..2010,
            1u32..13,
            1u32..29,
            0u32..1000
        )
            .prop_map(|(r, y, m, d, s)| (resident_id(r, (y, m, d), s), "居民身份证号码")),
        (3u32..10, 0u64..1_000_000_000)
            .prop_map(|(second, rest)| (format!("1{second}{rest:09}"), "手机号码")),
        ("(62|43|51|35)", 0u64..10_000_000_000_000, 16usize..20)
            .prop_map(|(p, body, len)| (card(&p, body, len), "银行卡号")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every valid ID, mobile and card planted in Chinese text is found,
    /// as what it is.
    #[test]
    fn planted_personal_numbers_are_always_found(
        before in "[\\p{Han}，。、]{0,20}",
        after in "[\\p{Han}，。、]{0,20}",
        (value, kind) in personal(),
    ) {
        let text = format!("{before}{value}{after}");
        let found = find(&text);
        prop_assert_eq!(found.len(), 1, "{} in {:?}", value, found);
        prop_assert_eq!(found[0].kind, kind);
        prop_assert_eq!(&found[0].value, &value);
    }
}

/// An import marks personal data in what it writes for staff; `check`
/// then refuses it until it is removed or declared.
#[test]
fn imports_mark_personal_data_for_staff() {
    let portal = base_fixture();
    let ledger = portal.path().join("台账.csv");
    std::fs::write(
        &ledger,
        "序号,问题表现,整改措施,整改状态\n1,档案管理不规范,已约谈，联系人手机13812345678,已完成\n",
    )
    .unwrap();
    let out = run(
        portal.path(),
        &["import", ledger.to_str().unwrap(), "--slug", "ledger"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("issues/1-1.md:7:20: 警告：个人信息：手机号码（138******78）"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("13812345678"),
        "the number is never echoed whole"
    );
    // With report.md's placeholders filled in, the number is what stops it.
    let reports = portal.path().join("content/reports");
    std::fs::copy(
        reports.join("r1/report.md"),
        reports.join("ledger/report.md"),
    )
    .unwrap();
    let check = run(portal.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("1-1.md:7:20: 个人信息：手机号码"),
        "{}",
        stderr(&check)
    );
}
