"""The one clock of the store: aware UTC, which is what SQLModel's datetime columns store."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)
