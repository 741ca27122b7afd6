//! The language of messages. Staff read Chinese, so every message, summary
//! and help text is Chinese; English is there for those who ask for it
//! (`--lang en` or `ZHENGGAI_LANG=en`). Each message is written in both
//! languages where it is raised, with [`say!`](crate::say), so a newcomer
//! reads the words beside the code that uses them.

use std::sync::atomic::{AtomicBool, Ordering};

static ENGLISH: AtomicBool = AtomicBool::new(false);

/// The environment variable that asks for English messages (`en`).
pub const LANG_VARIABLE: &str = "ZHENGGAI_LANG";

/// Chooses the language of every later message: English when `requested`
/// says so (`en`, `english`, `en_US`…), else the environment variable's
/// choice, else Chinese.
pub fn choose(requested: Option<&str>) {
    let wanted = requested
        .map(str::to_string)
        .or_else(|| std::env::var(LANG_VARIABLE).ok())
        .unwrap_or_default();
    ENGLISH.store(is_english(&wanted), Ordering::Relaxed);
}

/// Sets the language outright (tests and the library's own callers).
pub fn set_english(english: bool) {
    ENGLISH.store(english, Ordering::Relaxed);
}

/// True when messages are to be English.
pub fn english() -> bool {
    ENGLISH.load(Ordering::Relaxed)
}

fn is_english(wanted: &str) -> bool {
    let wanted = wanted.trim().to_ascii_lowercase();
    wanted == "english" || wanted == "en" || wanted.starts_with("en_") || wanted.starts_with("en-")
}

/// A message in the chosen language: `say!("中文 {x}", "English {x}")`,
/// with `format!`'s arguments after the two texts (both must use them).
#[macro_export]
macro_rules! say {
    ($zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        if $crate::lang::english() {
            format!($en $(, $arg)*)
        } else {
            format!($zh $(, $arg)*)
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_only_when_asked() {
        assert!(super::is_english("en"));
        assert!(super::is_english("en_US.UTF-8"));
        assert!(!super::is_english("zh_CN.UTF-8"));
        assert!(!super::is_english(""));
    }
}
