#!/usr/bin/env bash
# Installs what noticeboard needs to build a site and print its posters, once:
#  - on Debian/Ubuntu, the system packages WeasyPrint needs for Chinese posters
#    (a CJK font, or every character prints as an empty box; an emoji font, or a title
#    with 🎄 stops the posters for the same reason; libharfbuzz-subset0,
#    without which printing is about 8 times slower);
#  - a virtual environment in .venv with noticeboard installed in it.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
if command -v dpkg >/dev/null 2>&1; then
  for package in fonts-noto-cjk fonts-noto-color-emoji libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0; do
    dpkg -s "$package" >/dev/null 2>&1 || need_apt+=("$package")
  done
fi
if ((${#need_apt[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "安装系统软件包 / installing system packages: ${need_apt[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
extras="${1:-}"
stamp=".venv/.installed${extras:+-$extras}"
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
