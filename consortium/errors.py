"""Our own exceptions: every refusal the tool makes is one of these.

The CLI turns them into one-line ``click.ClickException`` messages, so a user sees
what went wrong and how to fix it, never a traceback.
"""

from __future__ import annotations


class ConsortiumError(Exception):
    """Base class: anything the user can fix by changing their input or options."""


class InputError(ConsortiumError):
    """A file could not be read or holds something we cannot use.

    The message names the file, and where it makes sense the row and field, then says
    what to do, e.g. ``partners.csv:12: field 'country': unknown code 'XX' (use an
    ISO 3166 two-letter code such as DE)``.
    """

    def __init__(self, path: object, message: str, *, row: int | None = None,
                 field: str | None = None) -> None:
        self.path = str(path)
        self.row = row
        self.field = field
        where = self.path if row is None else f"{self.path}:{row}"
        if field is not None:
            message = f"field '{field}': {message}"
        super().__init__(f"{where}: {message}")


class ModelError(ConsortiumError):
    """The embedding model could not be found or loaded."""


class SearchError(ConsortiumError):
    """No consortium satisfies the constraints; the message names the constraint."""
