"""Ranking: competition ranks on the printed total, tie-breakers order the listing."""

import pytest

from evaluation.ranking import RankCandidate, rank_officers


def candidate(officer_id, name, total, satisfaction=0.9, scored=100):
    return RankCandidate(officer_id, name, total, satisfaction, scored)


def listing(candidates):
    return [(r.candidate.officer_id, r.rank, r.position) for r in rank_officers(candidates)]


def test_equal_totals_share_a_rank_and_the_next_rank_is_skipped():
    ranked = listing([candidate(1, "A An", 95.0), candidate(2, "B Bình", 90.0),
                      candidate(3, "C Cúc", 90.0), candidate(4, "D Dung", 80.0)])
    assert [rank for _, rank, _ in ranked] == [1, 2, 2, 4]
    assert [position for _, _, position in ranked] == [1, 2, 3, 4]


@pytest.mark.parametrize("first, second", [
    (candidate(1, "Trần Văn Bình", 90.0, satisfaction=0.95), candidate(2, "Lê An", 90.0, 0.93)),
    (candidate(1, "Trần Văn Bình", 90.0, scored=300), candidate(2, "Lê An", 90.0, scored=3)),
    (candidate(1, "Trần Văn Bình", 90.0, satisfaction=0.9), candidate(2, "Lê An", 90.0, None)),
    (candidate(2, "Lê An", 90.0), candidate(1, "Trần Văn Bình", 90.0)),
    (candidate(2, "Nguyễn Văn An", 90.0), candidate(1, "Lê Văn Ánh", 90.0)),
    (candidate(1, "Lê Anh", 90.0), candidate(2, "Lê Anh", 90.0)),
])
def test_tie_breakers_order_the_listing_but_never_split_the_rank(first, second):
    ranked = rank_officers([second, first])
    assert [r.candidate for r in ranked] == [first, second]
    assert [r.rank for r in ranked] == [1, 1]


def test_tie_goes_to_officer_with_more_ratings_before_the_name_is_looked_at():
    few = candidate(1, "Nguyễn Văn An", 92.0, satisfaction=0.93, scored=3)
    many = candidate(2, "Vũ Thị Yến", 92.0, satisfaction=0.93, scored=300)
    assert [r.candidate for r in rank_officers([few, many])] == [many, few]


def test_a_higher_adjusted_satisfaction_never_beats_a_higher_printed_total():
    ranked = rank_officers([candidate(1, "A", 90.0, satisfaction=1.0),
                            candidate(2, "B", 90.01, satisfaction=0.5)])
    assert [(r.candidate.officer_id, r.rank) for r in ranked] == [(2, 1), (1, 2)]


def test_officers_without_a_total_are_listed_last_without_a_rank():
    ranked = listing([candidate(1, "Lê An", None), candidate(2, "Lê Bình", 10.0),
                      candidate(3, "Lê Ánh", None)])
    assert ranked == [(2, 1, 1), (1, None, 2), (3, None, 3)]


def test_ranking_an_empty_group_gives_an_empty_listing():
    assert rank_officers([]) == []


@pytest.mark.parametrize("totals, ranks", [
    ([100.0], [1]),
    ([80.0, 80.0, 80.0], [1, 1, 1]),
    ([90.0, 90.0, 70.0, 70.0, 50.0], [1, 1, 3, 3, 5]),
    ([99.99, 99.98, 99.98, 99.97], [1, 2, 2, 4]),
])
def test_competition_ranking_table(totals, ranks):
    candidates = [candidate(i, f"Người {i}", t) for i, t in enumerate(totals)]
    assert [r.rank for r in rank_officers(candidates)] == ranks
