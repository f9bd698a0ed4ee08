"""Time limits (限时办结) of the three services, as pure date arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: A mediation is normally concluded within one month of acceptance (人民调解工作若干规定).
MEDIATION_DAYS = 30
#: Parties may jointly apply for judicial confirmation within 30 days (人民调解法 art. 33).
JUDICIAL_CONFIRMATION_DAYS = 30
#: A follow-up visit is due this long after the agreement when it names no performance deadline.
FOLLOW_UP_DAYS = 30
#: The legal aid center decides within 7 working days of a complete application (法律援助法).
AID_DECISION_WORKING_DAYS = 7
#: The station tells the applicant of the center's decision within this many working days
#: of the decision. DOMAIN.md names no time limit (the station "should see and tell the
#: citizen"); 3 working days is the house rule, the same promise as forwarding an application
#: (``DEFAULT_FORWARD_DAYS``), so that a decision waits on the station no longer than an
#: application does.
DECISION_TELL_WORKING_DAYS = 3
#: Art. 44: a limitation period or deadline closer than this makes a referral urgent.
AID_URGENT_DAYS = 7
#: Default number of days a station promises to forward a referral within.
DEFAULT_FORWARD_DAYS = 3
#: How far ahead the dashboard warns of a deadline.
DUE_SOON_DAYS = 7


def mediation_deadline(accepted: date, extension_days: int = 0) -> date:
    """Last day to conclude a mediation accepted on ``accepted``."""
    return accepted + timedelta(days=MEDIATION_DAYS + max(0, extension_days))


def judicial_confirmation_deadline(agreement_effective: date) -> date:
    """Last day the parties may apply for judicial confirmation."""
    return agreement_effective + timedelta(days=JUDICIAL_CONFIRMATION_DAYS)


def follow_up_due(agreement_effective: date, performance_deadline: date | None) -> date:
    """Day a follow-up visit is due: the performance deadline, else a month after signing."""
    if performance_deadline is not None:
        return performance_deadline
    return agreement_effective + timedelta(days=FOLLOW_UP_DAYS)


#: Default forwarding promise for an urgent application: the next working day (0: the same day).
DEFAULT_URGENT_FORWARD_DAYS = 1
#: The admin's choices for the urgent promise (working days after the day it became urgent).
URGENT_FORWARD_CHOICES = (0, 1)


def forward_due(created: date, forward_days: int = DEFAULT_FORWARD_DAYS, *,
                limitation_deadline: date | None = None, on: date | None = None,
                urgent_forward_days: int = DEFAULT_URGENT_FORWARD_DAYS) -> date:
    """Day by which the station promised to forward an aid application made on ``created``.

    An application urgent on day ``on`` (art. 44: the limitation deadline less than 7 days
    away) is forwarded the same day (``urgent_forward_days`` 0) or the next working day (1)
    after the day it became urgent (the application day, or a later day as the deadline came
    closer), never later than the ordinary promise of ``forward_days`` days.
    """
    ordinary = created + timedelta(days=forward_days)
    if on is None or not is_urgent(limitation_deadline, on):
        return ordinary
    assert limitation_deadline is not None
    start = max(created, urgent_since(limitation_deadline))
    urgent = add_working_days(start, urgent_forward_days) if urgent_forward_days > 0 else start
    return min(ordinary, urgent)


def urgent_forward_text(urgent_forward_days: int) -> str:
    """The promise in words: 当日 / 次一工作日."""
    return "当日" if urgent_forward_days <= 0 else "次一工作日"


def add_working_days(start: date, days: int) -> date:
    """``start`` plus ``days`` working days (Monday to Friday; public holidays not modelled)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def aid_decision_due(forwarded: date) -> date:
    """Day the county center's decision is expected by."""
    return add_working_days(forwarded, AID_DECISION_WORKING_DAYS)


def decision_tell_due(decided: date) -> date:
    """Day the applicant should have been told of the center's decision by."""
    return add_working_days(decided, DECISION_TELL_WORKING_DAYS)


def is_urgent(limitation_deadline: date | None, today: date) -> bool:
    """True when a limitation period or deadline is less than 7 days away (art. 44).

    Urgency is a matter of the day: it is computed, never stored, wherever a referral is
    shown, listed, counted or forwarded."""
    if limitation_deadline is None:
        return False
    return (limitation_deadline - today).days < AID_URGENT_DAYS


def urgent_since(limitation_deadline: date) -> date:
    """First day on which an application with this deadline is urgent."""
    return limitation_deadline - timedelta(days=AID_URGENT_DAYS - 1)


@dataclass(frozen=True)
class DueState:
    """Where a deadline stands on a given day."""

    due: date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return 0 <= self.days_left <= DUE_SOON_DAYS

    @property
    def label(self) -> str:
        """Short Chinese description: 已超期3天 / 今天到期 / 还剩5天."""
        if self.days_left < 0:
            return f"已超期{-self.days_left}天"
        if self.days_left == 0:
            return "今天到期"
        return f"还剩{self.days_left}天"


def due_state(due: date, today: date) -> DueState:
    return DueState(due=due, days_left=(due - today).days)
