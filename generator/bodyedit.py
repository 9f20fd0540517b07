"""The body-edit fast path: an edit to the body of a notice, published without the rest of the site.

Staff most often fix a typo in a notice or add a sentence to it. A one-file rebuild of a
10,000-item site spends most of its ~0.9 s on work that grows with the site: unpickling every
model, linking, planning and keying 16,584 outputs, checking privacy in every text. When only
the Markdown body of a standalone entry changed (a notice or a page: see Entry.STANDALONE), the
last build already knows all the rest: which outputs show that body (OutputRecord.bodies), the
site facts its page reads (their values are kept here), which numbers may be public, the feed's
items. So its page is rendered alone (and the feed, when it shows the body), the search index
patched, and the rest of the output stays.

It applies when, since the last successful build of the same request on the same day:

- the only files that changed are content files of standalone entries that build published,
  with no warning then (it shows in every report) and none now;
- each parses to an entry equal to the old one in everything but its body: its front digest
  covers every field, the line of every field and the linked files' digests;
- no output but the entry's own page (and the feed) showed its body, and no poster was made from it;
- its page reads only site facts that the last build's pages of its kind read.

Otherwise, and on any surprise while rendering, the full incremental build runs, which is
always right; tests/test_bodyedit.py and tests/test_incremental.py check both against clean
builds byte for byte.

The lists the entry is in keep their records: they show none of its body, so their bytes
cannot have changed, and the next full build renders them once more to bring their keys up
to date (writing nothing).

This module is imported by the no-change check: what the fast path needs is imported inside it.
"""

from __future__ import annotations

import dataclasses
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
    from .link import Site
    from .routes import Output
    from .buildstate import Manifest
    from .errors import Problem

# Fields that an edit to the body changes: the body, the file's digest, the numbers found in it
# (judged again here), and the front digest itself.
_BODY_FIELDS = frozenset({"body", "digest", "numbers", "front"})
FACTS_LIMIT = 1 << 20  # bytes of pickled site facts kept for the fast path; more: no fast path
FEED_LIMIT = 4 << 20  # bytes of the feed's pickled items; more: the feed's items take the full build


def front_of(entry: Entry, media_digests: Iterable[tuple[str, str]]) -> str:
    """A digest of everything in ``entry`` but its body; "" if it has something not digestible."""
    values = [getattr(entry, f.name) for f in dataclasses.fields(entry) if f.name not in _BODY_FIELDS]
    try:
        return _hash(type(entry).__name__, digest_of(values), *(f"{path}:{digest}" for path, digest in media_digests))
    except TypeError:
        return ""


@dataclasses.dataclass
class BodyEditState:
    """What the last full build knew that an edit to a body alone cannot change."""

    fronts: dict[str, str]  # content file -> front digest, for each entry the fast path may publish
    slugs: dict[str, str]  # their file names' and tags' slugs: made again from pinyin, they take 0.2 s
    facts: bytes  # pickled {name: value} of the site facts their pages read
    allowed: frozenset[str]  # numbers that may be public (lint.declared_numbers)
    global_key: str
    posters_page: bool
    # The feed's items (pickled feeds.FeedItem list), when the feed is written again with the
    # new bodies rather than left out: it shows the bodies of the 50 newest notices and activities.
    feed: bytes | None = None


def remember(site: Site, outputs: list[Output], manifest: Manifest, poster_sources: set[str], global_key: str,
             posters_page: bool, warnings: list[Problem]) -> bytes | None:
    """The state a full build leaves for the fast path (pickled), or None when it cannot apply."""
    from .feeds import FEED_URL
    from .lint import declared_numbers
    from .routes import output_path
    from .slugs import slugify

    feed_path = output_path(FEED_URL)
    feed = _feed_items(outputs, manifest, feed_path)
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
    for entry in site.entries():
        if not entry.STANDALONE or not entry.front or entry.path in excluded:
            continue
        record = manifest.outputs.get(output_path(entry.url))  # its page (routes.entry_outputs)
        if record is not None:
            fronts[entry.path] = entry.front
            names |= record.facts
            stem = os.path.splitext(os.path.basename(entry.path))[0]
            slugs.update((text, slugify(text)) for text in (stem, *getattr(entry, "tags", ())))
    try:
        facts = pickle.dumps({name: getattr(site, name) for name in sorted(names)}, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    if not fronts or len(facts) > FACTS_LIMIT:
        return None
    state = BodyEditState(fronts, slugs, facts, frozenset(declared_numbers(site)), global_key, posters_page, feed)
    return pickle.dumps(state, pickle.HIGHEST_PROTOCOL)


def _feed_items(outputs: list[Output], manifest: Manifest, feed_path: str) -> bytes | None:
    """The feed's items, pickled; None without a feed or when they are too large to keep."""
    from .feeds import feed_item

    feed = next((output for output in outputs if output.path == feed_path), None)
    if feed is None or feed_path not in manifest.outputs:
        return None
    kept = pickle.dumps([feed_item(item) for item in feed.context["items"]], pickle.HIGHEST_PROTOCOL)
    return kept if len(kept) <= FEED_LIMIT else None


def changed_content(earlier: Inputs, now: Inputs, root: Path) -> list[str] | None:
    """The content files (relative to ``root``) whose bytes may differ between two scans; None
    when anything else changed: a file added or removed, or one outside content/."""
    changed = now.changes_since(earlier)
    content = str(root.resolve() / "content")
    if changed is None or any(folder != content for folder, _ in changed):
        return None
    return sorted({f"content/{relpath}" for _, relpath in changed})


class _NotABodyEdit(Exception):
    """Something the fast path does not know: the full build decides."""


class _KnownFacts:
    """The site as the fast path has it: the facts kept by the last build, nothing else."""

    def __init__(self, facts: dict[str, Any]):
        self.__dict__.update(facts)

    def __getattr__(self, name: str) -> Any:
        raise _NotABodyEdit(f"site.{name}")  # not an AttributeError: Jinja would take it as undefined


def publish_body_edit(root: Path, out: Path, cache_dir: Path, snapshot: Snapshot, inputs: Inputs) -> BuildReport | None:
    """Publish edits to bodies alone (see the module's docstring); None: the full build must run."""
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
    except _NotABodyEdit:
        return None


def _publish(root: Path, out: Path, cache_dir: Path, snapshot: Snapshot, inputs: Inputs, state: BodyEditState,
             changed: list[str], started: float) -> BuildReport:
    from .assets import add_assets
    from .build import static_files
    from .buildstate import Manifest, TemplateDigests, forget_digests
    from .config import load_config
    from .errors import SiteError
    from .rebuild import _Renderer
    from .routes import entry_outputs
    from .search import OUTPUT as SEARCH_FILES, index_search
    from .themes import compiled_templates, load_strings, make_environment, resolve_theme
    from .write import move_changed, remove_leftovers, staging_folder

    # No claim_output/claim_cache here: the last full build made the same request and claimed
    # both. site.yaml is unchanged since then, so its warnings are in the last report already.
    config, _ = load_config(root)
    entries = [_parse_again(config, relpath, state) for relpath in changed]
    previous = Manifest.load(cache_dir, out)
    if not previous.matches(out):
        raise _NotABodyEdit("the output folder lost files")
    theme = resolve_theme(config)
    env = make_environment(theme, config, theme.template_dirs)
    add_assets(env, static_files(theme))
    env.bytecode_cache = compiled_templates(cache_dir, state.global_key)
    shared = {"site": _KnownFacts(pickle.loads(state.facts)), "config": config, "t": load_strings(theme, config.language),
              "today": snapshot.today, "posters_page": state.posters_page}
    remove_leftovers(out)
    staging = staging_folder(out)
    try:
        forget_digests()
        templates = TemplateDigests(env, theme.template_dirs, dict(previous.template_references))
        renderer = _Renderer(env, shared, state.global_key, templates, staging, previous, entries)
        try:
            done = renderer(list(entry_outputs(entries)))
        except SiteError as error:
            raise _NotABodyEdit("a template failed") from error
        records = {path: record for path, record, _, _ in done}
        if any(record.bodies for record in records.values()):
            raise _NotABodyEdit("the page shows other files' bodies")
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
        move_changed(out, staging, staged, removed, None, manifest, previous, cache_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report = dataclasses.replace(snapshot.report, rendered=len(done) + feed_written, written=len(staged),
                                 posters_printed=0, poster_seconds=0.0, seconds=time.perf_counter() - started,
                                 body_edit=True)
    published = sorted([*manifest.outputs, *manifest.copies])  # the search files may differ
    Snapshot(snapshot.request, snapshot.timezone, snapshot.today, inputs, published, report,
             pickle.dumps(state, pickle.HIGHEST_PROTOCOL)).save(cache_dir)
    return report


def _write_feed(kept: bytes, entries: list[Entry], config: Any, today: Any, records: dict[str, Any],
                staging: Path, staged: list[str]) -> tuple[bytes, bool]:
    """The feed again, if it shows one of the edited bodies (into ``staging``, its record into
    ``records``). Returns its items as they are now, for the next body edit, and whether it
    was written again."""
    from .feeds import FEED_URL, atom_feed, feed_item
    from .load import digest_bytes
    from .routes import output_path

    edited = {entry.path: entry for entry in entries}
    items = pickle.loads(kept)
    if not any(item.path in edited for item in items):
        return kept, False
    items = [feed_item(edited[item.path]) if item.path in edited else item for item in items]
    data = atom_feed(items, config, today)
    # Its key still names the old bodies: the next full build writes it again (the same bytes).
    path = output_path(FEED_URL)
    old = records[path]
    records[path] = dataclasses.replace(old, content=digest_bytes(data))
    if records[path].content != old.content:
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(data)
        staged.append(path)
    return pickle.dumps(items, pickle.HIGHEST_PROTOCOL), True


def _parse_again(config: Any, relpath: str, state: BodyEditState) -> Entry:
    """The file's new entry, if only its body changed and it brings no warning; else _NotABodyEdit."""
    from .content import _classify, _Parser
    from .slugs import remember as remember_slugs

    kind, _ = _classify(config.root, relpath, is_link=False)  # a link leaving the site was never published
    if kind is None or not kind.STANDALONE:
        raise _NotABodyEdit(relpath)
    remember_slugs(state.slugs)
    loaded = _Parser(config).parse(relpath, kind)
    entry = loaded.entry
    if entry is None or loaded.problems or entry.front != state.fronts[relpath]:
        raise _NotABodyEdit(relpath)
    if any(finding.value not in state.allowed for _, finding in entry.numbers):
        raise _NotABodyEdit(relpath)  # a number that may be private: the full build says where
    return entry
