"""The error table: every way a shared server can refuse a database, as the CLI tells it.

One test per failure. Each runs the real command (in-process through ``cli.main``, or as a
process where a limit or another account is part of the story) and checks the one line on
stderr, the exit status (``store.errors.ErrorCode``), that no traceback or SQL shows, and that
nothing was written. Permission cases need another account: as root they run the command as
``nobody`` (uid 65534) with a group of the test's choosing; as anyone else, as themselves.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from helpdesk_tui.cli import main
from helpdesk_tui.store.database.files import check_header
from helpdesk_tui.store.errors import DatabaseDamaged, ErrorCode

from .conftest import overwrite_a_page

BUSY, CONFLICT, DATABASE = (
    ErrorCode.BUSY.value,
    ErrorCode.CONFLICT.value,
    ErrorCode.DATABASE.value,
)
SCRIPT = Path(sys.executable).with_name("helpdesk-tui")
ROOT = os.getuid() == 0
AGENT = 65534 if ROOT else os.getuid()
"""The account permission cases run as: ``nobody`` under root (root may read anything)."""
GROUP = 54321 if ROOT else os.getgid()
OUTSIDER_GROUP = 54322


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("HELPDESK_TUI_DB", raising=False)
    monkeypatch.setenv("HELPDESK_TUI_BUSY_TIMEOUT", "0.2")
    monkeypatch.setenv("COLUMNS", "200")


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def said(err: str, *words: str) -> None:
    """One line, naming what it should, with no trace of Python or SQL."""
    assert err.count("\n") == 1 and err.startswith("helpdesk-tui: "), err
    for word in words:
        assert word in err, err
    for leak in ("Traceback", "sqlite3.", "sqlalchemy", "SELECT", "INSERT", "UPDATE", "[SQL"):
        assert leak not in err, err


def contacts(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM contact").fetchone()[0]


def first_reference(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT reference FROM contact ORDER BY id LIMIT 1").fetchone()[0]


def title_of(path: Path, reference: str) -> str:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT title FROM contact WHERE reference = ?", (reference,))
        return row.fetchone()[0]


def test_a_locked_database_is_busy_with_its_own_status_and_nothing_written(capsys, copy):
    reference = first_reference(copy)
    holder = sqlite3.connect(copy, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = run(
            capsys, "contact", "edit", reference, "--set", "title=Busy", "--db", copy
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (code, out) == (BUSY, "")
    said(err, "database is busy", str(copy), "try again")
    assert title_of(copy, reference) != "Busy"


def test_a_stale_edit_is_a_conflict_with_its_own_status(capsys, copy):
    reference = first_reference(copy)
    assert run(capsys, "contact", "edit", reference, "--set", "title=A", "--db", copy)[0] == 0
    code, _, err = run(
        capsys, "contact", "edit", reference, "--if-version", 1, "--set", "title=B", "--db", copy
    )
    assert code == CONFLICT
    said(err, "nothing was saved")
    assert title_of(copy, reference) == "A"


def test_a_full_disk_is_said_and_rolled_back(copy):
    """``ulimit -f``: the -wal cannot grow past a few pages, so the write fails halfway."""
    before = contacts(copy)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    done = subprocess.run(
        [SCRIPT, "contact", "add", "--first", "Zed", "--last", "Full", "--db", copy],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        check=False,
    )
    assert done.returncode == DATABASE, done.stderr
    said(done.stderr, str(copy), "free some space", "nothing was saved")
    assert contacts(copy) == before


def test_a_truncated_copy_is_damaged_and_says_how_to_restore(capsys, copy):
    backup = copy.with_name("helpdesk.db.0003-20261101T000000.bak")
    shutil.copy(copy, backup)
    with open(copy, "r+b") as file:
        file.truncate(copy.stat().st_size // 2 + 100)
    for args in (["search", "smith"], ["show", "C-10000001"], ["contact", "add", "--first", "X"]):
        code, out, err = run(capsys, *args, "--db", copy)
        assert (code, out) == (DATABASE, ""), err
        said(err, str(copy), "is damaged", "restore", str(backup))


def test_a_cut_at_a_page_boundary_is_noticed_on_open_before_any_read(copy):
    """Pages lost from the end read as fine until a query needs them: the header's page count
    says so at once, before anything is written over the gap."""
    with sqlite3.connect(copy) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    with open(copy, "r+b") as file:
        file.truncate(copy.stat().st_size - 3 * page)
    with pytest.raises(DatabaseDamaged, match="shorter than its header says"):
        check_header(str(copy))
    with open(copy, "ab") as file:
        file.write(b"\0" * 3 * page)
    check_header(str(copy))


def test_overwritten_pages_read_as_damaged_not_as_sqlite_text(capsys, copy):
    overwrite_a_page(copy)
    code, out, err = run(capsys, "show", "C-10000001", "--db", copy)
    assert (code, out) == (DATABASE, "")
    said(err, str(copy), "is damaged")


def test_a_file_that_is_not_a_database_is_refused_untouched(capsys, tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list: milk, eggs\n")
    notes.chmod(0o660)
    code, out, err = run(capsys, "contact", "add", "--first", "X", "--db", notes)
    assert (code, out) == (DATABASE, "")
    said(err, str(notes), "not a helpdesk-tui database")
    assert notes.read_text() == "shopping list: milk, eggs\n"


def test_another_programs_sqlite_database_is_refused_not_migrated(capsys, tmp_path):
    other = tmp_path / "inventory.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE item (name TEXT)")
    other.chmod(0o660)
    for args in (["search", "x"], ["contact", "add", "--first", "X"]):
        code, out, err = run(capsys, *args, "--db", other)
        assert (code, out) == (DATABASE, "")
        said(err, str(other), "not a helpdesk-tui database", "another program")
    with sqlite3.connect(other) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert names == ["item"]


def test_a_folder_given_as_the_database_is_refused(capsys, tmp_path):
    code, out, err = run(capsys, "show", "C-1", "--db", tmp_path)
    assert (code, out) == (DATABASE, "")
    said(err, "is a folder, not a database file")


def test_a_parent_path_that_is_a_file_is_refused(capsys, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("")
    code, out, err = run(capsys, "contact", "add", "--first", "X", "--db", afile / "x.db")
    assert (code, out) == (DATABASE, "")
    said(err, str(afile), "is a file, not a folder")


def test_an_explicit_database_in_a_missing_folder_is_refused_not_created(
    capsys, tmp_path, monkeypatch
):
    missing = tmp_path / "typo" / "helpdesk.db"
    code, out, err = run(capsys, "contact", "add", "--first", "X", "--db", missing)
    assert (code, out) == (DATABASE, "")
    said(err, "no folder", str(missing.parent))
    monkeypatch.setenv("HELPDESK_TUI_DB", str(missing))
    code, out, err = run(capsys, "contact", "add", "--first", "X")
    assert code == DATABASE
    said(err, "no folder")
    assert not missing.parent.exists()


@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["umask022", "umask077"])
def test_folders_the_app_makes_are_0770_whatever_the_umask(tmp_path, umask):
    env = os.environ | {"XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("HELPDESK_TUI_DB", None)
    target = tmp_path / "new" / "deeper" / "demo.db"
    for args in (
        ["contact", "add", "--first", "Ada"],
        ["demo", "--contacts", "1000", "--db", target],
    ):
        done = subprocess.run(
            [SCRIPT, *args],
            env=env,
            capture_output=True,
            text=True,
            preexec_fn=lambda: os.umask(umask),
            check=False,
        )
        assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "data" / "helpdesk-tui", target.parent, target.parent.parent):
        assert folder.stat().st_mode & 0o7777 == 0o770, folder


def as_agent(uid: int, gid: int):
    """A preexec_fn running a command as ``uid`` in group ``gid`` (root only), umask 022."""

    def switch() -> None:
        if ROOT:
            os.setgroups([gid])
            os.setgid(gid)
            os.setuid(uid)
        os.umask(0o022)

    return switch


def reachable(path: Path) -> bool:
    """Whether any account may run ``path``: every folder on the way lets others through."""
    path = path.resolve()
    return all(part.stat().st_mode & 0o001 for part in path.parents) and bool(
        path.stat().st_mode & 0o001
    )


def agent_command() -> tuple[list[str], dict[str, str]]:
    """How another account runs helpdesk-tui: this interpreter if it may, else the system's
    Python of the same version (the venv's may sit in root's private home) on the venv's
    packages."""
    env = os.environ | {"HELPDESK_TUI_BUSY_TIMEOUT": "0.2"}
    if not ROOT or reachable(Path(sys.executable)):
        return [sys.executable, "-m", "helpdesk_tui.cli"], env
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = Path("/usr/bin") / version
    if not system.exists() or not reachable(system):
        pytest.skip(f"no {version} that another account may run")
    import sqlalchemy

    import helpdesk_tui

    packages = Path(sqlalchemy.__file__).parent.parent
    source = Path(helpdesk_tui.__file__).parent.parent
    return [str(system), "-m", "helpdesk_tui.cli"], env | {
        "PYTHONPATH": f"{source}:{packages}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def agent_run(path: Path, *args, uid: int = AGENT, gid: int = GROUP):
    command, env = agent_command()
    return subprocess.run(
        [*command, *map(str, args), "--db", str(path)],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=as_agent(uid, gid),
        check=False,
    )


@pytest.fixture
def shared(demo_file: Path):
    """A copy of the demo database in a group folder that other accounts can reach (pytest's
    own temporary folders are private to the account running the tests)."""
    top = Path(tempfile.mkdtemp(prefix="helpdesk-shared-"))
    top.chmod(0o755)
    folder = top / "team"
    folder.mkdir()
    path = folder / "helpdesk.db"
    shutil.copy(demo_file, path)
    yield path
    shutil.rmtree(top)


def give(copy: Path, folder_mode: int, file_mode: int) -> None:
    """Hand the copy and its folder to the agent's group, with these modes."""
    for item in (copy.parent, copy):
        if ROOT:
            os.chown(item, AGENT, GROUP)
    copy.chmod(file_mode)
    copy.parent.chmod(folder_mode)


def test_no_permission_at_all_says_cannot_read(shared):
    copy = shared
    give(copy, 0o770, 0o000)
    done = agent_run(copy, "search", "smith")
    assert done.returncode == DATABASE
    said(done.stderr, f"cannot read {copy}", "permission")


def test_a_read_only_file_reads_but_a_write_says_cannot_write(shared):
    copy = shared
    give(copy, 0o770, 0o440)
    reference = first_reference(copy)
    assert agent_run(copy, "show", reference).returncode == 0
    done = agent_run(copy, "contact", "edit", reference, "--set", "title=RO")
    assert done.returncode == DATABASE
    said(done.stderr, f"cannot write {copy}", "write permission")
    copy.chmod(0o660)
    assert title_of(copy, reference) != "RO"


def test_an_unwritable_folder_is_named_with_what_to_do(shared):
    copy = shared
    give(copy, 0o550, 0o660)
    done = agent_run(copy, "search", "smith")
    assert done.returncode == DATABASE
    said(done.stderr, f"cannot write to the folder {copy.parent}", "group's write permission")


@pytest.mark.skipif(not ROOT, reason="needs two accounts: run as root to switch between them")
def test_a_read_only_member_leaves_no_files_that_lock_out_the_owner(shared):
    """A member who may only read (0640) opens the database while nobody else has it open:
    SQLite makes the -wal and -shm in its name; the owner must still be able to write."""
    copy = shared
    give(copy, 0o770, 0o640)
    reader = 65533
    assert agent_run(copy, "search", "smith", uid=reader).returncode == 0
    for suffix in ("-wal", "-shm"):
        side = copy.with_name(copy.name + suffix)
        if side.exists():
            assert side.stat().st_mode & 0o060 == 0o060, suffix
    reference = first_reference(copy)
    done = agent_run(copy, "contact", "edit", reference, "--set", "title=Owner")
    assert done.returncode == 0, done.stderr
    assert title_of(copy, reference) == "Owner"


@pytest.mark.skipif(not ROOT, reason="needs two accounts: run as root to switch between them")
def test_someone_outside_the_group_cannot_open_it(shared):
    copy = shared
    give(copy, 0o770, 0o660)
    done = agent_run(copy, "search", "smith", uid=65533, gid=OUTSIDER_GROUP)
    assert done.returncode == DATABASE
    said(done.stderr, str(copy))


def test_a_world_readable_wal_is_refused_like_the_database(capsys, copy):
    wal = copy.with_name(copy.name + "-wal")
    wal.touch()
    wal.chmod(0o644)
    code, out, err = run(capsys, "search", "smith", "--db", copy)
    assert (code, out) == (DATABASE, "")
    said(err, str(wal), "chmod o-rwx")
