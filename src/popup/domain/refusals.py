"""The one root of everything the core refuses and says to staff.

A refusal is a key and its specifics (``params``); its English sentence comes from the key's
catalogue in the translation message table (:mod:`popup.domain.messages`), which the UI
translates too (``popup.ui.text.refusal_text`` words any refusal). Subclasses name their
catalogue: the desk's :class:`~popup.store.circulation.DeskError`, the event screen's
:class:`~popup.store.events.EventError`, the sign-up's :class:`~popup.store.signup.SignupError`,
the sync client's :class:`~popup.sync_client.client.SyncError`, a scanned number's
:class:`~popup.domain.cards.InvalidNumber` and a headcount's
:class:`~popup.domain.attendance.CountRefused`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from popup.domain.messages import Catalogue, Params

if TYPE_CHECKING:
    from popup.domain.cards import InvalidNumber


class Refusal(Exception):
    """``str(exc)`` is the English sentence (logs, the command line, the server); ``key`` names
    it in :attr:`CATALOGUE` and ``params`` holds its specifics, for a UI that words it in its
    own language. ``invalid`` is a scanned number's problem where the sentence embeds one
    (``{problem}``: "No patron card: “123” has 3 characters…"). A refusal that passes on words
    from elsewhere (the server's message, the operating system's) has no key: ``said`` is its
    sentence, as it is.
    """

    #: The family of sentences ``key`` belongs to.
    CATALOGUE: ClassVar[Catalogue]

    def __init__(
        self,
        key: str = "",
        params: Params = (),
        *,
        invalid: InvalidNumber | None = None,
        said: str = "",
    ) -> None:
        self.key = key
        self.params = params
        self.invalid = invalid
        self.said = said
        super().__init__(self.english())

    def english(self) -> str:
        """The English sentence (what ``str()`` gives)."""
        if not self.key:
            return self.said
        extra = {"problem": str(self.invalid)} if self.invalid is not None else None
        return self.CATALOGUE.english(self.key, self.params, extra)
