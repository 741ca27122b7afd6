//! Front matter: the YAML between two `---` lines at the top of a Markdown
//! file, parsed into typed data with every error pinned to its line.

use crate::say;
use serde::de::DeserializeOwned;

/// A file split into its YAML front matter and Markdown body.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which `yaml` starts.
    pub yaml_first_line: usize,
    pub body: &'a str,
}

/// A problem located in a file: 1-based line and column plus a message,
/// and the file's other problems found in the same pass (slips of one
/// file are reported together, not one per run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub more: Vec<Located>,
}

impl Located {
    pub(crate) fn new(line: usize, column: usize, message: impl Into<String>) -> Located {
        Located {
            line,
            column,
            message: message.into(),
            more: Vec::new(),
        }
    }

    /// Records this problem and the others found with it as errors.
    pub(crate) fn report(
        &self,
        path: &std::path::Path,
        diags: &mut crate::diagnostics::Diagnostics,
    ) {
        diags.error(path, self.line, self.column, self.message.clone());
        for other in &self.more {
            diags.error(path, other.line, other.column, other.message.clone());
        }
    }
}

/// Decodes file bytes as UTF-8, dropping a leading byte-order mark, and
/// points at the first invalid byte otherwise (files pasted from Word or
/// saved as GBK end up here).
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, Located> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Located::new(
            line,
            column,
            say!(
                "文件不是 UTF-8 编码（可能存成了 GBK）：用记事本或 WPS“另存为”，编码选 UTF-8",
                "file is not valid UTF-8 (was it saved as GBK?); save it as UTF-8"
            ),
        )
    })
}

/// Splits `---\n yaml \n---\n body`. The opening line must be the first
/// line of the file; the closing line may be `---` or `...`.
pub(crate) fn split(text: &str) -> Result<Split<'_>, Located> {
    if text.trim().is_empty() {
        return Err(Located::new(
            1,
            1,
            say!(
                "文件是空的：第一行要写 `---`，下面写各个字段，再用一行 `---` 结束",
                "file is empty; it must start with a `---` line and YAML front matter"
            ),
        ));
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Located::new(
            1,
            1,
            say!(
                "第一行要是 `---`（三个半角减号），下面才是各个字段",
                "expected `---` on the first line to open the YAML front matter"
            ),
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(Located::new(
        1,
        1,
        say!(
            "第 1 行的 `---` 没有对应的结束行：在字段写完后加一行 `---`（文件共 {line_no} 行）",
            "the front matter opened on line 1 is never closed: add a `---` line after the YAML (the file has {line_no} lines)"
        ),
    ))
}

/// Refuses a file that still holds an import placeholder (（请填写…）),
/// naming every one in a single error: the first is located, the others are
/// listed by line, so staff see all that is left to fill in at once.
pub(crate) fn refuse_placeholders(text: &str) -> Result<(), Located> {
    // Almost every file has none: one search of the whole text first.
    if !text.contains(crate::model::PLACEHOLDER) {
        return Ok(());
    }
    let found: Vec<(usize, usize, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let at = line.find(crate::model::PLACEHOLDER)?;
            let column = line[..at].chars().count() + 1;
            let end = line[at..]
                .find('）')
                .map_or(line.len(), |e| at + e + '）'.len_utf8());
            Some((i + 1, column, &line[at..end]))
        })
        .collect();
    let Some(&(line, column, first)) = found.first() else {
        return Ok(());
    };
    let key = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.split_once(':'))
        .map(|(k, _)| k.trim().trim_start_matches("- ").to_string())
        .filter(|k| !k.is_empty() && !k.contains(crate::model::PLACEHOLDER))
        .map(|k| format!("`{k}` "))
        .unwrap_or_default();
    let mut message = if first == crate::model::NEW_TITLE {
        say!(
            "{key}还是 `zhenggai new` 写的占位文字 {first}：照巡察反馈的原话写上问题，再发布",
            "{key}still holds the placeholder {first} that `zhenggai new` wrote: write the problem as the inspection stated it before publishing"
        )
    } else {
        say!(
            "{key}还是导入时留的占位文字 {first}：导入时没在通报里找到这一项，请照原件或实际情况填上，再发布",
            "{key}still holds the import placeholder {first}: import did not find it in the notice; fill it in from the source before publishing"
        )
    };
    if found.len() > 1 {
        let lines: Vec<String> = found[1..].iter().map(|f| f.0.to_string()).collect();
        message.push_str(&say!(
            "（另有 {} 处占位文字，在第 {} 行）",
            " ({} more placeholder(s) on line(s) {})",
            found.len() - 1,
            lines.join(if crate::lang::english() { ", " } else { "、" })
        ));
    }
    Err(Located::new(line, column, message))
}

/// A file's parse together with its placeholders, so a clerk sees every
/// mistake at once: a forgotten （请填写…） and a full-width colon further
/// down are both reported. A parse error on a placeholder's own line is
/// that placeholder's, and is not said twice.
pub(crate) fn with_placeholders<T>(text: &str, parsed: Result<T, Located>) -> Result<T, Located> {
    let mut placeholder = match refuse_placeholders(text) {
        Ok(()) => return parsed,
        Err(found) => found,
    };
    if let Err(error) = parsed {
        let placeholder_lines: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(crate::model::PLACEHOLDER))
            .map(|(i, _)| i + 1)
            .collect();
        let Located {
            line,
            column,
            message,
            more,
        } = error;
        placeholder.more.extend(
            std::iter::once(Located::new(line, column, message))
                .chain(more)
                .filter(|e| !placeholder_lines.contains(&e.line)),
        );
    }
    Err(placeholder)
}

/// Parses YAML into `T`; the error's line is counted from the file's start
/// (`first_line` is the file line on which `yaml` begins).
pub fn parse<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, Located> {
    if yaml.trim().is_empty() {
        return Err(Located::new(
            first_line.saturating_sub(1).max(1),
            1,
            say!("`---` 之间没有写任何字段", "front matter is empty"),
        ));
    }
    if let Some((line, column)) = too_deep(yaml) {
        return Err(Located::new(
            first_line + line - 1,
            column,
            say!(
                "方括号或花括号套了 {MAX_NESTING} 层以上：检查是不是多打了一串 [ 或 {{",
                "brackets nested more than {MAX_NESTING} deep: front matter is a few plain fields; check for a stray run of [ or {{"
            ),
        ));
    }
    let mut slips = super::slips::find(yaml)
        .into_iter()
        .map(|s| Located::new(first_line + s.line - 1, s.column, s.message));
    if let Some(mut first) = slips.next() {
        first.more = slips.collect();
        return Err(first);
    }
    serde_yaml::from_str(yaml).map_err(|e| {
        let message = e.to_string();
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let unclosed = unclosed_value(yaml, first_line, first_line + line - 1);
        let syntax = is_syntax_error(&message) || unclosed.is_some();
        let mut located = unterminated(&message, first_line)
            .or(unclosed)
            .unwrap_or_else(|| {
                Located::new(
                    first_line + line - 1,
                    column.max(1),
                    clean_message(&message),
                )
            });
        if syntax && line < yaml.lines().count() {
            located.message.push_str(&say!(
                "（这一处以后的内容没有检查，改好后再运行一次）",
                " (lines after this were not checked; run again once it is fixed)"
            ));
        }
        located
    })
}

/// How deep `[` and `{` may nest in front matter (content files use two).
const MAX_NESTING: usize = 32;

/// Where flow brackets first nest past [`MAX_NESTING`] (1-based line and
/// column), outside quotes and comments: libyaml takes time quadratic in
/// the depth, so a stray run of `[` is refused before it is parsed.
pub(crate) fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = ' ';
    for c in yaml.chars() {
        column += 1;
        if c == '\n' {
            line += 1;
            column = 0;
            comment = false;
            previous = c;
            continue;
        }
        match (quote, c) {
            _ if comment => {}
            (None, '#') if previous.is_whitespace() => comment = true,
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((line, column));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    None
}

/// libyaml reports an unclosed quote or bracket at the end of the text,
/// naming where it began only in its context ("while scanning a quoted
/// scalar at line 3 column 8"); point at the beginning instead.
fn unterminated(message: &str, first_line: usize) -> Option<Located> {
    let (_, context) = message.split_once(", while ")?;
    let (what, position) = context.split_once(" at line ")?;
    let (line, column) = position.split_once(" column ")?;
    let line: usize = line.trim().parse().ok()?;
    let column: usize = column
        .trim()
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    let what = match what {
        "scanning a quoted scalar" => say!(
            "这里的引号没有配对：在值的末尾补上同样的引号",
            "this quoted string is never closed; add the closing quote"
        ),
        "parsing a flow sequence" => say!(
            "这里的 `[` 没有对应的 `]`；如果方括号是正文，把整个值用引号括起来",
            "this `[` list is never closed with `]`; quote the value if the brackets are text"
        ),
        "parsing a flow mapping" => say!(
            "这里的 `{{` 没有对应的 `}}`；如果花括号是正文，把整个值用引号括起来",
            "this `{{` mapping is never closed with `}}`; quote the value if the braces are text"
        ),
        _ => return None,
    };
    Some(Located::new(first_line + line - 1, column.max(1), what))
}

/// A value that opens a `[`, `{` or quote it never closes, on `line`:
/// serde stops at the value's type first (`status: [done` reads as a
/// list), though what the clerk must mend is the missing bracket.
fn unclosed_value(yaml: &str, first_line: usize, line: usize) -> Option<Located> {
    let error = serde_yaml::from_str::<serde_yaml::Value>(yaml).err()?;
    unterminated(&error.to_string(), first_line).filter(|found| found.line == line)
}

/// serde_yaml appends " at line L column C" to its messages; the position
/// is printed in front instead, so drop it from the text.
fn clean_message(message: &str) -> String {
    let text = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    let text = text.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
    if !crate::lang::english() {
        return super::messages::explain(text);
    }
    // serde's messages name Rust types; say what the file should hold.
    text.replace("invalid type: ", "wrong type: ")
        .replace("a sequence", "a list")
        .replace("a map", "a mapping (key: value lines)")
        .replace("u32", "a whole number")
        .replace("struct ", "")
        .replace("unit value", "nothing")
}

/// True for libyaml's scanner and parser errors, after which nothing of
/// the file was read (type errors come after a whole parse).
fn is_syntax_error(message: &str) -> bool {
    message.contains(", while ")
        || message.starts_with("did not find expected")
        || message.starts_with("could not find expected")
        || message.starts_with("mapping values are not allowed")
        || message.starts_with("block sequence entries are not allowed")
        || message.starts_with("found ")
}

/// One step of a path to a key in a YAML document.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Finds the line and column (1-based, within `yaml`) of the value a path
/// names, for errors that are found after parsing (a group that does not
/// exist, a duplicate document number). Works on block-style YAML, which
/// is what staff write; where a step cannot be followed it returns the
/// deepest position found, and (1, 1) if none.
pub(crate) fn locate(yaml: &str, path: &[Step]) -> (usize, usize) {
    let lines: Vec<Line> = yaml.lines().map(Line::read).collect();
    let mut range = 0..lines.len();
    let mut found = (1, 1);
    for step in path {
        let Some(level) = range.clone().find_map(|i| lines[i].indent()) else {
            break;
        };
        let hit = match step {
            Step::Key(key) => range
                .clone()
                .find(|&i| lines[i].indent() == Some(level) && lines[i].key() == Some(key)),
            Step::Index(n) => range
                .clone()
                .filter(|&i| {
                    lines[i].item_at == Some(level.saturating_sub(2))
                        && lines[i].indent() == Some(level)
                })
                .nth(*n),
        };
        let Some(i) = hit else { break };
        found = (i + 1, lines[i].indent().unwrap_or(0) + 1);
        let end = (i + 1..range.end)
            .find(|&j| {
                lines[j].indent().is_some_and(|ind| {
                    ind < level
                        || (ind == level
                            && (matches!(step, Step::Key(_)) || lines[j].item_at.is_some()))
                })
            })
            .unwrap_or(range.end);
        range = match step {
            Step::Key(_) => i + 1..end,
            // The item's first key shares the dash's line: search from it.
            Step::Index(_) => i..end,
        };
    }
    found
}

/// A line seen as indentation plus content, with `- ` list markers
/// counted as indentation (so `- title: x` is a key at the item's level).
struct Line<'a> {
    content: &'a str,
    indent: usize,
    /// Column of the innermost `- ` marker on this line, if any.
    item_at: Option<usize>,
}

impl<'a> Line<'a> {
    fn read(raw: &'a str) -> Line<'a> {
        let mut indent = 0;
        let mut item_at = None;
        let bytes = raw.as_bytes();
        loop {
            match bytes.get(indent) {
                Some(b' ') => indent += 1,
                Some(b'-') if matches!(bytes.get(indent + 1), Some(b' ') | None) => {
                    item_at = Some(indent);
                    indent += if bytes.get(indent + 1).is_some() {
                        2
                    } else {
                        1
                    };
                }
                _ => break,
            }
        }
        Line {
            content: &raw[indent.min(raw.len())..],
            indent,
            item_at,
        }
    }

    /// Indentation of a line that holds something (not blank, not comment).
    fn indent(&self) -> Option<usize> {
        let c = self.content.trim();
        if c.is_empty() || c.starts_with('#') {
            None
        } else {
            Some(self.indent)
        }
    }

    fn key(&self) -> Option<&str> {
        let colon = self.content.find(':')?;
        Some(
            self.content[..colon]
                .trim()
                .trim_matches(|c| c == '"' || c == '\''),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "area: 1\ngroup: 2\nmeasures:\n  - date: 2023-04-01\n    text: a\n  - text: b\nregulations:\n- number: X\n  title: T\n- number: Y\n  title: U\n";

    #[test]
    fn locates_nested_keys_in_block_yaml() {
        assert_eq!(locate(YAML, &[Step::Key("group")]), (2, 1));
        assert_eq!(
            locate(
                YAML,
                &[Step::Key("measures"), Step::Index(1), Step::Key("text")]
            ),
            (6, 5)
        );
        assert_eq!(
            locate(
                YAML,
                &[Step::Key("regulations"), Step::Index(1), Step::Key("title")]
            ),
            (11, 3)
        );
        assert_eq!(
            locate(
                YAML,
                &[
                    Step::Key("regulations"),
                    Step::Index(0),
                    Step::Key("number")
                ]
            ),
            (8, 3)
        );
        assert_eq!(locate(YAML, &[Step::Key("missing")]), (1, 1));
    }

    #[test]
    fn splits_front_matter_and_reports_unclosed_files() {
        let s = split("---\na: 1\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "a: 1\n");
        assert_eq!(s.body, "body\n");
        assert!(split("---\na: 1\n").is_err());
        assert!(split("a: 1\n").is_err());
        assert_eq!(split("---\r\na: 1\r\n---\r\nb").unwrap().body, "b");
    }

    /// `status: [done` reads as the start of a list; the clerk is told of
    /// the missing `]`, not that a list is no status. A closed list still
    /// is told as a list.
    #[test]
    fn an_unclosed_bracket_is_told_before_the_type_it_makes() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Fields {
            status: String,
            long_term: bool,
        }
        let err = parse::<Fields>("status: [done\nlong_term: false\n", 5).unwrap_err();
        assert_eq!((err.line, err.column), (5, 9), "{}", err.message);
        assert!(
            err.message.contains("`[` 没有对应的 `]`"),
            "{}",
            err.message
        );
        let err = parse::<Fields>("status: [done]\nlong_term: false\n", 5).unwrap_err();
        assert_eq!(err.line, 5);
        assert!(err.message.contains("列表"), "{}", err.message);
        let err = parse::<Fields>("status: {done\nlong_term: false\n", 5).unwrap_err();
        assert!(err.message.contains("没有对应的 `}`"), "{}", err.message);
    }

    #[test]
    fn decode_points_at_the_first_bad_byte() {
        let err = decode(b"ab\ncd\xff").unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
        assert_eq!(decode(b"\xEF\xBB\xBF---").unwrap(), "---");
    }
}
