"""Alembic's entry point, run programmatically by ``store.database.schema`` (there is no
alembic.ini).

``store.database.schema`` hands over an open connection in ``config.attributes["connection"]`` so
the upgrade runs inside our own engine, with its pragmas and ``BEGIN IMMEDIATE``.
"""

from alembic import context
from sqlmodel import SQLModel

from helpdesk_tui.store import models  # noqa: F401 - registers the tables on the metadata
from helpdesk_tui.store.search.index import SEARCH_INDEXES, SEARCH_TABLES

target_metadata = SQLModel.metadata


def _include_object(obj, name, type_, reflected, compare_to):
    """Leave the search index's plain-SQL tables and indexes out of autogenerate's comparison."""
    return not (
        (type_ == "table" and (name in SEARCH_TABLES or name.startswith("search_fts")))
        or (type_ == "index" and name in SEARCH_INDEXES)
    )


def run_migrations() -> None:
    """Run the migrations on the connection ``store.database.schema`` opened."""
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=_include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
