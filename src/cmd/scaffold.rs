//! `zhenggai init` and `zhenggai new`: starter files for staff.

use super::EXIT_CONTENT;
use std::path::Path;
use zhenggai::say;

/// Writes a new portal into `dir` and says what to do next.
pub fn init(dir: &Path, theme: bool, force: bool) -> i32 {
    match zhenggai::scaffold::init(dir, theme, force) {
        Ok(files) => {
            for file in &files {
                println!(
                    "{}",
                    say!("已写入 {}", "wrote {}", dir.join(file).display())
                );
            }
            let dir = dir.display();
            println!(
                "{}",
                say!(
                    "\n新门户在 {dir}。接下来：\n  cd {dir}\n  zhenggai serve      # 在 http://127.0.0.1:4000/ 预览，保存即更新\n  把 content/portal.yaml 里的名称、主办单位和联系方式换成本单位的\n  zhenggai import 通报.docx   # 导入真实的通报，再删掉示例报告 content/reports/example-2024/\n  zhenggai new example-2024 --area 1 --group 1   # 新加一个问题\n示例内容没换掉以前，正式发布（build --base-url）会被拒绝。",
                    "\nA new portal is in {dir}. Next:\n  cd {dir}\n  zhenggai serve      # preview at http://127.0.0.1:4000/, rebuilt on every save\n  replace the name, publisher and contact in content/portal.yaml with your unit's\n  zhenggai import notice.docx   # import the real notice, then delete the example report content/reports/example-2024/\n  zhenggai new example-2024 --area 1 --group 1   # add a problem\nA build for publication (build --base-url) is refused while starter content remains.",
                )
            );
            0
        }
        Err(message) => {
            eprintln!("{}{message}", say!("错误：", "error: "));
            EXIT_CONTENT
        }
    }
}

/// Adds the next problem file of a group and prints its path.
pub fn new(root: &Path, report: &str, area: u32, group: u32) -> i32 {
    match zhenggai::scaffold::new_issue(root, report, area, group) {
        Ok(path) => {
            println!(
                "{}",
                say!(
                    "已写入 {}：把标题、措施等换成实际内容",
                    "wrote {}",
                    path.strip_prefix(".").unwrap_or(&path).display()
                )
            );
            0
        }
        Err(message) => {
            eprintln!("{}{message}", say!("错误：", "error: "));
            EXIT_CONTENT
        }
    }
}
