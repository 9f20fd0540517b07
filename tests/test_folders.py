"""A slip in --out or --cache never deletes what is not noticeboard's: the site, a folder above
it (a home folder), its sources or a folder of someone else's files. Each refusal is one clear
message, nothing is written or removed, and the folders noticeboard made keep working."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import TODAY, make_site_files, run_cli_in_process, tree_hashes

NOTICE = "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n因管道维修，11 月 25 日停水。\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = make_site_files(tmp_path, {"content/notices/2026-11-20-停水通知.md": NOTICE})
    (root / "templates").mkdir()
    (root / "templates" / "keep.html").write_text("{# the site's own template #}", encoding="utf-8")
    return root


def build(site: Path, *options: object) -> tuple[int, str]:
    code, _, stderr = run_cli_in_process("build", site, "--today", TODAY, "--no-posters", *options)
    return code, stderr


def everything_under(folder: Path) -> dict[str, str]:
    return tree_hashes(folder)


# static/ too: an output there (a slip, or a new folder) was published again inside every later build.
@pytest.mark.parametrize("out", ["..", ".", "content", "content/notices", "templates", "themes", "static"])
def test_the_site_its_parents_and_its_sources_are_never_an_output(site: Path, out: str) -> None:
    before = everything_under(site.parent)
    code, stderr = build(site, "--out", site / out)
    assert code == 1
    assert "Traceback" not in stderr
    assert ("是网站文件夹本身或它的上级文件夹" in stderr) if out in ("..", ".") else ("在网站的" in stderr)
    assert everything_under(site.parent) == before


def test_dot_as_the_output_is_refused_not_a_crash(site: Path) -> None:
    """Run from inside the site, "--out ." names the site folder."""
    before = everything_under(site)
    cwd = os.getcwd()
    os.chdir(site)
    try:
        code, stderr = build(site, "--out", ".")
    finally:
        os.chdir(cwd)
    assert code == 1 and "是网站文件夹本身或它的上级文件夹" in stderr
    assert everything_under(site) == before


def test_a_folder_of_other_files_is_not_replaced(site: Path, tmp_path: Path) -> None:
    """``--out ~`` did this to a home folder: renamed it, built in its place, deleted it."""
    home = tmp_path / "home"
    (home / "documents").mkdir(parents=True)
    (home / "documents" / "报表.xlsx").write_bytes(b"not ours")
    before = everything_under(home)
    code, stderr = build(site, "--out", home)
    assert code == 1
    assert "不是 noticeboard 生成的" in stderr and str(home) in stderr
    assert everything_under(home) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "site"]  # no staging folder left


def test_an_empty_folder_and_our_own_output_are_replaced(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    assert build(site, "--out", out)[0] == 0
    assert (out / ".noticeboard-output").is_file()
    (site / "content/notices/2026-11-21-b.md").write_text(NOTICE.replace("停水", "停电"), encoding="utf-8")
    assert build(site, "--out", out)[0] == 0  # incremental
    (site / ".noticeboard-cache").rename(tmp_path / "old-cache")  # the cache may be deleted at any time
    assert build(site, "--out", out)[0] == 0  # clean, over our marked output
    assert (out / "notices/2026-11-21-b/index.html").is_file()


def test_an_output_of_an_older_version_is_known_by_the_cache_and_gets_the_mark(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert build(site, "--out", out)[0] == 0
    (out / ".noticeboard-output").unlink()
    (site / "content/notices/2026-11-21-b.md").write_text(NOTICE.replace("停水", "停电"), encoding="utf-8")
    code, stderr = build(site, "--out", out)
    assert code == 0, stderr
    assert (out / ".noticeboard-output").is_file()


def test_the_cache_folder_is_never_the_site_a_source_or_someone_elses(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    others = tmp_path / "others"
    others.mkdir()
    (others / "search").mkdir()
    (others / "search" / "note.txt").write_text("mine", encoding="utf-8")
    before = {name: everything_under(folder) for name, folder in (("site", site), ("others", others))}
    for cache, words in ((site, "是网站文件夹本身或它的上级文件夹"), (site / "templates", "在网站的 templates/"),
                         (others, "不是 noticeboard 的缓存"), (out / "cache", "在输出文件夹")):
        code, stderr = build(site, "--out", out, "--cache", cache)
        assert code == 1 and words in stderr, stderr
        assert "Traceback" not in stderr
    assert {name: everything_under(folder) for name, folder in (("site", site), ("others", others))} == before
    assert not out.exists()


def test_a_new_cache_folder_is_tagged_and_used_again(site: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert build(site, "--out", tmp_path / "public", "--cache", cache)[0] == 0
    assert (cache / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    (cache / "CACHEDIR.TAG").unlink()  # a cache of an older version: known by its files
    (site / "content/notices/2026-11-21-b.md").write_text(NOTICE.replace("停水", "停电"), encoding="utf-8")
    assert build(site, "--out", tmp_path / "public", "--cache", cache)[0] == 0
    assert (cache / "CACHEDIR.TAG").is_file()


@pytest.mark.parametrize("out", ["content", ".", ".."])
def test_posters_are_never_printed_among_the_sites_files(site: Path, out: str) -> None:
    before = everything_under(site.parent)
    code, _, stderr = run_cli_in_process("posters", site, "--out", site / out, "--today", TODAY)
    assert code == 1 and "海报没有打印" in stderr and "网站没有发布" not in stderr, stderr
    assert ("请换到 content/ 以外的文件夹" if out == "content" else "请指定一个单独的文件夹") in stderr
    assert everything_under(site.parent) == before


def test_leftover_staging_folders_of_finished_builds_go_and_a_running_builds_stay(tmp_path: Path) -> None:
    """What a build killed halfway left beside the output is removed by the next build; the
    staging folder of a build still running beside it (another process) is not."""
    import subprocess

    from generator.write import remove_leftovers

    gone = subprocess.Popen(["true"])
    gone.wait()
    out = tmp_path / "public"
    killed = tmp_path / f".public.building-{gone.pid}"
    earlier = tmp_path / f".public.old-{os.getpid()}"  # an earlier build of this process
    running = tmp_path / f".public.building-{os.getppid()}"
    unrelated = tmp_path / ".public.notes-draft"
    for folder in (killed, earlier, running, unrelated):
        folder.mkdir()
    remove_leftovers(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, unrelated.name])


def test_a_cache_folder_a_preview_made_untagged_is_still_ours(site: Path) -> None:
    """Sites previewed before any build, by a noticeboard that did not tag the site's cache
    folder then, hold only the preview's (tagged) cache in it: a build takes it."""
    preview_cache = site / ".noticeboard-cache" / "preview" / "cache"
    preview_cache.mkdir(parents=True)
    (preview_cache / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8")
    code, stderr = build(site)
    assert code == 0, stderr
    assert (site / ".noticeboard-cache" / "CACHEDIR.TAG").is_file()


def test_a_second_build_waits_for_the_first_and_says_so(site: Path) -> None:
    """A scheduled build starting while staff build by hand would write the same manifest,
    content cache and search index at once: it waits for the cache folder instead."""
    import subprocess
    import sys
    import time

    cache = site / ".noticeboard-cache"
    cache.mkdir()
    (cache / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8")
    # The first build, as the system sees it: a process holding the cache folder's lock.
    first = subprocess.Popen([sys.executable, "-c", "import fcntl, sys\nlock = open(sys.argv[1], 'a')\n"
                              "fcntl.flock(lock, fcntl.LOCK_EX)\nprint('held', flush=True)\nsys.stdin.readline()",
                              str(cache / "build.lock")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline() == "held\n"
        second = subprocess.Popen([sys.executable, "-m", "generator", "build", str(site), "--today", TODAY, "--no-posters"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = second.stderr.readline()
        assert "另一个 noticeboard 正在生成这个网站" in said and str(cache) in said and "Ctrl+C" in said
        time.sleep(0.5)
        assert second.poll() is None and not (site / "public").exists()
    finally:
        first.communicate("done\n")
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "共 " in out and (site / "public" / "index.html").is_file()


# A build holding its site's cache folder, as `noticeboard build` holds it, until told to stop.
HOLDING = ("import sys; from pathlib import Path; from generator.folders import one_build_at_a_time\n"
           "with one_build_at_a_time(Path(sys.argv[1]), print):\n"
           "    print('held', flush=True); sys.stdin.readline()")


def _hold(site: Path):  # noqa: ANN202 - a Popen
    import subprocess
    import sys

    cache = site / ".noticeboard-cache"
    cache.mkdir(exist_ok=True)
    (cache / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8")
    first = subprocess.Popen([sys.executable, "-c", HOLDING, str(cache)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert first.stdout.readline() == "held\n"
    return first


def test_a_waiting_build_names_the_process_it_waits_for_and_when_that_started(site: Path) -> None:
    """Staff at the terminal, or reading the cron job's log, can tell which process holds the
    site (still running at 3 a.m.? ended by `kill`?)."""
    import datetime as dt
    import subprocess
    import sys

    started = dt.datetime.now().replace(microsecond=0)
    first = _hold(site)
    try:
        second = subprocess.Popen([sys.executable, "-m", "generator", "build", str(site), "--today", TODAY, "--no-posters"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = second.stderr.readline()
        named = re.search(r"另一个 noticeboard（进程 (\d+)，(\S+ \S+) 开始）正在生成这个网站", said)
        assert named, said
        assert int(named[1]) == first.pid
        assert started <= dt.datetime.fromisoformat(named[2]) <= dt.datetime.now()
        assert "最多等 30 分钟" in said and "Ctrl+C" in said
    finally:
        first.communicate("done\n")
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert (site / "public" / "index.html").is_file()


def test_a_build_waits_a_bounded_time_then_says_which_process_to_end(site: Path) -> None:
    """A build stuck for hours (or left in a terminal's background) must not queue the daily
    cron build behind it day after day: after BUILD_PATIENCE it gives up, exit 1, in words."""
    import subprocess
    import sys

    first = _hold(site)
    try:
        impatient = ("import sys; import generator.folders; generator.folders.BUILD_PATIENCE = 0.5\n"
                     "from generator.cli import main; sys.argv[0] = 'noticeboard'; sys.exit(main())")
        second = subprocess.run([sys.executable, "-c", impatient, "build", str(site), "--today", TODAY, "--no-posters"],
                                capture_output=True, text=True, timeout=60)
    finally:
        first.communicate("done\n")
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    assert f"另一个 noticeboard（进程 {first.pid}，" in second.stderr
    assert "生成这个网站已经超过 0.5 秒，还没有完成，这次没有生成" in second.stderr
    assert f"kill {first.pid}" in second.stderr and "再运行一次这条命令" in second.stderr
    assert "网站没有发布" in second.stderr
    assert not (site / "public").exists()
