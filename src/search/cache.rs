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
/// `(term, field, count)`.
struct CachedDoc {
    lengths: Vec<u32>,
    terms: Vec<(u32, u8, u32)>,
}

/// Each document's terms by a hash of its text, and the vocabulary they
/// are numbered in (which only grows: a session's words are few).
#[derive(Default)]
pub(crate) struct TermCache {
    docs: HashMap<u64, CachedDoc>,
    numbers: HashMap<String, u32>,
    words: Vec<String>,
}

impl TermCache {
    /// The number of a term, given one if it is new.
    fn number(&mut self, term: String) -> u32 {
        if let Some(&n) = self.numbers.get(&term) {
            return n;
        }
        let n = self.words.len() as u32;
        self.words.push(term.clone());
        self.numbers.insert(term, n);
        n
    }

    /// The postings of `texts` (each document's field texts, in document
    /// order), segmenting only what the cache lacks, and the cache pruned
    /// to these documents. The same postings as [`postings::collect`].
    pub(crate) fn postings(
        &mut self,
        texts: &[Vec<String>],
        language: &SearchLanguage,
    ) -> Postings {
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
            .zip(texts)
            .filter(|(k, _)| !self.docs.contains_key(k))
            .map(|(k, t)| (*k, t))
            .collect();
        let fresh: Vec<(u64, DocTerms)> = missing
            .par_iter()
            .map(|(k, fields)| (*k, postings::doc_terms(fields, language)))
            .collect();
        for (key, doc) in fresh {
            let terms = doc
                .terms
                .into_iter()
                .map(|(term, field, count)| (self.number(term), field, count))
                .collect();
            self.docs.insert(
                key,
                CachedDoc {
                    lengths: doc.lengths,
                    terms,
                },
            );
        }
        let mut by_number: Vec<Occurrences> = vec![Occurrences::default(); self.words.len()];
        let mut lengths = Vec::with_capacity(keys.len());
        for (doc, key) in keys.iter().enumerate() {
            let cached = &self.docs[key];
            lengths.push(cached.lengths.clone());
            for &(term, field, count) in &cached.terms {
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
                .map(|(word, occurrences)| (word.clone(), occurrences))
                .collect(),
            lengths,
        };
        postings.finish();
        postings
    }
}
