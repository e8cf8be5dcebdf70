"""What the store hands out about activities, and how typed kinds and times are read: frozen,
plain, any thread.

Only the standard library, ``store.kinds`` and ``store.errors``: the CLI parses ``--kind`` and
``--when`` with ``kind_of`` and ``moment_of`` (the very checks the operations make) and the
Activities tab keeps these rows as state, without loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import InvalidInput
from ..kinds import ActivityKind

PAGE_SIZE = 50
"""Activities a list shows at once (DESIGN.md §7: a screen or two, never the whole history)."""
SUMMARY_MAX = 250
BODY_MAX = 100_000
"""The notes of a call or a pasted email, not an attachment."""

ACTIVITY_KINDS: tuple[str, ...] = tuple(kind.value for kind in ActivityKind)
"""The kinds as stored, in the order pickers list them."""


def kind_of(typed: str | ActivityKind) -> ActivityKind:
    """A kind as typed in any case, with ``-`` or ``_`` for the space (``site-visit``);
    else ``InvalidInput`` (field ``kind``) listing the kinds."""
    text = str(typed).strip().lower().replace("-", " ").replace("_", " ")
    try:
        return ActivityKind(" ".join(text.split()))
    except ValueError:
        raise InvalidInput(
            "kind",
            f"kind {str(typed).strip()!r} is not one of: {', '.join(ACTIVITY_KINDS)}",
            ACTIVITY_KINDS,
        ) from None


def moment_of(typed: str) -> datetime:
    """When an activity happened, typed as ISO 8601 (``2026-11-30 14:05``, ``2026-11-30``,
    with or without an offset): one without an offset is the agent's local time. Aware UTC
    back; else ``InvalidInput`` (field ``when``)."""
    try:
        moment = datetime.fromisoformat(typed.strip())
    except ValueError:
        raise InvalidInput(
            "when", f"{typed.strip()!r} is not a date and time: type it as 2026-11-30 14:05"
        ) from None
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class ActivityView:
    """An activity as a list or its editor shows it, with the version an edit presents.
    ``summary`` and ``body`` are untrusted text (an agent typed them, or pasted an email)."""

    id: int
    kind: ActivityKind
    summary: str
    body: str
    author: str
    """The agent who logged it (OS username): only they may edit or remove it."""
    occurred_at: datetime
    """Aware UTC."""
    contact_reference: str
    """'' for an activity logged for the company alone."""
    contact_name: str
    company: str
    """The company's name ('' for a contact without one)."""
    company_reference: str
    version: int


@dataclass(frozen=True)
class ActivityPage:
    """One page of a contact's or a company's activities, newest first."""

    rows: tuple[ActivityView, ...]
    offset: int
    has_more: bool
    """Whether a page follows this one (read one row past the page, never counted)."""
