"""The normal form of narrative text shared by stored records and knowledge-search queries.

Both sides go through the same function, so ｼｷﾝ and シキン, ＤＸ and dx match (issue 3:
"normalise stored text the same way so that full-width/half-width match").
"""

from bansou.lib.text import nfkc


def normalise(text: str) -> str:
    # Casefolding can produce text that NFKC changes again, so normalise on both sides of it
    # (the same order as bansou.lib.text.search_key).
    return nfkc(nfkc(text or "").casefold())


def search_text_of(*parts: str) -> str:
    """The stored search column: the normalised parts, one per line.

    The parts are joined first and normalised once: a line break neither composes nor
    case-maps with its neighbours, so this equals normalising each part (and a bulk import
    computes it for every row).
    """
    return normalise("\n".join(p for p in parts if p))
