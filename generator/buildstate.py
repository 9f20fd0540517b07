"""What each output was made from, so an unchanged output is not rendered again.

Lektor's lesson (see LESSONS.md): record dependencies while building, check them next time.
An output's key is a digest of everything it was made from:

- the global inputs: noticeboard's own code, site.yaml, the theme's UI strings, "today", drafts;
- its templates: the template and every template it extends, includes or imports, each
  resolved through the search path, so an override created later changes the key (a template
  "looked for and not found" in the site's own templates/ counts);
- its context: the entry it shows, with the entries of other files the page shows
  (an activity's team...), or the items of a list page;
- the site-wide facts its templates read (``site.upcoming``, ``site.menu``...), recorded
  while it rendered through :class:`TrackedSite`.

The full build is the truth; tests/test_incremental.py checks that incremental output equals a
clean build byte for byte after random edits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from .cachefiles import load_pickle, save_pickle
from .errors import SiteError
from .load import digest_bytes
from .models import Entry
from .snapshot import all_present

MANIFEST = "manifest.pickle"
# Present while an incremental build moves files into the output: the manifest on disk then
# no longer describes the output, and a build killed meanwhile must be followed by a clean one.
PUBLISHING = "manifest.publishing"


def _hash(*parts: str) -> str:
    """One digest of several texts; each ends with a NUL, so ("ab", "c") differs from ("a", "bc")."""
    joined = "\0".join(parts) + "\0"
    return digest_bytes(joined.encode("utf-8", "surrogatepass"))


def file_digest(path: Path) -> str:
    return digest_bytes(path.read_bytes())


def code_version() -> str:
    """A digest of noticeboard's own source: a new version invalidates every cache."""
    package = Path(__file__).parent
    return _hash(*(file_digest(p) for p in sorted(package.glob("*.py"))))


def digest_of(value: Any) -> str:
    """A stable digest of template context values: entries by their file digest and links."""
    tokens: list[str] = []
    _tokens(value, tokens)
    return _hash(*tokens)


_SCALARS = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})


def _tokens(value: Any, out: list[str]) -> None:
    """``value`` as a sequence of tokens hashed once by :func:`digest_of` (a digest per part
    was most of the cost of deciding what a one-file rebuild renders: 16,584 outputs).
    Unambiguous: a scalar is one token (its repr, which escapes NUL), a container its kind
    and length, then its parts."""
    kind = type(value)
    if kind in _SCALARS:
        out.append(f"V{value!r}")
    elif kind is list or kind is tuple:
        out.append(f"L{len(value)}")
        for item in value:
            # The two kinds lists hold by the thousand (a list page's entries, the sitemap's
            # URLs) inline, with the tokens the calls below would give: 60,000 calls fewer.
            if type(item) is str:
                out.append(f"V{item!r}")
            elif (known := _OBJECT_DIGESTS.get(id(item))) is not None and known[0] is item:
                out.append(f"O{known[1]}")
            else:
                _tokens(item, out)
    elif kind is dict:
        out.append(f"D{len(value)}")
        for key, item in value.items() if len(value) < 2 else sorted(value.items(), key=lambda kv: str(kv[0])):
            out.append(f"K{key}")
            _tokens(item, out)
    elif (known := _OBJECT_DIGESTS.get(id(value))) is not None and known[0] is value:
        out.append(f"O{known[1]}")
    elif isinstance(value, (str, int, float, bool, dt.date)):  # subclasses: Markup...
        out.append(f"V{value!r}")
    elif isinstance(value, (list, tuple)):
        _tokens(list(value), out)
    elif isinstance(value, (set, frozenset)):
        out.append(f"S{len(value)}")
        out.extend(sorted(map(digest_of, value)))
    elif isinstance(value, dict):
        _tokens(dict(value), out)
    elif dataclasses.is_dataclass(value):
        out.append(f"O{_object_digest(value)}")
    elif isinstance(value, property) or callable(value):
        out.append(f"F{getattr(value, '__qualname__', repr(type(value)))}")
    else:
        raise TypeError(f"cannot digest a {type(value).__name__} for the build manifest")


_OBJECT_DIGESTS: dict[int, tuple[Any, str]] = {}

# A dataclass field with ``metadata={KEYED: False}`` is left out of the object's digest: the
# object records a read of it as a site fact instead (see :func:`note_fact`).
KEYED = "keyed"
_FACTS_NOTED: set[str] = set()


def note_fact(name: str) -> None:
    """Record that the output being rendered read the site fact ``name`` by another way than
    ``site.<name>`` (``tag.items`` is part of ``site.tag_items``)."""
    _FACTS_NOTED.add(name)


def _object_digest(value: Any) -> str:
    """The digest of an entry (with the entries its page shows) or of another model object;
    remembered per object (kept alive in the memo, so its id cannot be reused): an entry is
    in thousands of lists, and a tag with all its items is on each of its pages."""
    known = _OBJECT_DIGESTS.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    if isinstance(value, Entry):
        digest = _hash("E", value.path, value.url, value.digest, *(f"{r.path}:{r.digest}" for r in value.related()))
    else:
        parts = [getattr(value, f.name) for f in dataclasses.fields(value) if f.metadata.get(KEYED, True)]
        digest = _hash("C", type(value).__name__, digest_of(parts))
    _OBJECT_DIGESTS[id(value)] = (value, digest)
    return digest


def forget_digests() -> None:
    """Links between entries are remade by every build, and model objects change between
    builds (serve): start each build afresh."""
    _OBJECT_DIGESTS.clear()


class TrackedSite:
    """The :class:`~generator.link.Site` as templates see it, recording which facts they read."""

    def __init__(self, site: Any):
        object.__setattr__(self, "_site", site)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self._site, name)

    def reset(self) -> set[str]:
        read = self.read | _FACTS_NOTED
        self.read.clear()
        _FACTS_NOTED.clear()
        return read


class FactDigests:
    """Digests of the site-wide facts (``site.notices``, ``site.menu``...), each computed once."""

    def __init__(self, site: Any):
        self.site = site
        self._cache: dict[str, str] = {}
        self._sets: dict[frozenset[str], str] = {}  # a handful of sets, asked for by every output

    def __call__(self, names: frozenset[str]) -> str:
        known = self._sets.get(names)
        if known is None:
            known = self._sets[names] = _hash(*(f"{name}={self._fact(name)}" for name in sorted(names)))
        return known

    def _fact(self, name: str) -> str:
        if name not in self._cache:
            value = getattr(self.site, name)
            self._cache[name] = digest_of(value() if callable(value) else value)
        return self._cache[name]


class TemplateDigests:
    """For a template name: a digest of it and every template it pulls in, each resolved
    through the search path as Jinja would."""

    def __init__(self, env: jinja2.Environment, search_path: list[Path], known: dict[str, frozenset[str] | None]):
        self.env = env
        self.search_path = search_path
        # Parsed references by template file digest, carried from build to build in the
        # manifest: parsing every template again would cost more than a one-file rebuild.
        self.references = known
        self._closure: dict[str, str] = {}

    def _resolve(self, name: str) -> Path | None:
        for folder in self.search_path:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        # A parent theme's template named with the theme before it (default/home.html),
        # which only the theme's loader knows where to find.
        find = getattr(self.env.loader, "find", None)
        return find(name) if find is not None else None

    def _references(self, name: str) -> set[str] | None:
        """Templates ``name`` refers to; None when a name is computed at render time."""
        path = self._resolve(name)
        if path is None:
            return set()
        source = path.read_bytes()
        key = digest_bytes(source)
        if key not in self.references:
            found = self._found(name, source)
            if found is None:
                return None  # rendering reports the error; until then assume it uses anything
            self.references[key] = None if None in found else frozenset(found)
        known = self.references[key]
        return None if known is None else set(known)

    def _found(self, name: str, source: bytes) -> frozenset[str | None] | None:
        """The names ``name``'s source refers to, None when it does not compile. Read from the
        tree Jinja parses to compile it (themes.ThemeEnvironment): loaded here, in the build's
        process before any worker is forked, the template is compiled once and the workers
        share it, where each compiled every template again (an empty cache folder), and its
        source is not parsed a second time for this (a quarter of a small site's clean build).
        A template Jinja took from the cache folder's compiled code (or compiled from another
        version of the file) is parsed for it."""
        try:
            self.env.get_template(name)
        except (jinja2.TemplateError, SiteError):  # a syntax error, a GBK file (themes.ThemeLoader)
            return None
        found = self.env.references_compiled(name, source) if hasattr(self.env, "references_compiled") else None
        if found is None:
            try:
                found = frozenset(meta.find_referenced_templates(self.env.parse(source.decode("utf-8"))))
            except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
                return None
        return found

    def all_templates(self) -> list[str]:
        names = set()
        for folder in self.search_path:
            if folder.is_dir():
                names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        return sorted(names)

    def __call__(self, name: str) -> str:
        if name in self._closure:
            return self._closure[name]
        seen: set[str] = set()
        pending = [name]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            references = self._references(current)
            if references is None:  # dynamic include: depend on every template
                seen.update(self.all_templates())
                break
            pending.extend(references - seen)
        parts = []
        for current in sorted(seen):
            path = self._resolve(current)
            parts.append(f"{current}:{path}:{file_digest(path) if path else 'missing'}")
        self._closure[name] = _hash(*parts)
        return self._closure[name]


@dataclasses.dataclass
class OutputRecord:
    key: str
    facts: frozenset[str]
    content: str  # digest of the bytes written
    # Content files whose bodies it shows besides its own entry's ("*": a body of no known
    # file): an edit to a body alone changes only the outputs that show it.
    bodies: frozenset[str] = frozenset()


@dataclasses.dataclass
class Manifest:
    """What the published output folder holds and what each file was made from."""

    out: str = ""
    outputs: dict[str, OutputRecord] = dataclasses.field(default_factory=dict)
    copies: dict[str, str] = dataclasses.field(default_factory=dict)  # path -> source digest
    template_references: dict[str, frozenset[str] | None] = dataclasses.field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        # Records as plain tuples, each set of facts pickled once: loading and saving the
        # manifest is part of every one-file rebuild, and 16,584 dataclass instances with
        # a frozenset each took three times as long (0.4 s against 0.13 s at 10,000 items).
        sets: dict[frozenset[str], frozenset[str]] = {}
        records = {path: (r.key, sets.setdefault(r.facts, r.facts), r.content, sets.setdefault(r.bodies, r.bodies))
                   for path, r in self.outputs.items()}
        return {**self.__dict__, "outputs": records}

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["outputs"] = {path: OutputRecord(*fields) for path, fields in state["outputs"].items()}
        self.__dict__.update(state)

    @classmethod
    def load(cls, cache_dir: Path, out: Path) -> "Manifest":
        manifest = load_pickle(cache_dir / MANIFEST)
        if not isinstance(manifest, cls) or manifest.out != str(out.resolve()) or (cache_dir / PUBLISHING).exists():
            return cls()
        # Before the PUBLISHING file, a flag saved in the manifest itself said the same.
        return cls() if getattr(manifest, "pending", False) else manifest

    def save(self, cache_dir: Path) -> None:
        save_pickle(cache_dir / MANIFEST, self)

    @staticmethod
    def publishing(cache_dir: Path) -> None:
        """The output is about to change file by file: distrust the manifest on disk until
        :meth:`published`. A small file rather than the whole manifest saved once more with a
        flag (2.4 MB at 10,000 items, 5 % of a one-file rebuild)."""
        cache_dir.mkdir(parents=True, exist_ok=True)
        (cache_dir / PUBLISHING).touch()

    def published(self, cache_dir: Path) -> None:
        """Save this manifest, which describes the output again (after a clean build too: it
        ends the distrust an interrupted incremental build left)."""
        self.save(cache_dir)
        (cache_dir / PUBLISHING).unlink(missing_ok=True)

    def matches(self, out: Path) -> bool:
        """The output folder still holds what this manifest says (nobody deleted it)."""
        return bool(self.outputs) and all_present(out, self.outputs)
