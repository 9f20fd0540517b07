"""What the code accepts is in the docs staff and theme writers read: README.md (site.yaml's
keys, the commands' options, the content fields) and docs/themes.md (the templates, and the
filters and functions a template may use). Each of these had drifted: site.yaml's
``description`` and ``markdown`` missing from its example, ``--cache`` from the command
table, ``posters.html`` and the ``phone_links`` filter from the theme docs."""

from __future__ import annotations

import re
from pathlib import Path

import click
import jinja2
import pytest

from generator import config as site_config
from generator.cli import main
from generator.models import Activity, MonthStats, Notice, Page, Service, ServiceCategory, Team
from generator.themes import make_environment, resolve_theme

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
THEMES_DOC = (ROOT / "docs" / "themes.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of its level or above."""
    level = heading.split(" ", 1)[0]
    start = text.index(heading + "\n")
    end = re.compile(rf"^#{{1,{len(level)}}} ", re.M).search(text, start + len(heading))
    return text[start:end.start() if end else len(text)]


def test_every_top_level_site_yaml_key_is_in_the_readme_example() -> None:
    block = _section(README, "### site.yaml").split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = set(re.findall(r"^([a-z_]+):", block, re.M))
    assert set(site_config._TOP_FIELDS) - shown == set()


@pytest.mark.parametrize("fields", [site_config._COMMUNITY_FIELDS, site_config._POSTER_FIELDS,
                                    site_config._METRIC_FIELDS, site_config._SEARCH_FIELDS, ("allowed_numbers",)])
def test_every_nested_site_yaml_key_is_in_the_readme(fields: tuple[str, ...]) -> None:
    assert [key for key in fields if not re.search(rf"\b{key}\b", README)] == []


def _options(command: click.Command) -> list[str]:
    return [name for param in command.params if isinstance(param, click.Option)
            for name in param.opts if name != "--help"]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_option_of_a_command_is_in_the_readmes_command_table(name: str) -> None:
    rows = [line for line in README.splitlines() if line.startswith(f"| `noticeboard {name} ")]
    assert len(rows) == 1, f"README's command table has no row for noticeboard {name}"
    usage = re.split(r"(?<!\\)\|", rows[0])[1]  # a "\|" inside the cell is no column
    assert [option for option in _options(main.commands[name]) if option not in usage] == []


@pytest.mark.parametrize("model", [Notice, Activity, Team, Page, MonthStats, Service, ServiceCategory])
def test_every_content_field_is_in_the_readmes_content_format(model: type) -> None:
    section = _section(README, "## 内容格式 / Content format")
    assert [name for name in model.FIELDS if f"`{name}`" not in section] == []


def test_every_template_of_the_default_theme_is_in_the_theme_docs() -> None:
    templates = ROOT / "themes" / "default" / "templates"
    names = [path.relative_to(templates).as_posix() for path in templates.rglob("*") if path.is_file()]
    assert [name for name in names if f"`{name}`" not in THEMES_DOC and f"`{name.split('/')[-1]}`" not in THEMES_DOC] == []


def test_every_filter_and_function_a_template_gets_is_in_the_theme_docs() -> None:
    config, _ = site_config.load_config(ROOT)
    theme = resolve_theme(config)
    env = make_environment(theme, config, theme.template_dirs)
    ours = {*(set(env.filters) - set(jinja2.defaults.DEFAULT_FILTERS)),
            *(set(env.globals) - set(jinja2.defaults.DEFAULT_NAMESPACE))}
    # Filters are written "x | name", functions "`name(…)`", other globals "`name`" or
    # "`name.field`" (t, config, theme, chart_layouts).
    documented = {name for name in ours if re.search(rf"(\| {name}\b|`{name}[(.`])", THEMES_DOC)}
    assert ours - documented == set()
