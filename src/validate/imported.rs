//! What an import left for a person to confirm: a status the notice did
//! not state, which the importer inferred from the problem's words and
//! marked as such. A guess is never published as a fact: `check` refuses
//! it until the mark is deleted, after comparing with the notice.

use crate::diagnostics::Diagnostics;
use crate::model::{Report, INFERRED_MARK};

/// An error at each `status:` line still carrying the importer's mark.
pub(super) fn check_report(report: &Report, diags: &mut Diagnostics) {
    for issue in &report.issues {
        for (at, line) in issue.yaml.lines().enumerate() {
            let Some(mark) = line.find(INFERRED_MARK) else {
                continue;
            };
            if !line.trim_start().starts_with("status:") {
                continue;
            }
            let column = line[..mark].chars().count() + 1;
            let reason = line[mark + INFERRED_MARK.len()..]
                .trim_end_matches("，请核对")
                .trim();
            diags.error(
                &issue.path,
                issue.yaml_first_line + at,
                column,
                crate::say!(
                    "`status` 是导入时推断的（推断自{reason}），通报没有写明：对照通报核对这个问题的状态，改对以后删掉这句“# 推断自…”说明，再发布",
                    "`status` was inferred on import (from {reason}); the notice does not state it: compare it with the notice, correct it if need be, then delete the “# 推断自…” note"
                ),
            );
        }
    }
}
