//! The search index's postings are elasticlunr's: for the example portal,
//! a real `elasticlunr::Index` built with our language holds exactly the
//! same terms, documents, term frequencies and field lengths as
//! `search::postings::collect`, which the build uses because it is fast.

mod common;

use elasticlunr::IndexBuilder;
use serde_json::Value;
use std::collections::BTreeMap;
use zhenggai::build::load_and_check;
use zhenggai::derive::derive;
use zhenggai::search::{document_texts, language, postings, FIELDS};

/// (term, field, doc) → tf, read from elasticlunr's serialised tries.
fn elasticlunr_postings(json: &Value) -> BTreeMap<(String, usize, u32), f64> {
    fn walk(
        node: &Value,
        prefix: &mut String,
        field: usize,
        out: &mut BTreeMap<(String, usize, u32), f64>,
    ) {
        let object = node.as_object().unwrap();
        if let Some(docs) = object.get("docs").and_then(Value::as_object) {
            for (doc, tf) in docs {
                out.insert(
                    (prefix.clone(), field, doc.parse().unwrap()),
                    tf["tf"].as_f64().unwrap(),
                );
            }
        }
        for (key, child) in object {
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                prefix.push(c);
                walk(child, prefix, field, out);
                prefix.pop();
            }
        }
    }
    let mut out = BTreeMap::new();
    for (f, (name, _)) in FIELDS.iter().enumerate() {
        walk(
            &json["index"][*name]["root"],
            &mut String::new(),
            f,
            &mut out,
        );
    }
    out
}

#[test]
fn postings_equal_those_of_a_real_elasticlunr_index() {
    let (portal, _) = load_and_check(&common::repo()).unwrap();
    let site = derive(portal.clone());
    let texts = document_texts(&site);
    assert_eq!(texts.len(), 33);

    let mut builder = IndexBuilder::with_language(Box::new(language())).save_docs(false);
    for (name, _) in FIELDS {
        builder = builder.add_field(name);
    }
    let mut index = builder.build();
    for (n, fields) in texts.iter().enumerate() {
        index.add_doc(&n.to_string(), fields.iter());
    }
    let json = serde_json::to_value(&index).unwrap();
    let expected = elasticlunr_postings(&json);

    let ours = postings::collect(texts.len(), |d| texts[d].clone(), &language());
    let mut got = BTreeMap::new();
    for (term, occurrences) in &ours.terms {
        for o in occurrences {
            got.insert((term.to_string(), o.field as usize, o.doc), o.tf());
        }
    }
    assert_eq!(got.len(), expected.len(), "same number of postings");
    assert_eq!(got, expected);
    for (doc, lengths) in ours.lengths.iter().enumerate() {
        for (f, (name, _)) in FIELDS.iter().enumerate() {
            let theirs = json["documentStore"]["docInfo"][doc.to_string()][*name]
                .as_u64()
                .unwrap();
            assert_eq!(
                lengths[f] as u64, theirs,
                "length of field {name} of document {doc}"
            );
        }
    }
    // The terms that matter for Chinese search are really there.
    for term in ["森林", "消防", "温应急[2023]19号", "2023", "19", "8366"] {
        assert!(ours.terms.contains_key(term), "{term} is indexed");
    }
}

#[test]
fn every_bucket_the_index_declares_has_a_file() {
    let site = common::example_site();
    let meta = std::fs::read_to_string(site.join("search/index.js")).unwrap();
    let json: Value = serde_json::from_str(
        meta.trim()
            .trim_start_matches("zhenggaiSearch.meta(")
            .trim_end_matches(");"),
    )
    .unwrap();
    let docs = json["docs"].as_u64().unwrap() as usize;
    let chunk = json["chunk"].as_u64().unwrap() as usize;
    assert_eq!(docs, 33);
    for (prefix, count) in [
        ("v", json["vocab_buckets"].as_u64().unwrap() as usize),
        ("p", json["postings_buckets"].as_u64().unwrap() as usize),
        ("d", docs.div_ceil(chunk)),
    ] {
        for n in 0..count {
            let file = site.join(format!("search/{prefix}{n}.js"));
            assert!(file.is_file(), "{} is missing", file.display());
        }
    }
}

/// A build lets each problem's body go once its page is written and its
/// text indexed; a problem without measures keeps it, because its search
/// result shows the body's opening, made after the pages. Both the page
/// and the result must still show the body.
#[test]
fn a_problem_without_measures_shows_its_body_on_its_page_and_in_results() {
    let portal = common::example_copy();
    let issue = std::fs::read_dir(portal.path().join("content/reports"))
        .unwrap()
        .map(|r| r.unwrap().path().join("issues/1-1.md"))
        .find(|p| p.exists())
        .expect("the example's first problem");
    let text = std::fs::read_to_string(&issue).unwrap();
    let front = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .unwrap()
        .0;
    let kept: Vec<&str> = front
        .lines()
        .take_while(|l| !l.starts_with("measures:"))
        .filter(|l| !l.starts_with("long_term"))
        .collect();
    std::fs::write(
        &issue,
        format!(
            "---\n{}\n---\n本问题的整改措施另行公布，先说明推进安排。\n",
            kept.join("\n")
        ),
    )
    .unwrap();
    // A problem with measures and a body: its body is let go after its
    // page is rendered, and its page must have it.
    let measured = issue.with_file_name("1-2-1.md");
    let mut measured_text = std::fs::read_to_string(&measured).unwrap();
    measured_text.push_str("\n另附说明：鹭江片区整改台账已按月更新。\n");
    std::fs::write(&measured, measured_text).unwrap();
    let out = portal.path().join("site");
    let built = common::run(
        portal.path(),
        &[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--today",
            "2026-12-06",
        ],
    );
    assert!(built.status.success(), "{}", common::stderr(&built));
    let slug = issue
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .file_name()
        .unwrap();
    let page =
        std::fs::read_to_string(out.join("reports").join(slug).join("issues/1-1.html")).unwrap();
    assert!(page.contains("先说明推进安排"), "the page shows the body");
    let results = std::fs::read_to_string(out.join("search/d0.js")).unwrap();
    assert!(
        results.contains("本问题的整改措施另行公布"),
        "the result shows the body's opening: {results}"
    );
    let other =
        std::fs::read_to_string(out.join("reports").join(slug).join("issues/1-2-1.html")).unwrap();
    assert!(other.contains("整改台账已按月更新"), "{other}");
    // Its search entry was made from the body before it was let go.
    let terms: String = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('v'))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(terms.contains('鹭'), "the body's words are indexed");
}
