//! Scaffolding for staff: `zhenggai init` writes a new portal that builds
//! at once (every field shown once, with comments in Chinese), and
//! `zhenggai new` adds a problem file with the next free number of a group.

use crate::load::frontmatter;
use crate::model::ReportMeta;
use std::fs;
use std::path::{Path, PathBuf};

/// The starter portal, as (path under the portal root, text).
const STARTER: &[(&str, &str)] = &[
    ("content/portal.yaml", include_str!("starter/portal.yaml")),
    (
        "content/reports/example-2024/report.md",
        include_str!("starter/report.md"),
    ),
    (
        "content/reports/example-2024/issues/1-1-1.md",
        include_str!("starter/issues/1-1-1.md"),
    ),
    (
        "content/reports/example-2024/issues/2-1-1.md",
        include_str!("starter/issues/2-1-1.md"),
    ),
    (".gitignore", "site/\n"),
];

/// Writes a new portal into `dir` (created if missing). Refuses a folder
/// that holds anything unless `force`, and then only overwrites its own
/// files. With `theme`, also copies the default theme into `dir/theme/`
/// to customise. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, theme: bool, force: bool) -> Result<Vec<PathBuf>, String> {
    let occupied = fs::read_dir(dir)
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if occupied && !force {
        return Err(crate::say!(
            "{} 不是空文件夹：换一个新文件夹名，或者加 --force 把示例文件写进去",
            "{} is not empty; choose a new folder, or pass --force to write the starter files into it",
            dir.display()
        ));
    }
    let mut files: Vec<(String, &str)> = STARTER
        .iter()
        .map(|(path, text)| (path.to_string(), *text))
        .collect();
    if theme {
        files.extend(
            crate::load::theme::EMBEDDED
                .iter()
                .map(|(path, text)| (format!("theme/{path}"), *text)),
        );
    }
    let mut written = Vec::new();
    for (path, text) in files {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| {
                crate::say!(
                    "无法建立 {}：{e}",
                    "cannot create {}: {e}",
                    parent.display()
                )
            })?;
        }
        fs::write(&target, text).map_err(|e| {
            crate::say!("无法写入 {}：{e}", "cannot write {}: {e}", target.display())
        })?;
        written.push(PathBuf::from(path));
    }
    Ok(written)
}

/// Writes `content/reports/<report>/issues/<area>-<group>-<n>.md` under
/// `root`, `n` being the next free number in the group, with every field
/// in place and the optional ones commented. Checks that the report, area
/// and group exist and that the group is not already a single problem.
pub fn new_issue(root: &Path, report: &str, area: u32, group: u32) -> Result<PathBuf, String> {
    // A folder name, never a path: `new` writes inside content/reports/.
    crate::model::check_slug(report).map_err(|e| {
        crate::say!(
            "报告名{e}：写 content/reports/ 下的文件夹名，不是路径",
            "the report {e}: name a folder in content/reports/, not a path"
        )
    })?;
    let folder = root.join("content/reports").join(report);
    let report_md = folder.join("report.md");
    // Read as `build` reads it (a byte-order mark and CRLF are fine), but
    // without refusing placeholders: a report just imported, its facts
    // not yet filled in, may already get problems.
    let bytes = crate::load::read_limited(&report_md).map_err(|e| {
        crate::say!(
            "读不了 {}：{e}；报告名是 content/reports/ 下的文件夹名",
            "cannot read {}: {e}; the report is the folder name under content/reports/",
            report_md.display()
        )
    })?;
    let meta: ReportMeta = frontmatter::decode(&bytes)
        .and_then(frontmatter::split)
        .and_then(|doc| frontmatter::parse(doc.yaml, doc.yaml_first_line))
        .map_err(|e| {
            crate::say!(
                "{}:{}:{}: {}；先改好它（运行 zhenggai check 查看）",
                "{}:{}:{}: {}; fix it first (zhenggai check)",
                report_md.display(),
                e.line,
                e.column,
                e.message
            )
        })?;
    let nth = |n: u32| n.checked_sub(1).map(|i| i as usize);
    let area_meta = nth(area).and_then(|i| meta.areas.get(i)).ok_or_else(|| {
        crate::say!(
            "{report} 有 {} 个方面；--area 要写 1 到 {}",
            "{report} has {} area(s); --area must be 1 to {}",
            meta.areas.len(),
            meta.areas.len()
        )
    })?;
    let group_meta = area_meta
        .groups
        .get(nth(group).unwrap_or(usize::MAX))
        .ok_or_else(|| {
            crate::say!(
                "{report} 的第 {area} 个方面有 {} 类；--group 要写 1 到 {}",
                "area {area} of {report} has {} group(s); --group must be 1 to {}",
                area_meta.groups.len(),
                area_meta.groups.len()
            )
        })?;
    let issues = folder.join("issues");
    // Issue files may sit in sub-folders of issues/ (build reads them all):
    // the file name alone is the problem's identity.
    let names = issue_file_stems(&issues);
    if names.contains(&format!("{area}-{group}")) {
        return Err(crate::say!(
            "第 {area} 个方面第 {group} 类本身是一个问题（{area}-{group}.md）：要在这一类下加问题，先把它改名为 {area}-{group}-1.md 并加上 number: 1",
            "group {area}-{group} is a single problem ({area}-{group}.md); rename it to {area}-{group}-1.md and set number: 1 to give the group numbered problems"
        ));
    }
    let prefix = format!("{area}-{group}-");
    let taken = names
        .iter()
        .filter_map(|name| name.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let number = taken + 1;
    let path = issues.join(format!("{area}-{group}-{number}.md"));
    fs::create_dir_all(&issues).map_err(|e| {
        crate::say!(
            "无法建立 {}：{e}",
            "cannot create {}: {e}",
            issues.display()
        )
    })?;
    let text = issue_template(area, group, number, &area_meta.title, &group_meta.title);
    // create_new: never overwrite a file that appeared meanwhile.
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| crate::say!("无法写入 {}：{e}", "cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// The names (without `.md`) of the issue files under `issues`, at any
/// depth, skipping what `build` skips (hidden files, editor backups).
fn issue_file_stems(issues: &Path) -> Vec<String> {
    walkdir::WalkDir::new(issues)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::load::is_ignored(&e.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect()
}

fn issue_template(
    area: u32,
    group: u32,
    number: u32,
    area_title: &str,
    group_title: &str,
) -> String {
    format!(
        r#"---
# {area_title}
#   {group_title}
# 写法：每行“字段名: 值”，冒号和空格都用半角（英文输入法）；值里有“: ”时，整个值加引号。
# 以“# ”开头的行是说明，不会发布。要用某一段示例时，把那一段每行开头的“# ”删掉，再改成实际内容。
area: {area}
group: {group}
number: {number}
# 巡察指出的问题（一句话）；未填写前 zhenggai check 不予发布。
title: {title}
# 整改状态：已完成、基本完成、整改中、未完成（也可写 done、basically_done、in_progress、not_done）。
status: 整改中
# 需长期坚持的事项改为 true（这时不写整改时限）。
long_term: false
# 整改时限：2024-06-30、2024年6月30日、2024年6月底、2024年上半年都可以。
# deadline: 2024-12-31
# 责任单位（单位或部门，不写个人姓名）。
# department: 办公室
# 整改时限调整：时限改动时记下调整日期、新时限和原因（deadline 保留原定时限）。
# deadline_changes:
#   - date: 2024-03-01
#     deadline: 2024-06-30
#     reason: 涉及跨部门协调，需延期完成
# 整改状态变更：按日期先后记下每次状态变化，最后一条要与 status 一致，日期不晚于报告的 as_of。
# history:
#   - date: 2024-02-01
#     status: 整改中
#     note: 制定整改方案
# 后续通报接续前一份通报的问题时，写“前一份通报的文件夹名/问题文件名”（报告须写 follows）。
# continues: example-2023/1-1-1
# 是否对相关人员问责（true 或 false）；通报未说明的不写，页面也不显示。
# accountability: true
# 整改措施，按时间顺序；日期可省略或只写到月。
# measures:
#   - date: 2024-05-10
#     text: 做了什么，结果如何。
#   - text: 长期坚持的做法（不写日期）。
# 附件：证明整改的文件和照片，放在本文件旁边（或子文件夹里），写相对路径。照片要写 alt（一句话说明照片内容）。
# 网站上公开的是清理过的副本：照片去掉拍摄位置、相机和作者信息，Word、Excel、PDF 去掉作者、单位等文档属性；带修订痕迹或批注的 Word 文件不予发布。
# attachments:
#   - file: 附件/整改方案.pdf
#     title: 整改方案
#   - file: 附件/整改后照片.jpg
#     alt: 整改后畅通的消防通道
# 整改中新建或修订的制度和引用的文件；kind：established 新建、revised 修订、document 其他文件。
# regulations:
#   - number: 示农〔2024〕5号
#     title: 制度名称（不带书名号）
#     issued: 2024-03-20
#     kind: established
---
"#,
        title = crate::model::NEW_TITLE,
    )
}
