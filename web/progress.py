"""How a long `hailong` command shows its progress: one helper every command uses.

On a terminal, click's progress bar (counts, percentage, rate, time left) redrawn on stderr;
otherwise (a CI log, cron, a pipe) plain lines on stderr: one at the start (and one when the
total becomes known), one at the end, and between them at most one per tenth of the work (or
per ``LOG_EVERY`` units when the total is unknown) and never two within ``LOG_SECONDS``, so a
log shows a long run is alive without a line per row, and a short step takes two lines.
``--quiet`` shows nothing but the final summary line, which goes to stdout. The models layer
never sees any of this: it is handed ``progress(done, total)``, or ``Steps``'
``progress(step, done, total)`` when its work comes in several counted steps.
"""

import itertools
import sys
import threading
import time

import click

#: A terminal's bar is redrawn at most this often (seconds): a call per row stays cheap.
REDRAW_SECONDS = 0.1
#: Without a known total, a log gets one line per this many units.
LOG_EVERY = 20_000
#: With a known total, a log gets one line per this share of it.
LOG_STEPS = 10
#: A log gets no two progress lines of a step within this many seconds (the first and the
#: last excepted).
LOG_SECONDS = 2.0


def quiet_option(command):
    """Add ``--quiet/-q``: no progress, only the final summary line (and errors).

    It also notes when the command started, for ``print_summary``.
    """
    return click.option("--quiet", "-q", is_flag=True, expose_value=False, is_eager=True,
                        callback=_remember("quiet"),
                        help="Show no progress; print only the summary line.")(command)


def _remember(key):
    def store(ctx, _param, value):
        ctx.meta.setdefault("hailong.started", time.monotonic())
        if value is not None:
            ctx.meta[f"hailong.{key}"] = value
        return value
    return store


def is_quiet() -> bool:
    """Say whether the running command was given ``--quiet``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get("hailong.quiet"))


class Progress:
    """One step of a command: ``update(done, total)`` as it goes, then ``finish()``.

    Use it as a context manager; a call with the same ``done`` twice is harmless, and the
    object itself is the ``progress(done, total)`` callable the models layer takes.
    """

    def __init__(self, label: str, total: int | None = None, unit: str = "rows", *,
                 stream=None, quiet: bool | None = None, live: bool | None = None,
                 clock=time.monotonic) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream or sys.stderr
        self.quiet = is_quiet() if quiet is None else quiet
        self.live = _is_terminal(self.stream) if live is None else live
        self.clock = clock
        self.done = 0
        self.started = clock()
        self._bar = None
        self._logged = -1
        self._logged_at = self.started
        self._drawn_at = 0.0

    def __enter__(self) -> "Progress":
        self.start()
        return self

    def __exit__(self, exc_type, _exc, _tb) -> None:
        self.finish(ok=exc_type is None)

    def __call__(self, done: int, total: int | None = None) -> None:
        self.update(done, total)

    @property
    def elapsed(self) -> float:
        """Seconds since the step started."""
        return self.clock() - self.started

    def start(self) -> None:
        """Show that the step has begun (a bar, or a first log line)."""
        if self.quiet:
            return
        if self.live:
            self._open_bar()
        else:
            self._log()

    def advance(self, steps: int = 1) -> None:
        """Move on by ``steps`` units."""
        self.update(self.done + steps)

    def update(self, done: int, total: int | None = None) -> None:
        """Set how many units are done (and the total, when it becomes known)."""
        if total is not None and total != self.total:
            self.total = total
            if not self.live and not self.quiet:
                self._logged = -1  # a log says the total as soon as it is known
            if self._bar is not None:
                # click's bar reads these on each redraw
                self._bar.length, self._bar.show_percent = total, True
        self.done = done
        if self.quiet:
            return
        if self.live:
            now = self.clock()
            if now - self._drawn_at >= REDRAW_SECONDS or done == self.total:
                self._draw(now)
        elif self._due():
            self._log()

    def finish(self, ok: bool = True) -> None:
        """End the bar (or write the last log line)."""
        if self.quiet:
            return
        if self._bar is not None:
            if ok:
                self._draw(self.clock())
            self._close_bar()
        elif ok and self._logged != self.done:
            self._log()

    def rate(self) -> str:
        """Return units per second so far, e.g. ``1,234 rows/s``."""
        return f"{self.done / max(self.elapsed, 1e-6):,.0f} {self.unit}/s"

    def _open_bar(self) -> None:
        source = None if self.total is not None else itertools.repeat(None)
        self._bar = click.progressbar(
            source, length=self.total, label=self.label, file=self.stream, width=24,
            show_pos=True, show_percent=self.total is not None, show_eta=True,
            item_show_func=lambda text: text)
        self._bar.__enter__()
        if self.done:
            self._bar.update(self.done, self.rate())

    def _close_bar(self) -> None:
        bar, self._bar = self._bar, None
        bar.__exit__(None, None, None)

    def _draw(self, now: float) -> None:
        self._drawn_at = now
        self._bar.update(self.done - self._bar.pos, self.rate())

    def _due(self) -> bool:
        if self.done == self._logged:
            return False
        if self._logged < 0:
            return True
        if self.clock() - self._logged_at < LOG_SECONDS:
            return False
        if self.total:
            step = max(self.total // LOG_STEPS, 1)
            return self.done // step != max(self._logged, 0) // step or self.done == self.total
        return self.done - max(self._logged, 0) >= LOG_EVERY

    def _log(self) -> None:
        self._logged, self._logged_at = self.done, self.clock()
        if self.total:
            share = f" ({100 * self.done // max(self.total, 1)}%)"
            count = f"{self.done:,}/{self.total:,} {self.unit}{share}"
        else:
            count = f"{self.done:,} {self.unit}"
        tail = f", {self.rate()}, {self.elapsed:.1f} s" if self.done else ""
        self.stream.write(f"{self.label}: {count}{tail}\n")
        self.stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def print_summary(text: str, started: float | None = None) -> None:
    """Print the command's one closing line on stdout with the time taken (since ``started``,
    else since the command started when it has ``quiet_option``)."""
    ctx = click.get_current_context(silent=True)
    if started is None and ctx is not None:
        started = ctx.meta.get("hailong.started")
    if started is not None:
        text = f"{text.rstrip('.')}; took {time.monotonic() - started:.1f} s."
    click.echo(text)


def note(text: str) -> None:
    """Print an intermediate line on stderr (not under ``--quiet``)."""
    if not is_quiet():
        click.echo(text, err=True)


class Steps:
    """Work in several counted steps, shown one after the other: ``progress(step, done,
    total)``, the callable ``compute_month`` and its kind take.

    ``steps`` maps each step's key to its (label, unit); each step gets its own ``Progress``
    (a bar on a terminal, lines in a log), ended when the next step begins or when the
    ``Steps`` ends. A step not in ``steps`` is shown under its key. A computation that
    reports nothing (a closed month, one reused unchanged) shows nothing.
    """

    def __init__(self, steps: dict[str, tuple[str, str]], **options) -> None:
        self.steps, self.options = steps, options
        self.started = time.monotonic()
        self.current: Progress | None = None
        self.step: str | None = None
        #: The steps shown so far, in order.
        self.shown: list[str] = []

    def __enter__(self) -> "Steps":
        return self

    def __exit__(self, exc_type, _exc, _tb) -> None:
        self._end(ok=exc_type is None)

    def __call__(self, step: str, done: int, total: int | None = None) -> None:
        if step != self.step:
            self._end(ok=True)
            label, unit = self.steps.get(step, (step, ""))
            self.step, self.current = step, Progress(label, total, unit, **self.options)
            self.shown.append(step)
            self.current.start()
        self.current.update(done, total)

    def bound(self, step: str):
        """Return the ``progress(done, total)`` callable of one step."""
        return lambda done, total=None: self(step, done, total)

    def _end(self, ok: bool) -> None:
        if self.current is not None:
            current, self.current, self.step = self.current, None, None
            current.finish(ok=ok)



class Stage:
    """A step with no count to show (one query, one render): its name and time taken.

    On a terminal a line redrawn by a background thread every ``TICK_SECONDS`` with the seconds
    so far, so a long query still shows life; in a log one line when it starts and one when it
    ends. Nothing under ``--quiet``.
    """

    #: How often the terminal line is redrawn.
    TICK_SECONDS = 0.5
    FRAMES = "|/-\\"

    def __init__(self, label: str, *, stream=None, quiet: bool | None = None,
                 live: bool | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.quiet = is_quiet() if quiet is None else quiet
        self.live = _is_terminal(self.stream) if live is None else live
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self) -> "Stage":
        if self.quiet:
            return self
        if self.live:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()
        else:
            self._write(f"{self.label}…\n")
        return self

    def __exit__(self, exc_type, _exc, _tb) -> None:
        if self.quiet:
            return
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
        end = "\r\x1b[K" if self.live else ""
        if exc_type is None:
            self._write(f"{end}{self.label}: {time.monotonic() - self.started:.1f} s\n")
        elif self.live:
            self._write("\n")

    def _tick(self) -> None:
        frame = 0
        while not self._stop.wait(0 if frame == 0 else self.TICK_SECONDS):
            seconds = time.monotonic() - self.started
            self._write(f"\r{self.FRAMES[frame % 4]} {self.label}… {seconds:.0f} s")
            frame += 1

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
