"""helpdesk-tui: a keyboard-driven terminal helpdesk."""

__version__ = "0.1.0"
