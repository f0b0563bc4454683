"""Key-result and objective scores, committed vs aspirational, pace and confidence, and the end-of-cycle review.

The rules, where the method leaves room to choose (Google's playbook, Doerr, Wodtke):

- A number or percentage key result scores (current − baseline) ÷ (target − baseline),
  clipped to 0–1; the direction follows from the target being above or below the
  baseline. No value yet scores as the baseline: 0. A milestone scores 0 or 1.
- An objective scores the weighted average of its key results' exact scores (weights
  default to 1); an objective without key results scores 0.
- The grade is the score to two decimals, half up. The colour rounds the grade to one
  decimal, half up: 0.0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green. So 0.34 is red, 0.35
  yellow, 0.64 yellow and 0.65 green.
- Committed objectives succeed at 1.0 and aspirational ones at 0.7. Up to 0.3 below
  that is "behind", further below is "missed". What ends the cycle below success is
  proposed to carry over (committed < 1.0, aspirational < 0.7), key results and
  objectives alike; the team decides whether it is still worth pursuing.
- Expected by now = success level × share of the cycle gone, counted in days from the
  start (0) to the end date (1). Aspirational key results are paced towards 0.7.
- A key result slips when its grade is more than 0.1 below the expected grade
  (milestones are 0 until done, so they slip on confidence only), when its confidence
  fell 2 points or more below its highest check-in in the four weeks before the latest,
  or when its latest confidence is 3/10 or less. Check-ins after `as_of` are ignored,
  so a past week can be replayed. An objective slips when its own grade is behind
  pace or any of its key results slips.
"""

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from rumbo.engine.okrs import okr_story
from rumbo.engine.okrs.okr_checks import (
    AlignmentIssue,
    AlignmentWarning,
    ObjectiveNode,
    alignment_warnings,
    figure,
    validate_check_in,
    validate_confidence,
    validate_key_result,
    validate_objective,
    validate_parent,
    validate_targets,
    validate_weight,
    would_create_cycle,
)
from rumbo.engine.okrs.okr_types import (
    BEHIND_BAND,
    SUCCESS_LEVEL,
    TREND_WINDOW_DAYS,
    Assessment,
    Colour,
    ConfidenceTrend,
    Cycle,
    KeyResultFacts,
    KeyResultKind,
    KeyResultReview,
    KeyResultScore,
    Number,
    ObjectiveFacts,
    ObjectiveReview,
    ObjectiveScore,
    ObjectiveType,
    Pace,
    SlipReason,
    pace_of,
    validate_cycle,
)

# One import for the app: the vocabulary and the checks are re-exported from here.
__all__ = [
    "AlignmentIssue",
    "AlignmentWarning",
    "Assessment",
    "Colour",
    "ConfidenceTrend",
    "Cycle",
    "KeyResultFacts",
    "KeyResultKind",
    "KeyResultReview",
    "KeyResultScore",
    "ObjectiveFacts",
    "ObjectiveNode",
    "ObjectiveReview",
    "ObjectiveScore",
    "ObjectiveType",
    "Pace",
    "SlipReason",
    "alignment_warnings",
    "assess",
    "carries_over",
    "colour_of",
    "confidence_trend",
    "elapsed_share",
    "expected_progress",
    "grade_of",
    "pace_of",
    "quarter_cycle",
    "review_objective",
    "score_key_result",
    "score_objective",
    "score_of",
    "validate_check_in",
    "validate_confidence",
    "validate_cycle",
    "validate_key_result",
    "validate_objective",
    "validate_parent",
    "validate_targets",
    "validate_weight",
    "weighted_score",
    "would_create_cycle",
]

_CENT, _TENTH = Decimal("0.01"), Decimal("0.1")


def quarter_cycle(day: date) -> Cycle:
    """The calendar quarter that contains the day: OKR cycles are quarterly by default."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    following = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return Cycle(start, following - timedelta(days=1))


def _elapsed(cycle: Cycle, as_of: date) -> Decimal:
    days = min(max((as_of - cycle.start).days, 0), (cycle.end - cycle.start).days)
    return Decimal(days) / Decimal((cycle.end - cycle.start).days)


def elapsed_share(cycle: Cycle, as_of: date) -> Decimal:
    """The share of the cycle gone by the day, 0–1, two decimals (0 before it starts, 1 after it ends)."""
    return grade_of(_elapsed(cycle, as_of))


def expected_progress(cycle: Cycle, as_of: date, objective_type: ObjectiveType = ObjectiveType.COMMITTED) -> Decimal:
    """The grade a key result should have by the day if it moves steadily to success."""
    return grade_of(SUCCESS_LEVEL[objective_type] * _elapsed(cycle, as_of))


def grade_of(score: Decimal) -> Decimal:
    return score.quantize(_CENT, rounding=ROUND_HALF_UP)


def colour_of(grade: Decimal) -> Colour:
    tenth = grade.quantize(_TENTH, rounding=ROUND_HALF_UP)
    if tenth <= Decimal("0.3"):
        return Colour.RED
    return Colour.YELLOW if tenth <= Decimal("0.6") else Colour.GREEN


def assess(grade: Decimal, objective_type: ObjectiveType) -> Assessment:
    success = SUCCESS_LEVEL[objective_type]
    if grade >= success:
        return Assessment.SUCCESS
    return Assessment.BEHIND if grade >= success - BEHIND_BAND else Assessment.MISSED


def carries_over(grade: Decimal, objective_type: ObjectiveType) -> bool:
    return grade < SUCCESS_LEVEL[objective_type]


def score_of(facts: KeyResultFacts) -> Decimal:
    """The exact 0–1 score of a key result whose facts are already valid."""
    if facts.kind == KeyResultKind.MILESTONE:
        return Decimal(1) if facts.done else Decimal(0)
    if facts.current is None:
        return Decimal(0)
    baseline = figure(facts.baseline, facts.title)
    moved = figure(facts.current, facts.title) - baseline
    return min(max(moved / (figure(facts.target, facts.title) - baseline), Decimal(0)), Decimal(1))


def weighted_score(scores_and_weights: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    pairs = list(scores_and_weights)
    if not pairs:
        return Decimal(0)
    total = sum((weight for _, weight in pairs), Decimal(0))
    return sum((score * weight for score, weight in pairs), Decimal(0)) / total


def confidence_trend(confidences: Sequence[tuple[date, int]], as_of: date) -> ConfidenceTrend:
    """The latest confidence up to the day, and the highest one in the four weeks before it."""
    seen = sorted((c for c in confidences if c[0] <= as_of), key=lambda c: c[0])
    if not seen:
        return ConfidenceTrend()
    latest_on, latest = seen[-1]
    window = [c for c in seen[:-1] if (latest_on - c[0]).days <= TREND_WINDOW_DAYS]
    if not window:
        return ConfidenceTrend(latest, latest_on)
    # Among equal highs, the most recent: "fell from 7 to 4 in two weeks", not in four.
    peak_on, peak = max(window, key=lambda c: (c[1], c[0]))
    return ConfidenceTrend(latest, latest_on, peak, peak_on)


def _read(facts: KeyResultFacts) -> KeyResultFacts:
    """The facts with every figure as a Decimal, so scores and sentences use the same numbers."""

    def number(value: Number | None) -> Decimal | None:
        return None if value is None else figure(value, facts.title)

    return replace(
        facts,
        baseline=number(facts.baseline),
        target=number(facts.target),
        current=number(facts.current),
        weight=figure(facts.weight, facts.title),
        confidences=tuple(sorted(((on, int(value)) for on, value in facts.confidences), key=lambda c: c[0])),
    )


def _score(facts: KeyResultFacts, cycle: Cycle, as_of: date, objective_type: ObjectiveType) -> KeyResultScore:
    score = score_of(facts)
    grade = grade_of(score)
    expected = expected_progress(cycle, as_of, objective_type)
    trend = confidence_trend(facts.confidences, as_of)
    reasons = []
    if facts.kind != KeyResultKind.MILESTONE and pace_of(grade, expected) == Pace.BEHIND:
        reasons.append(SlipReason.BEHIND_PACE)
    if trend.falling:
        reasons.append(SlipReason.CONFIDENCE_FALLING)
    if trend.low:
        reasons.append(SlipReason.CONFIDENCE_LOW)
    scored = KeyResultScore(facts, score, grade, colour_of(grade), expected, tuple(reasons), trend)
    elapsed = elapsed_share(cycle, as_of)
    return replace(
        scored,
        story_es=okr_story.key_result_story(scored, cycle, as_of, elapsed, "es"),
        story_en=okr_story.key_result_story(scored, cycle, as_of, elapsed, "en"),
    )


def score_key_result(
    facts: KeyResultFacts, *, cycle: Cycle, as_of: date, objective_type: ObjectiveType = ObjectiveType.COMMITTED
) -> KeyResultScore:
    """Score one key result on a day of its cycle; raises RumboError on invalid facts."""
    validate_key_result(facts, cycle)
    return _score(_read(facts), cycle, as_of, ObjectiveType(objective_type))


def score_objective(facts: ObjectiveFacts, *, as_of: date) -> ObjectiveScore:
    """Score an objective and its key results on a day; raises RumboError on invalid facts."""
    validate_objective(facts)
    kind = ObjectiveType(facts.type)
    key_results = tuple(_score(_read(kr), facts.cycle, as_of, kind) for kr in facts.key_results)
    score = weighted_score((kr.score, figure(kr.facts.weight, kr.facts.title)) for kr in key_results)
    grade = grade_of(score)
    expected = expected_progress(facts.cycle, as_of, kind)
    reasons = []
    if key_results and pace_of(grade, expected) == Pace.BEHIND:
        reasons.append(SlipReason.BEHIND_PACE)
    if any(kr.slipping for kr in key_results):
        reasons.append(SlipReason.KEY_RESULT_SLIPPING)
    scored = ObjectiveScore(
        facts,
        as_of,
        elapsed_share(facts.cycle, as_of),
        score,
        grade,
        colour_of(grade),
        expected,
        tuple(reasons),
        key_results,
    )
    return replace(
        scored, story_es=okr_story.objective_story(scored, "es"), story_en=okr_story.objective_story(scored, "en")
    )


def review_objective(facts: ObjectiveFacts) -> ObjectiveReview:
    """Final grades, assessments and what carries over, from the values at the end of the cycle."""
    validate_objective(facts)
    kind = ObjectiveType(facts.type)
    reviews = []
    for kr in map(_read, facts.key_results):
        score = score_of(kr)
        grade = grade_of(score)
        reviews.append(
            KeyResultReview(kr, score, grade, colour_of(grade), assess(grade, kind), carries_over(grade, kind))
        )
    grade = grade_of(weighted_score((kr.score, figure(kr.facts.weight, kr.facts.title)) for kr in reviews))
    reviewed = ObjectiveReview(
        facts, grade, colour_of(grade), assess(grade, kind), carries_over(grade, kind), tuple(reviews)
    )
    return replace(
        reviewed, story_es=okr_story.review_story(reviewed, "es"), story_en=okr_story.review_story(reviewed, "en")
    )
