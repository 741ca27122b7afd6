#!/bin/sh
# Builds a Debian package of zhenggai (for Debian, Ubuntu, 统信UOS and
# 银河麒麟, which are Debian-based): target/deb/zhenggai_VERSION_ARCH.deb.
#
#   scripts/deb.sh                 # builds the release binary, then the package
#   scripts/deb.sh --binary PATH   # packages an existing binary (the tests do)
#   scripts/deb.sh --out DIR       # writes the .deb into DIR
#
# Needs only dpkg-deb (in every Debian-family system); no cargo-deb.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
binary=""
out="$here/target/deb"
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "用法：scripts/deb.sh [--binary 可执行文件] [--out 文件夹]" >&2; exit 2 ;;
    esac
done
if [ -z "$binary" ]; then
    (cd "$here" && cargo build --release --locked)
    binary="$here/target/release/zhenggai"
fi
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n 1)
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/doc/zhenggai"
cp "$binary" "$stage/usr/bin/zhenggai"
# Debug line tables are for profiling here, not for staff's machines.
strip --strip-debug "$stage/usr/bin/zhenggai" 2>/dev/null || true
chmod 0755 "$stage/usr/bin/zhenggai"
cp "$here/README.md" "$stage/usr/share/doc/zhenggai/README.md"
cp "$here/docs/guide.md" "$stage/usr/share/doc/zhenggai/guide.md"
cat > "$stage/usr/share/doc/zhenggai/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: zhenggai
License: MIT OR Apache-2.0
COPYRIGHT
size=$(du -sk "$stage/usr" | cut -f1)
# The newest glibc symbol the binary uses is the oldest libc6 it runs on.
glibc=$(objdump -T "$stage/usr/bin/zhenggai" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1 || true)
if [ -n "$glibc" ]; then depends="libc6 (>= $glibc)"; else depends="libc6"; fi
cat > "$stage/DEBIAN/control" <<CONTROL
Package: zhenggai
Version: $version
Architecture: $arch
Maintainer: zhenggai developers <zhenggai@localhost>
Installed-Size: $size
Depends: $depends
Section: web
Priority: optional
Description: 巡察整改公开网站生成工具 (static site generator for rectification portals)
 zhenggai 把每个问题一个文件的整改内容生成可检索的静态网站：逐项公开
 巡察反馈问题的整改进展、建立的制度和意见反馈方式。可导入通报
 （Word、PDF、网页）和整改台账（Excel、WPS），检查个人信息和数字是否
 一致，本机预览时保存即更新。使用说明见 /usr/share/doc/zhenggai/guide.md。
CONTROL
mkdir -p "$out"
package="$out/zhenggai_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$package" >/dev/null
echo "$package"
