//! Read: the forms staff hold a document in, turned into plain text lines
//! for the importer (a notice) and for the personal data check of
//! attachments: text in UTF-8 (or UTF-16 with a BOM) or GB18030/GBK, a Word or
//! WPS `.docx` (paragraphs in order, tables row by row, cells apart by
//! tabs), a Word 97 `.doc` or Word-compatible `.wps` ([`doc`]), a PDF's
//! text layer ([`pdf`]; the importer tidies it), and a saved web
//! page (the page's text without its scripts, menus, header and footer,
//! plus the title, date and source from its 指引 meta tags). A guess that
//! would give mojibake is an error instead.

pub(crate) mod doc;
pub(crate) mod pdf;

use std::cell::RefCell;

/// The signature of an OLE compound file (Word 97, WPS, encrypted Office).
pub(crate) const OLE: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

/// A saved web page's text. A page whose tags carry hundreds of
/// attributes is no page a site serves, and the HTML tokenizer's time
/// grows with their square: refused before it is read.
pub(crate) fn page_notice(bytes: &[u8]) -> Result<String, String> {
    let html = decode_html(bytes)?;
    let (_, attributes) = crate::model::markup_depth(&html);
    if attributes > crate::model::MARKUP_LIMIT {
        return Err(crate::say!(
            "这个网页里有一个标签带了 {attributes} 个属性，不像正常网站的页面（文件损坏或有问题）：重新保存网页，或者把正文复制到 .txt 文件再导入",
            "a tag in this page carries {attributes} attributes: not a page a site serves (damaged or hostile); save the page again or copy its text into a .txt file"
        ));
    }
    Ok(html_text(&html))
}

/// A Word 97 or Word-compatible WPS file's text.
pub fn doc_notice(bytes: &[u8]) -> Result<String, String> {
    doc::doc_text(bytes, "doc")
}

pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Text bytes: UTF-8 (a BOM allowed), UTF-16 with its BOM, else GB18030
/// (which covers GBK and GB2312) when that reads as Chinese.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return if had_errors {
            Err(crate::say!(
                "文件开头标着 {} 编码，内容却不是 {}：另存为 UTF-8 再导入",
                "the file starts with a {} byte-order mark but is not valid {}",
                encoding.name(),
                encoding.name()
            ))
        } else {
            Ok(text.into_owned())
        };
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text.to_string()),
        Err(e) => e,
    };
    let at = utf8_error.valid_up_to();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) if reads_as_chinese(&text) => Ok(text.into_owned()),
        _ => Err(crate::say!(
            "第 {line} 行：文件既不是 UTF-8 也不是 GBK/GB18030 编码（第 {} 个字节两种都读不了）：另存为 UTF-8 再导入",
            "line {line}: the file is neither UTF-8 nor GBK/GB18030 text (byte {} cannot be read as either); save it as UTF-8",
            at + 1
        )),
    }
}

/// Characters that make up a large share of any Chinese official text and
/// a small share of mojibake.
const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研量务火全快队北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞巡察组织责任纪监督检查问题整改落实制度情况通报反馈意见党委单位工作推进完成相关人员及时";

fn reads_as_chinese(text: &str) -> bool {
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
    {
        return false;
    }
    let han: Vec<char> = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c) || ('\u{3400}'..='\u{4DBF}').contains(c))
        .collect();
    if han.len() < 20 {
        // Too little to judge: accept only what has no rare characters.
        return han.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c));
    }
    let common = han.iter().filter(|c| COMMON.contains(**c)).count();
    common * 100 >= han.len() * 30
}

/// A saved page's bytes: UTF-8 if valid, else the charset its meta tag
/// declares, else GB18030 when that reads as Chinese.
fn decode_html(bytes: &[u8]) -> Result<String, String> {
    if let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        return Ok(text.to_string());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|at| {
        let label: String = head[at + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    if let Some(encoding) = declared {
        let (text, _, had_errors) = encoding.decode(bytes);
        // A single-byte charset (iso-8859-1, windows-1252) decodes any
        // bytes without an error: it is believed only when the bytes do
        // not read as Chinese in GBK, as a page saved by a Chinese browser
        // under a wrong declaration does.
        let doubted = encoding.is_single_byte() && !bytes.is_ascii() && decode_text(bytes).is_ok();
        if !had_errors && !doubted {
            return Ok(text.into_owned());
        }
    }
    decode_text(bytes)
}

/// Elements whose text is never the article's.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select", "button",
    "iframe", "svg", "template", "head", "object", "canvas", "video", "audio", "map",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "main",
    "dd",
    "dt",
    "dl",
    "blockquote",
    "pre",
    "hr",
    "center",
    "title",
    "caption",
    "figcaption",
    "address",
];

/// class or id words that mark page chrome.
fn is_chrome(attr: &str) -> bool {
    let a = attr.to_ascii_lowercase();
    [
        "nav",
        "menu",
        "footer",
        "header",
        "breadcrumb",
        "crumb",
        "share",
        "sidebar",
        "topbar",
        "copyright",
        "banner",
        "toolbar",
        "search",
        "login",
        "weizhi",
        "position",
        "location",
        "friendlink",
        "links",
        "bottom",
        "foot",
        "top-bar",
        "skip",
    ]
    .iter()
    .any(|w| {
        a.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|part| part == *w || (part.starts_with(w) && w.len() > 4))
    })
}

#[derive(Default)]
struct PageText {
    /// Open elements: (name, skipped, link).
    stack: Vec<(String, bool, bool)>,
    lines: Vec<String>,
    line: String,
    /// Characters of the current line inside and outside links.
    linked: usize,
    plain: usize,
    meta: Vec<(String, String)>,
    title: String,
    in_title: bool,
}

impl PageText {
    fn skipping(&self) -> bool {
        self.stack.iter().any(|e| e.1)
    }
    fn in_link(&self) -> bool {
        self.stack.iter().any(|e| e.2)
    }
    fn break_line(&mut self) {
        let line = self.line.trim().to_string();
        // A line that is all link text is a menu or a list of other pages.
        let all_links = self.linked > 0 && self.plain == 0;
        if !line.is_empty() && !all_links {
            self.lines.push(line);
        }
        self.line.clear();
        self.linked = 0;
        self.plain = 0;
    }
}

struct Sink(RefCell<PageText>);

impl html5ever::tokenizer::TokenSink for Sink {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        _line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::{states::RawKind, TagKind, Token, TokenSinkResult};
        let mut page = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                let attr = |key: &str| {
                    tag.attrs
                        .iter()
                        .find(|a| {
                            let local: &str = &a.name.local;
                            local.eq_ignore_ascii_case(key)
                        })
                        .map(|a| a.value.to_string())
                };
                if tag.kind == TagKind::StartTag {
                    if name == "meta" {
                        if let (Some(key), Some(value)) = (attr("name"), attr("content")) {
                            page.meta.push((key.to_ascii_lowercase(), value));
                        }
                    }
                    if BLOCKS.contains(&name.as_str()) || name == "td" || name == "th" {
                        if name == "td" || name == "th" {
                            page.line.push(' ');
                        } else {
                            page.break_line();
                        }
                    }
                    if name == "title" {
                        page.in_title = true;
                    }
                    const VOID: &[&str] = &[
                        "br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
                        "source", "wbr", "param", "track",
                    ];
                    if !VOID.contains(&name.as_str()) && !tag.self_closing {
                        let chrome = attr("class").is_some_and(|c| is_chrome(&c))
                            || attr("id").is_some_and(|c| is_chrome(&c))
                            || attr("role").is_some_and(|r| {
                                r == "navigation" || r == "banner" || r == "contentinfo"
                            })
                            || attr("hidden").is_some()
                            || attr("style")
                                .is_some_and(|s| s.replace(' ', "").contains("display:none"));
                        let skipped = SKIPPED.contains(&name.as_str()) || chrome;
                        page.stack.push((name.clone(), skipped, name == "a"));
                    }
                    match name.as_str() {
                        "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "noscript" | "iframe" | "xmp" => {
                            return TokenSinkResult::RawData(RawKind::Rawtext)
                        }
                        "textarea" | "title" => return TokenSinkResult::RawData(RawKind::Rcdata),
                        _ => {}
                    }
                } else {
                    if let Some(at) = page.stack.iter().rposition(|e| e.0 == name) {
                        page.stack.truncate(at);
                    }
                    if name == "title" {
                        page.in_title = false;
                    }
                    if BLOCKS.contains(&name.as_str()) {
                        page.break_line();
                    }
                }
            }
            Token::CharacterTokens(text) => {
                if page.in_title {
                    page.title.push_str(&text);
                } else if !page.skipping() {
                    let count = text.chars().filter(|c| c.is_alphanumeric()).count();
                    if page.in_link() {
                        page.linked += count;
                    } else {
                        page.plain += count;
                    }
                    for (i, part) in text.split('\n').enumerate() {
                        if i > 0 {
                            page.line.push(' ');
                        }
                        page.line.push_str(part);
                    }
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// A saved page's text: the 指引 meta tags as header lines, then the text
/// of the page outside scripts, menus, headers and footers, line by block.
pub fn html_text(html: &str) -> String {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(PageText::default())),
        TokenizerOpts::default(),
    );
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut page = tokenizer.sink.0.borrow_mut();
    page.break_line();
    let meta = |key: &str| {
        page.meta
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let mut out = String::new();
    // The page's own title, cut before the site's name (标题_某某网).
    let title = meta("articletitle").or_else(|| {
        let t = page.title.trim();
        let cut = t.find(['_', '|', '｜']).map_or(t, |at| &t[..at]).trim();
        (!cut.is_empty()).then(|| cut.to_string())
    });
    if let Some(t) = title {
        out.push_str(&format!("标题:{t}\n"));
    }
    if let Some(d) = meta("pubdate").or_else(|| meta("firstpublishedtime")) {
        out.push_str(&format!("发布时间:{d}\n"));
    }
    if let Some(s) = meta("contentsource") {
        out.push_str(&format!("来源:{s}\n"));
    }
    for line in &page.lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The paragraphs of a `.docx` (Word, WPS, LibreOffice) in order; a table
/// becomes one line per row, its cells separated by spaces.
pub fn docx_text(bytes: &[u8]) -> Result<String, String> {
    use std::io::Read;
    if bytes.starts_with(&OLE) {
        return doc::doc_text(bytes, "docx");
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        crate::say!(
            "读不了这个 .docx（文件可能损坏，或者其实不是 .docx）：{e}",
            "not a readable .docx (a .docx is a zip archive): {e}"
        )
    })?;
    let mut xml = String::new();
    const LIMIT: u64 = 64 << 20;
    archive
        .by_name("word/document.xml")
        .map_err(|_| {
            crate::say!(
                "这不是 Word 文档：里面没有 word/document.xml",
                "not a Word document: the archive has no word/document.xml"
            )
        })?
        .take(LIMIT + 1)
        .read_to_string(&mut xml)
        .map_err(|e| {
            crate::say!(
                "读不了 word/document.xml：{e}",
                "cannot read word/document.xml: {e}"
            )
        })?;
    // Past the limit nothing is read, and that is said: no silent cut.
    if xml.len() as u64 > LIMIT {
        return Err(crate::say!(
            "word/document.xml 超过 {} MB：没有这么长的通报（文件损坏或有问题）；什么也没导入",
            "word/document.xml is larger than {} MB: no notice is that long (a damaged or hostile file); nothing was imported",
            LIMIT >> 20
        ));
    }
    document_xml_text(&xml)
}

/// The text of one of XML's five predefined entities (`amp` → `&`);
/// Office files use no others.
pub(crate) fn predefined_entity(name: &str) -> &'static str {
    match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

fn document_xml_text(xml: &str) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut cells = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            crate::say!(
                "word/document.xml 在第 {} 个字节处损坏：{e}",
                "word/document.xml is damaged at byte {}: {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"w:tc" => cells += 1,
                b"w:t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:tab" => out.push(' '),
                b"w:br" | b"w:cr" => out.push(if cells > 0 { ' ' } else { '\n' }),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t
                    .decode()
                    .map_err(|e| format!("word/document.xml has text that is not UTF-8: {e}"))?;
                out.push_str(&text);
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    let name = r.decode().map_err(|e| format!("word/document.xml: {e}"))?;
                    out.push_str(predefined_entity(&name));
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => out.push(if cells > 0 { ' ' } else { '\n' }),
                b"w:tc" => {
                    cells = cells.saturating_sub(1);
                    // Cells apart by tabs: a table of problems then reads as
                    // one (see `import::table`).
                    out.truncate(out.trim_end_matches(' ').len());
                    out.push('\t');
                }
                b"w:tr" => out.push('\n'),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_text_is_read_and_nonsense_is_refused() {
        let text = "中共某某局委员会关于巡察整改进展情况的通报\n根据县委统一部署，县委第一巡察组对某某局党委进行了巡察，现将整改进展情况予以公布。\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode_text(&gbk).unwrap(), text);
        let (big5, _, _) = encoding_rs::BIG5.encode("中共某某局委員會關於巡察整改進展情況的通報，根據縣委統一部署，縣委第一巡察組對某某局黨委進行了巡察，現將整改進展情況予以公佈。");
        assert!(decode_text(&big5).is_err());
        assert!(decode_text(b"\x00\x01\x02\x81").is_err());
    }

    #[test]
    fn a_page_gives_its_article_without_its_chrome() {
        let html = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于巡察整改进展情况的通报_某某市人民政府</title>
<meta name="PubDate" content="2023-09-07 11:05"><meta name="ContentSource" content="市委巡察办"><script>var a = "不是正文";</script></head>
<body><div class="nav"><a href="/">首页</a><a href="/x">政务公开</a></div>
<div class="article"><h1>关于巡察整改进展情况的通报</h1><p>根据市委统一部署，市委第三巡察组对某某局党委进行了巡察。</p>
<table><tr><td>问题</td><td>状态</td></tr></table><p>一是<b>加强</b>学习&amp;教育。</p></div>
<footer>版权所有 某某市人民政府</footer></body></html>"#;
        let text = html_text(html);
        assert_eq!(
            text,
            "标题:关于巡察整改进展情况的通报\n发布时间:2023-09-07 11:05\n来源:市委巡察办\n关于巡察整改进展情况的通报\n根据市委统一部署，市委第三巡察组对某某局党委进行了巡察。\n问题 状态\n一是加强学习&教育。\n"
        );
    }

    #[test]
    fn a_declared_charset_is_believed_only_when_it_reads() {
        let text = "<html><head><meta charset=\"iso-8859-1\"></head><body>关于巡察整改进展情况的通报，根据市委统一部署，市委第三巡察组对某某局党委进行了巡察，现将整改情况予以公布。</body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let read = decode_html(&gbk).unwrap();
        assert!(read.contains("关于巡察整改进展情况的通报"), "{read}");
        let latin = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        assert!(decode_html(latin).unwrap().contains("caf\u{e9}"));
    }

    #[test]
    fn damaged_documents_are_errors() {
        assert!(docx_text(b"PK\x03\x04garbage").is_err());
        assert!(docx_text(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).is_err());
        assert!(document_xml_text("<w:document><w:body><w:p><w:r><w:t>半</w:r></w:p>").is_err());
        assert_eq!(
            document_xml_text("<w:document><w:body><w:p><w:r><w:t>一、</w:t></w:r><w:r><w:t xml:space=\"preserve\">在 &lt;方面&gt;</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>已完成</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>").unwrap(),
            "一、在 <方面>\n1\t已完成\t\n"
        );
    }
}
