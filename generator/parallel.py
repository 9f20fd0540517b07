"""Spread work over the machine's cores with forked processes.

Fork (not spawn) because the workers need the loaded site, the Jinja environment and the
caches, and forking shares them copy-on-write instead of pickling them across. Small jobs run
in the calling process: starting workers costs more than it saves below a few hundred items.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Set by each_result in the parent just before forking; the workers inherit them, so only
# the bounds of each chunk cross between processes (items may not even be picklable).
_task: Callable | None = None
_items: Sequence = ()


def _run(bounds: tuple[int, int]) -> list:
    assert _task is not None
    return _task(_items[bounds[0] : bounds[1]])


def worker_count() -> int:
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        available = os.cpu_count() or 1
    return max(1, int(os.environ.get("NOTICEBOARD_JOBS", available)))


Chunking = Callable[[int, int], list[tuple[int, int]]]  # (items, workers) -> bounds of chunks


def even_chunks(count: int, workers: int) -> list[tuple[int, int]]:
    """Bounds of equal chunks, four a worker: for work of even cost per item."""
    size = max(1, -(-count // (workers * 4)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def guided_chunks(count: int, workers: int, smallest: int = 100) -> list[tuple[int, int]]:
    """Bounds of chunks that shrink with the work left (OpenMP's "guided" schedule): each is
    that work divided by twice the workers, down to ``smallest`` items, so that the workers
    finish together. At 10,000 items, with four equal chunks a worker, one core sat idle for
    the last 0.17-0.24 s of the 3 s render stage (its outputs differ in cost: a calendar month
    4 ms, an event.ics 0.1 ms) and the last 0.18 s of the 2 s parse; with these, 0.004-0.015 s.
    (Tried for the parse when its results carried the bodies, the larger first chunks raised
    the peak memory by 60 MB; since the workers store the bodies themselves, it stays at
    365-372 MB either way.)"""
    chunks, start = [], 0
    while start < count:
        size = max(smallest, -(-(count - start) // (2 * workers)))
        chunks.append((start, min(start + size, count)))
        start += size
    return chunks


def in_workers(count: int, minimum: int) -> bool:
    """Whether :func:`each_result` hands ``count`` items to forked workers (else it runs them
    in this process)."""
    return worker_count() > 1 and count >= minimum and "fork" in multiprocessing.get_all_start_methods()


def map_chunks(task: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], minimum: int = 400,
               before_fork: Callable[[], object] | None = None, chunking: Chunking | None = None) -> list[Result]:
    """``task`` over ``items`` in chunks, in parallel when it pays; results keep item order.
    ``before_fork``: called in the parent only when workers are started, to load what every
    worker would otherwise load on its own (tables the task needs), shared copy-on-write.
    ``chunking``: how the items are cut (guided_chunks; even_chunks unless told)."""
    return list(each_result(task, items, minimum, before_fork, chunking))


def each_result(task: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], minimum: int = 400,
                before_fork: Callable[[], object] | None = None, chunking: Chunking | None = None) -> Iterator[Result]:
    """:func:`map_chunks`, its results given one by one as the chunks come back: the caller
    works on the first ones while the workers make the others. Not to be nested: the workers
    of one call stay up until its last result is taken."""
    if not in_workers(len(items), minimum):
        yield from task(items)
        return
    workers = worker_count()
    if before_fork is not None:
        before_fork()
    global _task, _items
    _task, _items = task, items
    chunks = (chunking or even_chunks)(len(items), workers)
    # The parent's objects are frozen out of the collector first: its bookkeeping writes would
    # otherwise copy every shared page into each worker (copy-on-write).
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap(_run, chunks):
                yield from part
    finally:
        _task, _items = None, ()
        gc.unfreeze()
