"""The stored search text: the parts normalised at once equal the parts normalised each."""

from hypothesis import given
from hypothesis import strategies as st

from bansou.support.text import normalise, search_text_of

PARTS = st.text(
    st.sampled_from(list("ＡａＤＸdx（）１２ｶﾞｼｷﾝ　\u3099\u0301ßİΣς資金繰り、。\n")),
    max_size=12,
)


@given(st.lists(PARTS, max_size=6))
def test_joined_normalisation_equals_each_part_normalised(parts: list[str]) -> None:
    assert search_text_of(*parts) == "\n".join(normalise(p) for p in parts if p)


def test_search_text_skips_empty_parts() -> None:
    assert search_text_of("ＤＸ推進", "", "ｼｷﾝ繰り") == "dx推進\nシキン繰り"
