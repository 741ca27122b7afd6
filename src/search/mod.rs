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
//!   of variable-length numbers `doc-delta, score, doc-delta, score…`; for
//!   a term in more than [`files::FIRST_TIER`] documents,
//!   `[string, count, ranges]` holding only its best-scoring documents.
//! - `t<B>.js`: the rest of those terms' documents, loaded when a query
//!   needs more than the first tier (several words, a filter, a later
//!   page of results).
//! - `t<B>-<R>.js`: the same, in range `R` of the documents only
//!   (`index.js` says how many a range holds; the term's `ranges` list
//!   where it has some): a query of several terms, one of them held whole
//!   (rare), loads only the ranges of that term's documents.
//! - `d<C>.js`: what a result shows (title, link, status, report, teaser)
//!   for a chunk of documents.
//! - `regs.js`: the regulations the box above the results searches by
//!   title and number: all of the portal's, or past 64 kB the most-cited
//!   that fit (`index.js` says how many of how many).

mod cache;
mod files;
pub mod postings;
pub(crate) mod tokens;

pub(crate) use cache::TermCache;
use files::encode;

use crate::derive::{IssueView, ReportView, SiteView};
use crate::output::OutputFile;
use elasticlunr::lang::Language;
use serde::Serialize;
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
/// touch a chunk per result (ten results, ten chunks of about 4 kB).
pub(crate) const DOCS_PER_CHUNK: usize = 4;

/// Scores are stored as integers: `round(score × SCALE)`.
pub(crate) const SCALE: f64 = 32.0;

/// Characters of measure text shown under a result (search.js cuts a
/// teaser not sent from the first passage at the same length).
const TEASER_CHARS: usize = 90;

/// How many longer words a query word may expand to (by prefix).
const EXPAND_LIMIT: usize = 8;

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

impl std::ops::Deref for SharedLanguage {
    type Target = SearchLanguage;
    fn deref(&self) -> &SearchLanguage {
        &self.0
    }
}

/// The process-wide search language (jieba is loaded on first use).
pub fn language() -> SharedLanguage {
    static LANGUAGE: std::sync::OnceLock<SharedLanguage> = std::sync::OnceLock::new();
    LANGUAGE
        .get_or_init(|| SharedLanguage(Arc::new(SearchLanguage::new())))
        .clone()
}

/// What a result line shows, as a compact array: title, link, unit (of
/// the report), status, place, teaser, and the passages a result may show
/// instead of the teaser (each measure, each regulation cited), so the
/// line shows the text the query matched. The teaser is `null` when it is
/// the start of the first passage (the first measure), which is not sent
/// twice.
#[derive(Serialize)]
pub(crate) struct Shown(
    String,
    String,
    String,
    &'static str,
    String,
    Option<String>,
    Vec<String>,
);

/// How long a passage of a result may be.
const PASSAGE_CHARS: usize = 160;

/// Segments every problem of a site into the index's postings (the first
/// half of making the index; [`write_index`] is the second). Without a
/// cache, documents are segmented a chunk at a time and their texts
/// dropped once counted, so memory grows with the vocabulary, not with the
/// text. With one, only documents whose text is not in it are segmented;
/// the postings are the same either way. `segmented` is told each range
/// of documents (numbered in site order) whose texts have been taken.
pub(crate) fn segment(
    site: &SiteView,
    language: &SharedLanguage,
    cache: Option<&mut TermCache>,
    segmented: impl Fn(std::ops::Range<usize>) + Sync,
) -> postings::Postings {
    let started = std::time::Instant::now();
    let docs = documents(site);
    let postings = match cache {
        None => postings::collect_then(docs.len(), |d| fields(docs[d]), language, segmented),
        Some(cache) => {
            let prints = std::mem::take(&mut cache.report_prints);
            let known_as = |d: usize| {
                let (report, issue) = docs[d];
                let print = prints.get(&report.slug)?;
                let mut h = std::collections::hash_map::DefaultHasher::new();
                std::hash::Hash::hash(&(print, &report.slug, &issue.slug), &mut h);
                Some(std::hash::Hasher::finish(&h))
            };
            let postings = cache.postings(docs.len(), known_as, |d| fields(docs[d]), language);
            cache.report_prints = prints;
            segmented(0..docs.len());
            postings
        }
    };
    crate::diagnostics::trace("index: segmented", started);
    postings
}

/// Writes the index files of a site from its postings, handing each to
/// `emit` when made; with `shown_written`, all but what results show of
/// each document ([`write_shown`] wrote those).
pub(crate) fn write_index(
    site: &SiteView,
    postings: &postings::Postings,
    shown_written: bool,
    emit: &(impl Fn(OutputFile) + Sync),
) {
    let started = std::time::Instant::now();
    let docs = documents(site);
    let shown = |d: usize| shown(docs[d]);
    encode(site, docs.len(), postings, emit);
    if !shown_written {
        files::write_shown(0..docs.len(), docs.len(), shown, emit);
    }
    crate::diagnostics::trace("index: encoded", started);
}

/// Writes what results show of the documents `range` of `docs` (a range
/// starting at a multiple of [`DOCS_PER_CHUNK`]): a large portal's build
/// writes them as each chunk is indexed, and then lets its measures go.
pub(crate) fn write_shown_of(
    docs: &[Doc],
    range: std::ops::Range<usize>,
    emit: &(impl Fn(OutputFile) + Sync),
) {
    files::write_shown(range, docs.len(), |d| shown(docs[d]), emit);
}

/// One indexed document: a problem and the report it belongs to.
pub(crate) type Doc<'a> = (&'a ReportView, &'a IssueView);

/// Every problem, in site order (the order of document numbers).
pub(crate) fn documents(site: &SiteView) -> Vec<Doc<'_>> {
    site.reports
        .iter()
        .flat_map(|report| report.issues.iter().map(move |issue| (&**report, issue)))
        .collect()
}

/// The text of each field of every problem, in site order. Public so
/// tests can index the same text with elasticlunr.
pub fn document_texts(site: &SiteView) -> Vec<Vec<String>> {
    documents(site).into_iter().map(fields).collect()
}

/// The text of each of a document's fields, in `FIELDS` order.
fn fields((report, issue): Doc) -> Vec<String> {
    let area = &report.areas[issue.area as usize - 1];
    let group = &area.groups[issue.group as usize - 1];
    let measures = issue.measures.read();
    let measures: Vec<&str> = measures.iter().map(|m| &*m.text).collect();
    let regulations: Vec<String> = issue
        .regulations
        .iter()
        .map(|x| format!("{} {}", x.title, x.number.as_deref().unwrap_or("")))
        .collect();
    // The text as a reader sees it, the same text the personal-data check
    // reads (model::reading): what search finds, the check has seen.
    [
        issue.title.clone(),
        regulations.join(" "),
        format!(
            "{} {} {} {} {} {}",
            issue.place, area.title, group.title, report.unit, report.title, issue.status_label
        ),
        measures.join(" "),
        strip_tags(&issue.body_html.read()),
    ]
    .iter()
    .map(|field| crate::model::reading::as_read(field))
    .collect()
}

/// What a result shows for a document.
fn shown((report, issue): Doc) -> Shown {
    // With measures, the teaser is the first one's opening: the browser
    // cuts it from the first passage.
    let measures = issue.measures.read();
    let teaser: Option<String> = match measures.first() {
        Some(_) => None,
        None => Some(
            strip_tags(&issue.body_html.read())
                .chars()
                .take(TEASER_CHARS)
                .collect(),
        ),
    };
    let passages = measures
        .iter()
        .map(|m| m.text.chars().take(PASSAGE_CHARS).collect())
        .chain(issue.regulations.iter().map(|r| match &r.number {
            Some(number) => format!("《{}》（{number}）", r.title),
            None => format!("《{}》", r.title),
        }))
        .collect();
    Shown(
        issue.title.clone(),
        crate::output::issue_page(&report.slug, &issue.slug),
        report.unit.clone(),
        issue.status,
        issue.place.clone(),
        teaser,
        passages,
    )
}

/// Plain text of sanitised HTML, for indexing a Markdown body.
fn strip_tags(html: &str) -> String {
    // One pass: tags become a space, the five entities our Markdown writes
    // are decoded (`&amp;lt;` stays `&lt;`), everything else is copied in
    // runs. The marks are ASCII, so byte offsets are character boundaries.
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let bytes = html.as_bytes();
    let mut text = String::with_capacity(html.len());
    let (mut at, mut run) = (0, 0);
    while at < bytes.len() {
        match bytes[at] {
            b'<' => {
                text.push_str(&html[run..at]);
                match html[at..].find('>') {
                    Some(end) => {
                        at += end + 1;
                        text.push(' ');
                    }
                    None => at = bytes.len(),
                }
                run = at;
            }
            b'>' => {
                text.push_str(&html[run..at]);
                text.push(' ');
                at += 1;
                run = at;
            }
            b'&' => {
                let rest = &html[at..];
                match ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
                    Some((name, c)) => {
                        text.push_str(&html[run..at]);
                        text.push(*c);
                        at += name.len();
                        run = at;
                    }
                    None => at += 1,
                }
            }
            _ => at += 1,
        }
    }
    text.push_str(&html[run..]);
    text
}

#[cfg(test)]
mod tests {
    use super::strip_tags;

    #[test]
    fn tags_become_spaces_and_entities_are_decoded_once() {
        assert_eq!(strip_tags("<p>森林&amp;消防</p>"), " 森林&消防 ");
        assert_eq!(
            strip_tags("a &amp;lt; b &lt;c&gt; &quot;d&quot; &#39;e&#39;"),
            "a &lt; b <c> \"d\" 'e'"
        );
        assert_eq!(strip_tags("x & y &unknown; <b>z"), "x & y &unknown;  z");
        assert_eq!(strip_tags("open <tag never closed"), "open ");
        assert_eq!(strip_tags("stray > here"), "stray   here");
    }
}
