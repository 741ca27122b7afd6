//! Search: a Chinese full-text index of every problem, written as small
//! script files that the search page loads on demand (scripts, not fetched
//! JSON, so search works from file:// too).
//!
//! Terms come from our elasticlunr [`Language`](elasticlunr::lang::Language)
//! ([`tokens`]) and are scored as elasticlunr scores them: for a term and a
//! document, the sum over fields of `boost × tf / sqrt(field length) × idf`,
//! with `idf = 1 + ln(N / (df + 1))`. That sum is computed here, once, so
//! the browser only adds numbers up. Files under `search/`:
//!
//! - `index.js`: counts, bucket sizes, report names (a few kB).
//! - `v<B>.js`: vocabulary: the terms whose first character hashes to `B`,
//!   with their document frequency (document numbers excepted: they are
//!   looked up whole). The browser loads the buckets of the
//!   query's characters to segment it against the index's own words and to
//!   expand prefixes.
//! - `p<B>.js`: postings of the terms whose hash is `B`: per term, a string
//!   of variable-length numbers `doc-delta, score, doc-delta, score…`.
//! - `d<C>.js`: what a result shows (title, link, status, report, teaser)
//!   for a chunk of documents.

pub mod postings;
pub mod tokens;

use crate::derive::SiteView;
use crate::render::OutputFile;
use elasticlunr::lang::Language;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokens::SearchLanguage;

/// The indexed fields and their boosts (elasticlunr's `boost`).
pub const FIELDS: [(&str, f64); 5] = [
    ("title", 4.0),
    ("regulations", 2.0),
    ("context", 1.5),
    ("measures", 1.0),
    ("body", 0.5),
];

/// Documents per result-data chunk: small, since a page of results may
/// touch a chunk per result.
pub const DOCS_PER_CHUNK: usize = 16;

/// Scores are stored as integers: `round(score × SCALE)`.
pub const SCALE: f64 = 32.0;

/// Characters of measure text shown under a result.
const TEASER_CHARS: usize = 90;

/// How many longer words a query word may expand to (by prefix).
const EXPAND_LIMIT: usize = 8;

/// The 64 characters of the posting encoding (all JSON-safe).
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// A shared handle to the search language, so the jieba dictionary is
/// loaded once per process and still usable where a `Language` is owned.
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

/// What a result line shows, as a compact array:
/// title, link, unit (of the report), status, place, teaser.
#[derive(Serialize)]
struct Shown(String, String, String, &'static str, String, String);

/// Builds the index files for a site.
pub fn build_index(site: &SiteView, language: &SharedLanguage) -> Vec<OutputFile> {
    build_index_cached(site, language, &mut std::collections::HashMap::new())
}

/// As `build_index`, segmenting only documents whose text is not in
/// `cache` (keyed by a hash of the document's fields); watch mode keeps the
/// cache between rebuilds. The output is the same as `build_index`'s.
pub fn build_index_cached(
    site: &SiteView,
    language: &SharedLanguage,
    cache: &mut std::collections::HashMap<u64, postings::DocTerms>,
) -> Vec<OutputFile> {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    let (texts, shown) = documents(site);
    let keys: Vec<u64> = texts
        .iter()
        .map(|fields| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            fields.hash(&mut h);
            h.finish()
        })
        .collect();
    let missing: Vec<(u64, &Vec<String>)> = keys
        .iter()
        .zip(&texts)
        .filter(|(k, _)| !cache.contains_key(k))
        .map(|(k, t)| (*k, t))
        .collect();
    let fresh: Vec<(u64, postings::DocTerms)> = missing
        .par_iter()
        .map_init(
            || language.make_pipeline(),
            |pipeline, (k, fields)| (*k, postings::doc_terms(fields, language, pipeline)),
        )
        .collect();
    cache.extend(fresh);
    let postings = postings::aggregate(keys.iter().map(|k| &cache[k]));
    // Forget documents that no longer exist.
    let live: std::collections::HashSet<u64> = keys.into_iter().collect();
    cache.retain(|k, _| live.contains(k));
    encode(site, &shown, &postings)
}

/// The text of each field of every problem, in site order, and what each
/// result shows. Public so tests can index the same text with elasticlunr.
pub fn document_texts(site: &SiteView) -> Vec<Vec<String>> {
    documents(site).0
}

fn documents(site: &SiteView) -> (Vec<Vec<String>>, Vec<Shown>) {
    let mut texts = Vec::new();
    let mut shown = Vec::new();
    for report in &site.reports {
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
            let teaser: String = if measures.is_empty() {
                &body
            } else {
                measures[0]
            }
            .chars()
            .take(TEASER_CHARS)
            .collect();
            texts.push(vec![
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
            ]);
            shown.push(Shown(
                issue.title.clone(),
                format!("reports/{}/issues/{}.html", report.slug, issue.slug),
                report.unit.clone(),
                issue.status,
                issue.place.clone(),
                teaser,
            ));
        }
    }
    (texts, shown)
}

/// The vocabulary bucket of a term: a hash of its first character, or of
/// its first two when it starts with a letter or digit (numbers are many
/// and digits few). The same arithmetic as `vocabBucket` in search.js.
pub fn vocab_bucket(term: &str, buckets: u32) -> u32 {
    let mut chars = term.chars();
    let first = chars.next().map_or(0, |c| c as u32);
    let key = match chars.next() {
        Some(second) if term.as_bytes()[0].is_ascii_alphanumeric() => {
            first * 128 + (second as u32 % 128)
        }
        _ => first,
    };
    key.wrapping_mul(2_654_435_761) % buckets
}

/// The postings bucket of a term: FNV-1a over its code points, as
/// `postingsBucket` in search.js.
pub fn postings_bucket(term: &str, buckets: u32) -> u32 {
    let mut hash: u32 = 2_166_136_261;
    for c in term.chars() {
        hash ^= c as u32;
        hash = hash.wrapping_mul(16_777_619);
    }
    hash % buckets
}

/// Appends a number in the posting encoding: base-32 digits, least
/// significant first; digits 32–63 mean "more follow".
fn push_number(out: &mut String, mut n: u64) {
    loop {
        let low = (n % 32) as usize;
        n /= 32;
        if n == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[32 + low] as char);
    }
}

/// Top-level search settings, read by search.js first.
#[derive(Serialize)]
struct Meta {
    version: u32,
    docs: usize,
    vocab_buckets: u32,
    postings_buckets: u32,
    chunk: usize,
    scale: f64,
    expand: usize,
    statuses: Vec<(&'static str, &'static str)>,
    stop: &'static [&'static str],
    max_issuer: usize,
}

fn bucket_count(bytes: usize, target: usize, max: usize) -> u32 {
    (bytes / target).clamp(4, max).next_power_of_two() as u32
}

fn encode(site: &SiteView, shown: &[Shown], postings: &postings::Postings) -> Vec<OutputFile> {
    let n = shown.len() as f64;
    // Per term: each document's elasticlunr score, summed over fields.
    let mut encoded: BTreeMap<&str, (usize, String)> = BTreeMap::new();
    for (term, occurrences) in &postings.terms {
        let mut df = [0usize; FIELDS.len()];
        for &(_, f, _) in occurrences {
            df[f as usize] += 1;
        }
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| 1.0 + (n / (d as f64 + 1.0)).ln())
            .collect();
        let mut text = String::new();
        let (mut last_doc, mut doc_count) = (0u32, 0usize);
        let mut i = 0;
        while i < occurrences.len() {
            let doc = occurrences[i].0;
            let mut score = 0.0;
            while i < occurrences.len() && occurrences[i].0 == doc {
                let (_, f, tf) = occurrences[i];
                let length = postings.lengths[doc as usize][f as usize].max(1) as f64;
                score += FIELDS[f as usize].1 * tf / length.sqrt() * idf[f as usize];
                i += 1;
            }
            push_number(&mut text, (doc - last_doc) as u64);
            push_number(&mut text, (score * SCALE).round().max(1.0) as u64);
            last_doc = doc;
            doc_count += 1;
        }
        encoded.insert(term.as_str(), (doc_count, text));
    }

    let vocab_bytes: usize = encoded
        .keys()
        .filter(|t| !t.contains('['))
        .map(|t| t.len() + 6)
        .sum();
    let postings_bytes: usize = encoded
        .iter()
        .map(|(t, (_, p))| t.len() + p.len() + 4)
        .sum();
    let vocab_buckets = bucket_count(vocab_bytes, 6_000, 1024);
    let postings_buckets = bucket_count(postings_bytes, 12_000, 8192);
    let mut vocab: BTreeMap<u32, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut lists: BTreeMap<u32, BTreeMap<&str, &str>> = BTreeMap::new();
    for (term, (df, text)) in &encoded {
        // Document numbers are looked up whole, never segmented or expanded.
        if !term.contains('[') {
            vocab
                .entry(vocab_bucket(term, vocab_buckets))
                .or_default()
                .insert(term, *df);
        }
        lists
            .entry(postings_bucket(term, postings_buckets))
            .or_default()
            .insert(term, text);
    }

    let meta = Meta {
        version: 2,
        docs: shown.len(),
        vocab_buckets,
        postings_buckets,
        chunk: DOCS_PER_CHUNK,
        scale: SCALE,
        expand: EXPAND_LIMIT,
        statuses: site.statuses.iter().map(|s| (s.key, s.label)).collect(),
        stop: tokens::STOP_WORDS,
        max_issuer: tokens::MAX_ISSUER_CHARS,
    };
    let mut files = vec![script("search/index.js", "meta", None, &meta)];
    // Every bucket gets a file, empty or not: the browser loads buckets by
    // number and must not mistake "no terms here" for a broken index.
    files.extend(bucket_files("v", "vocab", vocab_buckets, &vocab));
    files.extend(bucket_files("p", "postings", postings_buckets, &lists));
    for (chunk, rows) in shown.chunks(DOCS_PER_CHUNK).enumerate() {
        files.push(script(
            &format!("search/d{chunk}.js"),
            "docs",
            Some(chunk),
            rows,
        ));
    }
    files
}

/// One script file per bucket number, `search/<prefix><n>.js`, empty
/// buckets included.
fn bucket_files<V: Serialize>(
    prefix: &str,
    call: &str,
    count: u32,
    buckets: &BTreeMap<u32, BTreeMap<&str, V>>,
) -> Vec<OutputFile> {
    let empty = BTreeMap::new();
    (0..count)
        .map(|n| {
            let terms = buckets.get(&n).unwrap_or(&empty);
            script(
                &format!("search/{prefix}{n}.js"),
                call,
                Some(n as usize),
                terms,
            )
        })
        .collect()
}

/// A script file that hands its data to the page's loader:
/// `zhenggaiSearch.vocab(3,{…});`. JSON inside a script file cannot close
/// a tag, but `<` is escaped anyway so the data is inert wherever it lands.
fn script<T: Serialize + ?Sized>(
    path: &str,
    call: &str,
    number: Option<usize>,
    data: &T,
) -> OutputFile {
    let json = serde_json::to_string(data)
        .expect("search data serialises")
        .replace('<', "\\u003c");
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
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_through_the_posting_encoding() {
        let mut s = String::new();
        for n in [0u64, 1, 31, 32, 1000, 70_000] {
            push_number(&mut s, n);
        }
        // Decode as search.js does.
        let mut out = Vec::new();
        let (mut value, mut factor) = (0u64, 1u64);
        for b in s.bytes() {
            let d = DIGITS.iter().position(|&x| x == b).unwrap() as u64;
            if d >= 32 {
                value += (d - 32) * factor;
                factor *= 32;
            } else {
                out.push(value + d * factor);
                value = 0;
                factor = 1;
            }
        }
        assert_eq!(out, vec![0, 1, 31, 32, 1000, 70_000]);
    }

    #[test]
    fn buckets_match_the_browser_arithmetic() {
        // Expected values printed by search.js's own vocabBucket and
        // postingsBucket (run under node), so both sides stay in step.
        assert_eq!(vocab_bucket("森林", 64), 14);
        assert_eq!(vocab_bucket("8366", 1024), 579);
        assert_eq!(vocab_bucket("温应急[2023]19号", 256), 89);
        assert_eq!(postings_bucket("森林", 4096), 2770);
        assert_eq!(postings_bucket("gb2312", 512), 148);
        assert_eq!(postings_bucket("温应急[2023]19号", 8192), 2307);
    }
}
