"""Contacts and their contact methods: fields, validation, identities, reads,
edits with version checks, drafts and the views the screens get."""
