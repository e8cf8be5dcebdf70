"""Unsaved edits of a contact, kept on disk for the agent who made them (DESIGN.md §8).

Pending edits live in memory until ctrl+s; an SSH connection that drops, a ``tmux kill-session``
or a shutdown's SIGTERM would lose them. A draft holds them with the version they were made on,
so that reopening the contact offers them back and the normal save still checks that version:
a draft never overwrites someone else's save.

Drafts are private and whole. The folder is the OS user's own (0700), each file 0600; a write
goes to a temporary file that is fsynced and then renamed over the draft, so a kill at any
instant leaves the old draft or the new one, never half of one. One file per database and
contact, named by a hash of both (a reference means nothing in another database).

Standard library only: ``store`` never imports textual or rich.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

from .fields import FIELD_BY_NAME, AddIdentity, IdentityOp, MakeDefault, RemoveIdentity

FORMAT = 1
"""Written into each draft; a draft of another format is not offered (never misread)."""


@dataclass(frozen=True)
class Draft:
    """A contact's pending edits as the agent left them: field values, contact-method
    operations and a company to create with the save, made on contact ``version``."""

    reference: str
    version: int
    changes: Mapping[str, str]
    ops: tuple[IdentityOp, ...] = ()
    new_company: str | None = None
    saved_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class DraftBox:
    """The drafts of one database, for the OS user running the app.

    Writes may run in several threads (a worker keeping the draft current, the UI thread when
    a signal arrives) and a delete may race a write in flight. Each call carries a ``stamp``
    taken (from :meth:`stamp`) when the screen's state was read; a write older than the last
    write or delete of its contact is dropped, so a late worker never brings back a draft
    that was saved, discarded or superseded.
    """

    def __init__(self, key: str, folder: Path) -> None:
        self.key = key
        self.folder = folder
        self._stamps = count(1)
        self._lock = threading.Lock()
        self._latest: dict[Path, int] = {}

    def stamp(self) -> int:
        """A number later than every one handed out before."""
        return next(self._stamps)

    def path(self, reference: str) -> Path:
        """Where the draft of contact ``reference`` in this database lives."""
        key = hashlib.sha256(f"{self.key}\n{reference}".encode()).hexdigest()[:32]
        return self.folder / f"{key}.json"

    def keep(self, draft: Draft, stamp: int) -> None:
        """Write ``draft`` atomically (raises OSError if the folder cannot be written)."""
        self._private_folder()
        path = self.path(draft.reference)
        fd, temp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(self._to_json(draft), file, ensure_ascii=True)
                file.flush()
                os.fsync(file.fileno())
            with self._lock:
                if stamp < self._latest.get(path, 0):
                    return
                self._latest[path] = stamp
                os.replace(temp, path)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
        self._sync_folder()

    def drop(self, reference: str, stamp: int) -> None:
        """Forget the draft of ``reference`` (saved or discarded); no draft is fine."""
        path = self.path(reference)
        with self._lock:
            self._latest[path] = max(stamp, self._latest.get(path, 0))
            path.unlink(missing_ok=True)

    def find(self, reference: str) -> Draft | None:
        """The draft of ``reference``, or None: none kept, or one that cannot be read back as
        it was written (another format, a damaged or foreign file) is never offered."""
        try:
            with self.path(reference).open(encoding="utf-8") as file:
                data = json.load(file)
            draft = self._from_json(data)
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return draft if draft.reference == reference else None

    def _private_folder(self) -> None:
        """Create the folder 0700; refuse one another user owns, and close one that is open."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = self.folder.stat()
        if info.st_uid != os.getuid():
            raise PermissionError(f"drafts folder {self.folder} belongs to another user")
        if stat.S_IMODE(info.st_mode) != 0o700:
            self.folder.chmod(0o700)

    def _sync_folder(self) -> None:
        """Make the rename durable: a crash right after a save must not bring the old back."""
        fd = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _to_json(self, draft: Draft) -> dict[str, Any]:
        ops = []
        for op in draft.ops:
            if isinstance(op, AddIdentity):
                ops.append(
                    {"op": "add", "kind": op.kind, "value": op.value, "default": op.make_default}
                )
            else:
                ops.append(
                    {
                        "op": "remove" if isinstance(op, RemoveIdentity) else "default",
                        "id": op.identity_id,
                        "kind": op.kind,
                        "normalized": op.normalized,
                        "value": op.value,
                    }
                )
        return {
            "format": FORMAT,
            "url": self.key,
            "reference": draft.reference,
            "version": draft.version,
            "changes": dict(draft.changes),
            "ops": ops,
            "new_company": draft.new_company,
            "saved_at": draft.saved_at.isoformat(),
        }

    def _from_json(self, data: dict[str, Any]) -> Draft:
        if data["format"] != FORMAT or data["url"] != self.key:
            raise ValueError("not a draft of this database")
        changes = data["changes"]
        if not all(name in FIELD_BY_NAME and isinstance(v, str) for name, v in changes.items()):
            raise ValueError("unknown field or value")
        new_company = data["new_company"]
        if not isinstance(data["version"], int) or not isinstance(new_company, str | None):
            raise TypeError("version or company")
        return Draft(
            reference=str(data["reference"]),
            version=data["version"],
            changes=changes,
            ops=tuple(_op(op) for op in data["ops"]),
            new_company=new_company,
            saved_at=datetime.fromisoformat(data["saved_at"]),
        )


def _op(data: dict[str, Any]) -> IdentityOp:
    if data["op"] == "add":
        if not isinstance(data["kind"], str) or not isinstance(data["value"], str):
            raise TypeError("kind and value are text")
        return AddIdentity(data["kind"], data["value"], bool(data["default"]))
    seen = (data["id"], data["kind"], data["normalized"], data["value"])
    if not isinstance(seen[0], int) or not all(isinstance(text, str) for text in seen[1:]):
        raise TypeError("a method is its id (a number) and its kind and values (text)")
    if data["op"] == "remove":
        return RemoveIdentity(*seen)
    if data["op"] == "default":
        return MakeDefault(*seen)
    raise ValueError(f"unknown operation {data['op']!r}")
