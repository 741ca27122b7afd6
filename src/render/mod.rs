//! Render: turn the derived site view into page files with the theme's
//! minijinja templates. Every page gets one shared, reference-counted copy
//! of the site data; pages render in parallel.

mod lists;
pub(crate) mod templates;
pub(crate) mod values;

use crate::derive::{RegulationView, SiteView};
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
    Feedback,
    Search,
    Updates,
    Due,
    NotFound,
    /// A page (0 is the front) of the full problem list.
    Problems(usize),
    /// A page of a facet (by position in the site's facets).
    Facet(usize, usize),
    /// A page of the portal's regulations.
    Regulations(usize),
    /// A page of the list of reports.
    Reports(usize),
    Report(usize),
    /// A page of a report's regulations.
    ReportRegulations(usize, usize),
    /// A page of one area (by position) of a long report.
    Area(usize, usize, usize),
    Issue(usize, usize),
}

impl Page {
    /// The report whose folder the page is in, if any.
    pub(crate) fn report(self) -> Option<usize> {
        match self {
            Page::Report(r)
            | Page::ReportRegulations(r, _)
            | Page::Area(r, _, _)
            | Page::Issue(r, _) => Some(r),
            _ => None,
        }
    }
}

/// Every page of the site, in a fixed order.
pub(crate) fn all_pages(site: &SiteView) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Feedback,
        Page::Search,
        Page::Updates,
        Page::Due,
        Page::NotFound,
    ];
    let lists = &site.lists;
    pages.extend((0..lists.problems.pages.len()).map(Page::Problems));
    for (f, facet) in lists.facets.iter().enumerate() {
        pages.extend((0..facet.list.pages.len()).map(|p| Page::Facet(f, p)));
    }
    pages.extend((0..lists.regulations.pages.len()).map(Page::Regulations));
    pages.extend((0..lists.reports.pages.len()).map(Page::Reports));
    for (r, report) in site.reports.iter().enumerate() {
        pages.push(Page::Report(r));
        if let Some(list) = &report.lists.regulations {
            pages.extend((0..list.pages.len()).map(|p| Page::ReportRegulations(r, p)));
        }
        for (a, list) in report.lists.areas.iter().enumerate() {
            pages.extend((0..list.pages.len()).map(|p| Page::Area(r, a, p)));
        }
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
    /// The 指引's ColumnType: what kind of column the page belongs to.
    column_type: &'static str,
    article_title: Option<String>,
    /// `YYYY-MM-DD HH:MM` (or the date alone), as the 指引 writes PubDate.
    pub_date: Option<String>,
    source: Option<String>,
    description: Option<String>,
    keywords: Vec<String>,
    /// The page's absolute address, when the deployment URL is known.
    url: Option<String>,
    crumbs: Vec<Crumb>,
}

/// The compiled templates plus the shared site data.
pub(crate) struct Renderer<'a> {
    env: Environment<'static>,
    theme: &'a Theme,
    site: &'a SiteView,
    site_value: Value,
    /// Let each problem's body go once its page is rendered (a one-shot
    /// build, which renders every page once and indexes text first).
    release_bodies: bool,
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
            release_bodies: false,
        })
    }

    /// This renderer lets each problem's body go once the problem's page
    /// is rendered: a one-shot build's memory then shrinks as it goes.
    /// The search index must be segmented before.
    pub(crate) fn releasing_bodies(self) -> Renderer<'a> {
        Renderer {
            release_bodies: true,
            ..self
        }
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
        self.render_only(pages, &emit)?;
        for (name, file) in self.theme.statics() {
            emit(OutputFile {
                path: output::asset(name),
                bytes: file.bytes.clone(),
            });
        }
        Ok(())
    }

    /// Renders the given pages, handing each file to `emit`; without the
    /// theme's static files (a build renders its pages in parts).
    pub(crate) fn render_only(
        &self,
        pages: &[Page],
        emit: &(impl Fn(OutputFile) + Sync),
    ) -> Result<(), Diagnostics> {
        // A report's pages render together, sharing its template value,
        // which is dropped when they are done.
        let mut groups: Vec<(Option<usize>, Vec<Page>)> = Vec::new();
        for &page in pages {
            let report = page.report();
            match groups.last_mut() {
                Some((last, group)) if report.is_some() && *last == report => group.push(page),
                _ => groups.push((report, vec![page])),
            }
        }
        let render =
            |page: &Page, report: &Option<Value>| match self.render_with(*page, report.clone()) {
                Ok(file) => {
                    emit(file);
                    if let (true, Page::Issue(r, i)) = (self.release_bodies, page) {
                        self.site.reports[*r].issues[*i].release_body();
                    }
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
        Ok(())
    }

    /// Whether this renderer lets bodies go ([`Renderer::releasing_bodies`]).
    pub(crate) fn releases_bodies(&self) -> bool {
        self.release_bodies
    }

    /// A report's full template value, made while its pages render.
    fn report_value(&self, r: usize) -> Value {
        report_value(&self.site.reports[r])
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
                context! { recent => crate::derive::lists::HOME_REPORTS },
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
                meta.keywords = vec![
                    report.unit.clone(),
                    "巡察整改".into(),
                    report.source.clone(),
                ];
                (
                    output::report_page(&report.slug),
                    "report.html",
                    meta,
                    context! {
                        report => report_value,
                        due_href => self.due_href(r),
                    },
                )
            }
            Page::Problems(p) => {
                let list = &site.lists.problems;
                let path = list.path(p);
                let title = numbered("全部整改问题", p);
                let crumbs = list_crumbs(&path, "全部问题", output::PROBLEMS, p);
                let extra = context! {
                    list => context! { title => "全部整改问题", key => () },
                    groups => serialized(lists::site_rows(site, list, p)),
                    pager => serialized(lists::pager(list, p)),
                    facets => serialized(lists::facet_links(site, &path, None)),
                };
                (
                    path,
                    "problems.html",
                    self.meta("problems", &title, "整改问题", crumbs),
                    extra,
                )
            }
            Page::Facet(f, p) => {
                let facet = &site.lists.facets[f];
                let list = &facet.list;
                let path = list.path(p);
                let name = format!("{}的问题", facet.label);
                let title = numbered(&name, p);
                let mut crumbs = vec![home(&output::to_root(&path))];
                crumbs.push(link(
                    "全部问题",
                    &format!("{}{}", output::to_root(&path), output::PROBLEMS),
                ));
                crumbs.extend(
                    list_crumbs(&path, &facet.label, &list.front, p)
                        .into_iter()
                        .skip(1),
                );
                let extra = context! {
                    list => context! { title => name, key => facet.key.as_str(), kind => format!("{:?}", facet.kind) },
                    groups => serialized(lists::site_rows(site, list, p)),
                    pager => serialized(lists::pager(list, p)),
                    facets => serialized(lists::facet_links(site, &path, Some(&facet.key))),
                };
                (
                    path,
                    "problems.html",
                    self.meta("problems", &title, "整改问题", crumbs),
                    extra,
                )
            }
            Page::Regulations(p) => {
                let list = &site.lists.regulations;
                let path = list.path(p);
                let shown: Vec<&RegulationView> = list
                    .page_items(p)
                    .iter()
                    .map(|&i| &*site.regulations[i])
                    .collect();
                let crumbs = list_crumbs(&path, "规章制度", output::REGULATIONS, p);
                let extra = context! {
                    regulations => serialized(shown),
                    total => list.items.len(),
                    kinds => self.site_value.get_attr("regulation_counts")?,
                    pager => serialized(lists::pager(list, p)),
                    cited_shown => SITE_CITATIONS_SHOWN,
                };
                let title = numbered("规章制度", p);
                (
                    path,
                    "regulations.html",
                    self.meta("regulations", &title, "规章制度", crumbs),
                    extra,
                )
            }
            Page::Reports(p) => {
                let list = &site.lists.reports;
                let path = list.path(p);
                let all = self.site_value.get_attr("reports")?;
                let shown = list
                    .page_items(p)
                    .iter()
                    .map(|&r| all.get_item_by_index(r))
                    .collect::<Result<Vec<Value>, _>>()?;
                let crumbs = list_crumbs(&path, "整改通报", output::NOTICES, p);
                let extra = context! {
                    reports => shown,
                    pager => serialized(lists::pager(list, p)),
                };
                let title = numbered("全部整改通报", p);
                (
                    path,
                    "notices.html",
                    self.meta("notices", &title, "整改通报", crumbs),
                    extra,
                )
            }
            Page::ReportRegulations(r, p) => {
                let report = &site.reports[r];
                let list = report
                    .lists
                    .regulations
                    .as_ref()
                    .expect("only listed reports have regulation pages");
                let path = list.path(p);
                let root = output::to_root(&path);
                let name = format!("{}整改形成的制度文件", report.unit);
                let title = numbered(&name, p);
                let shown: Vec<&RegulationView> = list
                    .page_items(p)
                    .iter()
                    .map(|&i| &*report.regulations[i])
                    .collect();
                let mut crumbs = vec![
                    home(&root),
                    link(
                        &report.unit,
                        &format!("{root}{}", output::report_page(&report.slug)),
                    ),
                ];
                crumbs.extend(
                    list_crumbs(&path, "制度文件", &list.front, p)
                        .into_iter()
                        .skip(1),
                );
                (
                    path,
                    "regulations.html",
                    self.meta("regulations", &title, "规章制度", crumbs),
                    context! {
                        list_title => name,
                        regulations => serialized(shown),
                        total => list.items.len(),
                        kinds => report_value.get_attr("regulation_counts")?,
                        pager => serialized(lists::pager(list, p)),
                        cited_shown => REPORT_CITATIONS_SHOWN,
                        report => report_value,
                    },
                )
            }
            Page::Area(r, a, p) => {
                let report = &site.reports[r];
                let area = &report.areas[a];
                let list = &report.lists.areas[a];
                let path = list.path(p);
                let root = output::to_root(&path);
                let name = format!("{}、{}", area.label, area.title);
                let title = numbered(&format!("{} {}", report.unit, name), p);
                let mut crumbs = vec![
                    home(&root),
                    link(
                        &report.unit,
                        &format!("{root}{}", output::report_page(&report.slug)),
                    ),
                ];
                let label = format!("第{}方面", area.label);
                crumbs.extend(
                    list_crumbs(&path, &label, &list.front, p)
                        .into_iter()
                        .skip(1),
                );
                let areas: Vec<_> = report
                    .areas
                    .iter()
                    .zip(&report.lists.areas)
                    .enumerate()
                    .map(|(i, (area, list))| {
                        context! {
                            label => area.label.as_str(),
                            title => area.title.as_str(),
                            total => area.counts.total,
                            href => format!("{root}{}", list.front),
                            current => i == a,
                        }
                    })
                    .collect();
                let mut meta = self.meta("area", &title, "整改问题", crumbs);
                meta.source = Some(report.source.clone());
                (
                    path.clone(),
                    "area.html",
                    meta,
                    context! {
                        list => context! { title => name, report_href => format!("{root}{}", output::report_page(&report.slug)) },
                        area => serialized(area),
                        areas => areas,
                        groups => serialized(lists::area_rows(report, list, p)),
                        pager => serialized(lists::pager(list, p)),
                        report => report_value,
                    },
                )
            }
            Page::Issue(r, i) => {
                let report = &site.reports[r];
                let issue = &report.issues[i];
                let issue_value = minijinja::value::merge_maps([
                    context! { body_html => issue.body_html.read().as_str() },
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
                meta.keywords = vec![
                    report.unit.clone(),
                    report.areas[issue.area as usize - 1].title.clone(),
                    issue.status_label.to_string(),
                ];
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
        let mut meta = meta;
        meta.pub_date = meta.pub_date.map(|d| d.chars().take(16).collect());
        meta.url = match page {
            Page::NotFound => None,
            _ => site.base_url.as_ref().map(|base| format!("{base}{path}")),
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

    /// Where a report's page sends readers for its overdue (or else due
    /// soon) problems: the page of the portal-wide list that has them,
    /// at the report's heading.
    pub(crate) fn due_href(&self, r: usize) -> Option<String> {
        let lists = &self.site.lists;
        ["overdue", "due-soon"].iter().find_map(|key| {
            let list = &lists.facet(key)?.list;
            let at = list.items.iter().position(|i| i.report as usize == r)?;
            let slug = &self.site.reports[r].slug;
            Some(format!("{}#r-{slug}", list.path(list.page_of(at))))
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
            column_type: match kind {
                "home" => "首页",
                "feedback" => "互动交流",
                "search" => "搜索",
                "notfound" => "其他",
                _ => "信息公开",
            },
            article_title: None,
            pub_date: None,
            source: None,
            description: None,
            keywords: vec![self.site.name.clone(), column.to_string()],
            url: None,
            crumbs,
        }
    }
}

/// A plain value as a template value.
fn serialized(value: impl Serialize) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// Citing problems a row of the portal's regulations shows (the rest are
/// counted; each report's own list shows more).
const SITE_CITATIONS_SHOWN: usize = 5;
/// Citing problems a row of a report's regulations shows.
const REPORT_CITATIONS_SHOWN: usize = 20;

/// A list's title, with the page's position after the first.
fn numbered(title: &str, page: usize) -> String {
    match page {
        0 => title.to_string(),
        p => format!("{title}（第{}页）", p + 1),
    }
}

/// Breadcrumbs of page `page` of a list whose first page is `front`: home,
/// the list (a link after the first page), the page.
fn list_crumbs(path: &str, label: &str, front: &str, page: usize) -> Vec<Crumb> {
    let root = output::to_root(path);
    match page {
        0 => vec![home(&root), here(label)],
        p => vec![
            home(&root),
            link(label, &format!("{root}{front}")),
            here(&format!("第{}页", p + 1)),
        ],
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
