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

/// A term in one field of one document, and how often.
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

/// A term's occurrences in document order (then field order), packed as
/// variable-length numbers: the distance from the previous occurrence's
/// document, then `count × 8 + field`. About 3 bytes an occurrence where
/// a plain list took 12: a portal of 100,000 problems has tens of millions
/// of occurrences, and the index is held whole until it is written.
///
/// A large portal has millions of terms, most in one document (amounts,
/// document numbers): each is a slot of the map that holds them, so the
/// count of occurrences is read from the bytes rather than kept.
#[derive(Debug, Clone, Default)]
pub struct Occurrences {
    bytes: Vec<u8>,
    last_doc: u32,
    docs: u32,
}

impl Occurrences {
    /// Appends an occurrence; they must come in document order, and in
    /// field order within a document (as documents are segmented).
    pub fn push(&mut self, o: Occurrence) {
        debug_assert!(usize::from(o.field) < 8, "three bits hold the field");
        debug_assert!(
            self.docs == 0 || o.doc >= self.last_doc,
            "in document order"
        );
        if self.docs == 0 || o.doc != self.last_doc {
            self.docs += 1;
        }
        push_varint(&mut self.bytes, u64::from(o.doc - self.last_doc));
        push_varint(
            &mut self.bytes,
            (u64::from(o.count) << 3) | u64::from(o.field & 7),
        );
        self.last_doc = o.doc;
    }

    /// The number of occurrences: two numbers each, and a number's last
    /// byte is the one without the high bit.
    pub fn len(&self) -> usize {
        self.bytes.iter().filter(|&&b| b < 0x80).count() / 2
    }

    /// No occurrence at all.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// The number of documents holding the term: elasticlunr's document
    /// frequency.
    pub fn documents(&self) -> usize {
        self.docs as usize
    }

    /// The occurrences, unpacked one at a time.
    pub fn iter(&self) -> OccurrenceIter<'_> {
        OccurrenceIter {
            bytes: &self.bytes,
            doc: 0,
        }
    }

    fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }
}

impl<'a> IntoIterator for &'a Occurrences {
    type Item = Occurrence;
    type IntoIter = OccurrenceIter<'a>;
    fn into_iter(self) -> OccurrenceIter<'a> {
        self.iter()
    }
}

/// Unpacks [`Occurrences`].
pub struct OccurrenceIter<'a> {
    bytes: &'a [u8],
    doc: u32,
}

impl Iterator for OccurrenceIter<'_> {
    type Item = Occurrence;
    fn next(&mut self) -> Option<Occurrence> {
        if self.bytes.is_empty() {
            return None;
        }
        let delta = read_varint(&mut self.bytes);
        let packed = read_varint(&mut self.bytes);
        self.doc += delta as u32;
        Some(Occurrence {
            doc: self.doc,
            field: (packed & 7) as u8,
            count: (packed >> 3) as u32,
        })
    }
}

/// Appends a number, seven bits a byte, the high bit meaning "more follow".
pub(super) fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a number [`push_varint`] wrote, advancing past it.
pub(super) fn read_varint(bytes: &mut &[u8]) -> u64 {
    let mut n = 0u64;
    let mut shift = 0;
    while let Some((&byte, rest)) = bytes.split_first() {
        *bytes = rest;
        n |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

/// One document's terms: its field lengths and, per field, each term and
/// how often it occurs. The terms' text is kept in one
/// string, not a string each: a build segments every problem.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocTerms {
    pub lengths: Lengths,
    text: String,
    /// `(end of the term in text, field, count)`; a term starts where
    /// the one before it ends.
    terms: Vec<(u32, u8, u32)>,
}

impl DocTerms {
    fn push(&mut self, term: &str, field: u8, count: u32) {
        self.text.push_str(term);
        self.terms.push((self.text.len() as u32, field, count));
    }

    /// Each `(term, field, count)`, fields in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, u8, u32)> + '_ {
        let mut start = 0;
        self.terms.iter().map(move |&(end, field, count)| {
            let term = &self.text[start..end as usize];
            start = end as usize;
            (term, field, count)
        })
    }
}

/// A document's number of terms in each field, in `FIELDS` order (held
/// in place: a million documents' lists took 56 bytes each).
pub type Lengths = [u32; super::FIELDS.len()];

/// Postings of a set of documents.
#[derive(Debug, Default)]
pub struct Postings {
    /// Term → its occurrences.
    pub terms: HashMap<Box<str>, Occurrences>,
    /// Per document, per field: number of terms after the pipeline.
    pub lengths: Vec<Lengths>,
}

impl Postings {
    /// Adds the next document (documents are numbered in the order added).
    pub(crate) fn add(&mut self, doc_terms: &DocTerms) {
        let doc = self.lengths.len() as u32;
        self.lengths.push(doc_terms.lengths);
        for (term, field, count) in doc_terms.iter() {
            let occurrence = Occurrence { doc, field, count };
            match self.terms.get_mut(term) {
                Some(list) => list.push(occurrence),
                None => {
                    let mut list = Occurrences::default();
                    list.push(occurrence);
                    self.terms.insert(term.into(), list);
                }
            }
        }
    }

    /// Gives back what the lists over-allocated while they grew, once
    /// every document is added.
    pub(crate) fn finish(&mut self) {
        self.terms
            .par_iter_mut()
            .for_each(|(_, occurrences)| occurrences.shrink_to_fit());
    }
}

/// Segments one document (`fields[f]` is the text of field `f`) as
/// `elasticlunr::Index::add_doc` would with our language (whose pipeline
/// keeps every term, so it is skipped here).
pub(crate) fn doc_terms(fields: &[String], language: &SearchLanguage) -> DocTerms {
    assert!(
        fields.len() <= super::FIELDS.len(),
        "a field the index knows"
    );
    let texts: Vec<String> = fields.iter().map(|t| super::tokens::normalize(t)).collect();
    let numbers: Vec<Vec<String>> = texts
        .iter()
        .map(|t| super::tokens::document_number_terms(t))
        .collect();
    let mut doc = DocTerms::default();
    let mut counts: HashMap<&str, u32> = HashMap::default();
    for (f, (text, numbers)) in texts.iter().zip(&numbers).enumerate() {
        let mut length = 0;
        language.each_term_in(text, numbers, &mut |term| {
            length += 1;
            *counts.entry(term).or_default() += 1;
        });
        doc.lengths[f] = length;
        // In the map's order, which is the same on every run (its hasher
        // has no random seed); the index files sort their terms.
        for (term, count) in counts.drain() {
            doc.push(term, f as u8, count);
        }
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
    collect_then(count, fields, language, |_| {})
}

/// [`collect`], calling `segmented` with each chunk of documents once
/// their texts are taken (a build renders their pages then, so their text
/// need not be kept for later).
pub(crate) fn collect_then<F>(
    count: usize,
    fields: F,
    language: &SearchLanguage,
    segmented: impl Fn(std::ops::Range<usize>) + Sync,
) -> Postings
where
    F: Fn(usize) -> Vec<String> + Sync,
{
    let mut postings = Postings::default();
    let segment = |start: usize| -> Vec<DocTerms> {
        let range = start..(start + CHUNK).min(count);
        let terms = range
            .clone()
            .into_par_iter()
            .map(|d| doc_terms(&fields(d), language))
            .collect();
        segmented(range);
        terms
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
