"""The benchmark's own tools work: a generated corpus builds, and serve's latency is measured
on it (the figures of bench/README.md come from these scripts)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_serve_latency_measures_edits_on_a_generated_corpus(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(REPO / "bench/generate.py"), "40", str(tmp_path / "corpus")], check=True,
                   capture_output=True)
    site = tmp_path / "corpus/noticeboard"
    notices = sorted((site / "content/notices").glob("*.md"))
    middle = notices[len(notices) // 2]
    before = middle.read_bytes()
    result = subprocess.run([sys.executable, str(REPO / "bench/serve_latency.py"), str(site), "--edits", "title,body"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    served = re.findall(r"^(title|body) +edit served after (\d+\.\d+) s$", result.stdout, re.M)
    assert [kind for kind, _ in served] == ["title", "body"]
    assert all(0 < float(seconds) < 20 for _, seconds in served)
    assert "title: 1 edits, min" in result.stdout
    assert middle.read_bytes() == before  # the edited notice is restored
