#!/usr/bin/env bash
# Runs the plugin over every program in examples/, as a user's build would:
# the diagnostics appear on the terminal, in color when it is one.
set -uo pipefail

build=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
# The clang the plugin was built for: the build's FORKSAFE_LLVM_VERSION.
version=$(sed -n 's/^FORKSAFE_LLVM_VERSION:[A-Z]*=//p' "$here/$build/CMakeCache.txt")
clang=${CLANG:-/usr/lib/llvm-${version:-19}/bin/clang}
plugin="$here/$build/lib/forksafe.so"
color=()
[ -t 2 ] && color=(-fcolor-diagnostics)

for example in "$here"/examples/*.c; do
  printf '\n=== %s\n' "examples/$(basename "$example")"
  sed -n '/^ \*   forksafe:/p' "$example" | sed 's/^ \*   /    expect: /'
  "$clang" -fsyntax-only -pthread "${color[@]}" -fplugin="$plugin" \
    -fplugin-arg-forksafe-profile=glibc "$example" 2>&1 || exit 1
done
