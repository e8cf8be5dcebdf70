"""HelpdeskApp: global keys, the command palette, and routing between screens."""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import sys
import termios
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.timer import Timer
from textual.worker import get_current_worker

from .commands import ContactCommands, ContactPalette
from .company_commands import CompanyCommands
from .config import data_dir
from .duplicate_commands import DuplicateCommands
from .garbage import keep_built, settle
from .key_holding import KeyHolding
from .messages import DatabaseChecked, DatabaseOpened
from .remembered_styles import remember_styles
from .screens.home import HomeScreen
from .store.clock import utcnow
from .store.database.failures import sentence
from .store.errors import DatabaseDamaged
from .store.service import Store
from .text import clean
from .view_commands import SavedViewCommands

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .screens.contact import ContactScreen
    from .store.contacts.drafts import DraftBox
    from .store.tickets.views import TicketDetail
    from .widgets.field_list import OpenCompany

FEW_COLOURS = ("standard", "windows")
"""Colour systems of 8- and 16-colour terminals (TERM=xterm, screen, linux). Textual's own
theme, squeezed into them, turned the results header grey on grey; there the app uses the
terminal's own palette (the ANSI theme), and its CSS marks focus with reverse video."""
UPKEEP_AFTER = 2.0
"""Seconds after the database opened before the daily check may start: the first paint and
the first search have the machine to themselves."""
ARRIVAL_WAIT = 0.2
"""Seconds a contact being read may keep the agent on the screen they opened it from; a slower
read (a busy server) shows the contact screen while it goes on."""
FIRST_ARRIVAL_WAIT = 3.0
"""Seconds the keys typed on the session's first contact screen, shown at once while it reads
its contact (the first read also loads SQLAlchemy: 0.5-1 s), may wait for that contact."""
STAYS = 365 * 24 * 3600.0
"""A notification's timeout that keeps it until the agent dismisses it."""

HANGUPS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end the app politely: a shutdown, a dropped SSH connection, a killed tmux."""


def _terminal_gone() -> bool:
    """Whether the terminal was hung up (SSH dropped, tmux session killed): it then answers
    every call with EIO, and there is nothing left to restore."""
    try:
        termios.tcgetattr(sys.__stdin__.fileno())
    except termios.error as error:
        return error.args[0] == errno.EIO
    return False


class HelpdeskApp(KeyHolding, App[None]):
    """The TUI; ``store`` is its only door to the database (``store.service``)."""

    CSS_PATH = "app.tcss"
    TITLE = "helpdesk-tui"
    COMMANDS = App.COMMANDS | {ContactCommands, CompanyCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", tooltip="Quit helpdesk-tui", priority=True, id="quit"),
        Binding("f1", "help", "Help", tooltip="Keys of this screen", id="help"),
        Binding("question_mark", "help", "Help", show=False, id="help-question-mark"),
        Binding("slash", "search", "Search", tooltip="Back to the search box", id="search"),
    ]
    COMMANDS = COMMANDS | {SavedViewCommands}
    COMMANDS = COMMANDS | {DuplicateCommands}

    def __init__(
        self,
        store: Store | str,
        clock: Callable[[], datetime] = utcnow,
        drafts: DraftBox | None = None,
    ) -> None:
        """``store``: the database's store, or what ``--db`` takes (the bench passes a URL);
        a missing SQLite file is made, as the TUI always has."""
        super().__init__()
        self.store = store if isinstance(store, Store) else Store(store, create_file=True)
        self.clock = clock
        self._drafts = drafts
        self.home = HomeScreen()
        self._contact_screen: ContactScreen | None = None
        """The contact screen kept installed between contacts (``open_contact``)."""
        self.failure: Exception | None = None
        """Why the database could not be opened, if it could not: the exit status says so."""
        self.upkeep_after = UPKEEP_AFTER
        self._arriving: ContactScreen | None = None
        """The kept contact screen reading the contact it is to show (``contact_arrived``)."""
        self.start_holding()
        self._arrival_timer: Timer | None = None
        self._kept_frozen = False
        if self.console.color_system in FEW_COLOURS:
            self.theme = "ansi-dark"

    @property
    def drafts(self) -> DraftBox:
        """Where contacts' unsaved edits are kept; made when a contact first needs it (the
        contact fields it reads cost the first paint some 20 ms to import)."""
        if self._drafts is None:
            from .store.contacts.drafts import DraftBox  # noqa: PLC0415

            self._drafts = DraftBox(self.store.key, data_dir() / "drafts")
        return self._drafts

    def on_load(self) -> None:
        """Handle SIGTERM and SIGHUP from before the terminal is taken over. Textual handles
        neither: their default action killed the app with the alternate screen, mouse reporting
        and the hidden cursor left on and the tty raw."""
        loop = asyncio.get_running_loop()
        for signum in HANGUPS:
            loop.add_signal_handler(signum, self.leave_on_signal, signum)

    def leave_on_signal(self, signum: int) -> None:
        """Keep every contact's unsaved edits as a draft, then exit through Textual's own
        shutdown, whose driver puts the terminal back as it was; the status says which signal
        (128 + its number, as a shell would). Runs on the event loop, between messages.

        A hung-up terminal is left at once instead: Textual's writer thread dies on the first
        EIO, after which its bounded queue can block the shutdown for good (while the input
        thread spins on end-of-file), and the hangup's SIGCONT has already made Textual start
        application mode again on the dead tty. A save in flight is one transaction: it
        commits or rolls back whole, and the draft still holds the edits."""
        if self.return_code is not None:  # already leaving (a quit that discarded, a signal)
            return
        from .screens.contact import ContactScreen  # noqa: PLC0415 - imported by the first open

        for screen in self.screen_stack:
            if isinstance(screen, ContactScreen):
                screen.keep_draft_now()
        if _terminal_gone():
            os._exit(128 + signum)
        self.exit(return_code=128 + signum)

    def on_mount(self) -> None:
        """Show Home and open the database; after the first frame, the garbage collector runs
        again (``garbage.settle``; ``cli.cmd_tui`` pauses it while the app starts, when it found
        nothing to free and cost the first paint about 20 ms). Styles are remembered per place
        from the start (``remembered_styles``)."""
        remember_styles()
        self.deliver_keys()
        self.push_screen(self.home)
        self.open_database()
        self.call_after_refresh(settle)

    def holding_keys(self) -> bool:
        """Keys typed while a contact is being read wait for its screen as well
        (``contact_arrived``)."""
        return self._arriving is not None or super().holding_keys()

    @work(thread=True, exit_on_error=False)
    def open_database(self) -> None:
        """Check (and if needed upgrade) the schema off the UI thread; then, for a SQLite file,
        plan the daily check (a PostgreSQL server's upkeep is its administrator's, with its own
        tools)."""
        try:
            backup = self.store.open()
        except Exception as error:
            self.failure = error
            self.home.post_message(DatabaseOpened(error=sentence(error)))
            return
        self.home.post_message(DatabaseOpened(backup=backup))
        if backup is not None:
            self.call_from_thread(
                self.notify, f"Database upgraded; backup at {backup}", markup=False
            )
        if self.store.file is not None:
            self.call_from_thread(self.set_timer, self.upkeep_after, self.look_after_database)

    @work(thread=True, exit_on_error=False, group="upkeep")
    def look_after_database(self) -> None:
        """The daily check and copy (``store.database.upkeep``), on a thread last in line for the
        CPU; stopped when the app closes."""
        from .store.database.integrity import Cancelled, low_priority  # noqa: PLC0415

        worker = get_current_worker()
        try:
            done = low_priority(
                lambda: self.store.upkeep.daily(self.clock, lambda: worker.is_cancelled)
            )
        except Cancelled:
            return
        except DatabaseDamaged as error:
            self.post_message(DatabaseChecked(damaged=str(error)))
            return
        except Exception as error:  # the check could not run: said, never a crash
            self.post_message(DatabaseChecked(trouble=sentence(error)))
            return
        if done is None:
            return
        if not done.health.ok:
            from .store.database.files import damaged_sentence  # noqa: PLC0415

            self.post_message(DatabaseChecked(damaged=damaged_sentence(self.store.where)))
        else:
            self.post_message(DatabaseChecked(backup=done.backup, trouble=done.backup_error))

    def on_database_checked(self, message: DatabaseChecked) -> None:
        """Damage found: told at once, in a notification that stays and on Home's status line;
        the app goes on showing what it can read."""
        if message.damaged:
            self.notify(
                clean(message.damaged, 2000),
                title="The database is damaged",
                severity="error",
                timeout=STAYS,
                markup=False,
            )
            self.home.post_message(DatabaseOpened(error=message.damaged))
        elif message.trouble:
            self.notify(clean(message.trouble, 2000), severity="warning", markup=False)

    def open_contact(self, reference: str) -> None:
        """Show a contact's screen: the one kept from the last contact, pointed at this one,
        unless it is still in use (on the stack under a ticket, or saving)."""
        from .screens.contact import ContactScreen  # noqa: PLC0415 - off the first paint's path

        kept = self._contact_screen
        if kept is not None and kept.reusable:
            kept.show_contact(reference)
            self._arrive(kept, ARRIVAL_WAIT)
            return
        screen = ContactScreen(reference)
        if kept is None:
            self._contact_screen = screen
            self.install_screen(screen, name="contact")
        self.push_screen(screen)
        self._arrive(screen, FIRST_ARRIVAL_WAIT)

    def _arrive(self, screen: ContactScreen, wait: float) -> None:
        """Hold the keys typed from now until ``screen`` has read its contact, or ``wait``
        seconds (``contact_arrived``)."""
        self._arriving = screen
        if self._arrival_timer is not None:
            self._arrival_timer.stop()
        self._arrival_timer = self.set_timer(wait, lambda: self.contact_arrived(screen))

    @property
    def arriving(self) -> ContactScreen | None:
        """The contact screen reading the contact it is about to show (a new one shows it
        loading), if any: keys wait for it."""
        return self._arriving

    async def contact_arrived(self, screen: ContactScreen, found: bool = True) -> bool:
        """Show the kept contact screen once it has read its contact (``found``; not found, the
        agent stays where they were, told why), or once reading it has taken ``ARRIVAL_WAIT``;
        then the keys typed meanwhile, in order. Shown before the read, it was laid out and
        painted empty, then again: a third of an open, and the read waited for it. A new
        screen (the session's first contact) is shown at once, saying it is loading; the keys
        typed meanwhile wait for its contact all the same (``h`` typed then was lost: there
        was no contact yet to show the history of). Whether it was shown now."""
        if self._arriving is not screen:
            return False
        self._arriving = None
        if self._arrival_timer is not None:
            self._arrival_timer.stop()
            self._arrival_timer = None
        shown = found and screen not in self.screen_stack
        if shown:
            self.push_screen(screen)
        if found and not self._kept_frozen and screen is self._contact_screen:
            self._kept_frozen = True
            screen.call_after_refresh(keep_built)
        self.replay_held()
        return shown

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """Remove the kept contact screen first, as a popped screen is, when it is not on the
        stack: Textual's shutdown would close it without unmounting, and a read of its that
        lands meanwhile would find its widgets gone."""
        kept = self._contact_screen
        if kept is not None and kept not in self.screen_stack:
            self._contact_screen = None
            self._arriving = None
            self.workers.cancel_node(kept)
            self.uninstall_screen(kept)
            kept.remove()
        super().exit(result, return_code, message)

    def open_company(self, name_or_reference: str) -> None:
        """Show a company's screen (by its name in any case, or its reference)."""
        from .screens.company import CompanyScreen  # noqa: PLC0415 - off the first paint's path

        self.push_screen(CompanyScreen(name_or_reference))

    def on_open_company(self, message: OpenCompany) -> None:
        """A screen's widget asked for a company (the Company field of a contact)."""
        self.open_company(message.name)

    def open_ticket(self, reference: str, detail: TicketDetail | None = None) -> None:
        """Show a ticket's screen (``detail``: the ticket as just read, else it reads it)."""
        from .screens.ticket import TicketScreen  # noqa: PLC0415 - off the first paint's path

        self.push_screen(TicketScreen(reference, detail))

    def new_ticket(self, contact: str, name: str, then: Callable[[], object]) -> None:
        """Ask for a new ticket for a contact (by reference; ``name`` titles the form), then run
        ``then`` (the list that shows it reads again)."""
        from .screens.new_ticket import NewTicketScreen  # noqa: PLC0415 - off the first paint

        self.push_screen(NewTicketScreen(contact, name), lambda made: then() if made else None)

    def new_contact(self, company: str = "") -> None:
        """Ask for a new contact (``company`` filled in), then open it (or the contact the
        form chose to open instead)."""
        from .screens.new_contact import NewContactScreen  # noqa: PLC0415 - off the first paint

        def created(reference: str | None) -> None:
            if reference is not None:
                self.open_contact(reference)

        self.push_screen(NewContactScreen(company=company), created)

    def action_command_palette(self) -> None:
        """The palette, with ``enter`` that waits for the hits of what was typed."""
        if self.use_command_palette and not ContactPalette.is_open(self):
            self.push_screen(ContactPalette(id="--command-palette"))

    def action_help(self) -> None:
        """Show the keys of the screen underneath."""
        from .screens.help import HelpScreen  # noqa: PLC0415 - off the first paint's path

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_search(self) -> None:
        """Back to Home with the search box focused, from anywhere; asks first if a screen on
        the way has unsaved edits."""

        def go() -> None:
            while len(self.screen_stack) > 2 and self.screen is not self.home:
                self.pop_screen()
            self.home.focus_search()

        self._unless_unsaved("Discard the unsaved changes to go back to search?", "Discard", go)

    def _unless_unsaved(self, question: str, action: str, then: Callable[[], object]) -> None:
        """Run ``then`` now, or after a yes if any open screen holds unsaved edits."""
        if not any(getattr(screen, "dirty", False) for screen in self.screen_stack):
            then()
            return
        from .screens.confirm import ConfirmScreen  # noqa: PLC0415
        from .screens.contact import ContactScreen  # noqa: PLC0415

        def discard() -> None:
            for screen in self.screen_stack:
                if isinstance(screen, ContactScreen) and screen.dirty:
                    screen.discard_draft()
            then()

        self.push_screen(ConfirmScreen(question, action), lambda yes: discard() if yes else None)

    async def action_quit(self) -> None:
        """Quit, but ask first if a contact has unsaved edits (nothing is lost by accident)."""
        self._unless_unsaved(
            "A contact or company has unsaved changes. Quit and discard them?", "Quit", self.exit
        )

    def on_unmount(self) -> None:
        self.stop_delivering()
        self.store.close()
