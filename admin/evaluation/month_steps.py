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


def writing(filename: str) -> Steps:
    """Return the progress of writing a file, one step ``"file"``: the PDF's layout, or the
    rows written.

    Its bar begins with the first report, which brings the total: a PDF's layout reports once
    its story is ready, so the rate and the time left are the layout's own.
    """
    return Steps({"file": (_("Writing %(file)s", file=filename), _("rows"))})
