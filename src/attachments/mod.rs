//! Attachments (附件): the documents and photos that prove a rectification,
//! published beside the problem or report that lists them. A stage of its
//! own between load and derive: each declared file is found, checked and
//! made into a clean copy, and the pages, open data and sitemap then only
//! read the copies.
//!
//! The copies never carry what the original carries unseen: a photo is
//! decoded and encoded anew (no EXIF, GPS, XMP or IPTC survives), a Word or
//! Excel file loses its properties (author, last editor, company), a PDF
//! its Info dictionary and XMP, an old Office file its summary streams.
//! What the builder cannot decide for the author is refused instead: a
//! Word file with tracked changes or comments. The text of each document
//! is checked for personal data as content files are. Originals are never
//! written to.

mod inline;
mod office;
mod ole;
mod pdf;
mod photo;
mod zipped;

pub use crate::model::{Cleaned, Kind, Prepared};
pub(crate) use inline::{body_images, decoded};

use crate::diagnostics::Diagnostics;
use crate::load::frontmatter::{locate, Step};
use crate::model::{Attachment, Portal, PublicData, Report};
use crate::say;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The largest attachment accepted unless `max_attachment_mb` says
/// otherwise: readers download it on phones.
pub(crate) const DEFAULT_LIMIT_MB: u32 = 20;

/// What a photo may hold before it is decoded: 100 million pixels (a
/// 108-megapixel phone's photo is just past it). A file declaring more is
/// refused from its header alone, so a small file cannot make the build
/// allocate gigabytes.
pub(crate) const PIXEL_BUDGET: u64 = 100_000_000;

/// Photos are published at most this wide: a page is read on phones.
pub(crate) const MAX_WIDTH: u32 = 1600;

/// A document's text by place (第3段, 第2页), for the personal data check.
pub(crate) type Text = Vec<(String, String)>;

/// What cleaning a document gives: the clean copy, its text, and what a
/// reviewer should look at by hand (a scan whose text cannot be read).
pub(crate) type Cleaning = Result<(Vec<u8>, Text, Vec<String>), String>;

/// Clean copies kept between runs of watch mode, by source file: a copy
/// is made again only when its file's size or modification time changes.
#[derive(Default)]
pub struct Cache {
    entries: Mutex<HashMap<PathBuf, CacheEntry>>,
    /// Per report: whether its files ask for any attachment at all. Most
    /// do not; watch mode reads again only the reports that changed.
    asking: Mutex<HashMap<String, bool>>,
    /// The size limit the entries were made under: a new limit (an edited
    /// `max_attachment_mb`) decides every file again.
    limit: Mutex<u64>,
}

/// A cleaning (or its refusal) and the stamp of the file it was made from.
type CacheEntry = (Stamp, Result<Arc<Cleaned>, String>);

type Stamp = (Option<std::time::SystemTime>, u64);

impl Cache {
    fn get_or_clean(&self, source: &Path, limit: u64) -> Result<Arc<Cleaned>, String> {
        let stamp = std::fs::metadata(source)
            .map(|m| (m.modified().ok(), m.len()))
            .unwrap_or((None, 0));
        if let Some((old, result)) = self.entries.lock().unwrap().get(source) {
            if *old == stamp && stamp.0.is_some() {
                return result.clone();
            }
        }
        let name = source.to_string_lossy();
        let kind = Kind::of(&name).ok_or_else(|| refused_type(&name))?;
        // A file that cannot be read now (permissions, too large for the
        // limit) is not remembered: the next run reads it again.
        let bytes = crate::load::read_regular(source, limit, &say!("附件", "attachments"))?;
        let result = clean_bytes(&bytes, kind).map(Arc::new);
        self.entries
            .lock()
            .unwrap()
            .insert(source.to_path_buf(), (stamp, result.clone()));
        result
    }

    /// Forgets every copy made under another size limit.
    fn limit_to(&self, limit: u64) {
        let mut last = self.limit.lock().unwrap();
        if *last != limit {
            *last = limit;
            self.entries.lock().unwrap().clear();
        }
    }

    /// Forgets files no longer declared, so a long preview session does
    /// not hold every copy it ever made.
    fn retain(&self, live: &std::collections::HashSet<PathBuf>) {
        self.entries
            .lock()
            .unwrap()
            .retain(|path, _| live.contains(path));
    }
}

/// The clean copy of `bytes` read as `kind`. A panic in a decoder (on a
/// file made to cause one) is an error about that file, never a crash.
pub fn clean_bytes(bytes: &[u8], kind: Kind) -> Result<Cleaned, String> {
    std::panic::catch_unwind(|| clean_unguarded(bytes, kind)).unwrap_or_else(|_| {
        Err(say!(
            "这个文件已损坏，无法检查：用原来的软件打开后另存一份再附上",
            "this file is damaged and cannot be checked: open it and save a new copy"
        ))
    })
}

fn clean_unguarded(bytes: &[u8], kind: Kind) -> Result<Cleaned, String> {
    let bytes = bytes.to_vec();
    let mut warnings = Vec::new();
    let (bytes, dimensions, text) = match kind {
        Kind::Jpeg | Kind::Png | Kind::Webp => {
            let (bytes, size) = photo::clean(&bytes, kind)?;
            (bytes, Some(size), Vec::new())
        }
        Kind::Word | Kind::Excel | Kind::Ofd => {
            let (bytes, text, noted) = office::clean(&bytes, kind)?;
            warnings = noted;
            (bytes, None, text)
        }
        Kind::Pdf => {
            let (bytes, text, noted) = pdf::clean(&bytes)?;
            warnings = noted;
            (bytes, None, text)
        }
        Kind::OldWord | Kind::Wps | Kind::OldExcel | Kind::WpsSheet => {
            let (bytes, text, noted) = ole::clean(&bytes, kind)?;
            warnings = noted;
            (bytes, None, text)
        }
        Kind::Csv | Kind::Text => {
            // Published byte for byte, so it must not be a web page in
            // disguise (some browsers read a text file's markup as HTML).
            let head =
                String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
            if [
                "<html",
                "<script",
                "<svg",
                "<!doctype",
                "<iframe",
                "<body",
                "<object",
            ]
            .iter()
            .any(|tag| head.contains(tag))
            {
                return Err(say!(
                    "这个文本文件里是网页代码：网页会在读者的浏览器里运行，不能公开",
                    "this text file holds web page markup, which would run in a reader's browser: it is not published"
                ));
            }
            let text = crate::read::decode_text(&bytes)?;
            let lines = text
                .lines()
                .enumerate()
                .map(|(n, line)| (say!("第{}行", "line {}", n + 1), line.to_string()))
                .collect();
            (bytes, None, lines)
        }
    };
    Ok(Cleaned {
        kind,
        sha256: crate::model::sha256_hex(&bytes),
        bytes,
        dimensions,
        text,
        warnings,
    })
}

/// Why a file of this type is not published.
fn refused_type(name: &str) -> String {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let why = match extension.as_str() {
        "html" | "htm" | "svg" | "js" | "xhtml" | "xml" | "shtml" => say!(
            "网页、SVG 和脚本会在读者的浏览器里运行",
            "web pages, SVG and scripts run in a reader's browser"
        ),
        "exe" | "msi" | "bat" | "cmd" | "sh" | "apk" | "dll" | "com" | "scr" => {
            say!("程序不能放到公开网站上", "programs are never published")
        }
        "zip" | "rar" | "7z" | "gz" | "tar" | "tgz" | "bz2" | "xz" => say!(
            "压缩包里的内容无法检查：把里面的文件逐个附上",
            "what an archive holds cannot be checked: attach its files one by one"
        ),
        "" => say!("文件名没有扩展名", "the file name has no extension"),
        _ => say!("这种格式不能公开", "this type is not published"),
    };
    say!(
        "不能作为附件公开：{why}。可以附上的有 PDF、OFD、Word（doc、docx）、WPS（wps、et）、Excel（xls、xlsx）、CSV、TXT 和图片（jpg、png、webp）",
        "cannot be published as an attachment: {why}. Attachments may be PDF, OFD, Word (doc, docx), WPS (wps, et), Excel (xls, xlsx), CSV, TXT or images (jpg, png, webp)"
    )
}

/// One file a content file asks to publish, with where it was asked.
struct Request<'a> {
    /// The `.md` file that lists it, as shown in messages.
    md: &'a Path,
    line: usize,
    column: usize,
    /// How the message names it (`attachments 第1条 整改方案.docx`).
    name: String,
    written: String,
    /// Values this file declares public.
    public: Vec<&'a [PublicData]>,
    /// Pictures need a text alternative.
    alt: Option<String>,
    inline: bool,
    /// A picture pasted as HTML.
    raw: bool,
    /// A Markdown link to a file.
    link: bool,
}

/// Finds, checks and cleans every attachment of the portal, filling each
/// report's `attachments`. Returns what it found: a file that cannot be
/// published safely is an error, never a warning (the one warning is a
/// picture pasted as HTML, which is not an attachment). `cache` keeps
/// clean copies between runs of watch mode; `changed` names the reports
/// whose files changed since the last run (`None`: any may have).
pub fn prepare(
    portal: &mut Portal,
    cache: &Cache,
    changed: Option<&std::collections::BTreeSet<String>>,
) -> Diagnostics {
    let limit_mb = portal
        .config
        .max_attachment_mb
        .unwrap_or(DEFAULT_LIMIT_MB)
        .max(1);
    let limit = u64::from(limit_mb) * 1024 * 1024;
    cache.limit_to(limit);
    let allowed = crate::validate::personal::check::portal_allowed(&portal.config);
    let mut diags = Diagnostics::default();
    let mut live = std::collections::HashSet::new();
    // Most reports ask for nothing: those are found on every core, so a
    // large portal's save is not held up reading every body on one.
    let asking: Vec<bool> = {
        let known = cache.asking.lock().unwrap();
        let known = &*known;
        portal
            .reports
            .par_iter()
            .map(|report| match (changed, known.get(&report.slug)) {
                (Some(changed), Some(&asking)) if !changed.contains(&report.slug) => asking,
                _ => asks_for_files(report),
            })
            .collect()
    };
    *cache.asking.lock().unwrap() = portal
        .reports
        .iter()
        .zip(&asking)
        .map(|(report, &asking)| (report.slug.clone(), asking))
        .collect();
    for (report, asking) in portal.reports.iter_mut().zip(asking) {
        let requests = if asking { requests(report) } else { Vec::new() };
        if requests.is_empty() {
            report.attachments.clear();
            continue;
        }
        let folder = report.path.parent().unwrap_or(Path::new("")).to_path_buf();
        let resolved: Vec<Result<(PathBuf, String), String>> = requests
            .iter()
            .map(|r| resolve(r.md, &r.written, &folder))
            .collect();
        let cleaned: Vec<Option<Result<Arc<Cleaned>, String>>> = requests
            .par_iter()
            .zip(&resolved)
            .map(|(request, found)| {
                let (source, _) = found.as_ref().ok()?;
                let kind = Kind::of(&request.written)?;
                if request.inline && !kind.is_image() || request.link {
                    return None;
                }
                Some(cache.get_or_clean(source, limit))
            })
            .collect();
        let mut published = BTreeMap::new();
        // Each file once per list: the first place it is listed.
        let mut listed: HashMap<(&Path, String), String> = HashMap::new();
        for ((request, found), cleaned) in requests.iter().zip(resolved).zip(cleaned) {
            if request.link {
                diags.error(
                    request.md,
                    request.line,
                    request.column,
                    format!(
                        "{}：{}",
                        request.name,
                        say!(
                            "正文里的链接不会把文件带到网站上（读者点开是坏链接），文件也不会被检查：把它写进 `attachments:`，网页上会列出，并去掉这个链接",
                            "a link in the text does not publish the file (readers would find a dead link) and the file is not checked: list it under `attachments:`, where the page shows it, and remove the link"
                        )
                    ),
                );
                continue;
            }
            if request.raw {
                // Pasted HTML: the cleaner keeps it only with an address
                // inside the site, and nothing is cleaned or checked.
                diags.warning(
                    request.md,
                    request.line,
                    request.column,
                    say!(
                        "正文里用 HTML 的 <img> 插的图不经过清理和检查，多半也显示不出来：改写成 ![图片说明](文件名.jpg)，图片放在这个 .md 文件旁边",
                        "an image placed with HTML <img> is neither cleaned nor checked, and one from elsewhere is not shown: write ![what it shows](file.jpg), with the file in the report folder"
                    ),
                );
                continue;
            }
            let mut emit = |warning: bool, message: String| {
                let message = format!("{}：{message}", request.name);
                if warning {
                    diags.warning(request.md, request.line, request.column, message)
                } else {
                    diags.error(request.md, request.line, request.column, message)
                }
            };
            let (source, rel) = match found {
                Ok(found) => found,
                Err(message) => {
                    emit(false, message);
                    continue;
                }
            };
            live.insert(source.clone());
            if !request.inline {
                match listed.get(&(request.md, rel.clone())) {
                    Some(first) => emit(
                        true,
                        say!(
                            "和{first}是同一个文件，网页上会列出两次：删去重复的一条",
                            "the same file as {first}, listed twice on the page: remove one"
                        ),
                    ),
                    None => {
                        let first = request
                            .name
                            .split(' ')
                            .take(2)
                            .collect::<Vec<_>>()
                            .join(" ");
                        listed.insert((request.md, rel.clone()), first);
                    }
                }
            }
            let Some(kind) = Kind::of(&request.written) else {
                emit(false, refused_type(&request.written));
                continue;
            };
            if request.inline && !kind.is_image() {
                emit(false, say!(
                    "正文里只能插入图片（jpg、png、webp）；文档请写在 `attachments:` 里",
                    "only images (jpg, png, webp) may be shown in the text; list documents under `attachments:`"
                ));
                continue;
            }
            if kind.is_image()
                && request
                    .alt
                    .as_deref()
                    .is_none_or(|alt| alt.trim().is_empty())
            {
                let written_empty = request.alt.is_some() && !request.inline;
                emit(
                    false,
                    if written_empty {
                        say!(
                            "`alt:` 是空的：用一句话说明照片里是什么（如：整改后畅通的消防通道），给看不见图片的读者读；`title` 是图片下面的标题，代替不了它",
                            "`alt:` is empty: say in a sentence what the photo shows, for readers who cannot see it; `title` is the caption and does not replace it"
                        )
                    } else if request.inline {
                        say!(
                        "图片要有文字说明，写在方括号里：![说明图片内容](文件名.jpg)，给看不见图片的读者读",
                        "an image needs a description in the brackets: ![what it shows](file.jpg), for readers who cannot see it"
                    )
                    } else {
                        say!(
                        "图片要写 `alt:`，用一句话说明图片内容（如：整改后的消防通道），给看不见图片的读者读",
                        "an image needs `alt:`, a sentence saying what it shows, for readers who cannot see it"
                    )
                    },
                );
            }
            let cleaned = match cleaned {
                Some(Ok(cleaned)) => cleaned,
                Some(Err(message)) => {
                    emit(false, message);
                    continue;
                }
                None => continue,
            };
            for warning in &cleaned.warnings {
                emit(true, warning.clone());
            }
            let mut allowed = allowed.clone();
            for list in &request.public {
                allowed.extend(crate::validate::personal::check::declared(list));
            }
            // The file's name becomes part of its address.
            for finding in crate::validate::personal::find(&crate::model::reading::as_read(&rel)) {
                if !allowed.contains(&crate::validate::personal::check::key(&finding.value)) {
                    emit(false, say!(
                        "文件名里有个人信息：{}（{}）会成为网址公开；给文件改个名字",
                        "the file name holds personal data: a {} ({}) would be published in its address; rename the file",
                        finding.kind,
                        finding.masked()
                    ));
                }
            }
            for (place, text) in &cleaned.text {
                for finding in crate::validate::personal::find(text) {
                    if allowed.contains(&crate::validate::personal::check::key(&finding.value)) {
                        continue;
                    }
                    emit(false, say!(
                        "{place}有个人信息：{}（{}）会随附件公开；在原文件里删掉它再附上，或者确属依法公开的，写进 `public_data:` 并注明理由",
                        "{place} holds personal data: a {} ({}) would be published with the attachment; remove it from the file, or if it is legally public declare it under `public_data:` with the reason",
                        finding.kind,
                        finding.masked()
                    ));
                }
            }
            published.insert(
                rel.clone(),
                Arc::new(Prepared {
                    output: crate::output::attachment(&report.slug, &rel),
                    rel,
                    cleaned,
                }),
            );
        }
        report.attachments = published;
    }
    cache.retain(&live);
    diags
}

/// Every attachment a report's files ask for, in file order: the lists
/// under `attachments:` and the images in the Markdown bodies.
fn requests(report: &Report) -> Vec<Request<'_>> {
    let mut requests = Vec::new();
    add_listed(
        &mut requests,
        &report.path,
        report.yaml_first_line,
        &report.yaml,
        &report.meta.attachments,
        vec![&report.meta.public_data],
    );
    add_inline(
        &mut requests,
        &report.path,
        (report.yaml_first_line, &report.yaml),
        &report.intro,
        vec![&report.meta.public_data],
    );
    for issue in &report.issues {
        let public = vec![
            report.meta.public_data.as_slice(),
            issue.meta.public_data.as_slice(),
        ];
        add_listed(
            &mut requests,
            &issue.path,
            issue.yaml_first_line,
            &issue.yaml,
            &issue.meta.attachments,
            public.clone(),
        );
        add_inline(
            &mut requests,
            &issue.path,
            (issue.yaml_first_line, &issue.yaml),
            &issue.body,
            public,
        );
    }
    requests
}

/// Whether any file of a report lists an attachment or may show one.
fn asks_for_files(report: &Report) -> bool {
    !report.meta.attachments.is_empty()
        || crate::model::may_show_files(&report.intro)
        || report.issues.iter().any(|issue| {
            !issue.meta.attachments.is_empty() || crate::model::may_show_files(&issue.body)
        })
}

/// The line a Markdown body starts on: after the front matter's closing
/// `---`.
fn body_first_line(yaml_first_line: usize, yaml: &str) -> usize {
    yaml_first_line + yaml.lines().count() + 1
}

fn add_listed<'a>(
    requests: &mut Vec<Request<'a>>,
    md: &'a Path,
    first_line: usize,
    yaml: &str,
    list: &'a [Attachment],
    public: Vec<&'a [PublicData]>,
) {
    for (i, attachment) in list.iter().enumerate() {
        let (line, column) = locate(
            yaml,
            &[Step::Key("attachments"), Step::Index(i), Step::Key("file")],
        );
        requests.push(Request {
            md,
            line: first_line + line - 1,
            column,
            name: say!(
                "attachments 第{}条 {}",
                "attachments[{}] {}",
                i + 1,
                attachment.file.trim()
            ),
            written: attachment.file.clone(),
            public: public.clone(),
            alt: attachment.alt.clone(),
            inline: false,
            raw: false,
            link: false,
        });
    }
}

fn add_inline<'a>(
    requests: &mut Vec<Request<'a>>,
    md: &'a Path,
    (yaml_first_line, yaml): (usize, &str),
    body: &'a str,
    public: Vec<&'a [PublicData]>,
) {
    let images = body_images(body);
    if images.is_empty() {
        return;
    }
    let first_line = body_first_line(yaml_first_line, yaml);
    for image in images {
        let line = first_line + body[..image.offset].matches('\n').count();
        let column = body[..image.offset]
            .rsplit('\n')
            .next()
            .map_or(0, |s| s.chars().count())
            + 1;
        requests.push(Request {
            md,
            line,
            column,
            name: if image.link {
                say!("正文链接 {}", "link {}", image.dest)
            } else {
                say!("正文图片 {}", "image {}", image.dest)
            },
            written: image.dest,
            public: public.clone(),
            alt: Some(image.alt),
            inline: true,
            raw: image.raw,
            link: image.link,
        });
    }
}

/// Where a declared file is: its path on disk and inside the report
/// folder. Refuses paths that leave the folder, by `..`, by being absolute
/// or by a link, and web addresses (a page loads nothing from elsewhere).
pub(crate) fn resolve(
    md: &Path,
    written: &str,
    folder: &Path,
) -> Result<(PathBuf, String), String> {
    let written = written.trim().replace('\\', "/");
    if written.is_empty() {
        return Err(say!(
            "没有写文件名：写附件的文件名，如 整改方案.pdf",
            "no file name: write the attachment's file name, such as plan.pdf"
        ));
    }
    if written.starts_with("//") {
        return Err(say!(
            "要写相对路径（相对这个 .md 文件），不能写 `{written}` 这样的网络路径：把文件复制进报告文件夹，写它的文件名",
            "write a path relative to this .md file, not a network path like `{written}`: copy the file into the report folder and write its name"
        ));
    }
    let lower = written.to_ascii_lowercase();
    if lower.starts_with("http:")
        || lower.starts_with("https:")
        || lower.starts_with("//")
        || lower.contains("://")
    {
        return Err(say!(
            "这是一个网址：网站不从别处加载任何东西。把文件下载下来放进报告文件夹，再写它的文件名",
            "this is a web address: the site loads nothing from elsewhere. Put the file in the report folder and write its name"
        ));
    }
    let drive = written.as_bytes().get(1) == Some(&b':');
    if written.starts_with('/') || drive {
        return Err(say!(
            "要写相对路径（相对这个 .md 文件），不能写 `{written}` 这样的完整路径：把文件放进报告文件夹，写它的文件名",
            "write a path relative to this .md file, not a full path like `{written}`: put the file in the report folder and write its name"
        ));
    }
    if written.split('/').any(|part| part == "..") {
        return Err(say!(
            "路径里不能有 `..`：附件要放在这个 .md 文件所在的文件夹（或它的子文件夹）里，写从那里开始的路径",
            "the path may not contain `..`: keep attachments in this .md file's folder (or below it) and write the path from there"
        ));
    }
    if let Some(hidden) = written
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .find(|part| crate::load::is_ignored(part))
    {
        return Err(say!(
            "`{hidden}` 以 . 或 # 开头（或是备份、临时文件）：这样的文件和文件夹预览时看不到改动，换个名字",
            "`{hidden}` is named like a hidden, backup or temporary file, whose changes the preview does not see: rename it"
        ));
    }
    let dir = md.parent().unwrap_or(Path::new(""));
    let source = dir.join(&written);
    let rel = rel_path(md, &written, folder);
    match std::fs::symlink_metadata(&source) {
        Err(_) => {
            let folder_of = source.parent().unwrap_or(dir);
            return Err(match look_alike(&written, dir, folder) {
                Some(found) => say!(
                    "找不到文件 `{}`；报告文件夹里有 `{}`，是不是要写这个？（路径从这个 .md 文件所在的文件夹算起，大小写也要一致）",
                    "file `{}` not found; the report folder has `{}`: is that the one? (paths start from this .md file's folder, and case matters)",
                    written,
                    found
                ),
                None => say!(
                    "找不到文件 `{}`：把它放进 {} 文件夹，或者改正文件名（大小写也要一致）",
                    "file `{}` not found: put it in the folder {} or correct the name (case matters)",
                    written,
                    folder_of.display()
                ),
            });
        }
        Ok(meta) if meta.is_dir() => {
            return Err(say!(
                "`{written}` 是一个文件夹：附件要写到具体的文件",
                "`{written}` is a folder: name a file"
            ))
        }
        Ok(_) => {}
    }
    let (Ok(real), Ok(real_folder)) = (source.canonicalize(), folder.canonicalize()) else {
        return Err(say!(
            "`{written}` 是一个断了的链接",
            "`{written}` is a broken link"
        ));
    };
    if !real.starts_with(&real_folder) {
        return Err(say!(
            "`{written}` 是指向报告文件夹外面的链接：把文件本身复制进报告文件夹",
            "`{written}` links outside the report folder: copy the file itself into the folder"
        ));
    }
    // The file read is the one checked: a link swapped in between cannot
    // lead out of the folder.
    Ok((real, rel))
}

/// A file in the report folder with the name `written` ends in, whatever
/// its case, written as the `.md` file in `dir` would reach it: for
/// "not found" to say what was probably meant.
fn look_alike(written: &str, dir: &Path, folder: &Path) -> Option<String> {
    let name = written.rsplit('/').next()?.to_lowercase();
    walkdir::WalkDir::new(folder)
        .max_depth(6)
        .into_iter()
        .filter_map(Result::ok)
        .take(10_000)
        .find(|e| e.file_type().is_file() && e.file_name().to_string_lossy().to_lowercase() == name)
        .map(|e| match e.path().strip_prefix(dir) {
            Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
            Err(_) => e.path().to_string_lossy().into_owned(),
        })
}

/// Where a file written in `md` sits inside the report folder `folder`
/// (`issues/照片/通道.jpg`): the key of `Report::attachments`.
pub(crate) fn rel_path(md: &Path, written: &str, folder: &Path) -> String {
    let dir = md.parent().unwrap_or(Path::new(""));
    let inside = dir.strip_prefix(folder).unwrap_or(Path::new(""));
    let mut rel: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    rel.extend(
        written
            .trim()
            .replace('\\', "/")
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .map(str::to_string),
    );
    rel.join("/")
}
