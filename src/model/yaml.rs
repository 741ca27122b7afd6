//! Writing content files: import and `zhenggai new` write YAML by hand (so
//! it keeps its comments and order), and quote every value the one way.

/// A YAML scalar: plain where that is unambiguous, else double-quoted.
/// What it writes reads back as `text` (control characters, which YAML
/// cannot carry, become spaces).
pub(crate) fn yaml_scalar(text: &str) -> String {
    // YAML refuses control characters and noncharacters even quoted, and
    // ends a line at U+2028/U+2029; the notice's cleaning removes them, and
    // so does this, for any caller.
    let cleaned: String;
    let text = if text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(
                c,
                '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' | '\u{2028}' | '\u{2029}'
            )
    }) {
        cleaned = text
            .chars()
            .filter(|c| !matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'))
            .map(|c| {
                if (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        &cleaned
    } else {
        text
    };
    let plain = !text.is_empty()
        && !text.starts_with([
            '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '"', '\'', '#', ',', '?',
            ':', '-', ' ',
        ])
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.contains('\n')
        && text.parse::<f64>().is_err()
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
    }
}
