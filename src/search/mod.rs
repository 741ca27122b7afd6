//! Search: a Chinese full-text index of every problem, built with
//! elasticlunr-rs and written as small script files the search page loads
//! on demand (scripts, not fetched JSON, so search works from file:// too).
//!
//! elasticlunr's own JSON stores every posting as `{"tf": …}` in a trie and
//! must be loaded whole; at 10,000 problems that is tens of megabytes. So
//! the built index is re-encoded:
//!
//! - `search/index.js`: fields, boosts, counts, report names (a few kB).
//! - `search/t<B>.js`: the terms whose first character hashes to bucket B,
//!   each with, per field, its postings as `[doc-delta, weight, …]`. The
//!   weight is elasticlunr's `tf / sqrt(field length)` scaled to an integer;
//!   idf is computed in the browser from the posting count, as elasticlunr
//!   does. A query loads only the buckets of its own characters.
//! - `search/d<C>.js`: what a result shows (title, link, status, report,
//!   teaser) for a chunk of documents; loaded for the results on screen.

pub mod tokens;

use crate::derive::SiteView;
use crate::render::OutputFile;
use elasticlunr::lang::Language;
use elasticlunr::IndexBuilder;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokens::SearchLanguage;

/// The indexed fields and their boosts (as elasticlunr's `boost`).
pub const FIELDS: [(&str, f64); 5] = [
    ("title", 4.0),
    ("regulations", 2.0),
    ("context", 1.5),
    ("measures", 1.0),
    ("body", 0.5),
];

/// Documents per result-data chunk.
pub const DOCS_PER_CHUNK: usize = 32;

/// Scale of the stored weights (a title of one term weighs this much).
const WEIGHT_SCALE: f64 = 200.0;

/// Characters of measure text shown under a result.
const TEASER_CHARS: usize = 110;

/// A shared handle to the search language, so the jieba dictionary is
/// loaded once per process and elasticlunr can still own its `Language`.
#[derive(Clone)]
pub struct SharedLanguage(pub Arc<SearchLanguage>);

impl Language for SharedLanguage {
    fn name(&self) -> String {
        self.0.name()
    }
    fn code(&self) -> String {
        self.0.code()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        self.0.tokenize(text)
    }
    fn make_pipeline(&self) -> elasticlunr::pipeline::Pipeline {
        self.0.make_pipeline()
    }
}

/// The process-wide search language (jieba is loaded on first use).
pub fn language() -> SharedLanguage {
    static LANGUAGE: std::sync::OnceLock<SharedLanguage> = std::sync::OnceLock::new();
    LANGUAGE
        .get_or_init(|| SharedLanguage(Arc::new(SearchLanguage::new())))
        .clone()
}

/// One searchable problem: the text of each field, plus what a result shows.
struct SearchDoc {
    fields: [String; 5],
    shown: Shown,
}

/// What a result line shows; serialised as a compact array.
#[derive(Serialize)]
struct Shown(String, String, usize, &'static str, String, String);

/// Builds the index files for a site.
pub fn build_index(site: &SiteView, language: &SharedLanguage) -> Vec<OutputFile> {
    let docs = collect_docs(site);
    let mut builder = IndexBuilder::with_language(Box::new(language.clone())).save_docs(false);
    for (name, _) in FIELDS {
        builder = builder.add_field(name);
    }
    let mut index = builder.build();
    for (n, doc) in docs.iter().enumerate() {
        index.add_doc(&n.to_string(), doc.fields.iter());
    }
    let json = serde_json::to_value(&index).expect("an index serialises");
    drop(index);
    let postings = read_postings(&json, docs.len());
    encode(site, &docs, postings)
}

fn collect_docs(site: &SiteView) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (r, report) in site.reports.iter().enumerate() {
        for issue in &report.issues {
            let area = &report.areas[issue.area as usize - 1];
            let group = &area.groups[issue.group as usize - 1];
            let measures: Vec<&str> = issue.measures.iter().map(|m| m.text.as_str()).collect();
            let regulations: Vec<String> = issue
                .regulations
                .iter()
                .map(|x| format!("{} {}", x.title, x.number.as_deref().unwrap_or("")))
                .collect();
            let body = strip_tags(&issue.body_html);
            let teaser_source = if measures.is_empty() {
                body.clone()
            } else {
                measures.join(" ")
            };
            docs.push(SearchDoc {
                fields: [
                    issue.title.clone(),
                    regulations.join(" "),
                    format!(
                        "{} {} {} {} {} {}",
                        issue.place,
                        area.title,
                        group.title,
                        report.unit,
                        report.title,
                        issue.status_label
                    ),
                    measures.join(" "),
                    body,
                ],
                shown: Shown(
                    issue.title.clone(),
                    format!("reports/{}/issues/{}.html", report.slug, issue.slug),
                    r,
                    issue.status,
                    issue.place.clone(),
                    teaser_source.chars().take(TEASER_CHARS).collect(),
                ),
            });
        }
    }
    docs
}

/// Postings of one term: per field, `(doc, weight)` sorted by doc.
type TermPostings = Vec<Vec<(usize, u32)>>;

/// Walks elasticlunr's serialised tries and turns term frequencies into
/// length-normalised integer weights.
fn read_postings(json: &Value, doc_count: usize) -> BTreeMap<String, TermPostings> {
    let mut lengths = vec![[0usize; 5]; doc_count];
    if let Some(info) = json["documentStore"]["docInfo"].as_object() {
        for (doc, fields) in info {
            let Ok(n) = doc.parse::<usize>() else {
                continue;
            };
            for (f, (name, _)) in FIELDS.iter().enumerate() {
                lengths[n][f] = fields[*name].as_u64().unwrap_or(0) as usize;
            }
        }
    }
    let mut terms: BTreeMap<String, TermPostings> = BTreeMap::new();
    for (f, (name, _)) in FIELDS.iter().enumerate() {
        let root = &json["index"][*name]["root"];
        let mut prefix = String::new();
        walk(root, &mut prefix, &mut |term, docs| {
            let entry = terms
                .entry(term.to_string())
                .or_insert_with(|| vec![Vec::new(); FIELDS.len()]);
            for (doc, tf) in docs {
                let Ok(n) = doc.parse::<usize>() else {
                    continue;
                };
                let tf = tf["tf"].as_f64().unwrap_or(0.0);
                let length = lengths.get(n).map_or(1, |l| l[f]).max(1) as f64;
                let weight = (tf / length.sqrt() * WEIGHT_SCALE).round().max(1.0) as u32;
                entry[f].push((n, weight));
            }
            entry[f].sort_unstable();
        });
    }
    terms
}

fn walk(
    node: &Value,
    prefix: &mut String,
    visit: &mut dyn FnMut(&str, &serde_json::Map<String, Value>),
) {
    let Some(object) = node.as_object() else {
        return;
    };
    if let Some(docs) = object.get("docs").and_then(Value::as_object) {
        if !docs.is_empty() {
            visit(prefix, docs);
        }
    }
    for (key, child) in object {
        let mut chars = key.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            prefix.push(c);
            walk(child, prefix, visit);
            prefix.pop();
        }
    }
}

/// The bucket of a term: a hash of its first character, the same
/// arithmetic as `bucketOf` in search.js (Math.imul, then unsigned).
pub fn bucket_of(term: &str, buckets: u32) -> u32 {
    let first = term.chars().next().map_or(0, |c| c as u32);
    first.wrapping_mul(2_654_435_761) % buckets
}

/// Top-level search settings, read by search.js first.
#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    buckets: u32,
    chunk: usize,
    fields: Vec<&'static str>,
    boosts: Vec<f64>,
    scale: f64,
    reports: Vec<&'a str>,
    statuses: Vec<(&'static str, &'static str)>,
    stop: &'static [&'static str],
    max_issuer: usize,
}

fn encode(
    site: &SiteView,
    docs: &[SearchDoc],
    terms: BTreeMap<String, TermPostings>,
) -> Vec<OutputFile> {
    // Aim for buckets of ~16 kB: enough of them that a query loads little,
    // few enough that small portals do not scatter into hundreds of files.
    let postings: usize = terms.values().flat_map(|p| p.iter().map(Vec::len)).sum();
    let estimate = postings * 6 + terms.len() * 12;
    let buckets = (estimate / 16_000).clamp(8, 4096).next_power_of_two() as u32;

    let mut by_bucket: BTreeMap<u32, BTreeMap<&str, Vec<Value>>> = BTreeMap::new();
    for (term, fields) in &terms {
        let encoded: Vec<Value> = fields
            .iter()
            .map(|list| {
                if list.is_empty() {
                    return Value::from(0);
                }
                let mut flat = Vec::with_capacity(list.len() * 2);
                let mut last = 0;
                for (doc, weight) in list {
                    flat.push(doc - last);
                    flat.push(*weight as usize);
                    last = *doc;
                }
                Value::from(flat)
            })
            .collect();
        by_bucket
            .entry(bucket_of(term, buckets))
            .or_default()
            .insert(term, encoded);
    }

    let mut files = Vec::new();
    let meta = Meta {
        version: 1,
        docs: docs.len(),
        buckets,
        chunk: DOCS_PER_CHUNK,
        fields: FIELDS.iter().map(|f| f.0).collect(),
        boosts: FIELDS.iter().map(|f| f.1).collect(),
        scale: WEIGHT_SCALE,
        reports: site.reports.iter().map(|r| r.title.as_str()).collect(),
        statuses: site.statuses.iter().map(|s| (s.key, s.label)).collect(),
        stop: tokens::STOP_WORDS,
        max_issuer: tokens::MAX_ISSUER_CHARS,
    };
    files.push(script("search/index.js", "meta", None, &meta));
    for (bucket, entries) in &by_bucket {
        files.push(script(
            &format!("search/t{bucket}.js"),
            "terms",
            Some(*bucket as usize),
            entries,
        ));
    }
    for (chunk, shown) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let rows: Vec<&Shown> = shown.iter().map(|d| &d.shown).collect();
        files.push(script(
            &format!("search/d{chunk}.js"),
            "docs",
            Some(chunk),
            &rows,
        ));
    }
    files
}

/// A script file that hands its data to the page's loader:
/// `zhenggaiSearch.terms(3, {…});`.
fn script<T: Serialize + ?Sized>(
    path: &str,
    call: &str,
    number: Option<usize>,
    data: &T,
) -> OutputFile {
    let json = serde_json::to_string(data).expect("search data serialises");
    let text = match number {
        Some(n) => format!("zhenggaiSearch.{call}({n},{json});\n"),
        None => format!("zhenggaiSearch.{call}({json});\n"),
    };
    OutputFile {
        path: path.to_string(),
        bytes: text.into_bytes(),
    }
}

/// Plain text of sanitised HTML, for indexing a Markdown body.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}
