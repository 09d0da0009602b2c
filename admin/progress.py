"""Progress of a long command, behind one small function (issue 19 may swap it for a shared
one): rows read and rate on the terminal while it runs, one line per step otherwise."""

import sys
import time

#: On a terminal the line is redrawn at most this often; in a log, one line per this many rows.
REDRAW_SECONDS = 0.5
LOG_EVERY_ROWS = 20_000


def progress_reporter(label: str, stream=None):
    """Return ``report(rows)``, which shows how many rows are read and how fast.

    Call it as often as you like; it writes to stderr (a terminal: one line redrawn;
    otherwise a line every LOG_EVERY_ROWS rows) and ``report(rows, done=True)`` ends the line.
    """
    stream = stream or sys.stderr
    started = time.monotonic()
    state = {"shown_at": 0.0, "logged": 0}
    live = stream.isatty()

    def report(rows: int, done: bool = False) -> None:
        now = time.monotonic()
        rate = rows / max(now - started, 1e-6)
        text = f"{label}: {rows:,} rows read ({rate:,.0f} rows/s)"
        if live:
            if done or now - state["shown_at"] >= REDRAW_SECONDS:
                stream.write("\r" + text + ("\n" if done else ""))
                stream.flush()
                state["shown_at"] = now
        elif done or rows - state["logged"] >= LOG_EVERY_ROWS:
            stream.write(text + "\n")
            stream.flush()
            state["logged"] = rows

    return report
