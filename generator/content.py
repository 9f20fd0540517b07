"""Load and validate every content file: in parallel, and cached by content digest.

A file whose bytes (and the settings that shape its model) are unchanged since the last build
is not parsed again: its model comes from the cache. Files with errors are never cached, so
their messages show again until they are fixed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import pickle
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import NamedTuple, Sequence

from . import parallel
from .bodies import BodyStore, body_size
from .bodyedit import front_of
from .buildstate import _hash, code_version, file_digest
from .cachefiles import UNUSABLE, load_pickle, save_pickle
from .config import SiteConfig
from .errors import Problem, Problems
from .load import content_files, digest_bytes, escapes_root, load_document, prefetch, read_bytes
from .markup import MarkdownRenderer, MediaLinks
from .lint import numbers_in
from .models import CONTENT_TYPES, Document, Entry, ServiceCategory, type_for_folder
from .scaffold import PLACEHOLDERS
from .slugs import load_tables, remember, slugify
from .snapshot import Signature
from .validate import ID_PATTERN, FileContext, team_file_name, validate_document, warn_if_copies

CONTENT_CACHE = "content.pickle"
CHANGES = "content-changes.pickle"


@dataclass
class Loaded:
    """One content file after load and validate."""

    relpath: str
    digest: str
    entry: Entry | None
    problems: list[Problem] = field(default_factory=list)
    media: frozenset[str] = frozenset()
    # Digests of the linked files: an image's size goes into the page (width, height, srcset),
    # so a photo replaced under the same name must parse the page again.
    media_digests: tuple[tuple[str, str], ...] = ()
    slugs: dict[str, str] = field(default_factory=dict)  # the slugs its URL and tag links use
    # What stat said of the file before it was read (None: not known, or racily clean); the
    # next build trusts an unchanged one without reading the file again.
    signature: Signature | None = None

    @property
    def cacheable(self) -> bool:
        return self.entry is not None and not any(p.is_error for p in self.problems)


def settings_key(config: SiteConfig) -> str:
    """The settings that shape a model besides its own file; a change re-parses everything."""
    return _hash(
        code_version(), config.base_path, config.timezone, config.poster_size, config.markdown,
        ",".join(config.metric_ids), str(config.root.resolve()),
    )


class ContentCache:
    """Parsed files of the last build, by path; their bodies stay on disk until read
    (see :mod:`generator.bodies`). Open it with :meth:`open`.

    Two files: a base with every entry, and the changes since it (entries parsed again,
    files gone). Rewriting the base is most of the cost of saving (0.2-0.4 s at 10,000
    entries), and a one-file rebuild changes one entry: it rewrites only the small file of
    changes, until those outgrow a twentieth of the base. The base pickles each entry on its
    own, so that the edit fast path reads the few it needs (EntryReader)."""

    def __init__(self, folder: Path | None, key: str):
        self.folder, self.key = folder, key
        self.entries: dict[str, Loaded] = {}
        self._base: dict[str, Loaded] = {}
        self._token = ""  # names the base; the changes name the base they apply to
        self._signatures_seen: tuple[tuple[int, int, int] | None, ...] = ()  # when last read or saved
        # Entries parsed by this build, and their pickles made with them (_Parser.__call__).
        self.pickled: dict[str, tuple[Loaded, bytes]] = {}
        if folder is None:
            return
        self.bodies = BodyStore(folder)
        self._signatures_seen = self._signatures()  # before reading: a file replaced meanwhile is not trusted
        try:
            self._read(folder, key)
        except UNUSABLE:
            # No usable file (None), one of another shape, or bodies cut short: no cache.
            self.entries, self._base, self._token = {}, {}, ""
            self.bodies.start_afresh()
        _keep(self)

    def _read(self, folder: Path, key: str) -> None:
        stored = _StoredEntries(folder, key, self.bodies)
        if not stored.usable:
            return
        with self.bodies.loading():
            base = {relpath: pickle.loads(data) for relpath, data in stored.base.items()}
        entries = dict(base)
        entries.update(stored.changed)
        for relpath in stored.removed:
            entries.pop(relpath, None)
        token = stored.token
        for loaded in entries.values():  # the cache's key covers our code: same slugs
            remember(loaded.slugs)
        self.entries, self._base, self._token = entries, base, token

    @classmethod
    def open(cls, folder: Path | None, key: str) -> "ContentCache":
        """The cache in ``folder``: the one this process read or saved there last if its files
        are still those it saw. ``noticeboard serve`` builds again and again in one process, and
        reading the entries back cost 0.12-0.15 s of a one-file rebuild at 10,000 items. The
        models it hands out again were linked by the last build: link starts their links afresh,
        and saving leaves them out (Entry.LINKS)."""
        kept = _in_memory.get(folder) if folder is not None else None
        if kept is not None and kept.key == key and kept._signatures_seen == kept._signatures():
            _keep(kept)
            return kept
        return cls(folder, key)

    def _signatures(self) -> tuple[tuple[int, int, int] | None, ...]:
        """Which files the cache folder holds now (saving replaces a file: a new inode), so
        that a cache another process saved, or a damaged one, is read as a new process would."""
        assert self.folder is not None
        found = []
        for path in (self.folder / CONTENT_CACHE, self.folder / CHANGES, self.bodies.path()):
            try:
                stat = os.stat(path)
            except OSError:
                found.append(None)
            else:
                found.append((stat.st_ino, stat.st_mtime_ns, stat.st_size))
        return tuple(found)

    def mirrors(self, stored: "_StoredEntries") -> bool:
        """Whether this copy still holds what the cache's files on disk hold."""
        return self.key == stored.key and self._token == stored.token and self._signatures_seen == self._signatures()

    def take(self, added: list[Loaded]) -> None:
        """``added``, just saved to the cache's changes by another way than :meth:`save`."""
        self.entries.update((loaded.relpath, loaded) for loaded in added)
        self._signatures_seen = self._signatures()

    def get(self, relpath: str, digest: str, root: Path) -> Loaded | None:
        loaded = self.entries.get(relpath)
        if loaded is None or loaded.digest != digest:
            return None
        if _media_digests(root, loaded.media) != loaded.media_digests:
            return None  # a linked file went away or changed: parse again
        return loaded

    def save(self, results: list[Loaded]) -> None:
        if self.folder is None:
            return
        _in_memory.pop(self.folder, None)  # until saved whole
        self.folder.mkdir(parents=True, exist_ok=True)
        keep = {loaded.relpath: loaded for loaded in results if loaded.cacheable}
        total = sum(body_size(loaded.entry.body) for loaded in keep.values() if isinstance(loaded.entry, Document))
        changed = {relpath: loaded for relpath, loaded in keep.items() if self._base.get(relpath) is not loaded}
        removed = sorted(set(self._base) - set(keep))
        small = len(changed) + len(removed) <= max(20, len(keep) // 20)
        if self._token and small and not self.bodies.compacts(total):
            with self.bodies.saving(total):
                save_pickle(self.folder / CHANGES, (self.key, self._token, _unlinked(changed), removed))
        else:
            self._token = os.urandom(8).hex()
            with self.bodies.saving(total):
                # A fresh file moves every body: the pickles made by the parse point into the old one.
                pickled = {} if self.bodies.started_afresh else self.pickled
                save_pickle(self.folder / CONTENT_CACHE, (self.key, self._token, {
                    relpath: known[1] if (known := pickled.get(relpath)) and known[0] is loaded
                    else pickle.dumps(loaded, pickle.HIGHEST_PROTOCOL) for relpath, loaded in _unlinked(keep).items()}))
            (self.folder / CHANGES).unlink(missing_ok=True)
            self._base = keep
            self.bodies.remove_older()
        self.pickled = {}
        self.entries = keep  # what loading the files back would give
        self._signatures_seen = self._signatures()
        _keep(self)


class _StoredEntries:
    """The cache's files as they are on disk: the base keeps each entry pickled on its own,
    so that one entry can be read without the others (an edit published without the rest
    of the site, generator.bodyedit); the changes are few and read whole."""

    def __init__(self, folder: Path, key: str, bodies: BodyStore) -> None:
        self.folder, self.key, self.bodies = folder, key, bodies
        self.token = ""
        self.base: dict[str, bytes] = {}
        self.changed: dict[str, Loaded] = {}
        self.removed: tuple[str, ...] = ()
        stored = load_pickle(folder / CONTENT_CACHE)
        if stored is None or stored[0] != key:
            return
        _, self.token, self.base = stored
        if (folder / CHANGES).exists():
            with bodies.loading():
                changes_key, token, changed, removed = load_pickle(folder / CHANGES)
            if changes_key == key and token == self.token:
                self.changed, self.removed = changed, tuple(removed)

    @property
    def usable(self) -> bool:
        return bool(self.token)


class EntryReader:
    """Single entries of the content cache, for a build that does not load the site: the
    models the last build saved, each read from the base or the changes when asked for,
    and the entries parsed again added to the changes."""

    def __init__(self, folder: Path, config: SiteConfig) -> None:
        self._stored: _StoredEntries | None = None
        try:
            self._stored = _StoredEntries(folder, settings_key(config), BodyStore(folder))
        except UNUSABLE:  # a damaged file of changes: as no cache
            pass
        if self._stored is not None and not self._stored.usable:
            self._stored = None

    def get(self, relpath: str) -> Loaded | None:
        stored = self._stored
        if stored is None or relpath in stored.removed:
            return None
        loaded = stored.changed.get(relpath)
        if loaded is None and relpath in stored.base:
            try:
                with stored.bodies.loading():
                    loaded = pickle.loads(stored.base[relpath])
            except UNUSABLE:  # damaged, or its body cut short: as not in the cache
                return None
        return loaded

    def add(self, added: list[Loaded]) -> None:
        """Keep ``added`` (parsed again, cacheable) as the cache's version of their files."""
        stored = self._stored
        if stored is None:
            return
        changed = {**stored.changed, **{loaded.relpath: loaded for loaded in added}}
        removed = sorted(set(stored.removed) - set(changed))
        kept = _in_memory.get(stored.folder)  # serve's copy of the cache
        current = kept is not None and kept.mirrors(stored)
        with stored.bodies.saving(None):
            save_pickle(stored.folder / CHANGES, (stored.key, stored.token, _unlinked(changed), removed))
        if kept is not None and current:  # then it is again, with these: serve's next full build reads nothing
            kept.take(added)


def _unlinked(kept: dict[str, Loaded]) -> dict[str, Loaded]:
    """``kept``, its models without the links of the build before (models handed out again
    by ContentCache.open were linked by it): link sets them again right after."""
    for loaded in kept.values():
        assert loaded.entry is not None
        loaded.entry.unlink()
    return kept


# The caches this process read or saved last, by folder: serve's preview, or a script (a test)
# that builds two sites in turn. ~50 MB of memory each at 10,000 items (the bodies stay on disk).
_in_memory: dict[Path, ContentCache] = {}
_IN_MEMORY_FOLDERS = 2


def _keep(cache: ContentCache) -> None:
    assert cache.folder is not None
    _in_memory.pop(cache.folder, None)
    _in_memory[cache.folder] = cache
    while len(_in_memory) > _IN_MEMORY_FOLDERS:
        del _in_memory[next(iter(_in_memory))]  # the one used longest ago


def _media_digests(root: Path, media: frozenset[str]) -> tuple[tuple[str, str], ...]:
    return tuple((path, file_digest(root / path) if (root / path).is_file() else "") for path in sorted(media))


def _classify(root: Path, relpath: str, is_link: bool) -> tuple[type[Entry] | None, Loaded | None]:
    """The content type of a file, or the problem that keeps it out (None, None: not content)."""
    parts = relpath.split("/")  # ["content", folder, name]
    suffix = os.path.splitext(parts[-1])[1].lower()
    kind = type_for_folder(parts[1], suffix) if len(parts) == 3 else None
    if kind is None:
        unused = _why_unused(parts, suffix)
        if unused is None:
            return None, None  # a photo or attachment beside the pages, or in media/
        problems = Problems()
        problems.warning(relpath, None, None, *unused)
        return None, Loaded(relpath, "", None, problems.items)
    if is_link and escapes_root(root, relpath):
        problems = Problems()
        problems.error(relpath, None, None, "这是指向网站文件夹以外的链接（快捷方式），不会被读取，请把文件本身放进来",
                       "this is a link to a file outside the site folder and is not followed")
        return None, Loaded(relpath, "", None, problems.items)
    return kind, None


_PAGE_SUFFIXES = (".md", ".yaml", ".yml")
_SUFFIX_OF_FOLDER = {kind.FOLDER: kind.SUFFIXES[0] for kind in reversed(CONTENT_TYPES)}


def _why_unused(parts: list[str], suffix: str) -> tuple[str, str] | None:
    """Why a file that looks like a page is not one (zh, en): staff put files one folder too
    deep, save notices as Notepad's .txt, or in the folder of another kind. None: not a page."""
    name, folder = parts[-1], parts[1] if len(parts) > 2 else ""
    if suffix == ".txt" and folder in _SUFFIX_OF_FOLDER:
        stem = name[:-4]
        fixed = stem if os.path.splitext(stem)[1].lower() in _PAGE_SUFFIXES else stem + _SUFFIX_OF_FOLDER[folder]
        if folder == "teams":  # renamed as told, a Chinese name would be the next error
            fixed, zh_id, en_id = _team_name_to_write(os.path.splitext(fixed)[0], fixed)
        else:
            zh_id = en_id = ""
        return (f"以 .txt 结尾的文件不会被读取（记事本保存时会自动加上 .txt）：请把文件改名为 {fixed}{zh_id}",
                f"files ending in .txt are not read (Notepad adds .txt when saving): rename it to {fixed}{en_id}")
    if suffix in (".markdown", ".mdown", ".mkd") and _SUFFIX_OF_FOLDER.get(folder) == ".md" and len(parts) == 3:
        fixed = name[: -len(suffix)] + ".md"
        return (f"Markdown 文件要以 .md 结尾，以 {suffix} 结尾的不会被读取：请把文件改名为 {fixed}",
                f"Markdown files end in .md; one ending in {suffix} is not read: rename it to {fixed}")
    if suffix not in _PAGE_SUFFIXES or folder == "media":
        return None
    if folder in _SUFFIX_OF_FOLDER and len(parts) > 3:
        return (f"子文件夹里的文件不会被读取：请把它直接放在 content/{folder}/ 里",
                f"files in sub-folders are not read: put it directly in content/{folder}/")
    if folder in _SUFFIX_OF_FOLDER:
        expected = _SUFFIX_OF_FOLDER[folder]
        stem = name[: -len(suffix)]
        if folder == "teams" and not ID_PATTERN.match(stem):  # 党员先锋队.yaml: the name to save it as, too
            fixed, zh_id, en_id = _team_name_to_write(stem, stem + expected)
            return (f"{folder} 文件夹里的内容要写成 {expected} 文件，这个 {suffix} 文件没有被使用：请按 {expected} 的格式重写，"
                    f"存为 {fixed}{zh_id}",
                    f"content in {folder}/ is written as {expected} files; this {suffix} file is not used: rewrite it as "
                    f"{expected} and save it as {fixed}{en_id}")
        return (f"{folder} 文件夹里的内容要写成 {expected} 文件，这个 {suffix} 文件没有被使用：请按 {expected} 的格式重写，"
                f"或放到它所属的文件夹",
                f"content in {folder}/ is written as {expected} files; this {suffix} file is not used: rewrite it as "
                f"{expected} or move it to the folder it belongs in")
    meant = _folder_meant(folder)
    if meant is not None:
        return (f"文件夹 content/{folder}/ 不会被读取，里面的文件没有用上（网站上没有它们）：是不是想写 {meant}？"
                f"请把文件夹 content/{folder} 改名为 content/{meant}",
                f"the folder content/{folder}/ is not read, and its files are not on the site: did you mean {meant}? "
                f"Rename content/{folder} to content/{meant}")
    return ("这个文件不在 notices、activities、services、teams、stats、pages 文件夹里，未使用",
            "this file is not in a content folder (notices, activities, services, teams, stats, pages) and is not used")


def _team_name_to_write(stem: str, name: str) -> tuple[str, str, str]:
    """The file name to give a team's file (``name`` when its stem is an id already), and why
    it differs, zh and en: a team's file name is its id (see validate.team_file_name)."""
    if ID_PATTERN.match(stem):
        return name, "", ""
    return (team_file_name(stem), "（服务队的文件名就是它的编号，只能用小写英文字母、数字和连字符）",
            " (a team's file name is its id: lowercase letters, digits and hyphens)")


# The Chinese names staff give the content folders, as the README's table calls them.
_FOLDER_IN_CHINESE = {
    "通知": "notices", "公告": "notices", "通知公告": "notices", "活动": "activities",
    "服务": "services", "服务清单": "services", "服务队": "teams", "志愿服务队": "teams",
    "统计": "stats", "月度统计": "stats", "页面": "pages",
}


def _folder_meant(folder: str) -> str | None:
    """The content folder a misnamed one stands for: ``notice``, ``Notices``, ``activites``,
    ``通知``; None for a folder that is no near miss (kept for the staff's own reasons)."""
    if not folder:
        return None
    if folder in _FOLDER_IN_CHINESE:
        return _FOLDER_IN_CHINESE[folder]
    close = difflib.get_close_matches(folder.lower(), list(_SUFFIX_OF_FOLDER), n=1, cutoff=0.75)
    return close[0] if close else None


class _Parser:
    """Parses the files the cache could not answer; shared with forked workers. ``signatures``:
    what stat said of the files before the build; ``bodies``: the content cache's body store,
    where the workers put the bodies of what they parsed (see :meth:`__call__`)."""

    def __init__(self, config: SiteConfig, signatures: dict[str, Signature] | None = None,
                 bodies: BodyStore | None = None, today: dt.date | None = None):
        self.config, self.signatures, self.bodies, self.today = config, signatures or {}, bodies, today
        self.renderer = MarkdownRenderer(MediaLinks(config.root, config.base_path), config.markdown)

    def __call__(self, jobs: Sequence[tuple[str, type[Entry]]]) -> list[Loaded | bytes]:
        """The files of ``jobs`` parsed; with a body store, each cacheable one pickled as the
        content cache keeps it (its body appended to the store): the parent unpickles it and
        saves the same bytes. Pickling them in the parent after the parse took 0.25 s on one
        core at 10,000 items; here it overlaps the other workers' parsing, and the bodies
        (64 MB) no longer cross from the workers to the parent."""
        prefetch(self.config.root, (relpath for relpath, _ in jobs))
        results = []
        for relpath, kind in jobs:
            loaded = self.parse(relpath, kind)
            loaded.signature = self.signatures.get(relpath)
            results.append(loaded)
        if self.bodies is None or not any(loaded.cacheable for loaded in results):
            return results
        with self.bodies.appending():
            return [pickle.dumps(loaded, pickle.HIGHEST_PROTOCOL) if loaded.cacheable else loaded for loaded in results]

    def parse(self, relpath: str, kind: type[Entry]) -> Loaded:
        problems = Problems()
        data = read_bytes(self.config.root, relpath, problems)
        if data is None:
            return Loaded(relpath, "", None, problems.items)
        document = load_document(relpath, data, markdown=kind.SUFFIXES == (".md",), fields=kind.required_fields())
        entry = None
        if not document.problems.errors:
            entry = validate_document(kind, FileContext(document, self.config, self.renderer, self.today))
        if entry is not None:
            for item in (entry, *(entry.all_items if isinstance(entry, ServiceCategory) else ())):
                item.numbers = numbers_in(item)
            entry.site_links = tuple(document.site_links)  # cached with it: judged by the lint each build
            entry.originals = tuple(sorted(document.originals))
            entry.media, entry.shown = tuple(sorted(document.media)), tuple(sorted(document.shown))
            entry.ref_lines = tuple((ref, line, name) for ref, (line, name) in sorted(document.ref_lines.items()))
        if entry is not None:
            _report_placeholders(relpath, data, document.problems)
        media = frozenset(document.media)
        media_digests = _media_digests(self.config.root, media)
        if entry is not None and media_digests:
            # The page shows the linked files' sizes: it is made from them as well.
            entry.digest = _hash(entry.digest, *(digest for _, digest in media_digests))
        if entry is not None and entry.STANDALONE:
            entry.front = front_of(entry, media_digests)
        slugs = {} if entry is None else {text: slugify(text) for text in (PurePosixPath(relpath).stem, *getattr(entry, "tags", ()))}
        return Loaded(relpath, document.digest, entry, document.problems.items, media, media_digests, slugs)


_PLACEHOLDER_BYTES = tuple(phrase.encode("utf-8") for phrase in PLACEHOLDERS)
_PLACEHOLDER = re.compile(b"|".join(_PLACEHOLDER_BYTES))


def _report_placeholders(relpath: str, data: bytes, problems: Problems) -> None:
    """Sample words of ``noticeboard new`` left in a file. Looked for phrase by phrase first:
    ``bytes.__contains__`` skips through a file 5 times faster than the regular expression,
    which is then run only on the rare file that has one (0.35 s of a 10,000-file build)."""
    if not any(phrase in data for phrase in _PLACEHOLDER_BYTES):
        return
    for found in _PLACEHOLDER.finditer(data):
        phrase = found.group().decode("utf-8")
        problems.warning(relpath, data.count(b"\n", 0, found.start()) + 1, None,
                         f"这里还是 noticeboard new 生成的示例文字 “{phrase}”：请改成真实内容再发布",
                         f"the sample text '{phrase}' from noticeboard new is still here: replace it before publishing")


class Content(NamedTuple):
    entries: list[Entry]  # of the files without errors
    media: set[str]  # the files they link to
    # Models of files with errors: not published, but checked for private numbers, so that
    # one check tells every problem (a missing photo hid an ID number until it was fixed).
    with_errors: list[Entry]


def load_content(config: SiteConfig, problems: Problems, cache_dir: Path | None,
                 signatures: dict[str, Signature] | None = None, today: dt.date | None = None) -> Content:
    """Every content file -> its model; problems go into ``problems``. ``signatures``: stat
    of the site's files taken at the start of the build (see Inputs.trusted); a cached file
    whose signature is unchanged is not read again."""
    signatures = signatures or {}
    root = config.root
    cache = ContentCache.open(cache_dir, settings_key(config))
    results: dict[str, Loaded] = {}
    to_parse: list[tuple[str, type[Entry]]] = []
    links: set[str] = set()
    kinds: dict[str, type[Entry]] = {}
    for relpath in content_files(root, links):
        kind, rejected = _classify(root, relpath, relpath in links)
        if rejected is not None:
            results[relpath] = rejected
        if kind is None:
            continue
        kinds[relpath] = kind
        cached, signature = None, signatures.get(relpath)
        previous = cache.entries.get(relpath)
        if previous is not None and signature is not None and previous.signature == signature:
            cached = cache.get(relpath, previous.digest, root)
        elif previous is not None:  # only then is reading the bytes here worth it
            data = read_bytes(root, relpath, Problems())
            cached = cache.get(relpath, digest_bytes(data), root) if data is not None else None
        if cached is not None and cached.signature != signature:
            # Racily clean last time, or touched: a new object, so that the cache saves what
            # stat says now and the next build trusts it instead of reading the file again.
            cached = replace(cached, signature=signature)
        if cached is not None:
            results[relpath] = cached
        else:
            to_parse.append((relpath, kind))
    store = cache.bodies if cache.folder is not None else None
    parsed = parallel.each_result(_Parser(config, signatures, store, today), to_parse, before_fork=load_tables,
                                  chunking=parallel.guided_chunks)
    with store.loading() if store is not None else contextlib.nullcontext():
        for item in parsed:  # while the workers parse the next chunks
            if isinstance(item, bytes):  # cacheable, pickled as the cache keeps it
                loaded = pickle.loads(item)
                cache.pickled[loaded.relpath] = (loaded, item)
            else:
                loaded = item
            results[loaded.relpath] = loaded
            remember(loaded.slugs)  # made in a worker: link needs them here
    entries: list[Entry] = []
    media: set[str] = set()
    with_errors: list[Entry] = []
    warn_if_copies(kinds, problems)
    for relpath in sorted(results):
        loaded = results[relpath]
        problems.extend(loaded.problems)
        if loaded.cacheable:
            entries.append(loaded.entry)
            media |= loaded.media
        elif loaded.entry is not None:
            with_errors.append(loaded.entry)
    cache.save(list(results.values()))
    return Content(entries, media, with_errors)
