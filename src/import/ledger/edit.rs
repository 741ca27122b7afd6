//! Edits of a content file's front matter that keep every other byte: a
//! top-level key's line set, items appended to a top-level list, a group
//! appended to an area of report.md. `import --update` changes files staff
//! have written in; their comments, order, bodies and spacing stay theirs.

use crate::load::frontmatter::{self, locate, Step};

/// A file split around its front matter, edited in place.
pub(crate) struct Edited {
    head: String,
    pub yaml: String,
    tail: String,
}

impl Edited {
    /// The file's front matter, or `None` when it has none.
    pub(crate) fn of(text: &str) -> Option<Edited> {
        let split = frontmatter::split(text).ok()?;
        let start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + split.yaml.len();
        Some(Edited {
            head: text[..start].to_string(),
            yaml: split.yaml.to_string(),
            tail: text[end..].to_string(),
        })
    }

    /// The whole file again.
    pub(crate) fn text(&self) -> String {
        format!("{}{}{}", self.head, self.yaml, self.tail)
    }

    /// `key: value` at the top level: the key's line replaced (a comment on
    /// it goes too: it spoke of the old value), else added after the line
    /// of `after` (or at the end).
    pub(crate) fn set(&mut self, key: &str, value: &str, after: Option<&str>) {
        let line = format!("{key}: {value}\n");
        if let Some((start, end)) = key_line(&self.yaml, key) {
            // A value continued on indented lines (`key: >` and its text)
            // is replaced whole.
            let end = block_end(&self.yaml, end);
            let line = self.line_ends(&line);
            self.yaml.replace_range(start..end, &line);
            return;
        }
        let at = after
            .and_then(|a| key_line(&self.yaml, a))
            .map_or(self.yaml.len(), |(_, end)| end);
        self.ensure_newline_before(at);
        let at = at.min(self.yaml.len());
        let line = self.line_ends(&line);
        self.yaml.insert_str(at, &line);
    }

    /// Appends list items (each a `- …` line and its continuation lines,
    /// written at indentation 0) to the top-level list `key`, indented as
    /// its items already are; creates the list where there is none, and
    /// turns `key: []` into a block.
    pub(crate) fn append(&mut self, key: &str, items: &str) {
        match key_line(&self.yaml, key) {
            Some((start, end)) => {
                let value = self.yaml[start..end].split_once(':').map_or("", |(_, v)| v);
                let value = value.split(" #").next().unwrap_or("").trim();
                if value == "[]" {
                    let block = format!("{key}:\n{}", indent(items, 2));
                    let block = self.line_ends(&block);
                    self.yaml.replace_range(start..end, &block);
                    return;
                }
                let block_end = block_end(&self.yaml, end);
                let item_indent = self.yaml[end..block_end]
                    .lines()
                    .find_map(|l| {
                        let trimmed = l.trim_start_matches(' ');
                        trimmed.starts_with("- ").then(|| l.len() - trimmed.len())
                    })
                    .unwrap_or(2);
                self.ensure_newline_before(block_end);
                let block_end = block_end.min(self.yaml.len());
                let items = self.line_ends(&indent(items, item_indent));
                self.yaml.insert_str(block_end, &items);
            }
            None => {
                let at = self.yaml.len();
                self.ensure_newline_before(at);
                let block = self.line_ends(&format!("{key}:\n{}", indent(items, 2)));
                self.yaml.push_str(&block);
            }
        }
    }

    /// Appends a group (`- title: …`) to area `area` (0-based) of
    /// report.md's `areas`, after its last group.
    pub(crate) fn append_group(&mut self, area: usize, title_yaml: &str) -> Option<()> {
        let (line, column) = locate(
            &self.yaml,
            &[Step::Key("areas"), Step::Index(area), Step::Key("groups")],
        );
        let starts: Vec<usize> = line_starts(&self.yaml);
        let key_start = *starts.get(line - 1)?;
        let key_end = starts.get(line).copied().unwrap_or(self.yaml.len());
        if !self.yaml[key_start..key_end].contains("groups:") {
            return None;
        }
        // Only a block list (`groups:` then `- title:` lines) takes a line.
        let value = self.yaml[key_start..key_end]
            .split_once(':')
            .map_or("", |(_, v)| v)
            .split(" #")
            .next()
            .unwrap_or("")
            .trim();
        if !value.is_empty() {
            return None;
        }
        let key_indent = column - 1;
        let mut end = key_end;
        let mut item_indent = key_indent + 2;
        let mut first = true;
        for &s in starts.iter().skip(line) {
            let l = &self.yaml[s..self.yaml[s..]
                .find('\n')
                .map_or(self.yaml.len(), |e| s + e + 1)];
            let content = l.trim_start_matches(' ');
            let ind = l.len() - content.len();
            let blank = content.trim().is_empty();
            let item_here = content.starts_with("- ") && ind >= key_indent;
            if !blank && ind <= key_indent && !(item_here && ind == key_indent) {
                break;
            }
            if item_here && first {
                item_indent = ind;
                first = false;
            }
            if !blank {
                end = s + l.len();
            }
        }
        self.ensure_newline_before(end);
        let end = end.min(self.yaml.len());
        let line = format!("{}- title: {title_yaml}\n", " ".repeat(item_indent));
        let line = self.line_ends(&line);
        self.yaml.insert_str(end, &line);
        Some(())
    }

    /// `text` with the file's own line ends (CRLF where the file has them).
    fn line_ends(&self, text: &str) -> String {
        if self.yaml.contains("\r\n") {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text.to_string()
        }
    }

    fn ensure_newline_before(&mut self, at: usize) {
        if at > 0 && at <= self.yaml.len() && !self.yaml[..at].ends_with('\n') {
            let end = self.line_ends("\n");
            self.yaml.insert_str(at, &end);
        }
    }
}

/// Byte range of the top-level line `key: …` (its newline included).
fn key_line(yaml: &str, key: &str) -> Option<(usize, usize)> {
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        let end = start + line.len();
        if line
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            return Some((start, end));
        }
        start = end;
    }
    None
}

/// Where the block under a top-level key ends (from `from`, just past the
/// key's line): at the next line that begins at column 0 with anything
/// but a list item. Trailing blank lines stay outside.
fn block_end(yaml: &str, from: usize) -> usize {
    let mut end = from;
    let mut at = from;
    for line in yaml[from..].split_inclusive('\n') {
        let blank = line.trim().is_empty();
        let inside = line.starts_with(' ') || line.starts_with("- ") || blank;
        if !inside {
            break;
        }
        at += line.len();
        if !blank {
            end = at;
        }
    }
    end
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if starts.last() == Some(&text.len()) {
        starts.pop();
    }
    starts
}

/// Every line of `text` indented by `by` spaces.
fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines().map(|l| format!("{pad}{l}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_or_adds_a_line_and_keeps_the_rest() {
        let mut e =
            Edited::of("---\narea: 1\nstatus: not_done  # 通报所述\n# 说明\n---\n正文\n").unwrap();
        e.set("status", "done", None);
        e.set("department", "办公室", Some("area"));
        assert_eq!(
            e.text(),
            "---\narea: 1\ndepartment: 办公室\nstatus: done\n# 说明\n---\n正文\n"
        );
    }

    #[test]
    fn a_value_on_several_lines_is_replaced_whole() {
        let mut e = Edited::of("---\ndepartment: >\n  旧的\n  单位\nstatus: done\n---\n").unwrap();
        e.set("department", "新单位", None);
        assert_eq!(e.text(), "---\ndepartment: 新单位\nstatus: done\n---\n");
        // A flow list of groups takes no line.
        let mut e =
            Edited::of("---\nareas:\n  - title: 一\n    groups: [{title: a}]\n---\n").unwrap();
        assert!(e.append_group(0, "b").is_none());
    }

    #[test]
    fn items_join_their_list_at_its_indentation() {
        let mut e =
            Edited::of("---\nmeasures:\n- text: a\n  date: 2023\nstatus: done\n---\n").unwrap();
        e.append("measures", "- text: b\n");
        e.append("history", "- date: 2024-01-01\n  status: done\n");
        assert_eq!(
            e.text(),
            "---\nmeasures:\n- text: a\n  date: 2023\n- text: b\nstatus: done\nhistory:\n  - date: 2024-01-01\n    status: done\n---\n"
        );
        let mut e = Edited::of("---\nmeasures: []\nstatus: done\n---\n").unwrap();
        e.append("measures", "- text: b\n");
        assert_eq!(e.text(), "---\nmeasures:\n  - text: b\nstatus: done\n---\n");
    }

    #[test]
    fn a_crlf_file_keeps_its_line_ends() {
        let mut e =
            Edited::of("---\r\nstatus: not_done\r\nmeasures:\r\n  - text: a\r\n---\r\n").unwrap();
        e.set("status", "done", None);
        e.append("measures", "- text: b\n");
        e.append("history", "- date: 2024-01-01\n  status: done\n");
        assert_eq!(
            e.text(),
            "---\r\nstatus: done\r\nmeasures:\r\n  - text: a\r\n  - text: b\r\nhistory:\r\n  - date: 2024-01-01\r\n    status: done\r\n---\r\n"
        );
    }

    #[test]
    fn a_group_is_added_after_the_last_of_its_area() {
        let yaml = "---\ntitle: t\nareas:\n  - title: 一\n    groups:\n      - title: a\n      - title: b\n  - title: 二\n    groups:\n      - title: c\nclosing: x\n---\n";
        let mut e = Edited::of(yaml).unwrap();
        e.append_group(0, "新").unwrap();
        e.append_group(1, "新二").unwrap();
        assert_eq!(
            e.text(),
            "---\ntitle: t\nareas:\n  - title: 一\n    groups:\n      - title: a\n      - title: b\n      - title: 新\n  - title: 二\n    groups:\n      - title: c\n      - title: 新二\nclosing: x\n---\n"
        );
    }
}
