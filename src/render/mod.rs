//! Render: turn the derived site view into page files with the theme's
//! minijinja templates. Every page gets one shared, reference-counted copy
//! of the site data; pages render in parallel.

pub(crate) mod templates;
pub(crate) mod values;

use crate::derive::SiteView;
use crate::diagnostics::Diagnostics;
use crate::load::theme::Theme;
use crate::output::{self, OutputFile};
use minijinja::{context, Environment, Value};
use rayon::prelude::*;
use serde::Serialize;
pub(crate) use templates::compile;
use templates::report_template_error;
pub(crate) use values::report_value;

/// A page to render: which template, where it goes, and what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    Home,
    Problems,
    Regulations,
    Feedback,
    Search,
    Updates,
    Due,
    NotFound,
    Report(usize),
    ReportRegulations(usize),
    Issue(usize, usize),
}

/// Every page of the site, in a fixed order.
pub(crate) fn all_pages(site: &SiteView) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Problems,
        Page::Regulations,
        Page::Feedback,
        Page::Search,
        Page::Updates,
        Page::Due,
        Page::NotFound,
    ];
    for (r, report) in site.reports.iter().enumerate() {
        pages.push(Page::Report(r));
        pages.push(Page::ReportRegulations(r));
        pages.extend((0..report.issues.len()).map(|i| Page::Issue(r, i)));
    }
    pages
}

/// Breadcrumb entry; `href` is `None` for the current page.
#[derive(Debug, Serialize)]
struct Crumb {
    label: String,
    href: Option<String>,
}

/// What the base template needs to know about the page itself.
#[derive(Debug, Serialize)]
struct PageMeta {
    kind: &'static str,
    title: String,
    column: &'static str,
    article_title: Option<String>,
    pub_date: Option<String>,
    source: Option<String>,
    description: Option<String>,
    crumbs: Vec<Crumb>,
}

/// The compiled templates plus the shared site data.
pub(crate) struct Renderer<'a> {
    env: Environment<'static>,
    theme: &'a Theme,
    site: &'a SiteView,
    site_value: Value,
    /// Full template values of the reports, kept by watch mode between
    /// rebuilds; empty in a one-shot build, which makes them per report.
    report_values: Vec<Value>,
}

impl<'a> Renderer<'a> {
    /// Compiles every template once; syntax errors are reported with the
    /// template file and line.
    ///
    /// Reports become template values only while their own pages render
    /// (site-wide pages read them field by field), so a large portal never
    /// holds a template copy of every report at once.
    pub(crate) fn new(theme: &'a Theme, site: &'a SiteView) -> Result<Renderer<'a>, Diagnostics> {
        Ok(Renderer {
            env: compile(theme)?,
            theme,
            site,
            site_value: values::site_value(site, values::lazy_reports(site)),
            report_values: Vec::new(),
        })
    }

    /// As `new`, with the reports' template values given (one per report,
    /// in the site's order).
    pub(crate) fn with_report_values(
        theme: &'a Theme,
        site: &'a SiteView,
        report_values: Vec<Value>,
    ) -> Result<Renderer<'a>, Diagnostics> {
        let env = compile(theme)?;
        let site_value = values::site_value(site, report_values.clone());
        Ok(Renderer {
            env,
            theme,
            site,
            site_value,
            report_values,
        })
    }

    /// Renders the given pages, plus the theme's static files.
    pub(crate) fn render_pages(&self, pages: &[Page]) -> Result<Vec<OutputFile>, Diagnostics> {
        let files = std::sync::Mutex::new(Vec::with_capacity(pages.len() + 8));
        self.render_each(pages, |file| files.lock().unwrap().push(file))?;
        let mut files = files.into_inner().unwrap();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Renders the given pages and the theme's static files, handing each
    /// file to `emit` (from several threads) as soon as it is ready, so a
    /// build can write pages without holding them all. Template errors are
    /// collected from every page.
    pub(crate) fn render_each(
        &self,
        pages: &[Page],
        emit: impl Fn(OutputFile) + Sync,
    ) -> Result<(), Diagnostics> {
        // A report's pages render together, sharing its template value,
        // which is dropped when they are done.
        let mut groups: Vec<(Option<usize>, Vec<Page>)> = Vec::new();
        for &page in pages {
            let report = match page {
                Page::Report(r) | Page::ReportRegulations(r) | Page::Issue(r, _) => Some(r),
                _ => None,
            };
            match groups.last_mut() {
                Some((last, group)) if report.is_some() && *last == report => group.push(page),
                _ => groups.push((report, vec![page])),
            }
        }
        let render =
            |page: &Page, report: &Option<Value>| match self.render_with(*page, report.clone()) {
                Ok(file) => {
                    emit(file);
                    None
                }
                Err(err) => Some(err),
            };
        let errors: Vec<minijinja::Error> = groups
            .par_iter()
            .flat_map(|(report, pages)| {
                let value = report.map(|r| self.report_value(r));
                pages
                    .par_iter()
                    .filter_map(|page| render(page, &value))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut diags = Diagnostics::default();
        for err in &errors {
            report_template_error(err, self.theme, &mut diags);
        }
        if diags.has_errors() {
            return Err(diags);
        }
        for (name, file) in self.theme.statics() {
            emit(OutputFile {
                path: output::asset(name),
                bytes: file.bytes.clone(),
            });
        }
        Ok(())
    }

    /// A report's full template value: the one given to
    /// `with_report_values`, or made now.
    fn report_value(&self, r: usize) -> Value {
        match self.report_values.get(r) {
            Some(value) => value.clone(),
            None => report_value(&self.site.reports[r]),
        }
    }

    /// Renders one page; `report` is the value of the page's report.
    fn render_with(
        &self,
        page: Page,
        report: Option<Value>,
    ) -> Result<OutputFile, minijinja::Error> {
        let site = self.site;
        let report_value = report.unwrap_or_default();
        let (path, template, meta, extra) = match page {
            Page::Home => (
                output::HOME.to_string(),
                "index.html",
                self.meta("home", &site.name, "首页", vec![]),
                context! {},
            ),
            Page::Problems => (
                output::PROBLEMS.into(),
                "problems.html",
                self.meta(
                    "problems",
                    "全部整改问题",
                    "整改问题",
                    vec![home(""), here("全部整改问题")],
                ),
                context! {},
            ),
            Page::Regulations => (
                output::REGULATIONS.into(),
                "regulations.html",
                self.meta(
                    "regulations",
                    "规章制度",
                    "规章制度",
                    vec![home(""), here("规章制度")],
                ),
                context! {
                    regulations => self.site_value.get_attr("regulations")?,
                    kinds => self.site_value.get_attr("regulation_counts")?,
                },
            ),
            Page::Feedback => (
                output::FEEDBACK.into(),
                "feedback.html",
                self.meta(
                    "feedback",
                    "意见反馈",
                    "意见反馈",
                    vec![home(""), here("意见反馈")],
                ),
                context! {},
            ),
            Page::Search => (
                output::SEARCH.into(),
                "search.html",
                self.meta("search", "搜索", "搜索", vec![home(""), here("搜索")]),
                context! {},
            ),
            Page::Updates => (
                output::UPDATES.into(),
                "updates.html",
                self.meta(
                    "updates",
                    "最近更新",
                    "最近更新",
                    vec![home(""), here("最近更新")],
                ),
                context! {},
            ),
            Page::Due => (
                output::DUE.into(),
                "due.html",
                self.meta(
                    "due",
                    "逾期与即将到期",
                    "整改问题",
                    vec![home(""), here("逾期与即将到期")],
                ),
                context! {},
            ),
            Page::NotFound => (
                output::NOT_FOUND.into(),
                "404.html",
                self.meta("notfound", "页面未找到", "页面未找到", vec![]),
                context! {},
            ),
            Page::Report(r) => {
                let report = &site.reports[r];
                let mut meta = self.meta(
                    "report",
                    &report.title,
                    "整改通报",
                    vec![home("../../"), here(&report.unit)],
                );
                meta.article_title = Some(report.title.clone());
                meta.pub_date = Some(report.published.clone());
                meta.source = Some(report.source.clone());
                (
                    output::report_page(&report.slug),
                    "report.html",
                    meta,
                    context! { report => report_value },
                )
            }
            Page::ReportRegulations(r) => {
                let report = &site.reports[r];
                let title = format!("{}整改形成的制度文件", report.unit);
                (
                    output::report_regulations_page(&report.slug),
                    "regulations.html",
                    self.meta(
                        "regulations",
                        &title,
                        "规章制度",
                        vec![
                            home("../../"),
                            link(&report.unit, "index.html"),
                            here("制度文件"),
                        ],
                    ),
                    context! {
                        regulations => report_value.get_attr("regulations")?,
                        kinds => report_value.get_attr("regulation_counts")?,
                        report => report_value,
                    },
                )
            }
            Page::Issue(r, i) => {
                let report = &site.reports[r];
                let issue = &report.issues[i];
                let issue_value = minijinja::value::merge_maps([
                    context! { body_html => issue.body_html.as_str() },
                    report_value.get_attr("issues")?.get_item_by_index(i)?,
                ]);
                let mut meta = self.meta(
                    "issue",
                    &issue.title,
                    "整改问题",
                    vec![
                        home("../../../"),
                        link(&report.unit, "../index.html"),
                        here(&issue.place),
                    ],
                );
                meta.article_title = Some(issue.title.clone());
                meta.pub_date = Some(report.published.clone());
                meta.source = Some(report.source.clone());
                meta.description = Some(format!(
                    "{} {} 整改状态：{}",
                    issue.place, issue.title, issue.status_label
                ));
                (
                    output::issue_page(&report.slug, &issue.slug),
                    "issue.html",
                    meta,
                    context! { report => report_value, issue => issue_value },
                )
            }
        };
        let root = match page {
            // A 404 is served at any depth: absolute links when the
            // deployment URL is known, else links from the site root.
            Page::NotFound => site.base_url.clone().unwrap_or_default(),
            _ => output::to_root(&path),
        };
        let template = self.env.get_template(template)?;
        let ctx = context! {
            site => self.site_value.clone(),
            root => root,
            page => Value::from(minijinja::value::Serde(&meta)),
            ..extra
        };
        let html = template.render(ctx)?;
        Ok(OutputFile {
            path,
            bytes: html.into_bytes(),
        })
    }

    fn meta(
        &self,
        kind: &'static str,
        title: &str,
        column: &'static str,
        crumbs: Vec<Crumb>,
    ) -> PageMeta {
        PageMeta {
            kind,
            title: title.to_string(),
            column,
            article_title: None,
            pub_date: None,
            source: None,
            description: None,
            crumbs,
        }
    }
}

fn home(root: &str) -> Crumb {
    link("首页", &format!("{root}index.html"))
}

fn link(label: &str, href: &str) -> Crumb {
    Crumb {
        label: label.to_string(),
        href: Some(href.to_string()),
    }
}

fn here(label: &str) -> Crumb {
    Crumb {
        label: label.to_string(),
        href: None,
    }
}
