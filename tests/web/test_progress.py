"""The shared progress helper and the command line's language, without a command around them."""

import io

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from web.cli_text import CommandError, cli_language
from web.progress import LOG_EVERY, LOG_SECONDS, LOG_STEPS, Progress, Stage, Steps


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as a person's shell is."""

    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves: ``tick`` seconds pass at each update."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 1000.0, tick

    def __call__(self) -> float:
        return self.now


def log_lines(total, updates, unit="rows", seconds_per_update=LOG_SECONDS):
    stream, clock = io.StringIO(), Clock(seconds_per_update)
    with Progress("Import", total, unit, stream=stream, clock=clock) as progress:
        for done in updates:
            clock.now += clock.tick
            progress(done)
    return stream.getvalue().splitlines()


def test_a_slow_log_gets_a_line_per_tenth_and_the_last_says_all():
    lines = log_lines(1000, [*range(0, 1000, 7), 1000])
    assert lines[0] == "Import: 0/1,000 rows (0%)"
    assert [line.split(" (")[0] for line in lines[1:4]] == [
        "Import: 105/1,000 rows", "Import: 203/1,000 rows", "Import: 301/1,000 rows"]
    assert lines[-1].startswith("Import: 1,000/1,000 rows (100%), ")
    assert lines[-1].endswith(" s") and "rows/s" in lines[-1]
    assert len(lines) == LOG_STEPS + 1


def test_a_fast_log_gets_the_first_and_the_last_line_only():
    lines = log_lines(1000, [*range(0, 1000, 7), 1000], seconds_per_update=0.001)
    assert len(lines) == 2
    assert lines[0] == "Import: 0/1,000 rows (0%)"
    assert lines[1].startswith("Import: 1,000/1,000 rows (100%), ")


def test_a_log_waits_log_seconds_between_lines_even_past_a_tenth():
    # a tenth at every update, half of LOG_SECONDS between updates: a line every other one
    # (the start's line is written at once, then an update every LOG_SECONDS / 2)
    lines = log_lines(10, range(11), seconds_per_update=LOG_SECONDS / 2)
    assert [line.split(" (")[0] for line in lines] == [
        "Import: 0/10 rows", "Import: 1/10 rows", "Import: 3/10 rows", "Import: 5/10 rows",
        "Import: 7/10 rows", "Import: 9/10 rows", "Import: 10/10 rows"]


def test_without_a_total_a_log_gets_a_line_per_log_every_units():
    lines = log_lines(None, range(0, 3 * LOG_EVERY + 5000, 1000))
    assert [line.split(",")[0] for line in lines[:2]] == ["Import: 0 rows", "Import: 20"]
    assert len(lines) == 5  # the start, three steps and the end
    assert lines[-1].startswith(f"Import: {3 * LOG_EVERY + 4000:,} rows")


@given(total=st.integers(1, 10**7),
       updates=st.lists(st.integers(0, 10**7), max_size=200),
       seconds=st.sampled_from([0.0, 0.01, 1.0, LOG_SECONDS, 60.0]))
def test_a_log_never_gets_more_than_a_line_per_tenth_whatever_the_updates(total, updates,
                                                                           seconds):
    lines = log_lines(total, sorted(min(u, total) for u in updates), seconds_per_update=seconds)
    assert len(lines) <= LOG_STEPS + 2
    assert len(lines) <= 2 + len(updates) * seconds // LOG_SECONDS
    assert lines[0].startswith("Import: 0/")


def test_steps_show_one_progress_after_the_other_and_end_the_last():
    stream = io.StringIO()
    with Steps({"ratings": ("Counting", "officers"), "officers": ("Scoring", "officers")},
               stream=stream, live=False) as steps:
        steps("ratings", 0, 250)
        steps("ratings", 250, 250)
        score = steps.bound("officers")
        score(0, 3)
        score(3, 3)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Counting: 0/250 officers (0%)"
    assert lines[1].startswith("Counting: 250/250 officers (100%), ")
    assert lines[2] == "Scoring: 0/3 officers (0%)"
    assert lines[3].startswith("Scoring: 3/3 officers (100%), ") and lines[3].endswith(" s")
    assert len(lines) == 4 and steps.shown == ["ratings", "officers"]


def test_steps_on_a_terminal_draw_a_bar_per_step():
    stream = Terminal()
    with Steps({"pages": ("Laying out r.pdf", "rows")}, stream=stream) as steps:
        for done in range(0, 41, 8):
            steps("pages", done, 40)
        steps("unnamed", 1, 1)
    text = stream.getvalue()
    assert text.count("\n") == 2  # each bar ends its line once
    assert "Laying out r.pdf" in text and "40/40" in text and "[####" in text
    assert "unnamed" in text


def test_steps_that_report_nothing_show_nothing_and_quiet_steps_too():
    stream = io.StringIO()
    with Steps({}, stream=stream, live=False):
        pass
    with Steps({}, stream=stream, quiet=True) as steps:
        steps("ratings", 5, 5)
    assert stream.getvalue() == ""


def test_a_failed_step_writes_no_last_line():
    stream = io.StringIO()
    with pytest.raises(ValueError), Steps({}, stream=stream, live=False) as steps:
        steps("ratings", 0, 10)
        raise ValueError("boom")
    assert stream.getvalue() == "ratings: 0/10  (0%)\n"


def test_quiet_writes_nothing():
    stream = io.StringIO()
    with Progress("Import", 10, stream=stream, quiet=True) as progress:
        progress(10)
    with Stage("Compute", stream=stream, quiet=True):
        pass
    assert stream.getvalue() == ""


def test_a_terminal_gets_one_redrawn_bar_with_counts_share_and_rate():
    stream = Terminal()
    with Progress("Demo", None, "ratings", stream=stream) as progress:
        progress(0, 400)
        progress(400)
    text = stream.getvalue()
    assert "\n" not in text.rstrip("\n")  # one line, redrawn with carriage returns
    assert text.count("\r") >= 2
    assert "400/400" in text and "100%" in text and "ratings/s" in text and "[####" in text


def test_a_stage_in_a_log_says_when_it_starts_and_how_long_it_took():
    stream = io.StringIO()
    with Stage("Computing 2026-10", stream=stream, live=False):
        pass
    first, last = stream.getvalue().splitlines()
    assert first == "Computing 2026-10…"
    assert last.startswith("Computing 2026-10: ") and last.endswith(" s")


def test_a_failed_stage_leaves_no_time_line():
    stream = io.StringIO()
    with pytest.raises(ValueError), Stage("Computing", stream=stream, live=False):
        raise ValueError("boom")
    assert stream.getvalue() == "Computing…\n"


def test_a_stage_on_a_terminal_ends_on_a_cleared_line():
    stream = Terminal()
    with Stage("Freezing", stream=stream):
        pass
    assert stream.getvalue().endswith("s\n") and "\r\x1b[K" in stream.getvalue()


@pytest.mark.parametrize(("environ", "language"), [
    ({}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "POSIX"}, "en"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "vi_VN"}, "en"),
    ({"HAILONG_LANG": "vi", "LANG": "en_US.UTF-8"}, "vi"),
    ({"HAILONG_LANG": "klingon", "LANG": "vi_VN.UTF-8"}, "vi"),
])
def test_the_language_comes_from_hailong_lang_then_the_locale(environ, language):
    assert cli_language(environ) == language


def test_a_command_error_is_one_line_in_the_chosen_language():
    @click.command()
    @click.option("--lang")
    def command(lang):
        click.get_current_context().meta["hailong.lang"] = lang
        raise CommandError("the month is already closed\n  second line")

    result = CliRunner().invoke(command, ["--lang", "vi"])
    assert result.exit_code == 1
    assert result.stderr == "Lỗi: the month is already closed second line\n"
