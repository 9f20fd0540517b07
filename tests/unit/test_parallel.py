"""How work is cut into chunks for the workers (generator.parallel.even_chunks, guided_chunks)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from generator.parallel import even_chunks, guided_chunks


@given(count=st.integers(0, 50_000), workers=st.integers(1, 8))
def test_chunks_cover_every_item_once_in_order_four_a_worker(count: int, workers: int) -> None:
    chunks = even_chunks(count, workers)
    assert [i for start, end in chunks for i in range(start, end)] == list(range(count))
    assert len(chunks) <= workers * 4 and len({end - start for start, end in chunks[:-1]}) <= 1


@given(count=st.integers(0, 50_000), workers=st.integers(1, 8), smallest=st.integers(1, 500))
def test_guided_chunks_cover_every_item_once_in_order_and_shrink_to_the_smallest(count: int, workers: int,
                                                                                 smallest: int) -> None:
    chunks = guided_chunks(count, workers, smallest)
    assert [i for start, end in chunks for i in range(start, end)] == list(range(count))
    sizes = [end - start for start, end in chunks]
    assert sizes == sorted(sizes, reverse=True)
    assert all(size >= smallest for size in sizes[:-1])
    if count >= 2 * workers * smallest:  # the first takes a share of the work, not all of it
        assert sizes[0] == -(-count // (2 * workers))


def test_guided_chunks_end_small_for_a_site_of_ten_thousand_items() -> None:
    sizes = [end - start for start, end in guided_chunks(16_584, 2)]
    assert sizes[:3] == [4146, 3110, 2332] and sizes[-1] <= 100 and len(sizes) < 20
