//! Property: whatever content `check` accepts, `build` builds. Portals are
//! generated from the pieces staff write (areas, groups, numbers, statuses
//! in English and Chinese, dates of every precision and some impossible
//! ones, measures, regulations with bracket variants, Markdown bodies with
//! markup and odd characters); each goes through `check`, and each accepted
//! one through a full build into a fresh folder.

mod common;

use proptest::prelude::*;
use std::fmt::Write;
use zhenggai::build::{build, load_and_check, BuildOptions};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\p{Han}]{1,20}",
        "[a-zA-Z0-9 ]{0,12}",
        "[\\p{Han}a-z0-9〔〕（）《》【】\\[\\]<>&\"'#:!*|{}-]{0,30}",
        Just(String::new()),
        Just("<script>alert(1)</script>".to_string()),
    ]
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        30 => (2018u32..2026).prop_map(|y| y.to_string()),
        30 => (2018u32..2026, 1u32..13).prop_map(|(y, m)| format!("{y}-{m:02}")),
        60 => (2018u32..2026, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        // Rare, as in real files: each portal has a dozen dates.
        1 => Just("2023-02-30".to_string()),
        1 => Just("soon".to_string()),
    ]
}

fn status() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        30 => prop::sample::select(vec![
            "done", "basically_done", "in_progress", "not_done", "已完成", "整改中",
        ]),
        1 => Just("finished"),
    ]
}

#[derive(Debug, Clone)]
struct IssueSpec {
    area: u32,
    group: u32,
    number: Option<u32>,
    title: Option<String>,
    status: &'static str,
    deadline: Option<String>,
    measures: Vec<(Option<String>, String)>,
    regulations: Vec<(Option<&'static str>, String, &'static str)>,
    body: String,
}

/// Non-empty text, as titles and measures must be.
fn words() -> impl Strategy<Value = String> {
    text().prop_filter("non-empty", |t| !t.trim().is_empty())
}

/// A problem whose place is made unique by the caller (`i`), with every
/// other field drawn freely; one in five is drawn from anything at all,
/// places included.
fn issue() -> impl Strategy<Value = IssueSpec> {
    let reg = prop_oneof![
        // A numbered document always carries its one title (two titles
        // for one number is an error `check` reports, tested elsewhere).
        prop::sample::select(vec![
            ("测字[2023]1号", "测试制度"),
            ("测字〔2023〕1号", "测试制度"),
            ("甲[2022]3号", "甲制度"),
        ])
        .prop_map(|(n, t)| (Some(n), t.to_string())),
        words().prop_map(|t| (None, t)),
    ];
    (
        prop_oneof![
            20 => (Just(1u32), 1u32..3, Just(None::<u32>)),
            1 => (0u32..4, 0u32..4, prop::option::of(0u32..4)),
        ],
        prop_oneof![20 => words().prop_map(Some), 1 => prop::option::of(text())],
        status(),
        prop::option::of(date()),
        prop::collection::vec(
            (
                prop::option::of(date()),
                prop_oneof![30 => words(), 1 => text()],
            ),
            0..4,
        ),
        prop::collection::vec(
            (
                reg,
                prop_oneof![
                    30 => prop::sample::select(vec!["established", "revised", "document"]),
                    1 => Just("新建"),
                ],
            ),
            0..3,
        ),
        prop_oneof![
            text(),
            Just("# 标题\n\n- 一\n- 二\n\n| a | b |\n|---|---|\n| 1 | 2 |".to_string()),
            Just("<b>粗</b> [链接](https://example.org) <img src=x onerror=alert(1)>".to_string()),
        ],
    )
        .prop_map(
            |((area, group, number), title, status, deadline, measures, regulations, body)| {
                IssueSpec {
                    area,
                    group,
                    number,
                    title,
                    status,
                    deadline,
                    measures,
                    regulations: regulations
                        .into_iter()
                        .map(|((number, title), kind)| (number, title, kind))
                        .collect(),
                    body,
                }
            },
        )
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn issue_file(spec: &IssueSpec) -> String {
    let mut y = format!("---\narea: {}\ngroup: {}\n", spec.area, spec.group);
    if let Some(n) = spec.number {
        let _ = writeln!(y, "number: {n}");
    }
    if let Some(t) = &spec.title {
        let _ = writeln!(y, "title: {}", q(t));
    }
    let _ = writeln!(y, "status: {}", spec.status);
    if let Some(d) = &spec.deadline {
        let _ = writeln!(y, "deadline: {d}");
    }
    if !spec.measures.is_empty() {
        y.push_str("measures:\n");
        for (date, text) in &spec.measures {
            match date {
                Some(d) => {
                    let _ = writeln!(y, "  - date: {d}\n    text: {}", q(text));
                }
                None => {
                    let _ = writeln!(y, "  - text: {}", q(text));
                }
            }
        }
    }
    if !spec.regulations.is_empty() {
        y.push_str("regulations:\n");
        for (number, title, kind) in &spec.regulations {
            let _ = writeln!(y, "  - title: {}\n    kind: {kind}", q(title));
            if let Some(n) = number {
                let _ = writeln!(y, "    number: {}", q(n));
            }
        }
    }
    let _ = write!(y, "---\n{}\n", spec.body);
    y
}

/// Portals `check` accepted (and so were built) in this run.
static ACCEPTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

const CASES: u32 = 128;

#[test]
fn enough_generated_portals_are_valid_for_the_property_to_mean_something() {
    whatever_check_accepts_builds();
    let accepted = ACCEPTED.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        accepted >= CASES as usize / 3,
        "only {accepted} of {CASES} generated portals passed check"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    fn whatever_check_accepts_builds(issues in prop::collection::vec(issue(), 1..6)) {
        let portal = common::base_fixture();
        let folder = portal.path().join("content/reports/r1/issues");
        for entry in std::fs::read_dir(&folder).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        for (i, spec) in issues.iter().enumerate() {
            let mut spec = spec.clone();
            // Distinct numbers, so most portals have no duplicate places.
            if spec.number.is_none() && spec.area == 1 {
                spec.number = Some(i as u32 + 1);
            }
            std::fs::write(folder.join(format!("p{i}.md")), issue_file(&spec)).unwrap();
        }
        if load_and_check(portal.path()).is_ok() {
            ACCEPTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let out = portal.path().join("site");
            let result = build(&BuildOptions {
                root: portal.path().to_path_buf(),
                out: out.clone(),
                base_url: Some("https://example.org/p/".into()),
                progress: false,
            today: None,
            });
            prop_assert!(result.is_ok(), "accepted by check but the build failed: {:?}", result.err());
            prop_assert!(out.join("index.html").is_file());
            for i in 0..issues.len() {
                let page = out.join(format!("reports/r1/issues/p{i}.html"));
                prop_assert!(page.is_file(), "no page {}", page.display());
            }
        }
    }
}
