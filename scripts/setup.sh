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

# The interpreter of .venv: $PYTHON when given, else the distribution's /usr/bin/python3 when it
# is 3.11 or newer and can make a virtual environment, else python3 on PATH. The distribution's
# first because Debian and Ubuntu build CPython with profile-guided and link-time optimization,
# which pyenv and plain source builds leave out unless asked: a clean build of the bench's
# 10,000 items took 7 % less time on Debian's python3.11 than on pyenv's (bench/README.md).
if [[ ! -x .venv/bin/python ]]; then
  made=""
  candidates=(/usr/bin/python3 python3)
  [[ -n ${PYTHON:-} ]] && candidates=("$PYTHON")
  for candidate in "${candidates[@]}"; do
    command -v "$candidate" >/dev/null 2>&1 || continue
    "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || continue
    if "$candidate" -m venv .venv >/dev/null 2>&1; then
      made=$candidate
      break
    fi
    rm -rf .venv  # no venv module (Debian's python3-venv not installed): the next one
  done
  if [[ -z $made ]]; then
    echo "需要 Python 3.11 或更新版本（带 venv 模块）：请安装 python3 和 python3-venv，或用 PYTHON=解释器路径 指定" >&2
    echo "Python 3.11+ with its venv module is needed: install python3 and python3-venv, or name one with PYTHON=path" >&2
    exit 1
  fi
fi
extras="${1:-}"
stamp=".venv/.installed${extras:+-$extras}"
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
