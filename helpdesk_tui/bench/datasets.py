"""Demo databases for the benchmark, built once and cached under the user cache folder.

A database is keyed by seed and size and anchored to a fixed date, so every run on a machine
measures the same rows; the generation time measured when it was built is kept beside it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_cache_path

from ..store.database.connect import to_url
from ..store.demo.generate import Progress, generate

ANCHOR = datetime(2026, 1, 5, 12, tzinfo=UTC)
"""Every bench database is dated as if made on this day, so the same key means the same rows."""


@dataclass(frozen=True)
class Dataset:
    """A cached demo database and how long it took to generate."""

    size: int
    seed: int
    path: Path
    seconds: float
    """Wall time of its generation, measured when it was built."""
    built: str

    @property
    def url(self) -> str:
        """The SQLAlchemy-style URL the CLI and the app take."""
        return to_url(str(self.path))

    @property
    def contacts_per_second(self) -> float:
        """Generation throughput."""
        return self.size / self.seconds if self.seconds else 0.0

    def connect(self) -> sqlite3.Connection:
        """A read-only connection for drawing queries and exporting rows."""
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)


def cache_dir() -> Path:
    """Where bench databases and their exports live."""
    return user_cache_path("helpdesk-tui", appauthor=False) / "bench"


def fingerprint() -> str:
    """What the cached rows depend on besides seed and size: the code that generates and
    indexes them. A change to it builds the database (and so times its generation) afresh."""
    store = Path(__file__).resolve().parent.parent / "store"
    digest = hashlib.sha256()
    for name in ("search/index.py", "models.py"):
        digest.update((store / name).read_bytes())
    for code in sorted((store / "demo").glob("*.py")):
        digest.update(code.read_bytes())
    for migration in sorted((store / "database" / "migrations").rglob("*.py")):
        digest.update(migration.read_bytes())
    return digest.hexdigest()[:10]


def dataset(size: int, seed: int = 1, progress: Progress | None = None) -> Dataset:
    """The cached database of ``size`` contacts for ``seed``, generated first if missing."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"demo-s{seed}-n{size}"
    path = folder / f"{stem}-{fingerprint()}.db"
    meta = path.with_suffix(".json")
    if not (path.exists() and meta.exists()):
        for stale in folder.glob(f"{stem}[.-]*"):  # older code's rows, exports and times
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink()
        summary = generate(
            to_url(str(path)), contacts=size, seed=seed, now=ANCHOR, progress=progress
        )
        meta.write_text(
            json.dumps({"seconds": summary.seconds, "built": datetime.now(UTC).isoformat()})
        )
    recorded = json.loads(meta.read_text())
    return Dataset(size, seed, path, float(recorded["seconds"]), recorded["built"])


def export_dir(data: Dataset) -> Path:
    """A folder beside the database for files derived from it (fzf lines, abook data)."""
    folder = data.path.with_suffix(".exports")
    folder.mkdir(exist_ok=True)
    return folder
