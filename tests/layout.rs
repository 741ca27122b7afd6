//! The code's layout holds: each library module uses only modules that
//! stand before it in the pipeline (or the shared shapes, `model`,
//! `output` and `diagnostics`), so the folders keep telling a newcomer the
//! order things happen in. Read from the source, as a reviewer would.

use std::collections::BTreeSet;
use std::path::Path;

/// The library's modules in pipeline order; a module may use those listed
/// before it. `import` and `scaffold` stand beside the pipeline and may use
/// the front of it (the model, loading, diagnostics), nothing that renders.
const ORDER: &[&str] = &[
    "model",
    "diagnostics",
    "output",
    "load",
    "validate",
    "derive",
    "render",
    "search",
    "publish",
    "write",
    "build",
    "serve",
];
const BESIDE: &[(&str, &[&str])] = &[
    ("import", &["model", "diagnostics", "load"]),
    ("scaffold", &["model", "diagnostics", "load"]),
];

/// The top-level modules a source file names as `crate::<module>`,
/// outside comments.
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// The top-level module a file under src/ belongs to.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn no_module_uses_one_that_stands_later_in_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let module = module_of(&src, path);
        // The binary's side (src/main.rs, src/cmd/) uses the library's
        // surface, not `crate::`; lib.rs only declares the modules.
        if ["main", "cmd", "lib"].contains(&module.as_str()) {
            continue;
        }
        seen.insert(module.clone());
        let allowed: Vec<&str> = match ORDER.iter().position(|m| *m == module) {
            Some(at) => ORDER[..at].to_vec(),
            None => match BESIDE.iter().find(|(m, _)| *m == module) {
                Some((_, allowed)) => allowed.to_vec(),
                None => {
                    wrong.push(format!(
                        "{}: module `{module}` is in neither ORDER nor BESIDE",
                        path.display()
                    ));
                    continue;
                }
            },
        };
        let text = std::fs::read_to_string(path).unwrap();
        for used in uses(&text) {
            if used != module && !allowed.contains(&used.as_str()) {
                wrong.push(format!(
                    "{}: `{module}` uses `crate::{used}`",
                    path.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    for module in ORDER.iter().chain(BESIDE.iter().map(|(m, _)| m)) {
        assert!(seen.contains(*module), "no source for module `{module}`");
    }
}
