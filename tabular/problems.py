"""The one problem type of every import that checks a table's rows: each problem has the
spreadsheet row, the column, a stable code and the value at fault; a refused file lists
them all. The console prints its own (Vietnamese) text for each code."""

from dataclasses import dataclass

from tabular.errors import MESSAGES as TABLE_MESSAGES

#: English text per problem code; {column} and {value} are filled in.
MESSAGES = {
    "no_rows": TABLE_MESSAGES["no_rows"],
    "missing_value": "{column} is empty",
    "not_a_count": "{column} must be a whole number from 0 to 1000000; got {value!r}",
    "not_a_percent": "{column} must be a whole number from 0 to 100; got {value!r}",
    "unknown_officer": "no officer has the code {value!r}",
    "duplicate_officer": "officer {value!r} is listed twice",
    "apology_exceeds_late": "late_with_apology ({value}) is more than late",
}


@dataclass(frozen=True)
class ImportProblem:
    """One problem: the spreadsheet row (1 = header; None for the whole file), the column,
    a stable code, the value at fault."""

    row: int | None
    column: str | None
    code: str
    value: str = ""

    def message(self) -> str:
        """Return the problem in English, prefixed by its row."""
        text = MESSAGES[self.code].format(column=self.column, value=self.value)
        return f"row {self.row}: {text}" if self.row else text


class ImportFileError(ValueError):
    """A file that cannot be imported; ``problems`` lists every problem found."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.message() for problem in self.problems[:20]))
