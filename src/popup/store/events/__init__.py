"""Outreach stops, events and attendance: the store API behind the event and stop report
screens.

Every write is one store transaction holding the business rows and their outbox record, like a
checkout, so a confirmed tap survives a crash and uploads exactly once. :class:`Events` is put
together from one part per concept:

* :mod:`.stops`: stops opened here or planned at the server, and today's stop;
* :mod:`.programme`: the events of a stop;
* :mod:`.counting`: headcount taps and card scans (counts are rebuilt from the rows);
* :mod:`.registrations`: the registration list, waitlist and check-in;
* :mod:`.report`: the stop report and the survey table (written by
  :mod:`popup.interop.survey_csv`);
* :mod:`.views`: errors, views and registration statuses; :mod:`.base`: what they share.

Errors are :class:`EventError` subclasses whose ``str()`` is a sentence for staff.
"""

from __future__ import annotations

from popup.store.events.programme import ProgrammeApi
from popup.store.events.registrations import RegistrationsApi
from popup.store.events.report import (
    ACTIVITY_GROUPS,
    ATTENDANCE_GROUP,
    PAYMENTS_GROUP,
    EventReport,
    ReportApi,
    StaffActivity,
    StopReport,
)
from popup.store.events.stops import StopsApi
from popup.store.events.views import (
    CANCELLED,
    CHECKED_IN,
    REGISTERED,
    WAITLIST,
    BandNeeded,
    CountResult,
    EventError,
    EventView,
    NotFound,
    RegistrationResult,
    RegistrationView,
    ScanResult,
    StopView,
)


class Events(StopsApi, ProgrammeApi, RegistrationsApi, ReportApi):
    """Stops, events and attendance over one store. Use from one thread at a time."""


__all__ = [
    "ACTIVITY_GROUPS",
    "ATTENDANCE_GROUP",
    "CANCELLED",
    "CHECKED_IN",
    "PAYMENTS_GROUP",
    "REGISTERED",
    "WAITLIST",
    "BandNeeded",
    "CountResult",
    "EventError",
    "EventReport",
    "EventView",
    "Events",
    "NotFound",
    "RegistrationResult",
    "RegistrationView",
    "ScanResult",
    "StaffActivity",
    "StopReport",
    "StopView",
]
