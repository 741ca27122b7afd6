//! Any bytes, read as each kind of content file. Parsing must never panic;
//! an issue file that parses is put into a small portal and must then
//! validate, and if valid derive, publish and segment, without panicking.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zhenggai::load::{frontmatter, parse_document};
use zhenggai::model::{Issue, IssueMeta, Portal, PortalConfig, Report, ReportMeta};

const REPORT: &[u8] = include_bytes!("../../tests/fixtures/base/content/reports/r1/report.md");
const PORTAL: &str = include_str!("../../tests/fixtures/base/content/portal.yaml");

fuzz_target!(|data: &[u8]| {
    let _ = parse_document::<ReportMeta>(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = frontmatter::parse::<PortalConfig>(text, 1);
    }
    let Ok(doc) = parse_document::<IssueMeta>(data) else {
        return;
    };
    let report = parse_document::<ReportMeta>(REPORT).expect("the base report parses");
    let issue = Issue {
        slug: "fuzz".into(),
        path: "content/reports/r1/issues/fuzz.md".into(),
        meta: doc.meta,
        body: doc.body,
        yaml_first_line: doc.yaml_first_line,
        yaml: doc.yaml,
    };
    let portal = Portal {
        config: frontmatter::parse(PORTAL, 1).expect("the base portal.yaml parses"),
        config_path: "content/portal.yaml".into(),
        config_text: PORTAL.into(),
        reports: vec![Report {
            slug: "r1".into(),
            path: "content/reports/r1/report.md".into(),
            meta: report.meta,
            intro: report.body,
            issues: vec![issue],
            yaml_first_line: report.yaml_first_line,
            yaml: report.yaml,
        }],
    };
    if zhenggai::validate::Checks::default()
        .run(&portal, None)
        .is_err()
    {
        return;
    }
    let site = zhenggai::derive::derive(portal);
    zhenggai::publish::each(&site, &mut |_| {});
    let language = zhenggai::search::language();
    for fields in zhenggai::search::document_texts(&site) {
        for text in fields {
            let _ = language.terms(&text);
        }
    }
});
