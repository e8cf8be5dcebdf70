"""``make bench`` / ``helpdesk-tui bench``: speed, memory and quality against budgets."""
