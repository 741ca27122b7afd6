//! The content model: plain data read from `portal.yaml`, each report's
//! `report.md` and each problem's issue file. Field names are the YAML keys
//! staff write, so these types double as the file-format reference.

mod attachment;
mod date;
mod hash;
pub mod reading;
mod text;
pub mod words;
mod yaml;

pub(crate) use attachment::{has_img_tag, may_show_files};
pub use attachment::{Cleaned, Kind, Prepared};
pub(crate) use date::{civil_from_days, day_number, Date, DateTime};
pub(crate) use hash::{fnv1a32, fnv1a64, sha256_hex};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
pub use text::{base_url, check_slug, markup_depth, MARKUP_LIMIT};
pub(crate) use text::{chinese_number, normalize_doc_number, normalize_title, regulation_key};
pub(crate) use yaml::yaml_scalar;

/// How every placeholder the importer writes begins: （请填写发布日期）.
/// `load` refuses any file that still holds one, so a fact the notice did
/// not state is never published as if it had.
pub const PLACEHOLDER: &str = "（请填写";

/// How the importer marks a status it inferred from a problem's words
/// (`status: done  # 推断自…，请核对`): a guess, so `check` refuses it
/// until a person has compared it with the notice and deleted the mark.
pub const INFERRED_MARK: &str = "# 推断自";

/// The title `zhenggai new` writes: a placeholder too, so a problem file
/// added and never filled in is refused rather than published.
pub(crate) const NEW_TITLE: &str = "（请填写问题标题）";

/// `content/portal.yaml`: what every page of the portal shares.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PortalConfig {
    /// Site name, shown in every header and in the SiteName meta tag.
    pub name: String,
    /// The publishing body (发布单位).
    pub publisher: String,
    /// Absolute URL the site is deployed at; used only for feeds, the
    /// sitemap and the 404 page, never for links between pages. Normalised
    /// by [`base_url`] when loaded.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Optional one-paragraph introduction for the home page (Markdown).
    #[serde(default)]
    pub description: Option<String>,
    /// Where the public sends feedback unless a report names its own contact.
    pub contact: Contact,
    /// Numbers and addresses that look personal but are legally public
    /// (a hotline, a company's registration number), anywhere in the portal.
    #[serde(default)]
    pub public_data: Vec<PublicData>,
    /// What a government website shows in its footer (政府网站发展指引).
    #[serde(default)]
    pub identifiers: Identifiers,
    /// The largest attachment accepted, in megabytes (20 when absent):
    /// readers on phones download it.
    #[serde(default)]
    pub max_attachment_mb: Option<u32>,
}

/// A government website's identifiers, each optional, each checked for
/// its shape when given (`validate::identifiers`).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Identifiers {
    /// 主办单位 (defaults to `publisher` in the footer).
    #[serde(default)]
    pub host: Option<String>,
    /// 承办单位.
    #[serde(default)]
    pub organizer: Option<String>,
    /// 网站标识码: ten characters (a region code and a number, or two
    /// letters and eight digits for a ministry).
    #[serde(default)]
    pub site_code: Option<String>,
    /// ICP备案号: 浙ICP备12345678号-1.
    #[serde(default)]
    pub icp: Option<String>,
    /// 公安机关备案号: 浙公网安备33108102000123号.
    #[serde(default)]
    pub police: Option<String>,
    /// The 党政机关网站 mark: an image the unit puts in `theme/static/`
    /// (never fetched from elsewhere).
    #[serde(default)]
    pub party_mark: Option<String>,
}

/// A value that looks like personal data but may be published, with the
/// reason a reviewer reads (`check` lists every one).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PublicData {
    pub value: String,
    pub reason: String,
}

/// The feedback contact block every notice ends with.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Postal address (邮寄地址).
    #[serde(default)]
    pub address: Option<String>,
    /// Postcode (邮编); a string so that leading zeros survive.
    #[serde(default)]
    pub postcode: Option<String>,
    /// What to write and when (e.g. 工作日 8:30–17:00); plain text.
    #[serde(default)]
    pub note: Option<String>,
}

/// The front matter of `report.md`: one inspection's rectification notice.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    pub title: String,
    /// The inspected unit (被巡察单位).
    pub unit: String,
    /// Who released the notice (来源), e.g. 市委巡察办.
    pub source: String,
    pub published: DateTime,
    /// The notice's document number (文号), when it has one.
    #[serde(default)]
    pub document_number: Option<String>,
    /// The date progress is stated at; "overdue" is measured against it.
    /// Defaults to the publication date.
    #[serde(default)]
    pub as_of: Option<Date>,
    pub inspection: Inspection,
    /// The areas (一、二、三、) in the order the notice gives them.
    pub areas: Vec<Area>,
    /// The figures the notice itself states; `check` compares them with
    /// what the issue files add up to.
    #[serde(default)]
    pub declared: Declared,
    /// People held accountable, by kind, as the notice states them.
    #[serde(default)]
    pub accountability: Vec<AccountabilityFigure>,
    /// Economic losses recovered (挽回经济损失), in yuan.
    #[serde(default)]
    pub recovered_yuan: Option<f64>,
    /// Money figures by kind (追缴资金, 清退资金, 挽回经济损失 …) in the unit
    /// the notice writes, so that 12.34万元 stays exactly what was published.
    #[serde(default)]
    pub funds: Vec<Fund>,
    /// A contact for this report, replacing the portal's.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Values in this notice that look personal but are public.
    #[serde(default)]
    pub public_data: Vec<PublicData>,
    /// The closing paragraphs (Markdown); the body of the file is the
    /// introduction.
    #[serde(default)]
    pub closing: Option<String>,
    /// The earlier report (its folder name) that this notice follows up
    /// (持续整改, 整改总结): its problems may then say which of that
    /// report's problems they continue.
    #[serde(default)]
    pub follows: Option<String>,
    /// Documents and photos published with the notice (the notice itself
    /// as a PDF, a plan); see [`Attachment`].
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A file published beside a page (附件): evidence that a rectification
/// happened. The published copy is made anew without the metadata a
/// document carries unseen (see `crate::attachments`). A list item may
/// also be just the file (`- 附件/整改方案.pdf`), as clerks write it.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    /// Relative to the `.md` file that lists it, inside its report folder.
    pub file: String,
    /// What the page calls it; the file name without its extension when
    /// absent.
    #[serde(default)]
    pub title: Option<String>,
    /// What a photo shows, for readers who cannot see it (required for
    /// images).
    #[serde(default)]
    pub alt: Option<String>,
}

/// [`Attachment`] as written in full.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttachmentFields {
    file: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    alt: Option<String>,
}

impl<'de> Deserialize<'de> for Attachment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Attachment, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Attachment;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a file name, or `file:` with `title:` and `alt:`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Attachment, E> {
                Ok(Attachment {
                    file: v.to_string(),
                    title: None,
                    alt: None,
                })
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                map: M,
            ) -> Result<Attachment, M::Error> {
                let fields = AttachmentFields::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(Attachment {
                    file: fields.file,
                    title: fields.title,
                    alt: fields.alt,
                })
            }
        }
        d.deserialize_any(Either)
    }
}

/// Who inspected, when, and when they reported back.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// The inspection team (巡察组).
    pub team: String,
    pub start: Date,
    pub end: Date,
    /// The day the findings were handed over (反馈).
    pub feedback: Date,
}

/// One area (一、…方面) and its groups in order.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub title: String,
    pub groups: Vec<Group>,
}

/// One group ((一) 关于"…"问题): either a problem itself or the parent of
/// numbered sub-problems.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub title: String,
}

/// Totals as printed in the notice. Every field is optional: notices state
/// different subsets, and each counts what the notice counts (a 整改任务 is
/// not a 问题, so the two are kept apart rather than relabelled).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Declared {
    /// 问题总数.
    pub problems: Option<u32>,
    /// The word the notice counts problems in (问题, 具体问题, 整改任务 …);
    /// absent means 问题. Status counts below count the same things.
    #[serde(default)]
    pub problem_word: Option<String>,
    /// 整改任务 / 整改措施, when stated beside the problem count.
    #[serde(default)]
    pub tasks: Option<u32>,
    /// The number of areas (方面, 大项) the notice states.
    #[serde(default)]
    pub areas: Option<u32>,
    /// 需长期坚持: problems whose rectification is ongoing by nature.
    #[serde(default)]
    pub long_term: Option<u32>,
    /// 已完成.
    pub done: Option<u32>,
    /// 基本完成.
    pub basically_done: Option<u32>,
    /// 正在整改.
    pub in_progress: Option<u32>,
    /// 未完成: everything neither done nor basically done.
    pub unfinished: Option<u32>,
    /// 建立规章制度 (count of newly established regulations).
    pub regulations_established: Option<u32>,
    /// 完善规章制度 (count of revised regulations).
    pub regulations_revised: Option<u32>,
    /// One combined count where the notice gives only that (制定及完善制度 15项).
    #[serde(default)]
    pub regulations: Option<u32>,
    /// Why a figure of the notice itself differs from what its problem
    /// files add up to, by key (`problems: 通报正文逐项列出34个…`): a count
    /// that does not add up is refused unless its reason is written here.
    #[serde(default)]
    pub reasons: std::collections::BTreeMap<String, String>,
}

impl Declared {
    /// The word problems are counted in, 问题 unless the notice says otherwise.
    pub(crate) fn word(&self) -> &str {
        self.problem_word.as_deref().unwrap_or("问题")
    }
}

/// A money figure as published: kind, amount and unit exactly as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fund {
    /// 追缴资金, 清退资金, 挽回经济损失 …
    pub kind: String,
    /// The amount as written (a decimal number: 12.34), kept as text so
    /// that no rounding ever changes a published figure.
    pub amount: String,
    /// 元, 万元 or 亿元.
    pub unit: String,
}

/// One accountability line of the notice, e.g. 诫勉谈话 3人.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AccountabilityFigure {
    pub kind: String,
    /// The count (of people unless `unit` says otherwise).
    pub people: u32,
    /// 人, 人次, 件 or 起 as the notice writes it; absent means 人.
    #[serde(default)]
    pub unit: Option<String>,
}

/// Rectification status of one problem. Files may use the English key or
/// the Chinese word staff know (已完成, 基本完成, 整改中, 未完成).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Done,
    BasicallyDone,
    InProgress,
    NotDone,
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Status, D::Error> {
        d.deserialize_any(TextVisitor(
            |s| words::status_words(s).map(|(status, _)| status),
            "a status",
        ))
    }
}

impl TryFrom<String> for Status {
    type Error = String;
    fn try_from(text: String) -> Result<Status, String> {
        match text.trim() {
            // The words notices and ledgers use for each, synonyms included.
            "done" | "已完成" | "完成" | "整改完成" | "已整改" | "已整改到位" | "已销号" | "已完成整改" => {
                Ok(Status::Done)
            }
            "basically_done" | "基本完成" => Ok(Status::BasicallyDone),
            "in_progress" | "整改中" | "正在整改" | "正在整改中" | "推进中" | "持续推进" | "持续整改" | "正在推进" => {
                Ok(Status::InProgress)
            }
            "not_done" | "未完成" | "未整改" => Ok(Status::NotDone),
            other => Err(crate::say!(
                "不认识的整改状态“{other}”：写 已完成、基本完成、整改中 或 未完成（也可写 done、basically_done、in_progress、not_done）",
                "unknown status `{other}`; use done, basically_done, in_progress or not_done (已完成, 基本完成, 整改中, 未完成)"
            )),
        }
    }
}

impl Status {
    /// Every status in display order.
    pub(crate) const ALL: [Status; 4] = [
        Status::Done,
        Status::BasicallyDone,
        Status::InProgress,
        Status::NotDone,
    ];

    /// The word the public reads on the status tag.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::Done => "已完成",
            Status::BasicallyDone => "基本完成",
            Status::InProgress => "整改中",
            Status::NotDone => "未完成",
        }
    }

    /// The key used in files, CSS classes and data.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::BasicallyDone => "basically_done",
            Status::InProgress => "in_progress",
            Status::NotDone => "not_done",
        }
    }

    /// Whether the problem still needs work (counts toward 未完成).
    pub(crate) fn is_open(self) -> bool {
        matches!(self, Status::InProgress | Status::NotDone)
    }
}

/// The front matter of one issue file: a single problem and its fix.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IssueMeta {
    /// 1-based position of the area in the report's `areas`.
    pub area: u32,
    /// 1-based position of the group within that area.
    pub group: u32,
    /// Position of the sub-problem in the group; omitted where the group
    /// is itself the problem.
    #[serde(default)]
    pub number: Option<u32>,
    /// The problem as the inspection stated it. Defaults to the group's
    /// title when the group is the problem.
    #[serde(default)]
    pub title: Option<String>,
    pub status: Status,
    /// Tasks the notice says continue indefinitely (长期坚持).
    #[serde(default)]
    pub long_term: bool,
    /// 长期坚持 here is read as `long_term` (by the loader), 立行立改 as
    /// no deadline: clerks write both where the date goes.
    #[serde(default, deserialize_with = "deadline_field")]
    pub deadline: Option<Date>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub regulations: Vec<RegulationRef>,
    /// Whether people were held accountable (对相关责任人员问责); absent
    /// where the notice does not say, so the page says nothing either.
    #[serde(default)]
    pub accountability: Option<bool>,
    /// Dated changes of status, oldest first; the last one is the current
    /// status (and must agree with `status`).
    #[serde(default)]
    pub history: Vec<StatusChange>,
    /// Revisions of `deadline` (which stays the original), oldest first,
    /// each with its reason: pages show them all, and "overdue" is
    /// measured against the last.
    #[serde(default)]
    pub deadline_changes: Vec<DeadlineChange>,
    /// The problem of the followed report that this one continues, as
    /// `<report folder>/<issue file name>`.
    #[serde(default)]
    pub continues: Option<String>,
    /// The unit or department responsible (责任单位, 牵头部门): an
    /// institution, published. Ledgers name responsible people too; they
    /// are never imported.
    #[serde(default)]
    pub department: Option<String>,
    /// When a problem not among the notice's was added (by a ledger
    /// update, or by hand): it is shown as added, and the notice's own
    /// figures are compared without it.
    #[serde(default)]
    pub added: Option<Date>,
    /// Values in this file that look personal but are public.
    #[serde(default)]
    pub public_data: Vec<PublicData>,
    /// Documents and photos that prove the rectification.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// One dated change of a problem's status.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub date: Date,
    pub status: Status,
    /// What changed, in a few words.
    #[serde(default)]
    pub note: Option<String>,
}

/// A deadline moved: when, to what, and why.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineChange {
    /// When the deadline was changed.
    pub date: Date,
    /// The new deadline.
    pub deadline: Date,
    /// Why it moved; required, as a moved target is shown with its reason
    /// (an absent one is refused by validation, with the file's other
    /// mistakes, rather than stopping the parse).
    #[serde(default)]
    pub reason: String,
}

/// One rectification measure (一是…, 二是…).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// When it happened, as precisely as the notice says; absent for
    /// standing commitments.
    #[serde(default)]
    pub date: Option<Date>,
    /// Shared with the page's view ([`crate::derive`]): watch mode holds
    /// both, and the measures are most of a large portal's text.
    pub text: std::sync::Arc<str>,
}

/// A regulation or document that a problem's rectification produced.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegulationRef {
    /// Document number (文号) such as 温应急[2023]19号; any bracket style.
    #[serde(default)]
    pub number: Option<String>,
    /// Title without the 《》.
    pub title: String,
    #[serde(default)]
    pub issued: Option<Date>,
    pub kind: RegulationKind,
}

/// Whether a document created a rule, revised one, or is another document
/// (notice, circular) that the measures cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegulationKind {
    Established,
    Revised,
    Document,
}

impl<'de> Deserialize<'de> for RegulationKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RegulationKind, D::Error> {
        d.deserialize_str(TextVisitor(
            |s| RegulationKind::try_from(s.to_string()),
            "a regulation kind",
        ))
    }
}

/// Reads a scalar (a keyword, a date; a number as its digits) and converts
/// it inside the visitor, so that a bad value is reported at its own line
/// and column rather than its mapping's. The second field says what was
/// expected, for serde's type errors.
/// An issue's `deadline` as [`Date::read_deadline`] reads it.
fn deadline_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    d.deserialize_any(TextVisitor(
        Date::read_deadline,
        "a deadline such as 2024-06-30",
    ))
}

struct TextVisitor<T>(fn(&str) -> Result<T, String>, &'static str);

impl<T> serde::de::Visitor<'_> for TextVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<T, E> {
        // 2023.10 reaches here as 2023.1: the digits as typed are lost.
        Err(E::custom(crate::say!(
            "这个日期被读成了小数 {v}（2024.10 会变成 2024.1）：写成 2024-10-31 或 2024年10月，或者给它加上引号",
            "“{v}” reads as a decimal number: write the date as 2023-10-31, or quote it"
        )))
    }
}

impl TryFrom<String> for RegulationKind {
    type Error = String;
    fn try_from(text: String) -> Result<RegulationKind, String> {
        match text.trim() {
            "established" | "建立" | "新建立" => Ok(RegulationKind::Established),
            "revised" | "完善" | "修订" => Ok(RegulationKind::Revised),
            "document" | "其他" | "其他文件" => Ok(RegulationKind::Document),
            other => Err(crate::say!(
                "不认识的制度类别“{other}”：写 established（新建立）、revised（完善修订）或 document（其他文件）",
                "unknown regulation kind `{other}`; use established, revised or document (建立, 完善, 其他)"
            )),
        }
    }
}

impl RegulationKind {
    /// The Chinese label shown in tables.
    pub(crate) fn label(self) -> &'static str {
        match self {
            RegulationKind::Established => "新建立",
            RegulationKind::Revised => "完善修订",
            RegulationKind::Document => "其他文件",
        }
    }

    /// The key used in data and CSS.
    pub(crate) fn key(self) -> &'static str {
        match self {
            RegulationKind::Established => "established",
            RegulationKind::Revised => "revised",
            RegulationKind::Document => "document",
        }
    }
}

/// A loaded problem: its front matter plus where it came from.
#[derive(Debug, Clone)]
pub struct Issue {
    /// File stem, used in the page's URL; stable across rebuilds.
    pub slug: String,
    /// The file, relative to the portal root, for error messages.
    pub path: PathBuf,
    pub meta: IssueMeta,
    /// The Markdown body, as written: shared with the page's view (watch
    /// mode holds both, a large portal's text would be there twice).
    /// Empty once `released`: the page reads it again from the file.
    pub body: std::sync::Arc<str>,
    /// Line in the file where the YAML front matter begins (1-based), so
    /// errors found after parsing can point at their key.
    pub yaml_first_line: usize,
    /// The front matter text, kept for locating keys in later errors.
    /// Empty once `released`: `validate::front_matter` reads it again.
    pub yaml: String,
    /// Set when `body` and `yaml` were let go once their report was
    /// checked (a one-shot build): see [`Released`].
    pub released: Option<Released>,
}

/// What stands for a problem's text let go once its report was checked
/// (`validate::Settled`). At a million problems the texts alone would
/// fill an office server's memory; read again from the file for the page
/// (the body) or for an error's position (the front matter), they are in
/// memory a report at a time.
#[derive(Debug, Clone, Copy)]
pub struct Released {
    /// The body's hash when it was checked: a file changed since is
    /// refused, never published unchecked.
    pub fingerprint: u64,
}

/// A loaded report with its problems in file order (sorted later).
#[derive(Debug, Clone)]
pub struct Report {
    /// Folder name under `content/reports/`; the report's URL.
    pub slug: String,
    pub path: PathBuf,
    pub meta: ReportMeta,
    /// The introduction (Markdown body of `report.md`).
    pub intro: String,
    pub issues: Vec<Issue>,
    pub yaml_first_line: usize,
    pub yaml: String,
    /// The published copies of this report's attachments, by their path
    /// inside the report folder (`issues/整改方案.docx`): filled in by
    /// `crate::attachments::prepare` after loading.
    pub attachments: std::collections::BTreeMap<String, std::sync::Arc<Prepared>>,
}

/// Everything read from a portal's `content/` folder.
#[derive(Debug, Clone)]
pub struct Portal {
    pub config: PortalConfig,
    /// Where `config` was read from, for messages.
    pub config_path: PathBuf,
    /// `portal.yaml` as written, searched for personal data.
    pub config_text: String,
    pub reports: Vec<Report>,
}
