"""Demo data: deterministic, valid, searchable, and never written over a real database."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import phonenumbers
import pytest

from helpdesk_tui import cli_demo
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.connect import to_url
from helpdesk_tui.store.database.dbapi import Conn, wrap
from helpdesk_tui.store.demo import words
from helpdesk_tui.store.demo.files import PREFIX, clear_leftovers, private_folder
from helpdesk_tui.store.demo.generate import generate
from helpdesk_tui.store.demo.plan import rename_addresses, unique_address
from helpdesk_tui.store.errors import StoreError
from helpdesk_tui.store.search.index import deletions, rebuild

from .conftest import DEMO_NOW, ROOT

TABLES = ("contact", "identity", "ticket", "ticket_message", "activity", "custom_value")


def _digest(path) -> str:
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for table in (*TABLES, "search_doc", "search_phone", "search_term"):
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def test_same_seed_gives_the_same_database_whatever_the_worker_count(tmp_path):
    one = tmp_path / "one.db"
    two = tmp_path / "two.db"
    generate(to_url(str(one)), contacts=700, seed=3, now=DEMO_NOW, workers=1)
    generate(to_url(str(two)), contacts=700, seed=3, now=DEMO_NOW, workers=2)
    assert _digest(one) == _digest(two)
    other = tmp_path / "other.db"
    generate(to_url(str(other)), contacts=700, seed=4, now=DEMO_NOW)
    assert _digest(other) != _digest(one)


def test_demo_rows_are_realistic_and_valid(demo_file):
    conn = sqlite3.connect(demo_file)
    contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    per_contact = conn.execute(
        "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM identity GROUP BY contact_id)"
    ).fetchone()
    assert per_contact == (1, 4)
    assert conn.execute("SELECT count(*) FROM identity").fetchone()[0] > contacts
    names = [row[0] for row in conn.execute("SELECT first_name || last_name FROM contact")]
    assert sum(not name.isascii() for name in names) > contacts // 10
    statuses = {row[0] for row in conn.execute("SELECT DISTINCT status FROM ticket")}
    assert statuses == {"new", "open", "pending", "resolved", "closed"}
    for table in ("activity", "custom_value", "sla_policy", "company"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
    phones = [row[0] for row in conn.execute("SELECT normalized FROM identity WHERE kind='phone'")]
    regions = {phonenumbers.region_code_for_number(phonenumbers.parse(p)) for p in phones}
    assert len(regions) >= 8
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(p)) for p in phones)
    defaults = conn.execute(
        "SELECT count(*) FROM (SELECT contact_id, kind FROM identity GROUP BY contact_id, kind "
        "HAVING sum(is_default) != 1)"
    ).fetchone()[0]
    assert defaults == 0
    # The company screen lists a company's activities: each carries its contact's company.
    strays = conn.execute(
        "SELECT count(*) FROM activity a JOIN contact c ON c.id = a.contact_id "
        "WHERE a.company_id IS NOT c.company_id"
    ).fetchone()[0]
    assert strays == 0
    assert conn.execute("SELECT count(company_id) FROM activity").fetchone()[0] > 0


def test_demo_index_matches_a_rebuild_from_the_tables(demo_file, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo_file.read_bytes())
    before = _digest(copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("BEGIN")
    rebuild(wrap(conn))
    conn.execute("COMMIT")
    conn.close()
    assert _digest(copy) == before


def test_demo_word_index_and_vocabulary_are_whole(demo_file):
    """They are made beside the database and copied in (``store.demo.words``)."""
    conn = sqlite3.connect(demo_file)
    conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
    docs = conn.execute("SELECT count(*) FROM search_doc").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM search_fts_docsize").fetchone()[0] == docs
    assert conn.execute("SELECT v FROM search_fts_config WHERE k = 'automerge'").fetchone() == (4,)
    terms = dict(conn.execute("SELECT term, edits FROM search_term"))
    assert len(terms) > 1000
    pairs = set(conn.execute("SELECT del, term FROM search_term_delete"))
    assert pairs == {(d, t) for t, edits in terms.items() for d in deletions(t, edits)}
    conn.close()


def test_a_failure_while_the_words_are_made_leaves_nothing_behind(tmp_path, monkeypatch):
    def fail(conn):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(words, "rebuild_fts", fail)
    target = tmp_path / "x.db"
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        generate(to_url(str(target)), contacts=300, seed=3, now=DEMO_NOW)
    assert os.listdir(tmp_path) == []


def _one_by_one(addresses, seen):
    """What ``rename_addresses`` must give: ``unique_address`` called in contact order."""
    found = [(at, unique_address(*key.split(":", 1), seen)) for at, key in enumerate(addresses)]
    return [(at, *renamed) for at, renamed in found if renamed is not None]


@pytest.mark.parametrize(
    "chunk",
    [
        ["email:ann@x.org", "twitter:bob", "email:new@x.org"],
        # a new name that is one of the chunk's own addresses, further on
        ["email:ann@x.org", "email:ann_2@x.org", "email:ann_3@x.org"],
        # ... or before
        ["email:ann_2@x.org", "email:ann@x.org", "twitter:bob_2"],
        # a chunk that repeats an address
        ["email:new@x.org", "twitter:bob", "email:new@x.org"],
        ["email:new@x.org"],
    ],
    ids=["clashes", "own-name-after", "own-name-before", "repeat", "no-clash"],
)
def test_addresses_are_renamed_as_one_by_one_in_contact_order(chunk):
    earlier = {"email:ann@x.org", "email:ann_3@x.org", "twitter:bob", "twitter:bob_2"}
    seen, expected_seen = set(earlier), set(earlier)
    assert rename_addresses(chunk, seen) == _one_by_one(chunk, expected_seen)
    assert seen == expected_seen


def test_demo_refuses_a_database_with_contacts(db):
    create_contact(db, first_name="Real", last_name="Customer")
    with pytest.raises(StoreError, match="already has 1 contacts"):
        generate(db.url, contacts=10)


def test_demo_pins_are_unique_and_countries_are_codes(demo_file):
    from helpdesk_tui.store.contacts.countries import is_code
    from helpdesk_tui.store.search.searcher import search

    conn = Conn(sqlite3.connect(demo_file))
    pins = [row[0] for row in conn.execute("SELECT pin FROM contact")]
    assert len(set(pins)) == len(pins)
    assert all(len(pin) == 8 and pin.isdigit() for pin in pins)
    for pin, reference in conn.execute("SELECT pin, reference FROM contact LIMIT 20"):
        assert [hit.reference for hit in search(conn, f"pin:{pin}").hits] == [reference]
    countries = {row[0] for row in conn.execute("SELECT DISTINCT country FROM contact")}
    assert len(countries) >= 8 and all(is_code(country) for country in countries)
    conn.close()


# A build of this size is still making parts seconds after it starts, so it can be caught mid-way.
BIG = 200_000
MARK = "HELPDESK_TUI_DEMO_TEST"
DEMO = (sys.executable, "-m", "helpdesk_tui.cli", "demo")
needs_proc = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="finds the build's processes through /proc"
)


def _demo(target: Path, contacts: int, marker: str = "", **options) -> subprocess.Popen:
    """``helpdesk-tui demo`` in a process of its own, its workers marked by ``marker``.

    Its stderr goes to an unnamed file, not a pipe: workers that outlived it would hold a pipe
    open, and reading it would hang the test instead of failing it.
    """
    log = tempfile.TemporaryFile()  # noqa: SIM115 - read and closed by _finish
    build = subprocess.Popen(
        [*DEMO, "--db", str(target), "--contacts", str(contacts)],
        cwd=ROOT,
        env={**os.environ, MARK: marker},
        stdout=subprocess.DEVNULL,
        stderr=log,
        **options,
    )
    build.log = log
    return build


def _finish(build: subprocess.Popen, timeout: float) -> tuple[int, str]:
    """Wait for the build; its exit status and what it wrote to stderr."""
    try:
        code = build.wait(timeout)
    finally:
        build.kill()
        build.wait()
    with build.log:
        build.log.seek(0)
        return code, build.log.read().decode()


def _marked(marker: str) -> set[int]:
    """Live processes (zombies have no environment) that inherited ``marker``."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes():
                found.add(int(entry.name))
        except OSError:
            continue
    return found


def _mid_build(build: subprocess.Popen, folder: Path, marker: str) -> set[int]:
    """Wait until the build's workers are writing parts; returns the workers' pids."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = _marked(marker) - {build.pid}
        if workers and any(folder.glob(PREFIX + "*/part-*.db")):
            return workers
        assert build.poll() is None, "the build ended before making a part"
        time.sleep(0.05)
    raise AssertionError("the build made no part file within a minute")


def _gone(marker: str) -> set[int]:
    """Wait a few seconds for the marked processes to end; returns the ones still alive."""
    deadline = time.monotonic() + 5
    while (alive := _marked(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


@needs_proc
def test_a_killed_demo_leaves_no_worker_and_the_next_one_cleans_up(tmp_path):
    target = tmp_path / "x.db"
    marker = f"{MARK}={uuid.uuid4().hex}"
    build = _demo(target, BIG, marker)
    try:
        _mid_build(build, tmp_path, marker)
    finally:
        build.kill()
        build.wait()
    assert _gone(marker) == set()
    assert not target.exists()
    # What the scheme before private folders left behind, which made every later build fail.
    (tmp_path / "x.db.building").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "x.db.building-journal").touch()
    code, err = _finish(_demo(target, 300), 120)
    assert code == 0, err
    assert sorted(os.listdir(tmp_path)) == ["backups", "x.db"]
    assert os.listdir(tmp_path / "backups") == ["x.db.checked"], "sound by construction"
    assert target.stat().st_mode & 0o777 == 0o660
    assert sqlite3.connect(target).execute("SELECT count(*) FROM contact").fetchone() == (300,)


@needs_proc
def test_ctrl_c_stops_the_demo_at_once_and_leaves_nothing(tmp_path):
    target = tmp_path / "x.db"
    marker = f"{MARK}={uuid.uuid4().hex}"
    # A shell starts background jobs with Ctrl-C ignored, and children inherit that.
    build = _demo(
        target, BIG, marker, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
    )
    try:
        _mid_build(build, tmp_path, marker)
        build.send_signal(signal.SIGINT)
    finally:
        code, err = _finish(build, 15)
    assert code == 130, err
    assert "Traceback" not in err
    assert _gone(marker) == set()
    assert os.listdir(tmp_path) == []


def test_ctrl_c_is_acted_on_at_the_builds_next_step_never_inside_other_code(tmp_path):
    """A raise from the signal handler itself could land in a garbage-collection callback,
    where Python drops it and the build runs on (seen in CI): the handler only notes it."""
    steps = []

    def progress(done: int, total: int) -> None:
        if not steps:
            os.kill(os.getpid(), signal.SIGINT)  # arrives while the build is busy elsewhere
        steps.append(done)

    with pytest.raises(KeyboardInterrupt), cli_demo._interruptible() as interrupt:

        def checked(done: int, total: int) -> None:
            interrupt.check()
            progress(done, total)

        generate(to_url(str(tmp_path / "x.db")), 30_000, now=DEMO_NOW, progress=checked)
    assert steps == [25_000], "stopped at the step after Ctrl-C"
    assert os.listdir(tmp_path) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_running_builds_folder_is_left_alone(tmp_path):
    with private_folder(tmp_path) as mine:
        clear_leftovers(tmp_path / "x.db")
        assert mine.is_dir()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["umask022", "umask077"])
def test_demo_makes_missing_folders_for_the_group_whatever_the_umask(tmp_path, umask):
    target = tmp_path / "made" / "for" / "x.db"
    code, err = _finish(_demo(target, 50, preexec_fn=lambda: os.umask(umask)), 120)
    assert code == 0, err
    assert (tmp_path / "made").stat().st_mode & 0o777 == 0o770
    assert (tmp_path / "made" / "for").stat().st_mode & 0o777 == 0o770
    assert target.stat().st_mode & 0o777 == 0o660
    assert sorted(os.listdir(target.parent)) == ["backups", "x.db"]
    assert (target.parent / "backups").stat().st_mode & 0o777 == 0o770
