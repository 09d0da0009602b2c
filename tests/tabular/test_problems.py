"""The one problem type of the imports that check rows: its English text, and the console's."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.ops import assignment_files, dossier_totals
from tabular import ImportFileError, ImportProblem
from tabular.problems import MESSAGES
from web.tables import IMPORT_PROBLEMS, import_problem_text


@pytest.mark.parametrize("problem, text", [
    (ImportProblem(None, None, "no_rows"), "the file has a header but no data rows"),
    (ImportProblem(4, "late", "missing_value"), "row 4: late is empty"),
    (ImportProblem(7, "received", "not_a_count", "-2"),
     "row 7: received must be a whole number from 0 to 1000000; got '-2'"),
    (ImportProblem(3, "worked_percent", "not_a_percent", "120"),
     "row 3: worked_percent must be a whole number from 0 to 100; got '120'"),
    (ImportProblem(5, "officer_code", "unknown_officer", "X9"),
     "row 5: no officer has the code 'X9'"),
    (ImportProblem(6, "officer_code", "duplicate_officer", "CB01"),
     "row 6: officer 'CB01' is listed twice"),
    (ImportProblem(2, "late_with_apology", "apology_exceeds_late", "3"),
     "row 2: late_with_apology (3) is more than late"),
])
def test_each_problem_reads_in_english_with_its_row(problem, text):
    assert problem.message() == text


def test_the_console_words_every_problem_code():
    assert set(IMPORT_PROBLEMS) == set(MESSAGES)


def test_both_imports_raise_the_one_type():
    assert not hasattr(dossier_totals, "DossierFileError")
    assert not hasattr(assignment_files, "AssignmentFileError")


@given(st.lists(st.builds(ImportProblem, st.integers(2, 10**6), st.sampled_from(["received"]),
                          st.sampled_from(sorted(MESSAGES)), st.text(max_size=20)),
                min_size=1, max_size=40))
def test_a_refused_file_lists_every_problem_and_names_the_first_twenty(problems):
    error = ImportFileError(problems)
    assert error.problems == tuple(problems)
    assert str(error) == "; ".join(p.message() for p in problems[:20])


def test_the_console_text_names_the_row_in_the_page_language(app):
    with app.test_request_context("/?lang=en"):
        problem = ImportProblem(9, "received", "not_a_count", "abc")
        assert import_problem_text(problem) == (
            "Row 9: received must be a whole number from 0 to 1000000 (found “abc”).")
        assert import_problem_text(ImportProblem(None, None, "no_rows")) == (
            "The file has a header but no data rows.")
