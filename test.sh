#!/usr/bin/env bash
# Runs every test of ravi-rs, installing what the tests need on a fresh Debian/Ubuntu machine:
#   1. native (x86-64) unit tests, the Lua script corpus and the Lua suites
#   2. the script corpus again with a collection at every GC check point (gc-stress)
#   3. the no_std build of parser/vm/stdlib for x86_64-unknown-none (the kernel's target)
#   4. the whole workspace cross-built for aarch64 and tested under qemu-aarch64
# Usage: ./test.sh [--no-install] [--native-only]
set -euo pipefail
cd "$(dirname "$0")"

install=1
cross=1
for a in "$@"; do
  case "$a" in
    --no-install) install=0 ;;
    --native-only) cross=0 ;;
    *) echo "usage: $0 [--no-install] [--native-only]" >&2; exit 2 ;;
  esac
done

step() { printf '\n==> %s\n' "$*"; }

if [ "$install" = 1 ]; then
  need=()
  command -v lua5.3 >/dev/null || need+=(lua5.3)
  command -v lua5.4 >/dev/null || need+=(lua5.4)
  command -v luajit >/dev/null || need+=(luajit)
  if [ "$cross" = 1 ]; then
    command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
    command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
    command -v aarch64-linux-gnu-as >/dev/null || need+=(binutils-aarch64-linux-gnu)
  fi
  if [ ${#need[@]} -gt 0 ]; then
    step "installing ${need[*]}"
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  step "rustup targets"
  rustup target add x86_64-unknown-none >/dev/null
  [ "$cross" = 1 ] && rustup target add aarch64-unknown-linux-gnu >/dev/null
fi

step "native tests (x86-64)"
cargo test --workspace
cargo test --features serde --test embed_serde

step "GC stress: the script corpus with a full collection at every GC check point"
# (ravi-vm's gc-stress feature). Skipped: two scripts that print when finalizers run
# (collections come earlier there, legitimately) and one that keeps 100,000 objects live
# while allocating (quadratic when every allocation collects).
cargo test --profile ci-release --features ravi-vm/gc-stress --test scripts -- \
  --skip gc/finalizer_at_exit.lua --skip gc/finalizers.lua --skip gc/count_changes.lua

step "no_std build (x86_64-unknown-none)"
cargo build -p ravi-parser -p ravi-vm -p ravi-stdlib --no-default-features --target x86_64-unknown-none

if [ "$cross" = 1 ]; then
  step "aarch64 tests under qemu-aarch64 (optimised build, profile ci-release)"
  export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
  export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
  export RAVI_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
  cargo test --workspace --profile ci-release --target aarch64-unknown-linux-gnu
fi

step "all tests passed"
