#!/usr/bin/env bash
# CI: installs the Debian package CPack made in BUILD with apt, as a user
# would, checks that the installed plugin, clang-tidy module and programs
# work from where the package put them, and removes it again.
set -euo pipefail
BUILD=${1:?usage: test-package.sh BUILD_DIR}
LLVM_VERSION=${FORKSAFE_LLVM_VERSION:-19}
cd "$(dirname "$0")/.."

deb=$(ls "$BUILD"/forksafe_*.deb)
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "./$deb" > /dev/null
trap 'apt-get purge -y -qq forksafe > /dev/null' EXIT

fail() { echo "test-package: $*" >&2; exit 1; }
expect() { # expect WHAT PATTERN OUTPUT
  grep -q -- "$2" <<< "$3" || fail "$1: expected '$2' in: $3"
}

out=$(clang-"$LLVM_VERSION" -fsyntax-only -fplugin=/usr/lib/forksafe/forksafe.so \
        examples/launcher.c 2>&1)
expect "installed plugin" "warning: 'exit' after a failed exec.*\[forksafe-exit-in-child\]" "$out"

out=$(clang-tidy-"$LLVM_VERSION" --load=/usr/lib/forksafe/forksafe-tidy.so \
        -checks='-*,forksafe-*' examples/launcher.c -- 2>&1)
expect "installed clang-tidy module" "\[forksafe-child-fallthrough\]" "$out"

expect "installed command" "^forksafe [0-9.]* (LLVM $LLVM_VERSION" "$(forksafe --version)"
expect "installed clangd" "clangd version $LLVM_VERSION" "$(forksafe-clangd --version)"
expect "installed forksafe-run" "^LD_PRELOAD=/usr/lib/libforksafe-rt.so$" \
  "$(forksafe-run env 2>&1)"
test -f /usr/lib/cmake/forksafe/forksafeConfig.cmake || fail "no CMake package"
test -f /usr/share/doc/forksafe/docs/checks/exit-in-child.md || fail "no check pages"
test -f /usr/share/doc/forksafe/LICENSE || fail "no LICENSE"
for page in forksafe forksafe-run; do
  ls /usr/share/man/man1/$page.1* > /dev/null 2>&1 || fail "no man page $page(1)"
done
python3 scripts/check_links.py /usr/share/doc/forksafe ||
  fail "broken links in the installed docs"
echo "test-package: $deb installs and works"
