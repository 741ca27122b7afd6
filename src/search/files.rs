//! The index as files the browser loads: terms grouped into buckets by
//! hash, postings as variable-length numbers, each file a script call
//! (`zhenggaiSearch.postings(7,{…});`) so search works from file:// too.

use super::{postings, tokens, Shown, DOCS_PER_CHUNK, EXPAND_LIMIT, FIELDS, SCALE};
use crate::derive::SiteView;
use crate::output::{self, OutputFile};
use serde::Serialize;
use std::collections::BTreeMap;

/// The 64 characters of the posting encoding (all JSON-safe).
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// The vocabulary bucket of a term: a hash of its first character, or of
/// its first two when it starts with a letter or digit (numbers are many
/// and digits few). The same arithmetic as `vocabBucket` in search.js.
pub(crate) fn vocab_bucket(term: &str, buckets: u32) -> u32 {
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
pub(crate) fn postings_bucket(term: &str, buckets: u32) -> u32 {
    crate::model::fnv1a32(term.chars().map(u32::from)) % buckets
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
struct Meta<'a> {
    version: u32,
    docs: usize,
    /// Documents in each range a tail is split at ([`tail_range`]).
    tail_range: usize,
    vocab_buckets: u32,
    postings_buckets: u32,
    chunk: usize,
    scale: f64,
    expand: usize,
    statuses: Vec<(&'static str, &'static str)>,
    stop: &'static [&'static str],
    max_issuer: usize,
    /// The filters: key, label, kind (`Status`, `Due`, `Year`), count.
    /// Each has a file `f-<key>.js` of the documents it holds.
    facets: Vec<(&'a str, &'a str, String, usize)>,
    /// The regulations in `regs.js`, and the portal's: fewer when the
    /// portal's would not fit one query's budget ([`REGS_BYTES`]).
    regs: (usize, usize),
}

/// A report as the filter by report sees it: slug, title, its first
/// document and how many it has (a report's documents are consecutive).
#[derive(Serialize)]
struct ReportRange<'a>(&'a str, &'a str, usize, usize);

fn bucket_count(bytes: usize, target: usize, max: usize) -> u32 {
    (bytes / target).clamp(4, max).next_power_of_two() as u32
}

/// The documents a term's first tier holds: a term in more documents
/// than this (整改 is in nearly all of them) has its best-scoring ones in
/// its postings bucket and the rest in a tail file, loaded only when a
/// query needs them. A one-word query's first pages come from the first
/// tier alone, so a reader's first search stays small at a million
/// problems.
pub(crate) const FIRST_TIER: usize = 1000;

/// A term's postings as its bucket holds them: every document, or the
/// first tier with the term's document count and the ranges of documents
/// its tail has some in (the tail is split at those ranges).
#[derive(Serialize)]
#[serde(untagged)]
enum Listed {
    Whole(String),
    FirstTier(String, usize, Vec<u32>),
}

/// How many ranges of documents a tail is split into, at least. A query
/// with a rare word (乐清市水利局 整改) can only match that word's
/// documents, which are mostly a few neighbours (one report's): search.js
/// loads a common term's tail only for their ranges, not the whole of it.
const TAIL_RANGES: usize = 32;

/// The most documents a range holds, so that a range of a term in every
/// document stays about 9 kB however large the portal (a million problems
/// have 245 ranges).
const TAIL_RANGE_DOCS: usize = 4096;

/// Documents in one range of a tail.
fn tail_range(docs: usize) -> usize {
    docs.div_ceil(TAIL_RANGES).clamp(1, TAIL_RANGE_DOCS)
}

/// Per field of a document, the square root of its length in terms (at
/// least 1): elasticlunr divides a term's weight by it. Worked out once
/// per document, not once per term in it, and kept flat.
type Norms = [f64; FIELDS.len()];

fn norms(lengths: &[postings::Lengths]) -> Vec<Norms> {
    lengths
        .iter()
        .map(|fields| std::array::from_fn(|f| (fields[f].max(1) as f64).sqrt()))
        .collect()
}

/// The documents of a term past its first tier, encoded twice: whole, for
/// a query that needs every document (one file a bucket, as few requests
/// as can be), and split at ranges of documents for a query that can only
/// match a rare term's (each part starts from document 0, so it decodes
/// alone).
struct Tail {
    whole: String,
    ranges: Vec<(u32, String)>,
}

/// One term's postings, encoded as strings of `doc-delta, score` numbers:
/// its bucket's entry and, past [`FIRST_TIER`] documents, its [`Tail`],
/// split at ranges of `range` documents.
fn encode_term(
    n: f64,
    occurrences: &postings::Occurrences,
    norms: &[Norms],
    range: usize,
) -> (Listed, Option<Tail>) {
    let mut df = [0usize; FIELDS.len()];
    for o in occurrences {
        df[o.field as usize] += 1;
    }
    let idf = df.map(|d| 1.0 + (n / (d as f64 + 1.0)).ln());
    let mut scored: Vec<(u32, u64)> = Vec::with_capacity(occurrences.documents());
    let mut occurrences = occurrences.iter().peekable();
    while let Some(first) = occurrences.peek().copied() {
        let doc = first.doc;
        let mut score = 0.0;
        while let Some(o) = occurrences.next_if(|o| o.doc == doc) {
            let f = o.field as usize;
            score += FIELDS[f].1 * o.tf() / norms[doc as usize][f] * idf[f];
        }
        scored.push((doc, (score * SCALE).round().max(1.0) as u64));
    }
    if scored.len() <= FIRST_TIER {
        return (Listed::Whole(encode_scored(&scored)), None);
    }
    // The first tier: the best scores, ties to the lower document (the
    // order search.js ranks in), so its best results are the term's.
    let count = scored.len();
    let mut best: Vec<usize> = (0..count).collect();
    best.select_nth_unstable_by_key(FIRST_TIER - 1, |&i| {
        (std::cmp::Reverse(scored[i].1), scored[i].0)
    });
    let mut first = vec![false; count];
    for &i in &best[..FIRST_TIER] {
        first[i] = true;
    }
    let mut top = Vec::with_capacity(FIRST_TIER);
    let mut rest = Vec::with_capacity(count - FIRST_TIER);
    for (entry, is_first) in scored.into_iter().zip(first) {
        if is_first {
            top.push(entry);
        } else {
            rest.push(entry);
        }
    }
    let tail = Tail {
        whole: encode_scored(&rest),
        ranges: rest
            .chunk_by(|a, b| a.0 as usize / range == b.0 as usize / range)
            .map(|part| ((part[0].0 as usize / range) as u32, encode_scored(part)))
            .collect(),
    };
    let ranges = tail.ranges.iter().map(|(r, _)| *r).collect();
    (
        Listed::FirstTier(encode_scored(&top), count, ranges),
        Some(tail),
    )
}

/// Documents in order with their scores, as `doc-delta, score` numbers.
fn encode_scored(scored: &[(u32, u64)]) -> String {
    let mut text = String::new();
    let mut last_doc = 0u32;
    for &(doc, score) in scored {
        push_number(&mut text, (doc - last_doc) as u64);
        push_number(&mut text, score);
        last_doc = doc;
    }
    text
}

/// Encoded characters per occurrence, about (a `doc-delta, score` pair
/// takes 2.2 on average, and some documents hold a term in two fields):
/// sizes the postings buckets before they are encoded.
const OCCURRENCE_CHARS: usize = 2;

/// Writes the index files, handing each to `emit` as it is made. Terms are
/// grouped into buckets first and each bucket is encoded on its own, so
/// only the buckets in flight exist as text at any time.
/// What each result shows is made a chunk at a time (`shown(d)` for
/// document `d` of `docs`): together, every passage of every problem.
pub(super) fn encode(
    site: &SiteView,
    docs: usize,
    postings: &postings::Postings,
    emit: &(impl Fn(OutputFile) + Sync),
) {
    use rayon::prelude::*;
    let n = docs as f64;
    let range = tail_range(docs);
    // Document numbers and plain numbers are looked up whole, never
    // segmented or expanded (2023 is no prefix of 202300 in any sense a
    // reader means), so they stay out of the vocabulary: at a million
    // problems the amounts in measures are most of it.
    let in_vocab = |term: &str| !term.contains('[') && !term.bytes().all(|b| b.is_ascii_digit());
    let vocab_bytes: usize = postings
        .terms
        .keys()
        .filter(|t| in_vocab(t))
        .map(|t| t.len() + 6)
        .sum();
    let postings_bytes: usize = postings
        .terms
        .iter()
        .map(|(t, o)| t.len() + 4 + o.len().min(FIRST_TIER) * OCCURRENCE_CHARS)
        .sum();
    let vocab_buckets = bucket_count(vocab_bytes, 6_000, 1024);
    let postings_buckets = bucket_count(postings_bytes, 12_000, 8192);
    let mut vocab: Vec<Vec<(&str, usize)>> = vec![Vec::new(); vocab_buckets as usize];
    // Each term's postings bucket, in the map's order (the same on every
    // pass while it is not changed).
    let mut buckets: Vec<u32> = Vec::with_capacity(postings.terms.len());
    for (term, occurrences) in &postings.terms {
        if in_vocab(term) {
            vocab[vocab_bucket(term, vocab_buckets) as usize].push((term, occurrences.documents()));
        }
        buckets.push(postings_bucket(term, postings_buckets));
    }

    write_filters(site, emit);
    let regs = write_regulations(site, emit);
    let meta = Meta {
        version: 4,
        docs,
        tail_range: range,
        vocab_buckets,
        postings_buckets,
        chunk: DOCS_PER_CHUNK,
        scale: SCALE,
        expand: EXPAND_LIMIT,
        statuses: site.statuses.iter().map(|s| (s.key, s.label)).collect(),
        stop: tokens::STOP_WORDS,
        max_issuer: tokens::MAX_ISSUER_CHARS,
        facets: site
            .lists
            .facets
            .iter()
            .map(|f| {
                let kind = format!("{:?}", f.kind);
                (f.key.as_str(), f.label.as_str(), kind, f.list.items.len())
            })
            .collect(),
        regs,
    };
    emit(script(&output::search_file("index.js"), "meta", &[], &meta));
    // Every bucket gets a file, empty or not: the browser loads buckets by
    // number and must not mistake "no terms here" for a broken index.
    // Keys are sorted so the files are the same on every build.
    vocab.par_iter_mut().enumerate().for_each(|(b, terms)| {
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        emit(script(
            &output::search_file(&format!("v{b}.js")),
            "vocab",
            &[b],
            &AsObject(&terms[..]),
        ));
    });
    let norms = norms(&postings.lengths);
    // The postings buckets' terms are gathered a group of buckets at a
    // time: listing every term at once took a tenth of a gigabyte at a
    // million problems, at the build's peak.
    let per_group = (postings_buckets as usize).div_ceil(POSTINGS_GROUPS);
    for first in (0..postings_buckets as usize).step_by(per_group) {
        let end = (first + per_group).min(postings_buckets as usize);
        let mut lists: Vec<Vec<(&str, &postings::Occurrences)>> = vec![Vec::new(); end - first];
        for ((term, occurrences), &b) in postings.terms.iter().zip(&buckets) {
            if (first..end).contains(&(b as usize)) {
                lists[b as usize - first].push((term, occurrences));
            }
        }
        lists
            .par_iter_mut()
            .enumerate()
            .for_each(|(k, terms)| write_postings_bucket(first + k, terms, n, &norms, range, emit));
    }
}

/// How many passes over the terms write the postings buckets.
const POSTINGS_GROUPS: usize = 8;

/// Writes one postings bucket's files: its terms' first tiers, and the
/// tails of those that have one, whole and by range.
fn write_postings_bucket(
    b: usize,
    terms: &mut [(&str, &postings::Occurrences)],
    n: f64,
    norms: &[Norms],
    range: usize,
    emit: &(impl Fn(OutputFile) + Sync),
) {
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut listed = Vec::with_capacity(terms.len());
    // The tails of this bucket's terms, whole and by range (range →
    // the parts in it), in term order.
    let mut whole = Vec::new();
    let mut by_range: BTreeMap<u32, Vec<(&str, String)>> = BTreeMap::new();
    for (term, occurrences) in terms.iter() {
        let (entry, tail) = encode_term(n, occurrences, norms, range);
        listed.push((*term, entry));
        if let Some(tail) = tail {
            whole.push((*term, tail.whole));
            for (r, part) in tail.ranges {
                by_range.entry(r).or_default().push((*term, part));
            }
        }
    }
    emit(script(
        &output::search_file(&format!("p{b}.js")),
        "postings",
        &[b],
        &AsObject(&listed[..]),
    ));
    // Tail files only where a term has a tail (a range file, where it
    // has some of it in the range): search.js asks for no other.
    if !whole.is_empty() {
        emit(script(
            &output::search_file(&format!("t{b}.js")),
            "tails",
            &[b],
            &AsObject(&whole[..]),
        ));
    }
    for (r, parts) in &by_range {
        emit(script(
            &output::search_file(&format!("t{b}-{r}.js")),
            "tailRange",
            &[b, *r as usize],
            &AsObject(&parts[..]),
        ));
    }
}

/// The files of what results show of documents `range` (of `docs` in
/// all), [`DOCS_PER_CHUNK`] documents a file; `range` starts at a file's
/// first document.
pub(super) fn write_shown(
    range: std::ops::Range<usize>,
    docs: usize,
    shown: impl Fn(usize) -> Shown + Sync,
    emit: &(impl Fn(OutputFile) + Sync),
) {
    use rayon::prelude::*;
    debug_assert_eq!(range.start % DOCS_PER_CHUNK, 0);
    let end = range.end.min(docs);
    (range.start / DOCS_PER_CHUNK..end.div_ceil(DOCS_PER_CHUNK))
        .into_par_iter()
        .for_each(|chunk| {
            let start = chunk * DOCS_PER_CHUNK;
            let rows: Vec<Shown> = (start..end.min(start + DOCS_PER_CHUNK))
                .map(&shown)
                .collect();
            emit(script(
                &output::search_file(&format!("d{chunk}.js")),
                "docs",
                &[chunk],
                &rows,
            ))
        });
}

/// The filter files: per facet, the set of its documents as alternating
/// run lengths (outside, inside, outside…), so a facet of whole reports
/// (a year) takes a few characters and any facet at most one number per
/// change; and the reports' document ranges, loaded only to filter by
/// report. Documents are numbered in site order, the order of the lists.
fn write_filters(site: &SiteView, emit: &(impl Fn(OutputFile) + Sync)) {
    let mut first = Vec::with_capacity(site.reports.len());
    let mut next = 0;
    for report in &site.reports {
        first.push(next);
        next += report.issues.len();
    }
    for facet in &site.lists.facets {
        let mut runs = String::new();
        let mut at = 0;
        let mut items = facet
            .list
            .items
            .iter()
            .map(|i| first[i.report as usize] + i.issue as usize)
            .peekable();
        while let Some(start) = items.next() {
            let mut end = start + 1;
            while items.peek() == Some(&end) {
                items.next();
                end += 1;
            }
            push_number(&mut runs, (start - at) as u64);
            push_number(&mut runs, (end - start) as u64);
            at = end;
        }
        emit(script(
            &output::search_file(&format!("f-{}.js", facet.key)),
            "facet",
            &[],
            &(&facet.key, runs),
        ));
    }
    let ranges: Vec<ReportRange> = site
        .reports
        .iter()
        .zip(first)
        .map(|(r, start)| ReportRange(&r.slug, &r.title, start, r.issues.len()))
        .collect();
    emit(script(
        &output::search_file("reports.js"),
        "reports",
        &[],
        &ranges,
    ));
}

/// How much of the portal's regulations one query may load for the
/// regulations box: at 100,000 problems they are ten megabytes, which no
/// phone should fetch to search. Past it, the most-cited that fit are
/// searched, and the box says so (the regulations pages list them all).
pub(crate) const REGS_BYTES: usize = 64 * 1024;

/// The portal's regulations, searched on their own by title and number
/// (a reader looking for 温应急〔2023〕19号 wants the document): each as
/// title, number, link, issue date and how many problems cite it. Returns
/// how many were written, and how many the portal has.
fn write_regulations(site: &SiteView, emit: &(impl Fn(OutputFile) + Sync)) -> (usize, usize) {
    let regulations: Vec<(&str, &str, String, &str, usize)> = site
        .regulations
        .iter()
        .map(|r| {
            (
                r.title.as_str(),
                r.number.as_deref().unwrap_or(""),
                format!("{}#{}", output::REGULATIONS, r.id),
                r.issued_zh.as_deref().unwrap_or(""),
                r.citations.len(),
            )
        })
        .collect();
    let sizes: Vec<usize> = regulations
        .iter()
        .map(|r| serde_json::to_string(r).map_or(0, |j| j.len() + 1))
        .collect();
    let total = regulations.len();
    let kept: Vec<&(&str, &str, String, &str, usize)> = if sizes.iter().sum::<usize>() <= REGS_BYTES
    {
        regulations.iter().collect()
    } else {
        // The most cited first (the portal's order among equals), as many
        // as fit; shown in the portal's order.
        let mut order: Vec<usize> = (0..total).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(regulations[i].4));
        let mut used = 0;
        let mut chosen: Vec<usize> = order
            .into_iter()
            .take_while(|&i| {
                used += sizes[i];
                used <= REGS_BYTES
            })
            .collect();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &regulations[i]).collect()
    };
    emit(script(&output::search_file("regs.js"), "regs", &[], &kept));
    (kept.len(), total)
}

/// Sorted `(key, value)` pairs that serialise as a JSON object.
struct AsObject<'a, V>(&'a [(&'a str, V)]);

impl<V: Serialize> Serialize for AsObject<'_, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A script file that hands its data to the page's loader:
/// `zhenggaiSearch.vocab(3,{…});`. JSON inside a script file cannot close
/// a tag, but `<` is escaped anyway so the data is inert wherever it lands.
fn script<T: Serialize + ?Sized>(
    path: &str,
    call: &str,
    numbers: &[usize],
    data: &T,
) -> OutputFile {
    let json = serde_json::to_string(data)
        .expect("search data serialises")
        .replace('<', "\\u003c");
    let text = match numbers {
        [] => format!("zhenggaiSearch.{call}({json});\n"),
        _ => {
            let numbers: Vec<String> = numbers.iter().map(usize::to_string).collect();
            format!("zhenggaiSearch.{call}({},{json});\n", numbers.join(","))
        }
    };
    OutputFile {
        path: path.to_string(),
        bytes: text.into_bytes(),
    }
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

    /// Decodes `doc-delta, score` numbers as search.js does.
    fn decoded(text: &str) -> Vec<(u64, u64)> {
        let mut numbers = Vec::new();
        let (mut value, mut factor) = (0u64, 1u64);
        for b in text.bytes() {
            let d = DIGITS.iter().position(|&x| x == b).unwrap() as u64;
            if d >= 32 {
                value += (d - 32) * factor;
                factor *= 32;
            } else {
                numbers.push(value + d * factor);
                value = 0;
                factor = 1;
            }
        }
        let mut doc = 0;
        numbers
            .chunks(2)
            .map(|pair| {
                doc += pair[0];
                (doc, pair[1])
            })
            .collect()
    }

    /// A term in more documents than the first tier holds: the tier has
    /// exactly the best-scoring ones (ties to the lower document, as
    /// search.js ranks), the tail every other, and the entry the count.
    #[test]
    fn a_common_term_keeps_its_best_documents_in_the_first_tier() {
        let docs = FIRST_TIER as u32 + 300;
        let mut occurrences = postings::Occurrences::default();
        for doc in 0..docs {
            // Counts 1-4 repeat, so many documents tie on score.
            let count = doc % 4 + 1;
            occurrences.push(postings::Occurrence {
                doc,
                field: 0,
                count,
            });
        }
        let lengths = vec![[10; FIELDS.len()]; docs as usize];
        let range = 100;
        let (entry, tail) = encode_term(docs as f64, &occurrences, &norms(&lengths), range);
        let tail = tail.expect("a tiered term has a tail");
        let Listed::FirstTier(top, count, ranges) = entry else {
            panic!("a term in {docs} documents is tiered");
        };
        assert_eq!(count, docs as usize);
        // The tail is split at ranges of documents, each part decoding
        // alone to documents of its range only; the entry lists them.
        assert_eq!(
            ranges,
            tail.ranges.iter().map(|(r, _)| *r).collect::<Vec<_>>()
        );
        assert!(ranges.windows(2).all(|w| w[0] < w[1]));
        let mut parts = Vec::new();
        for (r, part) in &tail.ranges {
            let part = decoded(part);
            assert!(!part.is_empty());
            assert!(part
                .iter()
                .all(|&(doc, _)| doc as usize / range == *r as usize));
            parts.extend(part);
        }
        let tail = decoded(&tail.whole);
        assert_eq!(parts, tail, "the ranges together are the whole tail");
        let top = decoded(&top);
        assert_eq!(top.len(), FIRST_TIER);
        assert_eq!(top.len() + tail.len(), docs as usize);
        let mut all: Vec<(u64, u64)> = top.iter().chain(&tail).copied().collect();
        all.sort_by_key(|&(doc, score)| (std::cmp::Reverse(score), doc));
        let mut best = all[..FIRST_TIER].to_vec();
        best.sort();
        assert_eq!(top, best, "the first tier is the best, in document order");
        assert!(tail.windows(2).all(|w| w[0].0 < w[1].0));

        // A rarer term is whole.
        let mut rare = postings::Occurrences::default();
        rare.push(postings::Occurrence {
            doc: 3,
            field: 1,
            count: 2,
        });
        let (entry, tail) = encode_term(docs as f64, &rare, &norms(&lengths), range);
        assert!(matches!(entry, Listed::Whole(_)) && tail.is_none());
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
