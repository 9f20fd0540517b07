"""The cache of compiled templates (themes.compiled_templates)."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

from generator import themes
from generator.themes import compiled_templates


def _environment(cache: jinja2.BytecodeCache) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"page.html": "{{ 1 + 1 }}"}), bytecode_cache=cache)


def test_a_template_compiled_once_is_loaded_from_the_cache_folder(tmp_path: Path) -> None:
    assert _environment(compiled_templates(tmp_path, "key")).get_template("page.html").render() == "2"
    folder = next((tmp_path / "templates").iterdir())
    assert folder.name.endswith("-key") and len(list(folder.iterdir())) == 1


def test_another_key_removes_the_old_folder(tmp_path: Path) -> None:
    _environment(compiled_templates(tmp_path, "old")).get_template("page.html")
    compiled_templates(tmp_path, "new")
    assert [p.name.rsplit("-", 1)[1] for p in (tmp_path / "templates").iterdir()] == ["new"]


def test_a_folder_removed_under_a_build_costs_only_compiling_again(tmp_path: Path) -> None:
    """Another build of the same site with other settings removes this key's folder as old."""
    cache = compiled_templates(tmp_path, "mine")
    shutil.rmtree(tmp_path / "templates")
    assert _environment(cache).get_template("page.html").render() == "2"


def _compiling(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from here on."""
    compiled: list[str] = []

    def spy(env: jinja2.Environment, source: str, name: str | None = None, filename: str | None = None,
            raw: bool = False, defer_init: bool = False, compile=jinja2.Environment.compile):  # noqa: A002
        compiled.append(name)
        return compile(env, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    return compiled


def test_a_clean_build_again_in_the_same_process_compiles_nothing_and_fills_its_cache_folder(
        tmp_path: Path, monkeypatch) -> None:
    """The test suite's many small sites, serve after site.yaml is edited back: the code compiled
    by an earlier build with the same key is taken, and saved in the new cache folder, so that
    the next process finds it there."""
    themes._IN_MEMORY.clear()
    compiled = _compiling(monkeypatch)
    assert _environment(compiled_templates(tmp_path / "first", "key")).get_template("page.html").render() == "2"
    assert compiled == ["page.html"]
    assert _environment(compiled_templates(tmp_path / "second", "key")).get_template("page.html").render() == "2"
    assert compiled == ["page.html"]  # not again
    assert len(list(next((tmp_path / "second/templates").iterdir()).iterdir())) == 1


def test_code_compiled_with_another_key_or_from_another_source_is_not_taken(tmp_path: Path, monkeypatch) -> None:
    """The key holds what compiled code depends on besides the source (site.yaml's base path,
    which the url filter on a constant is given at compile time; the theme's words; our code)."""
    themes._IN_MEMORY.clear()
    compiled = _compiling(monkeypatch)
    _environment(compiled_templates(tmp_path / "a", "key")).get_template("page.html")
    _environment(compiled_templates(tmp_path / "b", "other")).get_template("page.html")
    changed = jinja2.Environment(loader=jinja2.DictLoader({"page.html": "{{ 2 + 2 }}"}),
                                 bytecode_cache=compiled_templates(tmp_path / "c", "key"))
    assert changed.get_template("page.html").render() == "4"
    assert compiled == ["page.html"] * 3


def test_only_the_last_few_keys_are_kept_in_memory(tmp_path: Path) -> None:
    themes._IN_MEMORY.clear()
    for number in range(themes._KEYS_IN_MEMORY + 3):
        _environment(compiled_templates(tmp_path / str(number), f"key{number}")).get_template("page.html")
    assert list(themes._IN_MEMORY) == [f"key{n}" for n in range(3, themes._KEYS_IN_MEMORY + 3)]
