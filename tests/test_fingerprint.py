"""SimHash: agreement with the simhash package, storage helpers, features."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import Document, Section
from pipeline.fingerprint import (
    blocks16,
    feature_hash,
    feature_hashes,
    fingerprint,
    from_blocks16,
    hamming,
    reference_simhash,
    simhash64,
    simhash_features,
    to_signed,
    to_unsigned,
)
from pipeline.normalise import template_of

sys.path.insert(0, str(Path(__file__).parent / "data" / "cluster"))
from seed_blocks import seed_blocks  # noqa: E402


@pytest.mark.parametrize("shingle", [2, 3, 4])
def test_agrees_with_simhash_package_on_seeds(shingle):
    for block in seed_blocks():
        text, _ = template_of(block["text"])
        assert simhash64(text, shingle) == reference_simhash(text, shingle)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("医保卡余额查询。,!\n {city}ab12")), max_size=200))
def test_agrees_with_simhash_package_on_any_text(text):
    assert simhash64(text) == reference_simhash(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_agrees_with_simhash_package_on_any_unicode(text):
    """Astral characters, NUL, odd punctuation and case all go through the lookup-table path."""
    assert simhash64(text) == reference_simhash(text)
    for shingle in (1, 3):
        assert sorted(feature_hashes(text, shingle).tolist()) == sorted(
            feature_hash(f) for f in simhash_features(text, shingle)
        )


def test_vectorised_hashes_match_feature_hash():
    for text in ("医保卡余额。查询\n{city}医保局,拨打12333", "𠀀医保。İSTANBUL\x00AB!x;{CITY}𬌗"):
        assert sorted(feature_hashes(text).tolist()) == sorted(feature_hash(f) for f in simhash_features(text))


def test_features_stay_within_sentences_and_mask_places():
    feats = simhash_features("ab。cd", 2)
    assert feats == ["ab", "cd"]
    assert simhash_features("{city}医保", 2) == ["\ue000医", "医保"]


def test_city_swap_changes_nothing_after_masking():
    a, _ = template_of("益阳医保卡余额怎么查?拨打12333查询。")
    b, _ = template_of("新疆乌鲁木齐医保卡余额怎么查?拨打12333查询。")
    assert simhash64(a) == simhash64(b)


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_signed_and_block_round_trips(value):
    signed = to_signed(value)
    assert -(2**63) <= signed < 2**63
    assert to_unsigned(signed) == value
    assert from_blocks16(blocks16(value)) == value
    assert all(0 <= b < 2**16 for b in blocks16(value))


def test_hamming():
    assert hamming(0, 2**64 - 1) == 64 and hamming(5, 4) == 1


def test_fingerprint_sets_unsigned_values():
    doc = Document(url="u", sections=(Section(0, "h", "t", template_text="医保卡余额查询方法"), Section(1, "", "")))
    out = fingerprint(doc)
    assert 0 <= out.sections[0].simhash < 2**64
    assert out.sections[1].simhash == 0


# ---------------------------------------------------------------- features by script


def test_space_delimited_text_gives_word_shingles():
    assert simhash_features("The quick brown fox jumps", 3) == ["the quick brown", "quick brown fox", "brown fox jumps"]
    assert simhash_features("Привет, мир", 2) == ["привет мир"]  # Cyrillic: words too


def test_mixed_text_takes_each_run_by_its_own_kind():
    feats = simhash_features("在APP上登录 WeChat Pay 查询", 2)
    assert feats == ["在", "app", "上登", "登录", "wechat pay", "查询"]


def test_word_features_hash_the_same_vectorised():
    text = "Egypt's pyramids drew 14.7 million visitors. 嘉兴参保人 use the App; Ünïcode wörds."
    for shingle in (1, 2, 3):
        assert sorted(feature_hashes(text, shingle).tolist()) == sorted(
            feature_hash(f) for f in simhash_features(text, shingle)
        )


def test_unrelated_english_texts_share_few_features():
    """Character bigrams of any two long English texts overlap heavily; word shingles do not."""
    a = (
        "The pyramids of Giza were built over several decades by skilled workers who lived in "
        "nearby villages, according to archaeologists who studied the site."
    )
    b = (
        "Police arrested a man at a movie theatre on Friday after other visitors reported that "
        "he had been recording the film with a camera hidden in his jacket."
    )
    fa, fb = set(feature_hashes(a, 3).tolist()), set(feature_hashes(b, 3).tolist())
    assert len(fa & fb) / min(len(fa), len(fb)) < 0.1
    chars_a = {a.lower()[i : i + 3] for i in range(len(a) - 2)}
    chars_b = {b.lower()[i : i + 3] for i in range(len(b) - 2)}
    assert len(chars_a & chars_b) / min(len(chars_a), len(chars_b)) > 0.15  # what the old features saw
