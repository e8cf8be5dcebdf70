"""One module per screen or modal; each owns its state and calls the store in workers."""
