//! What a citizen reads years after a build is true on the day it was
//! built: the build date is an input (`--today`, `SOURCE_DATE_EPOCH`),
//! each status carries the day its progress is stated to, and a deadline
//! that passed after that day with nothing published since is said to
//! have passed, on the problem page, the home page and 逾期与即将到期.

mod common;

use common::*;
use std::fs;
use std::path::Path;

fn text(site: &Path, page: &str) -> String {
    let html = fs::read_to_string(site.join(page)).unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Builds the portal at `portal` into `out` for the day `day`.
fn build_for(portal: &Path, out: &Path, day: &str) {
    let done = run(
        portal,
        &[
            "build",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
            "--today",
            day,
        ],
    );
    assert!(done.status.success(), "{}", stderr(&done));
}

#[test]
fn pages_say_what_has_passed_since_the_progress_they_state() {
    let dir = tempfile::tempdir().unwrap();
    let later = dir.path().join("later");
    build_for(&repo(), &later, "2026-12-06");
    let page = text(&later, "reports/wenling-yingji-2023/issues/2-1-2.html");
    assert!(
        page.contains("整改状态：整改中（进展截至2023年9月7日）"),
        "{page}"
    );
    assert!(
        page.contains("整改时限2023年12月已过，此后未公布新的整改进展（本页生成于2026年12月6日）"),
        "{page}"
    );
    let done = text(&later, "reports/wenling-yingji-2023/issues/1-3-2.html");
    assert!(
        !done.contains("持续推进"),
        "an undated measure of a done problem is not 'ongoing'"
    );
    assert!(done.contains("未注明日期"), "{done}");
    let home = text(&later, "index.html");
    assert!(
        home.contains("进展截至2023年9月7日；本站生成于2026年12月6日"),
        "{home}"
    );
    assert!(
        home.contains(
            "另有2个问题的整改时限在通报公布后已过、未公布新进展；5个未完成的问题没有整改时限"
        ),
        "{home}"
    );
    // Two figures for one thing are never shown without saying why.
    let report = text(&later, "reports/wenling-yingji-2023/index.html");
    assert!(
        report.contains("通报称建立制度6项、完善制度6项，其中点明名称的为4项和4项"),
        "{report}"
    );
    assert!(report.contains("未完成4个（均在整改中）"), "{report}");
    let due = text(&later, "due.html");
    assert!(due.contains("时限已过、未公布新进展（2）"), "{due}");
    assert!(due.contains("未定时限（5）"), "{due}");
    assert!(
        due.contains("对安全生产社会化服务机构监管不够有力"),
        "{due}"
    );

    // Built the week the notice came out, nothing has passed yet.
    let then = dir.path().join("then");
    build_for(&repo(), &then, "2023-09-10");
    let page = text(&then, "reports/wenling-yingji-2023/issues/2-1-2.html");
    assert!(!page.contains("已过"), "{page}");
    assert!(text(&then, "due.html").contains("时限已过、未公布新进展（0）"));

    // SOURCE_DATE_EPOCH is the same input as --today: the same bytes.
    let by_epoch = dir.path().join("epoch");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .args(["build", "--quiet", "--out", by_epoch.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1796515200") // 2026-12-06 00:00 UTC
        .env_remove("ZHENGGAI_LANG")
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(snapshot(&by_epoch), snapshot(&later));

    let bad = run(
        &repo(),
        &[
            "build",
            "--quiet",
            "--out",
            dir.path().join("x").to_str().unwrap(),
            "--today",
            "明天",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("--today：“明天”要写到哪一天"),
        "{}",
        stderr(&bad)
    );
}

/// A portal whose notices give totals only shows their figures as the
/// notices state them, never a computed 0 or 0%.
#[test]
fn a_portal_of_totals_only_notices_shows_their_figures() {
    const NOTICE: &str = "关于十一届县委第三轮巡察集中整改进展情况的通报
发布时间：2024-03-15 10:00 来源：县委巡察办
根据县委统一部署，2023年9月1日至10月20日，县委第三巡察组对县农业农村局党组进行了巡察。2023年12月8日，县委第三巡察组向县农业农村局党组反馈了巡察意见。
截至目前，反馈问题697个，完成688个、基本完成4个、未完成5个。制定及完善制度15项。
";
    let portal = base_fixture();
    let p = portal.path();
    fs::write(p.join("notice.txt"), NOTICE).unwrap();
    let out = run(p, &["import", "notice.txt", "--slug", "round-3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    fs::remove_dir_all(p.join("content/reports/r1")).unwrap();
    let build = run(p, &["build", "--today", "2026-12-06"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let home = text(&p.join("site"), "index.html");
    assert!(home.contains("公布：问题总数697个，已完成688个"), "{home}");
    assert!(
        !home.contains("全部问题（0）") && !home.contains("已逾期0个"),
        "{home}"
    );
    assert!(!home.contains("0%"), "{home}");
    assert!(
        home.contains("以上为通报公布的数字；这些通报未逐项列出问题"),
        "{home}"
    );
    let list = text(&p.join("site"), "problems.html");
    assert!(
        list.contains("各通报只公布了总数，未逐项列出问题：《关于十一届县委第三轮巡察集中整改进展情况的通报》公布问题总数697个"),
        "{list}"
    );
    assert!(!list.contains("共0个问题"), "{list}");
}

/// Two builds for the same day are identical; a build for a later day
/// differs only in what the date decides (the statements of deadlines
/// passed, the build date, the lists of passed deadlines).
#[test]
fn a_later_build_date_changes_only_the_date_dependent_statements() {
    let dir = tempfile::tempdir().unwrap();
    let build = |name: &str, day: &str| {
        let out = dir.path().join(name);
        build_for(&repo(), &out, day);
        snapshot(&out)
    };
    let a = build("a", "2024-01-15");
    assert_eq!(
        a,
        build("b", "2024-01-15"),
        "same inputs, same day, same bytes"
    );
    let later = build("c", "2025-06-01");
    let date_dependent = regex::Regex::new(
        r"本站生成于[^。<]*|本页生成于[^）<]*|截至本站生成之日（[^）]*）|<p class=.lapsed.>[^<]*</p>|<span class=.tag tag-(?:due|lapsed).>[^<]*</span>|<span class=.date.>时限[^<]*</span>|时限已过、未公布新进展（\d+）|<section id=.lapsed.[\s\S]*?</section>|<a href=.#lapsed.>[^<]*</a>|另有 \d+ 个问题的整改时限[^；<]*|\d+ 个问题的整改时限在通报公布后已过、未公布新的整改进展",
    )
    .unwrap();
    let mut changed = 0;
    for (path, bytes) in &a {
        let other = &later[path];
        if bytes == other {
            continue;
        }
        changed += 1;
        let strip = |b: &[u8]| {
            date_dependent
                .replace_all(&String::from_utf8_lossy(b), "")
                .split_whitespace()
                .collect::<String>()
        };
        assert_eq!(
            strip(bytes),
            strip(other),
            "{} differs beyond the date",
            path.display()
        );
    }
    assert!(changed > 0, "a later day states something new");
}

/// A list read years on never says a problem is "N天后到期" when its
/// deadline has since passed with nothing published: the tag gives way to
/// 时限已过，未公布新进展, in every list. The problem's own page keeps the
/// figure, tied to the day it was counted from.
#[test]
fn a_list_read_after_the_deadline_does_not_count_down_to_it() {
    let portal = example_copy();
    let issue = portal
        .path()
        .join("content/reports/wenling-yingji-2023/issues/2-1-2.md");
    let text_before = fs::read_to_string(&issue).unwrap();
    // 13 days after the notice's as-of date, 2023-09-07.
    fs::write(
        &issue,
        text_before.replace("deadline: 2023-12", "deadline: 2023-09-20"),
    )
    .unwrap();
    let build_on = |day: &str| {
        let out = portal.path().join(format!("site-{day}"));
        build_for(portal.path(), &out, day);
        out
    };
    let lists = |site: &Path| {
        let mut pages = vec![
            text(site, "reports/wenling-yingji-2023/index.html"),
            text(site, "due.html"),
            text(site, "problems.html"),
        ];
        for entry in fs::read_dir(site.join("problems")).unwrap() {
            let name = entry.unwrap().file_name();
            pages.push(text(site, &format!("problems/{}", name.to_str().unwrap())));
        }
        pages
    };
    let title = "对安全生产社会化服务机构监管不够有力";
    // Each place a page names the problem, with what follows it (the
    // page's text without its markup).
    let rows_of = |pages: Vec<String>| -> Vec<String> {
        pages
            .iter()
            .flat_map(|page| {
                page.match_indices(title)
                    .map(|(at, _)| page[at..].chars().take(60).collect::<String>())
                    .collect::<Vec<_>>()
            })
            .collect()
    };

    let then = build_on("2023-09-10");
    let rows = rows_of(lists(&then));
    assert!(rows.len() >= 2, "the problem is listed: {rows:?}");
    assert!(rows.iter().any(|r| r.contains("13天后到期")), "{rows:?}");
    assert!(
        !rows.iter().any(|r| r.contains("已过，未公布新进展")),
        "{rows:?}"
    );

    let later = build_on("2026-12-06");
    let rows = rows_of(lists(&later));
    assert!(rows.len() >= 2, "the problem is listed: {rows:?}");
    for row in &rows {
        assert!(!row.contains("天后到期"), "{row}");
    }
    // The tag names the deadline it speaks of: the report page's rows
    // show no other date.
    assert!(
        rows.iter()
            .any(|r| r.contains("时限2023年9月20日已过，未公布新进展")),
        "{rows:?}"
    );
    let page = text(&later, "reports/wenling-yingji-2023/issues/2-1-2.html");
    assert!(
        page.contains("2023年9月20日（13天后到期，截至2023年9月7日）"),
        "{page}"
    );
    assert!(page.contains("整改时限2023年9月20日已过"), "{page}");
}

/// A notice that lists no problems and publishes no figure: its page says
/// both in one sentence, never "the figures below" above no figures.
#[test]
fn a_notice_without_problems_or_figures_says_so_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "p"]).status.success());
    let portal = dir.path().join("p");
    let folder = portal.join("content/reports/text-only");
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("report.md"),
        "---\ntitle: 中共某县水利局党组关于巡察整改情况的通报\nunit: 某县水利局党组\nsource: 县委巡察办\npublished: 2024-03-01\ninspection:\n  team: 县委第一巡察组\n  start: 2023-09-01\n  end: 2023-10-31\n  feedback: 2024-01-15\nareas: []\n---\n现将整改工作情况通报如下。\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    build_for(&portal, &out, "2026-12-06");
    let page = text(&out, "reports/text-only/index.html");
    assert!(
        page.contains("本通报未逐项列出问题，也未公布整改数字。"),
        "{page}"
    );
    assert!(!page.contains("以下为通报公布的数字"), "{page}");
}

/// The home page's figures add up: a problem 基本完成 is neither 已完成
/// nor 未完成, so it has its own figure there, as on the report's page.
#[test]
fn the_home_pages_figures_add_up_with_a_problem_basically_done() {
    let portal = base_fixture();
    let p = portal.path();
    let file = p.join("content/reports/r1/issues/a.md");
    let was = fs::read_to_string(&file).unwrap();
    let status = was.lines().find(|l| l.starts_with("status:")).unwrap();
    fs::write(&file, was.replacen(status, "status: 基本完成", 1)).unwrap();
    let site = p.join("out");
    build_for(p, &site, "2026-12-06");
    for page in [
        "index.html".to_string(),
        "reports/r1/index.html".to_string(),
    ] {
        let html = fs::read_to_string(site.join(&page)).unwrap();
        let figures = html.split("<ul class=\"figures\">").nth(1).unwrap();
        let figures = figures.split("</ul>").next().unwrap();
        let figure = |label: &str| -> usize {
            let marker = format!("<span class=\"figlabel\">{label}");
            assert!(
                figures.contains(&marker),
                "{page}: no figure {label}: {figures}"
            );
            let before = figures.split(&marker).next().unwrap();
            let number = before.rsplit("<span class=\"fig\">").next().unwrap();
            number.split('<').next().unwrap().parse().unwrap()
        };
        let (total, done, basic, open) = (
            figure("问题总数"),
            figure("已完成"),
            figure("基本完成"),
            figure("未完成"),
        );
        assert_eq!(basic, 1, "{page}");
        assert_eq!(total, done + basic + open, "{page}: {figures}");
    }
}
