"""site.yaml -> a typed :class:`SiteConfig`, every problem collected with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import Problems, SiteError, did_you_mean
from .folders import require_site
from .load import RawDocument, YamlProblem, parse_yaml, plain_number, read_text, yes_or_no
from .privacy import normalise as privacy_normalise

AGGREGATES = ("sum", "last", "max", "mean")
PERCENT_UNITS = {"%", "％", "百分比"}  # a share (满意度, 办结率): never added up over months
# A rate per thousand (出生率 6.2‰) is a share as well. Its change is written in ‰ itself
# (下降 0.3‰), as Chinese reports write a ‰ rate's change ("4年下降2.47‰"): 千分点, the
# counterpart of 百分点, is rare and would puzzle residents, and 减少 0.3‰（-4.6%） put a
# percentage of the rate beside it, as a percentage's change in % did.
PER_MILLE_UNITS = {"‰"}
LANGUAGES = ("zh-Hans", "zh-Hant", "en")
POSTER_SIZES = ("a4", "a3")
MARKDOWN_ENGINES = ("cmark-gfm", "python-markdown")
# Words residents say (and voice input writes) where notices write others: a query holding
# one is tried again with the notices' words (search.js), its results after those found as
# typed. Short and sure: each page word means what the resident means, and is what the
# example site's pages write (反诈宣传, 老年人优待证代办, 免费测血压, 电动自行车, 高龄津贴,
# 流感疫苗接种, 义诊, 义剪/理发, 法律咨询). A site adds its own in site.yaml (search.synonyms).
DEFAULT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "骗子": ("诈骗", "反诈"),
    "骗钱": ("诈骗", "反诈"),
    "老年证": ("老年人优待证", "优待证"),
    "量血压": ("测血压", "血压"),
    "电瓶车": ("电动自行车", "电动车"),
    "电动车": ("电动自行车",),
    "补贴": ("津贴", "补助"),
    "打针": ("疫苗", "接种"),
    "看病": ("义诊", "问诊"),
    "剪头发": ("理发", "义剪"),
    "打官司": ("法律咨询", "律师"),
    "修水管": ("水管维修", "水电维修"),
}


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str = ""
    aggregate: str = "sum"
    monthly_target: float | None = None
    yearly_target: float | None = None
    higher_is_better: bool = True
    # site.yaml's lines of its fields ("target.monthly": 9), for a message about the metric
    # found once the month files are read (link: a share's target written 0.98 for 98).
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    where: str = field(default="", compare=False, repr=False)  # its field in site.yaml: "metrics[3]"

    @property
    def percentage(self) -> bool:
        """A share in % (满意度 96%): a :attr:`share` whose differences are told in percentage
        points (上升 1.2 个百分点)."""
        return self.unit.strip() in PERCENT_UNITS

    @property
    def per_mille(self) -> bool:
        """A share in ‰ (出生率 6.2‰): a :attr:`share` whose differences are told in ‰ (下降 0.3‰)."""
        return self.unit.strip() in PER_MILLE_UNITS

    @property
    def share(self) -> bool:
        """A share of a whole, in % or ‰: averaged over a year (not added up), and a change or
        the distance to a target is the difference of two shares (上升 1.2 个百分点, 下降 0.3‰;
        已达成（高出 3.8 个百分点）), never a percentage of a percentage (完成 104%)."""
        return self.percentage or self.per_mille


@dataclass(frozen=True)
class Community:
    name: str = ""
    address: str = ""
    phone: str = ""
    hours: str = ""


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    title: str
    base_url: str  # always ends with "/"
    language: str = "zh-Hans"
    timezone: str = "Asia/Shanghai"
    theme: str = "default"
    description: str = ""
    community: Community = Community()
    metrics: tuple[Metric, ...] = ()
    poster_size: str = "a4"
    poster_bleed: bool = False
    per_page: int = 20
    markdown: str = "cmark-gfm"  # the Markdown engine (generator/markup.py ENGINES)
    allowed_numbers: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # site.yaml's search.synonyms, in its order
    digest: str = ""  # of site.yaml's bytes: every output depends on it
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, e.g. ``/dadi/``: every internal link starts with it."""
        return urlsplit(self.base_url).path or "/"

    @property
    def metric_ids(self) -> list[str]:
        return [metric.id for metric in self.metrics]

    @property
    def search_synonyms(self) -> dict[str, list[str]]:
        """What search.js tries for the words residents say: the defaults, with the site's
        own words for one of them first (a community knows how its notices put it)."""
        found = {word: list(words) for word, words in DEFAULT_SYNONYMS.items()}
        for word, words in self.synonyms:
            found[word] = list(dict.fromkeys([*words, *found.get(word, ())]))
        return found

    def absolute(self, path: str) -> str:
        """An absolute URL for a site path such as ``/activities/x/`` (for QR codes, feeds)."""
        return self.base_url + path.lstrip("/")


_TOP_FIELDS = (
    "title", "base_url", "language", "timezone", "theme", "description", "community",
    "metrics", "posters", "per_page", "privacy", "markdown", "search",
)


def load_config(root: Path) -> tuple[SiteConfig, Problems]:
    """Read ``site.yaml``; raise :class:`SiteError` when the build cannot start at all."""
    problems = Problems()
    path = "site.yaml"
    require_site(root)
    read = read_text(root, path, problems)
    if read is None:
        raise SiteError(problems.errors)
    text, digest = read
    try:
        data, marks = parse_yaml(text)
    except YamlProblem as problem:
        for line, zh, en in problem.all():  # every full-width fault at once, as for content files
            problems.error(path, line, None, zh, en)
        raise SiteError(problems.errors) from None
    raw = RawDocument(path, data if isinstance(data, dict) else {}, marks, problems=problems)
    if not isinstance(data, dict):
        problems.error(path, 1, None, "site.yaml 应是 “字段: 值” 的列表", "site.yaml must be 'field: value' lines")
        raise SiteError(problems.errors)
    config = _build_config(root, raw, digest)
    if problems.errors:
        raise SiteError(problems.sorted())
    return config, problems


_COMMUNITY_FIELDS = ("name", "address", "phone", "hours")


def _warn_of_samples(raw: RawDocument, community: dict) -> None:
    """The sample name, address and phone ``noticeboard init`` wrote, still there: they would
    show on every page and poster."""
    from .scaffold import SITE_PLACEHOLDERS

    fields = [(("title",), "title", raw.data.get("title"))]
    fields += [(("community", key), f"community.{key}", community.get(key)) for key in ("name", "address", "phone")]
    for keys, name, value in fields:
        sample = next((word for word in SITE_PLACEHOLDERS if word in str(value or "")), None)
        if sample is not None:
            raw.problems.warning(raw.path, raw.line(*keys), name,
                                 f"还是 noticeboard init 写的示例文字 “{sample}”：请改成社区真实的名称、地址和电话，它们显示在每页和海报上",
                                 f"still the sample text '{sample}' from noticeboard init: write the community's real name, "
                                 f"address and phone, shown on every page and poster")


def _build_config(root: Path, raw: RawDocument, digest: str) -> SiteConfig:
    data, problems, path = raw.data, raw.problems, raw.path

    def error(keys: tuple, field_name: str, zh: str, en: str) -> None:
        problems.error(path, raw.line(*keys), field_name, zh, en)

    for key in data:
        if key not in _TOP_FIELDS:
            hint_zh, hint_en = did_you_mean(str(key), _TOP_FIELDS)
            problems.warning(path, raw.line(key), str(key), f"不认识的字段，已忽略{hint_zh}", f"unknown field, ignored{hint_en}")
    for required in ("title", "base_url"):
        if not data.get(required):
            error((), required, "必填字段缺失，请补上", "required field is missing")
    base_url = str(data.get("base_url") or "https://example.org/")
    parts = urlsplit(base_url)
    if data.get("base_url") and (parts.scheme not in ("http", "https") or not parts.netloc):
        error(("base_url",), "base_url", f"“{base_url}” 不是完整网址，应如 https://example.org/dadi/", f"'{base_url}' is not a full URL such as https://example.org/site/")
    elif data.get("base_url"):
        base_url = _folder_url(raw, base_url)
    if not base_url.endswith("/"):
        base_url += "/"
    language = _optional(data, "language", "zh-Hans")
    if language not in LANGUAGES:
        error(("language",), "language", f"不支持的语言 “{language}”，可选 {', '.join(LANGUAGES)}", f"unsupported language '{language}'; use one of {', '.join(LANGUAGES)}")
        language = "zh-Hans"
    timezone = _optional(data, "timezone", "Asia/Shanghai")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        error(("timezone",), "timezone", f"未知时区 “{timezone}”，一般写 Asia/Shanghai", f"unknown time zone '{timezone}'; usually Asia/Shanghai")
        timezone = "Asia/Shanghai"
    posters = _posters(raw)
    poster_size = str(_given(posters, "size", "a4")).lower()
    if poster_size not in POSTER_SIZES:
        error(("posters", "size"), "posters.size", f"海报尺寸 “{poster_size}” 无效，只能是 a4 或 a3", f"poster size '{poster_size}' is invalid: use a4 or a3")
        poster_size = "a4"
    per_page = plain_number(_given(data, "per_page", 20))
    if not isinstance(per_page, int) or isinstance(per_page, bool) or per_page < 1:
        error(("per_page",), "per_page", "每页条数应是正整数，如 20", "per_page must be a positive whole number")
        per_page = 20
    markdown = _optional(data, "markdown", "cmark-gfm")
    if markdown not in MARKDOWN_ENGINES:
        error(("markdown",), "markdown", f"不认识的 Markdown 引擎 “{markdown}”，可选 {', '.join(MARKDOWN_ENGINES)}",
              f"unknown Markdown engine '{markdown}'; use one of {', '.join(MARKDOWN_ENGINES)}")
        markdown = "cmark-gfm"
    allowed = _allowed_numbers(raw)
    bleed = yes_or_no(posters.get("bleed") or False)
    if bleed is None:
        error(("posters", "bleed"), "posters.bleed", f"出血位 bleed 应写 true 或 false（是/否），不是 “{posters['bleed']}”",
              f"bleed must be true or false, not '{posters['bleed']}'")
    community = data.get("community") or {}
    if not isinstance(community, dict):
        error(("community",), "community", "community 应包含 name、address、phone、hours", "community must hold name, address, phone, hours")
        community = {}
    for key in community:
        if key not in _COMMUNITY_FIELDS:  # a "wechat:" there is shown nowhere: say so
            hint_zh, hint_en = did_you_mean(str(key), _COMMUNITY_FIELDS)
            problems.warning(path, raw.line("community", key), f"community.{key}",
                             f"不认识的字段，已忽略（community 里可以写 {'、'.join(_COMMUNITY_FIELDS)}）{hint_zh}",
                             f"unknown field, ignored (community takes {', '.join(_COMMUNITY_FIELDS)}){hint_en}")
    _warn_of_samples(raw, community)
    return SiteConfig(
        root=root,
        title=str(data.get("title", "")),
        base_url=base_url,
        language=language,
        timezone=timezone,
        theme=_optional(data, "theme", "default"),
        description=_optional(data, "description", ""),
        community=Community(**{k: str(community.get(k, "") or "") for k in _COMMUNITY_FIELDS}),
        metrics=_metrics(raw),
        poster_size=poster_size,
        poster_bleed=bool(bleed),
        per_page=per_page,
        markdown=markdown,
        allowed_numbers=allowed,
        synonyms=_synonyms(raw),
        digest=digest,
        lines={key[0]: line for key, line in raw.marks.items() if len(key) == 1},
    )


_POSTER_FIELDS = ("size", "bleed")
_POSTERS_EXAMPLE = "posters: {size: a4, bleed: false}"


def _posters(raw: RawDocument) -> dict:
    """``posters:`` as a mapping. ``posters: a3`` is the size, as an activity's ``poster: a3``
    is (staff copy that form); anything else but a mapping, and a field posters does not take
    (``paper: a3``, ``bled: true``), is told: either was silently printed on A4 without bleed."""
    posters = raw.data.get("posters")
    if posters is None or posters == "":
        return {}
    if isinstance(posters, str) and posters.strip().lower() in POSTER_SIZES:
        return {"size": posters.strip().lower()}
    if not isinstance(posters, dict):
        raw.problems.error(raw.path, raw.line("posters"), "posters",
                           f"应写成 {_POSTERS_EXAMPLE}（size 是 a4 或 a3，bleed 是 true 或 false）",
                           f"write it as {_POSTERS_EXAMPLE} (size a4 or a3, bleed true or false)")
        return {}
    for key in posters:
        if key not in _POSTER_FIELDS:
            hint_zh, hint_en = did_you_mean(str(key), _POSTER_FIELDS)
            raw.problems.warning(raw.path, raw.line("posters", key), f"posters.{key}",
                                 f"不认识的字段，已忽略（posters 里可以写 size 纸张大小 a4/a3、bleed 出血位 true/false）{hint_zh}",
                                 f"unknown field, ignored (posters takes size a4/a3 and bleed true/false){hint_en}")
    return posters


def _given(data: dict, key: str, default: Any) -> Any:
    """An optional setting's value; ``per_page:`` with nothing after it is the default, as a
    missing one is (and as an empty ``posters:`` or ``community:`` is), not an error."""
    value = data.get(key)
    return default if value is None or value == "" else value


def _optional(data: dict, key: str, default: str) -> str:
    """An optional text field; an empty ``timezone:`` is the default (:func:`_given`), not
    the word "None"."""
    return str(_given(data, key, default))


# The endings of a page's file name (index.html, default.aspx): a base_url copied from the
# browser's address bar ends with one. A folder may have a dot in its name (v1.2), so only
# these count.
_PAGE_FILE_ENDINGS = (".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp", ".cgi")


def _folder_url(raw: RawDocument, base_url: str) -> str:
    """``base_url`` as the address of the site's folder, every link and QR code starts with it:
    a file name, a ``?…``, a ``#…`` or a space in it is an error naming the fixed address
    (which is returned, so one mistake gives one message). A missing final "/" is no mistake:
    the caller adds it.

    A ``user:password@`` before the host is an error too, and the worst of them: the
    password would be published to every resident. The message masks it, since build logs
    get pasted into chat groups (as lint masks private numbers)."""
    parts = urlsplit(base_url)
    folder, _, last = parts.path.rpartition("/")
    wrong_zh: list[str] = []
    wrong_en: list[str] = []
    path = parts.path
    login, at_sign, host = parts.netloc.rpartition("@")
    user, colon, password = login.partition(":")
    if at_sign:
        shown = f"{user}{colon}{'****' if colon else ''}@"  # not even its length
        base_url = base_url.replace(f"{login}@", shown, 1)
        wrong_zh.append(f"带有{'用户名和密码' if colon else '用户名'} “{shown}”")
        wrong_en.append(f"holds {'a user name and password' if colon else 'a user name'} '{shown}'")
    if last.lower().endswith(_PAGE_FILE_ENDINGS):
        wrong_zh.append(f"末尾是文件名 “{last}”")
        wrong_en.append(f"ends with the file name '{last}'")
        path = folder + "/"
    # By hand rather than parts.query: a bare "?" or "#" (nothing after it) is as wrong.
    before_fragment, hash_sign, fragment = base_url.partition("#")
    _, question_mark, query = before_fragment.partition("?")
    for sign, tail in ((question_mark, query), (hash_sign, fragment)):
        if sign:
            wrong_zh.append(f"带有 “{sign}{tail}”")
            wrong_en.append(f"has '{sign}{tail}'")
    if any(char.isspace() for char in base_url):
        wrong_zh.append("有空格")
        wrong_en.append("has spaces")
    if not wrong_zh:
        return base_url
    fixed = "".join(char for char in f"{parts.scheme}://{host}{path}" if not char.isspace())
    fixed = fixed if fixed.endswith("/") else fixed + "/"
    if at_sign:
        raw.problems.error(raw.path, raw.line("base_url"), "base_url",
                           f"“{base_url}” {'、'.join(wrong_zh)}：base_url 会写进每个网页的链接、订阅和海报二维码，"
                           f"所有居民都能看到。请改成 {fixed}；网站需要登录才能看时，请在网站服务器上设置密码",
                           f"'{base_url}' {', '.join(wrong_en)}: base_url goes into every page's links, the feeds and "
                           f"the posters' QR codes, for every resident to read. Write {fixed}; to keep the site "
                           f"behind a login, set the password on the web server")
        return fixed
    raw.problems.error(raw.path, raw.line("base_url"), "base_url",
                       f"“{base_url}” {'、'.join(wrong_zh)}：base_url 是网站文件夹的网址，"
                       f"不带 index.html 这样的文件名，也不带 “?…”、“#…” 和空格，请改成 {fixed}",
                       f"'{base_url}' {', '.join(wrong_en)}: base_url is the address of the site's folder, "
                       f"with no file name such as index.html, no '?…', no '#…' and no spaces; write {fixed}")
    return fixed


_PRIVACY_EXAMPLE = 'privacy: {allowed_numbers: ["13800000000", "0831-1234567"]}'


def _allowed_numbers(raw: RawDocument) -> tuple[str, ...]:
    """``privacy: {allowed_numbers: [...]}``: the numbers that may be published, as the privacy
    check writes what it finds (digits only). One number alone is taken as a list of one."""
    privacy = raw.data.get("privacy")
    if privacy is None:
        return ()
    if not isinstance(privacy, dict):
        raw.problems.error(raw.path, raw.line("privacy"), "privacy", f"应写成 {_PRIVACY_EXAMPLE}",
                           f"privacy is written {_PRIVACY_EXAMPLE}")
        return ()
    for key in privacy:
        if key != "allowed_numbers":
            hint_zh, hint_en = did_you_mean(str(key), ("allowed_numbers",))
            raw.problems.error(raw.path, raw.line("privacy", key), f"privacy.{key}",
                               f"privacy 里只能写 allowed_numbers（可以公开的号码），如 {_PRIVACY_EXAMPLE}{hint_zh}",
                               f"privacy takes allowed_numbers only, e.g. {_PRIVACY_EXAMPLE}{hint_en}")
    numbers = privacy.get("allowed_numbers")
    numbers = [] if numbers is None else numbers if isinstance(numbers, list) else [numbers]
    allowed = []
    for index, number in enumerate(numbers):
        if isinstance(number, (str, int)) and not isinstance(number, bool):
            allowed.append(privacy_normalise(str(number)))
        else:
            raw.problems.error(raw.path, raw.line("privacy", "allowed_numbers", index), "privacy.allowed_numbers",
                               f"号码应写成 \"13800000000\" 这样，一个号码一项，如 {_PRIVACY_EXAMPLE}",
                               f"write each number as \"13800000000\", one per item, e.g. {_PRIVACY_EXAMPLE}")
    return tuple(allowed)


_SEARCH_EXAMPLE = "search: {synonyms: {老年证: [老年人优待证, 优待证]}}"
_SEARCH_EXAMPLE_EN = "search: {synonyms: {老年证: [老年人优待证, 优待证]}} (the word residents say: the words pages write)"
_SEARCH_FIELDS = ("synonyms",)


def _synonyms(raw: RawDocument) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``search: {synonyms: {老年证: [老年人优待证, 优待证]}}``: for a word residents say, the
    words the site's pages write. A wrong entry is an error (it would silently find nothing);
    a word listed for itself only a warning, and left out: it changes nothing."""
    search = raw.data.get("search")
    if search is None or search == "":
        return ()
    problems, path = raw.problems, raw.path
    if not isinstance(search, dict):
        problems.error(path, raw.line("search"), "search", f"应写成 {_SEARCH_EXAMPLE}", f"write it as {_SEARCH_EXAMPLE_EN}")
        return ()
    for key in search:
        if key not in _SEARCH_FIELDS:
            hint_zh, hint_en = did_you_mean(str(key), _SEARCH_FIELDS)
            problems.warning(path, raw.line("search", key), f"search.{key}",
                             f"不认识的字段，已忽略（search 里可以写 synonyms 同义词，如 {_SEARCH_EXAMPLE}）{hint_zh}",
                             f"unknown field, ignored (search takes synonyms, e.g. {_SEARCH_EXAMPLE}){hint_en}")
    table = search.get("synonyms")
    if table is None or table == "":
        return ()
    if not isinstance(table, dict):
        problems.error(path, raw.line("search", "synonyms"), "search.synonyms",
                       f"应是 “居民说的词: [网页上写的词, …]”，一个词一行，如 {_SEARCH_EXAMPLE}",
                       f"must be 'word residents say: [words the pages write, …]', one word a line, e.g. {_SEARCH_EXAMPLE_EN}")
        return ()
    found = []
    for key, value in table.items():
        word = str(key).strip() if isinstance(key, (str, int)) and not isinstance(key, bool) else ""
        where, line = f"search.synonyms.{key}", raw.line("search", "synonyms", key)
        if not word:
            problems.error(path, line, "search.synonyms",
                           f"“{key}” 不是一个词：冒号前写居民说的词，如 {_SEARCH_EXAMPLE}",
                           f"'{key}' is no word: before the colon goes the word residents say, e.g. {_SEARCH_EXAMPLE_EN}")
            continue
        if value is None or value == "" or value == []:  # 老年证: with nothing after it
            problems.error(path, line, where, f"没有写网页上的词：请写成 {word}: [词一, 词二]，或删掉这一行",
                           f"lists no words: write {word}: [word1, word2], or delete the line")
            continue
        if isinstance(value, str):
            # 老年证: 老年人优待证, 优待证 is one text to YAML: name the list it means.
            meant = [part.strip() for part in value.replace("，", ",").replace("、", ",").split(",") if part.strip()]
            problems.error(path, line, where, f"网页上写的词要写成列表（方括号、英文逗号），请改成 {word}: [{', '.join(meant)}]",
                           f"the words pages write go in a list (square brackets, commas): write {word}: [{', '.join(meant)}]")
            continue
        if not isinstance(value, list):
            problems.error(path, line, where, f"应是网页上写的词的列表，如 {word}: [词一, 词二]，不是 “{value}”",
                           f"must be a list of the words pages write, e.g. {word}: [word1, word2], not '{value}'")
            continue
        words: list[str] = []
        for index, item in enumerate(value):
            text = str(item).strip() if isinstance(item, (str, int)) and not isinstance(item, bool) else ""
            if not text:
                problems.error(path, raw.line("search", "synonyms", key, index), where,
                               f"第 {index + 1} 项 “{item}” 不是一个词：每项写一个网页上的词，如 {word}: [词一, 词二]",
                               f"item {index + 1} ('{item}') is no word: one word the pages write per item, e.g. {word}: [word1, word2]")
            elif text == word:
                problems.warning(raw.path, raw.line("search", "synonyms", key, index), where,
                                 f"“{word}” 写成了它自己的同义词，已忽略：这里只写网页上用的其他说法",
                                 f"'{word}' is listed as a synonym of itself, ignored: list only the other words pages use")
            elif text not in words:
                words.append(text)
        if words:
            found.append((word, tuple(words)))
    return tuple(found)


_METRIC_FIELDS = ("id", "label", "unit", "aggregate", "target", "higher_is_better")
_TARGET_KINDS = ("monthly", "yearly")


def _target(raw: RawDocument, index: int, where: str, value: Any, label: str, unit: str) -> dict[str, float]:
    """A metric's ``target: {monthly: N, yearly: N}``, each number read as a month's figure
    is: a target copied from a report as "98%" or "2,500" is text to YAML, read with the
    metric's own unit as a figure is, and an error names the number to write (or the unit)
    on its own line (it said only 目标应写成 {monthly: 500}); a negative one was taken."""
    from .validate import Invalid, Unit, as_number, comma_splits, split_by_comma  # validate imports this module

    problems, path = raw.problems, raw.path
    if value is None:
        return {}
    if not isinstance(value, dict):
        shown = plain_number(value)
        example = shown if isinstance(shown, (int, float)) and not isinstance(shown, bool) else 500
        problems.error(path, raw.line("metrics", index, "target"), f"{where}.target",
                       f"目标要写明是每月还是全年：写成 {{monthly: {example}}} 或 {{yearly: {example}}}",
                       f"say whether the target is a month's or the year's: write {{monthly: {example}}} or {{yearly: {example}}}")
        return {}
    found: dict[str, float] = {}
    # {monthly: 2,500} on one line is monthly: 2 and a key 500 to YAML (comma_splits)
    splits = comma_splits(value, lambda key: raw.line("metrics", index, "target", str(key)))
    strays = {stray for _, keys in splits.values() for stray in keys}
    for kind, number in value.items():
        line, field_name = raw.line("metrics", index, "target", str(kind)), f"{where}.target.{kind}"
        if kind in strays:
            continue  # told with the target it was split from
        if kind in splits:
            invalid = split_by_comma(kind, splits[kind][0])
            problems.error(path, line, field_name, invalid.zh, invalid.en)
            continue
        if kind not in _TARGET_KINDS:
            hint_zh, hint_en = did_you_mean(str(kind), _TARGET_KINDS)
            shown = plain_number(number) if isinstance(number, (int, float, str)) else 500
            problems.error(path, line, field_name,
                           f"目标只能写 monthly（每月）或 yearly（全年），如 {{monthly: {shown}}}{hint_zh}",
                           f"a target is monthly or yearly, e.g. {{monthly: {shown}}}{hint_en}")
            continue
        try:
            found[kind] = as_number(number, Unit.of_metric(label, unit))
        except Invalid as invalid:
            problems.error(path, line, field_name, invalid.zh, invalid.en)
    return found


def _metrics(raw: RawDocument) -> tuple[Metric, ...]:
    value = raw.data.get("metrics") or []
    problems, path = raw.problems, raw.path
    if not isinstance(value, list):
        problems.error(path, raw.line("metrics"), "metrics", "metrics 应是指标列表，每项 {id, label, unit, aggregate}", "metrics must be a list of {id, label, unit, aggregate}")
        return ()
    metrics: list[Metric] = []
    for index, item in enumerate(value):
        line = raw.line("metrics", index)
        # Counted from 1, as staff count (and as the items of a service are named).
        where = f"metrics[{index + 1}]"
        if not isinstance(item, dict) or not item.get("id") or not item.get("label"):
            problems.error(path, line, where, "每个指标至少要有 id 和 label，如 {id: service_visits, label: 服务人次, unit: 人次, aggregate: sum}", "each metric needs at least id and label")
            continue
        for key in item:
            if key not in _METRIC_FIELDS:
                hint_zh, hint_en = did_you_mean(str(key), _METRIC_FIELDS)
                problems.warning(path, raw.line("metrics", index, key), f"{where}.{key}", f"不认识的字段，已忽略{hint_zh}", f"unknown field, ignored{hint_en}")
        unit = _optional(item, "unit", "")
        share = unit.strip() in PERCENT_UNITS | PER_MILLE_UNITS  # as Metric.share
        # A year's 满意度 is not the months' percentages added up (95% + 96% + … = 584%), nor
        # its 出生率 the months' rates: a share left without a rule is averaged, as anyone
        # reading it means.
        aggregate = _optional(item, "aggregate", "mean" if share else "sum")
        if aggregate == "sum" and share:
            per_mille = unit.strip() in PER_MILLE_UNITS
            word_zh, word_en = ("千分比", "rates") if per_mille else ("百分比", "percentages")
            example_zh, example_en = ("6.5‰ 加 6.2‰ 成了 12.7‰", "6.5‰ and 6.2‰ make 12.7‰") if per_mille \
                else ("95% 加 96% 成了 191%", "95% and 96% make 191%")
            problems.warning(path, raw.line("metrics", index, "aggregate"), f"{where}.aggregate",
                             f"“{item['label']}” 的单位是 {unit}，按 sum（各月相加）全年会把各月的{word_zh}加在一起"
                             f"（{example_zh}）：{word_zh}请写 aggregate: mean（各月平均）或 last（取最近一个月）",
                             f"'{item['label']}' is in {unit}: summed, a year adds the months' {word_en} up "
                             f"({example_en}); write aggregate: mean (the months' average) or last (the latest month)")
        if aggregate not in AGGREGATES:
            problems.error(path, raw.line("metrics", index, "aggregate"), f"{where}.aggregate", f"“{aggregate}” 无效，年度汇总方式只能是 sum（合计）、last（取最后一个月）、max（最大）或 mean（平均）", f"'{aggregate}' is invalid: use sum, last, max or mean")
            aggregate = "sum"
        target = _target(raw, index, where, item.get("target"), str(item["label"]), unit)
        higher_is_better = yes_or_no(_given(item, "higher_is_better", True))
        if higher_is_better is None:
            problems.error(path, raw.line("metrics", index, "higher_is_better"), f"{where}.higher_is_better",
                           f"应写 true 或 false（是/否），不是 “{item['higher_is_better']}”：数值越大越好写 true（是），"
                           f"越小越好（如投诉件数）写 false（否）",
                           f"must be true or false, not '{item['higher_is_better']}': true when more is better, "
                           f"false when less is (complaints, say)")
            higher_is_better = True
        metric_id = str(item["id"])
        if metric_id in [m.id for m in metrics]:
            problems.error(path, line, f"{where}.id", f"指标编号 “{metric_id}” 重复了", f"metric id '{metric_id}' is declared twice")
            continue
        label = str(item["label"])
        same = next((m for m in metrics if m.label == label), None)
        if same is not None:
            # Mostly a metric whose id was changed in mid-year, the old one kept for the old
            # months' files: its figures then show as two rows of one name, its year in halves.
            problems.warning(path, raw.line("metrics", index, "label"), f"{where}.label",
                             f"与指标 {same.id} 同名（“{label}”）：网页和海报上会有两行同名的数字，全年合计也分成两半。"
                             f"如果是改了指标编号，请把 content/stats/ 各月文件里的 {same.id} 都改成 {metric_id}，"
                             f"再删掉指标 {same.id}；如果是两个不同的指标，请换一个名称",
                             f"has the same label as metric {same.id} ('{label}'): pages and posters show two rows of that "
                             f"name and split its year in two. If the id was changed, rename {same.id} to {metric_id} in "
                             f"the month files of content/stats/ and remove metric {same.id}; if they differ, relabel one")
        metrics.append(Metric(
            id=metric_id, label=label, unit=unit, aggregate=aggregate,
            monthly_target=target.get("monthly"), yearly_target=target.get("yearly"),
            higher_is_better=higher_is_better,
            lines={f"target.{kind}": line for kind in target
                   if (line := raw.line("metrics", index, "target", kind)) is not None},
            where=where,
        ))
    return tuple(metrics)

