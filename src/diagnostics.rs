//! Content errors and warnings, printed like rustc's: `path:line:col: message`,
//! so editors and terminals can jump to the offending key.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors stop the build, warnings only inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line; 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        let (line, column) = (self.line.max(1), self.column.max(1));
        match self.severity {
            Severity::Error => write!(f, "{path}:{line}:{column}: {}", self.message),
            Severity::Warning => write!(
                f,
                "{path}:{line}:{column}: {}{}",
                if crate::lang::english() {
                    "warning: "
                } else {
                    "警告："
                },
                self.message
            ),
        }
    }
}

/// Findings collected across a whole run, so staff see every mistake at once
/// instead of fixing them one build at a time.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error at `path:line:column`.
    pub(crate) fn error(
        &mut self,
        path: &Path,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) {
        self.push(path, line, column, Severity::Error, message.into());
    }

    /// Records a warning at `path:line:column`.
    pub(crate) fn warning(
        &mut self,
        path: &Path,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) {
        self.push(path, line, column, Severity::Warning, message.into());
    }

    fn push(
        &mut self,
        path: &Path,
        line: usize,
        column: usize,
        severity: Severity,
        message: String,
    ) {
        self.items.push(Diagnostic {
            path: path.to_path_buf(),
            line,
            column,
            severity,
            message,
        });
    }

    /// Appends all of `other`'s findings.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Keeps only the findings `keep` accepts (watch mode and import leave
    /// out a report about to be replaced).
    pub(crate) fn retain(&mut self, keep: impl Fn(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// True if any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Each finding, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Findings sorted by file and position (errors before warnings at the
    /// same place), so output is stable whatever order files were read in.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        items.dedup();
        items
    }
}

/// Prints how long a build took to reach `stage` when ZHENGGAI_TRACE is
/// set: a cheap way to see where the time goes without a profiler.
pub(crate) fn trace(stage: &str, started: std::time::Instant) {
    if std::env::var_os("ZHENGGAI_TRACE").is_some() {
        // Resident memory where the system tells it (Linux), to see which
        // stage holds what.
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .map(|l| l[6..].trim().to_string())
            })
            .unwrap_or_default();
        eprintln!(
            "trace: {stage} at {:.1} ms {rss}",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}
