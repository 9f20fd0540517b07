#!/usr/bin/env bash
# Install what the browser, accessibility, HTML and poster tests need on Debian bookworm:
#   Debian: chromium, fonts-noto-cjk, fonts-noto-color-emoji, libharfbuzz-subset0, poppler-utils, zbar-tools,
#           default-jre-headless (Java 17+ for vnu.jar), nodejs + npm when there is no node;
#   npm:    axe-core and vnu-jar from package-lock.json into ./node_modules.
# Idempotent: installs only what is missing, and is a quick no-op when all is there.
# Runs as root, or through sudo when it is available.
# (Python packages, playwright included, come with `pip install -e '.[test]'`;
# `playwright install` is never needed: tests drive Debian's /usr/bin/chromium.)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'install-test-deps: %s\n' "$*" >&2; }

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    SUDO=()
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

java_ok() {  # any Java 17 or newer on PATH will do for vnu.jar
    command -v java >/dev/null 2>&1 || return 1
    local major
    major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
    [ -n "$major" ] && [ "$major" -ge 17 ]
}

missing=()
for pkg in chromium fonts-noto-cjk fonts-noto-color-emoji libharfbuzz-subset0 poppler-utils zbar-tools; do
    installed "$pkg" || missing+=("$pkg")
done
installed default-jre-headless || java_ok || missing+=(default-jre-headless)
if ! command -v node >/dev/null 2>&1; then
    installed nodejs || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || installed npm || missing+=(npm)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        log "missing ${missing[*]} and there is no apt-get: install them by hand"
        exit 1
    fi
    if [ "$(id -u)" -ne 0 ] && [ "${#SUDO[@]}" -eq 0 ]; then
        log "missing ${missing[*]}: run this as root or install sudo"
        exit 1
    fi
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Another apt may hold the lists lock for a while (a first-boot install): retry.
    for attempt in 1 2 3 4 5 6; do
        if "${SUDO[@]}" apt-get update -qq; then break; fi
        [ "$attempt" -eq 6 ] && exit 1
        log "apt-get update failed (attempt $attempt), retrying in 20 s"
        sleep 20
    done
    "${SUDO[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm: skip when every package in the lock is installed at its locked version.
npm_ok() {
    [ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] || return 1
    node -e '
        const lock = require("./package-lock.json");
        for (const [where, entry] of Object.entries(lock.packages || {})) {
            if (!where) continue;
            let version = null;
            try { version = require("./" + where + "/package.json").version; } catch (e) {}
            if (version !== entry.version) process.exit(1);
        }' 2>/dev/null
}

if [ -f package.json ]; then
    if [ -f package-lock.json ] && npm_ok; then
        :
    else
        # --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime
        # from outside the npm registry; Debian's Java is used instead.
        if [ -f package-lock.json ]; then
            log "npm ci (axe-core, vnu-jar)"
            npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
        else
            log "npm install (axe-core, vnu-jar)"
            npm install --no-audit --no-fund --ignore-scripts --loglevel=error
        fi
    fi
fi
