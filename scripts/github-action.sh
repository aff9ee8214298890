#!/usr/bin/env bash
# The logic of action.yml: `cc-rules check` on the evidence, GitHub annotations in the log, the Markdown report in
# the job summary, SARIF and JUnit files when asked, and the step outputs. Reads its inputs from the environment:
#   CC_RULES_EVIDENCE      evidence paths, separated by spaces or newlines (shell globs expand)   (required)
#   CC_RULES_MIN_LEVEL     --min-level            CC_RULES_MIN_SCORE   --min-score
#   CC_RULES_FAIL_ON_WARN  "true": --fail-on-warn CC_RULES_LANG        --lang (zh | en)
#   CC_RULES_SARIF_FILE    write the SARIF report here      CC_RULES_JUNIT_FILE  write the JUnit report here
#   CC_RULES_SUMMARY       "false": no job summary          CC_RULES_BIN         the command (default: cc-rules)
# Writes to GITHUB_OUTPUT: exit-code, sarif-file, junit-file; appends to GITHUB_STEP_SUMMARY. Exits with the exit code
# of `cc-rules check`: 0 every gate met, 1 one missed, 2 bad input.
set -uo pipefail

bin="${CC_RULES_BIN:-cc-rules}"
if [ -z "${CC_RULES_EVIDENCE:-}" ]; then
  echo "::error::cc-rules: the 'evidence' input is empty" >&2
  exit 2
fi
evidence=()
for path in $CC_RULES_EVIDENCE; do  # unquoted on purpose: split on whitespace, expand globs
  evidence+=("$path")
done
args=()
[ -n "${CC_RULES_MIN_LEVEL:-}" ] && args+=(--min-level "$CC_RULES_MIN_LEVEL")
[ -n "${CC_RULES_MIN_SCORE:-}" ] && args+=(--min-score "$CC_RULES_MIN_SCORE")
[ "${CC_RULES_FAIL_ON_WARN:-false}" = "true" ] && args+=(--fail-on-warn)
[ -n "${CC_RULES_LANG:-}" ] && args+=(--lang "$CC_RULES_LANG")

check() { "$bin" check "${evidence[@]}" "${args[@]}" "$@"; }
# Report files are written without GITHUB_ACTIONS, so the annotations are printed once, by the run for the log.
report() { env -u GITHUB_ACTIONS "$bin" check "${evidence[@]}" "${args[@]}" "$@" >/dev/null 2>&1 || true; }

rc=0
check || rc=$?
sarif="" junit=""
if [ "$rc" -ne 2 ]; then
  if [ -n "${CC_RULES_SARIF_FILE:-}" ]; then
    mkdir -p "$(dirname "$CC_RULES_SARIF_FILE")" && report --format sarif -o "$CC_RULES_SARIF_FILE"
    [ -s "$CC_RULES_SARIF_FILE" ] && sarif="$CC_RULES_SARIF_FILE"
  fi
  if [ -n "${CC_RULES_JUNIT_FILE:-}" ]; then
    mkdir -p "$(dirname "$CC_RULES_JUNIT_FILE")" && report --format junit -o "$CC_RULES_JUNIT_FILE"
    [ -s "$CC_RULES_JUNIT_FILE" ] && junit="$CC_RULES_JUNIT_FILE"
  fi
  if [ "${CC_RULES_SUMMARY:-true}" != "false" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    summary="$(mktemp)"
    report --format markdown -o "$summary"
    cat "$summary" >> "$GITHUB_STEP_SUMMARY"
    rm -f "$summary"
  fi
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$rc"
    echo "sarif-file=$sarif"
    echo "junit-file=$junit"
  } >> "$GITHUB_OUTPUT"
fi
exit "$rc"
