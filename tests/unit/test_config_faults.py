"""site.yaml reports every full-width fault in one run, like content files do."""

from conftest import run_cli_in_process


def test_site_yaml_reports_every_full_width_fault_at_once(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text("title：测试公告栏\nbase_url：https://example.org/\n", encoding="utf-8")
    code, _, stderr = run_cli_in_process("check", root)
    assert code == 1
    assert "site.yaml:1: " in stderr and "site.yaml:2: " in stderr
    assert stderr.count("全角冒号") == 2
    assert stderr.endswith("检查完毕：2 处错误，0 条警告。\n")  # the count, as for content


import pytest

from conftest import MINIMAL_SITE_YAML
from generator.config import load_config
from generator.errors import SiteError


def _config(tmp_path, extra: str):
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML + extra, encoding="utf-8")
    try:
        config, problems = load_config(root)
    except SiteError as error:
        return None, [f"{p.line}: {p.field}: {p.text.zh}" for p in error.problems]
    return config, [f"{p.line}: {p.field}: {p.text.zh}" for p in problems.sorted()]


@pytest.mark.parametrize(("extra", "allowed"), [
    ('privacy: {allowed_numbers: ["13800000000", "0831-1234567"]}\n', ("13800000000", "08311234567")),
    ('privacy: {allowed_numbers: "13800000000"}\n', ("13800000000",)),  # one number, quoted
    ("privacy:\n  allowed_numbers: 13800000000\n", ("13800000000",)),  # one number: was a traceback
    ("privacy: {allowed_numbers: [138 0000 0000]}\n", ("13800000000",)),
])
def test_allowed_numbers_one_or_many(tmp_path, extra, allowed):
    config, problems = _config(tmp_path, extra)
    assert config.allowed_numbers == allowed and problems == []


@pytest.mark.parametrize(("extra", "line", "field", "words"), [
    ("privacy: [13800000000]\n", 8, "privacy", "应写成 privacy: {allowed_numbers"),
    ("privacy: {allowed: [13800000000]}\n", 8, "privacy.allowed", "只能写 allowed_numbers"),
    ("privacy: {allowed_numbers: [[1, 2]]}\n", 8, "privacy.allowed_numbers", "一个号码一项"),
    ("posters: {bleed: 也许}\n", 8, "posters.bleed", "应写 true 或 false"),
    ("privacy: {allowed_numbers: {a: 1}}\n", 8, "privacy.allowed_numbers", "一个号码一项"),
])
def test_a_wrong_privacy_or_bleed_setting_is_an_error(tmp_path, extra, line, field, words):
    _, problems = _config(tmp_path, extra)
    assert len(problems) == 1 and problems[0].startswith(f"{line}: {field}: ") and words in problems[0], problems


@pytest.mark.parametrize(("bleed", "expected"), [("否", False), ("是", True), ("false", False), ("yes", True), ("", False)])
def test_bleed_is_a_yes_or_a_no(tmp_path, bleed, expected):
    config, problems = _config(tmp_path, f"posters: {{bleed: {bleed}}}\n")
    assert config.poster_bleed is expected and problems == []
