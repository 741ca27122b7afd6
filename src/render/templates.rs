//! The template environment: the theme compiled once, HTML escaping as
//! pages need it, and template errors as diagnostics at their file and
//! line.

use crate::diagnostics::Diagnostics;
use crate::load::theme::Theme;
use minijinja::{Environment, UndefinedBehavior, Value};

/// Compiles the theme's templates (the portal's own files over the built-in
/// ones) and checks the required ones exist. `check` runs this too, so a
/// broken template is reported before anything is built.
pub(crate) fn compile(theme: &Theme) -> Result<Environment<'static>, Diagnostics> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_formatter(html_formatter);
    let mut diags = Diagnostics::default();
    for (name, file) in theme.templates() {
        let source = String::from_utf8_lossy(&file.bytes).into_owned();
        if let Err(err) = env.add_template_owned(name.to_string(), source) {
            report_template_error(&err, theme, &mut diags);
        }
    }
    for required in [
        "index.html",
        "report.html",
        "issue.html",
        "regulations.html",
        "feedback.html",
        "problems.html",
        "search.html",
        "updates.html",
        "due.html",
        "area.html",
        "notices.html",
        "404.html",
    ] {
        if env.get_template(required).is_err() && !diags.has_errors() {
            diags.error(
                &theme.template_origin(required),
                0,
                0,
                crate::say!(
                    "缺少必需的模板文件：从默认主题复制一份（zhenggai init --theme）再修改",
                    "required template is missing"
                ),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(env)
}

/// Escapes only what HTML needs (`& < > " '`), leaving `/` alone so URLs
/// stay readable and pages stay small; everything else as minijinja does.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text)
            if !value.is_safe() && matches!(state.auto_escape(), minijinja::AutoEscape::Html) =>
        {
            write_escaped(out, text).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// HTML-escapes text for element content and quoted attributes (`&`,
/// `<`, `>`, `"`, `'`), writing it in runs between the characters that
/// need it (all ASCII, so byte offsets are boundaries) without building a
/// copy: every text a page shows passes through here.
fn write_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut run = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[run..at])?;
        out.write_str(entity)?;
        run = at + 1;
    }
    out.write_str(&text[run..])
}

/// A template error as a diagnostic at the template's file and line.
pub(super) fn report_template_error(
    err: &minijinja::Error,
    theme: &Theme,
    diags: &mut Diagnostics,
) {
    let name = err.name().unwrap_or("?");
    let message = match err.detail() {
        Some(detail) => format!("template error: {detail} ({})", err.kind()),
        None => format!("template error: {}", err.kind()),
    };
    diags.error(
        &theme.template_origin(name),
        err.line().unwrap_or(0),
        1,
        message,
    );
}
