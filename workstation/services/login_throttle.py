"""Slowing down and locking repeated failed logins.

A wrong password cannot open the database, so the counters live in the key file beside it,
per slot (``keyslots.Slot.failures`` / ``retry_after`` / ``locked_until``), and each failure
is queued in the key file (``KeyFile.pending``) until the next successful login writes it to
the audit trail. The queue is a hash-ratcheted MAC chain whose checkpoint only the data key
opens (``keyslots.KeyFile.verify_pending``, docs/security.md): entries altered, planted or
deleted, and counters reset by hand, are noticed and audited at the next login. Before that
login nothing can be checked: this is a throttle for the login screen, not a defence against
someone who can edit files; against offline guessing it is Argon2's cost that counts.

Policy: the first failure costs nothing (a typo); from the second on, attempts are refused
for a growing delay (2, 4, 8 s ...); the ``MAX_FAILURES``-th failure in a row locks the slot
for ``LOCK_SECONDS``. When the lock ends the count starts again. A success, or a new password
set by an admin, clears everything.
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime

from workstation.storage.keyslots import KeyFile, Slot

from .context import ServiceError

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
MAX_DELAY_SECONDS = 30

#: The clock (seconds since the epoch); tests replace it.
now = time.time


class LoginFailed(ServiceError):
    """Wrong user name or password (deliberately not saying which), or refused for now."""


class AccountLocked(LoginFailed):
    """Too many failures in a row: the account (or the recovery code) is locked for a while."""


class TooSoon(LoginFailed):
    """Attempted again before the growing delay after the last failure ran out."""


def delay_after(failures: int) -> float:
    """Seconds an attempt is refused after ``failures`` failures in a row."""
    if failures < 2:
        return 0.0
    return float(min(2 ** (failures - 1), MAX_DELAY_SECONDS))


def _clock(at: float) -> str:
    return datetime.fromtimestamp(at).strftime("%H:%M")


ACCOUNT = "账户"
RECOVERY = "恢复码"


def _unlock_hint(what: str) -> str:
    return "，或请管理员重置密码" if what == ACCOUNT else ""


def check_allowed(slot: Slot, at: float, what: str = ACCOUNT) -> None:
    """Refuse (before any password work) while the slot is locked or its delay runs."""
    if slot.locked_until > at:
        minutes = math.ceil((slot.locked_until - at) / 60)
        raise AccountLocked(f"连续输错{MAX_FAILURES}次，{what}已锁定，请约{minutes}分钟后"
                            f"（{_clock(slot.locked_until)}以后）再试{_unlock_hint(what)}")
    if slot.retry_after > at:
        seconds = math.ceil(slot.retry_after - at)
        raise TooSoon(f"尝试过于频繁，请等待{seconds}秒后再试")


def register_failure(slot: Slot, at: float) -> bool:
    """Count a failure on ``slot``; True when this one locked it."""
    if slot.locked_until and slot.locked_until <= at:
        slot.failures, slot.locked_until = 0, 0.0  # the lock ran out: a fresh set of tries
    slot.failures += 1
    if slot.failures >= MAX_FAILURES:
        slot.locked_until = at + LOCK_SECONDS
        slot.retry_after = 0.0
        return True
    slot.retry_after = at + delay_after(slot.failures)
    return False


def failure_message(slot: Slot | None, locked: bool, wrong: str = "用户名或密码错误",
                    what: str = ACCOUNT) -> str:
    if locked:
        hint = "（管理员可重置密码解除）" if what == ACCOUNT else ""
        return f"{wrong}。已连续输错{MAX_FAILURES}次，{what}锁定{LOCK_SECONDS // 60}分钟{hint}"
    if slot is not None and slot.failures >= 2:
        left = MAX_FAILURES - slot.failures
        return f"{wrong}。再输错{left}次将锁定{LOCK_SECONDS // 60}分钟"
    return wrong


def clear(slot: Slot) -> bool:
    """Reset after a success; True if anything changed (the key file needs saving)."""
    changed = bool(slot.failures or slot.retry_after or slot.locked_until)
    slot.failures, slot.retry_after, slot.locked_until = 0, 0.0, 0.0
    return changed


def queue_failure(keyfile: KeyFile, username: str, at: float, kind: str,
                  slot: Slot | None = None, *, audit: bool = True) -> None:
    """Remember a failure for the audit trail (written at the next successful login).

    ``kind``: ``failed`` (wrong secret), ``locked`` (this failure locked the slot),
    ``refused`` (tried while locked or too soon), ``cleared`` (a success reset the counters;
    never audited). The entry carries the slot's counters after it, so the authenticated
    queue (``KeyFile.append_pending``) also vouches for the throttle; ``audit`` False keeps
    it out of the audit trail (the caller audits the failure itself).
    """
    entry: dict[str, object] = {"at": datetime.fromtimestamp(at, UTC).isoformat(),
                                "username": username, "kind": kind}
    if slot is not None:
        entry.update(label=slot.label, failures=slot.failures, retry_after=slot.retry_after,
                     locked_until=slot.locked_until)
    if not audit:
        entry["audit"] = False
    keyfile.append_pending(entry)
