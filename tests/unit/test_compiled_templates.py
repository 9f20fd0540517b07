"""The cache of compiled templates (themes.compiled_templates)."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

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
