"""The cache folder's pickles: a file that another version left, or that was cut short, is
no cache at all (the build starts afresh) instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.buildstate import MANIFEST, Manifest
from generator.cachefiles import load_pickle, save_pickle

UNUSABLE = {
    "cut short": b"\x80\x05\x95\x10\x00\x00",
    "from a newer Python": b"\x80\x09.",  # ValueError: unsupported pickle protocol
    "names a module that is gone": b"cnoticeboard_gone\nThing\n.",  # ModuleNotFoundError
    "not a pickle": "标题".encode("utf-8"),
}


def test_saved_value_comes_back_and_no_temporary_file_stays(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "state.pickle"
    save_pickle(path, {"一": [1, 2]})
    assert load_pickle(path) == {"一": [1, 2]}
    assert [p.name for p in path.parent.iterdir()] == ["state.pickle"]


@pytest.mark.parametrize("data", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_an_unusable_file_is_no_cache(tmp_path: Path, data: bytes) -> None:
    (tmp_path / MANIFEST).write_bytes(data)
    assert load_pickle(tmp_path / MANIFEST) is None
    assert Manifest.load(tmp_path, tmp_path / "public").outputs == {}


def test_a_missing_file_is_no_cache(tmp_path: Path) -> None:
    assert load_pickle(tmp_path / "nothing.pickle") is None
