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
            got.insert((term.clone(), o.field as usize, o.doc), o.tf());
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
