"""The one door (``store.service.Store``): every spelling of a database's URL opens that one
database, anything else is refused in one sentence, and it opens, checks and upgrades the
database once, on either engine, without SQLAlchemy on an up-to-date SQLite file's search path."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpdesk_tui.cli import main
from helpdesk_tui.store.database import schema
from helpdesk_tui.store.database.connect import canonical_url
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import (
    DatabaseMissing,
    ErrorCode,
    NotADatabase,
    NotFound,
    ServerUpkeep,
    UnsupportedEngine,
)
from helpdesk_tui.store.service import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store on a new SQLite file (made on first use)."""
    with Store(str(tmp_path / "helpdesk.db"), create_file=True, author="tester", region="GB") as s:
        yield s


def _sqlite_spellings(path: Path) -> list[str]:
    link = path.with_name("link.db")
    link.symlink_to(path)
    return [
        str(path),
        path.name,  # relative to the working directory
        "~/" + path.name,
        str(link),
        f"sqlite:///{path}",
        f"sqlite+pysqlite:///{path}",
        f"SQLite:///{path}",
        f"sqlite:///{path.name}",
    ]


def test_every_spelling_of_a_sqlite_file_opens_that_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    path = (tmp_path / "helpdesk.db").resolve()
    with Store(str(path), create_file=True, author="tester", region="GB") as first:
        ann = first.create(first_name="Ann", last_name="Lee")
    for spelling in _sqlite_spellings(path):
        assert canonical_url(spelling) == f"sqlite:///{path}", spelling
        with Store(spelling) as other:
            assert other.file == str(path)
            assert other.contact(ann.reference).contact.name == "Ann Lee"
            assert [hit.reference for hit in other.search("ann lee").hits] == [ann.reference]


def test_every_spelling_of_a_postgresql_url_opens_that_database(pg_url):
    rest = pg_url.split("://", 1)[1]
    spellings = [
        f"{scheme}://{rest}"
        for scheme in ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2")
    ]
    with Store(spellings[0], author="tester", region="GB") as first:
        ann = first.create(first_name="Ann", last_name="Lee", identities=[("email", "ann@x.org")])
    for spelling in spellings:
        assert canonical_url(spelling) == f"postgresql+psycopg://{rest}", spelling
        with Store(spelling) as other:
            assert other.file is None
            assert "throwaway-secret" not in other.where
            assert other.contact(ann.reference).contact.name == "Ann Lee"
            assert [hit.reference for hit in other.search("ann@x.org").hits] == [ann.reference]


REFUSED = [
    ("mysql://agent@db.example/helpdesk", "mysql is not supported: helpdesk-tui opens SQLite"),
    ("mssql+pyodbc://db.example/helpdesk", "mssql+pyodbc is not supported"),
    ("sqlite+pysqlcipher:///helpdesk.db", "sqlite+pysqlcipher is not supported"),
    ("sqlite://", "is a database in memory"),
    ("sqlite:///:memory:", "is a database in memory"),
    ("sqlite://host/helpdesk.db", "names a host: a SQLite URL names a file after three slashes"),
]


@pytest.mark.parametrize(("url", "said"), REFUSED)
def test_an_engine_helpdesk_tui_does_not_open_is_refused_in_one_sentence(url, said):
    with pytest.raises(UnsupportedEngine, match=re.escape(said)) as refused:
        Store(url)
    assert refused.value.code is ErrorCode.UNSUPPORTED


@pytest.mark.parametrize("argv", [["search", "ann"], ["show", "C-1"], ["check"], []])
def test_the_cli_and_the_tui_refuse_it_before_anything_else(capsys, argv):
    assert main([*argv, "--db", "mysql://agent@db.example/helpdesk"]) == 6
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "helpdesk-tui: mysql is not supported: helpdesk-tui opens SQLite files (--db PATH) "
        "and PostgreSQL (--db postgresql://…)\n"
    )


def test_a_missing_file_is_refused_unless_the_store_makes_it(tmp_path):
    path = tmp_path / "typo.db"
    with Store(str(path)) as reading, pytest.raises(DatabaseMissing, match="no database at"):
        reading.search("ann")
    assert not path.exists()
    with Store(str(path), create_file=True) as making:
        assert making.open() is None  # a new database: nothing to back up
        assert making.search("").hits == ()
    assert path.stat().st_mode & 0o777 == 0o660


def test_operations_open_the_database_on_first_use_and_raise_only_store_errors(store):
    created = store.create(first_name="Ann", last_name="Lee", company="Acme", create_company=True)
    assert store.open() is None, "opened once, by the first operation"
    assert store.companies("acm") == ["Acme"]
    assert store.company_exists("ACME")
    saved = store.save(created.reference, created.version, {"title": "CTO"})
    assert store.contact(created.reference).contact.title == saved.title == "CTO"
    with pytest.raises(NotFound):
        store.contact("C-1")


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a database at all, " * 10)
    path.chmod(0o660)
    before = path.read_bytes()
    with Store(str(path)) as store, pytest.raises(NotADatabase):
        store.search("ann")
    assert path.read_bytes() == before


def test_an_older_database_is_upgraded_once_after_a_backup(tmp_path):
    path = tmp_path / "old.db"
    older = Database(canonical_url(str(path)))
    schema.upgrade(older, schema.REVISIONS[-2])
    older.dispose()
    with Store(str(path)) as store:
        backup = store.open()
        assert backup is not None and backup.exists()
        assert backup.name.startswith(f"old.db.{schema.REVISIONS[-2]}-")
        assert store.open() is None
        with store.database.read() as session:
            assert session.connection().exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar() == (schema.HEAD)


def test_searching_an_up_to_date_sqlite_file_never_imports_sqlalchemy(store):
    ann = store.create(first_name="Ann", last_name="Lee", company="Acme", create_company=True)
    code = (
        "import sys\n"
        "from helpdesk_tui.store.service import Store\n"
        f"with Store({store.file!r}) as store:\n"
        "    hits = store.search('ann lee').hits\n"
        "    companies = store.companies('acm')\n"
        "heavy = {'sqlalchemy', 'sqlmodel', 'alembic', 'textual'} & set(sys.modules)\n"
        "print([hit.reference for hit in hits], companies, sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"[{ann.reference!r}] ['Acme'] []"


def test_the_recent_contacts_are_read_without_loading_rapidfuzz(store):
    """Home's first page scores nothing: rapidfuzz (30 ms to import on the reference machine,
    a tenth of the TUI's wait for that page) waits for the first typed word."""
    store.create(first_name="Ann", last_name="Lee")
    code = (
        "import sys\n"
        "import helpdesk_tui.app\n"
        "from helpdesk_tui.store.service import Store\n"
        f"with Store({store.file!r}) as store:\n"
        "    first = [hit.name for hit in store.search('').hits]\n"
        "    before = 'rapidfuzz' in sys.modules\n"
        "    found = [hit.name for hit in store.search('anne lea').hits]\n"
        "print(first, before, found, 'rapidfuzz' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['Ann Lee'] False ['Ann Lee'] True"


def test_file_upkeep_on_postgresql_names_the_servers_tools(pg_url):
    with Store(pg_url) as store:
        with pytest.raises(ServerUpkeep, match=r"`pg_amcheck --heapallindexed 'postgresql://"):
            store.upkeep.check_health()
        with pytest.raises(ServerUpkeep, match=r"`pg_dump --format=custom") as refused:
            store.upkeep.backup()
    assert refused.value.code is ErrorCode.UNSUPPORTED
    assert "throwaway-secret" not in str(refused.value)


def test_drafts_are_filed_under_the_database_without_its_password(tmp_path):
    """A changed PostgreSQL password still finds the drafts made before; a file keeps its key."""
    one = Store("postgresql://agent:old-secret@db.example:5432/helpdesk")
    two = Store("postgres://agent:new-secret@db.example:5432/helpdesk")
    assert one.key == two.key and "secret" not in one.key
    path = tmp_path / "helpdesk.db"
    assert Store(str(path), create_file=True).key == Store(f"sqlite:///{path}").key
