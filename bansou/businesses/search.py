"""The register's search column: everything the one search box looks in, in one string.

Name, kana, representative and address in the normalised form of bansou.lib.text.search_key,
then the phone's digits and the 法人番号, one per line: one LIKE per row answers any query
(querysets.BusinessQuerySet.search), and 20,000 rows scan in a few milliseconds.
"""

from bansou.lib.text import search_key


def register_search_key(
    name: str, kana: str, representative: str, address: str, phone_digits: str, corporate: str
) -> str:
    return "\n".join((search_key(name, kana, representative, address), phone_digits, corporate))
