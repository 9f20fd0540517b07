"""site.yaml reports every full-width fault in one run, like content files do."""

import pytest

from conftest import MINIMAL_SITE_YAML, run_cli_in_process
from generator.config import Metric, load_config
from generator.errors import SiteError


def test_site_yaml_reports_every_full_width_fault_at_once(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text("title：测试公告栏\nbase_url：https://example.org/\n", encoding="utf-8")
    code, _, stderr = run_cli_in_process("check", root)
    assert code == 1
    assert "site.yaml:1: " in stderr and "site.yaml:2: " in stderr
    assert stderr.count("全角冒号") == 2
    assert stderr.endswith("检查完毕：2 处错误，0 条警告。\n")  # the count, as for content


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


def _base_url_problem(tmp_path, base_url: str):
    """The one problem of a site whose site.yaml has this base_url, checked to be at its line."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML.replace("https://example.org/test/", base_url), encoding="utf-8")
    with pytest.raises(SiteError) as raised:
        load_config(root)
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.field) == ("site.yaml", 2, "base_url")
    return problem


@pytest.mark.parametrize(("base_url", "fixed", "words"), [
    # Copied from the browser's address bar: every link would be /index.html/notices/.
    ("https://jinjiang.org/index.html", "https://jinjiang.org/", "末尾是文件名 “index.html”"),
    ("https://example.org/dadi/default.htm", "https://example.org/dadi/", "末尾是文件名 “default.htm”"),
    ("https://jinjiang.org/?x=1", "https://jinjiang.org/", "带有 “?x=1”"),
    ("https://jinjiang.org/dadi/#top", "https://jinjiang.org/dadi/", "带有 “#top”"),
    ('"https://jinjiang.org/a b/"', "https://jinjiang.org/ab/", "有空格"),
    ("https://jinjiang.org/index.html?from=wx", "https://jinjiang.org/", "末尾是文件名 “index.html”、带有 “?from=wx”"),
])
def test_a_base_url_that_is_not_the_sites_folder_is_an_error(tmp_path, base_url, fixed, words):
    problem = _base_url_problem(tmp_path, base_url)
    assert words in problem.text.zh and "网站文件夹的网址" in problem.text.zh, problem.text.zh
    assert problem.text.zh.endswith(f"请改成 {fixed}") and problem.text.en.endswith(f"write {fixed}"), problem.text


@pytest.mark.parametrize(("base_url", "shown", "fixed"), [
    ("https://admin:s3cret-pw@example.org/dadi/", "“admin:****@”", "https://example.org/dadi/"),
    ("https://admin:pw@example.org:8443/dadi/index.html", "“admin:****@”、末尾是文件名", "https://example.org:8443/dadi/"),
    ("https://admin@example.org/", "“admin@”", "https://example.org/"),
])
def test_a_base_url_with_a_login_is_an_error_that_does_not_repeat_the_password(tmp_path, base_url, shown, fixed):
    """It was accepted: the password went into every link, feed and QR code."""
    problem = _base_url_problem(tmp_path, base_url)  # one message, with the address fixed whole
    assert shown in problem.text.zh and "所有居民都能看到" in problem.text.zh and f"请改成 {fixed}；" in problem.text.zh
    assert f"Write {fixed};" in problem.text.en and "every resident" in problem.text.en
    assert "s3cret" not in problem.text.zh + problem.text.en and ":pw@" not in problem.text.zh + problem.text.en


@pytest.mark.parametrize(("base_url", "kept"), [
    ("https://example.org/dadi", "https://example.org/dadi/"),  # the missing slash is added, as before
    ("https://example.org", "https://example.org/"),
    ("https://example.org/v1.2/", "https://example.org/v1.2/"),  # a folder with a dot, ending in /
    ("http://example.org:8080/dadi/", "http://example.org:8080/dadi/"),
])
def test_a_base_url_of_a_folder_is_accepted(tmp_path, base_url, kept):
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML.replace("https://example.org/test/", base_url), encoding="utf-8")
    config, problems = load_config(root)
    assert config.base_url == kept and problems.sorted() == []


@pytest.mark.parametrize("key", ["timezone", "language"])
def test_an_empty_timezone_or_language_is_the_default_as_a_missing_one(tmp_path, key):
    """``timezone:`` with nothing after it was read as the word "None" (未知时区 “None”)."""
    config, problems = _config(tmp_path, f"{key}:\n")
    assert problems == []
    assert (config.timezone, config.language) == ("Asia/Shanghai", "zh-Hans")


@pytest.mark.parametrize("key", ["theme", "markdown", "description"])
def test_other_empty_text_settings_are_their_defaults_too(tmp_path, key):
    """An empty ``description:`` was published as content="None" on every page."""
    config, problems = _config(tmp_path, f"{key}:\n")
    assert problems == []
    assert (config.theme, config.markdown, config.description) == ("default", "cmark-gfm", "")


@pytest.mark.parametrize("extra", ["per_page:\n", 'per_page: ""\n', "posters: {size: }\n", "posters:\n  size:\n"])
def test_an_empty_per_page_or_poster_size_is_the_default_too(tmp_path, extra):
    """``per_page:`` with nothing after it was an error (每页条数应是正整数), and an empty
    ``size:`` one naming the size “none”, where other empty settings mean the default."""
    config, problems = _config(tmp_path, extra)
    assert problems == []
    assert (config.per_page, config.poster_size) == (20, "a4")


def test_empty_settings_of_a_metric_are_their_defaults(tmp_path):
    """An empty ``unit:`` showed “None” after every figure, an empty ``aggregate:`` was an
    error naming “None”, and an empty ``higher_is_better:`` turned the trend's colours round."""
    config, problems = _config(tmp_path, "  - {id: wishes, label: 微心愿, unit: , aggregate: , higher_is_better: }\n")
    assert problems == []
    assert config.metrics[1] == Metric(id="wishes", label="微心愿", unit="", aggregate="sum", higher_is_better=True)


@pytest.mark.parametrize("written, meant", [("否", False), ("是", True), ("false", False), ("no", False)])
def test_higher_is_better_is_read_as_a_yes_or_a_no(tmp_path, written, meant):
    """``higher_is_better: 否`` was read as true (any text but an empty one was), so a figure
    that should fall, complaints say, was shown as getting worse when it fell."""
    config, problems = _config(tmp_path, f"  - {{id: complaints, label: 投诉件数, higher_is_better: {written}}}\n")
    assert problems == []
    assert config.metrics[1].higher_is_better is meant


def test_higher_is_better_of_another_word_is_an_error_saying_what_to_write(tmp_path):
    _, problems = _config(tmp_path, "  - {id: complaints, label: 投诉件数, higher_is_better: 越少越好}\n")
    assert any(": metrics[2].higher_is_better: 应写 true 或 false（是/否），不是 “越少越好”" in problem
               and "越小越好（如投诉件数）写 false（否）" in problem for problem in problems), problems


def test_a_metric_is_named_by_its_place_counted_from_one(tmp_path):
    _, problems = _config(tmp_path, "  - {id: wishes, label: 微心愿, unit: 个, aggregate: total}\n")  # the second
    assert any(": metrics[2].aggregate: “total” 无效" in problem for problem in problems), problems


def test_a_percentage_metric_is_averaged_over_the_year_not_added_up(tmp_path):
    """居民满意度 in % with no rule was summed like service visits: the year's page and poster
    showed 满意度 584 %. A percentage without a rule is the months' mean; one written as sum
    is told to staff, with what to write."""
    config, problems = _config(tmp_path, "  - {id: satisfaction, label: 居民满意度, unit: '%'}\n"
                                         "  - {id: closed, label: 诉求办结率, unit: ％, higher_is_better: true}\n")
    assert problems == []
    assert [(m.id, m.aggregate) for m in config.metrics[1:]] == [("satisfaction", "mean"), ("closed", "mean")]


def test_a_percentage_written_as_summed_is_a_warning_saying_what_to_write(tmp_path):
    config, problems = _config(tmp_path, "  - {id: satisfaction, label: 居民满意度, unit: '%', aggregate: sum}\n")
    assert config.metrics[1].aggregate == "sum"  # as written: only a warning
    assert problems == ["8: metrics[2].aggregate: “居民满意度” 的单位是 %，按 sum（各月相加）全年会把各月的百分比加在一起"
                        "（95% 加 96% 成了 191%）：百分比请写 aggregate: mean（各月平均）或 last（取最近一个月）"]


def test_a_per_mille_metric_is_averaged_over_the_year_as_a_percentage_is(tmp_path):
    """人口出生率 in ‰ with no rule was summed: a year of 6.5‰, 6.2‰ and 6.2‰ read 18.9‰. A ‰
    is a share as % is: averaged, and written as summed it is the same warning, in ‰."""
    config, problems = _config(tmp_path, "  - {id: births, label: 人口出生率, unit: ‰}\n"
                                         "  - {id: deaths, label: 人口死亡率, unit: ‰, aggregate: sum}\n")
    assert [(m.id, m.aggregate, m.share, m.percentage) for m in config.metrics[1:]] == [
        ("births", "mean", True, False), ("deaths", "sum", True, False)]
    assert problems == ["9: metrics[3].aggregate: “人口死亡率” 的单位是 ‰，按 sum（各月相加）全年会把各月的千分比加在一起"
                        "（6.5‰ 加 6.2‰ 成了 12.7‰）：千分比请写 aggregate: mean（各月平均）或 last（取最近一个月）"]


def test_two_metrics_of_one_label_are_a_warning_naming_the_renamed_id(tmp_path):
    """A metric whose id was changed in July, the old one kept for the months before: the
    year's page showed two rows 化解矛盾纠纷 (52 件 and 45 件) and neither was the year's."""
    config, problems = _config(tmp_path, "  - {id: disputes_resolved, label: 化解矛盾纠纷, unit: 件}\n"
                                         "  - {id: mediations, label: 化解矛盾纠纷, unit: 件}\n")
    assert [m.id for m in config.metrics] == ["service_visits", "disputes_resolved", "mediations"]
    assert problems == ["9: metrics[3].label: 与指标 disputes_resolved 同名（“化解矛盾纠纷”）：网页和海报上会有两行同名的数字，"
                        "全年合计也分成两半。如果是改了指标编号，请把 content/stats/ 各月文件里的 disputes_resolved 都改成 "
                        "mediations，再删掉指标 disputes_resolved；如果是两个不同的指标，请换一个名称"]


@pytest.mark.parametrize(("extra", "size", "bleed"), [
    ("posters: a3\n", "a3", False),  # as an activity's poster: a3; was silently A4
    ("posters: A3\n", "a3", False),
    ("posters: {size: a3, bleed: true}\n", "a3", True),
])
def test_posters_size_written_alone_is_the_size(tmp_path, extra, size, bleed):
    config, problems = _config(tmp_path, extra)
    assert (config.poster_size, config.poster_bleed) == (size, bleed) and problems == []


@pytest.mark.parametrize(("extra", "expected"), [
    # A field posters does not take was silently ignored: the posters came out A4, or without bleed.
    ("posters: {size: a3, bled: true}\n",
     "8: posters.bled: 不认识的字段，已忽略（posters 里可以写 size 纸张大小 a4/a3、bleed 出血位 true/false），是不是想写 “bleed”？"),
    ("posters:\n  paper: a3\n", "9: posters.paper: 不认识的字段，已忽略（posters 里可以写 size 纸张大小 a4/a3、bleed 出血位 true/false）"),
    ("posters: [a3]\n", "8: posters: 应写成 posters: {size: a4, bleed: false}（size 是 a4 或 a3，bleed 是 true 或 false）"),
])
def test_a_posters_setting_it_cannot_use_is_told(tmp_path, extra, expected):
    _, problems = _config(tmp_path, extra)
    assert problems == [expected]


def test_search_synonyms_extend_the_default_ones(tmp_path):
    """A community adds the words its residents say (search.js gets them on the search page):
    its own word, and more words for a default one, its words first."""
    config, problems = _config(tmp_path, "search:\n  synonyms:\n    跳舞: [广场舞, 排舞]\n    老年证: [敬老卡]\n")
    assert problems == []
    assert config.synonyms == (("跳舞", ("广场舞", "排舞")), ("老年证", ("敬老卡",)))
    assert config.search_synonyms["跳舞"] == ["广场舞", "排舞"]
    assert config.search_synonyms["老年证"] == ["敬老卡", "老年人优待证", "优待证"]
    assert config.search_synonyms["骗子"] == ["诈骗", "反诈"]  # the defaults stay


@pytest.mark.parametrize(("extra", "line", "field", "words"), [
    ("search: [老年证]\n", 8, "search", "应写成 search: {synonyms: {老年证: [老年人优待证, 优待证]}}"),
    ("search:\n  synonyms: [老年证, 优待证]\n", 9, "search.synonyms", "应是 “居民说的词: [网页上写的词, …]”"),
    # One text to YAML, meant as two words: the list it means is named.
    ("search:\n  synonyms:\n    老年证: 老年人优待证, 优待证\n", 10, "search.synonyms.老年证",
     "网页上写的词要写成列表（方括号、英文逗号），请改成 老年证: [老年人优待证, 优待证]"),
    ("search:\n  synonyms:\n    老年证: {a: 1}\n", 10, "search.synonyms.老年证", "应是网页上写的词的列表，如 老年证: [词一, 词二]"),
    ("search:\n  synonyms:\n    老年证: []\n", 10, "search.synonyms.老年证", "没有写网页上的词：请写成 老年证: [词一, 词二]，或删掉这一行"),
    ("search:\n  synonyms:\n    老年证:\n", 10, "search.synonyms.老年证", "没有写网页上的词"),
    ("search:\n  synonyms:\n    老年证:\n      - 优待证\n      - [敬老卡]\n", 12, "search.synonyms.老年证",
     "第 2 项 “['敬老卡']” 不是一个词"),
])
def test_a_wrong_search_synonym_is_an_error_naming_its_line_and_the_fix(tmp_path, extra, line, field, words):
    config, problems = _config(tmp_path, extra)
    assert config is None  # the build stops: the synonym would silently find nothing
    assert len(problems) == 1 and problems[0].startswith(f"{line}: {field}: ") and words in problems[0], problems


@pytest.mark.parametrize(("extra", "line", "field", "words", "synonyms"), [
    ("search:\n  synonyms:\n    老年证: [老年证, 敬老卡]\n", 10, "search.synonyms.老年证", "写成了它自己的同义词，已忽略",
     (("老年证", ("敬老卡",)),)),
    ("search:\n  synonym:\n    老年证: [敬老卡]\n", 9, "search.synonym", "是不是想写 “synonyms”", ()),
])
def test_a_search_synonym_that_changes_nothing_is_a_warning(tmp_path, extra, line, field, words, synonyms):
    config, problems = _config(tmp_path, extra)
    assert config.synonyms == synonyms
    assert len(problems) == 1 and problems[0].startswith(f"{line}: {field}: ") and words in problems[0], problems
