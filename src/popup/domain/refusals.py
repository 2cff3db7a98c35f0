"""A refusal staff read, worded twice: an English sentence, and a key with its specifics."""

from __future__ import annotations

from popup.domain.cards import InvalidNumber
from popup.domain.concerns import Params


class Refusal(Exception):
    """``str(exc)`` is the English sentence (logs, the command line, the server); ``key`` and
    ``params`` say the same in parts for a UI that words it in its own language; ``invalid`` is
    the number's problem where the sentence embeds one ("No patron card: “123” has 3
    characters…")."""

    def __init__(
        self,
        message: str = "",
        key: str = "",
        params: Params = (),
        invalid: InvalidNumber | None = None,
    ) -> None:
        super().__init__(message)
        self.key = key
        self.params = params
        self.invalid = invalid
