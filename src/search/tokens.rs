//! How text becomes search terms. The browser (`theme/static/search.js`)
//! follows the same rules for queries, so the two must change together:
//!
//! 1. Normalise: full-width ASCII to half-width, every bracket style
//!    (〔〕【】［］〖〗（）) to `[ ]`, Latin to lower case.
//! 2. Document numbers (温应急[2023]19号) become whole terms as well, once
//!    for each issuer prefix of one to six Han characters, so a query for
//!    the number matches however the brackets were written.
//! 3. Runs of Han characters go through jieba's `cut_for_search` (words and
//!    their sub-words); runs of ASCII letters and digits are kept whole,
//!    and mixed runs also split into letter and digit parts (gb2312 → gb,
//!    2312), so digits are never dropped.
//! 4. Stop words and single punctuation are removed.

use elasticlunr::lang::Language;
use elasticlunr::pipeline::{FnWrapper, Pipeline};
use jieba_rs::Jieba;

/// Words too common to help a search; the client drops them from queries.
pub(crate) const STOP_WORDS: &[&str] = &[
    "的", "了", "和", "与", "及", "对", "在", "是", "等", "并", "将", "把", "被", "为", "于", "也",
    "就", "都", "而", "或", "其", "之", "以", "向", "从", "已", "由", "该", "个",
];

/// The longest issuer prefix a document-number term carries.
pub(crate) const MAX_ISSUER_CHARS: usize = 6;

/// Normalises one character (rule 1).
pub(crate) fn normalize_char(c: char) -> char {
    match c {
        '〔' | '【' | '［' | '〖' | '（' | '(' => '[',
        '〕' | '】' | '］' | '〗' | '）' | ')' => ']',
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)
            .unwrap_or(c)
            .to_ascii_lowercase(),
        _ => c.to_ascii_lowercase(),
    }
}

/// Normalises a whole text (rule 1).
pub(crate) fn normalize(text: &str) -> String {
    // Copied in runs: most characters (Han, digits, lower case) stay.
    let mut out = String::with_capacity(text.len());
    let mut kept_from = 0;
    for (at, c) in text.char_indices() {
        let n = normalize_char(c);
        if n != c {
            out.push_str(&text[kept_from..at]);
            out.push(n);
            kept_from = at + c.len_utf8();
        }
    }
    out.push_str(&text[kept_from..]);
    out
}

/// Whether a term is a stop word (the same list as `STOP_WORDS`, matched
/// without a scan: this runs for every term of every document).
fn is_stop_word(term: &str) -> bool {
    // Every stop word is one Han character: three bytes in UTF-8.
    if term.len() != 3 {
        return false;
    }
    matches!(
        term.chars().next(),
        Some(
            '的' | '了'
                | '和'
                | '与'
                | '及'
                | '对'
                | '在'
                | '是'
                | '等'
                | '并'
                | '将'
                | '把'
                | '被'
                | '为'
                | '于'
                | '也'
                | '就'
                | '都'
                | '而'
                | '或'
                | '其'
                | '之'
                | '以'
                | '向'
                | '从'
                | '已'
                | '由'
                | '该'
                | '个'
        )
    )
}

/// True for the Han characters that jieba segments.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Finds document numbers in normalised text: Han issuer, `[year]`,
/// serial (digits, optionally `-digits`), `号`. Returns the terms (rule 2).
pub(crate) fn document_number_terms(text: &str) -> Vec<String> {
    if !text.contains('号') {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut terms = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '[' {
            i += 1;
            continue;
        }
        let year: String = chars[i + 1..].iter().take(4).collect();
        let closes = chars.get(i + 5) == Some(&']');
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) || !closes {
            i += 1;
            continue;
        }
        let mut j = i + 6;
        while j < chars.len()
            && (chars[j].is_ascii_digit()
                || (chars[j] == '-' && chars.get(j + 1).is_some_and(char::is_ascii_digit)))
        {
            j += 1;
        }
        if j == i + 6 || chars.get(j) != Some(&'号') {
            i += 1;
            continue;
        }
        let tail: String = chars[i..=j].iter().collect();
        let mut start = i;
        while start > 0 && is_han(chars[start - 1]) && i - start < MAX_ISSUER_CHARS {
            start -= 1;
            terms.push(format!(
                "{}{tail}",
                chars[start..i].iter().collect::<String>()
            ));
        }
        if start == i {
            terms.push(tail);
        }
        i = j + 1;
    }
    terms
}

/// The search language: jieba for Han text plus the rules above. Holds one
/// jieba instance, loaded once per build.
pub struct SearchLanguage {
    jieba: Jieba,
}

impl SearchLanguage {
    /// Loads jieba's dictionary (about a tenth of a second; do it once).
    pub(crate) fn new() -> SearchLanguage {
        SearchLanguage {
            jieba: Jieba::new(),
        }
    }

    /// The terms of a text, in order, with repeats (rules 1–4).
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        self.each_term(text, |t| terms.push(t.to_string()));
        terms
    }

    /// Hands each term of a text to `found`, in the order `terms` lists
    /// them, without allocating a string per term: indexing calls this for
    /// every field of every problem.
    pub(crate) fn each_term(&self, text: &str, mut found: impl FnMut(&str)) {
        let text = normalize(text);
        let numbers = document_number_terms(&text);
        self.each_term_in(&text, &numbers, &mut found);
    }

    /// [`each_term`](Self::each_term) of text already normalised, whose
    /// document numbers are `numbers`: every term is a slice of one or the
    /// other, so a caller can keep them without a copy each.
    pub(crate) fn each_term_in<'t>(
        &self,
        text: &'t str,
        numbers: &'t [String],
        found: &mut impl FnMut(&'t str),
    ) {
        let mut emit = |t: &'t str| {
            if !is_stop_word(t) {
                found(t)
            }
        };
        for term in numbers {
            emit(term);
        }
        // A run of Han characters, or of ASCII letters and digits, as a
        // slice of `text`: `run.start..end`.
        let mut run = 0..0;
        let mut run_is_han = false;
        let mut flush = |run: &std::ops::Range<usize>, han: bool| {
            if run.is_empty() {
                return;
            }
            let run = &text[run.clone()];
            if han {
                segmented_han(&self.jieba, run, &mut emit);
            } else {
                ascii_terms(run, &mut emit);
            }
        };
        for (at, c) in text.char_indices() {
            let han = is_han(c);
            let ascii = c.is_ascii_alphanumeric();
            if !(han || ascii) {
                flush(&run, run_is_han);
                run = 0..0;
                continue;
            }
            if run.is_empty() || han != run_is_han {
                flush(&run, run_is_han);
                run = at..at;
            }
            run_is_han = han;
            run.end = at + c.len_utf8();
        }
        flush(&run, run_is_han);
    }
}

impl Default for SearchLanguage {
    fn default() -> Self {
        Self::new()
    }
}

/// Han runs segmented on this thread, as byte ranges of each run's terms:
/// the same runs (area and report titles, the place names and phrases of
/// a notice) come back in document after document, and looking one up is
/// far cheaper than segmenting it again.
type RunCache = rustc_hash::FxHashMap<Box<str>, Box<[(u32, u32)]>>;

/// Runs a thread remembers before it starts over, bounding the memory.
const RUN_CACHE_LIMIT: usize = 50_000;

thread_local! {
    static RUNS: std::cell::RefCell<RunCache> = std::cell::RefCell::default();
}

/// Hands each term jieba's `cut_for_search` makes of a Han run to `emit`,
/// from the thread's cache when it has segmented the run before.
fn segmented_han<'t>(jieba: &Jieba, run: &'t str, emit: &mut impl FnMut(&'t str)) {
    RUNS.with(|runs| {
        let mut runs = runs.borrow_mut();
        if let Some(ranges) = runs.get(run) {
            for &(start, end) in ranges.iter() {
                emit(&run[start as usize..end as usize]);
            }
            return;
        }
        let base = run.as_ptr() as usize;
        let ranges: Box<[(u32, u32)]> = jieba
            .cut_for_search(run, false)
            .into_iter()
            .map(|token| {
                let start = token.word.as_ptr() as usize - base;
                (start as u32, (start + token.word.len()) as u32)
            })
            .collect();
        for &(start, end) in ranges.iter() {
            emit(&run[start as usize..end as usize]);
        }
        if runs.len() >= RUN_CACHE_LIMIT {
            runs.clear();
        }
        runs.insert(run.into(), ranges);
    })
}

/// An ASCII run: kept whole, and split into letters and digits when mixed.
fn ascii_terms<'t>(run: &'t str, emit: &mut impl FnMut(&'t str)) {
    emit(run);
    let has_digit = run.bytes().any(|c| c.is_ascii_digit());
    let has_alpha = run.bytes().any(|c| c.is_ascii_alphabetic());
    if has_digit && has_alpha {
        let bytes = run.as_bytes();
        let mut start = 0;
        for i in 1..bytes.len() {
            if bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit() {
                emit(&run[start..i]);
                start = i;
            }
        }
        emit(&run[start..]);
    }
}

impl Language for SearchLanguage {
    fn name(&self) -> String {
        "Chinese".into()
    }

    fn code(&self) -> String {
        "zh".into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        self.terms(text)
    }

    /// The stock pipeline's trimmer drops digit-only terms; ours keeps every
    /// term `tokenize` produced.
    fn make_pipeline(&self) -> Pipeline {
        Pipeline {
            queue: vec![Box::new(FnWrapper("zhenggai-keep".into(), Some))],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_changes_only_what_it_folds() {
        assert_eq!(normalize("ＡＢ（甲）cD〔乙〕"), "ab[甲]cd[乙]");
        assert_eq!(normalize("整改"), "整改");
        assert_eq!(normalize(""), "");
        // Stop words are one character; a longer term that starts with
        // one is kept.
        assert!(is_stop_word("的"));
        assert!(!is_stop_word("的确"));
        assert!(!is_stop_word("a"));
    }

    #[test]
    fn document_numbers_are_terms_in_every_bracket_style() {
        let lang = SearchLanguage::new();
        for text in [
            "印发了《规定》（温应急[2023]19号）",
            "温应急〔2023〕19号",
            "温应急【２０２３】19号",
        ] {
            let terms = lang.terms(text);
            assert!(
                terms.contains(&"温应急[2023]19号".to_string()),
                "{text}: {terms:?}"
            );
            assert!(
                terms.contains(&"2023".to_string()),
                "digits are kept: {terms:?}"
            );
            assert!(terms.contains(&"19".to_string()), "{terms:?}");
        }
        assert!(document_number_terms("温应急管罚[2019]11-1号")
            .contains(&"应急管罚[2019]11-1号".to_string()));
        assert!(document_number_terms("[2023]号").is_empty());
    }

    #[test]
    fn latin_is_lowercased_and_split_from_digits() {
        let terms = SearchLanguage::new().terms("执行GB2312标准，ＡＢＣ公司");
        for t in ["gb2312", "gb", "2312", "abc"] {
            assert!(terms.contains(&t.to_string()), "{t}: {terms:?}");
        }
    }

    #[test]
    fn the_fast_stop_word_test_matches_the_list() {
        for word in STOP_WORDS {
            assert!(is_stop_word(word), "{word}");
        }
        assert!(!is_stop_word("消防") && !is_stop_word("火"));
    }

    #[test]
    fn han_text_is_cut_into_searchable_words() {
        let terms = SearchLanguage::new().terms("完成专业森林消防队伍建设");
        for t in ["森林", "消防", "队伍"] {
            assert!(terms.contains(&t.to_string()), "{t}: {terms:?}");
        }
        assert!(!terms.iter().any(|t| STOP_WORDS.contains(&t.as_str())));
    }
}
