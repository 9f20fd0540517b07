"""The edit fast path: an edit to the body or the title of a notice or a page, published
without the rest of the site. ("Body edit" in its names is historical: titles came later.
"Title" stands for the fields its lists show too, summary and category: _SHOWN_FIELDS.)

Staff most often fix a typo in a notice or add a sentence to it. A one-file rebuild of a
10,000-item site spends most of its ~0.7 s on work that grows with the site: unpickling every
model, linking, planning and keying 16,584 outputs, checking privacy in every text. When only
the Markdown body or the title of a standalone entry changed (see Entry.STANDALONE), the last
full build already knows all the rest (``remember``): which outputs show it (its page; for a
title also the list pages, tag pages and pages whose site facts hold it), what those were made
from (their contexts and every site fact outputs read, kept with entries by reference and
read back from the content cache one by one), which numbers may be public, the feed's items.
So those few outputs are rendered again, the feed and the search index patched, the edited
entries added to the content cache, and the rest of the output stays.

It applies when, since the last successful build of the same request on the same day:

- the only files that changed are content files of standalone entries that build published,
  with no warning then (it shows in every report) and none now, and no poster made from them;
- each links to no page of the site (``/notices/...``) that the version published did not
  link to: those were all there (a dead one is a warning), and the site's pages are the
  same after an edit published here, while a new one is judged by the full build's lint;
- each parses to an entry equal to the one published in everything but its body (its front
  digest covers every field, the line of every field and the linked files' digests) — or in
  everything but its body and title, for an entry no other entry's page and no file a
  function makes shows (the feed is patched), and whose title the report does not name;
- no output but the entry's own page (and the feed) showed its body;
- the outputs to render again read only site facts the last build kept, show no link between
  entries (an activity's team: ``_Unlinked``) and no other file's body; at most 50 of them
  (OUTPUTS_LIMIT), showing at most 500 files' entries (ENTRIES_LIMIT), each read back from
  the cache only if made from its file as it is now.

This is right only while no list's order or membership depends on a title (or summary,
category), and a title reaches an output only through its entry (never copied into a site fact or a context as a
string): link.notice_order, link._tags and routes.plan say so where they sort and plan.

Otherwise, and on any surprise while rendering, the full incremental build runs, which is
always right; tests/test_bodyedit.py and tests/test_incremental.py check both against clean
builds byte for byte.

Outputs rendered again for a title, and the feed, get no key (the rest of their entries is
not loaded to digest them), and the lists an entry is in keep their records after a body edit
(they show none of its body): the next full build renders them once more, writing nothing.

This module is imported by the no-change check: what the fast path needs is imported inside it.
"""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .buildstate import _hash, digest_of
from .models import Entry
from .snapshot import BuildReport, Inputs, Snapshot, forget

if TYPE_CHECKING:
    from .buildstate import Manifest
    from .content import EntryReader, Loaded
    from .errors import Problem
    from .link import Site
    from .routes import Output

# Fields that an edit to the body changes: the body, the file's digest, the numbers found in it
# (judged again here), and the front digest itself.
_BODY_FIELDS = frozenset({"body", "digest", "numbers", "site_links", "front"})
FACTS_LIMIT = 4 << 20  # bytes of pickled site facts kept; a fact past it: no title edits (no body edits if its pages read it)
FEED_LIMIT = 4 << 20  # bytes of the feed's pickled items; more: the feed's items take the full build
CONTEXTS_LIMIT = 16 << 20  # bytes of the pickled contexts of lists kept for title edits; more: no title edits
ENTRIES_LIMIT = 500  # entries read back from the content cache by one fast build; more: the full build
OUTPUTS_LIMIT = 50  # outputs showing an edited title; more: the full build is as quick


def front_of(entry: Entry, media_digests: Iterable[tuple[str, str]]) -> str:
    """A digest of everything in ``entry`` but its body; "" if it has something not digestible."""
    values = [getattr(entry, f.name) for f in dataclasses.fields(entry) if f.name not in _BODY_FIELDS]
    try:
        return _hash(type(entry).__name__, digest_of(values), *(f"{path}:{digest}" for path, digest in media_digests))
    except TypeError:
        return ""


@dataclasses.dataclass
class BodyEditState:
    """What the last full build knew that an edit to a body or a title alone cannot change."""

    fronts: dict[str, str]  # content file -> front digest, for each entry the fast path may publish
    slugs: dict[str, str]  # their file names' and tags' slugs: made again from pinyin, they take 0.2 s
    facts: dict[str, bytes]  # site fact -> its value, pickled with entries by reference (_by_reference)
    allowed: frozenset[str]  # numbers that may be public (lint.declared_numbers)
    global_key: str
    posters_page: bool
    # The feed's items (pickled feeds.FeedItem list), when the feed is written again with the
    # new bodies rather than left out: it shows the bodies of the 50 newest notices and activities.
    feed: bytes | None = None
    # For title edits: the entries (of ``fronts``) whose title the fast path may publish, the
    # outputs besides their page that show each of them (a list page, a tag's page), the site
    # facts holding them, and the outputs that may be rendered again: (url, template, context
    # pickled with entries by reference).
    titled: frozenset[str] = frozenset()
    lists: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    fact_members: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    contexts: dict[str, tuple[str, str, bytes]] = dataclasses.field(default_factory=dict)
    # The links to pages of the site of each entry of ``fronts`` that has some, as written:
    # they all lead to a page (else the file had a warning, and is not in ``fronts``).
    site_links: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)


def remember(site: Site, outputs: list[Output], manifest: Manifest, poster_sources: set[str], global_key: str,
             posters_page: bool, warnings: list[Problem]) -> bytes | None:
    """The state a full build leaves for the fast path (pickled), or None when it cannot apply."""
    from .feeds import FEED_URL
    from .lint import declared_numbers
    from .routes import output_path
    from .slugs import slugify

    feed_path = output_path(FEED_URL)
    feed = _feed_items(outputs, manifest, feed_path, site.config)
    # Outputs that show other files' bodies; the feed's part is done by the fast path when its items are kept.
    shown = set().union(*(record.bodies for path, record in manifest.outputs.items() if feed is None or path != feed_path))
    if "*" in shown:  # a body of no known file: any edit may show anywhere
        return None
    # Also left out: files another page links to, which are published as they are (copied
    # into media/), and files of posters or with warnings.
    excluded = shown | set(site.media) | poster_sources | {problem.path for problem in warnings}
    fronts: dict[str, str] = {}
    slugs: dict[str, str] = {}
    names: set[str] = set()
    site_links: dict[str, frozenset[str]] = {}
    for entry in site.entries():
        if not entry.STANDALONE or not entry.front or entry.path in excluded:
            continue
        record = manifest.outputs.get(output_path(entry.url))  # its page (routes.entry_outputs)
        if record is not None:
            fronts[entry.path] = entry.front
            names |= record.facts
            if entry.site_links:
                site_links[entry.path] = frozenset(target for target, _ in entry.site_links)
            stem = os.path.splitext(os.path.basename(entry.path))[0]
            slugs.update((text, slugify(text)) for text in (stem, *getattr(entry, "tags", ())))
    if not fronts:
        return None
    readers: dict[str, list[str]] = {}  # site fact -> the outputs that read it
    for path, record in manifest.outputs.items():
        for name in record.facts:
            readers.setdefault(name, []).append(path)
    facts, members = _kept_facts(site, readers, names)
    if not names <= facts.keys():
        return None  # a page the fast path would render reads a fact it cannot keep
    state = BodyEditState(fronts, slugs, facts, frozenset(declared_numbers(site)), global_key, posters_page, feed,
                          site_links=site_links)
    if facts.keys() == readers.keys():  # every fact known: titles may be published too
        try:
            _remember_lists(state, outputs, readers, members, feed_path)
        except (pickle.PicklingError, TypeError, AttributeError):  # a context pickle cannot keep: no title edits
            state.titled, state.lists, state.fact_members, state.contexts = frozenset(), {}, {}, {}
    return pickle.dumps(state, pickle.HIGHEST_PROTOCOL)


def _kept_facts(site: Site, readers: dict[str, list[str]],
                needed: set[str]) -> tuple[dict[str, bytes], dict[str, set[str]]]:
    """The site facts outputs read, pickled with entries by reference, and the entries in each;
    without those not a value (``site.entries()``) or past FACTS_LIMIT. The facts the fast
    path's own pages read (``needed``) come first: body edits need them alone."""
    facts: dict[str, bytes] = {}
    members: dict[str, set[str]] = {}
    size = 0
    for name in sorted(readers, key=lambda name: (name not in needed, name)):
        value = getattr(site, name, None)
        if value is None or callable(value):
            continue
        try:
            data, inside = _by_reference(value)
        except (pickle.PicklingError, TypeError, AttributeError):
            continue
        if size + len(data) <= FACTS_LIMIT:
            facts[name], members[name] = data, inside
            size += len(data)
    return facts, members


def _remember_lists(state: BodyEditState, outputs: list[Output], readers: dict[str, list[str]],
                    members: dict[str, set[str]], feed_path: str) -> None:
    """What a title edit of each entry of ``state.fronts`` renders again: fills the title
    fields of ``state``. First which entries may have their title published this way, then
    the outputs that show each of them."""
    titled = set(state.fronts)
    # Outputs rendered again only for their own entry (its page), or never (files a function
    # makes): a fact they read must not hold an entry whose title is edited here.
    own_only: set[str] = set()
    lists: list[tuple[Output, bytes, set[str]]] = []  # the others, with their pickled contexts
    for output in outputs:
        page = output.context.get("page") if len(output.context) == 1 else None
        if output.produce is not None:
            if output.path != feed_path or state.feed is None:  # the feed's kept items are patched (_write_feed)
                own_only.add(output.path)
                titled -= {page.path} if page is not None else _by_reference(output.context)[1]
        elif page is not None and page.url == output.url:
            own_only.add(output.path)
        else:
            lists.append((output, *_by_reference(output.context)))
    for name, inside in members.items():
        if any(path in own_only for path in readers[name]):
            titled -= inside  # each entry's page (or a file a function makes) shows the others
    state.fact_members = {name: frozenset(inside & titled) for name, inside in members.items() if inside & titled}
    showing_facts = {path for name in state.fact_members for path in readers[name]}
    shown_in: dict[str, list[str]] = {}
    size = 0
    for output, data, inside in lists:
        if inside & titled or output.path in showing_facts:
            state.contexts[output.path] = (output.url, output.template, data)
            size += len(data)
        for path in inside & titled:
            shown_in.setdefault(path, []).append(output.path)
    if size > CONTEXTS_LIMIT:  # too much to keep in every snapshot: no title edits
        state.fact_members, state.contexts = {}, {}
        return
    state.titled = frozenset(titled)
    state.lists = {path: tuple(paths) for path, paths in shown_in.items()}


class _ByReference(pickle.Pickler):
    """Pickles the entries (and tags) in a value as references to them, and notes their files:
    a context or a site fact is then small, and read back with the entries as they are now
    (_read_back). ``reducer_override``, not ``persistent_id``: pickle asks it only about
    objects that are not built-in containers, strings or numbers (0.4 s fewer at 10,000 items)."""

    def __init__(self, file: io.BytesIO) -> None:
        from .link import Tag  # here: the no-change check imports this module, not link

        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.entries: set[str] = set()
        self._tag = Tag

    def reducer_override(self, value: Any) -> Any:
        if isinstance(value, Entry):
            self.entries.add(value.path)
            return _entry_at, (value.path, value.url)
        if type(value) is self._tag:  # by name and count; its items are another site fact (Tag.items)
            return _tag_named, (value.name, value.slug, value.count)
        return NotImplemented


def _by_reference(value: Any) -> tuple[bytes, set[str]]:
    buffer = io.BytesIO()
    pickler = _ByReference(buffer)
    pickler.dump(value)
    return buffer.getvalue(), pickler.entries


def _feed_items(outputs: list[Output], manifest: Manifest, feed_path: str, config: Any) -> bytes | None:
    """The feed's items, pickled; None without a feed or when they are too large to keep."""
    from .feeds import feed_item, feed_words

    feed = next((output for output in outputs if output.path == feed_path), None)
    if feed is None or feed_path not in manifest.outputs:
        return None
    words = feed_words(config)
    kept = pickle.dumps([feed_item(item, words) for item in feed.context["items"]], pickle.HIGHEST_PROTOCOL)
    return kept if len(kept) <= FEED_LIMIT else None


def changed_content(earlier: Inputs, now: Inputs, root: Path) -> list[str] | None:
    """The content files (relative to ``root``) whose bytes may differ between two scans; None
    when anything else changed: a file added or removed, or one outside content/."""
    changed = now.changes_since(earlier)
    content = str(root.resolve() / "content")
    if changed is None or any(folder != content for folder, _ in changed):
        return None
    return sorted({f"content/{relpath}" for _, relpath in changed})


class _NeedsFullBuild(Exception):
    """Something the fast path does not know: the full build decides."""


class _Unlinked:
    """A link between entries that the fast path did not make (an activity's team, a tag's
    items): any use of it in a template means the full build."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise _NeedsFullBuild("a link between entries")

    __getattr__ = __getitem__ = __iter__ = __len__ = __bool__ = __str__ = __format__ = _refuse
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = __contains__ = __call__ = _refuse


_UNLINKED = _Unlinked()


class _Entries:
    """Entries by reference (see _ByReference): the edited ones as parsed now, the others as
    the content cache keeps them, without their links; one object per entry, each file read
    back once (a services file holds several entries)."""

    def __init__(self, reader: EntryReader, edited: list[Entry], root: Path, signatures: dict[str, Any]) -> None:
        self.reader, self.root, self.signatures = reader, root, signatures
        self.files: dict[str, Entry] = {entry.path: entry for entry in edited}
        self.known: dict[tuple, Any] = {}

    def __call__(self, reference: tuple) -> Any:
        known = self.known.get(reference)
        if known is None:
            known = self.known[reference] = self._load(reference)
        return known

    def _load(self, reference: tuple) -> Any:
        from .link import Tag

        if reference[0] == "T":
            _, name, slug, count = reference
            return Tag(name, slug, count, _UNLINKED)  # type: ignore[arg-type]
        _, path, url = reference
        entry = self.files[path] if path in self.files else self._read(path)
        found = next((item for item in (entry, *getattr(entry, "all_items", ())) if item.url == url), None)
        if found is None:
            raise _NeedsFullBuild(f"{url} is not in {path}")
        return found

    def _read(self, path: str) -> Entry:
        if len(self.files) >= ENTRIES_LIMIT:
            raise _NeedsFullBuild("too many entries to read")
        loaded = self.reader.get(path)
        if loaded is None or loaded.entry is None or not self._parsed_from_the_file(loaded):
            raise _NeedsFullBuild(f"{path} is not in the content cache as published")
        entry = self.files[path] = loaded.entry
        for item in (entry, *getattr(entry, "all_items", ())):  # a service category's services
            for name in item.LINKS:
                setattr(item, name, _UNLINKED)
        return entry

    def _parsed_from_the_file(self, loaded: Loaded) -> bool:
        """Whether the cache's model was made from the file as it is (and so as the last build
        published it: only the edited files changed since). Not so when the file of the
        cache's changes was lost, say: its base holds older models."""
        from .load import digest_bytes

        if loaded.signature is not None and loaded.signature == self.signatures.get(loaded.relpath):
            return True
        try:
            return digest_bytes((self.root / loaded.relpath).read_bytes()) == loaded.digest
        except OSError:
            return False


def _entry_at(path: str, url: str) -> Entry:
    """An entry by reference, in a pickle of _by_reference: _Reading reads it back."""
    raise _NeedsFullBuild("entries by reference are read back by _read_back only")


def _tag_named(name: str, slug: str, count: int) -> Any:
    """A tag by reference, in a pickle of _by_reference: _Reading reads it back."""
    raise _NeedsFullBuild("tags by reference are read back by _read_back only")


class _Reading(pickle.Unpickler):
    """Reads a pickle of _by_reference, its references resolved by ``entries``."""

    def __init__(self, data: bytes, entries: _Entries) -> None:
        super().__init__(io.BytesIO(data))
        self._resolved = {
            "_entry_at": lambda path, url: entries(("E", path, url)),
            "_tag_named": lambda name, slug, count: entries(("T", name, slug, count)),
        }

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name in self._resolved:
            return self._resolved[name]
        return super().find_class(module, name)


def _read_back(data: bytes, entries: _Entries) -> Any:
    """A value pickled by _by_reference, with its entries as they are now."""
    return _Reading(data, entries).load()


class _KnownFacts:
    """The site as the fast path has it: the facts kept by the last build, nothing else."""

    def __init__(self, facts: dict[str, bytes], entries: _Entries) -> None:
        self._kept, self._entries = facts, entries

    def __getattr__(self, name: str) -> Any:
        data = self._kept.get(name)
        if data is None or name.startswith("_"):
            raise _NeedsFullBuild(f"site.{name}")  # not an AttributeError: Jinja would take it as undefined
        value = _read_back(data, self._entries)
        setattr(self, name, value)
        return value


def publish_body_edit(root: Path, out: Path, cache_dir: Path, snapshot: Snapshot, inputs: Inputs) -> BuildReport | None:
    """Publish edits to bodies or titles alone (see the module's docstring); None: the full build must run."""
    started = time.perf_counter()
    if snapshot.body_edits is None:
        return None
    out = out.resolve()  # as build() does: "--out ." has no name to put the staging folder beside
    changed = changed_content(snapshot.inputs, inputs, root)
    if not changed:
        return None
    state: BodyEditState = pickle.loads(snapshot.body_edits)
    if any(relpath not in state.fronts for relpath in changed):
        return None
    try:
        return _publish(root, out, cache_dir, snapshot, inputs, state, changed, started)
    except _NeedsFullBuild:
        return None


def _publish(root: Path, out: Path, cache_dir: Path, snapshot: Snapshot, inputs: Inputs, state: BodyEditState,
             changed: list[str], started: float) -> BuildReport:
    from .assets import add_assets
    from .build import static_files
    from .buildstate import Manifest, TemplateDigests, forget_digests
    from .config import load_config
    from .content import EntryReader
    from .errors import SiteError
    from .rebuild import UnkeyedRenderer, _Renderer
    from .routes import entry_outputs
    from .search import OUTPUT as SEARCH_FILES, index_search
    from .themes import compiled_templates, load_strings, make_environment, resolve_theme
    from .write import move_changed, remove_leftovers, staging_folder

    # No claim_output/claim_cache here: the last full build made the same request and claimed
    # both. site.yaml is unchanged since then, so its warnings are in the last report already.
    config, _ = load_config(root)
    reader = EntryReader(cache_dir, config)
    signatures = inputs.trusted(root, "content")
    parsed = [_parse_again(config, relpath, state, reader, signatures.get(relpath)) for relpath in changed]
    entries = [loaded.entry for loaded, _ in parsed]
    retitled = _retitled(parsed, snapshot.report)
    previous = Manifest.load(cache_dir, out)
    if not previous.matches(out):
        raise _NeedsFullBuild("the output folder lost files")
    theme = resolve_theme(config)
    env = make_environment(theme, config, theme.template_dirs)
    add_assets(env, static_files(theme))
    env.bytecode_cache = compiled_templates(cache_dir, state.global_key)
    known = _Entries(reader, entries, root, signatures)
    lists = _showing_titles(retitled, state, previous, known)
    shared = {"site": _KnownFacts(state.facts, known), "config": config, "t": load_strings(theme, config.language),
              "today": snapshot.today, "posters_page": state.posters_page}
    remove_leftovers(out)
    staging = staging_folder(out)
    try:
        forget_digests()
        templates = TemplateDigests(env, theme.template_dirs, dict(previous.template_references))
        renderer_args = (env, shared, state.global_key, templates, staging, previous, entries)
        try:
            done = _Renderer(*renderer_args)(list(entry_outputs(entries)))  # their pages, keyed as a full build would
            done += UnkeyedRenderer(*renderer_args)(lists)
        except SiteError as error:
            raise _NeedsFullBuild("a template failed") from error
        records = {path: record for path, record, _, _ in done}
        if any(record.bodies for record in records.values()):
            raise _NeedsFullBuild("the page shows other files' bodies")
        pages = {path: record for path, record in previous.outputs.items() if not path.startswith(f"{SEARCH_FILES}/")}
        pages.update(records)
        staged = [path for path, _, is_changed, _ in done if is_changed]
        feed_written = False
        if state.feed is not None:
            state.feed, feed_written = _write_feed(state.feed, entries, config, snapshot.today, pages, staging, staged)
        search = index_search({path: document for path, _, _, document in done}, pages, previous, staging, out, cache_dir)
        staged += search.staged
        manifest = Manifest(str(out), {**pages, **search.records}, template_references=templates.references)
        removed = sorted(set(previous.outputs) - set(manifest.outputs))  # search files a shorter text emptied
        forget(cache_dir)
        reader.add([loaded for loaded, _ in parsed])
        move_changed(out, staging, staged, removed, None, manifest, previous, cache_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    state.fronts.update((entry.path, entry.front) for entry in entries)
    report = dataclasses.replace(snapshot.report, rendered=len(done) + feed_written, written=len(staged),
                                 posters_printed=0, poster_seconds=0.0, seconds=time.perf_counter() - started,
                                 body_edit=True)
    published = sorted([*manifest.outputs, *manifest.copies])  # the search files may differ
    Snapshot(snapshot.request, snapshot.timezone, snapshot.today, inputs, published, report,
             pickle.dumps(state, pickle.HIGHEST_PROTOCOL)).save(cache_dir)
    return report


def _retitled(parsed: list[tuple[Loaded, str | None]], report: BuildReport) -> list[str]:
    """The files whose title changed (the others, their body alone)."""
    if any(f"“{old_title}”" in report.next_change_reason[0] for _, old_title in parsed if old_title):
        raise _NeedsFullBuild("the report names the old title (the next notice to expire)")
    return [loaded.relpath for loaded, old_title in parsed if old_title is not None]


def _showing_titles(retitled: list[str], state: BodyEditState, previous: Manifest, known: _Entries) -> list[Output]:
    """The outputs besides their pages that show the edited titles, made again from what the
    last build kept."""
    from .routes import Output

    paths = {path for relpath in retitled for path in state.lists.get(relpath, ())}
    facts = {name for name, inside in state.fact_members.items() if any(relpath in inside for relpath in retitled)}
    if facts:
        paths |= {path for path, record in previous.outputs.items() if record.facts & facts}
    if len(paths) > OUTPUTS_LIMIT:
        raise _NeedsFullBuild("the titles are shown on many pages")
    outputs = []
    for path in sorted(paths):
        if path not in state.contexts:
            raise _NeedsFullBuild(f"{path} is not kept")
        url, template, data = state.contexts[path]
        outputs.append(Output(url, template, _read_back(data, known)))
    return outputs


def _write_feed(kept: bytes, entries: list[Entry], config: Any, today: Any, records: dict[str, Any],
                staging: Path, staged: list[str]) -> tuple[bytes, bool]:
    """The feed again, if it shows one of the edited entries (into ``staging``, its record into
    ``records``). Returns its items as they are now, for the next fast edit, and whether it
    was written again."""
    from .feeds import FEED_URL, atom_feed, feed_item, feed_words
    from .load import digest_bytes
    from .routes import output_path

    edited = {entry.path: entry for entry in entries}
    items = pickle.loads(kept)
    if not any(item.path in edited for item in items):
        return kept, False
    words = feed_words(config)
    items = [feed_item(edited[item.path], words) if item.path in edited else item for item in items]
    data = atom_feed(items, config, today)
    # No key, as the lists' (UnkeyedRenderer): the next full build writes it again. Its old
    # key would be current again once the edit is undone, over the edited bytes.
    path = output_path(FEED_URL)
    old = records[path]
    records[path] = dataclasses.replace(old, key="", content=digest_bytes(data))
    if records[path].content != old.content:
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(data)
        staged.append(path)
    return pickle.dumps(items, pickle.HIGHEST_PROTOCOL), True


# Fields besides the body that the fast path publishes: shown by the entry's page and its
# lists, and nothing orders, chooses or addresses pages by them (see the module docstring).
_SHOWN_FIELDS = frozenset({"title", "summary", "category"})


def _parse_again(config: Any, relpath: str, state: BodyEditState, reader: EntryReader,
                 signature: Any) -> tuple[Loaded, str | None]:
    """The file's new model and, if its title changed, the title it had, when only its body
    (or title) changed and it brings no warning; else _NeedsFullBuild."""
    from .content import _classify, _Parser
    from .slugs import remember as remember_slugs

    kind, _ = _classify(config.root, relpath, is_link=False)  # a link leaving the site was never published
    if kind is None or not kind.STANDALONE:
        raise _NeedsFullBuild(relpath)
    remember_slugs(state.slugs)
    loaded = _Parser(config).parse(relpath, kind)
    loaded.signature = signature  # as load_content keeps it: the next full build need not read the file
    entry = loaded.entry
    if entry is None or loaded.problems:
        raise _NeedsFullBuild(relpath)
    if any(finding.value not in state.allowed for _, finding in entry.numbers):
        raise _NeedsFullBuild(relpath)  # a number that may be private: the full build says where
    if any(target not in state.site_links.get(relpath, ()) for target, _ in entry.site_links):
        raise _NeedsFullBuild(relpath)  # a link to a page of the site not judged yet: the full build's lint does
    if entry.front == state.fronts[relpath]:
        return loaded, None
    published = reader.get(relpath) if relpath in state.titled else None
    if published is None or published.entry is None or published.entry.front != state.fronts[relpath]:
        raise _NeedsFullBuild(relpath)  # not the version published (a build stopped after caching it)
    if published.media_digests != loaded.media_digests or _changed_fields(published.entry, entry) - _SHOWN_FIELDS:
        raise _NeedsFullBuild(relpath)
    return loaded, published.entry.title


def _changed_fields(old: Entry, new: Entry) -> set[str]:
    """The fields of ``new`` (but the body's) that differ from ``old``'s. Not ``lines``, where
    each field is in the file: only messages show it, and a file with one is not published here."""
    return {f.name for f in dataclasses.fields(new)
            if f.name not in _BODY_FIELDS and f.name != "lines" and getattr(old, f.name) != getattr(new, f.name)}
