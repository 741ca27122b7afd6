//! Writes a synthetic portal for benchmarks and scale tests:
//!
//! ```text
//! cargo run --release --example corpus -- --problems 10000 --out /tmp/corpus
//! ```
//!
//! produces `/tmp/corpus/portal/` (a zhenggai portal root) and
//! `/tmp/corpus/hugo/` (a Hugo site with minimal layouts rendering the same
//! fields), so the two generators are compared on identical content. The
//! output depends only on `--problems` and `--seed`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// splitmix64: a tiny deterministic generator, so the corpus is the same on
/// every machine without pulling in a random-number crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &[
    "温岭", "临海", "椒江", "黄岩", "路桥", "玉环", "天台", "仙居", "三门", "龙港", "瑞安", "乐清",
    "永嘉", "文成", "平阳", "苍南", "泰顺", "洞头",
];
const UNITS: &[&str] = &[
    "应急管理局",
    "市场监督管理局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "卫生健康局",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "生态环境局",
    "综合行政执法局",
    "商务局",
    "文化和广电旅游体育局",
];
const TEAMS: &[&str] = &["第一", "第二", "第三", "第四", "第五", "第六"];
const AREAS: &[&str] = &[
    "在聚焦贯彻落实党的理论路线方针政策和党中央决策部署情况方面",
    "在聚焦群众身边腐败问题和不正之风方面",
    "在聚焦基层党组织领导班子和干部队伍建设方面",
    "在聚焦落实全面从严治党主体责任和监督责任方面",
    "在聚焦巡察、审计等监督发现问题整改落实方面",
];
const TOPICS: &[&str] = &[
    "安全生产",
    "森林消防",
    "烟花爆竹",
    "危险化学品",
    "防汛防台",
    "应急预案",
    "行政执法",
    "公车管理",
    "工会经费",
    "年休假",
    "财务管理",
    "政府采购",
    "工程项目",
    "专项资金",
    "党风廉政",
    "干部选任",
    "党员发展",
    "档案管理",
    "物资管理",
    "信息公开",
    "社会化服务",
    "避灾安置",
    "食品安全",
    "校园安全",
    "农村饮水",
    "河道管理",
    "燃气安全",
    "消防通道",
    "执法证件",
    "案卷归档",
];
const PROBLEMS: &[&str] = &[
    "制度执行不严格",
    "监管存在漏洞",
    "审批把关不严",
    "台账资料不全",
    "责任落实不到位",
    "整改推进缓慢",
    "资金使用不规范",
    "信息公开不及时",
    "培训考核走过场",
    "程序不规范",
    "底数不清",
    "督促指导不够有力",
];
const ACTIONS: &[&str] = &[
    "组织专题学习",
    "开展全面排查",
    "召开专题会议",
    "印发整改方案",
    "约谈相关单位",
    "建立工作台账",
    "开展“回头看”",
    "组织业务培训",
    "完成现场核验",
    "收回违规资金",
    "修订管理制度",
    "开展专项检查",
    "通报典型案例",
    "落实专人负责",
];
const OBJECTS: &[&str] = &[
    "对全市相关企业",
    "对所属镇（街道）",
    "对机关各科室",
    "对2019年以来的案卷",
    "对重点行业领域",
    "对社会化服务机构",
    "对基层站所",
    "对在建工程项目",
];
const RESULTS: &[&str] = &[
    "发现问题",
    "完成整改",
    "形成闭环",
    "建立长效机制",
    "全部归档",
    "整改销号",
    "督促落实到位",
    "纳入年度考核",
];
const COMPANIES: &[&str] = &[
    "宏大液化气有限公司",
    "亿腾铝业有限公司",
    "南洋漆业有限公司",
    "晋浙树脂厂",
    "银中建设有限公司",
    "利都汽车租赁服务有限公司",
    "东海船舶修造有限公司",
    "新河机电有限公司",
];
const SENTENCES: &[&str] = &[
    "整改过程中坚持问题导向，逐项明确责任领导、责任科室和完成时限。",
    "针对巡察指出的问题，举一反三开展自查，做到查改结合、立行立改。",
    "建立整改工作台账，实行清单化管理，完成一项、销号一项。",
    "加强督促检查，定期通报整改进度，对推进缓慢的单位进行约谈。",
    "注重建章立制，把整改成果转化为长效管理制度。",
    "主动接受群众监督，对反映的问题及时核实、及时答复。",
    "结合日常监管工作，把整改要求落实到执法检查全过程。",
    "组织干部职工深入学习有关规定，增强规矩意识和纪律意识。",
];

/// One generated problem, shared by both outputs.
struct Problem {
    slug: String,
    area: usize,
    group: usize,
    number: usize,
    title: String,
    status: &'static str,
    deadline: Option<String>,
    measures: Vec<(String, String)>,
    regulations: Vec<Regulation>,
    body: String,
}

struct Report {
    slug: String,
    title: String,
    unit: String,
    team: String,
    published: String,
    areas: Vec<(String, Vec<String>)>,
    problems: Vec<Problem>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("usage: corpus [--problems N] [--out DIR] [--seed S]");
        return;
    }
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let problems: usize = value("--problems")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let out = PathBuf::from(value("--out").unwrap_or_else(|| "corpus".into()));
    let seed: u64 = value("--seed").and_then(|v| v.parse().ok()).unwrap_or(2023);
    let reports = write_corpus(problems, &out, seed).expect("write corpus");
    println!(
        "wrote {problems} problems in {reports} reports to {}/portal and {}/hugo",
        out.display(),
        out.display()
    );
}

/// Writes `out/portal` and `out/hugo` with `problems` problems; returns the
/// number of reports. Benchmarks include this file to call it directly.
pub fn write_corpus(problems: usize, out: &Path, seed: u64) -> std::io::Result<usize> {
    let mut rng = Rng(seed);
    let reports = generate(&mut rng, problems);
    let _ = fs::remove_dir_all(out.join("portal"));
    let _ = fs::remove_dir_all(out.join("hugo"));
    write_portal(&out.join("portal"), &reports)?;
    write_hugo(&out.join("hugo"), &reports)?;
    Ok(reports.len())
}

fn generate(rng: &mut Rng, total: usize) -> Vec<Report> {
    let mut reports = Vec::new();
    let mut left = total;
    // Document numbers are unique across the corpus.
    let mut serial = 0;
    while left > 0 {
        let size = rng.range(30, 100).min(left);
        left -= size;
        let n = reports.len();
        let unit = format!("{}市{}", rng.pick(PLACES), rng.pick(UNITS));
        let year = 2019 + (n % 6);
        let month = 1 + n % 12;
        let area_count = rng.range(2, 5).min(size);
        let mut areas: Vec<(String, Vec<String>)> = (0..area_count)
            .map(|a| (AREAS[a].to_string(), Vec::new()))
            .collect();
        let mut problems = Vec::with_capacity(size);
        let mut cited = Vec::new();
        for i in 0..size {
            let area = i * area_count / size;
            // A new group every 1-4 problems within an area.
            let groups = &mut areas[area].1;
            if groups.is_empty() || rng.below(3) == 0 {
                groups.push(format!("{}{}", rng.pick(TOPICS), rng.pick(PROBLEMS)));
            }
            let group = groups.len();
            let number = problems
                .iter()
                .filter(|p: &&Problem| p.area == area + 1 && p.group == group)
                .count()
                + 1;
            problems.push(problem(
                rng,
                year,
                (area + 1, group, number),
                &mut cited,
                &mut serial,
            ));
        }
        reports.push(Report {
            slug: format!("r{:05}", n + 1),
            title: format!("中共{unit}委员会关于巡察整改进展情况的通报"),
            team: format!("市委{}巡察组", rng.pick(TEAMS)),
            published: format!("{year}-{month:02}-{:02} 10:00:00", 1 + n % 28),
            unit,
            areas,
            problems,
        });
    }
    reports
}

/// A cited document: number, title, issue date, kind.
type Regulation = (String, String, String, &'static str);

fn problem(
    rng: &mut Rng,
    year: usize,
    (area, group, number): (usize, usize, usize),
    cited: &mut Vec<Regulation>,
    serial: &mut usize,
) -> Problem {
    let topic = rng.pick(TOPICS);
    let title = format!(
        "{topic}{}，{}{}",
        rng.pick(PROBLEMS),
        rng.pick(OBJECTS).trim_start_matches('对'),
        rng.pick(PROBLEMS)
    );
    let status = match rng.below(10) {
        0..=6 => "done",
        7 => "basically_done",
        8 => "in_progress",
        _ => "not_done",
    };
    let mut measures: Vec<(String, String)> = (0..rng.range(3, 6))
        .map(|_| {
            let date = format!("{year}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28));
            let text = format!(
                "围绕{topic}问题，{}{}，涉及{}，{}{}项，挽回经济损失{}元。",
                rng.pick(OBJECTS),
                rng.pick(ACTIONS),
                rng.pick(COMPANIES),
                rng.pick(RESULTS),
                rng.range(1, 60),
                rng.range(1000, 500_000)
            );
            (date, text)
        })
        .collect();
    measures.sort();
    let mut regulations = Vec::new();
    for _ in 0..rng.below(3) {
        // One in four citations re-cites a document of the same report, as
        // notices do when one rule answers several problems.
        if !cited.is_empty() && rng.below(4) == 0 {
            let again = cited[rng.below(cited.len())].clone();
            if !regulations.iter().any(|r: &Regulation| r.0 == again.0) {
                regulations.push(again);
            }
            continue;
        }
        *serial += 1;
        let prefix = rng.pick(&["温应急", "台安委", "温政办发", "温纪发", "温市监"]);
        let brackets = if rng.below(2) == 0 {
            ("[", "]")
        } else {
            ("〔", "〕")
        };
        let number = format!("{prefix}{}{year}{}{}号", brackets.0, brackets.1, serial);
        let title = format!(
            "关于加强{topic}{}的规定",
            rng.pick(&["管理", "监督", "考核", "审批"])
        );
        let date = format!("{year}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28));
        let kind = if rng.below(2) == 0 {
            "established"
        } else {
            "revised"
        };
        let regulation = (number, title, date, kind);
        cited.push(regulation.clone());
        regulations.push(regulation);
    }
    let mut body = String::new();
    let target = rng.range(300, 1500);
    while body.chars().count() < target {
        if rng.below(4) == 0 {
            let _ = write!(
                body,
                "\n\n## {}\n\n",
                rng.pick(&["整改进展", "下一步打算", "工作成效"])
            );
        }
        body.push_str(rng.pick(SENTENCES));
        if rng.below(5) == 0 {
            body.push_str("\n\n- ");
            body.push_str(rng.pick(ACTIONS));
            body.push_str("\n- ");
            body.push_str(rng.pick(RESULTS));
            body.push_str("\n\n");
        }
    }
    let deadline = (status != "done" && rng.below(2) == 0).then(|| format!("{}-12", year + 1));
    Problem {
        slug: format!("{area}-{group}-{number}"),
        area,
        group,
        number,
        title,
        status,
        deadline,
        measures,
        regulations,
        body,
    }
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_portal(root: &Path, reports: &[Report]) -> std::io::Result<()> {
    let content = root.join("content");
    fs::create_dir_all(&content)?;
    fs::write(
        content.join("portal.yaml"),
        "name: 巡察整改公开（基准测试）\npublisher: 市委巡察办\ncontact:\n  phone: 0576-86161521\n  email: feedback@example.org\n  address: 人民东路200号\n  postcode: \"317500\"\n",
    )?;
    for r in reports {
        let dir = content.join("reports").join(&r.slug);
        fs::create_dir_all(dir.join("issues"))?;
        let mut md = String::new();
        let _ = writeln!(
            md,
            "---\ntitle: {}\nunit: {}\nsource: 市委巡察办\npublished: {}",
            yaml_str(&r.title),
            yaml_str(&r.unit),
            r.published
        );
        let year = &r.published[..4];
        let _ = writeln!(md, "inspection:\n  team: {}\n  start: {year}-01-10\n  end: {year}-02-20\n  feedback: {year}-03-15\nareas:", r.team);
        for (title, groups) in &r.areas {
            let _ = writeln!(md, "  - title: {}\n    groups:", yaml_str(title));
            for g in groups {
                let _ = writeln!(md, "      - title: {}", yaml_str(g));
            }
        }
        let _ = writeln!(
            md,
            "declared:\n  problems: {}\n---\n按照巡察工作有关要求，现将整改进展情况予以公布。",
            r.problems.len()
        );
        fs::write(dir.join("report.md"), md)?;
        for p in &r.problems {
            let mut md = String::new();
            let _ = writeln!(
                md,
                "---\narea: {}\ngroup: {}\nnumber: {}\ntitle: {}\nstatus: {}",
                p.area,
                p.group,
                p.number,
                yaml_str(&p.title),
                p.status
            );
            if let Some(d) = &p.deadline {
                let _ = writeln!(md, "deadline: {d}");
            }
            let _ = writeln!(md, "measures:");
            for (date, text) in &p.measures {
                let _ = writeln!(md, "  - date: {date}\n    text: {}", yaml_str(text));
            }
            if !p.regulations.is_empty() {
                let _ = writeln!(md, "regulations:");
                for (number, title, date, kind) in &p.regulations {
                    let _ = writeln!(
                        md,
                        "  - number: {}\n    title: {}\n    issued: {date}\n    kind: {kind}",
                        yaml_str(number),
                        yaml_str(title)
                    );
                }
            }
            let _ = write!(md, "---\n{}\n", p.body);
            fs::write(dir.join("issues").join(format!("{}.md", p.slug)), md)?;
        }
    }
    Ok(())
}

/// The Hugo site: same content, minimal layouts that render the same fields
/// (no search index: Hugo has none built in).
fn write_hugo(root: &Path, reports: &[Report]) -> std::io::Result<()> {
    let layouts = root.join("layouts/_default");
    fs::create_dir_all(&layouts)?;
    fs::write(
        root.join("hugo.toml"),
        "baseURL = \"http://example.org/\"\nlanguageCode = \"zh-cn\"\ntitle = \"巡察整改公开（基准测试）\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\nuglyURLs = true\n",
    )?;
    fs::write(
        root.join("layouts/index.html"),
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Site.Title }}</title></head><body><h1>{{ .Site.Title }}</h1><ul>{{ range .Site.Sections }}{{ range .Sections }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ len .Pages }}</li>{{ end }}{{ end }}</ul></body></html>\n",
    )?;
    fs::write(
        layouts.join("list.html"),
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>{{ .Params.unit }} {{ .Params.team }}</p><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Params.status }}</li>{{ end }}</ul>{{ .Content }}</body></html>\n",
    )?;
    fs::write(
        layouts.join("single.html"),
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>{{ .Params.status }} {{ .Params.deadline }}</p><ol>{{ range .Params.measures }}<li><time>{{ .date }}</time> {{ .text }}</li>{{ end }}</ol><ul>{{ range .Params.regulations }}<li>{{ .title }} {{ .number }} {{ .issued }} {{ .kind }}</li>{{ end }}</ul>{{ .Content }}{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</body></html>\n",
    )?;
    for r in reports {
        let dir = root.join("content/reports").join(&r.slug);
        fs::create_dir_all(&dir)?;
        fs::write(
            dir.join("_index.md"),
            format!("---\ntitle: {}\nunit: {}\nteam: {}\ndate: {}\n---\n按照巡察工作有关要求，现将整改进展情况予以公布。\n", yaml_str(&r.title), yaml_str(&r.unit), yaml_str(&r.team), &r.published[..10]),
        )?;
        for p in &r.problems {
            let mut md = String::new();
            let _ = writeln!(
                md,
                "---\ntitle: {}\nstatus: {}\nweight: {}",
                yaml_str(&p.title),
                p.status,
                p.area * 10000 + p.group * 100 + p.number
            );
            if let Some(d) = &p.deadline {
                let _ = writeln!(md, "deadline: {d}");
            }
            let _ = writeln!(md, "measures:");
            for (date, text) in &p.measures {
                let _ = writeln!(md, "  - date: \"{date}\"\n    text: {}", yaml_str(text));
            }
            if !p.regulations.is_empty() {
                let _ = writeln!(md, "regulations:");
                for (number, title, date, kind) in &p.regulations {
                    let _ = writeln!(
                        md,
                        "  - number: {}\n    title: {}\n    issued: \"{date}\"\n    kind: {kind}",
                        yaml_str(number),
                        yaml_str(title)
                    );
                }
            }
            let _ = write!(md, "---\n{}\n", p.body);
            fs::write(dir.join(format!("{}.md", p.slug)), md)?;
        }
    }
    Ok(())
}
