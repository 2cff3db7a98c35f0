"""The console's front page: who is signed in, their libraries, and the way to every page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from popup_sync.api.deps import DatabaseDep
from popup_sync.console.deps import ConsoleUser, reading
from popup_sync.console.render import render

router = APIRouter()


@router.get("/console", response_class=HTMLResponse)
def home(request: Request, db: DatabaseDep, user: ConsoleUser) -> HTMLResponse:
    with reading(db, user) as scope:
        libraries = [(lib.code, lib.name) for lib in scope.libraries()]
    return render(request, "home.html", user, title="Console", libraries=libraries)
