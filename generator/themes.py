"""Themes: find the theme chain, build the Jinja environment, load the UI strings.

Lookup order for every template and static file: the site's own ``templates/`` (and
``static/``), then the chosen theme, then the themes it ``extends:``. A theme lives in
``<site>/themes/<name>/`` or, for the themes that ship with noticeboard, in the package's
``themes/`` folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import types
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, MutableMapping

import jinja2
import jinja2.nodes
import jinja2.runtime
from jinja2 import meta
from jinja2.loaders import split_template_path
from jinja2.utils import internalcode
from markupsafe import Markup, escape

try:  # MarkupSafe 3: the C function behind escape, returning a str (see _escape_text)
    from markupsafe import _escape_inner
except ImportError:  # MarkupSafe 2, which Jinja 3.1 also accepts: escape's Markup joins the same
    _escape_inner = escape

from .config import SiteConfig
from .datewords import DateWords
from .errors import Problem, Severity, SiteError, Text, did_you_mean, fail
from .link import tag_url
from .load import YamlProblem, parse_yaml
from .markup import scroll_tables
from .models import worded_fee
from .stats import register as register_statistics
from .wholes import in_text, whole_pieces

BUNDLED_THEMES = Path(__file__).resolve().parent.parent / "themes"
TEMPLATE_CACHE = "templates"  # in the cache folder: compiled templates (see compiled_templates)
# Landlines (0831-2345678) and mobiles (13812345678) in the text staff write.
# A phone number in running text (how to order, how to sign up), as staff type it: a landline
# with or without its dash (0831-2345678, 0831 234 5678), a mobile whole or grouped as it is
# read out (139 9001 2345), in ASCII or a Chinese input method's full-width digits (０８３１-…).
_DIGIT = "[0-9０-９]"
_SEPARATOR = "[-－ ]?"
PHONE = re.compile(
    rf"(?<![0-9０-９\-－])(?:[0０]{_DIGIT}{{2,3}}{_SEPARATOR}{_DIGIT}{{3,4}}{_SEPARATOR}{_DIGIT}{{4}}"
    rf"|[1１][3-9３-９]{_DIGIT}{_SEPARATOR}{_DIGIT}{{4}}{_SEPARATOR}{_DIGIT}{{4}})(?![0-9０-９\-－])"
)
# Where the ``keep_whole`` filter leaves times and places as they are (see there), and how it keeps them.
_NOT_KEPT_WHOLE = ("a", "del", "s", "strike", "u", "ins", "svg", "style", "script")


def _kept_whole(text: str) -> str:
    return whole_pieces(text, lambda piece: f'<span class="whole">{piece}</span>')


# Characters a URL may not hold as they are ("Illegal character in path segment", says the
# Nu checker), which a file name in static/ may: 街道 标志.png. Chinese may stay as it is.
_NOT_IN_URLS = str.maketrans({c: f"%{ord(c):02X}" for c in ' "<>\\^`{|}'})
# What ``getattr`` finds on a plain dict: its methods, which win over its keys in Jinja.
_DICT_ATTRIBUTES = frozenset(dir(dict))
# Callables that could ask for the context only by a mark (``jinja_pass_arg``) on themselves.
_PLAIN_CALLABLES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType)


class ThemeContext(jinja2.runtime.Context):
    """Jinja's context, with a shorter way through the calls a page makes most: ``url(path)``,
    ``day.isoformat()``, ``path.split('/')``. Jinja's own ``call`` looks for a mark asking
    for the context, eval context or environment on the callable and on its ``__call__``,
    and takes about four times as long as the call itself."""

    @internalcode  # left out of template tracebacks, as Jinja's own call is
    def call(self, callable_: Any, /, *args: Any, **kwargs: Any) -> Any:
        if type(callable_) not in _PLAIN_CALLABLES or hasattr(callable_, "jinja_pass_arg"):
            return super().call(callable_, *args, **kwargs)  # macros, classes, pass_context...
        # What Jinja's call does with an unmarked callable: drop the loop and block variables
        # it passes along for marked ones, and turn a StopIteration into an undefined value.
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return callable_(*args, **kwargs)
        except StopIteration:
            return self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


def _escape_text(value: Any) -> str:
    """What a page's ``{{ value }}`` writes, as markupsafe's ``escape`` writes it, without
    wrapping it in a new Markup, whose constructor is a Python call: the text only joins the
    page's other strings. A page writes about 75 str, 10 Markup and 3 int values."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:  # safe already: its __html__ is itself
        return value
    if kind is int:  # digits and a sign: nothing to escape
        return str(value)
    return escape(value)


class ThemeTemplate(jinja2.Template):
    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment, namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        # Compiled templates call ``escape`` only around what they output (Jinja's
        # CodeGenerator._output_child_pre); its result goes into the page or a block's
        # buffer, which Jinja joins and marks safe itself.
        namespace["escape"] = _escape_text
        return super()._from_namespace(environment, namespace, globals)


class ThemeEnvironment(jinja2.Environment):
    """Jinja's environment with the same answers, found with less work on every page."""

    context_class = ThemeContext
    template_class = ThemeTemplate
    # The site folder, for naming a template in a message as content files are named
    # (themes/red/templates/home.html), whichever folder the command was run from.
    site_root: Path | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Template name -> (its source, the names it refers to: None for one computed at
        # render time), noted when Jinja parses it to compile it: see buildstate.TemplateDigests.
        self.compiled_references: dict[str, tuple[str, frozenset[str | None]]] = {}

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        tree = super()._parse(source, name, filename)
        if name is not None:
            self.compiled_references[name] = (source, frozenset(meta.find_referenced_templates(tree)))
        return tree

    def references_compiled(self, name: str, data: bytes) -> frozenset[str | None] | None:
        """The names the template ``name`` refers to, if Jinja compiled it from ``data`` (the
        file's bytes, read as the loader reads them: BOM dropped, lines ended by \\n)."""
        compiled = self.compiled_references.get(name)
        if compiled is None:
            return None
        try:
            text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            return None
        return compiled[1] if compiled[0] == text else None

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as a plain dict rather than a ChainMap over the environment's:
        every page and every import of the macros copies them or sets their names apart, and
        a ChainMap does that one Python call per name (about 15 names). As Jinja asks, the
        environment's globals are all set before a template is loaded (add_assets included)."""
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``page.title``, ``t.home``: Jinja's lookup (the attribute, else the item), written
        out here rather than called through, as a page makes about 80 of them; and for a plain
        dict such as the UI words, the key without first raising and catching the
        AttributeError that Jinja meets on the way to it (about 30 a page)."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:  # its methods still win
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


# What a theme.yaml may say: ``extends`` and ``color`` are read, ``name`` is for people.
THEME_FIELDS = ("name", "extends", "color")
# The colour a phone paints its address bar and a home-screen shortcut's splash with
# (<meta name="theme-color">, the web manifest's theme_color), when no theme.yaml gives one.
DEFAULT_COLOR = "#0b4f9c"
_COLOR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")


@dataclass(frozen=True)
class Theme:
    """The resolved chain, most specific first."""

    names: tuple[str, ...]
    folders: tuple[Path, ...]
    site_templates: Path
    # Keys of its theme.yaml files that mean nothing (``extend:``), for the build to tell.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    # theme.yaml's ``color`` of the most specific theme that gives one: templates read it as
    # ``theme.color``, so a theme that changes only colours needs no copy of base.html.
    color: str = DEFAULT_COLOR

    @property
    def template_dirs(self) -> list[Path]:
        return [self.site_templates] + [folder / "templates" for folder in self.folders]

    @property
    def poster_dirs(self) -> list[Path]:
        return [self.site_templates / "posters"] + [folder / "posters" for folder in self.folders]

    def owner(self, folder: Path) -> Path:
        """The theme folder (or the site folder) that a templates/, posters/ or static/
        folder belongs to: what its files may be links into."""
        return next((own for own in self.folders if folder.is_relative_to(own)), self.site_templates.parent)

    @property
    def static_dirs(self) -> list[Path]:
        """Static folders, least specific first, so later ones win when copied in order: the
        themes, then the site's own ``static/``."""
        return [folder / "static" for folder in reversed(self.folders)] + [self.site_templates.parent / "static"]


def site_path(path: str | Path, root: Path | None) -> str:
    """``path`` as messages name a file: relative to the site folder when inside it
    (``themes/red/templates/home.html``), else in full (a bundled theme's template). Jinja
    names a template by the folder it was found in, which is the site folder as the command
    was given it (``.``, ``site``, ``/tmp/…/site``): ``serve`` showed every one in full."""
    path = Path(path)
    if root is None:
        return str(path)
    for inside, base in ((path, root), (path.resolve(), root.resolve())):
        if inside.is_relative_to(base):
            return inside.relative_to(base).as_posix()
    return str(path)


def inside(path: Path | str, owner: Path | str) -> bool:
    """Whether ``path``, its links followed, is a file or folder in ``owner``: a theme is
    downloaded, and a link in it to a file elsewhere (``templates/leak.html`` to a secret)
    put that file into the published site."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(owner))


def links_leading_out(theme: Theme, root: Path) -> list[Problem]:
    """A warning for each link in the theme's (and the site's own) templates/, posters/ and
    static/, or such a folder itself, that leads out of its theme's folder (or the site's):
    the loader and the copy of static files leave such links alone (ThemeLoader.find,
    build.static_files)."""
    warnings = []
    for folder in {*theme.template_dirs, *theme.poster_dirs, *theme.static_dirs}:
        owner = theme.owner(folder)
        whose = ("网站", "site") if owner == theme.site_templates.parent else ("主题", "theme")
        # Links to folders are listed by os.walk, not entered.
        paths = [folder] + [Path(parent, name) for parent, folders, files in os.walk(folder)
                            for name in folders + files]
        for path in paths:
            if path.is_symlink() and not inside(path, owner):
                target = os.path.realpath(path)
                warnings.append(Problem(site_path(path, root), None, None, Text(
                    f"这是一个链接，指向{whose[0]}文件夹以外的 {target}，已忽略（不读取、不复制）："
                    f"要用这个文件，请把那个文件复制到这里，替换这个链接",
                    f"a link to a file outside the {whose[1]}'s folder ({target}): ignored (neither read nor "
                    f"copied); to use the file, copy it here in place of the link"), Severity.WARNING))
    return sorted(warnings)


def _find_theme(root: Path, name: str) -> Path | None:
    for base in (root / "themes", BUNDLED_THEMES):
        if (base / name).is_dir():
            return base / name
    return None


def _available(root: Path) -> list[str]:
    names = set()
    for base in (root / "themes", BUNDLED_THEMES):
        if base.is_dir():
            names.update(p.name for p in base.iterdir() if p.is_dir())
    return sorted(names)


def resolve_theme(config: SiteConfig) -> Theme:
    names: list[str] = []
    folders: list[Path] = []
    name: str | None = config.theme
    # Where the name being looked for was written: site.yaml's theme, then the extends of
    # the theme.yaml before it, so that a typo there is not blamed on site.yaml.
    asked_by: tuple[str, int | None, str] = ("site.yaml", config.lines.get("theme"), "theme")
    warnings: list[Problem] = []
    color: str | None = None
    while name:
        if name in names:
            raise fail(*asked_by,
                       f"主题 “{name}” 的 extends 形成了循环：{' → '.join(names + [name])}",
                       f"theme '{name}' extends itself: {' -> '.join(names + [name])}")
        folder = _find_theme(config.root, name)
        if folder is None:
            available = "、".join(_available(config.root)) or "无"
            raise fail(*asked_by,
                       f"找不到主题 “{name}”：可用的主题有 {available}（主题放在 themes/<名称>/）",
                       f"theme '{name}' not found; available: {available}")
        names.append(name)
        folders.append(folder)
        path = folder / "theme.yaml"
        settings, lines = _theme_yaml_with_lines(path, config.root) if path.is_file() else ({}, {})
        name = settings.get("extends")
        shown = path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)
        asked_by = (shown, lines.get(("extends",)), "extends")
        if "color" in settings and color is None:
            color = _theme_color(settings["color"], shown, lines.get(("color",)))
        # ``extend: default`` left the theme standing alone, and the message that followed
        # (no base.html, no UI words) was far from the typo.
        for key in settings:
            if key not in THEME_FIELDS:
                hint_zh, hint_en = did_you_mean(str(key), THEME_FIELDS)
                warnings.append(Problem(shown, lines.get((key,)), str(key), Text(
                    f"不认识的字段，已忽略（theme.yaml 里可以写 name、extends、color）{hint_zh}",
                    f"unknown field, ignored (theme.yaml takes name, extends and color){hint_en}"), Severity.WARNING))
    return Theme(tuple(names), tuple(folders), config.root / "templates", tuple(warnings), color or DEFAULT_COLOR)


def _theme_color(value: Any, shown: str, line: int | None) -> str:
    """theme.yaml's ``color``: a CSS colour as #rgb or #rrggbb, which the theme-color meta
    and the web manifest both take. Unquoted, ``color: #b3261e`` is a YAML comment (None)."""
    if isinstance(value, str) and _COLOR.fullmatch(value.strip()):
        return value.strip()
    if value is None:
        raise fail(shown, line, "color",
                   "颜色是空的：# 在 YAML 里是注释的开始，颜色要加引号，例如 color: \"#b3261e\"",
                   "the colour is empty: # begins a comment in YAML, so quote the colour, e.g. color: \"#b3261e\"")
    raise fail(shown, line, "color",
               f"“{value}” 不是颜色：请写成 # 加 6 位十六进制数，并加引号，例如 color: \"#b3261e\"",
               f"'{value}' is not a colour: write # and 6 hex digits, quoted, e.g. color: \"#b3261e\"")


def load_strings(theme: Theme, language: str) -> dict[str, str]:
    """UI words for the site's language; a child theme overrides its parent key by key."""
    strings: dict[str, str] = {}
    for folder in reversed(theme.folders):
        path = folder / "strings" / f"{language}.yaml"
        if path.is_file():
            strings.update(_words(path, theme.site_templates.parent))
    if not strings:
        raise fail(
            "site.yaml", None, "language",
            f"主题 {theme.names[0]} 没有 {language} 语言的界面文字（strings/{language}.yaml）",
            f"theme {theme.names[0]} has no UI strings for {language} (strings/{language}.yaml)",
        )
    return strings


def _words(path: Path, root: Path) -> dict[str, str]:
    """A strings file's words. Each must be text: ``home:`` with nothing after it is None to
    YAML, and every page's menu said "None"; a number is its digits."""
    data, lines = _theme_yaml_with_lines(path, root)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    words, problems = {}, []
    for key, value in data.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            words[str(key)] = value
        elif value is None:
            problems.append(Problem(shown, lines.get((key,)), str(key), Text(
                "界面文字是空的：请在冒号后写上文字，或删掉这一行（用上级主题的文字）",
                "the UI word is empty: write it after the colon, or delete the line (to use the parent theme's)")))
        else:
            problems.append(Problem(shown, lines.get((key,)), str(key), Text(
                "界面文字应是一段文字，写在冒号后的同一行；里面有冒号、方括号等符号时请用引号括起来",
                "a UI word should be text on the line after the colon; quote it when it holds a colon, brackets "
                "or the like")))
    if problems:
        raise SiteError(problems)
    return words


def _theme_yaml_with_lines(path: Path, root: Path | None = None) -> tuple[dict[str, Any], dict[tuple, int]]:
    """A theme's YAML file (theme.yaml, strings/*.yaml) as a mapping, with the line of every
    key; a mistake in it is a SiteError naming the file and the line, in the words content
    files get."""
    shown = path.relative_to(root).as_posix() if root is not None and path.is_relative_to(root) else str(path)
    try:
        data, lines = parse_yaml(path.read_text(encoding="utf-8-sig"))
    except YamlProblem as problem:
        raise fail(shown, problem.line, None, problem.zh, problem.en) from None
    except UnicodeDecodeError:
        raise fail(shown, None, None, "文件不是 UTF-8 编码：请用记事本打开，另存为 UTF-8 编码",
                   "the file is not UTF-8: open it in a text editor and save it as UTF-8") from None
    if data is not None and not isinstance(data, dict):
        raise fail(shown, 1, None, "内容应是 “名称: 文字” 的列表，每行一个，冒号后加一个空格",
                   "the file should be 'name: text' lines, one per line, with a space after the colon")
    return data or {}, lines


def compiled_templates(cache_dir: Path, key: str) -> jinja2.BytecodeCache:
    """Jinja's compiled templates, kept in the cache folder from build to build: compiling
    the theme's 25 templates costs 0.2 s, more than rendering the pages of a one-file rebuild
    (and every rebuild of ``serve`` made a new environment). Jinja finds each by its file and
    source; ``key`` (the build's global inputs) covers what else compiled code holds: filters
    called on constants are run at compile time (the ``url`` filter and the base path of
    site.yaml), and our code. Folders of other keys are removed."""
    folder = cache_dir / TEMPLATE_CACHE / f"{jinja2.__version__}-{key}"
    folder.mkdir(parents=True, exist_ok=True)
    for other in folder.parent.iterdir():
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    return _CompiledTemplates(str(folder), _compiled_in_memory(key))


# Compiled templates by the builds' global key, then Jinja's bucket key (the template's name
# and file): what the cache folders hold, also kept in the process for the last few keys.
# A process that builds again with the same key and an empty cache folder (a site built
# clean twice, the test suite's thousands of small sites with the same settings, serve after
# site.yaml is edited back) takes the code and the template's references from here instead of
# compiling the theme again: 0.2 of the 0.25 s a small site's clean build takes.
_IN_MEMORY: "OrderedDict[str, dict[str, _Compiled]]" = OrderedDict()
_KEYS_IN_MEMORY = 4


@dataclass(frozen=True)
class _Compiled:
    checksum: str  # of the source, as Jinja's bucket has it
    code: types.CodeType
    references: tuple[str, frozenset[str | None]] | None  # ThemeEnvironment.compiled_references'


def _compiled_in_memory(key: str) -> dict[str, _Compiled]:
    kept = _IN_MEMORY.pop(key, None)
    _IN_MEMORY[key] = kept if kept is not None else {}
    while len(_IN_MEMORY) > _KEYS_IN_MEMORY:
        _IN_MEMORY.popitem(last=False)
    return _IN_MEMORY[key]


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, in the cache folder and in ``memory`` (see
    _IN_MEMORY), where failing to save one only means compiling it again next time: another
    build of the same site with other settings (--drafts) may have just removed this folder as
    an old one, or the disk is full."""

    def __init__(self, directory: str, memory: dict[str, _Compiled]):
        super().__init__(directory)
        self.memory = memory

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        bucket = super().get_bucket(environment, name, filename, source)
        bucket.name = name  # type: ignore[attr-defined]  # for dump_bytecode
        kept = self.memory.get(bucket.key)
        if bucket.code is None and kept is not None and kept.checksum == bucket.checksum:
            bucket.code = kept.code
            if kept.references is not None and isinstance(environment, ThemeEnvironment):
                environment.compiled_references[name] = kept.references
            self._save(bucket)  # Jinja saves only what it compiled: the next process finds it too
        return bucket

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            references = getattr(bucket.environment, "compiled_references", {}).get(getattr(bucket, "name", None))
            self.memory[bucket.key] = _Compiled(bucket.checksum, bucket.code, references)
        self._save(bucket)

    def _save(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


class ThemeLoader(jinja2.FileSystemLoader):
    """Jinja's file loader for templates saved by Windows Notepad: a UTF-8 file's BOM is
    dropped (Jinja kept it, and wrote an invisible U+FEFF into every page where the file is
    included), and a file in GBK is an error naming it and how to resave it, as for a theme's
    strings file (Jinja raised Python's UnicodeDecodeError, in English, naming no file).

    A name that is not found as it is and begins with a theme of the chain and a slash,
    ``default/home.html``, is that theme's template (or, when it has none, the one it
    inherits): a child theme's ``home.html``, or a site's own, may then extend the template
    it replaces, ``{% extends "default/home.html" %}``, where ``"home.html"`` would be itself.
    Looked up only after the plain name, so a folder of templates named like a theme
    (``partials/``) keeps meaning what it meant."""

    def __init__(self, searchpath: list[str], themes: dict[str, list[str]] | None = None,
                 owners: dict[str, str] | None = None) -> None:
        super().__init__(searchpath, encoding="utf-8-sig")
        # search folder -> the theme's (or site's) folder its templates may be links into
        self.owners = owners or {}
        # theme name -> the folders its templates are looked up in: its own, then its parents'
        self.themes = {name: ThemeLoader(folders, owners=self.owners) for name, folders in (themes or {}).items()}

    def _prefixed(self, template: str) -> tuple[ThemeLoader, str] | None:
        theme, slash, rest = template.partition("/")
        if slash and rest and theme in self.themes:
            return self.themes[theme], rest
        return None

    def find(self, template: str) -> Path | None:
        """The file Jinja loads for ``template``, or None: for incremental builds, which
        record every template a page pulls in, and for messages."""
        try:
            pieces = split_template_path(template)
        except jinja2.TemplateNotFound:  # a name leaving the folder (../x.html)
            return None
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            # A link out of its theme is not followed (links_leading_out warns of it): the
            # name is looked up further on, as if the link were not there.
            if path.is_file() and inside(path, self.owners.get(folder, folder)):
                return path
        prefixed = self._prefixed(template)
        return prefixed[0].find(prefixed[1]) if prefixed else None

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        found = self.find(template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        try:
            # Jinja's own reading of the file ``find`` chose: Jinja's search would follow a
            # link out of the theme, and knows no theme before a name (default/home.html).
            return jinja2.FileSystemLoader(str(found.parent), encoding=self.encoding).get_source(environment, found.name)
        except UnicodeDecodeError:
            shown = site_path(found, getattr(environment, "site_root", None))
            raise fail(shown, None, None,
                       "文件不是 UTF-8 编码（可能是 GBK）：请用记事本打开，另存为 UTF-8 编码",
                       "the file is not UTF-8 (GBK?): open it in a text editor and save it as UTF-8") from None

    def list_templates(self) -> list[str]:
        """The plain names, and the names with a theme before them (for a did-you-mean)."""
        names = set(super().list_templates())
        for theme, loader in self.themes.items():
            names.update(f"{theme}/{name}" for name in loader.list_templates())
        return sorted(names)


def theme_prefixes(theme: Theme, template_dirs: list[Path]) -> dict[str, list[Path]]:
    """For each theme of the chain, the folders of ``template_dirs`` that a name with it
    before (``default/home.html``) is looked up in: the theme's own and its parents'."""
    return {name: [folder for folder in template_dirs
                   if any(folder.is_relative_to(own) for own in theme.folders[number:])]
            for number, name in enumerate(theme.names)}


def make_environment(theme: Theme, config: SiteConfig, template_dirs: list[Path]) -> jinja2.Environment:
    env = ThemeEnvironment(
        loader=ThemeLoader([str(d) for d in template_dirs],
                           {name: [str(d) for d in dirs] for name, dirs in theme_prefixes(theme, template_dirs).items()},
                           {str(d): str(theme.owner(d)) for d in template_dirs}),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment serves one build, and templates do not change during it: without
        # this, every get_template (four a page: the page, base, its imports) stats the file.
        auto_reload=False,
    )
    env.site_root = config.root
    base_path = config.base_path
    strings = load_strings(theme, config.language)
    words = DateWords(config.language, strings)

    def url(path: str) -> str:
        return base_path + path.lstrip("/").translate(_NOT_IN_URLS)

    def tel(phone: str) -> str:
        """A ``tel:`` URI: ASCII digits and a leading +, as dialers expect (RFC 3966): a number
        typed with full-width digits (０８３１) is dialled as 0831, not sent as it is."""
        return "tel:" + "".join(c for c in unicodedata.normalize("NFKC", phone) if c in "0123456789+")

    def phone_links(text: str) -> Markup:
        """Text with its phone numbers made tap-to-call links (how to sign up, how to order)."""
        return Markup(PHONE.sub(lambda m: f'<a href="{tel(m.group(0))}">{m.group(0)}</a>', str(escape(text))))

    def keep_whole(text: str, html: bool = False) -> Markup:
        """Text (escaped), or with ``html`` a body's sanitized HTML (a ``str``, as scroll_tables
        takes it), with each time and each building, unit, floor or room in it an unbroken
        piece (wholes.py), as a phone number is: ``<span class="whole">``, an inline block
        (site.css). Not inside a link (its number is one already, and an inline block would not
        show the link's underline), nor inside struck-out or underlined text: a struck-out old
        time (~~8:00~~ 改为 9:00) must not lose its line."""
        return Markup(in_text(str(text) if html else str(escape(text)), _kept_whole, _NOT_KEPT_WHOLE))

    def fee_text(fee: str) -> str:
        """A fee as residents read it, in the site's language (models.worded_fee): a number
        is ``t.fee_free`` (免费) or ``t.fee_amount`` (5.5 元, ¥5.5), words are as written.

        At display time, not in validation: parsed content is cached whatever the site's
        language (content.settings_key), so a "5元" written into the model would be shown on
        the site after its language became English; the theme strings are in every page's key."""
        return worded_fee(fee, strings.get("fee_free"), strings.get("fee_amount"))

    def webcal(path: str) -> str:
        """The address a calendar subscribes to: an iPhone imports an https .ics once, and
        subscribes (fetching it again for changes) to the same address as webcal://."""
        return "webcal://" + config.absolute(path).split("://", 1)[1]

    def tables_that_scroll(body_html: str, label: str, numbered: str) -> Markup:
        """A body's (sanitized) HTML, its tables in regions that scroll sideways, named by
        their caption or heading, else ``label`` (``numbered`` with {n} when there are several)
        and their header row, as the theme's body_table_columns says it:
        ``{{ page.body_html | scroll_tables(t.body_table, t.body_table_n) }}``."""
        return Markup(scroll_tables(str(body_html), label, numbered, strings.get("body_table_columns", ""),
                                    strings.get("list_separator", "、")))

    # activity_time: the feed writes an activity's time with the same DateWords (feeds.py).
    env.filters.update(url=url, absolute=config.absolute, webcal=webcal, weekday=words.weekday,
                       date_text=words.date_text, date_weekday=words.date_weekday,
                       date_weekday_parts=words.date_weekday_parts, time_text=words.time_text,
                       month_text=words.month_text, activity_time=words.activity_time,
                       rescheduled_text=words.rescheduled_text, tel=tel,
                       phone_links=phone_links, keep_whole=keep_whole, scroll_tables=tables_that_scroll,
                       fee_text=fee_text)
    # The UI words and site.yaml are the same for every page: as globals, macros imported
    # without context see them, and Jinja makes such an import once per build, not per page.
    env.globals.update(url=url, timedelta=dt.timedelta, tag_url=tag_url,
                       t=strings, config=config, theme={"name": theme.names[0], "color": theme.color})
    register_statistics(env, config)
    return env


# {% extends "…" %}, {% block name %} and {% endblock %}, as Jinja reads them (with - or +
# trimming marks); comments and {% raw %} parts are blanked first, keeping their lines.
_BLOCK_TAGS = re.compile(r"""\{%[-+]?\s*(?:(extends)\s+(["'])([^"']+)\2|(block)\s+(\w+)\b|(endblock)\b)[^%]*?[-+]?%\}""")
_NOT_READ = re.compile(r"\{#.*?#\}|\{%[-+]?\s*raw\s*[-+]?%\}.*?\{%[-+]?\s*endraw\s*[-+]?%\}", re.S)


@dataclass(frozen=True)
class _Blocks:
    """What :func:`blocks_never_shown` needs of one template."""

    path: Path
    parent: str | None  # the template it extends, when written as a plain name
    names: frozenset[str]  # every block it has, nested ones too
    outer: tuple[tuple[str, int], ...]  # (name, line) of its blocks inside no other block
    source: str


def _blocks_of(path: Path) -> _Blocks | None:
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):  # rendering tells what is wrong with the file
        return None
    text = _NOT_READ.sub(lambda m: "\n" * m.group(0).count("\n"), source)
    parent, names, outer, depth = None, set(), [], 0
    for found in _BLOCK_TAGS.finditer(text):
        if found[1] and parent is None and not names:
            parent = found[3]
        elif found[4]:
            names.add(found[5])
            if depth == 0:
                outer.append((found[5], text.count("\n", 0, found.start()) + 1))
            depth += 1
        elif found[6]:
            depth = max(depth - 1, 0)
    return _Blocks(path, parent, frozenset(names), tuple(outer), source)


def blocks_never_shown(theme: Theme, root: Path) -> list[Problem]:
    """A warning for each block of a template that the template it extends has not, nor any
    above it: Jinja drops such a block without a word, so ``{% block contents %}`` for
    ``content`` gave pages with no text at all. Read with a pattern, not Jinja's parser (a
    tenth of a second for the theme, which every build would pay); the bundled themes are not
    checked themselves, only read as the templates others extend."""
    found: dict[Path, dict[str, Path]] = {}  # folder -> its templates by name, each folder walked once
    for folder in {*theme.template_dirs, *theme.poster_dirs}:
        found[folder] = {}
        for parent, _, files in os.walk(folder):
            for file in files:
                path = Path(parent, file)
                found[folder][path.relative_to(folder).as_posix()] = path
    read: dict[Path, _Blocks | None] = {}
    warnings: list[Problem] = []
    seen: set[Path] = set()
    for folders in (theme.template_dirs, theme.poster_dirs + theme.template_dirs):

        prefixes = theme_prefixes(theme, folders)

        def blocks(name: str) -> _Blocks | None:
            path = next((found[folder][name] for folder in folders if name in found[folder]), None)
            prefix, _, rest = name.partition("/")
            if path is None and prefix in prefixes:  # default/home.html: the default theme's home.html
                path = next((found[folder][rest] for folder in prefixes[prefix] if rest in found[folder]), None)
            if path is not None and path not in read:
                read[path] = _blocks_of(path)
            return read[path] if path is not None else None

        for folder in folders:
            if folder.is_relative_to(BUNDLED_THEMES):
                continue
            for name, path in sorted(found[folder].items()):
                mine = blocks(name) if name.endswith(".html") else None
                if mine is None or mine.path != path or path in seen or mine.parent is None:
                    continue  # shadowed by a file of the same name before it, or extending nothing
                above, parent, chain = set(), mine.parent, {name}
                while parent is not None and parent not in chain and (their := blocks(parent)) is not None:
                    above |= their.names
                    chain.add(parent)
                    parent = their.parent
                if parent is not None:
                    continue  # extends a template that is not there (here), or itself: rendering names it
                seen.add(path)
                shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
                for block, line in mine.outer:
                    if block in above or f"self.{block}" in mine.source:  # {{ self.x() }} shows it
                        continue
                    hint_zh, hint_en = did_you_mean(block, above)
                    if not hint_zh:
                        known = "、".join(sorted(above)) or "无"
                        hint_zh, hint_en = f"：它有的块是 {known}", f": it has {', '.join(sorted(above)) or 'none'}"
                    warnings.append(Problem(shown, line, None, Text(
                        f"模板 “{mine.parent}” 里没有 {{% block {block} %}}，这一块不会显示在页面上{hint_zh}",
                        f"'{mine.parent}' has no {{% block {block} %}}: it is never shown on the page{hint_en}"),
                        Severity.WARNING))
    return warnings
