"""Decide which outputs are stale, render those (in parallel when many), stage the files.

Every rendered file goes into a staging folder beside the output folder; :mod:`write`
then either swaps the whole staging folder in (a clean build) or moves the changed files
over (an incremental one). Nothing in the published folder changes before every page
rendered without error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import jinja2

from . import parallel
from .buildstate import FactDigests, forget_digests, Manifest, OutputRecord, TemplateDigests, TrackedSite, _hash, digest_of
from .bodies import Body, reads
from .load import digest_bytes
from .models import Entry
from .render import render_output
from .routes import Output
from .search import Document, extract
from .write import StagedFiles


@dataclass
class Staged:
    """The outcome of rendering: a record for every output, and which files were staged."""

    records: dict[str, OutputRecord]
    staged: list[str]  # paths written into the staging folder (their content changed)
    rendered: int  # outputs that were stale and rendered again
    template_references: dict[str, frozenset[str] | None]  # for the next build's manifest
    # The search document of each output rendered this time (None: not searchable), read
    # while its HTML is at hand in the worker, so the search never parses pages again.
    documents: dict[str, Document | None]


class _Renderer:
    """Renders outputs and computes their keys; shared with forked workers."""

    def __init__(self, env: jinja2.Environment, shared: dict[str, Any], global_key: str,
                 templates: TemplateDigests, staging: Path, previous: Manifest,
                 entries: Iterable[Entry] | None = None):
        self.env, self.global_key, self.templates = env, global_key, templates
        self.site = shared["site"]
        self.tracked = TrackedSite(self.site)
        self.shared = {**shared, "site": self.tracked}
        self.facts = FactDigests(shared["site"])
        self.files, self.previous = StagedFiles(staging), previous
        self._templates: dict[str, str] = {}
        self._entries = entries  # whose bodies outputs may show: the site's, unless told
        self._owners: dict[int, str] | None = None

    def key(self, output: Output, facts: frozenset[str]) -> str:
        return _hash(self.made_with(output.template), output.url, digest_of(output.context), self.facts(facts))

    def made_with(self, template: str) -> str:
        """The global inputs and the template with all it pulls in: the same for thousands of outputs."""
        known = self._templates.get(template)
        if known is None:
            known = self._templates[template] = _hash(self.global_key, template, self.templates(template) if template else "")
        return known

    def is_current(self, output: Output) -> OutputRecord | None:
        record = self.previous.outputs.get(output.path)
        if record is not None and record.key == self.key(output, record.facts):
            return record
        return None

    def __call__(self, outputs: list[Output]) -> list[tuple[str, OutputRecord, bool, Document | None]]:
        done = []
        for output in outputs:
            self.tracked.reset()
            with reads() as read:
                data = render_output(self.env, output, self.shared)
            facts = frozenset(output.facts) | frozenset(self.tracked.reset())
            record = OutputRecord(self.key(output, facts), facts, digest_bytes(data), self._shown(output, read))
            old = self.previous.outputs.get(output.path)
            changed = old is None or old.content != record.content
            if changed:
                self.files.write(output.path, data)
            done.append((output.path, record, changed, extract(data, output.url)))
        return done


    def _shown(self, output: Output, read: list[Body]) -> frozenset[str]:
        """The files whose bodies ``output`` showed, besides its own entry's."""
        if not read:
            return frozenset()
        if self._owners is None:
            entries = self._entries if self._entries is not None else self.site.entries()
            self._owners = {id(body): entry.path for entry in entries if (body := getattr(entry, "body", None)) is not None}
        own = output.context.get("page")
        shown = {self._owners.get(id(body), "*") for body in read}
        shown.discard(getattr(own, "path", None))
        return frozenset(shown)


class UnkeyedRenderer(_Renderer):
    """For outputs rendered without the whole site (generator.bodyedit: a list showing an
    edited title): the entries they show besides the edited ones come without their links,
    so no key can be made. Their records get none, and the next full build renders them
    again (writing nothing when the bytes are the same)."""

    def key(self, output: Output, facts: frozenset[str]) -> str:
        return ""


def render_stale(
    outputs: list[Output], env: jinja2.Environment, shared: dict[str, Any], global_key: str,
    search_path: list[Path], staging: Path, previous: Manifest,
) -> Staged:
    """Render what is stale into ``staging``; keep the records of what is current."""
    forget_digests()
    templates = TemplateDigests(env, search_path, dict(previous.template_references))
    renderer = _Renderer(env, shared, global_key, templates, staging, previous)
    records: dict[str, OutputRecord] = {}
    stale: list[Output] = []
    for output in outputs:
        current = renderer.is_current(output) if previous.outputs else None
        if current is not None:
            records[output.path] = current
        else:
            stale.append(output)
    for template in sorted({output.template for output in stale}):
        # Here, not in each worker: the templates' references found on the way go into
        # the manifest, so the next (one-file) build does not parse every template again.
        renderer.made_with(template)
    staged = []
    documents = {}
    for path, record, changed, document in parallel.map_chunks(renderer, stale, minimum=200,
                                                              chunking=parallel.guided_chunks):
        records[path] = record
        documents[path] = document
        if changed:
            staged.append(path)
    return Staged(records, staged, len(stale), templates.references, documents)
