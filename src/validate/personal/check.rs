//! The personal-data check over a portal's content files: each file's
//! text as typed (for exact columns), and the same values as a reader sees
//! them (YAML decoded, Markdown rendered, Unicode folded: see
//! `model::reading`), and every folder and file name that becomes a URL.

use super::{find, name_hints};
use crate::diagnostics::Diagnostics;
use crate::model::{Contact, PortalConfig, PublicData, Report};
use std::path::Path;

/// A value as compared with declared ones: digits and letters only
/// (spaces, hyphens and +86 aside), lower case.
pub(crate) fn key(value: &str) -> String {
    let value = value.trim().trim_start_matches("+86");
    value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the portal may publish everywhere: its declared public data and
/// its own feedback contact.
pub(crate) fn portal_allowed(config: &PortalConfig) -> Vec<String> {
    let mut allowed = declared(&config.public_data);
    allowed.extend(contact(&config.contact));
    allowed
}

pub(crate) fn declared(list: &[PublicData]) -> Vec<String> {
    list.iter()
        .map(|p| key(&crate::model::reading::as_read(&p.value)))
        .collect()
}

fn contact(contact: &Contact) -> Vec<String> {
    [&contact.phone, &contact.email]
        .into_iter()
        .flatten()
        .flat_map(|v| v.split(['、', ',', '，', ';', '；', '/']))
        .map(|v| key(&crate::model::reading::as_read(v)))
        .collect()
}

/// One file's findings, each value reported once: a number typed with
/// full-width digits is found in the text as typed and again as read.
struct FileCheck<'a> {
    path: &'a Path,
    allowed: &'a [String],
    reported: Vec<String>,
    errors: &'a mut Diagnostics,
}

impl FileCheck<'_> {
    fn report(&mut self, line: usize, column: usize, finding: &super::Finding, how: &str) {
        let key = key(&crate::model::reading::as_read(&finding.value));
        if self.allowed.contains(&key) || self.reported.contains(&key) {
            return;
        }
        self.reported.push(key);
        self.errors.error(
            self.path,
            line,
            column,
            crate::say!(
                "个人信息：{}（{}）{how}会被公开；删掉它，或者确属依法公开的，写进 `public_data:` 并注明理由",
                "personal data: a {} ({}){how} would be published; remove it, or if it is legally public declare it under `public_data:` with the reason",
                finding.kind,
                finding.masked()
            ),
        );
    }

    /// Every finding in `text` (which starts at line `first_line`), except
    /// in the spans `skipped` says are not published (YAML comments).
    fn scan(
        &mut self,
        text: &str,
        first_line: usize,
        how: &str,
        skipped: &dyn Fn(usize, usize) -> bool,
    ) {
        for finding in find(text) {
            let before = &text[..finding.start];
            let line = before.matches('\n').count();
            let start = before.rfind('\n').map_or(0, |n| n + 1);
            let column = text[start..finding.start].chars().count();
            if !skipped(line, column) {
                self.report(first_line + line, column + 1, &finding, how);
            }
        }
    }
}

/// Where a YAML text has comments, per line: the character column a
/// comment starts at. A `#` starts a comment only where YAML says so: at
/// a line's start or after whitespace, outside quotes, and never inside a
/// block scalar (`text: |`), whose lines are text however they begin.
fn yaml_comments(yaml: &str) -> Vec<Option<usize>> {
    let mut comments = Vec::new();
    // The indentation of the key that opened a block scalar.
    let mut block: Option<usize> = None;
    for line in yaml.split('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || indent > parent {
                comments.push(None);
                continue;
            }
            block = None;
        }
        let (mut quote, mut previous) = (None, ' ');
        let mut at = None;
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (None, '#') if previous.is_whitespace() => {
                    at = Some(column);
                    break;
                }
                (None, '"' | '\'')
                    if previous.is_whitespace() || previous == ':' || previous == '-' =>
                {
                    quote = Some(c)
                }
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            previous = c;
        }
        let content: String = line.chars().take(at.unwrap_or(usize::MAX)).collect();
        let content = content.trim_end();
        // `key: |`, `- >-`, `text: |2`: a block scalar starts below.
        let indicator =
            content.trim_end_matches(|c: char| c == '+' || c == '-' || c.is_ascii_digit());
        if indicator.ends_with(['|', '>'])
            && indicator[..indicator.len() - 1].ends_with([' ', ':', '-'])
        {
            block = Some(indent);
        }
        comments.push(at);
    }
    comments
}

/// The strings of a YAML text as its reader decodes them (escapes such as
/// `\u0031` included), each with the path of keys that locates it.
fn yaml_strings(
    value: &serde_yaml::Value,
    path: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, String)>,
) {
    match value {
        serde_yaml::Value::String(s) => out.push((path.clone(), s.clone())),
        serde_yaml::Value::Sequence(items) => {
            for (n, item) in items.iter().enumerate() {
                path.push(format!("#{n}"));
                yaml_strings(item, path, out);
                path.pop();
            }
        }
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                let name = k.as_str().unwrap_or_default().to_string();
                if let serde_yaml::Value::String(k) = k {
                    out.push((path.clone(), k.clone()));
                }
                path.push(name);
                yaml_strings(v, path, out);
                path.pop();
            }
        }
        serde_yaml::Value::Tagged(t) => yaml_strings(&t.value, path, out),
        _ => {}
    }
}

/// Checks a YAML text (starting at line `first_line`) as typed and as its
/// values read, and lists the names a reviewer should look at.
fn yaml(check: &mut FileCheck, yaml: &str, first_line: usize, warnings: &mut Diagnostics) {
    // Where the comments are is asked only of a finding, which most
    // files have none of.
    let comments = std::cell::OnceCell::new();
    let in_comment = |line: usize, column: usize| {
        comments
            .get_or_init(|| yaml_comments(yaml))
            .get(line)
            .copied()
            .flatten()
            .is_some_and(|at| column >= at)
    };
    check.scan(yaml, first_line, "", &in_comment);
    if crate::model::reading::may_read_differently(yaml) {
        let read = crate::model::reading::as_read(yaml);
        check.scan(&read, first_line, "（按读者看到的文字）", &in_comment);
    }
    // Escapes (\u0031) are decoded by YAML itself: read the values.
    if yaml.contains('\\') {
        if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(yaml) {
            let mut strings = Vec::new();
            yaml_strings(&value, &mut Vec::new(), &mut strings);
            for (path, text) in strings {
                let text = crate::model::reading::as_read(&text);
                for finding in find(&text) {
                    let steps: Vec<crate::load::frontmatter::Step> = path
                        .iter()
                        .map(|p| match p.strip_prefix('#').and_then(|n| n.parse().ok()) {
                            Some(n) => crate::load::frontmatter::Step::Index(n),
                            None => crate::load::frontmatter::Step::Key(p),
                        })
                        .collect();
                    let (line, column) = crate::load::frontmatter::locate(yaml, &steps);
                    check.report(
                        first_line + line - 1,
                        column,
                        &finding,
                        "（YAML 转义解码后）",
                    );
                }
            }
        }
    }
    for (offset, hint) in name_hints(yaml) {
        let before = &yaml[..offset];
        let line = before.matches('\n').count();
        let start = before.rfind('\n').map_or(0, |n| n + 1);
        let column = yaml[start..offset].chars().count();
        if !in_comment(line, column) {
            warnings.warning(
                check.path,
                first_line + line,
                column + 1,
                crate::say!(
                    "“{hint}”可能是人名：核对通报原文是否公开了它",
                    "“{hint}” may name a person: check that the notice publishes it so"
                ),
            );
        }
    }
}

/// Checks a Markdown body (starting at line `first_line`) as typed and as
/// rendered: every line of it is published, `#` headings included.
fn body(check: &mut FileCheck, body: &str, first_line: usize, warnings: &mut Diagnostics) {
    check.scan(body, first_line, "", &|_, _| false);
    // Inline markup can split a number (138**0013**8000); headings and
    // lists cannot, and plain text was read whole by the scan above.
    let markup = body.contains(['*', '_', '`', '<', '&', '[', '\\', '~', '|']);
    let blocks = if markup || crate::model::reading::may_read_differently(body) {
        crate::model::reading::markdown_blocks(body)
    } else {
        Vec::new()
    };
    for (offset, text) in blocks {
        let line = first_line + body[..offset].matches('\n').count();
        for finding in find(&text) {
            check.report(line, 1, &finding, "（按页面显示的文字）");
        }
    }
    for (offset, hint) in name_hints(body) {
        let before = &body[..offset];
        let start = before.rfind('\n').map_or(0, |n| n + 1);
        warnings.warning(
            check.path,
            first_line + before.matches('\n').count(),
            body[start..offset].chars().count() + 1,
            crate::say!(
                "“{hint}”可能是人名：核对通报原文是否公开了它",
                "“{hint}” may name a person: check that the notice publishes it so"
            ),
        );
    }
}

/// A folder or file name that becomes part of a URL.
fn url_segment(check: &mut FileCheck, segment: &str) {
    for finding in find(&crate::model::reading::as_read(segment)) {
        check.report(1, 1, &finding, "（在文件或文件夹名里，会成为网址）");
    }
}

/// Lists a file's declared exceptions, for the reviewer.
fn list_declared(
    path: &Path,
    yaml: &str,
    first_line: usize,
    list: &[PublicData],
    warnings: &mut Diagnostics,
) {
    for (n, p) in list.iter().enumerate() {
        let (line, column) = crate::load::frontmatter::locate(
            yaml,
            &[
                crate::load::frontmatter::Step::Key("public_data"),
                crate::load::frontmatter::Step::Index(n),
            ],
        );
        warnings.warning(
            path,
            first_line + line - 1,
            column,
            crate::say!(
                "声明公开：“{}”（{}）",
                "declared public: “{}” ({})",
                p.value,
                p.reason
            ),
        );
    }
}

/// One content file: its front matter (text and first line), its body
/// (which starts after the closing `---`), the name it is published
/// under, what it may publish and what it declares public.
fn file(
    path: &Path,
    (front, first_line): (&str, usize),
    (text, name): (&str, &str),
    (allowed, declared): (&[String], &[PublicData]),
    errors: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    let mut check = FileCheck {
        path,
        allowed,
        reported: Vec::new(),
        errors,
    };
    url_segment(&mut check, name);
    yaml(&mut check, front, first_line, warnings);
    let body_line = first_line + front.matches('\n').count() + 1;
    body(&mut check, text, body_line, warnings);
    list_declared(path, front, first_line, declared, warnings);
}

/// A content file that could not be read (a typo in its YAML, a
/// placeholder): its text as typed is checked all the same, so a number
/// in it is told beside the typo, not a round later. `report` is the
/// report it belongs to, if that read (its declared public data and
/// contact are allowed). What the file itself allows (`public_data:`, a
/// report's `contact:`, as an import writes them beside its placeholders)
/// is read from its YAML where that parses; where it does not, such a
/// file is left until it reads.
pub(crate) fn unread_file(
    path: &Path,
    report: Option<&Report>,
    portal_allowed: &[String],
    errors: &mut Diagnostics,
) {
    let Ok(bytes) = crate::load::read_limited(path) else {
        return;
    };
    let Ok(text) = crate::load::frontmatter::decode(&bytes) else {
        return;
    };
    let mut allowed = portal_allowed.to_vec();
    if let Some(report) = report {
        allowed.extend(declared(&report.meta.public_data));
        if let Some(c) = &report.meta.contact {
            allowed.extend(contact(c));
        }
    }
    // Brackets nested past what load allows take libyaml quadratic time:
    // such a text is searched whole, never parsed.
    let deep = crate::load::frontmatter::too_deep(text).is_some();
    let split = crate::load::frontmatter::split(text).ok().filter(|_| !deep);
    let yaml = split
        .as_ref()
        .and_then(|split| serde_yaml::from_str::<serde_yaml::Value>(split.yaml).ok());
    match &yaml {
        None if text.contains("public_data") || text.contains("contact") => return,
        None => {}
        Some(value) => {
            if let Some(list) = value.get("public_data") {
                match serde_yaml::from_value::<Vec<PublicData>>(list.clone()) {
                    Ok(list) => allowed.extend(declared(&list)),
                    Err(_) => return,
                }
            }
            if let Some(c) = value.get("contact") {
                match serde_yaml::from_value::<Contact>(c.clone()) {
                    Ok(c) => allowed.extend(contact(&c)),
                    Err(_) => return,
                }
            }
        }
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Warnings (names to look at) wait until the file reads.
    let mut warnings = Diagnostics::default();
    match split {
        Some(split) => file(
            path,
            (split.yaml, split.yaml_first_line),
            (split.body, &name),
            (&allowed, &[]),
            errors,
            &mut warnings,
        ),
        // No front matter to tell comments by: the whole text, as typed.
        None => {
            let mut check = FileCheck {
                path,
                allowed: &allowed,
                reported: Vec::new(),
                errors,
            };
            check.scan(text, 1, "", &|_, _| false);
        }
    }
}

/// A report's own file and its issue files.
pub(crate) fn report(
    report: &Report,
    portal_allowed: &[String],
    errors: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    let mut allowed = portal_allowed.to_vec();
    allowed.extend(declared(&report.meta.public_data));
    if let Some(c) = &report.meta.contact {
        allowed.extend(contact(c));
    }
    file(
        &report.path,
        (&report.yaml, report.yaml_first_line),
        (&report.intro, &report.slug),
        (&allowed, &report.meta.public_data),
        errors,
        warnings,
    );
    for issue in &report.issues {
        let mut allowed = allowed.clone();
        allowed.extend(declared(&issue.meta.public_data));
        file(
            &issue.path,
            (&issue.yaml, issue.yaml_first_line),
            (&*issue.body, &issue.slug),
            (&allowed, &issue.meta.public_data),
            errors,
            warnings,
        );
    }
}

/// `portal.yaml` (a YAML file without `---` lines: it starts at line 1).
pub(crate) fn portal_file(
    portal: &crate::model::Portal,
    errors: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    let allowed = portal_allowed(&portal.config);
    let path = &portal.config_path;
    let mut check = FileCheck {
        path,
        allowed: &allowed,
        reported: Vec::new(),
        errors,
    };
    yaml(&mut check, &portal.config_text, 1, warnings);
    list_declared(
        path,
        &portal.config_text,
        1,
        &portal.config.public_data,
        warnings,
    );
}
