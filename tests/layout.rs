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
    "lang",
    "model",
    "diagnostics",
    "output",
    "load",
    "read",
    "validate",
    "attachments",
    "derive",
    "render",
    "search",
    "publish",
    "write",
    "build",
    "serve",
];
const BESIDE: &[(&str, &[&str])] = &[
    ("import", &["lang", "model", "diagnostics", "load", "read"]),
    ("scaffold", &["lang", "model", "diagnostics", "load"]),
];

/// The top-level modules a source file names, outside comments: as
/// `crate::<module>`, in a group (`use crate::{a::X, b}`), or by climbing
/// to the crate root with `super::` from `depth` modules down (a file's
/// inline modules are not counted, so this may see a use where there is
/// none, never miss one).
fn uses(text: &str, depth: usize) -> BTreeSet<String> {
    let ident = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            match rest.strip_prefix('{') {
                Some(group) => {
                    let group = group.split('}').next().unwrap_or("");
                    for item in group.split(',') {
                        found.insert(ident(item.trim()));
                    }
                }
                None => {
                    found.insert(ident(rest));
                }
            }
        }
        for (i, _) in code.match_indices("super::") {
            if code[..i].ends_with("super::") {
                continue; // counted from the first of the chain
            }
            let mut rest = &code[i..];
            let mut climbed = 0;
            while let Some(next) = rest.strip_prefix("super::") {
                rest = next;
                climbed += 1;
            }
            if climbed >= depth {
                found.insert(ident(rest));
            }
        }
    }
    found.remove("");
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
fn uses_are_found_in_every_form() {
    let text =
        "use crate::{derive::X, render};\nlet a = super::super::serve::f();\n// crate::write\n";
    let found = uses(text, 2);
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["derive", "render", "serve"]
    );
    assert!(
        uses("super::x::y", 2).is_empty(),
        "one level up is the same module"
    );
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
        // src/a.rs and src/a/mod.rs are one module down; src/a/b.rs two.
        let rel = path.strip_prefix(&src).unwrap();
        let depth =
            rel.components().count() - usize::from(rel.file_name().is_some_and(|n| n == "mod.rs"));
        let modules: BTreeSet<&str> = ORDER
            .iter()
            .chain(BESIDE.iter().map(|(m, _)| m))
            .copied()
            .collect();
        for used in uses(&text, depth) {
            if !modules.contains(used.as_str()) {
                continue; // an item of the crate root, or a sub-module
            }
            if used != module && !allowed.contains(&used.as_str()) {
                wrong.push(format!("{}: `{module}` uses `{used}`", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    for module in ORDER.iter().chain(BESIDE.iter().map(|(m, _)| m)) {
        assert!(seen.contains(*module), "no source for module `{module}`");
    }
}
