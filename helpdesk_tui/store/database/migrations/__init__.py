"""Alembic migrations, run by ``store.database.schema``."""
