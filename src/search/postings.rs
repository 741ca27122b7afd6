//! Postings: which documents contain which terms, with elasticlunr's own
//! numbers. Each field's text is split into the terms the search
//! language's `tokenize` gives `elasticlunr::Index::add_doc`; the term frequency is `sqrt(count)` and the field length is the
//! number of terms after the pipeline, as there. What differs is storage:
//! a flat map filled in parallel instead of elasticlunr's per-character
//! trie (which, with its JSON, took 10 of 12 seconds at 10,000 problems).
//! `tests/search_index.rs` checks the result against a real
//! `elasticlunr::Index`.

use super::tokens::SearchLanguage;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// A term in one field of one document, and how often. Twelve bytes: a
/// portal of 100,000 problems has tens of millions of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub doc: u32,
    pub field: u8,
    pub count: u32,
}

impl Occurrence {
    /// elasticlunr's term frequency.
    pub fn tf(&self) -> f64 {
        (self.count as f64).sqrt()
    }
}

/// One document's terms: its field lengths and `(term, field, count)`.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocTerms {
    pub lengths: Vec<u32>,
    pub terms: Vec<(String, u8, u32)>,
}

/// Postings of a set of documents.
#[derive(Debug, Default)]
pub struct Postings {
    /// Term → its occurrences, sorted by document then field.
    pub terms: HashMap<String, Vec<Occurrence>>,
    /// Per document, per field: number of terms after the pipeline.
    pub lengths: Vec<Vec<u32>>,
}

impl Postings {
    /// Adds the next document (documents are numbered in the order added).
    pub(crate) fn add(&mut self, doc_terms: &DocTerms) {
        let doc = self.lengths.len() as u32;
        self.lengths.push(doc_terms.lengths.clone());
        for (term, field, count) in &doc_terms.terms {
            let occurrence = Occurrence {
                doc,
                field: *field,
                count: *count,
            };
            match self.terms.get_mut(term.as_str()) {
                Some(list) => list.push(occurrence),
                None => {
                    self.terms.insert(term.clone(), vec![occurrence]);
                }
            }
        }
    }

    /// Sorts each term's occurrences once every document is added
    /// (documents come in order; fields within one may not).
    pub(crate) fn finish(&mut self) {
        self.terms.par_iter_mut().for_each(|(_, occurrences)| {
            occurrences.sort_by_key(|o| (o.doc, o.field));
            occurrences.shrink_to_fit();
        });
    }
}

/// The number of documents among a term's occurrences (sorted by
/// document): elasticlunr's document frequency.
pub(crate) fn document_frequency(occurrences: &[Occurrence]) -> usize {
    occurrences
        .iter()
        .enumerate()
        .filter(|&(i, o)| i == 0 || occurrences[i - 1].doc != o.doc)
        .count()
}

/// Segments one document (`fields[f]` is the text of field `f`) as
/// `elasticlunr::Index::add_doc` would with our language (whose pipeline
/// keeps every term, so it is skipped here).
pub(crate) fn doc_terms(fields: &[String], language: &SearchLanguage) -> DocTerms {
    let mut doc = DocTerms::default();
    let mut counts: HashMap<String, u32> = HashMap::default();
    for (f, text) in fields.iter().enumerate() {
        let mut length = 0;
        language.each_term(text, |term| {
            length += 1;
            match counts.get_mut(term) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(term.to_string(), 1);
                }
            }
        });
        doc.lengths.push(length);
        let mut found: Vec<(String, u8, u32)> =
            counts.drain().map(|(t, n)| (t, f as u8, n)).collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        doc.terms.extend(found);
    }
    doc
}

/// Documents segmented at a time: enough to keep every core busy, few
/// enough that their terms never add up to much memory.
pub(crate) const CHUNK: usize = 512;

/// Segments every document once, in parallel, and gathers the postings.
/// `docs[d]` gives the field texts of document `d` (built on demand, so a
/// large portal's texts are never all in memory).
pub fn collect<F>(count: usize, fields: F, language: &SearchLanguage) -> Postings
where
    F: Fn(usize) -> Vec<String> + Sync,
{
    let mut postings = Postings::default();
    let segment = |start: usize| -> Vec<DocTerms> {
        (start..(start + CHUNK).min(count))
            .into_par_iter()
            .map(|d| doc_terms(&fields(d), language))
            .collect()
    };
    // Adding a chunk to the map is serial; it runs while the next chunk is
    // segmented.
    let mut pending: Vec<DocTerms> = Vec::new();
    for start in (0..count).step_by(CHUNK) {
        let (next, ()) = rayon::join(
            || segment(start),
            || pending.iter().for_each(|doc| postings.add(doc)),
        );
        pending = next;
    }
    pending.iter().for_each(|doc| postings.add(doc));
    postings.finish();
    postings
}
