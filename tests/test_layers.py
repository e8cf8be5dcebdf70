"""The import rules are the architecture (DESIGN.md §2): checked, not hoped for."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "helpdesk_tui"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found.add(base)
    return found


def test_store_never_imports_textual_or_rich():
    modules = sorted(
        "helpdesk_tui." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in (PACKAGE / "store").rglob("*.py")
        if "migrations" not in p.parts
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_widgets_never_import_the_store():
    for path in (PACKAGE / "widgets").rglob("*.py"):
        for name in _imports(path):
            assert "store" not in name.split("."), f"{path.name} imports {name}"


DOOR_ONLY = tuple(
    f"store.{name}"
    for name in (
        *(f"database.{m}" for m in ("engine", "schema", "connect", "dbapi", "backups", "upkeep")),
        "contacts.operations",
        "contacts.reads",
        "tickets.operations",
        "tickets.reads",
        "tickets.rules",
        "activities.operations",
        "activities.reads",
        "companies.operations",
        "companies.reads",
        "saved_views.operations",
        "search.companies",
    )
)
"""Store modules that open, upgrade or change the database: the TUI and the CLI reach them
only through ``store.service`` (import-linter's third contract, too)."""


def test_the_tui_and_the_cli_reach_the_database_only_through_the_store_service():
    callers = [PACKAGE / "app.py", PACKAGE / "commands.py", PACKAGE / "company_commands.py"]
    callers += PACKAGE.glob("cli*.py")
    for path in [*callers, *(PACKAGE / "screens").rglob("*.py")]:
        for name in _imports(path):
            dotted = name.lstrip(".")
            assert not any(dotted == m or dotted.startswith(m + ".") for m in DOOR_ONLY), (
                f"{path.name}: {name}"
            )


def test_search_path_imports_neither_sqlalchemy_nor_textual():
    code = (
        "import sys\n"
        "import helpdesk_tui.store.service, helpdesk_tui.text\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'sqlmodel', 'textual', 'rich', 'alembic', 'phonenumbers'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_search_path_leaves_the_other_doors_unopened():
    """Tickets, activities, companies and saved views have doors of their own on the store:
    made on first use, so a whole-process search never imports their modules."""
    code = (
        "import sys\n"
        "from helpdesk_tui.store.service import Store\n"
        "store = Store('unused.db')\n"
        "doors = ('tickets', 'activities', 'companies', 'saved_views')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[2:3] and m.split('.')[2] in doors))\n"
        "store.tickets, store.activities, store.company, store.saved_views\n"
        "print(len([m for m in sys.modules if m.endswith('.door')]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, opened = out.stdout.split("\n")[:2]
    assert before == "[]"
    assert opened == "4", "each door is still there when asked for"
