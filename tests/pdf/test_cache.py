"""PdfCache: a second identical request is served without rendering."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.quiz import QuizOptions


def test_second_identical_download_comes_from_memory(mini):
    from quizgen.pdf import PdfCache, worksheet_pdf

    cache = PdfCache()
    first = worksheet_pdf(mini, "hash-1", 3, cache=cache)
    started = time.perf_counter()
    second = worksheet_pdf(mini, "hash-1", 3, cache=cache)
    assert time.perf_counter() - started < 0.010
    assert second is first
    assert (cache.hits, cache.misses) == (1, 1)


def test_key_depends_on_everything_that_changes_the_pdf():
    from quizgen.pdf import PdfCache, PrintOptions

    base = {"quiz": QuizOptions().describe(), "print": PrintOptions().describe()}
    key = PdfCache.key("hash-1", "worksheet", [3], **base)
    assert key == PdfCache.key("hash-1", "worksheet", [3], **base)
    assert key != PdfCache.key("hash-2", "worksheet", [3], **base)  # the lesson file changed
    assert key != PdfCache.key("hash-1", "key", [3], **base)
    assert key != PdfCache.key("hash-1", "worksheet", [4], **base)
    assert key != PdfCache.key("hash-1", "worksheet", [3], quiz=QuizOptions(count=5).describe(), print=base["print"])
    assert key != PdfCache.key(
        "hash-1", "worksheet", [3], quiz=base["quiz"], print=PrintOptions(page_size="Letter").describe()
    )


def test_disk_cache_survives_a_new_process(tmp_path):
    from quizgen.pdf import PdfCache

    calls = []

    def render():
        calls.append(1)
        return b"%PDF-fake"

    PdfCache(directory=tmp_path).get_or_render("k", render)
    again = PdfCache(directory=tmp_path)  # as after a restart
    assert again.get_or_render("k", render) == b"%PDF-fake"
    assert calls == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["k.pdf"]


def test_memory_cache_is_bounded():
    from quizgen.pdf import PdfCache

    cache = PdfCache(max_items=2)
    for name in "abc":
        cache.put(name, name.encode())
    assert cache.get("a") is None
    assert cache.get("c") == b"c"
    small = PdfCache(max_bytes=10)
    small.put("big", b"x" * 8)
    small.put("other", b"y" * 8)
    assert small.get("big") is None and small.get("other") == b"y" * 8


def test_disk_cache_deletes_the_least_recently_used_pdfs_beyond_its_bound(tmp_path):
    from quizgen.pdf import PdfCache

    cache = PdfCache(directory=tmp_path, max_disk_bytes=25)

    def store(name):
        cache.put(name, name.encode() * 10)
        time.sleep(0.02)  # file times must differ: the filesystem's clock is coarser than a put

    store("a")
    store("b")
    assert PdfCache(directory=tmp_path, max_disk_bytes=25).get("a") == b"a" * 10  # a read from disk renews "a"
    time.sleep(0.02)
    store("c")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "c.pdf"]
    assert cache.disk_usage() == 20
    cache.put("huge", b"h" * 26)  # larger than the whole bound: kept in memory only
    assert cache.get("huge") == b"h" * 26
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "c.pdf"]


def test_a_zero_bound_keeps_nothing_on_disk(tmp_path):
    from quizgen.pdf import PdfCache

    cache = PdfCache(directory=tmp_path / "pdfs", max_disk_bytes=0)
    cache.put("k", b"%PDF-fake")
    assert cache.get("k") == b"%PDF-fake"
    assert not (tmp_path / "pdfs").exists()


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=12),
    bound=st.integers(min_value=1, max_value=60),
)
def test_disk_cache_never_exceeds_its_bound_and_keeps_the_newest(tmp_path_factory, sizes, bound):
    from quizgen.pdf import PdfCache

    folder = tmp_path_factory.mktemp("pdf-cache")
    cache = PdfCache(directory=folder, max_disk_bytes=bound)
    for number, size in enumerate(sizes):
        cache.put(f"k{number}", b"x" * size)
        assert cache.disk_usage() <= bound
        assert (folder / f"k{number}.pdf").exists() == (size <= bound)


def test_class_set_names_are_not_kept_in_clear(tmp_path, mini):
    from quizgen.pdf import PdfCache, class_set_pdf

    cache = PdfCache(directory=tmp_path)
    calls = []
    import quizgen.pdf as module

    original = module.render_class_set
    try:
        module.render_class_set = lambda *a, **k: calls.append(k["names"]) or b"%PDF-fake"
        class_set_pdf(mini, "hash-1", 1, 2, names=["Ana Lima", "Ben Okafor"], cache=cache)
        class_set_pdf(mini, "hash-1", 1, 2, names=["Ana Lima", "Ben Okafor"], cache=cache)
        class_set_pdf(mini, "hash-1", 1, 2, names=["Ana Lima", "Someone Else"], cache=cache)
    finally:
        module.render_class_set = original
    assert len(calls) == 2
    assert not any("Ana" in p.name for p in tmp_path.iterdir())
