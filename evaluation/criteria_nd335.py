"""The kinds Nghị định 335/2025 adds: criteria scored by people, and the task results."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from .inputs import DossierStats, OfficerMonth
from .rates import estimate_rate, exact_fraction, raw_rate
from .results import CriterionResult, SubRateResult
from .rubric_schema import Criterion, SubRate


def _not_applicable(criterion: Criterion, reason: str, **extra) -> CriterionResult:
    return CriterionResult(criterion.code, criterion.kind, criterion.max_points, False, 0.0,
                           not_applicable_reason=reason, **extra)


def _converted(rate: float, target: float) -> Fraction:
    """Return the target conversion as a share of the points: min(1, rate / target)."""
    return min(Fraction(1), exact_fraction(rate) / exact_fraction(target))


def citizen_evidence(criterion: Criterion, officer: OfficerMonth, ctx) -> dict:
    """Return the citizen ratings behind a human-scored criterion, and their share.

    Policy (local rule, weight editable): the share is the mean of the target conversions
    of the adjusted satisfaction share and, when the rubric names a conduct target, the
    adjusted "4 xin, 4 luôn" share. An officer with no rating in the period has no citizen
    evidence at all: the site's rate never stands in for theirs.
    """
    evidence = criterion.citizen_evidence
    k, n = officer.ratings.scored(ctx.score_unverified)
    yes, answered = officer.conduct.scored(ctx.score_unverified)
    adj = ctx.adjustment
    found: dict = {"inputs": [("satisfied", k), ("scored", n)], "share": None,
                   "raw": raw_rate(k, n), "adjusted": None, "target": None,
                   "insufficient": n < adj.min_count}
    parts = []
    if n > 0 and ctx.satisfaction_p0 is not None:
        adjusted = estimate_rate(k, n, ctx.satisfaction_p0, adj.method, adj.prior_weight,
                                 adj.wilson_z)
        target = evidence.satisfaction_target_for(officer.department_flags)
        found |= {"adjusted": adjusted, "target": target}
        found["inputs"].append(("satisfaction_adjusted", adjusted))
        parts.append(_converted(adjusted, target))
    if evidence.conduct_target is not None and answered > 0 and ctx.conduct_p0 is not None:
        conduct = estimate_rate(yes, answered, ctx.conduct_p0, adj.method, adj.prior_weight,
                                adj.wilson_z)
        found["inputs"] += [("yes", yes), ("answered", answered), ("conduct_adjusted", conduct)]
        parts.append(_converted(conduct, evidence.conduct_target))
    if parts:
        found["share"] = sum(parts, Fraction(0)) / len(parts)
    return found


def score_human(criterion: Criterion, officer: OfficerMonth, ctx) -> CriterionResult:
    """Score a criterion people judge: only the leader's final score counts.

    Policy: the self-score and the head's score are shown, never counted. Without a final
    score the criterion does not apply yet (a draft). With citizen evidence of weight *w*
    and share *s*, points = (1 − w) × final + w × max × s; without evidence (no rating in the
    period), points = final. The final score is limited to 0…max.
    """
    scores = officer.human_score(criterion.code)
    chain = []
    if scores is not None:
        chain = [(name, value) for name, value in (("self_score", scores.self_score),
                                                   ("head_score", scores.head_score),
                                                   ("final_score", scores.final_score))
                 if value is not None]
    extra: dict = {}
    share = None
    if criterion.citizen_evidence is not None:
        found = citizen_evidence(criterion, officer, ctx)
        share = found["share"]
        weight = criterion.citizen_evidence.weight
        chain += found["inputs"] + [("citizen_weight", weight)]
        if share is not None:
            chain.append(("citizen_share", float(share)))
        extra = {"raw_rate": found["raw"], "adjusted_rate": found["adjusted"],
                 "target": found["target"], "insufficient": found["insufficient"]}
    if scores is None or scores.final_score is None:
        return _not_applicable(criterion, "no_final_score", inputs=tuple(chain), **extra)
    top = exact_fraction(criterion.max_points)
    final = min(top, max(Fraction(0), exact_fraction(scores.final_score)))
    points = final
    if share is not None:
        weight = exact_fraction(criterion.citizen_evidence.weight)
        points = (1 - weight) * final + weight * top * share
    return CriterionResult(criterion.code, criterion.kind, criterion.max_points, True,
                           float(points), inputs=tuple(chain), **extra)


def _sub_rate(rate: SubRate, stats: DossierStats) -> tuple[SubRateResult, Fraction | None]:
    """Return one sub-rate: (Σ numerator − share × unwaived events) / denominator, in 0…1.

    Policy (NĐ 335/2025, read per product): each recorded event (a delay, a failed quality
    assessment) takes ``share`` (25%) of that one product's part off, not of the whole
    rate; events a leader waived for an objective cause take nothing off. Waivers beyond
    the events recorded count for nothing. A count no source gave (None) makes the
    sub-rate not apply, and so does a denominator of 0.
    """
    names = (*rate.numerator, rate.denominator)
    if rate.deduction is not None:
        names += (rate.deduction.events,)
    missing = [name for name in names if stats.count(name) is None]
    if missing:
        reason = "no_assignment" if "assigned" in missing else "no_dossier_field"
        return SubRateResult(rate.code, False, None, not_applicable_reason=reason), None
    numerator = sum(stats.count(name) for name in rate.numerator)
    denominator = stats.count(rate.denominator)
    events = waived = 0
    deducted = Fraction(0)
    if rate.deduction is not None:
        events = stats.count(rate.deduction.events)
        if rate.deduction.waived is not None:
            waived = min(events, stats.count(rate.deduction.waived))
        deducted = exact_fraction(rate.deduction.share) * (events - waived)
    if denominator == 0:
        return SubRateResult(rate.code, False, None, numerator, 0, events, waived,
                             float(deducted), "no_dossiers"), None
    exact = min(Fraction(1), max(Fraction(0), (numerator - deducted) / denominator))
    return SubRateResult(rate.code, True, float(exact), numerator, denominator, events,
                         waived, float(deducted)), exact


def _unit_results(criterion: Criterion, officer: OfficerMonth,
                  ctx) -> tuple[list[SubRateResult], list[Fraction]]:
    """Return the led unit's sub-rates for an officer holding a leading post (else none).

    Policy: computed exactly like the officer's own, with the same deductions and waivers,
    on the unit's pooled counts (``ctx.unit_dossiers``); with no pooled counts each unit
    sub-rate does not apply ("no_unit_data").
    """
    if officer.leader_post is None or not criterion.unit_sub_rates:
        return [], []
    stats = ctx.unit_dossiers
    results, rates = [], []
    for rate in criterion.unit_sub_rates:
        if stats is None:
            results.append(SubRateResult(rate.code, False, None,
                                         not_applicable_reason="no_unit_data", unit=True))
            continue
        result, exact = _sub_rate(rate, stats)
        results.append(replace(result, unit=True))
        if exact is not None:
            rates.append(exact)
    return results, rates


def score_task_results(criterion: Criterion, officer: OfficerMonth, ctx) -> CriterionResult:
    """Score NĐ 335's task results: max × the mean of the sub-rates that apply.

    Policy: each sub-rate is capped at 100%; when a sub-rate has no data, the mean is taken
    over those that apply (the sheet lists which did not, and why). With none, the
    criterion does not apply. Computed in fractions, so equal results compare equal.
    For an officer holding a leading post, the rubric's ``unit_sub_rates`` (the led unit's
    quantity, quality and progress) join the mean: six items / 6 (NĐ 335/2025 for leaders).
    """
    stats = officer.dossiers
    unit_results, unit_rates = _unit_results(criterion, officer, ctx)
    if stats is None and not unit_rates:
        if unit_results:
            own = [SubRateResult(rate.code, False, None, not_applicable_reason="no_task_data")
                   for rate in criterion.sub_rates]
            return _not_applicable(criterion, "no_task_data",
                                   sub_rates=(*own, *unit_results))
        return _not_applicable(criterion, "no_task_data")
    results, rates = [], []
    for rate in criterion.sub_rates:
        if stats is None:
            results.append(SubRateResult(rate.code, False, None,
                                         not_applicable_reason="no_task_data"))
            continue
        result, exact = _sub_rate(rate, stats)
        results.append(result)
        if exact is not None:
            rates.append(exact)
    results += unit_results
    rates += unit_rates
    if not rates:
        return _not_applicable(criterion, "no_task_data", sub_rates=tuple(results))
    mean = sum(rates, Fraction(0)) / len(rates)
    points = exact_fraction(criterion.max_points) * mean
    return CriterionResult(criterion.code, criterion.kind, criterion.max_points, True,
                           float(points), inputs=(("sub_rates_applied", len(rates)),),
                           raw_rate=float(mean), sub_rates=tuple(results))
