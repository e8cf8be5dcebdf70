"""The engine factory's promises (DESIGN.md §5), checked on a real SQLite file."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlmodel import select

from helpdesk_tui.store.models import Agent


def test_pragmas_on_every_connection(db):
    with db.read() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    with db.raw() as raw:
        assert raw.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_write_takes_the_write_lock_at_begin(db):
    path = db.url.removeprefix("sqlite:///")
    with db.write() as session:
        session.execute(text("SELECT 1"))
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_failed_commit_is_rolled_back_and_never_rides_along(db):
    with pytest.raises(Exception, match="FOREIGN KEY"), db.write() as session:
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        session.add(Agent(username="half-written"))
        session.execute(
            text(
                "INSERT INTO identity (contact_id, kind, value, normalized, is_default, "
                "created_at, version) VALUES (999, 'email', 'x@y.example', 'x@y.example', 1, "
                "'2025-01-01', 1)"
            )
        )
    with db.write() as session:
        session.add(Agent(username="next-save"))
    with db.read() as session:
        names = session.exec(select(Agent.username)).all()
    assert names == ["next-save"]
