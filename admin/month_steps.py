"""What the `hailong` commands that compute a month show while it is computed.

``compute_month`` (and ``close_month``, ``evaluations_document``) report
``progress(step, done, total)``; these are the steps' labels and units, in the command's
language, for ``web.progress.Steps``.
"""

from web.cli_text import _
from web.progress import Steps


def month_steps(period: str) -> Steps:
    """Return the progress of computing ``period``: its ratings counted, its officers scored
    (and, for a year's export, its closed periods read)."""
    return Steps({
        "ratings": (_("Counting the ratings of %(month)s", month=period), _("officers")),
        "officers": (_("Scoring %(month)s", month=period), _("officers")),
        "periods": (_("Closed periods of %(year)s", year=period), _("periods")),
    })


def writing(filename: str):
    """Return the ``progress(done, total)`` of writing a file (the PDF's layout, or the rows
    written), as a context manager.

    Its bar begins with the first report, which brings the total: a PDF's layout reports once
    its story is ready, so the rate and the time left are the layout's own.
    """
    return _Writing(_("Writing %(file)s", file=filename), _("rows"))


class _Writing(Steps):
    def __init__(self, label: str, unit: str) -> None:
        super().__init__({"file": (label, unit)})

    def __call__(self, done: int, total: int | None = None) -> None:  # type: ignore[override]
        super().__call__("file", done, total)
