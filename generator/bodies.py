"""Page bodies, and the file the content cache keeps them in so they load only when read.

A body (the HTML and plain text of a notice's Markdown) is 90 % of a parsed entry's size: on a
10,000-item site the content cache is 70 MB, 64 MB of it bodies. An incremental build needs
every entry's title, date and tags (lists, tags, the calendar), but the body only of the few
pages it renders again. So the cache pickles entries with their bodies replaced by a reference
into an append-only file, and a body restored from it reads its bytes on first use
(``os.pread``: safe in forked render workers, no shared file position).

The file only grows: a changed entry appends its new body, the old one becomes garbage, and
the file is written afresh under a new name once garbage outweighs the live bodies, or once it
is found shorter than the pickles say (a power cut). Nothing is ever overwritten in place, so
the pickle of the previous build stays readable until the new one replaces it. The parse
workers append the bodies of what they parse while they run (:meth:`BodyStore.appending`,
under a lock), and the parent saves their pickles as they are.
"""

from __future__ import annotations

import fcntl
import io
import os
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

Ref = tuple[int, int, int, int]  # generation, offset, length of the HTML, length of the text


class Body:
    """A page's main text as HTML and as plain text (for summaries, search, the privacy lint).

    Held as UTF-8 bytes and decoded on each use: bodies go into the cache file (or, without a
    cache, across from a parse worker) as they are (pickling 64 MB of Chinese ``str`` cost 0.5 s
    of a clean build at 10,000 items, bytes almost nothing), and a page reads its body once or
    twice."""

    __slots__ = ("_data", "_split", "_store", "_ref")

    def __init__(self, html: str = "", text: str = ""):
        encoded = html.encode("utf-8")
        self._data, self._split = encoded + text.encode("utf-8"), len(encoded)
        self._store: BodyStore | None = None
        self._ref: Ref | None = None  # where it is kept in the store, once it is

    @classmethod
    def _of_bytes(cls, data: bytes, split: int) -> "Body":
        body = cls()
        body._data, body._split = data, split
        return body

    @classmethod
    def stored(cls, store: "BodyStore", ref: Ref) -> "Body":
        body = cls()
        body._keep_in(store, ref)
        return body

    def _keep_in(self, store: "BodyStore", ref: Ref) -> None:
        """From now on the text lives in ``store`` only: read on each use, never held, so a
        worker that renders thousands of pages does not keep thousands of bodies."""
        self._store, self._ref = store, ref
        self._data, self._split = b"", 0

    def encoded(self) -> tuple[bytes, int]:
        """(HTML and text as UTF-8 bytes, one after the other; where the text starts)."""
        if _reads is not None:
            _reads.append(self)
        if self._store is None:
            return self._data, self._split
        assert self._ref is not None
        return self._store.read(self._ref), self._ref[2]

    def _part(self, text: bool) -> str:
        """The HTML or the text alone: a notice page reads each once, and decoding (or reading
        from the store) both halves for each cost 10,000 pages 0.10 s of CPU instead of 0.06 s."""
        if _reads is not None:
            _reads.append(self)
        if self._store is None:
            data, split = self._data, self._split
            return str(memoryview(data)[split:] if text else memoryview(data)[:split], "utf-8")
        assert self._ref is not None
        return self._store.read_part(self._ref, text).decode("utf-8")

    @property
    def html(self) -> str:
        return self._part(text=False)

    @property
    def text(self) -> str:
        return self._part(text=True)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Body) and self.encoded() == other.encoded()

    def __reduce__(self) -> tuple:
        store = _saving
        if store is None:  # pickled for another reason (a parse worker's result without a cache): whole
            return (Body._of_bytes, self.encoded())
        return (_restore, (store.reference(self),))


_saving: "BodyStore | None" = None
_loading: "BodyStore | None" = None
_reads: "list[Body] | None" = None


@contextmanager
def reads() -> Iterator[list[Body]]:
    """Every body read inside this, in a list: which entries' bodies an output shows is what
    tells whether an edit to a body alone can change it (see :mod:`generator.bodyedit`)."""
    global _reads
    outer, _reads = _reads, []
    try:
        yield _reads
    finally:
        _reads = outer


def _restore(ref: Ref) -> Body:
    assert _loading is not None, "bodies are restored only inside BodyStore.loading()"
    needed, end = _loading.needed, ref[1] + ref[2] + ref[3]
    if end > needed.get(ref[0], 0):
        needed[ref[0]] = end
    return Body.stored(_loading, ref)


class BodyStore:
    """The append-only file of bodies, in the cache folder: one per build (its bodies keep it
    alive; its files are closed when the last of them goes, so ``noticeboard serve``
    rebuilding all day does not pile up open files). A file one store removes is closed in
    every store of the process at once (:meth:`remove_older`)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.generation = self._newest_generation()
        self._readers: dict[int, int] = {}  # generation -> open file descriptor
        weakref.finalize(self, _close_all, self._readers)
        _stores.add(self)

    def _path(self, generation: int) -> Path:
        return self.folder / f"bodies-{generation}.bin"

    def path(self) -> Path:
        """The file of the newest generation: the one the cache's models refer to, and where
        new bodies go unless the next save starts a fresh file."""
        return self._path(self.generation)

    def _newest_generation(self) -> int:
        numbers = [int(p.stem.split("-")[1]) for p in self.folder.glob("bodies-*.bin") if p.stem.split("-")[1].isdigit()]
        return max(numbers, default=0)

    def read(self, ref: Ref) -> bytes:
        generation, offset, html_length, text_length = ref
        return self._pread(generation, offset, html_length + text_length)

    def read_part(self, ref: Ref, text: bool) -> bytes:
        """The text's bytes or the HTML's of ``ref``."""
        generation, offset, html_length, text_length = ref
        if text:
            return self._pread(generation, offset + html_length, text_length)
        return self._pread(generation, offset, html_length)

    def _pread(self, generation: int, offset: int, length: int) -> bytes:
        descriptor = self._readers.get(generation)
        if descriptor is None:
            descriptor = self._readers[generation] = os.open(self._path(generation), os.O_RDONLY)
        data = os.pread(descriptor, length, offset)
        if len(data) != length:
            raise OSError(f"{self._path(generation)} is shorter than the content cache says")
        return data

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Unpickle entries inside this: their bodies refer to this store."""
        global _loading
        self.needed: dict[int, int] = {}  # generation -> how far into its file the bodies reach
        _loading = self
        try:
            yield
        finally:
            _loading = None
        for generation, end in self.needed.items():
            path = self._path(generation)
            if end > (path.stat().st_size if path.is_file() else 0):
                # Not synced to disk (it is only a cache): after a power cut the pickle may
                # have been written and the bodies not. Start afresh rather than read garbage.
                raise OSError(f"{path} is shorter than the content cache says")

    @contextmanager
    def saving(self, total_bytes: int | None) -> Iterator[None]:
        """Pickle entries inside this: each body is appended (or its old place kept).
        ``total_bytes``: the bodies' size, to decide whether to start a fresh file; None
        when only a few entries are saved, next to the others: always appended then."""
        global _saving
        self.started_afresh = total_bytes is not None and self.compacts(total_bytes)
        if self.started_afresh:
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

    @contextmanager
    def appending(self) -> Iterator[None]:
        """Pickle entries inside this where they are parsed (a parse worker, or the process
        parsing alone): their bodies go to the end of the current file in one write, under a
        lock, as the other workers' do. The parent then saves the pickles as they are
        (ContentCache.save) instead of pickling 10,000 entries and writing their 64 MB of
        bodies itself, on one core, after the parse. The lock is held while the chunk is
        pickled (its bodies' places are known only under it): ~20 ms a chunk at 10,000 items,
        which a worker finishing at the same moment waits for."""
        global _saving
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.path(), "ab") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
            self._appender, self._offset = io.BytesIO(), os.fstat(handle.fileno()).st_size
            _saving = self
            try:
                yield
            finally:
                _saving = None
            handle.write(self._appender.getvalue())
        del self._appender  # the bodies are in the file

    def start_afresh(self) -> None:
        """Append to a new file from now on: the current one is not what the cache's pickles
        say (cut short by a power cut). Appending to it would put new bodies where the old
        pickles point, and make it look whole again to the next build."""
        self.generation = self._newest_generation() + 1

    def compacts(self, total_bytes: int) -> bool:
        """Whether the next save starts a fresh file (the current one is mostly garbage):
        every entry must then be saved again, its body moving to the new file."""
        path = self._path(self.generation)
        return (path.stat().st_size if path.is_file() else 0) > 2 * total_bytes + (1 << 20)

    def reference(self, body: Body) -> Ref:
        if body._store is self and body._ref is not None and body._ref[0] == self.generation:
            return body._ref  # already in this file
        data, split = body.encoded()
        self._appender.write(data)
        ref = (self.generation, self._offset, split, len(data) - split)
        self._offset += len(data)
        body._keep_in(self, ref)
        return ref

    def remove_older(self) -> None:
        """After the new pickle is in place: files of older generations are unreferenced."""
        for path in self.folder.glob("bodies-*.bin"):
            number = path.stem.split("-")[1]
            if number.isdigit() and int(number) < self.generation:
                path.unlink(missing_ok=True)
        # Closed in every store of this folder, not only this one: the stores of earlier
        # builds (serve's cache before a settings change, the edit fast path's readers) go
        # only when the cyclic collector frees the entries holding them (links make cycles),
        # whenever it next runs a full pass; until then each kept a removed file open in
        # serve, its disk space with it (with the collector off, 2 more per fresh file).
        folder = self.folder.resolve()
        for store in list(_stores):
            if store.folder.resolve() == folder:
                store._close_older(self.generation)

    def _close_older(self, generation: int) -> None:
        """Close the files of generations before ``generation`` (removed). Their bodies were
        all saved again into it first; a body of one read after all opens the path again
        and finds it gone, instead of reading whichever file reused the descriptor."""
        for older in [g for g in self._readers if g < generation]:
            os.close(self._readers.pop(older))


# Every store alive in this process, weakly: remove_older closes a removed file in all of them.
_stores: "weakref.WeakSet[BodyStore]" = weakref.WeakSet()


def _close_all(descriptors: dict[int, int]) -> None:
    for descriptor in descriptors.values():
        os.close(descriptor)
    descriptors.clear()


def body_size(body: Body) -> int:
    """Bytes of a body as stored (for the fresh-file decision), without loading a stored one."""
    if body._ref is not None:
        return body._ref[2] + body._ref[3]
    return len(body._data)
