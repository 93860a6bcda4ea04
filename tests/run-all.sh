#!/usr/bin/env bash
# Runs the whole test suite: restore, build (warnings are errors), every test project.
# This is the README's test command, and .ci/run calls it unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet --info >/dev/null 2>&1 || { echo "The .NET 10 SDK is needed: https://dotnet.microsoft.com/download" >&2; exit 1; }

# The browser journeys (tests/Portal.Tests/Journeys) drive Debian's Chromium through Playwright, which
# cannot download browsers of its own here: install the distribution's package when it is missing.
chromium=/usr/bin/chromium
ensure_chromium() {
    [ -x "$chromium" ] && return 0
    echo "Chromium is missing at $chromium (the browser tests need it): installing it with apt-get..."
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "Cannot install Chromium: not root and no sudo. Install it yourself (apt-get install chromium) and run again." >&2
            return 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1 \
        || ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get update \
        || ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium \
        || [ ! -x "$chromium" ]; then
        echo "Could not install Chromium at $chromium (apt-get failed or is not there). The browser tests need it:" >&2
        echo "install it (Debian/Ubuntu: apt-get install chromium) and run tests/run-all.sh again." >&2
        return 1
    fi
    echo "Installed $("$chromium" --version 2>/dev/null || echo chromium)."
}
ensure_chromium || exit 1

dotnet build Portal.sln -c Debug -nologo -clp:ErrorsOnly

log="$(mktemp)"
set +e
# A test that hangs fails the run after 10 minutes (with a small dump of the test host) instead of holding it until CI's limit.
dotnet test Portal.sln -c Debug --no-build -nologo --blame-hang-timeout 10m --blame-hang-dump-type mini 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line for CI, added up over the test projects.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
rm -f "$log"
exit "$status"
