//! The site as templates see it. Views become minijinja values lazily:
//! `site` is an object whose large parts (the portal-wide regulations, each
//! report) turn into values only when a template reads them, so pages that
//! do not use them pay nothing and a large portal is never held twice.

use crate::derive::{ContactView, Counts, KindCounts, RegulationView, SiteView, StatusView};
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
    counts: &'a Counts,
    regulation_counts: &'a KindCounts,
    statuses: &'a [StatusView],
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
            "counts",
            "regulations",
            "regulation_counts",
            "statuses",
            "reports",
        ])
    }
}

/// A report for the site-wide pages: each field becomes a template value
/// when a template reads it, and is not kept. The home page reads a few
/// small fields of every report; only the problem list reads `issues`.
#[derive(Debug)]
struct LazyReport(std::sync::Arc<crate::derive::ReportView>);

/// The fields of `ReportView` as templates name them.
const REPORT_FIELDS: &[&str] = &[
    "slug",
    "title",
    "unit",
    "source",
    "published",
    "published_zh",
    "published_date",
    "as_of",
    "as_of_zh",
    "inspection",
    "intro_html",
    "closing_html",
    "contact",
    "counts",
    "areas",
    "accountability",
    "accountability_total",
    "recovered_yuan",
    "declared",
    "declared_figures",
    "funds",
    "document_number",
    "listed",
    "regulations",
    "regulation_counts",
    "issues",
];

impl minijinja::value::Object for LazyReport {
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        let r = &*self.0;
        fn v<T: Serialize>(field: T) -> Value {
            Value::from(minijinja::value::Serde(field))
        }
        Some(match key.as_str()? {
            "slug" => v(&r.slug),
            "title" => v(&r.title),
            "unit" => v(&r.unit),
            "source" => v(&r.source),
            "published" => v(&r.published),
            "published_zh" => v(&r.published_zh),
            "published_date" => v(&r.published_date),
            "as_of" => v(&r.as_of),
            "as_of_zh" => v(&r.as_of_zh),
            "inspection" => v(&r.inspection),
            "intro_html" => v(&r.intro_html),
            "closing_html" => v(&r.closing_html),
            "contact" => v(&r.contact),
            "counts" => v(&r.counts),
            "areas" => v(&r.areas),
            "accountability" => v(&r.accountability),
            "accountability_total" => v(r.accountability_total),
            "recovered_yuan" => v(&r.recovered_yuan),
            "declared" => v(&r.declared),
            "declared_figures" => v(&r.declared_figures),
            "funds" => v(&r.funds),
            "document_number" => v(&r.document_number),
            "listed" => v(r.listed),
            "regulations" => v(&r.regulations),
            "regulation_counts" => v(&r.regulation_counts),
            "issues" => v(&r.issues),
            _ => return None,
        })
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(REPORT_FIELDS)
    }
}

/// A report as templates see it. Converting is the costly part of turning
/// data into template values, so callers may keep these between builds.
pub(crate) fn report_value(report: &crate::derive::ReportView) -> Value {
    Value::from(minijinja::value::Serde(report))
}

/// The `site` value of a render: the site's own fields plus the given
/// report values (full ones in watch mode, lazy ones in a build).
pub(crate) fn site_value(site: &SiteView, report_values: Vec<Value>) -> Value {
    let fields = SiteFields {
        name: &site.name,
        publisher: &site.publisher,
        base_url: &site.base_url,
        description_html: &site.description_html,
        contact: &site.contact,
        counts: &site.counts,
        regulation_counts: &site.regulation_counts,
        statuses: &site.statuses,
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
