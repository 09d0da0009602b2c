"""Properties that must hold for any month, any officer and any valid rubric."""

import itertools
import json
from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from evaluation.criteria import ScoringContext
from evaluation.engine import evaluate_month, result_from_dict, result_to_dict
from evaluation.inputs import (
    Breach,
    ConductTally,
    DossierStats,
    MonthInputs,
    OfficerMonth,
    RatingTally,
    SiteMonth,
)
from evaluation.rubric import load_local_plan_rubric, parse_rubric, rubric_to_dict
from evaluation.rubric_schema import (
    DOSSIER_DENOMINATORS,
    DOSSIER_FIELDS,
    FORMAT_2_KINDS,
    KIND_PARAMS,
)
from evaluation.scoring import score_officer
from evaluation.serialization import inputs_from_dict, inputs_to_dict

DEFAULT = load_local_plan_rubric()
NAMES = ["Nguyễn Văn An", "Lê Văn Ánh", "Trần Thị Bình", "Phạm Anh", "Đỗ Thị Đào", "Vũ Ngọc Ân",
         "Nguyễn An", "Hoàng Văn Ư", "Bùi Thị Yến", "Lê Văn Ánh"]
VI_TEXT = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạếộữ ABĐ-()", min_size=1,
                  max_size=24).filter(str.strip)


@st.composite
def tallies(draw):
    verified = draw(st.integers(0, 300))
    unverified = draw(st.integers(0, 20))
    ratings = RatingTally(verified, draw(st.integers(0, verified)), unverified,
                          draw(st.integers(0, unverified)), draw(st.integers(0, 5)))
    answered = draw(st.integers(0, 2400))
    conduct = ConductTally(answered, draw(st.integers(0, answered)))
    return ratings, conduct


DOSSIERS = st.none() | st.builds(
    DossierStats, received=st.integers(0, 300), early=st.integers(0, 100),
    on_time=st.integers(0, 100), late=st.integers(0, 100), digitised=st.integers(0, 300),
    received_online=st.integers(0, 300), returned_by_post=st.integers(0, 300))
BREACHES = st.lists(st.builds(Breach, kind=st.sampled_from(["late_arrival", "absence"]),
                              day=st.dates(date(2026, 10, 1), date(2026, 10, 31)),
                              deduction=st.none() | st.floats(0, 20)), max_size=6)


@st.composite
def officers(draw, officer_id):
    ratings, conduct = draw(tallies())
    return OfficerMonth(
        officer_id=officer_id, code=f"CB{officer_id}", full_name=draw(st.sampled_from(NAMES)),
        title="Chuyên viên", site_id=draw(st.integers(1, 3)), site_name="Điểm",
        department_id=draw(st.integers(1, 3)), department_name="Sở",
        department_flags=draw(st.sampled_from([frozenset(), frozenset({"land_group"})])),
        ratings=ratings, conduct=conduct, confirmed_reports=draw(st.integers(0, 2)),
        dossiers=draw(DOSSIERS), breaches=tuple(draw(BREACHES)),
        discipline=draw(st.booleans()), leader_score=draw(st.none() | st.floats(0, 10)))


@st.composite
def months(draw):
    count = draw(st.integers(0, 12))
    people = tuple(draw(officers(officer_id)) for officer_id in range(1, count + 1))
    sites = draw(st.lists(st.builds(SiteMonth, site_id=st.integers(1, 3), site_name=VI_TEXT,
                                    satisfaction_p0=st.none() | st.floats(0, 1),
                                    conduct_p0=st.none() | st.floats(0, 1)),
                          max_size=3, unique_by=lambda s: s.site_id))
    return MonthInputs("2026-10", people, tuple(sites))


TARGET = st.floats(0.01, 1)


@st.composite
def criterion_documents(draw, index, points):
    kind = draw(st.sampled_from(sorted(set(KIND_PARAMS) - set(FORMAT_2_KINDS))))
    params = {}
    if "target" in KIND_PARAMS[kind]:
        params["target"] = draw(TARGET)
        if draw(st.booleans()):
            params["target_overrides"] = {"land_group": draw(TARGET)}
    if kind == "dossier_rate":
        params["numerator"] = draw(st.lists(st.sampled_from(DOSSIER_FIELDS), min_size=1,
                                            max_size=3, unique=True))
        params["denominator"] = draw(st.sampled_from(DOSSIER_DENOMINATORS))
    for name in ("per_report", "per_breach"):
        if name in KIND_PARAMS[kind] and draw(st.booleans()):
            params[name] = draw(st.floats(0, 20))
    return {"code": f"C{index}", "group": draw(st.sampled_from(["A", "B"])),
            "name_vi": draw(VI_TEXT), "name_en": "Criterion", "max_points": points,
            "kind": kind, "params": params}


@st.composite
def rubrics(draw):
    count = draw(st.integers(1, 8))
    cuts = sorted(draw(st.sets(st.integers(1, 999), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, 1000]
    points = [(high - low) / 10 for low, high in itertools.pairwise(bounds)]
    document = rubric_to_dict(DEFAULT)
    document["criteria"] = [draw(criterion_documents(i, p)) for i, p in enumerate(points)]
    lows = sorted(draw(st.sets(st.integers(1, 100), min_size=3, max_size=3)), reverse=True)
    for threshold, low in zip(document["grades"], [*lows, 0], strict=True):
        threshold["min_total"] = low
    document["name"] = draw(VI_TEXT)
    document["caps"] = draw(st.sampled_from([[], document["caps"], document["caps"][:1]]))
    document["quota"] = {"enabled": draw(st.booleans()), "max_share": draw(st.floats(0.01, 1))}
    document["adjustment"] = {"method": draw(st.sampled_from(["bayes", "wilson"])),
                              "prior_weight": draw(st.floats(0, 50)),
                              "min_count": draw(st.integers(0, 10)),
                              "wilson_z": draw(st.floats(0.5, 3))}
    document["rescale_not_applicable"] = draw(st.booleans())
    document["score_unverified"] = draw(st.booleans())
    return parse_rubric(document)


ANY_RUBRIC = st.just(DEFAULT) | rubrics()


@given(rubrics())
def test_a_rubric_reads_back_equal_from_its_document(rubric):
    assert parse_rubric(json.loads(json.dumps(rubric_to_dict(rubric)))) == rubric


@given(ANY_RUBRIC, months())
def test_totals_always_lie_between_0_and_100(rubric, month):
    for officer in evaluate_month(rubric, month).officers:
        assert officer.total is None or 0 <= officer.total <= 100
        assert officer.total_rounded is None or 0 <= officer.total_rounded <= 100
        assert all(0 <= c.points <= c.max_points for c in officer.criteria)


@given(officers(1), st.floats(0, 1), st.sampled_from(["bayes", "wilson"]))
def test_adding_a_satisfied_rating_never_lowers_a1(officer, p0, method):
    rubric = replace(DEFAULT, adjustment=replace(DEFAULT.adjustment, method=method))
    if method == "wilson" and officer.ratings.verified == 0:
        officer = replace(officer, ratings=RatingTally(1, 1))
    ctx = ScoringContext(rubric.adjustment, False, p0, 0.95)
    more = replace(officer, ratings=replace(officer.ratings,
                                            verified=officer.ratings.verified + 1,
                                            verified_satisfied=officer.ratings.verified_satisfied
                                            + 1))
    before = score_officer(rubric, officer, ctx).criteria[0].points
    assert score_officer(rubric, more, ctx).criteria[0].points >= before


def _check_ranks(officers, group, rank):
    for a in officers:
        for b in officers:
            if group(a) != group(b) or a.total_rounded is None or b.total_rounded is None:
                continue
            if a.total_rounded > b.total_rounded:
                assert rank(a) < rank(b)
            if a.total_rounded == b.total_rounded:
                assert rank(a) == rank(b)


@given(ANY_RUBRIC, months())
def test_a_higher_total_never_gets_a_worse_rank_and_equal_totals_share_one(rubric, month):
    result = evaluate_month(rubric, month)
    _check_ranks(result.officers, lambda o: o.site_id, lambda o: o.rank_in_site)
    _check_ranks(result.officers, lambda o: o.department_id, lambda o: o.rank_in_department)
    for officer in result.officers:
        assert (officer.rank_in_site is None) == (officer.total is None)


@given(ANY_RUBRIC, months(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_input_order(rubric, month, random):
    officers, sites = list(month.officers), list(month.sites)
    random.shuffle(officers)
    random.shuffle(sites)
    shuffled = replace(month, officers=tuple(officers), sites=tuple(sites))
    assert evaluate_month(rubric, shuffled) == evaluate_month(rubric, month)


@given(ANY_RUBRIC, months())
def test_a_month_result_reads_back_equal_from_its_json_snapshot(rubric, month):
    result = evaluate_month(rubric, month)
    assert result_from_dict(json.loads(json.dumps(result_to_dict(result)))) == result
    assert inputs_from_dict(json.loads(json.dumps(inputs_to_dict(month)))) == month
