"""The pipeline's bounded memos: registered, bounded, emptied between corpus steps."""

from __future__ import annotations

from pipeline import memo
from pipeline.canonical import sentence_key
from pipeline.sitewide import line_key
from winnow.service.batches import release_memory


def test_a_bounded_memo_keeps_at_most_its_size_and_clear_all_empties_it() -> None:
    calls = []

    @memo.bounded(2)
    def twice(text: str) -> str:
        calls.append(text)
        return text * 2

    assert [twice(t) for t in ("a", "b", "a", "c", "a")] == ["aa", "bb", "aa", "cc", "aa"]
    assert calls == ["a", "b", "c"] and twice.cache_info().currsize == 2
    memo.clear_all()
    assert twice.cache_info().currsize == 0
    twice("a")
    assert calls == ["a", "b", "c", "a"]


def test_release_memory_empties_the_stage_memos() -> None:
    for line in ("声明：本站内容来源于网络，如有侵权请联系删除。", "声明:本站内容来源于网络,如有侵权请联系删除."):
        line_key(line)
        sentence_key(line)
    assert line_key.cache_info().currsize and sentence_key.cache_info().currsize
    release_memory()
    assert line_key.cache_info().currsize == 0 and sentence_key.cache_info().currsize == 0
