"""Page bodies, and the file the content cache keeps them in so they load only when read.

A body (the HTML and plain text of a notice's Markdown) is 90 % of a parsed entry's size: on a
10,000-item site the content cache is 70 MB, 64 MB of it bodies. An incremental build needs
every entry's title, date and tags (lists, tags, the calendar), but the body only of the few
pages it renders again. So the cache pickles entries with their bodies replaced by a reference
into an append-only file, and a body restored from it reads its bytes on first use
(``os.pread``: safe in forked render workers, no shared file position).

The file only grows: a changed entry appends its new body, the old one becomes garbage, and
the file is written afresh under a new name once garbage outweighs the live bodies. Nothing
is ever overwritten in place, so the pickle of the previous build stays readable until the
new one replaces it.
"""

from __future__ import annotations

import os
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

Ref = tuple[int, int, int, int]  # generation, offset, length of the HTML, length of the text


class Body:
    """A page's main text as HTML and as plain text (for summaries, search, the privacy lint)."""

    __slots__ = ("_html", "_text", "_store", "_ref", "_loaded")

    def __init__(self, html: str = "", text: str = ""):
        self._html, self._text = html, text
        self._store: BodyStore | None = None
        self._ref: Ref | None = None  # where it is kept in the store, once it is
        self._loaded = True

    @classmethod
    def stored(cls, store: "BodyStore", ref: Ref) -> "Body":
        body = cls()
        body._keep_in(store, ref)
        return body

    def _keep_in(self, store: "BodyStore", ref: Ref) -> None:
        """From now on the text lives in ``store`` only: read on each use, never held, so a
        worker that renders thousands of pages does not keep thousands of bodies."""
        self._store, self._ref, self._loaded = store, ref, False
        self._html = self._text = ""

    def _parts(self) -> tuple[str, str]:
        if self._loaded:
            return self._html, self._text
        assert self._store is not None and self._ref is not None
        return self._store.read(self._ref)

    @property
    def html(self) -> str:
        return self._parts()[0]

    @property
    def text(self) -> str:
        return self._parts()[1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Body) and self._parts() == other._parts()

    def __reduce__(self) -> tuple:
        store = _saving
        if store is None:  # pickled for another reason: whole
            return (Body, (self.html, self.text))
        return (_restore, (store.reference(self),))


_saving: "BodyStore | None" = None
_loading: "BodyStore | None" = None


def _restore(ref: Ref) -> Body:
    assert _loading is not None, "bodies are restored only inside BodyStore.loading()"
    _loading.needed = max(_loading.needed, ref[1] + ref[2] + ref[3])
    return Body.stored(_loading, ref)


class BodyStore:
    """The append-only file of bodies, in the cache folder: one per build (its bodies keep it
    alive; its files are closed when the last of them goes, so ``noticeboard serve``
    rebuilding all day does not pile up open files)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.generation = self._newest_generation()
        self._readers: dict[int, int] = {}  # generation -> open file descriptor
        weakref.finalize(self, _close_all, self._readers)

    def _path(self, generation: int) -> Path:
        return self.folder / f"bodies-{generation}.bin"

    def _newest_generation(self) -> int:
        numbers = [int(p.stem.split("-")[1]) for p in self.folder.glob("bodies-*.bin") if p.stem.split("-")[1].isdigit()]
        return max(numbers, default=0)

    def read(self, ref: Ref) -> tuple[str, str]:
        generation, offset, html_length, text_length = ref
        descriptor = self._readers.get(generation)
        if descriptor is None:
            descriptor = self._readers[generation] = os.open(self._path(generation), os.O_RDONLY)
        data = os.pread(descriptor, html_length + text_length, offset)
        if len(data) != html_length + text_length:
            raise OSError(f"{self._path(generation)} is shorter than the content cache says")
        return data[:html_length].decode("utf-8"), data[html_length:].decode("utf-8")

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Unpickle entries inside this: their bodies refer to this store."""
        global _loading
        path = self._path(self.generation)
        self.needed = 0
        _loading = self
        try:
            yield
        finally:
            _loading = None
        if self.needed > (path.stat().st_size if path.is_file() else 0):
            # Not synced to disk (it is only a cache): after a power cut the pickle may
            # have been written and the bodies not. Start afresh rather than read garbage.
            raise OSError(f"{path} is shorter than the content cache says")

    @contextmanager
    def saving(self, total_bytes: int) -> Iterator[None]:
        """Pickle entries inside this: each body is appended (or its old place kept).
        ``total_bytes``: the bodies' size, to decide whether to start a fresh file."""
        global _saving
        path = self._path(self.generation)
        size = path.stat().st_size if path.is_file() else 0
        if size > 2 * total_bytes + (1 << 20):  # mostly garbage: write the live bodies afresh
            self.generation += 1
            path = self._path(self.generation)
        self._appender = open(path, "ab")
        self._offset = self._appender.tell()
        _saving = self
        try:
            yield
        finally:
            _saving = None
            self._appender.close()

    def reference(self, body: Body) -> Ref:
        if body._store is self and body._ref is not None and body._ref[0] == self.generation:
            return body._ref  # already in this file
        html, text = body.html.encode("utf-8"), body.text.encode("utf-8")
        self._appender.write(html + text)
        ref = (self.generation, self._offset, len(html), len(text))
        self._offset += len(html) + len(text)
        body._keep_in(self, ref)
        return ref

    def remove_older(self) -> None:
        """After the new pickle is in place: files of older generations are unreferenced."""
        for path in self.folder.glob("bodies-*.bin"):
            number = path.stem.split("-")[1]
            if number.isdigit() and int(number) < self.generation:
                path.unlink(missing_ok=True)
        for generation in [g for g in self._readers if g < self.generation]:
            os.close(self._readers.pop(generation))  # every body saved since was read first


def _close_all(descriptors: dict[int, int]) -> None:
    for descriptor in descriptors.values():
        os.close(descriptor)
    descriptors.clear()


def body_size(body: Body) -> int:
    """Bytes of a body as stored (for the fresh-file decision), without loading a stored one."""
    if not body._loaded and body._ref is not None:
        return body._ref[2] + body._ref[3]
    return len(body._html.encode("utf-8")) + len(body._text.encode("utf-8"))
