//! The site as templates see it. Views become minijinja values lazily:
//! `site` is an object whose large parts (the portal-wide regulations, each
//! report) turn into values only when a template reads them, so pages that
//! do not use them pay nothing and a large portal is never held twice.

use crate::derive::{
    ContactView, Counts, KindCounts, RegulationView, ReportView, SiteView, StatusView, UpdateView,
};
use minijinja::Value;
use serde::Serialize;

/// The site's own fields, without its reports (which are added as values
/// that watch mode can keep from one rebuild to the next).
#[derive(Serialize)]
struct SiteFields<'a> {
    name: &'a str,
    publisher: &'a str,
    base_url: &'a Option<String>,
    description_html: &'a str,
    contact: &'a ContactView,
    identifiers: &'a crate::derive::IdentifiersView,
    domain: &'a Option<String>,
    updated: &'a Option<String>,
    updated_zh: &'a Option<String>,
    today: &'a str,
    today_zh: &'a str,
    as_of_span: &'a Option<String>,
    open_data_split: bool,
    counts: &'a Counts,
    regulation_counts: &'a KindCounts,
    statuses: &'a [StatusView],
    updates: &'a [UpdateView],
    due: &'a crate::derive::updates::DueSummary,
}

/// `site` as templates see it. The portal-wide regulations list is large at
/// scale and read by few pages, so it becomes a template value only when a
/// page first asks for it (watch mode re-creates this on every change).
#[derive(Debug)]
struct SiteObject {
    fields: Value,
    reports: Value,
    regulations: Vec<std::sync::Arc<RegulationView>>,
    regulations_value: std::sync::OnceLock<Value>,
}

impl minijinja::value::Object for SiteObject {
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "reports" => Some(self.reports.clone()),
            "regulations" => Some(
                self.regulations_value
                    .get_or_init(|| Value::from(minijinja::value::Serde(&self.regulations)))
                    .clone(),
            ),
            other => self
                .fields
                .get_attr(other)
                .ok()
                .filter(|v| !v.is_undefined()),
        }
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(&[
            "name",
            "publisher",
            "base_url",
            "description_html",
            "contact",
            "identifiers",
            "domain",
            "updated",
            "updated_zh",
            "today",
            "today_zh",
            "as_of_span",
            "open_data_split",
            "counts",
            "regulations",
            "regulation_counts",
            "statuses",
            "updates",
            "due",
            "reports",
        ])
    }
}

/// A report for the site-wide pages: each field becomes a template value
/// when a template reads it, and is not kept. The home page reads a few
/// small fields of every report; only the problem list reads `issues`.
#[derive(Debug)]
struct LazyReport(std::sync::Arc<ReportView>);

/// Declares the fields of `ReportView` that templates read, once: the list
/// `enumerate` gives and the lookup `get_value` does come from the same
/// names (a test checks they are every field the view serialises).
macro_rules! report_fields {
    ($($field:ident),* $(,)?) => {
        /// The fields of `ReportView` as templates name them.
        const REPORT_FIELDS: &[&str] = &[$(stringify!($field)),*];

        /// One field of a report as a template value, made now.
        fn report_field(r: &ReportView, key: &str) -> Option<Value> {
            Some(match key {
                $(stringify!($field) => Value::from(minijinja::value::Serde(&r.$field)),)*
                _ => return None,
            })
        }
    };
}

report_fields!(
    slug,
    title,
    unit,
    source,
    published,
    published_zh,
    published_date,
    as_of,
    as_of_zh,
    inspection,
    intro_html,
    closing_html,
    contact,
    links,
    counts,
    latest_counts,
    areas,
    accountability,
    accountability_total,
    recovered_yuan,
    declared,
    declared_figures,
    funds,
    document_number,
    listed,
    regulations,
    regulation_counts,
    issues,
    attachments,
);

impl minijinja::value::Object for LazyReport {
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        report_field(&self.0, key.as_str()?)
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(REPORT_FIELDS)
    }
}

/// A report as templates see it. Converting is the costly part of turning
/// data into template values, so callers may keep these between builds.
pub(crate) fn report_value(report: &ReportView) -> Value {
    Value::from(minijinja::value::Serde(report))
}

/// The `site` value of a render: the site's own fields plus the given
/// report values (lazy ones, read field by field).
pub(crate) fn site_value(site: &SiteView, report_values: Vec<Value>) -> Value {
    let fields = SiteFields {
        name: &site.name,
        publisher: &site.publisher,
        base_url: &site.base_url,
        description_html: &site.description_html,
        contact: &site.contact,
        identifiers: &site.identifiers,
        domain: &site.domain,
        updated: &site.updated,
        updated_zh: &site.updated_zh,
        today: &site.today,
        today_zh: &site.today_zh,
        as_of_span: &site.as_of_span,
        open_data_split: site.open_data_split,
        counts: &site.counts,
        regulation_counts: &site.regulation_counts,
        statuses: &site.statuses,
        updates: &site.updates,
        due: &site.due,
    };
    Value::from_object(SiteObject {
        fields: Value::from(minijinja::value::Serde(&fields)),
        reports: Value::from(report_values),
        regulations: site.regulations.clone(),
        regulations_value: std::sync::OnceLock::new(),
    })
}

/// Values that read a report's fields only when a template asks.
pub(crate) fn lazy_reports(site: &SiteView) -> Vec<Value> {
    site.reports
        .iter()
        .map(|r| Value::from_object(LazyReport(r.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Site-wide pages read a report field by field: every field the view
    /// has must be one they can read, as a report's own pages can.
    #[test]
    fn the_lazy_report_lists_every_field_of_the_view() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let (portal, _) = crate::load::load_portal(
            &crate::load::Root::new(root),
            &|_, _, _, _| crate::diagnostics::Diagnostics::default(),
            None,
        );
        let portal = portal.expect("the base fixture loads");
        let site = crate::derive::derive(portal);
        let report = &site.reports[0];
        let json = serde_json::to_value(&**report).unwrap();
        let mut serialised: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut listed = REPORT_FIELDS.to_vec();
        serialised.sort_unstable();
        listed.sort_unstable();
        assert_eq!(listed, serialised);
        for field in REPORT_FIELDS {
            let lazy = report_field(report, field).unwrap();
            let full = report_value(report).get_attr(field).unwrap();
            assert_eq!(lazy.to_string(), full.to_string(), "{field}");
        }
    }
}
