"""How work is cut into chunks for the workers (generator.parallel.even_chunks)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from generator.parallel import even_chunks


@given(count=st.integers(0, 50_000), workers=st.integers(1, 8))
def test_chunks_cover_every_item_once_in_order_four_a_worker(count: int, workers: int) -> None:
    chunks = even_chunks(count, workers)
    assert [i for start, end in chunks for i in range(start, end)] == list(range(count))
    assert len(chunks) <= workers * 4 and len({end - start for start, end in chunks[:-1]}) <= 1
