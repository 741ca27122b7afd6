//! libyaml's and serde's messages, said in Chinese for the clerk: what is
//! wrong at the line, and what to type instead. They arrive in English
//! ("missing field `status`", "did not find expected key"), possibly behind
//! the path of the value (`measures[0].date: `), which is kept.

use regex::Regex;
use std::sync::OnceLock;

/// The Chinese for one message of the YAML parser or of serde.
pub(crate) fn explain(message: &str) -> String {
    let (path, rest) = split_path(message);
    let said = explain_bare(rest);
    if path.is_empty() {
        said
    } else {
        format!("{}: {said}", counted_from_one(path))
    }
}

/// `deadline_changes[1].reason` → `deadline_changes 第2条 reason`: serde
/// counts list items from zero, a clerk from one.
fn counted_from_one(path: &str) -> String {
    static INDEX: OnceLock<Regex> = OnceLock::new();
    let index = INDEX.get_or_init(|| Regex::new(r"\[(\d+)\]\.?").expect("a valid pattern"));
    index
        .replace_all(path, |c: &regex::Captures| {
            let n: usize = c[1].parse().unwrap_or(0);
            let dot = if c[0].ends_with('.') { " " } else { "" };
            format!(" 第{}条{dot}", n + 1)
        })
        .into_owned()
}

/// `measures[0].date: missing field` → (`measures[0].date`, the rest).
/// Only a path of keys and indexes counts, so a message that merely
/// holds a colon is left whole.
fn split_path(message: &str) -> (&str, &str) {
    static PATH: OnceLock<Regex> = OnceLock::new();
    let path = PATH.get_or_init(|| {
        Regex::new(
            r"^([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*)*): ",
        )
        .expect("a valid pattern")
    });
    match path.captures(message) {
        Some(c) => {
            let whole = c.get(0).map_or(0, |m| m.end());
            (c.get(1).map_or("", |m| m.as_str()), &message[whole..])
        }
        None => ("", message),
    }
}

fn explain_bare(message: &str) -> String {
    // Our own messages (a date, a status) are Chinese already.
    // (serde's and libyaml's own all begin with an English word).
    if message.starts_with(|c: char| !c.is_ascii()) {
        return message.to_string();
    }
    let quoted = |prefix: &str| -> Option<String> {
        let rest = message.strip_prefix(prefix)?;
        let rest = rest.strip_prefix('`')?;
        Some(rest[..rest.find('`')?].to_string())
    };
    if let Some(field) = quoted("unknown field ") {
        let expected: Vec<&str> = message
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return if expected.is_empty() {
            format!("这里不能写字段 `{field}`：删掉它")
        } else {
            format!(
                "不认识的字段 `{field}`（检查拼写，字段名用英文）；这里可以写：{}",
                expected.join("、")
            )
        };
    }
    if let Some(field) = quoted("missing field ") {
        return format!("缺少必填的字段 `{field}`：加一行 `{field}: …`");
    }
    if let Some(field) = quoted("duplicate field ") {
        return format!("字段 `{field}` 写了两次：只留一个");
    }
    if message.starts_with("duplicate entry") {
        return "同一个字段写了两次：只留一个".to_string();
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("这里要写{}，写的却是{}", kind(expected), found_kind(found));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("这里要写{}，写的却是{}", kind(expected), found_kind(found));
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
        return format!("个数不对：这里要写{}", kind(expected));
    }
    let syntax = [
        (
            "mapping values are not allowed",
            "这一行的值里有“: ”（半角冒号加空格），YAML 把它当成了新的字段：把整个值用引号括起来，或改用全角冒号“：”",
        ),
        (
            "did not find expected key",
            "缩进对不上：同一层的字段要左对齐，列表里每一项的“- ”也要对齐（只用空格缩进）",
        ),
        (
            "could not find expected ':'",
            "这一行缺少字段名后面的半角冒号“:”（或者上一行的引号没有配对）",
        ),
        (
            "did not find expected '-' indicator",
            "列表项的“- ”没有对齐：同一个列表的每一项要从同一列开始",
        ),
        (
            "did not find expected node content",
            "这里缺少内容：检查是否多写了逗号、“- ”或冒号",
        ),
        (
            "block sequence entries are not allowed",
            "这里不能开始列表（“- ”）：检查上一行是否已经写了值（如 `measures: []`），或者缩进是否正确",
        ),
        (
            "found character that cannot start any plain token",
            "值以 YAML 的特殊字符开头（如 @、`、%）：把整个值用引号括起来",
        ),
        (
            "found unknown escape character",
            "双引号里的反斜杠“\\”后面的字符不对：改用单引号，或者把 \\ 写成 \\\\",
        ),
        (
            "found a tab character",
            "用了制表符（Tab）：YAML 只认空格，把 Tab 换成空格",
        ),
        (
            "found unexpected end of stream",
            "文件提前结束了：检查引号和括号是否都配对",
        ),
        (
            "found undefined tag handle",
            "值以“!”开头，YAML 当成了标签：把整个值用引号括起来",
        ),
        (
            "found unexpected ':'",
            "这里的“:”用得不对：值里有冒号时，把整个值用引号括起来",
        ),
        (
            "recursion limit exceeded",
            "嵌套层次太多：字段是几行简单的“字段: 值”，检查是否多打了符号",
        ),
        (
            "repetition limit exceeded",
            "引用（& 和 *）展开得太多：删掉 & 和 * 引用",
        ),
    ];
    for (english, chinese) in syntax {
        if message.starts_with(english) {
            return chinese.to_string();
        }
    }
    if message.contains("did not match any variant") {
        return "这里写的值认不出来：对照模板检查写法".to_string();
    }
    format!("YAML 格式不对（{message}）：对照模板检查这一行和上一行")
}

/// What serde expected, in words: `u32` → 整数.
fn kind(expected: &str) -> String {
    let e = expected.trim();
    let words = [
        ("u32", "整数"),
        ("u64", "整数"),
        ("i64", "整数"),
        ("u8", "整数"),
        ("usize", "整数"),
        ("f64", "数字"),
        ("a boolean", " true 或 false"),
        ("a string", "文字"),
        ("a sequence", "列表（每项一行，以“- ”开头）"),
        ("a map", "一组“字段: 值”"),
        ("a date", "日期，如 2023-04-20"),
        ("a deadline", "整改时限，如 2024-06-30"),
        ("a status", "整改状态（已完成、基本完成、整改中、未完成）"),
    ];
    if e.starts_with("struct ") {
        return "一组“字段: 值”（下一行缩进两个空格写）".to_string();
    }
    words
        .iter()
        .find(|(k, _)| e.starts_with(k))
        .map_or_else(|| e.to_string(), |(_, v)| v.to_string())
}

/// What serde found, in words: `string "abc"` → 文字“abc”.
fn found_kind(found: &str) -> String {
    let f = found.trim();
    let value = |prefix: &str| {
        f.strip_prefix(prefix)
            .map(|v| v.trim().trim_matches(['"', '`']).to_string())
    };
    if let Some(v) = value("string") {
        return format!("文字“{v}”");
    }
    if let Some(v) = value("integer") {
        return format!("数字 {v}");
    }
    if let Some(v) = value("floating point") {
        return format!("小数 {v}");
    }
    if let Some(v) = value("boolean") {
        return format!(" {v}");
    }
    match f {
        "sequence" => "列表".to_string(),
        "map" => "一组“字段: 值”".to_string(),
        "unit value" => "空值（冒号后什么也没写）".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::explain;

    #[test]
    fn serde_and_libyaml_say_it_in_chinese_with_the_path_kept() {
        assert_eq!(
            explain("missing field `status`"),
            "缺少必填的字段 `status`：加一行 `status: …`"
        );
        let unknown = explain("unknown field `colour`, expected `title` or `unit`");
        assert!(unknown.contains("`colour`") && unknown.contains("title、unit"));
        assert_eq!(
            explain("area: invalid type: string \"一\", expected u32"),
            "area: 这里要写整数，写的却是文字“一”"
        );
        assert!(explain("did not find expected key").starts_with("缩进对不上"));
        assert!(explain("something new").contains("something new"));
    }
}
