"""SIGTERM and SIGHUP in a real terminal (a pty): the terminal is left as it was found, nothing
is half-written, and the unsaved edit comes back as a draft when the contact is reopened."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from helpdesk_tui.config import data_dir
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.restore_draft import RestoreDraftScreen
from helpdesk_tui.store.contacts.drafts import DraftBox
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.contacts.reads import get_contact

from .conftest import make_app, settle

LEAVE = (b"\x1b[?1049l", b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l", b"\x1b[?25h")
"""What a terminal must be told on the way out: alternate screen off, mouse reporting off (each
mode Textual turned on), cursor shown."""

ENTER = (b"\x1b[?1049h", b"\x1b[?1000h", b"\x1b[?25l")


class Terminal:
    """The app in a pseudo-terminal of 80x24, driven by keystrokes, its output kept."""

    def __init__(self, db_path: str, env: dict[str, str]) -> None:
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.modes = termios.tcgetattr(self.slave)
        self.output = bytearray()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "helpdesk_tui", "--db", db_path],
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env=env,
            start_new_session=True,
            # The pty is the app's controlling terminal, as an SSH login's is: closing it
            # hangs the app up (SIGHUP from the kernel). One ioctl, no lock taken: safe
            # between fork and exec.
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),  # noqa: PLW1509
        )

    def read(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                try:
                    self.output.extend(os.read(self.master, 65536))
                except OSError:  # the app has gone and closed its end
                    return

    def mark(self) -> int:
        return len(self.output)

    def wait_for(self, text: str, since: int = 0, seconds: float = 20) -> None:
        """Read until the screen has shown ``text`` (in what came after ``since``)."""
        end = time.monotonic() + seconds
        while text.encode() not in self.output[since:]:
            assert time.monotonic() < end, f"{text!r} never appeared"
            self.read(0.05)

    def type(self, keys: str) -> None:
        """One key at a time, as a person types."""
        for key in keys:
            os.write(self.master, key.encode())
            self.read(0.03)

    def exit_status(self, seconds: float = 5) -> int:
        end = time.monotonic() + seconds
        while self.process.poll() is None:
            assert time.monotonic() < end, "the app did not exit"
            self.read(0.05)
        self.read(0.2)
        return self.process.returncode

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):  # the hangup test closed the master already
                os.close(fd)


@pytest.fixture
def ann(db) -> str:
    create_contact(db, first_name="Bo", last_name="Ek")
    return create_contact(
        db, first_name="Ann", last_name="Lee", identities=[("email", "ann@example.com")]
    ).reference


@pytest.fixture
def terminal(db, private_data_home: Path):
    env = dict(os.environ, TERM="xterm-256color", XDG_DATA_HOME=str(private_data_home))
    env.pop("TEXTUAL_ALLOW_SIGNALS", None)
    term = Terminal(db.url.removeprefix("sqlite:///"), env)
    yield term
    term.close()


def _edit_first_name_unsaved(term: Terminal) -> None:
    """Find Ann, open her, change her first name and keep it pending (no ctrl+s)."""
    term.wait_for("Search")
    mark = term.mark()
    term.type("ann lee")
    term.wait_for("ann@example.com", mark)
    mark = term.mark()
    term.type("\r")
    term.wait_for("Tickets (", mark)  # the tab's count: the contact is loaded
    term.type("e\x15")
    term.read(0.3)  # ctrl+u is an action, run after keys typed on its heels (Textual's order)
    mark = term.mark()
    term.type("Annie")
    term.wait_for("Annie", mark)
    mark = term.mark()
    term.type("\r")
    term.wait_for("(edited)", mark)


def _draft(db, reference: str):
    return DraftBox(db.url, data_dir() / "drafts").find(reference)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_restores_the_terminal_and_keeps_the_edit_as_a_draft(db, ann, terminal, signum):
    _edit_first_name_unsaved(terminal)
    terminal.process.send_signal(signum)
    assert terminal.exit_status() == 128 + signum
    tail = bytes(terminal.output[-400:])
    for sequence in LEAVE:
        assert sequence in tail, sequence
    last_leave = terminal.output.rfind(b"\x1b[?1049l")
    assert not any(terminal.output.find(s, last_leave) >= 0 for s in ENTER)
    modes = termios.tcgetattr(terminal.slave)
    assert modes == terminal.modes
    assert modes[3] & termios.ICANON and modes[3] & termios.ECHO
    contact = get_contact(db, ann).contact
    assert (contact.first_name, contact.version) == ("Ann", 1)
    draft = _draft(db, ann)
    assert draft is not None
    assert (dict(draft.changes), draft.version) == ({"first_name": "Annie"}, 1)


def test_a_hangup_exits_at_once_and_keeps_the_draft(db, ann, terminal):
    """The SSH connection drops (the terminal's other end closes): the app must not hang on
    the dead terminal. Leaving through Textual's shutdown there hung 5 times in 8 (its writer
    thread dies on EIO, then its queue fills); the app now leaves at once."""
    _edit_first_name_unsaved(terminal)
    os.close(terminal.master)
    assert terminal.process.wait(5) == 128 + signal.SIGHUP
    assert get_contact(db, ann).contact.version == 1
    draft = _draft(db, ann)
    assert draft is not None
    assert dict(draft.changes) == {"first_name": "Annie"}


def test_the_field_being_typed_is_in_the_draft(db, ann, terminal):
    """Killed mid-typing: what was on screen is kept too (ctrl+s would have saved it)."""
    _edit_first_name_unsaved(terminal)
    terminal.type("\x1b[B")  # down to Last name
    terminal.type("e\x15")
    terminal.read(0.3)
    mark = terminal.mark()
    terminal.type("Lemon")
    terminal.wait_for("Lemon", mark)
    terminal.process.send_signal(signal.SIGTERM)
    assert terminal.exit_status() == 143
    assert termios.tcgetattr(terminal.slave) == terminal.modes
    draft = _draft(db, ann)
    assert draft is not None
    assert dict(draft.changes) == {"first_name": "Annie", "last_name": "Lemon"}


async def test_the_draft_of_a_signal_is_offered_on_reopening(db, ann, terminal):
    _edit_first_name_unsaved(terminal)
    terminal.process.send_signal(signal.SIGTERM)
    assert terminal.exit_status() == 143
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_contact(ann)
        await settle(pilot)
        assert isinstance(app.screen, RestoreDraftScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactScreen)
        assert screen.pending == {"first_name": "Annie"}
        assert screen.dirty
