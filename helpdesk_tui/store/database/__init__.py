"""The database itself: locations, driver connections, the engine, schema and
migrations, failures turned into sentences, files, integrity checks and backups."""
