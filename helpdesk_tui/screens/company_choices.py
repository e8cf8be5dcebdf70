"""The choices a company picker offers: the companies found, then "create" as the last one."""

from __future__ import annotations

from ..messages import CompaniesFound
from ..widgets.field_list import CREATE


def company_choices(found: CompaniesFound) -> list[tuple[str, str]]:
    """(key, label) pairs for a picker: each company found, and, unless one of them is exactly
    what was typed, "+ Create company …" last, so creating is always a deliberate pick."""
    typed = found.fragment.strip()
    choices = [(name, name) for name in found.names]
    if typed and not any(name.casefold() == typed.casefold() for name in found.names):
        choices.append((CREATE + typed, f"+ Create company {typed!r}"))
    return choices
