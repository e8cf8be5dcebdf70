"""Countries: stored as their ISO 3166-1 alpha-2 code, shown by their English name.

The list is pycountry's (the Debian iso-codes data, maintained upstream), not ours. Importing
``pycountry`` costs about 50 ms (it reads its own package metadata through ``importlib.metadata``
and the ``email`` parser), and screens validate and complete countries while the agent types, so
this module reads pycountry's ISO 3166-1 table itself: a 2 ms JSON load on first use, found
through the package's location without running it. ``tests/test_countries.py`` checks that the
table read here is exactly ``pycountry.countries``.

An agent types a country as its two-letter code (``IE``), its three-letter code (``IRL``), or an
English name: the short name (``Ireland``), the common one (``South Korea`` for "Korea, Republic
of") or the official one; case, accents, punctuation and a leading "the" do not matter.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from ..errors import UnknownCountry
from ..search.folding import fold

_NON_WORD = re.compile(r"[\W_]+")
SUGGESTIONS = 3
"""How many "did you mean" names an unknown country's message offers."""
_CUTOFF = 83
"""The least similarity (0-100) of a name suggested for a mistyped country: the mean of its
edit-distance ratio and its Jaro-Winkler similarity, which favours a shared start ("Turkey" for
Türkiye, not "Narnia" for Armenia)."""
_CONTAINED = 95
"""The similarity given to a name with a word starting with what was typed ("Korea")."""
_CLOSE = 10
"""Suggestions are the names within this much of the most similar one."""


def key(text: str) -> str:
    """The form names are matched in: folded, words separated by one space, no leading "the"."""
    folded = " ".join(_NON_WORD.sub(" ", fold(text)).split())
    return folded.removeprefix("the ")


def database_path() -> Path:
    """pycountry's ISO 3166-1 table, located without importing pycountry."""
    spec = find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pycountry is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "databases" / "iso3166-1.json"


class _Table:
    """The countries, their names, and the keys that find them."""

    def __init__(self, entries: list[dict[str, str]]) -> None:
        self.names: dict[str, str] = {}
        self.lookup: dict[str, str] = {}
        ranked: list[tuple[int, str, str]] = []
        for entry in entries:
            code = entry["alpha_2"]
            self.names[code] = entry.get("common_name") or entry["name"]
            self.lookup[code.lower()] = code
            self.lookup[entry["alpha_3"].lower()] = code
            for field in ("common_name", "name", "official_name"):
                if field in entry:
                    folded = key(entry[field])
                    self.lookup.setdefault(folded, code)
                    shown = entry[field] == self.names[code]
                    ranked.append((0 if shown else 1, folded, code))
        # The names countries are shown by first, each group alphabetically: completing
        # "united" offers the United States before the United Mexican States.
        self.ranked = sorted(ranked)
        self.choices: list[tuple[str, str]] = [(folded, code) for _, folded, code in self.ranked]


@cache
def _table() -> _Table:
    with database_path().open(encoding="utf-8") as file:
        return _Table(json.load(file)["3166-1"])


def codes() -> list[str]:
    """Every country's alpha-2 code, sorted."""
    return sorted(_table().names)


def name(code: str) -> str:
    """The English name of a country code (its common name where ISO's reads awkwardly:
    "South Korea", "Bolivia"); text that is not a code comes back unchanged, so a country
    stored before codes were enforced still shows as it was typed."""
    return _table().names.get(code, code)


def is_code(text: str) -> bool:
    """Whether ``text`` is a country code exactly as stored (``DE``, not ``de``)."""
    return text in _table().names


def find(text: str) -> str | None:
    """The code of the country ``text`` names, or None (no guessing: see ``resolve``)."""
    return _table().lookup.get(key(text)) if text.strip() else None


def resolve(text: str) -> str:
    """The code of the country an agent typed; raises UnknownCountry, with the likeliest
    countries they meant, when ``text`` names none."""
    code = find(text)
    if code is None:
        raise UnknownCountry(text.strip(), _likely(text))
    return code


def _likely(text: str) -> list[tuple[str, str]]:
    """Countries whose names look like a mistyped ``text``: names spelt nearly alike, and names
    with a word starting with it ("Korea", "Vatican"). Only those close to the best one count,
    and none for a code-sized typo: two letters are too few to tell what was meant."""
    typed = key(text)
    if len(typed) < 3:
        return []
    from rapidfuzz import fuzz, process  # noqa: PLC0415 - only a mistake pays for it
    from rapidfuzz.distance import JaroWinkler  # noqa: PLC0415

    table = _table()
    folded_names = [folded for folded, _ in table.choices]
    ratio = {
        index: score
        for _, score, index in process.extract(
            typed, folded_names, scorer=fuzz.ratio, limit=None, score_cutoff=2 * _CUTOFF - 100
        )
    }
    scores: dict[str, float] = {}
    for _, similarity, index in process.extract(
        typed,
        folded_names,
        scorer=JaroWinkler.normalized_similarity,
        limit=None,
        score_cutoff=(2 * _CUTOFF - 100) / 100,
    ):
        score = (ratio.get(index, 0.0) + 100 * similarity) / 2
        code = table.choices[index][1]
        if score >= _CUTOFF:
            scores[code] = max(scores.get(code, 0.0), score)
    if len(typed) >= 4:
        word = " " + typed
        for folded, code in table.choices:
            if word in " " + folded:
                scores[code] = max(scores.get(code, 0.0), _CONTAINED)
    if not scores:
        return []
    best = max(scores.values())
    ranked = sorted(
        (code for code, score in scores.items() if score >= best - _CLOSE),
        key=lambda code: (-scores[code], table.names[code]),
    )
    return [(code, table.names[code]) for code in ranked[:SUGGESTIONS]]


def suggest(fragment: str, limit: int = 8) -> list[tuple[str, str]]:
    """(code, name) of countries for a fragment being typed, best first, for completion.

    A code or name typed whole comes first; then the names countries are shown by, those
    starting with the fragment before those with a word starting with it; then their other
    names alike; then names that look like a misspelling of it. A blank fragment suggests
    nothing.
    """
    typed = key(fragment)
    if not typed or limit <= 0:
        return []
    table = _table()
    found: dict[str, None] = {}
    exact = table.lookup.get(typed)
    if exact is not None:
        found[exact] = None
    word = " " + typed
    for rank, starts in ((0, True), (0, False), (1, True), (1, False)):
        for name_rank, folded, code in table.ranked:
            if len(found) >= limit:
                break
            matches = folded.startswith(typed) if starts else word in " " + folded
            if name_rank == rank and matches and code not in found:
                found[code] = None
    if len(found) < limit and len(typed) >= 3:
        found.update((code, None) for code, _ in _likely(fragment))
    return [(code, table.names[code]) for code in list(found)[:limit]]
