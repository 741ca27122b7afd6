//! A notice published as PDF: its text layer, page by page, in the order
//! the pages draw it, each glyph decoded through its font's ToUnicode map.
//!
//! lopdf parses the file's objects; the page tree, the content operators
//! and the CMaps are read here, because text extraction built on lopdf
//! (pdf-extract) follows page-tree loops without end, inflates streams
//! without bound and panics on broken fonts. Everything here is bounded:
//! every compressed stream is inflated once, before lopdf sees the file,
//! against a per-stream and a total budget; the page tree and form
//! XObjects are walked with a visited set; CMaps and operator counts have
//! limits. What the layout adds (page numbers, running headers, spaces
//! between Chinese and digits, compatibility ideographs) is removed by
//! [`super::layout`].

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// What one stream may inflate to: a notice's page is a few kilobytes.
const STREAM_BUDGET: u64 = 64 << 20;
/// What all streams together may inflate to.
const TOTAL_BUDGET: u64 = 256 << 20;
const MAX_PAGES: usize = 5_000;
const MAX_OPERATIONS: usize = 4_000_000;
const MAX_CMAP_ENTRIES: usize = 200_000;

/// The text of a PDF, one line per line of print, pages in order; an error
/// in a clerk's words for a scan, an encrypted or a damaged file.
pub(crate) fn pdf_text(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let start = find(bytes, b"%PDF-", 0)
        .filter(|at| *at < 1024)
        .ok_or("这不是 PDF 文件（文件开头没有 %PDF）")?;
    let bytes = &bytes[start..];
    check_inflated_sizes(bytes)?;
    let loaded = std::panic::catch_unwind(|| Document::load_mem(bytes));
    let encrypted = find(bytes, b"/Encrypt", 0).is_some();
    let document = match loaded {
        Ok(Ok(document)) => document,
        _ if encrypted => return Err(PASSWORD.into()),
        Ok(Err(e)) => {
            return Err(format!(
                "PDF 文件已损坏，无法读取（{e}）；请重新下载或另存一份"
            ))
        }
        Err(_) => return Err("PDF 文件已损坏，无法读取；请重新下载或另存一份".into()),
    };
    if document.is_encrypted() {
        return Err(PASSWORD.into());
    }
    let pages = page_list(&document)?;
    let mut reader = Reader {
        document: &document,
        fonts: HashMap::new(),
        operations: 0,
        images: 0,
    };
    let mut text = Vec::new();
    for page in &pages {
        let lines = reader.page(*page)?;
        text.push(lines);
    }
    let glyphs: usize = text
        .iter()
        .flatten()
        .map(|l| l.trim().chars().count())
        .sum();
    if glyphs == 0 {
        return Err(if reader.images > 0 || !pages.is_empty() {
            "这个 PDF 是扫描件（页面是图片，没有文字层），无法读取文字。请找到原始的 Word 文件或网页，或先用文字识别（OCR）软件转成文字、核对后存为 .txt 再导入".into()
        } else {
            "这个 PDF 没有页面".into()
        });
    }
    Ok(text)
}

const PASSWORD: &str =
    "这个 PDF 有密码保护，无法读取。请用原文件另存一份不加密的 PDF（或另存为 Word），再导入";

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Inflates every compressed stream once, against the budgets, so that no
/// stream lopdf or this reader inflates later can exhaust memory.
fn check_inflated_sizes(bytes: &[u8]) -> Result<(), String> {
    let mut total = 0u64;
    let mut at = 0;
    while let Some(keyword) = find(bytes, b"stream", at) {
        at = keyword + 6;
        if keyword >= 3 && &bytes[keyword - 3..keyword] == b"end" {
            continue;
        }
        let mut data = at;
        if bytes.get(data) == Some(&b'\r') {
            data += 1;
        }
        if bytes.get(data) == Some(&b'\n') {
            data += 1;
        }
        let end = find(bytes, b"endstream", data).unwrap_or(bytes.len());
        let stream = &bytes[data..end];
        at = end;
        // Only a zlib stream (FlateDecode) can grow: its header says so.
        if stream.len() < 2
            || stream[0] & 0x0F != 8
            || !u16::from_be_bytes([stream[0], stream[1]]).is_multiple_of(31)
        {
            continue;
        }
        let inflated = std::io::copy(
            &mut flate2::read::ZlibDecoder::new(stream).take(STREAM_BUDGET + 1),
            &mut std::io::sink(),
        )
        .unwrap_or(0);
        total += inflated;
        if inflated > STREAM_BUDGET || total > TOTAL_BUDGET {
            return Err(format!(
                "这个 PDF 的内容解压后超过 {} MB，不像一份通报，已拒绝读取（可能已损坏或是恶意文件）",
                TOTAL_BUDGET >> 20
            ));
        }
    }
    Ok(())
}

/// The pages in order, walking the page tree with a visited set.
fn page_list(document: &Document) -> Result<Vec<ObjectId>, String> {
    let root = document
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "PDF 文件已损坏：找不到文档目录".to_string())?;
    let pages = document
        .get_dictionary(root)
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|_| "PDF 文件已损坏：找不到页面".to_string())?;
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![pages];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Ok(node) = document.get_dictionary(id) else {
            continue;
        };
        match node.get(b"Kids").and_then(Object::as_array) {
            Ok(kids) => {
                for kid in kids.iter().rev() {
                    if let Ok(kid) = kid.as_reference() {
                        stack.push(kid);
                    }
                }
            }
            Err(_) => found.push(id),
        }
        if found.len() > MAX_PAGES {
            return Err(format!("这个 PDF 超过 {MAX_PAGES} 页，不像一份通报"));
        }
    }
    Ok(found)
}

/// A font's way from codes to text.
#[derive(Default)]
struct Font {
    /// Bytes per code (1 for simple fonts, 2 for most composite ones).
    width: usize,
    map: HashMap<u32, String>,
}

struct Reader<'d> {
    document: &'d Document,
    fonts: HashMap<ObjectId, std::rc::Rc<Font>>,
    operations: usize,
    images: usize,
}

/// A 2-D affine matrix [a b c d e f].
type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

/// Where text goes as it is drawn: a new line when the baseline moves.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    current: String,
    baseline: Option<f32>,
    /// The last chunk ended at a wide kerning gap (a space in Latin text).
    broken: bool,
}

impl Lines {
    fn push(&mut self, text: &str, y: f32, size: f32) {
        if text.is_empty() {
            return;
        }
        let moved = self
            .baseline
            .is_some_and(|b| (b - y).abs() > (size * 0.5).max(1.0));
        if moved {
            self.end_line();
        }
        self.baseline = Some(y);
        // Latin words set apart by a wide gap keep a space between them;
        // Chinese never gets one, nor digits drawn one by one (3 1项).
        let joins_words = self.broken
            && self
                .current
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            && text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if joins_words {
            self.current.push(' ');
        }
        self.current.push_str(text);
        self.broken = false;
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.current);
        if !line.trim().is_empty() {
            self.lines.push(line);
        }
    }
}

impl Reader<'_> {
    /// The lines of one page.
    fn page(&mut self, page: ObjectId) -> Result<Vec<String>, String> {
        let document = self.document;
        let Ok(dict) = document.get_dictionary(page) else {
            return Ok(Vec::new());
        };
        let resources = self.resources(dict);
        let mut content = Vec::new();
        let streams: Vec<ObjectId> = match dict.get(b"Contents") {
            Ok(Object::Reference(id)) => match document.get_object(*id) {
                Ok(Object::Array(parts)) => {
                    parts.iter().filter_map(|p| p.as_reference().ok()).collect()
                }
                _ => vec![*id],
            },
            Ok(Object::Array(parts)) => {
                parts.iter().filter_map(|p| p.as_reference().ok()).collect()
            }
            _ => Vec::new(),
        };
        for id in streams {
            if let Ok(Object::Stream(stream)) = document.get_object(id) {
                content.extend(inflate(stream));
                content.push(b'\n');
            }
        }
        let mut lines = Lines::default();
        let mut seen_forms = HashSet::new();
        self.draw(
            &content,
            resources.as_ref(),
            IDENTITY,
            &mut lines,
            &mut seen_forms,
            0,
        )?;
        lines.end_line();
        Ok(lines.lines)
    }

    /// A page's resources, inherited from its parents where it has none.
    fn resources(&self, page: &Dictionary) -> Option<Dictionary> {
        let mut node = page.clone();
        for _ in 0..32 {
            if let Ok(found) = node.get(b"Resources") {
                return match found {
                    Object::Dictionary(d) => Some(d.clone()),
                    Object::Reference(id) => self.document.get_dictionary(*id).ok().cloned(),
                    _ => None,
                };
            }
            let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
            node = self.document.get_dictionary(parent).ok()?.clone();
        }
        None
    }

    fn dictionary_in(&self, dict: &Dictionary, key: &[u8]) -> Option<Dictionary> {
        match dict.get(key).ok()? {
            Object::Dictionary(d) => Some(d.clone()),
            Object::Reference(id) => self.document.get_dictionary(*id).ok().cloned(),
            _ => None,
        }
    }

    /// Runs a content stream's text operators.
    fn draw(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        ctm: Matrix,
        lines: &mut Lines,
        seen_forms: &mut HashSet<ObjectId>,
        depth: usize,
    ) -> Result<(), String> {
        let Ok(decoded) = std::panic::catch_unwind(|| lopdf::content::Content::decode(content))
        else {
            return Ok(());
        };
        let Ok(decoded) = decoded else {
            return Ok(());
        };
        let fonts = resources.and_then(|r| self.dictionary_in(r, b"Font"));
        let xobjects = resources.and_then(|r| self.dictionary_in(r, b"XObject"));
        let mut ctm = ctm;
        let mut saved: Vec<Matrix> = Vec::new();
        let (mut tm, mut line_m) = (IDENTITY, IDENTITY);
        let (mut leading, mut size) = (0.0f32, 12.0f32);
        let mut font: Option<std::rc::Rc<Font>> = None;
        for op in &decoded.operations {
            self.operations += 1;
            if self.operations > MAX_OPERATIONS {
                return Err("这个 PDF 的内容过于庞大，不像一份通报，已拒绝读取".into());
            }
            let args = &op.operands;
            let mut show = |strings: Vec<&Object>,
                            tm: &Matrix,
                            font: &Option<std::rc::Rc<Font>>| {
                let origin = multiply(tm, &ctm);
                let scale = (origin[2] * origin[2] + origin[3] * origin[3])
                    .sqrt()
                    .max(0.01);
                let mut text = String::new();
                for s in strings {
                    match s {
                        Object::String(bytes, _) => text.push_str(&decode(bytes, font.as_deref())),
                        // A wide gap between chunks (TJ) breaks Latin words.
                        other if number(other) < -180.0 => {
                            lines.push(&text, origin[5], size * scale);
                            text.clear();
                            lines.broken = true;
                        }
                        _ => {}
                    }
                }
                lines.push(&text, origin[5], size * scale);
            };
            match op.operator.as_str() {
                "q" => saved.push(ctm),
                "Q" => ctm = saved.pop().unwrap_or(ctm),
                "cm" if args.len() == 6 => {
                    let m: Vec<f32> = args.iter().map(number).collect();
                    ctm = multiply(&[m[0], m[1], m[2], m[3], m[4], m[5]], &ctm);
                }
                "BT" => {
                    tm = IDENTITY;
                    line_m = IDENTITY;
                }
                "Tf" if args.len() == 2 => {
                    size = number(&args[1]);
                    font = args[0]
                        .as_name()
                        .ok()
                        .and_then(|name| fonts.as_ref()?.get(name).ok()?.as_reference().ok())
                        .map(|id| self.font(id));
                }
                "TL" if !args.is_empty() => leading = number(&args[0]),
                "Td" | "TD" if args.len() == 2 => {
                    let (tx, ty) = (number(&args[0]), number(&args[1]));
                    if op.operator == "TD" {
                        leading = -ty;
                    }
                    line_m = multiply(&[1.0, 0.0, 0.0, 1.0, tx, ty], &line_m);
                    tm = line_m;
                }
                "Tm" if args.len() == 6 => {
                    let m: Vec<f32> = args.iter().map(number).collect();
                    line_m = [m[0], m[1], m[2], m[3], m[4], m[5]];
                    tm = line_m;
                }
                "T*" => {
                    line_m = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &line_m);
                    tm = line_m;
                }
                "Tj" if !args.is_empty() => show(vec![&args[0]], &tm, &font),
                "'" | "\"" if !args.is_empty() => {
                    line_m = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &line_m);
                    tm = line_m;
                    show(vec![&args[args.len() - 1]], &tm, &font);
                }
                "TJ" if !args.is_empty() => {
                    if let Ok(parts) = args[0].as_array() {
                        show(parts.iter().collect(), &tm, &font);
                    }
                }
                "Do" if !args.is_empty() => {
                    let id = args[0]
                        .as_name()
                        .ok()
                        .and_then(|name| xobjects.as_ref()?.get(name).ok()?.as_reference().ok());
                    let Some(id) = id else { continue };
                    let Ok(Object::Stream(stream)) = self.document.get_object(id) else {
                        continue;
                    };
                    let subtype = stream
                        .dict
                        .get(b"Subtype")
                        .and_then(Object::as_name)
                        .unwrap_or(b"");
                    if subtype == b"Image" {
                        self.images += 1;
                    } else if subtype == b"Form" && depth < 8 && seen_forms.insert(id) {
                        let inner = self
                            .dictionary_in(&stream.dict, b"Resources")
                            .or_else(|| resources.cloned());
                        let data = inflate(stream);
                        self.draw(&data, inner.as_ref(), ctm, lines, seen_forms, depth + 1)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A font's ToUnicode map, read once per font object.
    fn font(&mut self, id: ObjectId) -> std::rc::Rc<Font> {
        if let Some(font) = self.fonts.get(&id) {
            return font.clone();
        }
        let mut font = Font {
            width: 1,
            ..Font::default()
        };
        if let Ok(dict) = self.document.get_dictionary(id) {
            if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0") {
                font.width = 2;
            }
            if let Ok(Object::Stream(stream)) = dict
                .get(b"ToUnicode")
                .and_then(Object::as_reference)
                .and_then(|r| self.document.get_object(r))
            {
                read_cmap(&String::from_utf8_lossy(&inflate(stream)), &mut font);
            }
        }
        let font = std::rc::Rc::new(font);
        self.fonts.insert(id, font.clone());
        font
    }
}

/// A stream's data, inflated when it is FlateDecode (within the budget
/// already checked), as it is otherwise.
fn inflate(stream: &lopdf::Stream) -> Vec<u8> {
    let flate = match stream.dict.get(b"Filter") {
        Ok(Object::Name(n)) => n == b"FlateDecode",
        Ok(Object::Array(filters)) => filters
            .iter()
            .any(|f| f.as_name().ok() == Some(b"FlateDecode")),
        _ => false,
    };
    if !flate {
        return stream.content.clone();
    }
    let mut out = Vec::new();
    let _ = flate2::read::ZlibDecoder::new(&stream.content[..])
        .take(STREAM_BUDGET)
        .read_to_end(&mut out);
    out
}

/// Decodes a shown string with its font: through the ToUnicode map, else
/// as Latin text for a simple font.
fn decode(bytes: &[u8], font: Option<&Font>) -> String {
    let Some(font) = font else {
        return bytes
            .iter()
            .filter(|b| b.is_ascii_graphic() || **b == b' ')
            .map(|b| *b as char)
            .collect();
    };
    let mut out = String::new();
    for code in bytes.chunks(font.width.max(1)) {
        let value = code.iter().fold(0u32, |v, b| (v << 8) | u32::from(*b));
        match font.map.get(&value) {
            Some(text) => out.push_str(text),
            None if font.width == 1 && (code[0].is_ascii_graphic() || code[0] == b' ') => {
                out.push(code[0] as char)
            }
            None => {}
        }
    }
    out
}

/// Reads a ToUnicode CMap's code space, bfchar and bfrange entries.
fn read_cmap(text: &str, font: &mut Font) {
    let tokens = cmap_tokens(text);
    let hex_value = |t: &str| u32::from_str_radix(t, 16).ok();
    let mut i = 0;
    while i < tokens.len() && font.map.len() < MAX_CMAP_ENTRIES {
        match tokens[i].as_str() {
            "begincodespacerange" => {
                if let Some(t) = tokens.get(i + 1).filter(|t| t.starts_with('<')) {
                    font.width = ((t.len() - 1) / 2).clamp(1, 4);
                }
            }
            "beginbfchar" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != "endbfchar" {
                    if let (Some(code), Some(text)) =
                        (hex_value(&tokens[i][1..]), utf16(&tokens[i + 1][1..]))
                    {
                        font.map.insert(code, text);
                    }
                    i += 2;
                }
            }
            "beginbfrange" => {
                i += 1;
                while i + 2 < tokens.len() && tokens[i] != "endbfrange" {
                    let (lo, hi) = (hex_value(&tokens[i][1..]), hex_value(&tokens[i + 1][1..]));
                    let (Some(lo), Some(hi)) = (lo, hi) else {
                        i += 1;
                        continue;
                    };
                    let hi = hi.min(lo.saturating_add(65_535));
                    if tokens[i + 2] == "[" {
                        let mut j = i + 3;
                        let mut code = lo;
                        while j < tokens.len() && tokens[j] != "]" {
                            if let Some(text) = utf16(&tokens[j][1..]) {
                                if code <= hi {
                                    font.map.insert(code, text);
                                }
                            }
                            code = code.saturating_add(1);
                            j += 1;
                        }
                        i = j + 1;
                    } else {
                        let start: Vec<u16> = utf16_units(&tokens[i + 2][1..]);
                        for (k, code) in (lo..=hi).enumerate() {
                            if font.map.len() >= MAX_CMAP_ENTRIES {
                                break;
                            }
                            let mut units = start.clone();
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(k as u16);
                            }
                            font.map.insert(code, String::from_utf16_lossy(&units));
                        }
                        i += 3;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Hex strings (kept with their leading `<`), brackets and words.
fn cmap_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                let mut hex = String::from("<");
                for h in chars.by_ref() {
                    if h == '>' {
                        break;
                    }
                    if h.is_ascii_hexdigit() {
                        hex.push(h);
                    }
                }
                tokens.push(hex);
            }
            '[' | ']' => tokens.push(c.to_string()),
            c if c.is_ascii_alphanumeric() => {
                let mut word = c.to_string();
                while let Some(&n) = chars.peek() {
                    if !n.is_ascii_alphanumeric() {
                        break;
                    }
                    word.push(n);
                    chars.next();
                }
                tokens.push(word);
            }
            _ => {}
        }
    }
    tokens
}

fn utf16_units(hex: &str) -> Vec<u16> {
    hex.as_bytes()
        .chunks(4)
        .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
        .collect()
}

fn utf16(hex: &str) -> Option<String> {
    let units = utf16_units(hex);
    (!units.is_empty()).then(|| String::from_utf16_lossy(&units))
}
