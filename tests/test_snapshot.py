"""The no-change fast path (generator/snapshot.py): it answers only when nothing changed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from generator.snapshot import build_if_changed, walk

from conftest import make_site_files, tree_hashes

TODAY = dt.date(2026, 11, 22)
NOTICE = "content/notices/2026-11-20-停水.md"


def _site(tmp_path: Path) -> Path:
    return make_site_files(tmp_path, {NOTICE: "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n周三停水。\n"})


def _build(root: Path, **options):
    return build_if_changed(root, root / "public", today=options.pop("today", TODAY), posters=False, **options)


def _page(root: Path) -> str:
    return (root / "public/notices/2026-11-20-ting-shui/index.html").read_text(encoding="utf-8")


def test_nothing_changed_answers_from_the_snapshot(tmp_path: Path) -> None:
    root = _site(tmp_path)
    first = _build(root)
    before = tree_hashes(root / "public")
    again = _build(root)
    assert (again.pages, again.rendered, again.written) == (first.pages, 0, 0)
    assert again.next_change == first.next_change
    assert tree_hashes(root / "public") == before


def test_an_edit_in_the_same_tick_with_the_same_size_is_still_seen(tmp_path: Path) -> None:
    """The racy case: same size, same modification time, same inode; only the bytes differ."""
    root = _site(tmp_path)
    _build(root)
    path = root / NOTICE
    stat = path.stat()
    with open(path, "r+b") as handle:  # rewrite in place: same inode
        handle.write(path.read_bytes().replace("周三".encode(), "周五".encode()))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    report = _build(root)
    assert report.rendered > 0
    assert "周五停水" in _page(root)


def test_a_deleted_output_file_is_written_again(tmp_path: Path) -> None:
    root = _site(tmp_path)
    _build(root)
    (root / "public/notices/2026-11-20-ting-shui/index.html").unlink()
    _build(root)
    assert "周三停水" in _page(root)


def test_another_day_or_other_options_build_again(tmp_path: Path) -> None:
    root = _site(tmp_path)
    _build(root)
    assert _build(root, today=TODAY + dt.timedelta(days=1)).rendered > 0
    assert _build(root, today=TODAY + dt.timedelta(days=1), drafts=True).rendered > 0


def test_a_new_site_template_builds_again(tmp_path: Path) -> None:
    root = _site(tmp_path)
    _build(root)
    (root / "templates").mkdir()
    (root / "templates/notice.html").write_text('{% extends "base.html" %}{% block content %}自己的模板{% endblock %}',
                                                 encoding="utf-8")
    assert _build(root).rendered > 0
    assert "自己的模板" in _page(root)


def test_a_no_change_build_does_not_load_the_pipeline(tmp_path: Path) -> None:
    """The point of the fast path: no Jinja, YAML or pinyin tables are imported."""
    root = _site(tmp_path)
    _build(root)
    probe = ("import sys, runpy; sys.argv = ['noticeboard', 'build', sys.argv[1], '--today', '2026-11-22', '--no-posters'];"
             "from generator.cli import main\n"
             "try: main()\nexcept SystemExit: pass\n"
             "print(sorted(m for m in ('jinja2', 'yaml', 'pypinyin', 'generator.build') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, check=True)
    assert "本次重新生成 0 个" in result.stdout
    assert result.stdout.strip().endswith("[]"), result.stdout


def test_build_of_the_current_folder_as_the_readme_says(tmp_path: Path, monkeypatch) -> None:
    """`noticeboard build` inside the site folder: SITE is ".", every path relative."""
    from conftest import run_cli_in_process

    root = _site(tmp_path)
    monkeypatch.chdir(root)
    code, out, err = run_cli_in_process("build", "--today", "2026-11-22", "--no-posters")
    assert code == 0, err
    assert "周三停水" in _page(root)
    code, out, _ = run_cli_in_process("build", "--today", "2026-11-22", "--no-posters")
    assert code == 0 and "本次重新生成 0 个" in out


def test_a_link_in_a_loop_is_left_out_of_the_scan(tmp_path: Path) -> None:
    """A link to itself cannot be stat'ed (ELOOP): the scan skips it and the load reports it."""
    (tmp_path / "a.md").write_text("一", encoding="utf-8")
    (tmp_path / "loop.md").symlink_to("loop.md")
    assert list(walk(tmp_path)) == ["a.md"]
