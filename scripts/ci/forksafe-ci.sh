#!/bin/sh
# The analysis step of the CI recipes in docs/ci.md, the same in every CI
# system (the GitHub workflow runs it, and so does test/whole-program/ci.test):
#
#   forksafe-ci.sh BUILD_DIR OUT_DIR [BASELINE_SARIF]
#
# Analyses BUILD_DIR/compile_commands.json once and writes
#   OUT_DIR/forksafe.sarif      every finding: what code scanning shows
#   OUT_DIR/new.sarif           with a baseline, the findings it does not hold
# and fails (status 1) only on findings the baseline does not hold (on every
# finding without one). Units that do not compile are warned of, not
# failed on; a wrong input fails with status 2.
# Environment: FORKSAFE (the command, default forksafe), FORKSAFE_ARGS (more
# options, e.g. --extra-arg=...), SOURCE_ROOT (default: the current
# directory), FORKSAFE_CATEGORY (runAutomationDetails.id, default forksafe/).
set -u
build=$1 out=$2 baseline=${3:-}
forksafe=${FORKSAFE:-forksafe}
mkdir -p "$out/summaries"

# shellcheck disable=SC2086 # FORKSAFE_ARGS is a list of options
"$forksafe" -p "$build" --quiet --source-root "${SOURCE_ROOT:-.}" \
  --automation-id "${FORKSAFE_CATEGORY:-forksafe/}" \
  --write-summaries "$out/summaries" --sarif "$out/forksafe.sarif" \
  ${FORKSAFE_ARGS:-} > "$out/forksafe.txt"
status=$?
cat "$out/forksafe.txt"
[ $((status & 2)) -ne 0 ] && exit 2
[ $((status & 4)) -ne 0 ] &&
  echo "::warning::forksafe: some translation units did not compile; they are named above"

if [ -n "$baseline" ] && [ -f "$baseline" ]; then
  # The summaries just written: the baseline costs a merge, not a compile.
  "$forksafe" --summaries "$out/summaries" --quiet \
    --source-root "${SOURCE_ROOT:-.}" --baseline "$baseline" \
    --sarif "$out/new.sarif" > "$out/new.txt"
  status=$?
  [ $((status & 2)) -ne 0 ] && exit 2
  if [ $((status & 1)) -ne 0 ]; then
    echo "::error::forksafe: findings the baseline does not hold:"
    cat "$out/new.txt"
    exit 1
  fi
  echo "forksafe: no finding the baseline does not hold"
  exit 0
fi
exit $((status & 1))
