//! `sitemap.xml` and `robots.txt`. A sitemap must list absolute URLs, so it
//! is written only when the deployment URL is known; `robots.txt` always is,
//! pointing at the sitemap when there is one. (Crawlers read `robots.txt`
//! only at a host's root: under a sub-path it is harmless and the sitemap
//! can be submitted to the search engines directly.)

use super::{url, xml_escape};
use crate::derive::SiteView;
use crate::output::{self, OutputFile};
use std::borrow::Cow;
use std::fmt::Write;

/// `robots.txt`, and `sitemap.xml` when the base URL is known.
pub(crate) fn files(site: &SiteView) -> Vec<OutputFile> {
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    let mut files = Vec::new();
    if super::base(site).is_some() {
        let _ = writeln!(robots, "Sitemap: {}", url(site, output::SITEMAP));
        files.extend(sitemaps(site));
    }
    files.push(OutputFile {
        path: output::ROBOTS.into(),
        bytes: robots.into_bytes(),
    });
    files
}

/// URLs one sitemap file may list (the protocol's limit).
pub(crate) const URLS_PER_SITEMAP: usize = 50_000;

/// The day a page last changed, where the content says.
type LastChanged<'a> = Option<Cow<'a, str>>;

/// Every page a reader may land on, with the date it last changed where
/// the content says (a problem's latest measure, a report's publication).
/// Past 50,000 pages `sitemap.xml` becomes an index of `sitemap-N.xml`.
fn sitemaps(site: &SiteView) -> Vec<OutputFile> {
    let mut pages: Vec<(String, LastChanged<'_>)> =
        [output::HOME, output::FEEDBACK, output::UPDATES, output::DUE]
            .iter()
            .map(|p| (p.to_string(), None))
            .collect();
    let lists = &site.lists;
    for list in [&lists.problems]
        .into_iter()
        .chain(lists.facets.iter().map(|f| &f.list))
    {
        pages.extend((0..list.pages.len()).map(|p| (list.path(p), None)));
    }
    pages.extend((0..lists.regulations.pages.len()).map(|p| (lists.regulations.path(p), None)));
    pages.extend((0..lists.reports.pages.len()).map(|p| (lists.reports.path(p), None)));
    for report in &site.reports {
        let published = Some(Cow::Borrowed(report.published_date.as_str()));
        pages.push((output::report_page(&report.slug), published.clone()));
        let report_lists = report.lists.regulations.iter().chain(&report.lists.areas);
        for list in report_lists {
            pages.extend((0..list.pages.len()).map(|p| (list.path(p), published.clone())));
        }
        for issue in &report.issues {
            pages.push((
                output::issue_page(&report.slug, &issue.slug),
                match issue.last_date {
                    Some(day) => Some(Cow::Owned(day.to_string())),
                    None => published.clone(),
                },
            ));
        }
        // Attachments are documents search engines index too.
        for file in &report.files {
            pages.push((output::link(&file.output), None));
        }
    }
    let chunks: Vec<&[(String, LastChanged<'_>)]> = pages.chunks(URLS_PER_SITEMAP).collect();
    if chunks.len() == 1 {
        return vec![urlset(output::SITEMAP, site, chunks[0])];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (n, chunk) in chunks.iter().enumerate() {
        let path = output::sitemap_part(n + 1);
        let _ = writeln!(
            index,
            "  <sitemap><loc>{}</loc></sitemap>",
            xml_escape(&url(site, &path))
        );
        files.push(urlset(&path, site, chunk));
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile {
        path: output::SITEMAP.into(),
        bytes: index.into_bytes(),
    });
    files
}

fn urlset(path: &str, site: &SiteView, pages: &[(String, LastChanged<'_>)]) -> OutputFile {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (page, changed) in pages {
        let _ = write!(x, "  <url><loc>{}</loc>", xml_escape(&url(site, page)));
        // A sitemap date is a full date: 2023-04 becomes 2023-04-01.
        if let Some(date) = changed {
            let _ = write!(x, "<lastmod>{}</lastmod>", &super::rfc3339(date)[..10]);
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    OutputFile {
        path: path.to_string(),
        bytes: x.into_bytes(),
    }
}
