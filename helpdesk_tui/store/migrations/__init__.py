"""Alembic migrations, run by ``store.schema``."""
