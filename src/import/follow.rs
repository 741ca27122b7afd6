//! `import NOTICE --follows REPORT`: which problems of a follow-up notice
//! carry on which problems of the report it follows. A link is written only
//! where it cannot be a guess: the same problem title (typography aside:
//! spacing, 《》, full- or half-width punctuation and digits), found once
//! on each side. Everything else that looks related (the
//! same place in the notice, a shared document number, a similar title) is
//! listed for staff to decide, and nothing is linked on it.

use super::Imported;
use crate::load::frontmatter;
use crate::model::{normalize_doc_number, normalize_title, IssueMeta, Report};
use std::collections::BTreeMap;

/// What `--follows` found.
#[derive(Debug, Default)]
pub struct FollowUp {
    /// (new issue file, earlier problem as `<report>/<issue>`), linked.
    pub linked: Vec<(String, String)>,
    /// New issue files left unlinked, each with the earlier problems that
    /// look related and why; empty when nothing does.
    pub undecided: Vec<(String, Vec<(String, String)>)>,
}

/// A problem as matching sees it.
struct Problem {
    id: String,
    place: (u32, u32, Option<u32>),
    title: String,
    numbers: Vec<String>,
}

/// Links the imported notice's problems to `earlier`'s where sure, and
/// writes `follows` into its report.md and `continues` into those issue
/// files. Problems in `taken` (`<report>/<issue>`, continued already by
/// another notice) are never linked again: a problem is continued once.
pub fn link(
    imported: &mut Imported,
    earlier: &Report,
    taken: &std::collections::BTreeSet<String>,
) -> FollowUp {
    let old: Vec<Problem> = earlier
        .issues
        .iter()
        .map(|i| {
            let group = earlier
                .meta
                .areas
                .get((i.meta.area as usize).wrapping_sub(1))
                .and_then(|a| a.groups.get((i.meta.group as usize).wrapping_sub(1)))
                .map(|g| g.title.as_str());
            problem(format!("{}/{}", earlier.slug, i.slug), &i.meta, group)
        })
        .collect();
    let mut new: Vec<(usize, Problem)> = Vec::new();
    for (n, file) in imported.files.iter().enumerate() {
        let Some(slug) = file
            .path
            .strip_prefix("issues/")
            .and_then(|p| p.strip_suffix(".md"))
        else {
            continue;
        };
        let meta = frontmatter::split(&file.text)
            .and_then(|doc| frontmatter::parse::<IssueMeta>(doc.yaml, doc.yaml_first_line));
        if let Ok(meta) = meta {
            let group = imported
                .notice
                .areas
                .get((meta.area as usize).wrapping_sub(1))
                .and_then(|a| a.groups.get((meta.group as usize).wrapping_sub(1)))
                .map(|g| g.title.as_str());
            new.push((n, problem(slug.to_string(), &meta, group)));
        }
    }
    let count = |list: &mut BTreeMap<String, usize>, title: &str| {
        *list.entry(title.to_string()).or_default() += 1;
    };
    let (mut old_titles, mut new_titles) = (BTreeMap::new(), BTreeMap::new());
    old.iter().for_each(|p| count(&mut old_titles, &p.title));
    new.iter()
        .for_each(|(_, p)| count(&mut new_titles, &p.title));

    // A follow-up often shortens a title to its first clause, or quotes a
    // part of it: linked where exactly one earlier title holds it and no
    // other new problem points to that one.
    let shortened: Vec<Option<usize>> = new
        .iter()
        .map(|(_, p)| {
            let holders: Vec<usize> = (0..old.len())
                .filter(|&o| contains_shortened(&old[o].title, &p.title))
                .collect();
            (holders.len() == 1).then(|| holders[0])
        })
        .collect();
    let mut found = FollowUp::default();
    for (k, (file, p)) in new.iter().enumerate() {
        let same_title = old.iter().find(|o| o.title == p.title);
        let unique = old_titles.get(&p.title) == Some(&1) && new_titles.get(&p.title) == Some(&1);
        let by_part = shortened[k]
            .filter(|o| shortened.iter().filter(|s| **s == Some(*o)).count() == 1)
            .filter(|o| {
                !old.iter().any(|x| x.title == p.title)
                    && !new.iter().any(|(_, q)| q.title == old[*o].title)
            })
            .map(|o| &old[o]);
        let link = match same_title {
            Some(o) if unique && !p.title.is_empty() => Some((o, "标题相同")),
            None => by_part.map(|o| (o, "标题是前一份的缩写或其中一句")),
            _ => None,
        };
        match link {
            Some((o, why)) if !taken.contains(&o.id) => {
                let line = format!(
                    "continues: {}        # 由 import --follows 关联：{why}\n",
                    o.id
                );
                insert_front_matter(&mut imported.files[*file].text, &line);
                found
                    .linked
                    .push((imported.files[*file].path.clone(), o.id.clone()));
            }
            _ => {
                let candidates = old
                    .iter()
                    .filter_map(|o| Some((o.id.clone(), related(p, o)?)))
                    .collect();
                found
                    .undecided
                    .push((imported.files[*file].path.clone(), candidates));
            }
        }
    }
    if let Some(report) = imported.files.iter_mut().find(|f| f.path == "report.md") {
        let line = format!(
            "follows: {}                # 这份通报跟进的前一份报告\n",
            earlier.slug
        );
        insert_front_matter(&mut report.text, &line);
    }
    found
}

/// A problem by its id; `group` is its group's title, which is the
/// problem's own where the group is the problem.
fn problem(id: String, meta: &IssueMeta, group: Option<&str>) -> Problem {
    let title = meta
        .title
        .clone()
        .unwrap_or_else(|| group.unwrap_or_default().to_string());
    Problem {
        id,
        place: (meta.area, meta.group, meta.number),
        title: same_text(&title),
        numbers: meta
            .regulations
            .iter()
            .filter_map(|r| r.number.as_deref().map(normalize_doc_number))
            .collect(),
    }
}

/// A title with only its typography made uniform: notices write the same
/// words with full-width (，；１２) or half-width (,;12) punctuation and
/// digits, double or single quotes, and with or without spaces and 《》.
fn same_text(title: &str) -> String {
    normalize_title(title)
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            // Outer and inner quotes: “除险保安” and ‘除险保安’ quote alike.
            '“' | '”' | '‘' | '’' | '\'' => '"',
            '\u{3000}' => ' ',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether `short` is `long` shortened: its first sentence or clause, or a
/// part of it long enough to say something (six characters or more).
fn contains_shortened(long: &str, short: &str) -> bool {
    let short = short.trim_end_matches(['。', '；', '，', ';', ',', '.']);
    short.chars().count() >= 6 && long != short && long.contains(short)
}

/// Why an earlier problem may be the same as a new one, if it may.
fn related(new: &Problem, old: &Problem) -> Option<String> {
    let mut why = Vec::new();
    if contains_shortened(&old.title, &new.title) {
        why.push(crate::say!(
            "前一份的标题包含这个标题",
            "the earlier title holds this one"
        ));
    }
    if new.title == old.title {
        why.push(crate::say!(
            "标题相同，但两边不是各一个，或者已被接续",
            "the same title, but not once on each side, or continued already"
        ));
    }
    let similar = similarity(&new.title, &old.title);
    if new.title != old.title && similar >= 0.5 {
        why.push(crate::say!(
            "标题相近（相似度 {:.0}%）",
            "a similar title ({:.0}% alike)",
            similar * 100.0
        ));
    }
    if new.numbers.iter().any(|n| old.numbers.contains(n)) {
        why.push(crate::say!("引用了同一文号", "a shared document number"));
    }
    if new.place == old.place && !why.is_empty() {
        why.push(crate::say!(
            "在通报里的位置相同",
            "the same place in the notice"
        ));
    }
    (!why.is_empty()).then(|| why.join(", "))
}

/// Dice's coefficient over character pairs: 1 for the same text.
fn similarity(a: &str, b: &str) -> f64 {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (x, mut y) = (pairs(a), pairs(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let total = x.len() + y.len();
    let mut shared = 0;
    for pair in x {
        if let Some(at) = y.iter().position(|p| *p == pair) {
            y.swap_remove(at);
            shared += 1;
        }
    }
    2.0 * shared as f64 / total as f64
}

/// Adds a line at the end of a file's front matter.
fn insert_front_matter(text: &mut String, line: &str) {
    let body_start = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---").map(|at| 4 + at + 1));
    match body_start {
        Some(at) => text.insert_str(at, line),
        None => text.push_str(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_titles_score_between_zero_and_one() {
        assert_eq!(
            similarity("农业补贴发放审核不严", "农业补贴发放审核不严"),
            1.0
        );
        assert!(similarity("农业补贴发放审核不严", "农业补贴发放审核仍不够严格") > 0.5);
        assert!(similarity("会议多文件多", "档案管理不规范") < 0.2);
        assert_eq!(
            same_text("案卷存档保管不规范。副卷缺失；2021年有１２件"),
            same_text("案卷存档保管不规范。副卷缺失; 2021年有12件")
        );
        assert_ne!(same_text("应于2020年5月"), same_text("应用于2020年5月"));
        assert_eq!(
            same_text("推进‘除险保安’行动"),
            same_text("推进“除险保安”行动")
        );
        let mut text = "---\ntitle: x\n---\nbody\n".to_string();
        insert_front_matter(&mut text, "continues: a/b\n");
        assert_eq!(text, "---\ntitle: x\ncontinues: a/b\n---\nbody\n");
    }
}
