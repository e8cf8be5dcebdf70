"""The journal and units of work: every change recorded in its own transaction,
with whole rows, an operation id and the feed of changes since a point."""
