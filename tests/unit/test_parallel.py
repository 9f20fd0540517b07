"""How work is cut into chunks for the workers (generator.parallel.guided_chunks)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from generator.parallel import guided_chunks


@given(count=st.integers(0, 50_000), workers=st.integers(1, 8))
def test_chunks_cover_every_item_once_in_order_and_shrink(count: int, workers: int) -> None:
    chunks = guided_chunks(count, workers)
    assert [i for start, end in chunks for i in range(start, end)] == list(range(count))
    sizes = [end - start for start, end in chunks]
    assert all(size > 0 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    if count >= workers * 64:  # it ends in chunks of 1/64 of a share; a dozen a worker in all
        assert sizes[-2] <= count // (workers * 64) + 1 and len(chunks) <= 12 * workers
