#!/usr/bin/env bash
# Runs the whole test suite: restore, build (warnings are errors), every test project.
# This is the README's test command, and .ci/run calls it unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet --info >/dev/null 2>&1 || { echo "The .NET 10 SDK is needed: https://dotnet.microsoft.com/download" >&2; exit 1; }

dotnet build Portal.sln -c Debug -nologo -clp:ErrorsOnly

log="$(mktemp)"
set +e
dotnet test Portal.sln -c Debug --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line for CI, added up over the test projects.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
rm -f "$log"
exit "$status"
