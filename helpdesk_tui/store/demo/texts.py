"""The strings demo rows are made of that repeat across contacts, made once per worker process:
times of day and dates, names and their email spellings, folded names and activity summaries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache

from ..search.folding import fold
from .names import LOCALES

DAY = 86_400


def stamps() -> Callable[[int], str]:
    """A function from epoch seconds to the text SQLAlchemy's SQLite DateTime reads back (UTC,
    no offset); a plain function, as it is called a few million times."""
    clock = _clock()
    days = _days()

    def stamp(seconds: int) -> str:
        day, second = divmod(seconds, DAY)
        return days[day] + clock[second]

    return stamp


class _Days(dict[int, str]):
    """Day number → its date as text, made the first time it is asked for."""

    def __missing__(self, day: int) -> str:
        text = self[day] = datetime.fromtimestamp(day * DAY, UTC).strftime("%Y-%m-%d")
        return text


_days = cache(_Days)
"""The process's one ``_Days``: each chunk's stamps made its own 1,500 dates again."""


@cache
def _clock() -> tuple[str, ...]:
    """The time of day of each second, made once per process: every chunk has its own
    ``stamps``, and making the 86,400 strings again cost each chunk 4% of its time."""
    return tuple(
        f" {h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
    )


@cache
def _ascii(name: str) -> str:
    """A name as it appears in an email address: folded, letters only."""
    return re.sub(r"[^a-z]", "", fold(name))


def _person(entry: str) -> tuple[str, str]:
    """``native|latin`` → (display name, name for emails)."""
    native, _, latin = entry.partition("|")
    return native, _ascii(latin or native)


@cache
def people() -> dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    """Per locale, its first and last names as (display name, name for emails)."""
    return {
        loc.code: ([_person(n) for n in loc.first], [_person(n) for n in loc.last])
        for loc in LOCALES
    }


def fold_once(text: str) -> str:
    """``folding.fold`` without its cache, for text that rarely repeats (addresses, handles)."""
    return text.lower() if text.isascii() else fold(text)


class _Texts:
    """Strings that repeat across contacts, folded or formatted once per worker process:
    names, company names and activity summaries (a bounded cache would drop most of them)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.companies: dict[str, str] = {}
        self.summaries: dict[tuple[str, str], str] = {}

    def name(self, name: str) -> str:
        """A contact's ``search_doc`` name: ``first last``, folded."""
        found = self.names.get(name)
        if found is None:
            found = self.names[name] = fold(name.strip())
        return found

    def company(self, name: str) -> str:
        """A company's name, folded."""
        found = self.companies.get(name)
        if found is None:
            found = self.companies[name] = fold(name)
        return found

    def summary(self, template: str, topic: str) -> str:
        """An activity's summary: its template about a topic."""
        found = self.summaries.get((template, topic))
        if found is None:
            found = self.summaries[template, topic] = template.format(s=topic)
        return found


texts = cache(_Texts)
"""The process's one ``_Texts``."""
