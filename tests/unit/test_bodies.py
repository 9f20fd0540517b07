"""The content cache's body file (generator/bodies.py): bodies load only when read, the file
is appended to, and started afresh once it is mostly garbage."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from generator.bodies import Body, BodyStore, body_size


def _save(store: BodyStore, bodies: list[Body]) -> bytes:
    with store.saving(sum(body_size(b) for b in bodies)):
        data = pickle.dumps(bodies)
    store.remove_older()
    return data


def _load(store: BodyStore, data: bytes) -> list[Body]:
    with store.loading():
        return pickle.loads(data)


def test_a_body_round_trips_and_is_read_only_when_used(tmp_path: Path) -> None:
    store = BodyStore(tmp_path)
    data = _save(store, [Body("<p>停水</p>", "停水"), Body("", "")])
    assert len(data) < 200  # the pickle holds references, not the text
    first, empty = _load(store, data)
    assert first._data == b"" and first._store is store  # kept in the file, not in memory
    assert (first.html, first.text, empty.html, empty.text) == ("<p>停水</p>", "停水", "", "")
    assert first == Body("<p>停水</p>", "停水")


def test_a_stored_body_reads_only_the_half_asked_for(tmp_path: Path, monkeypatch) -> None:
    """A page reads the text for its description and the HTML for its body: each read takes
    its own bytes from the file, not both halves."""
    store = BodyStore(tmp_path)
    (body,) = _load(store, _save(store, [Body("<p>社区义诊</p>", "社区义诊")]))
    lengths: list[int] = []
    real_pread = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, at: lengths.append(n) or real_pread(fd, n, at))
    assert body.text == "社区义诊" and body.html == "<p>社区义诊</p>"
    assert lengths == [len("社区义诊".encode()), len("<p>社区义诊</p>".encode())]


def test_unchanged_bodies_are_not_written_again(tmp_path: Path) -> None:
    store = BodyStore(tmp_path)
    bodies = _load(store, _save(store, [Body("一" * 1000, "一"), Body("二" * 1000, "二")]))
    size = (tmp_path / "bodies-0.bin").stat().st_size
    bodies[1] = Body("三" * 1000, "三")  # one entry edited
    again = _load(store, _save(store, bodies))
    assert (tmp_path / "bodies-0.bin").stat().st_size == size + len(("三" * 1000 + "三").encode())
    assert [b.text for b in again] == ["一", "三"]


def test_a_file_mostly_garbage_is_written_afresh_and_the_old_one_removed(tmp_path: Path) -> None:
    store = BodyStore(tmp_path)
    for round_ in range(6):  # each save makes the previous body garbage
        bodies = _load(store, _save(store, [Body(f"{round_}" * 1_000_000, str(round_))]))
    assert bodies[0].text == "5" and bodies[0].html == "5" * 1_000_000
    files = sorted(p.name for p in tmp_path.glob("bodies-*.bin"))
    assert files != ["bodies-0.bin"] and len(files) == 1
    assert (tmp_path / files[0]).stat().st_size <= 2 * 1_000_001 + (1 << 20)


def test_pickled_outside_the_store_a_body_travels_whole() -> None:
    body = pickle.loads(pickle.dumps(Body("<p>义诊</p>", "义诊")))
    assert (body.html, body.text) == ("<p>义诊</p>", "义诊")


def test_a_store_closes_its_files_when_its_bodies_are_gone(tmp_path: Path) -> None:
    """noticeboard serve rebuilds all day: each build's store must not leave a file open."""
    import gc
    import os

    data = _save(BodyStore(tmp_path), [Body("<p>停水</p>", "停水")])
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        bodies = _load(BodyStore(tmp_path), data)
        assert bodies[0].text == "停水"  # opens the file
        del bodies
        gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= before + 1


def _append_in_worker(store: BodyStore, start, label: str, sink) -> None:
    bodies = [Body(f"<p>{label}{i}</p>" * 50, f"{label}{i}") for i in range(300)]
    start.wait()  # both workers pickle at once
    with store.appending():
        sink.send_bytes(pickle.dumps(bodies))


def test_bodies_appended_by_two_workers_at_once_are_each_read_back(tmp_path: Path) -> None:
    """Parse workers append the bodies of what they parsed to one file side by side (the
    content cache then keeps their pickles as they are): each pickle finds its own bodies."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    store, start = BodyStore(tmp_path), context.Barrier(2)
    pipes = {label: context.Pipe(duplex=False) for label in "甲乙"}
    workers = [context.Process(target=_append_in_worker, args=(store, start, label, pipes[label][1])) for label in pipes]
    for worker in workers:
        worker.start()
    pickled = {label: receiver.recv_bytes() for label, (receiver, _) in pipes.items()}
    for worker in workers:
        worker.join()
    for label, data in pickled.items():
        bodies = _load(store, data)
        assert [(b.text, b.html) for b in bodies] == [(f"{label}{i}", f"<p>{label}{i}</p>" * 50) for i in range(300)]
    assert (tmp_path / "bodies-0.bin").stat().st_size == sum(
        len(f"<p>{label}{i}</p>".encode()) * 50 + len(f"{label}{i}".encode()) for label in pipes for i in range(300))


def _deleted_files_open() -> list[str]:
    found = []
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # the listing's own descriptor, closed by now
            continue
        if target.endswith(" (deleted)"):
            found.append(target)
    return found


def test_a_file_written_afresh_is_closed_in_every_store_that_read_it(tmp_path: Path) -> None:
    """serve's cache before a settings change (another store of the same folder) kept the old
    file open after the new cache removed it, until the collector freed its entries: over a
    day of edits, descriptors and the disk space of removed files piled up."""
    first = BodyStore(tmp_path)
    old = _load(first, _save(first, [Body("一" * 1_000_000, "一")]))
    assert old[0].text == "一"  # first now holds bodies-0.bin open, and old keeps first alive
    second = BodyStore(tmp_path)
    for round_ in range(3):  # each save makes the previous body garbage: a fresh file
        new = _load(second, _save(second, [Body(str(round_) * 1_000_000, str(round_))]))
        assert new[0].text == str(round_)
    assert not (tmp_path / "bodies-0.bin").exists()
    assert [path for path in _deleted_files_open() if str(tmp_path) in path] == []
