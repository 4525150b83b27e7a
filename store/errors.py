"""Errors a person caused and can fix: each carries one clear line of text."""


class UserError(Exception):
    """A bad date, an unknown id, an unreadable file: shown as one line, never a traceback."""


class StaleEditError(UserError):
    """The record changed on disk since it was read; the edit was not applied."""


class NotFoundError(UserError):
    """No record of that kind has that id."""
