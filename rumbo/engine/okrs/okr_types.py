"""The OKR vocabulary: the facts that come in, the scores that go out, and the method's limits.

Every figure is a `Decimal`. The app keeps baselines, targets and values in
DecimalFields and `numbers.py` formats Decimals, so nothing is lost between the
database, the score and the sentence. Facts may carry int, float or Decimal; the
engine reads them once through `numbers.parse_number` (a float through its repr, so
0.1 stays 0.1). Each score comes twice: `score` is exact, for arithmetic; `grade` is
that score to two decimals, rounded half up, and is what people see. Colours, pace
and assessments are decided on the grade, so a board never shows "0,65" in two colours.

The kinds and types below belong with `vocab.py` once the models store them.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from rumbo.engine.errors import RumboError, gettext_noop

Number = int | float | Decimal


class KeyResultKind(StrEnum):
    NUMBER = "number"  # move a figure from a baseline to a target
    PERCENT = "percent"  # the same, in percentage points: 45 means 45 %
    MILESTONE = "milestone"  # done or not done


class ObjectiveType(StrEnum):
    COMMITTED = "committed"  # comprometido: expected to reach 1.0
    ASPIRATIONAL = "aspirational"  # aspiracional: about 0.7 counts as success


class Colour(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class Assessment(StrEnum):
    SUCCESS = "success"  # at or above what the type expects
    BEHIND = "behind"  # within 0.3 below it
    MISSED = "missed"  # further below


class Pace(StrEnum):
    AHEAD = "ahead"
    ON = "on"
    SLIGHTLY_BEHIND = "slightly_behind"  # within the margin: not yet slipping
    BEHIND = "behind"  # more than the margin below: slipping


class SlipReason(StrEnum):
    BEHIND_PACE = "behind_pace"
    CONFIDENCE_FALLING = "confidence_falling"
    CONFIDENCE_LOW = "confidence_low"
    KEY_RESULT_SLIPPING = "key_result_slipping"  # objectives only


# Google's playbook: committed OKRs are expected to reach 1.0, aspirational ones about 0.7.
SUCCESS_LEVEL = {ObjectiveType.COMMITTED: Decimal("1.00"), ObjectiveType.ASPIRATIONAL: Decimal("0.70")}
BEHIND_BAND = Decimal("0.30")  # one colour band below the success level is "behind", not "missed"
SLIP_MARGIN = Decimal("0.10")  # one tenth, the playbook's grading step, tolerated below the pace
CONFIDENCE_DROP = 2  # a one-point dip is noise in a weekly 0–10 guess; two points is a trend
TREND_WINDOW_DAYS = 28  # the drop is measured against the last four weekly check-ins
LOW_CONFIDENCE = 3  # Wodtke's scale: 5/10 is a healthy start for a stretch KR, 3 or less is trouble
STRETCH_STARTING_CONFIDENCE = 5  # suggested first confidence for a new stretch KR
MIN_KEY_RESULTS = 2  # a result and its counterweight (Doerr)
MAX_KEY_RESULTS = 5  # Doerr and WhatMatters: five or fewer per objective
MAX_OBJECTIVES_PER_LEVEL = 5  # WhatMatters: at most five objectives per level


def pace_of(grade: Decimal, expected: Decimal) -> Pace:
    """Where a grade stands against the grade expected by now."""
    if grade > expected:
        return Pace.AHEAD
    if grade == expected:
        return Pace.ON
    return Pace.SLIGHTLY_BEHIND if grade >= expected - SLIP_MARGIN else Pace.BEHIND


def validate_cycle(start: date, end: date) -> None:
    """A cycle must end after it starts; a zero-length cycle has no pace to follow."""
    if end <= start:
        raise RumboError(
            gettext_noop("El ciclo debe terminar después de empezar: empieza el %(start)s y termina el %(end)s."),
            start=start.strftime("%d/%m/%Y"),
            end=end.strftime("%d/%m/%Y"),
        )


@dataclass(frozen=True)
class Cycle:
    """The dates an objective runs between, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        validate_cycle(self.start, self.end)

    @property
    def is_calendar_quarter(self) -> bool:
        s, e = self.start, self.end
        return s.day == 1 and s.month % 3 == 1 and (e.year, e.month) == (s.year, s.month + 2) and _last_day(e)

    @property
    def is_calendar_year(self) -> bool:
        s, e = self.start, self.end
        return (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year


def _last_day(day: date) -> bool:
    return day.month != date.fromordinal(day.toordinal() + 1).month


@dataclass(frozen=True)
class KeyResultFacts:
    """A key result as the app stores it. Baseline and target are ignored for milestones."""

    title: str
    kind: KeyResultKind = KeyResultKind.NUMBER
    baseline: Number | None = None
    target: Number | None = None
    current: Number | None = None  # None: no value recorded yet, scored as the baseline
    done: bool = False  # milestones only
    weight: Number = 1
    confidences: Sequence[tuple[date, int]] = ()  # weekly check-ins, 0–10, any order


@dataclass(frozen=True)
class ObjectiveFacts:
    title: str
    type: ObjectiveType
    cycle: Cycle
    key_results: Sequence[KeyResultFacts] = ()


@dataclass(frozen=True)
class ConfidenceTrend:
    """The latest confidence and the highest one in the four weeks before it."""

    latest: int | None = None  # None: no check-in yet
    latest_on: date | None = None
    peak: int | None = None  # None: no earlier check-in in the window
    peak_on: date | None = None

    @property
    def falling(self) -> bool:
        return self.peak is not None and self.latest is not None and self.peak - self.latest >= CONFIDENCE_DROP

    @property
    def low(self) -> bool:
        return self.latest is not None and self.latest <= LOW_CONFIDENCE


@dataclass(frozen=True)
class KeyResultScore:
    facts: KeyResultFacts
    score: Decimal  # exact, 0–1
    grade: Decimal  # two decimals, half up
    colour: Colour
    expected: Decimal  # grade expected by now (two decimals)
    reasons: tuple[SlipReason, ...]
    confidence: ConfidenceTrend
    story_es: str = ""
    story_en: str = ""

    @property
    def slipping(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class ObjectiveScore:
    facts: ObjectiveFacts
    as_of: date
    elapsed: Decimal  # share of the cycle gone, two decimals
    score: Decimal
    grade: Decimal
    colour: Colour
    expected: Decimal
    reasons: tuple[SlipReason, ...]
    key_results: tuple[KeyResultScore, ...]
    story_es: str = ""
    story_en: str = ""

    @property
    def slipping(self) -> bool:
        return bool(self.reasons)

    @property
    def slipping_key_results(self) -> tuple[KeyResultScore, ...]:
        return tuple(kr for kr in self.key_results if kr.slipping)


@dataclass(frozen=True)
class KeyResultReview:
    facts: KeyResultFacts
    score: Decimal
    grade: Decimal
    colour: Colour
    assessment: Assessment
    carries_over: bool


@dataclass(frozen=True)
class ObjectiveReview:
    facts: ObjectiveFacts
    grade: Decimal
    colour: Colour
    assessment: Assessment
    carries_over: bool
    key_results: tuple[KeyResultReview, ...] = field(default=())
    story_es: str = ""
    story_en: str = ""

    @property
    def carried_key_results(self) -> tuple[KeyResultReview, ...]:
        return tuple(kr for kr in self.key_results if kr.carries_over)
