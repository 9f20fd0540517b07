"""The search index: documents read from HTML, terms, the file formats, and incremental
updates that write exactly what indexing everything at once writes."""

from __future__ import annotations

import errno
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import search
from generator.buildstate import Manifest
from generator.search import (Document, decode_ids, decode_shard, encode_ids, encode_shard,
                              extract, index_search, order_bytes, shard_files, shard_of, terms)

# ---------------------------------------------------------------- documents


def page(body: str, head: str = "<nav><a href='/'>首页</a><h1>站名</h1></nav>") -> bytes:
    return f"<!doctype html><html><head><title>t</title></head><body>{head}<main>{body}</main><footer>联系</footer></body></html>".encode()


def test_the_marked_element_is_the_document() -> None:
    html = page('<article data-search-body><h1><span class="badge">紧急</span> 停水通知</h1>'
                '<p class="meta"><time datetime="2026-11-20">11月20日</time></p>'
                '<p>因<strong>管道</strong>维修，<a href="/x/">三号楼</a>停水。</p><ul><li>储水</li><li>关阀</li></ul>'
                '<p data-search-ignore>标签：<a>停水</a></p><script>var x = "脚本";</script><!-- 注释 --></article>')
    document = extract(html, "/notices/ting-shui/")
    assert document == Document("/notices/ting-shui/", "紧急 停水通知", "紧急 停水通知 11月20日 因管道维修，三号楼停水。 储水 关阀",
                                "2026-11-20")


def test_a_page_without_the_mark_is_not_searched() -> None:
    assert extract(page("<article><h1>首页</h1></article>"), "/") is None
    # The words in the text of a page (a notice explaining the theme) are not the mark.
    assert extract(page("<article><h1>说明</h1><p>在 article 上写 data-search-body</p></article>"), "/x/") is None


def test_a_mark_after_other_attributes_and_a_page_without_h1() -> None:
    html = page('<div title="a<b" data-search-body><p>只有正文</p></div>')
    assert extract(html, "/p/") == Document("/p/", "/p/", "只有正文")


def test_the_kind_of_page_follows_its_title_in_the_text() -> None:
    """No activity page said 活动 (its kind is in the breadcrumb, outside the document): 活动
    found 4 pages of 17. The kind on the marked element follows the title, so the excerpt,
    which starts after the title, begins with it; with no h1 it comes first."""
    html = page('<article data-search-body data-search-kind="社区活动"><h1>生日会</h1><p>时间：12月6日</p></article>')
    assert extract(html, "/a/").text == "生日会 社区活动 时间：12月6日"
    assert "活动" in terms(extract(html, "/a/").text)
    html = page('<div data-search-kind="通知公告" data-search-body><p>只有正文</p></div>')
    assert extract(html, "/p/") == Document("/p/", "/p/", "通知公告 只有正文")


def test_an_activitys_days_are_indexed_as_day_terms() -> None:
    """明天有什么活动 needs the activities on a day, each day of one that runs several: the
    index has a term per day (a word no text gives), looked up by search.js."""
    html = page('<article data-search-body data-search-days="2026-12-30/2027-01-02"><h1>汇演</h1></article>')
    document = extract(html, "/a/")
    assert document.days == "2026-12-30/2027-01-02"
    assert search.day_terms(document.days) == ["d20261230", "d20261231", "d20270101", "d20270102"]
    assert {"d20261231", "d20270102"} <= terms(document.indexed) and "d20261231" not in document.text
    assert search.day_terms("2026-12-06") == ["d20261206"]
    assert search.day_terms("2026-12-06/2026-12-05") == [] and search.day_terms("明天") == []
    assert len(search.day_terms("2026-01-01/2030-01-01")) == search.MAX_DAYS
    shards = shard_files({document.id: [document.indexed]})
    found = decode_shard(shards[shard_of("d20261231")])
    assert decode_ids(found[b"d20261231"]) == [document.id]


@pytest.mark.parametrize("text, found", [
    # As the example's notices write them (停水通知, contact page).
    ("锦江苑小区 1 至 12 栋；", [f"r{n}d" for n in range(1, 13)]), ("锦江苑 7-12 栋", [f"r{n}d" for n in range(7, 13)]),
    ("1～12号楼停水", [f"r{n}h" for n in range(1, 13)]), ("１－３单元", ["r1u", "r2u", "r3u"]),
    ("3、5、7栋", ["r3d", "r5d", "r7d"]), ("2，3 號樓", ["r2h", "r3h"]), ("1-3、5 栋", ["r1d", "r2d", "r3d", "r5d"]),
    ("8:00-18:00 锦江苑 1-3 栋", ["r1d", "r2d", "r3d"]),  # the hours are no series of buildings
    # Found as written, each with its unit: no series.
    ("5 栋、6 栋电梯", []), ("3 栋与 4 栋之间", []), ("5 栋 1 单元、2 单元", []), ("模拟 5 栋 12 楼", []),
    ("1-500 栋", ["r1d", "r500d"]), ("12-1 栋", ["r1d", "r12d"]),  # a range too long, or backwards: its ends
    ("113-2 栋", ["r2d", "r113d"]), ("停水通知", []),
    # The unit written after each end of a range, too; a list so written is found as written.
    ("1号楼至3号楼", ["r1h", "r2h", "r3h"]), ("1栋到5栋停水", [f"r{n}d" for n in range(1, 6)]),
    ("3单元—5单元", ["r3u", "r4u", "r5u"]), ("1 號樓 至 3 号楼", ["r1h", "r2h", "r3h"]), ("１栋－３栋", ["r1d", "r2d", "r3d"]),
    ("1栋至3栋、5栋", ["r1d", "r2d", "r3d"]), ("5 栋 1 单元-3 单元", ["r1u", "r2u", "r3u"]),
    ("1栋至3号楼", []), ("2 栋-3 单元", []),  # not one unit: no range
    # The dash as a Chinese input method types it (——), and 号楼 shortened to 号 at the first end.
    ("3——5 栋", ["r3d", "r4d", "r5d"]), ("3 —— 5 号楼", ["r3h", "r4h", "r5h"]), ("6单元--8单元", ["r6u", "r7u", "r8u"]),
    ("1号至3号楼", ["r1h", "r2h", "r3h"]), ("1 號 - 3 號樓", ["r1h", "r2h", "r3h"]), ("1号至3栋", []),
    # Every dash of generator/dates.py's DASHES: ―― (U+2015), which some input methods type for 破折号, and −.
    ("3――5栋", ["r3d", "r4d", "r5d"]), ("3 ― 5 号楼", ["r3h", "r4h", "r5h"]), ("1−3单元", ["r1u", "r2u", "r3u"]),
    ("6‐8 栋", ["r6d", "r7d", "r8d"]), ("6﹣8 栋", ["r6d", "r7d", "r8d"]),
    # a day of a month, not a building: 12月1号到15号 is a fortnight, 楼道 the stairwells
    ("12月1号到15号楼道清扫", []),
])
def test_a_series_of_buildings_gives_a_term_for_each_one(text: str, found: list[str]) -> None:
    """A notice about 1-12 栋 was not found by 5栋: no text says it. Each building or
    staircase a series takes in has a term (a word no text gives), looked up by search.js."""
    assert search.series_terms(text) == found


def test_the_series_terms_are_in_the_index_and_patched(tmp_path: Path) -> None:
    html = page("<article data-search-body><h1>锦江苑停水通知</h1><p>锦江苑小区 1 至 12 栋停水。</p></article>")
    document = extract(html, "/n/")
    assert {"r5d", "r12d"} <= terms(document.indexed) and "r13d" not in terms(document.indexed)
    assert "r5d" not in document.text and document.digest == search._hash("/n/", document.title, document.text, "", "")
    found = decode_shard(shard_files({document.id: [document.indexed]})[shard_of("r5d")])
    assert decode_ids(found[b"r5d"]) == [document.id]
    pages = {"notices/n/index.html": notice("停水", "锦江苑小区 1 至 12 栋停水"), "notices/m/index.html": notice("花卉展", "蝴蝶兰")}
    site = Site(tmp_path / "inc")
    site.build(pages, set(pages))
    pages["notices/n/index.html"] = notice("停水", "锦江苑小区 1 至 6 栋停水")
    assert site.build(pages, {"notices/n/index.html"})
    clean = Site(tmp_path / "clean")
    clean.build(pages, set(pages))
    assert site.files() == clean.files()
    shard = decode_shard((site.out / search.shard_path(shard_of("r5d"))).read_bytes())
    assert b"r6d" in shard and b"r7d" not in shard


def test_a_change_of_days_alone_is_patched_into_the_index(tmp_path: Path) -> None:
    """An activity moved to another day, its text the same: the incremental build patches
    its day terms as a clean build writes them."""
    def activity(days: str) -> bytes:
        return page(f'<article data-search-body data-search-days="{days}"><h1>汇演</h1><p>文艺</p></article>')
    pages = {"activities/a/index.html": activity("2026-12-30"), "notices/n/index.html": notice("停水", "储水")}
    site = Site(tmp_path / "inc")
    site.build(pages, set(pages))
    pages["activities/a/index.html"] = activity("2026-12-31/2027-01-01")
    assert site.build(pages, {"activities/a/index.html"})
    clean = Site(tmp_path / "clean")
    clean.build(pages, set(pages))
    assert site.files() == clean.files()
    shard = decode_shard((site.out / search.shard_path(shard_of("d20261231"))).read_bytes())
    assert {b"d20261231", b"d20270101"} <= shard.keys() and b"d20261230" not in shard


def test_a_cancelled_activity_is_marked_in_the_index_and_the_change_patched(tmp_path: Path) -> None:
    """明天有什么活动 listed a cancelled activity among those that take place: nothing in the
    index told them apart. A cancelled one has the term CANCELLED (in the day terms' shard,
    which search.js loads anyway), patched in and out as a clean build writes it; the digest
    of every other document is what it was (no needless reindexing)."""
    def activity(cancelled: bool) -> bytes:
        mark = " data-search-cancelled" if cancelled else ""
        return page(f'<article data-search-body data-search-days="2026-12-30"{mark}><h1>汇演</h1><p>文艺</p></article>')
    document = extract(activity(True), "/a/")
    assert document.cancelled and search.CANCELLED in terms(document.indexed) and search.CANCELLED not in document.text
    assert shard_of(search.CANCELLED) == shard_of("d20261230")
    kept = extract(activity(False), "/a/")
    assert not kept.cancelled and search.CANCELLED not in terms(kept.indexed)
    assert kept.digest == search._hash("/a/", kept.title, kept.text, kept.date, kept.days)
    pages = {"activities/a/index.html": activity(False), "notices/n/index.html": notice("停水", "储水")}
    site = Site(tmp_path / "inc")
    site.build(pages, set(pages))
    for cancelled in (True, False, True):
        pages["activities/a/index.html"] = activity(cancelled)
        assert site.build(pages, {"activities/a/index.html"})
        clean = Site(tmp_path / f"clean-{cancelled}")
        clean.build(pages, set(pages))
        assert site.files() == clean.files()
        shutil.rmtree(tmp_path / f"clean-{cancelled}")
        shard = decode_shard((site.out / search.shard_path(shard_of(search.CANCELLED))).read_bytes())
        assert (search.CANCELLED.encode() in shard) is cancelled


SYLLABLES = [line.split(" ")[0] for line in search.SOUNDS_TABLE.split("\n")]


def said(sound_terms: list[str]) -> set[str]:
    """Sound terms as their syllables, "ting shui"."""
    return {" ".join(SYLLABLES[ord(char) - search.SOUND_BASE] for char in term) for term in sound_terms}


@pytest.mark.parametrize("title, found", [
    ("停水通知", {"ting shui", "shui tong", "tong zhi"}),
    ("医保", {"yi bao"}),
    ("醫保", {"yi bao"}),  # Traditional, as the index folds it
    ("社区义诊", {"she qu", "qu yi", "yi zhen", "she ou", "ou yi"}),  # 区 is a surname, ou, too
    # Every reading of a character that has several: 银行 is yin hang, and also found as yinxing.
    ("银行", {"yin hang", "yin xing", "yin heng"}),
    # Numbers, letters, punctuation and characters outside GB2312 (𠀀) end a run.
    ("5栋停水，WiFi𠀀维修", {"dong ting", "ting shui", "wei xiu"}),
    ("水", set()),
    ("Open Day", set()),
])
def test_a_titles_pairs_of_characters_give_the_syllables_they_are_read_as(title: str, found: set[str]) -> None:
    """停睡 (voice input) and tingshui (pinyin typed without picking characters) found nothing:
    search.js reads them as ting shui and looks up the terms of those syllables."""
    assert said(search.sound_terms(title)) == found


def test_the_table_of_sounds_reads_each_gb2312_character_in_syllables_in_order() -> None:
    """A syllable's number is its line (the index's terms and search.js's reading of a query
    both count on it): each once, sorted; every GB2312 character under each of its readings."""
    assert SYLLABLES == sorted(set(SYLLABLES)) and len(SYLLABLES) < 0x800
    assert all(re.fullmatch(r"[a-z]+", syllable) for syllable in SYLLABLES)
    read = search._readings()
    assert len(read) == 6763 and "停" in read and "𠀀" not in read
    assert {SYLLABLES[ord(c) - search.SOUND_BASE] for c in read["长"]} >= {"chang", "zhang"}
    assert "lv" in {SYLLABLES[ord(c) - search.SOUND_BASE] for c in read["绿"]}  # ü as keyboards type it


def test_sound_terms_are_indexed_from_the_title_alone_and_no_text_gives_one(tmp_path: Path) -> None:
    """The title's sound terms are in the index, in the shard of their first syllable; the
    body's are not (the rung is a last try: titles say what a notice is), and private-use
    characters a page holds (an icon font's) make no term."""
    html = page("<article data-search-body><h1>医保缴费</h1><p>停水\ue000\ue001 \ue002\ue003</p></article>")
    document = extract(html, "/n/")
    found = terms(document.indexed)
    sounds = {t for t in found if t[0] >= chr(search.SOUND_BASE)}
    assert sounds == set(search.sound_terms("医保缴费")) and {"yi bao", "jiao fei"} <= said(sounds)
    assert terms(document.text) & set(search.sound_terms("医保缴费")) == set()
    term = search.sound_terms("医保")[0]
    shard = decode_shard(shard_files({document.id: [document.indexed]})[shard_of(term)])
    assert decode_ids(shard[term.encode()]) == [document.id]
    assert shard_of(term) == ord(term[0]) % search.SHARDS != shard_of(search.sound_terms("停水")[0])


def test_the_table_of_sounds_is_published_with_the_index(tmp_path: Path) -> None:
    site = Site(tmp_path)
    pages = {"notices/n/index.html": notice("停水通知", "全天停水")}
    site.build(pages, set(pages))
    index = site.index()
    assert index[search.SOUNDS].decode() == search.SOUNDS_TABLE
    assert json.loads(index[search.META])["sounds"] and search.is_index_file(search.SOUNDS)


def test_a_soft_line_break_between_chinese_characters_joins_them() -> None:
    html = page("<article data-search-body><h1>题</h1><p>社区\n花园开放\nOpen Day</p><ul>\n<li>一</li>\n<li>二</li></ul></article>")
    assert extract(html, "/a/").text == "题 社区花园开放 Open Day 一 二"


# ---------------------------------------------------------------- terms


def test_chinese_gives_bigrams_and_the_last_character_of_each_run() -> None:
    assert terms("停水通知") == {"停水", "水通", "通知", "知"}
    assert terms("停水，通知") == {"停水", "水", "通知", "知"}
    assert terms("水") == {"水"}


def test_words_are_folded_and_split_from_chinese() -> None:
    assert terms("WiFi密码Ｗｉ２０２６年 5G") == {"wifi", "密码", "码", "wi2026", "年", "5g"}
    assert terms("、。！ \n") == set()


def test_kana_hangul_and_rare_ideographs_are_characters_too() -> None:
    assert terms("𠀀〇あ한") == {"𠀀〇", "〇あ", "あ한", "한"}


def test_traditional_characters_are_indexed_as_simplified_ones() -> None:
    """33號樓 typed on a phone set to Traditional input found nothing on a Simplified site, and
    电梯 nothing on a Traditional one: both are indexed as Simplified, as search.js folds the
    query and the pages it reads (the same table, checked in test_the_browser_folds_as_the_index_does)."""
    found = terms("33號樓 5 棟電梯停運 3樓")
    assert {"号楼", "楼", "栋电", "电梯", "停运"} <= found and not {"號樓", "電梯", "樓"} & found
    # In a clean build's numpy too (test_numpy_indexing_finds_the_terms_python_finds has them).
    assert shard_files({7: ["電梯"]}) == shard_files({7: ["电梯"]})
    # A series so written is read as one (1 至 12 棟 is 1 至 12 栋).
    assert Document("/a/", "停水", "1－3 棟").indexed.partition("\n")[2].split()[:3] == ["r1d", "r2d", "r3d"]


def test_the_table_of_traditional_characters_is_search_js_table() -> None:
    """One table on both sides: a character folded in the index and not in the query (or the
    reverse) would never be found. Each maps to one character (search.js folds one UTF-16 unit
    for one) that is no Traditional one itself (a fold done once is done)."""
    from generator import hanzi

    script = (Path(__file__).resolve().parents[2] / "themes/default/static/search.js").read_text(encoding="utf-8")
    line = re.search(r'^const TRADITIONAL = ("[^"]*"), SIMPLIFIED = ("[^"]*");$', script, re.MULTILINE)
    assert line is not None
    assert (json.loads(line[1]), json.loads(line[2])) == (hanzi.TRADITIONAL, hanzi.SIMPLIFIED)
    assert len(hanzi.TRADITIONAL) == len(hanzi.SIMPLIFIED) == len(set(hanzi.TRADITIONAL))
    assert all(ord(char) < 0x10000 for char in hanzi.TRADITIONAL + hanzi.SIMPLIFIED)
    assert not set(hanzi.TRADITIONAL) & set(hanzi.SIMPLIFIED)
    assert set("號樓棟層單門電") <= set(hanzi.TRADITIONAL)  # the building words at least


TEXT = st.text(alphabet="停水通知社区居民蝴蝶兰〇あ한𠀀AbZ09Ｚｚ０ ，。\n電梯电號", max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([0, 1, 5, 0xABCDEF, (1 << 24) - 1]), st.lists(TEXT, min_size=1, max_size=3), max_size=5))
def test_numpy_indexing_finds_the_terms_python_finds(buckets: dict[int, list[str]]) -> None:
    expected: dict[str, list[int]] = {}
    for bucket in sorted(buckets):
        for term in set().union(*map(terms, buckets[bucket])):
            expected.setdefault(term, []).append(bucket)
    assert shard_files(buckets) == shards_of(expected)


def shards_of(postings: dict[str, list[int]]) -> dict[int, bytes]:
    """The shard files of term -> ids, as written one term at a time."""
    by_shard: dict[int, dict[bytes, bytes]] = {}
    for term, ids in postings.items():
        by_shard.setdefault(shard_of(term), {})[term.encode()] = encode_ids(ids)
    return {shard: encode_shard(entries) for shard, entries in sorted(by_shard.items())}


def test_each_shard_is_made_in_one_part() -> None:
    """A part holds the shards s with s % PARTS == p only while PARTS divides SHARDS."""
    assert search.SHARDS % search.PARTS == 0


def test_indexing_on_both_cores_writes_what_one_core_writes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """From 2,048 ids the terms are found, and the shards written, in forked workers; their
    temporary files go into the folder given (the cache folder), and none is left there."""
    rng = random.Random(7)
    alphabet = "停水通知社区居民蝴蝶兰〇あ한𠀀AbZ09Ｚｚ０ ，。\n"
    texts = {rng.randrange(1 << 24): ["".join(rng.choices(alphabet, k=rng.randrange(1, 30)))] for _ in range(2200)}
    monkeypatch.setenv("NOTICEBOARD_JOBS", "2")
    gone = subprocess.Popen(["true"])
    gone.wait()
    (tmp_path / f"{search.SCRATCH}{gone.pid}-abc").mkdir()  # left by a build that was killed
    (tmp_path / f"{search.SCRATCH}{os.getppid()}-def").mkdir()  # a build running beside this one
    (tmp_path / "content.pickle").write_bytes(b"kept")
    made: list[Path] = []
    temporary = tempfile.TemporaryDirectory

    def spy(*args: object, **kwargs: object) -> tempfile.TemporaryDirectory:
        folder = temporary(*args, **kwargs)
        made.append(Path(folder.name))
        return folder

    monkeypatch.setattr(tempfile, "TemporaryDirectory", spy)
    forked = shard_files(texts, tmp_path)
    assert len(made) == 1 and made[0].parent == tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content.pickle", f"{search.SCRATCH}{os.getppid()}-def"]
    monkeypatch.setenv("NOTICEBOARD_JOBS", "1")
    made.clear()
    assert forked == shard_files(texts, tmp_path)
    assert made == []  # on one core the keys stay in memory
    expected: dict[str, list[int]] = {}
    for i in sorted(texts):
        for term in terms(texts[i][0]):
            expected.setdefault(term, []).append(i)
    assert forked == shards_of(expected)


def test_each_part_reads_its_own_keys_from_the_chunks_files(tmp_path: Path) -> None:
    """The term workers leave each chunk's keys in a file, the parts one after the other; the
    worker of a part reads its slice of every file and makes only that part's shards."""
    import numpy as np

    rng = random.Random(11)
    alphabet = "停水通知社区居民蝴蝶兰〇あ한AbZ09 ，。"
    texts = {rng.randrange(1 << 24): ["".join(rng.choices(alphabet, k=rng.randrange(5, 40)))] for _ in range(300)}
    ids = sorted(texts)
    groups = [ids[start : start + 32] for start in range(0, len(ids), 32)]
    in_files = search._GroupTerms(np, texts, str(tmp_path))(groups[:5]) + search._GroupTerms(np, texts, str(tmp_path))(groups[5:])
    in_memory = search._GroupTerms(np, texts)(groups)
    assert all(chunk.path for chunk in in_files) and len(list(tmp_path.iterdir())) == 2
    found: dict[int, bytes] = {}
    for part in range(search.PARTS):
        shards = search._PartShards(np, in_files).shards(part)
        assert shards == search._PartShards(np, in_memory).shards(part)
        assert all(shard % search.PARTS == part for shard in shards)
        found.update(shards)
    expected: dict[str, list[int]] = {}
    for i in ids:
        for term in terms(texts[i][0]):
            expected.setdefault(term, []).append(i)
    assert dict(sorted(found.items())) == shards_of(expected)


def test_a_full_disk_stops_the_index_rather_than_losing_keys(tmp_path: Path) -> None:
    """numpy's tofile lost the error of its last flush: the shards were made from the keys
    that fit, and the build published them."""
    import numpy as np

    keys = [np.arange(10, dtype=np.uint64)] * search.PARTS
    with pytest.raises(OSError) as raised:
        search._write_keys("/dev/full", keys)  # every write there fails: "No space left on device"
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == "/dev/full"
    short = tmp_path / "cut.bin"
    short.write_bytes(np.arange(5, dtype=np.uint64).tobytes())
    chunk = search._ChunkTerms([{}] * search.PARTS, path=str(short), bounds=(0, 3, 8))
    assert chunk.part_keys(np, 0).tolist() == [0, 1, 2]
    with pytest.raises(OSError) as raised:
        chunk.part_keys(np, 1)
    assert raised.value.errno == errno.EIO and raised.value.filename == str(short)


# ---------------------------------------------------------------- file formats


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(0, (1 << 24) - 1), max_size=50))
def test_postings_round_trip(ids: set[int]) -> None:
    listed = sorted(ids)
    assert decode_ids(encode_ids(listed)) == listed


def test_postings_are_the_first_id_then_gaps_as_leb128() -> None:
    assert encode_ids([3, 131, 20001]) == bytes([3, 0x80, 0x01, 0x9E, 0x9B, 0x01])  # gaps 3, 128, 19870


def test_every_gap_of_one_or_two_bytes_is_written_as_leb128() -> None:
    """The lookup tables behind encode_ids, against LEB128 written out bit by bit."""
    def leb128(value: int) -> bytes:
        written = bytearray()
        while True:
            low, value = value & 0x7F, value >> 7
            written.append(low | (0x80 if value else 0))
            if not value:
                return bytes(written)

    gaps = list(range(1 << 14))
    ids = list(accumulate(gaps))
    assert encode_ids(ids) == b"".join(map(leb128, gaps))
    assert decode_ids(encode_ids(ids)) == ids


def test_a_shard_round_trips_and_does_not_depend_on_insertion_order() -> None:
    entries = {"社区".encode(): encode_ids([1, 9]), b"wifi": encode_ids([7]), "社".encode(): encode_ids([2])}
    data = encode_shard(entries)
    assert decode_shard(data) == entries
    assert encode_shard(dict(reversed(entries.items()))) == data
    assert data.startswith(b"\x04wifi\x01\x07")  # ASCII sorts first; length, term, length, postings


def test_results_are_ordered_newest_first_then_by_url() -> None:
    order = order_bytes([("/b/", "2026-01-01"), ("/a/", ""), ("/c/", "2026-03-01"), ("/d/", "2026-01-01")])
    ids = [int.from_bytes(order[i : i + 3], "big") for i in range(0, len(order), 3)]
    assert ids == [search.doc_id(url) for url in ("/c/", "/b/", "/d/", "/a/")]


# ---------------------------------------------------------------- incremental builds


class Site:
    """An output folder that index_search maintains, published the way write.py does it:
    the pages (path -> HTML) after the index, which reads the old ones."""

    def __init__(self, root: Path):
        self.root = root
        self.out, self.cache, self.staging = root / "out", root / "cache", root / "staging"
        self.out.mkdir(parents=True)
        self.manifest = Manifest()
        self.published: set[str] = set()

    def build(self, pages: dict[str, bytes], rendered: set[str]) -> list[str]:
        """Publish ``pages``, of which ``rendered`` were rendered again; the search files written."""
        documents = {path: extract(pages[path], search._url_of(path)) if path in pages else None for path in rendered}
        records = {path: None for path in pages}
        result = index_search(documents, records, self.manifest, self.staging, self.out, self.cache)  # type: ignore[arg-type]
        for path in result.staged:
            (self.out / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(self.staging / path, self.out / path)
        for path in set(self.manifest.outputs) - set(result.records):
            (self.out / path).unlink()
        for path in rendered & pages.keys():
            (self.out / path).parent.mkdir(parents=True, exist_ok=True)
            (self.out / path).write_bytes(pages[path])
        for path in self.published - pages.keys():
            (self.out / path).unlink()
        self.published = set(pages)
        shutil.rmtree(self.staging, ignore_errors=True)
        self.manifest = Manifest(str(self.out), dict(result.records))
        return result.staged

    def files(self) -> dict[str, bytes]:
        return {p.relative_to(self.out).as_posix(): p.read_bytes() for p in sorted(self.out.rglob("*")) if p.is_file()}

    def index(self) -> dict[str, bytes]:
        return {path: data for path, data in self.files().items() if path.startswith(search.OUTPUT + "/")}


WORDS = "停水 通知 社区 花园 蝴蝶兰 义诊 Open Day 2026 储水 消防 演练".split()


def notice(title: str, text: str, date: str = "") -> bytes:
    time = f'<p><time datetime="{date}">{date}</time></p>' if date else ""
    return page(f"<article data-search-body><h1>{title}</h1>{time}<p>{text}</p><p data-search-ignore>标签</p></article>")


def random_page(rng: random.Random) -> bytes:
    return notice(rng.choice(WORDS), " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 8))),
                  rng.choice(["", "2026-11-20", "2026-11-21"]))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("colliding", [False, True])
def test_incremental_updates_write_what_a_clean_index_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             seed: int, colliding: bool) -> None:
    if colliding:  # four ids for all documents: buckets and postings shared by several
        monkeypatch.setattr(search, "doc_id", lambda url: zlib.crc32(url.encode()) % 4)
    rng = random.Random(seed)
    site = Site(tmp_path / "inc")
    pages: dict[str, bytes] = {}
    for step in range(30):
        rendered = set()
        for _ in range(rng.randint(1, 4)):
            path = f"notices/{rng.randint(0, 12)}/index.html"
            rendered.add(path)
            if rng.random() < 0.25:
                pages.pop(path, None)
            else:
                pages[path] = random_page(rng)
        removed = {p for p in pages if rng.random() < 0.05}
        for path in removed:
            del pages[path]
        site.build(pages, rendered - removed)
        clean = Site(tmp_path / f"clean-{step}")
        clean.build(pages, set(pages))
        assert site.files() == clean.files(), f"step {step}"
        shutil.rmtree(clean.root)


def test_an_unchanged_build_writes_nothing_and_one_edit_few_files(tmp_path: Path) -> None:
    rng = random.Random(1)
    pages = {f"notices/{i}/index.html": random_page(rng) for i in range(40)}
    site = Site(tmp_path)
    assert len(site.build(pages, set(pages))) > 40
    assert site.build(pages, set(pages)) == []
    path = "notices/3/index.html"
    pages[path] = pages[path].replace(b"</p><p data-search-ignore>", "新增一句</p><p data-search-ignore>".encode())
    written = site.build(pages, {path})
    # Its terms, and the versions: not its bucket (the URL is listed already) nor the order.
    assert search.META in written and search.ORDER not in written
    assert not any(p.startswith(search.OUTPUT + "/d/") for p in written)
    assert len(written) <= 1 + len(terms("新增一句"))
    pages["notices/new/index.html"] = notice("新通知", "新增一条")
    written = site.build(pages, {"notices/new/index.html"})
    bucket = search.bucket_path(search.doc_id("/notices/new/") % search.BUCKETS)
    assert bucket in written and search.ORDER in written
    assert [search.doc_id("/notices/new/"), "/notices/new/"] in json.loads((site.out / bucket).read_bytes())


def test_a_lost_cache_reads_the_documents_back_from_the_published_pages(tmp_path: Path) -> None:
    """The state in the cache is gone (or from another build): pages that were not rendered
    again are read from the output folder, and the index is still complete."""
    site = Site(tmp_path)
    pages = {"notices/a/index.html": notice("花卉展", "蝴蝶兰开了")}
    site.build(pages, set(pages))
    (site.cache / search.STATE).unlink()
    pages["notices/b/index.html"] = notice("停水", "停水通知")
    site.build(pages, {"notices/b/index.html"})
    clean = Site(tmp_path / "clean")
    clean.build(pages, set(pages))
    assert site.index() == clean.index()


def test_a_page_changed_behind_the_caches_back_is_not_patched_with_the_wrong_text(tmp_path: Path) -> None:
    """The old text of an edited page is read from the published page: when that page is
    not what the cache says was indexed, its terms cannot be taken out of the shards, and
    everything is indexed again instead."""
    site = Site(tmp_path)
    pages = {"notices/a/index.html": notice("花卉展", "蝴蝶兰开了"), "notices/b/index.html": notice("停水", "停水通知")}
    site.build(pages, set(pages))
    (site.out / "notices/a/index.html").write_bytes(notice("花卉展", "消防演练"))  # by hand
    pages["notices/a/index.html"] = notice("花卉展", "义诊")
    site.build(pages, {"notices/a/index.html"})
    clean = Site(tmp_path / "clean")
    clean.build(pages, set(pages))
    assert site.index() == clean.index()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_numpy_for_the_index_starts_no_blas_threads() -> None:
    """OpenBLAS, loaded with numpy, would start a thread per core that spins for a while and
    takes CPU from the workers making the index; the index does no linear algebra. A user's
    own OPENBLAS_NUM_THREADS is kept."""
    threads = "import os, time; time.sleep(0.05); print(len(os.listdir('/proc/self/task')), os.environ.get('OPENBLAS_NUM_THREADS'))"
    count = "from generator.search import load_numpy; load_numpy(); " + threads
    env = {key: value for key, value in os.environ.items() if key not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    plain = subprocess.run([sys.executable, "-c", "import numpy; " + threads], env=env, capture_output=True, text=True, check=True)
    if plain.stdout.split()[0] == "1":
        pytest.skip("numpy's BLAS starts no threads on this machine (one core): nothing to keep from starting")
    ran = subprocess.run([sys.executable, "-c", count], env=env, capture_output=True, text=True, check=True)
    assert ran.stdout.split() == ["1", "1"]
    ran = subprocess.run([sys.executable, "-c", count], env={**env, "OPENBLAS_NUM_THREADS": "2"},
                         capture_output=True, text=True, check=True)
    assert ran.stdout.split()[1] == "2"
