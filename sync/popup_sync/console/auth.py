"""Console accounts and sign-in: argon2id password hashes, lockout after wrong passwords,
and browser sessions (a random cookie token kept only hashed, with the session's CSRF token).

Functions take the caller's session and work inside its transaction, like :mod:`popup_sync.crud`.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from popup_sync.console.access import ConsoleUserInfo, Role
from popup_sync.crud import AdminError
from popup_sync.models import ConsoleSession, ConsoleUser, Library

#: argon2id with the library's defaults (RFC 9106's second recommended set: 64 MiB, 3 passes).
_hasher = PasswordHasher()
#: Checked against when the login is unknown, so an unknown login takes as long as a wrong
#: password and the timing does not tell which logins exist.
_DUMMY_HASH = _hasher.hash("not a password anyone has")

MIN_PASSWORD = 10
#: The sign-in form takes no longer password (a longer one could be set but never typed in).
MAX_PASSWORD = 1000
#: The column's length (PostgreSQL refuses a longer name; SQLite would keep it).
MAX_NAME = 200
LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    """Refuse a password too short to withstand guessing (say why)."""
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"a console password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AdminError(f"a console password has at most {MAX_PASSWORD} characters")
    if password.strip() != password:
        raise AdminError("a console password may not start or end with a space")


def _login(login: str) -> str:
    login = login.strip().lower()
    if not login or len(login) > 64 or not set(login) <= LOGIN_CHARS:
        raise AdminError("a login is 1 to 64 characters: lower-case letters, digits and . _ - @")
    return login


def add_user(
    *,
    session: Session,
    login: str,
    name: str,
    role: Role,
    library: Library | None,
    password: str,
) -> ConsoleUser:
    login = _login(login)
    if not name.strip():
        raise AdminError("a console user needs a name")
    if len(name.strip()) > MAX_NAME:
        raise AdminError(f"a console user's name has at most {MAX_NAME} characters")
    if role is Role.MANAGER and library is None:
        raise AdminError("a library manager needs --library: the one library they run")
    if role is Role.ADMIN and library is not None:
        raise AdminError(
            "a consortium administrator is not tied to one library; leave out --library"
        )
    check_password_rules(password)
    if session.scalar(select(ConsoleUser.id).where(ConsoleUser.login == login)) is not None:
        raise AdminError(f"there is already a console user {login!r}")
    user = ConsoleUser(
        login=login,
        name=name.strip(),
        role=role.value,
        library_id=library.id if library else None,
        password_hash=hash_password(password),
        failed_logins=0,
        created_at=datetime.now(UTC),
    )
    session.add(user)
    session.flush()
    return user


def get_user(*, session: Session, login: str) -> ConsoleUser:
    user = session.scalar(select(ConsoleUser).where(ConsoleUser.login == login.strip().lower()))
    if user is None:
        raise AdminError(f"there is no console user {login!r}")
    return user


def set_password(*, session: Session, user: ConsoleUser, password: str) -> None:
    """A new password; it also unlocks the account and signs out its open sessions."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    end_sessions(session=session, user_id=user.id)


def disable_user(*, session: Session, user: ConsoleUser) -> None:
    user.disabled_at = user.disabled_at or datetime.now(UTC)
    end_sessions(session=session, user_id=user.id)


def enable_user(*, session: Session, user: ConsoleUser) -> None:
    user.disabled_at = None
    user.failed_logins = 0
    user.locked_until = None


class SignIn(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class SignInResult:
    outcome: SignIn
    user: ConsoleUser | None = None
    #: When LOCKED: until when.
    locked_until: datetime | None = None
    #: This attempt locked the account (it was the last wrong password allowed).
    just_locked: bool = False


def sign_in(
    *,
    session: Session,
    login: str,
    password: str,
    tries: int,
    lock_for: timedelta,
    now: datetime | None = None,
) -> SignInResult:
    """Check a login and password. A disabled or unknown account is WRONG (never said which);
    ``tries`` wrong passwords in a row lock the account for ``lock_for``; while it is locked
    even the right password is refused, and the attempt does not count."""
    now = now or datetime.now(UTC)
    user = session.scalar(
        select(ConsoleUser).where(ConsoleUser.login == login.strip().lower()).with_for_update()
    )
    if user is None or user.disabled_at is not None:
        _verify(_DUMMY_HASH, password)
        return SignInResult(SignIn.WRONG)
    if user.locked_until is not None and user.locked_until > now:
        return SignInResult(SignIn.LOCKED, locked_until=user.locked_until)
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= tries:
            user.failed_logins = 0
            user.locked_until = now + lock_for
            return SignInResult(SignIn.LOCKED, locked_until=user.locked_until, just_locked=True)
        return SignInResult(SignIn.WRONG)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return SignInResult(SignIn.OK, user=user)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# -- sessions -------------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    *, session: Session, user: ConsoleUser, lifetime: timedelta, now: datetime | None = None
) -> str:
    """A new browser session for ``user``; returns the cookie's token (kept only hashed)."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    session.add(
        ConsoleSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
        )
    )
    # Old sessions of anyone are cleared as new ones start: the table stays small without a job.
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
    return token


def session_user(
    *,
    session: Session,
    token: str,
    idle: timedelta,
    now: datetime | None = None,
    touch: bool = True,
) -> ConsoleUserInfo | None:
    """The user of a live session (``None`` when the token is unknown, expired, idle too long,
    or its account was disabled). Touches the session at most once a minute (``touch``)."""
    now = now or datetime.now(UTC)
    row = session.get(ConsoleSession, _token_hash(token))
    if row is None or row.expires_at <= now or row.last_seen_at + idle <= now:
        return None
    user = session.get(ConsoleUser, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    if touch and touch_due(row.last_seen_at, now):
        row.last_seen_at = now
    return ConsoleUserInfo(
        id=user.id,
        login=user.login,
        name=user.name,
        role=Role(user.role),
        library_id=user.library_id,
        csrf_token=row.csrf_token,
    )


#: A session's last-seen time is written at most this often: a page read is no write.
TOUCH_EVERY = timedelta(minutes=1)


def touch_due(last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at > TOUCH_EVERY


def last_seen(*, session: Session, token: str) -> datetime | None:
    """When the session of ``token`` was last touched (None: no such session)."""
    row = session.get(ConsoleSession, _token_hash(token))
    return None if row is None else row.last_seen_at


def end_session(*, session: Session, token: str) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _token_hash(token)))


def end_sessions(*, session: Session, user_id: int) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))
