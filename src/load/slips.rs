//! The slips a clerk makes in YAML with a Chinese input method, found
//! before the YAML parser sees them and explained in the clerk's words at
//! their line: a full-width colon after a key (`status：整改中`), full-width
//! spaces as indentation, a tab, `: ` inside an unquoted value, items
//! written under `measures: []`. libyaml would report most of them as
//! "could not find expected ':'" a line later, or not at all.
//!
//! Two of them have one meaning only and are repaired by `check --fix`
//! ([`fix`]): a known key followed by `：`, and full-width spaces in the
//! indentation. Nothing else is ever rewritten.

use crate::say;

/// Every key a content file may hold (portal.yaml, report.md, issue
/// files, at any depth): only these are repaired when `：` follows them.
const KNOWN_KEYS: &[&str] = &[
    "accountability",
    "added",
    "address",
    "alt",
    "amount",
    "area",
    "areas",
    "as_of",
    "attachments",
    "base_url",
    "basically_done",
    "closing",
    "contact",
    "continues",
    "date",
    "deadline",
    "deadline_changes",
    "declared",
    "department",
    "description",
    "document_number",
    "done",
    "email",
    "end",
    "feedback",
    "file",
    "follows",
    "funds",
    "group",
    "groups",
    "history",
    "host",
    "icp",
    "max_attachment_mb",
    "identifiers",
    "in_progress",
    "inspection",
    "issued",
    "kind",
    "long_term",
    "measures",
    "name",
    "note",
    "number",
    "organizer",
    "party_mark",
    "people",
    "phone",
    "police",
    "postcode",
    "problems",
    "public_data",
    "published",
    "publisher",
    "reason",
    "reasons",
    "recovered_yuan",
    "regulations",
    "regulations_established",
    "regulations_revised",
    "site_code",
    "source",
    "start",
    "status",
    "tasks",
    "team",
    "text",
    "title",
    "unfinished",
    "unit",
    "value",
];

/// The full-width space an input method types.
const WIDE_SPACE: char = '\u{3000}';

/// One slip: 1-based line and column within the YAML, what to do, and
/// whether `check --fix` can repair it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub fixable: bool,
}

/// A line seen as its indentation, list markers and content.
struct Parts<'a> {
    /// Leading spaces, full-width spaces and tabs.
    indent: &'a str,
    /// `- ` markers after the indentation.
    markers: &'a str,
    content: &'a str,
}

fn parts(line: &str) -> Parts<'_> {
    let indent_end = line
        .char_indices()
        .find(|(_, c)| !matches!(*c, ' ' | '\t' | WIDE_SPACE))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[indent_end..];
    let mut markers_end = 0;
    while rest[markers_end..].starts_with("- ") {
        markers_end += 2;
        while rest[markers_end..].starts_with(' ') {
            markers_end += 1;
        }
    }
    Parts {
        indent: &line[..indent_end],
        markers: &rest[..markers_end],
        content: &rest[markers_end..],
    }
}

/// An ASCII key at the start of `content` (`status`), and what follows it.
fn key_of(content: &str) -> Option<(&str, &str)> {
    let end = content
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(content.len());
    let key = &content[..end];
    (!key.is_empty() && key.starts_with(|c: char| c.is_ascii_alphabetic()))
        .then(|| (key, &content[end..]))
}

/// The slips in `yaml`, in line order. Lines inside block scalars (`|`,
/// `>`) and comments are text, not structure, and are left alone.
pub fn find(yaml: &str) -> Vec<Slip> {
    let mut slips = Vec::new();
    // Indentation of a key whose block scalar is being read.
    let mut block_at: Option<usize> = None;
    // A key given an empty flow value (`measures: []`): its indentation,
    // key and line.
    let mut empty_flow: Option<(usize, String)> = None;
    for (i, line) in yaml.lines().enumerate() {
        let number = i + 1;
        let p = parts(line);
        let width = p.indent.chars().count();
        if p.content.trim().is_empty() && p.markers.is_empty() {
            continue;
        }
        if let Some(at) = block_at {
            if width > at {
                continue;
            }
            block_at = None;
        }
        if p.content.starts_with('#') {
            continue;
        }
        if let Some(column) = p.indent.find(WIDE_SPACE) {
            slips.push(Slip {
                line: number,
                column: p.indent[..column].chars().count() + 1,
                message: say!(
                    "行首用了全角空格缩进；YAML 只认半角空格（运行 zhenggai check --fix 可以自动改好）",
                    "full-width spaces in the indentation; YAML indents with ASCII spaces only (zhenggai check --fix repairs it)"
                ),
                fixable: true,
            });
        } else if let Some(column) = p.indent.find('\t') {
            slips.push(Slip {
                line: number,
                column: column + 1,
                message: say!(
                    "行首用了制表符（Tab）缩进；YAML 只认空格，把 Tab 换成空格",
                    "tab character in indentation; YAML indents with spaces only"
                ),
                fixable: false,
            });
        }
        if let Some((indent, key)) = empty_flow.take() {
            let nested = width > indent || (width == indent && !p.markers.is_empty());
            if nested {
                slips.push(Slip {
                    line: number,
                    column: width + 1,
                    message: say!(
                        "上面的 `{key}: []` 表示“没有”，下面就不能再逐条写了：把那一行改成 `{key}:`（删掉 []）",
                        "`{key}: []` above means none, so no items can follow it: change that line to `{key}:` (remove the [])"
                    ),
                    fixable: false,
                });
            }
        }
        let Some((key, after)) = key_of(p.content) else {
            continue;
        };
        let column = width + p.markers.chars().count() + 1;
        let known = KNOWN_KEYS.contains(&key);
        let after_spaces = after.trim_start_matches(' ');
        if let Some(value) = after_spaces.strip_prefix('：') {
            slips.push(Slip {
                line: number,
                column,
                message: if known {
                    say!(
                        "`{key}` 后面是全角冒号“：”；要用半角冒号加空格，写成 `{key}: {}`（运行 zhenggai check --fix 可以自动改好）",
                        "`{key}` is followed by a full-width colon “：”; write an ASCII colon and a space: `{key}: {}` (zhenggai check --fix repairs it)",
                        value.trim_start_matches([' ', WIDE_SPACE])
                    )
                } else {
                    say!(
                        "`{key}` 后面是全角冒号“：”；字段名后要用半角冒号加空格（`{key}` 也不是认识的字段名，检查拼写）",
                        "`{key}` is followed by a full-width colon “：”; write an ASCII colon and a space (and `{key}` is not a known key: check its spelling)"
                    )
                },
                fixable: known,
            });
            // `closing：|` still opens a block of text: its lines are text.
            if opens_block(value) {
                block_at = Some(width + p.markers.chars().count());
            }
            continue;
        }
        let Some(value) = after.strip_prefix(':') else {
            continue;
        };
        if value.starts_with(WIDE_SPACE) {
            slips.push(Slip {
                line: number,
                column: column + key.len() + 1,
                message: say!(
                    "`{key}:` 后面是全角空格；冒号后要用半角空格（运行 zhenggai check --fix 可以自动改好）",
                    "`{key}:` is followed by a full-width space; use an ASCII space after the colon (zhenggai check --fix repairs it)"
                ),
                fixable: known,
            });
            if opens_block(value) {
                block_at = Some(width + p.markers.chars().count());
            }
            continue;
        }
        if !value.is_empty() && !value.starts_with([' ', '\t']) {
            if known {
                slips.push(Slip {
                    line: number,
                    column: column + key.len() + 1,
                    message: say!(
                        "`{key}:` 后面少了一个空格：写成 `{key}: {value}`",
                        "`{key}:` needs a space after the colon: `{key}: {value}`"
                    ),
                    fixable: false,
                });
            }
            continue;
        }
        let value = value.trim();
        // Where the value starts in the line (it was trimmed at both ends).
        let value_column = value.as_ptr() as usize - line.as_ptr() as usize;
        if value.starts_with(['|', '>']) {
            block_at = Some(width + p.markers.chars().count());
            continue;
        }
        if value == "[]" || value == "{}" {
            empty_flow = Some((width + p.markers.chars().count(), key.to_string()));
            continue;
        }
        if value.starts_with(['"', '\'', '[', '{', '&', '*', '!', '#']) {
            continue;
        }
        // The value as YAML reads it: up to a comment.
        let text = value.split(" #").next().unwrap_or(value);
        if let Some(at) = text
            .find(": ")
            .or_else(|| text.ends_with(':').then(|| text.len() - 1))
        {
            slips.push(Slip {
                line: number,
                column: line[..value_column + at].chars().count() + 1,
                message: say!(
                    "`{key}` 的值里有半角冒号“:”，YAML 会把它当成新的字段：把整个值用引号括起来，写成 {key}: \"{}\"（或者改用全角冒号“：”）",
                    "the value of `{key}` holds “: ”, which YAML reads as a new key: put the whole value in quotes, {key}: \"{}\"",
                    text.replace('"', "\\\"")
                ),
                fixable: false,
            });
        }
    }
    slips
}

/// `text` with the repairable slips repaired (a known key's `：` or the
/// full-width space after its colon, full-width spaces in indentation),
/// and what was changed, as (1-based line, description). Lines of block
/// scalars and comments are never touched.
pub fn fix(text: &str, first_line: usize) -> (String, Vec<(usize, String)>) {
    let fixable: Vec<Slip> = find(text).into_iter().filter(|s| s.fixable).collect();
    if fixable.is_empty() {
        return (text.to_string(), Vec::new());
    }
    let mut changed = Vec::new();
    let mut out = String::with_capacity(text.len() + 16);
    // Indentations in use above a line, and the one a line ending in `:`
    // (or a list item) opens: a full-width indentation snaps to the
    // deepest of them it reaches, as the clerk lined it up by eye.
    let mut levels: Vec<usize> = vec![0];
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let number = i + 1;
        if !fixable.iter().any(|s| s.line == number) {
            out.push_str(line);
            note_level(&mut levels, line);
            continue;
        }
        let p = parts(line);
        let indent = if p.indent.contains(WIDE_SPACE) {
            let seen: usize = p
                .indent
                .chars()
                .map(|c| if c == WIDE_SPACE { 2 } else { 1 })
                .sum();
            let width = levels
                .iter()
                .copied()
                .filter(|&l| l <= seen)
                .max()
                .unwrap_or(0);
            " ".repeat(width)
        } else {
            p.indent.to_string()
        };
        let mut content = p.content.to_string();
        let mut what = Vec::new();
        if indent != p.indent {
            what.push(say!(
                "全角空格缩进改为半角空格",
                "full-width indentation made ASCII spaces"
            ));
        }
        if let Some((key, after)) = key_of(p.content) {
            if KNOWN_KEYS.contains(&key) {
                let after_spaces = after.trim_start_matches(' ');
                if let Some(value) = after_spaces.strip_prefix('：') {
                    content = format!("{key}: {}", value.trim_start_matches([' ', WIDE_SPACE]));
                    what.push(say!(
                        "`{key}` 后的全角冒号改为“: ”",
                        "the full-width colon after `{key}` made “: ”"
                    ));
                } else if let Some(value) = after.strip_prefix(':') {
                    if value.starts_with(WIDE_SPACE) {
                        content = format!("{key}: {}", value.trim_start_matches([' ', WIDE_SPACE]));
                        what.push(say!(
                            "`{key}:` 后的全角空格改为半角空格",
                            "the full-width space after `{key}:` made ASCII"
                        ));
                    }
                }
            }
        }
        out.push_str(&indent);
        out.push_str(p.markers);
        out.push_str(&content);
        note_level(&mut levels, &format!("{indent}{}{content}", p.markers));
        if !what.is_empty() {
            changed.push((
                first_line + number - 1,
                what.join(say!("；", "; ").as_str()),
            ));
        }
    }
    (out, changed)
}

/// `check --fix`: repairs the repairable slips in every content file
/// under `root` (portal.yaml, and the front matter of each report.md and
/// issue file), writing a file only where something changed. Returns what
/// was changed, as (file, line, description), or the first file that
/// could not be written.
pub fn fix_portal(
    root: &std::path::Path,
) -> Result<Vec<(std::path::PathBuf, usize, String)>, String> {
    let content = root.join("content");
    let mut changed = Vec::new();
    let files = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !super::is_ignored(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file());
    for entry in files {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let whole_file = path == content.join("portal.yaml");
        if !whole_file && !name.ends_with(".md") {
            continue;
        }
        let Ok(bytes) = super::read_limited(path) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let (head, yaml, tail, first_line) = if whole_file {
            ("", text, "", 1)
        } else {
            match front_matter_span(text) {
                Some((start, end)) => (&text[..start], &text[start..end], &text[end..], 2),
                None => continue,
            }
        };
        let (fixed, what) = fix(yaml, first_line);
        if what.is_empty() {
            continue;
        }
        let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let new_text = format!("{head}{fixed}{tail}");
        let temporary = path.with_file_name(format!(".{name}.zhenggai-fix"));
        std::fs::write(&temporary, new_text)
            .and_then(|_| std::fs::rename(&temporary, path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&temporary);
                say!("无法写入 {}：{e}", "cannot write {}: {e}", shown.display())
            })?;
        changed.extend(what.into_iter().map(|(line, w)| (shown.clone(), line, w)));
    }
    Ok(changed)
}

/// Byte range of the YAML between the opening `---` line (the first,
/// after a byte-order mark) and the closing `---`/`...` line.
fn front_matter_span(text: &str) -> Option<(usize, usize)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_start_matches('\u{feff}').trim_end() != "---" {
        return None;
    }
    let start = first.len();
    let mut offset = start;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((start, offset));
        }
        offset += line.len();
    }
    None
}

/// Whether a value (after its key's colon) begins a block scalar (`|`, `>`).
fn opens_block(value: &str) -> bool {
    value
        .trim_start_matches([' ', WIDE_SPACE])
        .starts_with(['|', '>'])
}

/// Records the indentation a content line uses and the one it opens.
fn note_level(levels: &mut Vec<usize>, line: &str) {
    let p = parts(line);
    let content = p.content.trim_end();
    if content.is_empty() || content.starts_with('#') {
        return;
    }
    let indent = p.indent.chars().count();
    let item = indent + p.markers.chars().count();
    for level in [indent, item] {
        if !levels.contains(&level) {
            levels.push(level);
        }
    }
    if content.ends_with(':') && !levels.contains(&(item + 2)) {
        levels.push(item + 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_width_colon_after_a_known_key_is_found_and_repaired() {
        let yaml = "area: 1\nstatus：整改中\n  - date：2023-04-01\n";
        let slips = find(yaml);
        assert_eq!(slips.len(), 2);
        assert_eq!((slips[0].line, slips[0].column), (2, 1));
        assert!(slips.iter().all(|s| s.fixable));
        let (fixed, changed) = fix(yaml, 2);
        assert_eq!(fixed, "area: 1\nstatus: 整改中\n  - date: 2023-04-01\n");
        assert_eq!(changed.len(), 2);
        assert_eq!(changed[0].0, 3);
        assert!(find(&fixed).is_empty());
    }

    #[test]
    fn full_width_indentation_is_repaired() {
        let yaml = "measures:\n\u{3000}- text: 做了\n";
        let (fixed, _) = fix(yaml, 1);
        assert_eq!(fixed, "measures:\n  - text: 做了\n");
        // Two full-width spaces for one level (as many type it) line up
        // with the level the line above opens, not four columns.
        let yaml = "contact:\n\u{3000}\u{3000}phone: 1\n  postcode: \"2\"\n";
        assert_eq!(fix(yaml, 1).0, "contact:\n  phone: 1\n  postcode: \"2\"\n");
    }

    #[test]
    fn a_colon_in_a_value_is_explained_not_rewritten() {
        let yaml = "title: 关于: 某事\n";
        let slips = find(yaml);
        assert_eq!(slips.len(), 1);
        assert!(!slips[0].fixable);
        assert_eq!(fix(yaml, 1).0, yaml);
        // Quoted, in a block scalar, in a comment, or a URL: not a slip.
        assert!(
            find("title: \"关于: 某事\"\nnote: |\n  a: b\n# c: d\nurl: https://x.cn/\n").is_empty()
        );
    }

    #[test]
    fn a_value_with_trailing_spaces_is_located_on_its_characters() {
        // Found by the frontmatter fuzz target: the column of a colon in a
        // value followed by spaces was counted from the wrong end.
        let slips = find("title: 甲乙: 丙丁   \n");
        assert_eq!(slips.len(), 1);
        assert_eq!(slips[0].column, 10);
    }

    #[test]
    fn items_under_an_empty_list_are_explained() {
        let yaml = "measures: []\n  - date: 2024-05-10\n    text: 做了\n";
        let slips = find(yaml);
        assert_eq!(slips.len(), 1);
        assert_eq!(slips[0].line, 2);
        assert!(slips[0].message.contains("measures"));
    }

    #[test]
    fn a_block_opened_by_a_slip_is_still_text() {
        // Found in review: `closing：|` made its text lines look like keys.
        let yaml = "closing：|\n  email：x@y.cn\n  \u{3000}\u{3000}phone：1\nstatus: done\n";
        let slips = find(yaml);
        assert_eq!(slips.len(), 1, "{slips:?}");
        assert_eq!(
            fix(yaml, 1).0,
            "closing: |\n  email：x@y.cn\n  \u{3000}\u{3000}phone：1\nstatus: done\n"
        );
    }

    #[test]
    fn unknown_keys_and_block_text_are_left_alone() {
        let (fixed, changed) = fix("foo：bar\nclosing: |\n  status：x\n", 1);
        assert_eq!(fixed, "foo：bar\nclosing: |\n  status：x\n");
        assert!(changed.is_empty());
    }
}
