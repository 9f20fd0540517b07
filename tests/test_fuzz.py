"""Property: whatever staff type, the loader, validator, linker and pre-publish lint answer with
clean problems (file, line, field, a message in both languages) and never raise.

Random sites of one or two files are thrown at load -> validate -> link -> lint, in-process:
front matter written by a YAML dumper (every type of value in every field) or typed "by hand"
(full-width colons, tabs, full-width spaces, stray brackets and quotes, a missing closing
``---``), bodies of Markdown and raw HTML with scripts, links, ID-card and phone numbers, all in
UTF-8, UTF-8 with BOM, CRLF, GB18030 or UTF-16.

CI runs a fixed ("derandomized") set of examples so failures reproduce. For a longer hunt:
``NOTICEBOARD_FUZZ=thorough pytest tests/test_fuzz.py`` (random, 20,000 examples).
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.errors import Problem, Problems
from generator.lint import check_site
from generator.link import link_site
from generator.load import load_document
from generator.markup import MarkdownRenderer, MediaLinks
from generator.models import Activity, MonthStats, Notice, Page, ServiceCategory, Team
from generator.validate import FileContext, validate_document

from conftest import MINIMAL_SITE_YAML

settings.register_profile(
    "ci", max_examples=2000, derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough", max_examples=20_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("NOTICEBOARD_FUZZ", "ci")

ROOT = Path(tempfile.mkdtemp(prefix="noticeboard-fuzz-"))
atexit.register(shutil.rmtree, ROOT, True)
(ROOT / "site.yaml").write_text(MINIMAL_SITE_YAML, encoding="utf-8")
(ROOT / "content/media").mkdir(parents=True)
(ROOT / "content/media/map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
CONFIG, _ = load_config(ROOT)
RENDERER = MarkdownRenderer(MediaLinks(ROOT, CONFIG.base_path))
TODAY = dt.date(2026, 11, 22)

KINDS = {  # type -> (folder, suffix)
    Notice: ("notices", ".md"), Activity: ("activities", ".md"), Team: ("teams", ".md"),
    Page: ("pages", ".md"), ServiceCategory: ("services", ".yaml"), MonthStats: ("stats", ".yaml"),
}

# Characters staff produce: ASCII, Chinese, the full-width punctuation of an input method,
# invisible troublemakers (tab, full-width space, BOM, CR, zero-width space) and YAML's symbols.
ALPHABET = (
    "abcxyz0123456789 -_.:/#&*!|>'\"%@`?,[]{}()<>="
    "停水通知社区老年人活动上午下午年月日点"
    "：，、；【】（）｛｝“”　０１２３"
    "\t\r\ufeff\u200b"
)
TRICKY_SCALARS = st.sampled_from([
    "2026-12-01", "2026-13-01", "2026-12-01 09:30", "2026年12月1日 下午3点", "２０２６年１２月６日 上午９:３０",
    "2026-02-30", "12月6日", "20261201", "2026.12", "0831-1234567", "13912345678", "110101194003071230",
    "team", "red-caps", "../../etc/passwd", "javascript:alert(1)", "a3", "A4", "true", "否", "", "~",
    "*alias", "&anchor", "!!binary", "%", "@", "`", "null", "- item", ": colon", "#comment",
])
FIELD_NAMES = sorted({name for kind in KINDS for name in kind.FIELDS} | {"titel", "stat", "标题"})

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True), TRICKY_SCALARS, st.text(ALPHABET, max_size=30),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
)
# Two levels of nesting are enough to put a list or a mapping where any field expects a text,
# and much cheaper to draw than st.recursive (which made drawing 90% of the test's time).
containers = st.one_of(
    st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(FIELD_NAMES), st.one_of(scalars, st.lists(scalars, max_size=2)), max_size=3),
)
values = st.one_of(scalars, scalars, containers)
dumped_front = st.lists(st.tuples(st.sampled_from(FIELD_NAMES), values), max_size=8).map(
    lambda pairs: yaml.safe_dump(dict(pairs), allow_unicode=True, sort_keys=False)
)


@st.composite
def typed_line(draw: st.DrawFn) -> str:
    """One line as a person might type it, mistakes included."""
    indent = draw(st.sampled_from(["", "", "  ", "    ", " ", "\t", "\u3000", "\u3000\u3000", "  - ", "- "]))
    key = draw(st.one_of(st.sampled_from(FIELD_NAMES), st.text(ALPHABET, max_size=6)))
    colon = draw(st.sampled_from([": ", ": ", "：", "： ", ":", ":\t", " : ", ""]))
    value = draw(st.one_of(TRICKY_SCALARS, st.text(ALPHABET, max_size=20),
                           st.sampled_from(["【老人，儿童】", "[a, b", "{size: a3", "\"unclosed", "'it''s'", "|", ">-"])))
    return indent + key + colon + value


typed_front = st.lists(typed_line(), max_size=8).map("\n".join)

BODY_PIECES = st.sampled_from([
    "# 标题\n", "- 一\n  - 二\n", "1. 第一\n", "> 引用\n", "| a | b |\n| - | - |\n| 1 | 2 |\n", "```\ncode\n```\n",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[链接](javascript:alert(1))",
    "![图](media/map.png)", "![](../../../etc/passwd)", "[附件](missing.pdf)", "<div><table><tr><td>x",
    "身份证 110101194003071230", "电话 13912345678", "热线 0831-1234567", "１３９１２３４５６７８", "---\n",
    "<!-- 注释 -->", "&amp; &#0; &#x110000;", "\u3000\u3000首行缩进", "*强调* **粗体** ~~删除~~", "\n\n",
])
bodies = st.lists(st.one_of(BODY_PIECES, st.text(ALPHABET, max_size=40)), max_size=10).map("".join)

ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "crlf", "gb18030", "utf-16"])


# Valid values for the required fields, so that most examples get past validation to link
# and lint; the random fields drawn after them may replace any of these.
REQUIRED = {
    Notice: {"title": "停水通知", "date": "2026-11-20"},
    Activity: {"title": "义诊", "start": "2026-12-06 09:00"},
    Team: {"name": "红帽子志愿服务队"},
    Page: {"title": "关于我们"},
    ServiceCategory: {"category": "便民服务", "items": [{"id": "repair", "name": "家电维修", "contact": "13912345678"}]},
    MonthStats: {"month": "MONTH", "figures": {"service_visits": 5704}},
}


@st.composite
def front_matter(draw: st.DrawFn, kind: type, month: str) -> str:
    if draw(st.integers(0, 3)) == 0:
        return draw(typed_front)
    required = draw(st.integers(0, 3)) > 0
    data = {k: (month if v == "MONTH" else v) for k, v in REQUIRED[kind].items()} if required else {}
    names = st.sampled_from(sorted(kind.FIELDS) + ["titel", "标题", "date"])
    for name, value in draw(st.lists(st.tuples(names, values), max_size=4)):
        data[name] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def source_file(draw: st.DrawFn, index: int) -> tuple[type, str, bytes]:
    kind = draw(st.sampled_from(list(KINDS)))
    folder, suffix = KINDS[kind]
    stem = f"2026-1{index}" if kind is MonthStats else f"2026-11-2{index}-x{index}"
    relpath = f"content/{folder}/{stem}{suffix}"
    front = draw(front_matter(kind, stem))
    if suffix == ".md":
        closing = draw(st.sampled_from(["---\n", "---\n", "---\n", "...\n", ""]))
        text = f"---\n{front}\n{closing}{draw(bodies)}"
    else:
        text = front
    encoding = draw(ENCODINGS)
    if encoding == "crlf":
        return kind, relpath, text.replace("\n", "\r\n").encode("utf-8")
    return kind, relpath, text.encode(encoding, errors="replace")


@st.composite
def sites(draw: st.DrawFn) -> list[tuple[type, str, bytes]]:
    return [draw(source_file(index)) for index in range(draw(st.integers(1, 2)))]


def assert_clean(problem: Problem, paths: set[str]) -> None:
    assert isinstance(problem, Problem)
    assert problem.path in paths, problem
    assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1), problem
    for lang in ("zh", "en"):
        message = problem.format(lang)
        assert problem.text(lang).strip(), problem
        assert "Traceback" not in message and " object at 0x" not in message, message


STATS = {"examples": 0, "entries": 0, "problems": 0, "seconds": 0.0}


@settings(settings.get_profile(PROFILE))
@given(sites())
def test_any_input_gives_clean_problems_and_never_an_exception(files: list[tuple[type, str, bytes]]) -> None:
    started = time.perf_counter()
    problems = Problems()
    entries, media, paths = [], set(), {"site.yaml"}
    for kind, relpath, data in files:
        paths.add(relpath)
        (ROOT / relpath).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / relpath).write_bytes(data)  # the lint reads a body's lines back from disk
        document = load_document(relpath, data, markdown=relpath.endswith(".md"))
        entry = None
        if not document.problems.errors:
            entry = validate_document(kind, FileContext(document, CONFIG, RENDERER))
        problems.extend(document.problems)
        if entry is not None and not document.problems.errors:
            entries.append(entry)
            media |= document.media
    site = link_site(CONFIG, entries, media, TODAY, False, problems)
    check_site(site, problems)
    for problem in problems.sorted():
        assert_clean(problem, paths)
    STATS["examples"] += 1
    STATS["entries"] += len(site.entries())
    STATS["problems"] += len(problems)
    STATS["seconds"] += time.perf_counter() - started


def test_fuzz_report() -> None:
    """Shows how much the property test did (run with -s to see it)."""
    if STATS["examples"]:
        print(f"\nfuzz: {STATS['examples']} examples, {STATS['entries']} pages linked, {STATS['problems']} problems reported, "
              f"{STATS['seconds']:.1f} s in the pipeline")
