#!/bin/sh
# The one command that passes every test on a fresh machine:
# installs the browser-test dependencies where missing, then runs cargo test.
set -eu
cd "$(dirname "$0")"
./scripts/install-test-deps.sh
cargo test --locked "$@"
