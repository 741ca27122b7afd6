//! Watch mode's memory of segmented documents, so a save segments only
//! the problems whose text changed. Terms are kept as numbers into one
//! shared vocabulary: at 100,000 problems, a string per term of every
//! document took about 1.8 GB, and merging them by string took seconds
//! on every save.

use super::postings::{self, DocTerms, Occurrence, Occurrences, Postings};
use super::tokens::SearchLanguage;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};

/// One document's terms by number: its field lengths and
/// `(term, field, count)`, packed as variable-length numbers (the term,
/// then `count × 8 + field`): about 4 bytes a term where the plain triple
/// took 12. Watch mode keeps every document's, hundreds of terms each.
struct CachedDoc {
    lengths: super::postings::Lengths,
    terms: Vec<u8>,
}

impl CachedDoc {
    fn pack(terms: impl Iterator<Item = (u32, u8, u32)>) -> Vec<u8> {
        let mut bytes = Vec::new();
        for (term, field, count) in terms {
            debug_assert!(field < 8, "three bits hold the field");
            postings::push_varint(&mut bytes, u64::from(term));
            postings::push_varint(&mut bytes, (u64::from(count) << 3) | u64::from(field & 7));
        }
        bytes.shrink_to_fit();
        bytes
    }

    /// The `(term, field, count)` triples, in the order packed.
    fn terms(&self) -> impl Iterator<Item = (u32, u8, u32)> + '_ {
        let mut bytes = &self.terms[..];
        std::iter::from_fn(move || {
            if bytes.is_empty() {
                return None;
            }
            let term = postings::read_varint(&mut bytes) as u32;
            let packed = postings::read_varint(&mut bytes);
            Some((term, (packed & 7) as u8, (packed >> 3) as u32))
        })
    }
}

/// Each document's terms by a key (a hash of its text, or of what it was
/// derived from), and the vocabulary they are numbered in (which only
/// grows: a session's words are few).
#[derive(Default)]
pub(crate) struct TermCache {
    docs: HashMap<u64, CachedDoc>,
    numbers: HashMap<String, u32>,
    words: Vec<String>,
    /// Per report, a fingerprint of everything its documents' text is
    /// made from (watch mode's, of its files and links): a document of a
    /// report listed here is known by it and its slug, without making its
    /// text, so a save makes text only for the reports it changed (and
    /// their bodies need not be kept).
    pub(crate) report_prints: std::collections::HashMap<String, u64>,
}

impl TermCache {
    /// The number of a term, given one if it is new.
    fn number(&mut self, term: &str) -> u32 {
        if let Some(&n) = self.numbers.get(term) {
            return n;
        }
        let n = self.words.len() as u32;
        self.words.push(term.to_string());
        self.numbers.insert(term.to_string(), n);
        n
    }

    /// The postings of `count` documents (`fields(d)` gives document
    /// `d`'s field texts, in document order), segmenting only what the
    /// cache lacks, and the cache pruned to these documents. The same
    /// postings as [`postings::collect`]. `known_as(d)` is a document's key
    /// when it can be told without its text (see `report_prints`); other
    /// documents are known by a hash of their text. Texts are made a chunk
    /// at a time and dropped once hashed, so they are never all in memory.
    pub(crate) fn postings<F, K>(
        &mut self,
        count: usize,
        known_as: K,
        fields: F,
        language: &SearchLanguage,
    ) -> Postings
    where
        F: Fn(usize) -> Vec<String> + Sync,
        K: Fn(usize) -> Option<u64> + Sync,
    {
        let mut keys: Vec<u64> = Vec::with_capacity(count);
        for start in (0..count).step_by(postings::CHUNK) {
            let known = &self.docs;
            let chunk: Vec<(u64, Option<DocTerms>)> = (start..(start + postings::CHUNK).min(count))
                .into_par_iter()
                .map(|d| {
                    let known_key = known_as(d);
                    if let Some(key) = known_key.filter(|key| known.contains_key(key)) {
                        return (key, None);
                    }
                    let texts = fields(d);
                    let key = known_key.unwrap_or_else(|| {
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        texts.hash(&mut h);
                        h.finish()
                    });
                    let fresh =
                        (!known.contains_key(&key)).then(|| postings::doc_terms(&texts, language));
                    (key, fresh)
                })
                .collect();
            for (key, fresh) in chunk {
                keys.push(key);
                let Some(doc) = fresh else { continue };
                let numbered: Vec<(u32, u8, u32)> = doc
                    .iter()
                    .map(|(term, field, count)| (self.number(term), field, count))
                    .collect();
                let terms = CachedDoc::pack(numbered.into_iter());
                self.docs.insert(
                    key,
                    CachedDoc {
                        lengths: doc.lengths,
                        terms,
                    },
                );
            }
        }
        let mut by_number: Vec<Occurrences> = vec![Occurrences::default(); self.words.len()];
        let mut lengths = Vec::with_capacity(keys.len());
        for (doc, key) in keys.iter().enumerate() {
            let cached = &self.docs[key];
            lengths.push(cached.lengths);
            for (term, field, count) in cached.terms() {
                by_number[term as usize].push(Occurrence {
                    doc: doc as u32,
                    field,
                    count,
                });
            }
        }
        let live: std::collections::HashSet<u64> = keys.into_iter().collect();
        self.docs.retain(|k, _| live.contains(k));
        let mut postings = Postings {
            terms: self
                .words
                .iter()
                .zip(by_number)
                .filter(|(_, occurrences)| !occurrences.is_empty())
                .map(|(word, occurrences)| (word.as_str().into(), occurrences))
                .collect(),
            lengths,
        };
        postings.finish();
        postings
    }
}

#[cfg(test)]
mod tests {
    use super::CachedDoc;

    #[test]
    fn packed_terms_read_back_as_written_in_order() {
        let terms = vec![
            (0, 0, 1),
            (70_000, 4, 3),
            (127, 1, 1),
            (128, 2, 1_000_000),
            (u32::MAX, 7, u32::MAX),
        ];
        let doc = CachedDoc {
            lengths: [1, 2, 0, 0, 0],
            terms: CachedDoc::pack(terms.clone().into_iter()),
        };
        assert_eq!(doc.terms().collect::<Vec<_>>(), terms);
        // The common case (a small count in a small field) takes a byte
        // beside the term's number.
        assert_eq!(CachedDoc::pack([(5, 1, 2)].into_iter()).len(), 2);
    }
}
