//! The Debian package staff install (统信UOS and 银河麒麟 are Debian-based):
//! `scripts/deb.sh` packages the binary, and the packaged binary, unpacked
//! as dpkg would install it, starts a portal and builds it. (`dpkg -i`
//! itself needs root: it was tried by hand, see the README's package
//! section.)

mod common;

use std::path::Path;
use std::process::Command;

fn tool(name: &str) -> Command {
    if Command::new("which")
        .arg(name)
        .output()
        .map(|o| !o.status.success())
        .unwrap_or(true)
    {
        panic!(
            "{name} is missing: install it with `apt-get install dpkg binutils` (./test.sh does)"
        );
    }
    Command::new(name)
}

#[test]
fn the_package_installs_a_binary_that_starts_and_builds_a_portal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deb");
    let made = Command::new("sh")
        .arg(common::repo().join("scripts/deb.sh"))
        .args(["--binary", env!("CARGO_BIN_EXE_zhenggai"), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", common::stderr(&made));
    let package = String::from_utf8_lossy(&made.stdout).trim().to_string();
    assert!(package.ends_with(".deb"), "{package}");
    let field = |name: &str| {
        let o = tool("dpkg-deb")
            .args(["-f", &package, name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(field("Package"), "zhenggai");
    assert_eq!(field("Version"), env!("CARGO_PKG_VERSION"));
    assert!(
        field("Depends").starts_with("libc6"),
        "{}",
        field("Depends")
    );
    let root = dir.path().join("root");
    let unpacked = tool("dpkg-deb")
        .args(["-x", &package])
        .arg(&root)
        .status()
        .unwrap();
    assert!(unpacked.success());
    assert!(root.join("usr/share/doc/zhenggai/guide.md").is_file());
    let installed = root.join("usr/bin/zhenggai");
    let zhenggai = |dir: &Path, args: &[&str]| {
        Command::new(&installed)
            .args(args)
            .env_remove("ZHENGGAI_LANG")
            .current_dir(dir)
            .output()
            .unwrap()
    };
    let init = zhenggai(dir.path(), &["init", "portal"]);
    assert!(init.status.success(), "{}", common::stderr(&init));
    assert!(String::from_utf8_lossy(&init.stdout).contains("新门户在 portal"));
    let portal = dir.path().join("portal");
    let build = zhenggai(&portal, &["build"]);
    assert!(build.status.success(), "{}", common::stderr(&build));
    assert!(common::stderr(&build).contains("已生成 1 份报告、2 个问题"));
    assert!(portal.join("site/index.html").is_file());
}
