//! A government website's identifiers (政府网站发展指引): each has a known
//! shape, so a typo is caught before an inspector finds it, and a portal
//! with a deployment URL is warned of the ones it lacks.

use crate::diagnostics::Diagnostics;
use crate::load::frontmatter::{locate, Step};
use crate::model::Portal;
use regex::Regex;

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// Checks the identifiers `portal.yaml` gives; with a base URL, warns of
/// those a government site must show and does not.
pub(crate) fn check(portal: &Portal, errors: &mut Diagnostics, warnings: &mut Diagnostics) {
    let ids = &portal.config.identifiers;
    let path = &portal.config_path;
    let at = |key: &str| {
        let (line, column) = locate(
            &portal.config_text,
            &[Step::Key("identifiers"), Step::Key(key)],
        );
        (line, column)
    };
    let shapes: [(&str, &Option<String>, String, String); 3] = [
        (
            "site_code",
            &ids.site_code,
            r"^(?:\d{10}|[a-z]{2}\d{8})$".to_string(),
            crate::say!(
                "网站标识码是十位：十位数字（3310810001），或两个字母加八位数字（bm01000001）",
                "网站标识码 is ten characters: ten digits (3310810001), or two letters and eight digits (bm01000001)"
            ),
        ),
        (
            "icp",
            &ids.icp,
            format!(r"^[{PROVINCES}]ICP备\d{{4,8}}号(?:-\d{{1,3}})?$"),
            crate::say!(
                "ICP备案号写成 浙ICP备12345678号 或 浙ICP备12345678号-1 这样",
                "an ICP备案号 reads like 浙ICP备12345678号 or 浙ICP备12345678号-1"
            ),
        ),
        (
            "police",
            &ids.police,
            format!(r"^[{PROVINCES}]公网安备\s?\d{{14}}号$"),
            crate::say!(
                "公安机关备案号写成 浙公网安备33108102000123号 这样（14 位数字）",
                "a 公安机关备案号 reads like 浙公网安备33108102000123号 (14 digits)"
            ),
        ),
    ];
    for (key, value, pattern, shape) in shapes {
        let Some(value) = value else { continue };
        let re = Regex::new(&pattern).expect("a valid pattern");
        if !re.is_match(value.trim()) {
            let (line, column) = at(key);
            errors.error(
                path,
                line,
                column,
                format!("identifiers.{key}: “{value}”: {shape}"),
            );
        }
    }
    if let Some(mark) = &ids.party_mark {
        let plain = !mark.contains("..") && !mark.starts_with('/') && !mark.contains(':');
        if !plain {
            let (line, column) = at("party_mark");
            errors.error(
                path,
                line,
                column,
                crate::say!(
                    "identifiers.party_mark：“{mark}”要是主题 static 文件夹（theme/static/）里的文件名，不能是网址",
                    "identifiers.party_mark: “{mark}” must be a file in the theme's static folder (theme/static/), never a URL"
                ),
            );
        }
    }
    if portal.config.base_url.is_some() {
        let missing: Vec<&str> = [
            ("site_code (网站标识码)", &ids.site_code),
            ("icp (ICP备案号)", &ids.icp),
            ("police (公安机关备案号)", &ids.police),
        ]
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| *k)
        .collect();
        if !missing.is_empty() {
            warnings.warning(
                path,
                1,
                1,
                crate::say!(
                    "政府网站每页页脚要显示标识；`identifiers:` 里缺少 {}",
                    "a government website shows its identifiers in every footer; `identifiers:` lacks {}",
                    missing.join(", ")
                ),
            );
        }
    }
}

/// The number inside a 公安机关备案号, which its record page is looked up by.
pub fn police_code(record: &str) -> Option<String> {
    let digits: String = record.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 14).then_some(digits)
}
