"""How long `noticeboard serve` takes from saving a file to serving the new text.

The issue's target: in serve, a saved edit is in the browser within 1 s (N = 10,000). This
starts the preview of this checkout on a site, waits until it is up, then saves one content
file again and again (through a temporary file renamed over it, as editors save) and polls
the file's page every 20 ms until the new text is served. Reloading the open tab comes after
that (livereload), in the browser's time, not the build's.

    python bench/serve_latency.py bench/work/corpus-10000/noticeboard
    python bench/serve_latency.py SITE --file content/activities/x.md --edits title,title,body

Edits: ``title`` replaces the front matter's ``title:`` (the page and every list it is in are
built again), ``body`` appends a sentence (a notice takes the body-edit path). The default
file is the middle notice by name, the one bench/run.py edits; the file is restored at the end.
Each edit waits 1.5 s after the one before, so they are separate rebuilds.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from generator.slugs import slugify  # noqa: E402 - the checkout measured, as serve runs it
SERVE = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
         "from generator.cli import main; sys.argv[0] = 'noticeboard'; sys.exit(main())")
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/\S*")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--file", help="the content file to edit, relative to SITE (default: the middle notice)")
    parser.add_argument("--edits", default="title,title,title,title,title,body,body")
    parser.add_argument("--today", default="2026-11-22", help="passed to serve, as bench/run.py passes it to build")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for one edit")
    args = parser.parse_args()
    site = args.site.resolve()
    target = site / args.file if args.file else middle_notice(site)
    original = target.read_bytes()
    preview = start_preview(site, args.today)
    try:
        # A notice's or an activity's page: /<folder>/<slug of its file name>/ under the base path.
        page = f"{preview.address.rstrip('/')}/{target.parent.name}/{slugify(target.stem)}/"
        fetch(page)
        times: dict[str, list[float]] = {}
        for number, kind in enumerate(args.edits.split(",")):
            time.sleep(1.5)
            seconds = time_edit(target, page, kind, f"测量{kind}{number}x{time.time_ns() % 100_000}", args.timeout)
            times.setdefault(kind, []).append(seconds)
            print(f"{kind:5s} edit served after {seconds:.2f} s", flush=True)
    finally:
        target.write_bytes(original)
        preview.stop()
    for kind, measured in times.items():
        print(f"{kind}: {len(measured)} edits, min {min(measured):.2f} s, median {statistics.median(measured):.2f} s, "
              f"max {max(measured):.2f} s")


def middle_notice(site: Path) -> Path:
    notices = sorted((site / "content" / "notices").glob("*.md"))
    return notices[len(notices) // 2]


class Preview:
    """`noticeboard serve SITE --port 0` of this checkout, its output collected."""

    def __init__(self, process: subprocess.Popen, lines: list[str], address: str):
        self.process, self.lines, self.address = process, lines, address

    def stop(self) -> None:
        self.process.send_signal(2)  # Ctrl-C
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_preview(site: Path, today: str) -> Preview:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-c", SERVE, "serve", str(site), "--port", "0", "--today", today],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout or ()), daemon=True).start()
    started = time.monotonic()
    while not (found := ADDRESS.search("".join(lines))):
        if process.poll() is not None or time.monotonic() - started > 600:
            process.kill()
            sys.exit("serve did not start:\n" + "".join(lines))
        time.sleep(0.1)
    print(f"preview up after {time.monotonic() - started:.1f} s (its first build included)", flush=True)
    return Preview(process, lines, found.group(0))


def time_edit(target: Path, page: str, kind: str, marker: str, timeout: float) -> float:
    """Save the edit, then poll ``page`` until it shows ``marker``; seconds from the save."""
    text = target.read_text(encoding="utf-8")
    if kind == "title":
        edited = re.sub(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.M)
    elif kind == "body":
        edited = text + f"\n{marker}。\n"
    else:
        sys.exit(f"unknown edit {kind!r}: title or body")
    temporary = target.with_name(target.name + ".tmp")
    started = time.monotonic()
    temporary.write_text(edited, encoding="utf-8")
    os.replace(temporary, target)
    while marker not in fetch(page):
        if time.monotonic() - started > timeout:
            sys.exit(f"the {kind} edit was not served within {timeout:.0f} s")
        time.sleep(0.02)
    return time.monotonic() - started


def fetch(address: str) -> str:
    with urllib.request.urlopen(address, timeout=10) as response:
        return response.read().decode("utf-8")


if __name__ == "__main__":
    main()
