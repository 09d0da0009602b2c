"""Every long `hailong` command shows progress and ends with one line, on a terminal and in a log.

The log mode runs through Flask's CLI runner (stdout and stderr are not terminals); the
terminal mode runs the installed `hailong` script under a pseudo-terminal, as a person's shell
would.
"""

import os
import pty
import select
import sys
from pathlib import Path

import pytest

from models.queries import month_cache
from tests.register_support import VENDOR
from tests.visits_support import TEST_SECRET_KEY

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"
HAILONG = str(Path(sys.executable).parent / "hailong")
#: Only a guard against a hung child; no assertion depends on how fast anything runs.
PTY_GUARD_SECONDS = 600

DEMO = ["seed-demo", "--officers", "12", "--months", "2", "--ratings-per-officer", "12",
        "--until", "2026-10-31"]

#: The counted steps of computing a month (admin/evaluation/month_steps.py), as a log shows them.
OCTOBER = (("Counting the ratings of 2026-10", "12/12 officers"),
           ("Scoring 2026-10", "12/12 officers"))

#: (name, commands run first, the command, how its closing line starts, and what it shows while
#: it runs: a bar (the total known), a count (rows read, the total unknown), a timed stage, or
#: a bar per counted step: (label, its last count) in order)
COMMANDS = [
    ("dashboard", [], ["dashboard", "refresh", "--month", "2026-10", "--months", "2"],
     "Computed 2026-09, 2026-10 (2 of 2 months)", "bar"),
    ("close", [], ["month", "close", "--month", "2026-09"],
     "Closed 2026-09: 12 officers evaluated",
     (("Counting the ratings of 2026-09", "12/12 officers"),
      ("Scoring 2026-09", "12/12 officers"))),
    ("annual", [["month", "close", "--month", "2026-09"]], ["month", "annual", "--year", "2026"],
     "2026: 12 officers rolled up from 1 closed period(s)", "bar"),
    ("show", [], ["month", "show", "--month", "2026-10"], "12 officers;", OCTOBER),
    ("monthly", [], ["report", "monthly", "--month", "2026-10", "--out", "{tmp}/r.pdf"],
     "Wrote {tmp}/r.pdf", (*OCTOBER, ("Writing r.pdf", " rows"))),
    ("monthly-xlsx", [], ["report", "monthly", "--month", "2026-10", "--out", "{tmp}/r.xlsx"],
     "Wrote {tmp}/r.xlsx", (*OCTOBER, ("Writing r.xlsx", " rows"))),
    ("officer", [], ["report", "officer", "--month", "2026-10", "--officer", "CB0001",
                     "--out", "{tmp}/o.pdf"], "Wrote {tmp}/o.pdf",
     (*OCTOBER, ("Writing o.pdf", " rows"))),
    ("evaluations", [], ["report", "evaluations", "--period", "2026-10", "--out",
                         "{tmp}/e.csv"], "Wrote {tmp}/e.csv",
     (*OCTOBER, ("Writing e.csv", "12/12 rows"))),
    ("evaluations-year", [["month", "close", "--month", "2026-09"]],
     ["report", "evaluations", "--period", "2026", "--out", "{tmp}/e.xlsx"],
     "Wrote {tmp}/e.xlsx",
     (("Closed periods of 2026", "1/1 periods"), ("Writing e.xlsx", "12/12 rows"))),
    ("dossiers", [], ["import-dossiers", str(SAMPLES / "dossier-stats-2026-10.csv"),
                      "--month", "2026-10"],
     "Imported 5 officers' dossier figures for 2026-10", "stage"),
    ("register", [], ["import-register", str(VENDOR), "--site", "TTPVHCC"],
     "Imported register-vendor-2026-11.csv into the register of TTPVHCC", "count"),
    ("purge", [], ["register", "purge"], "Register purged:", "stage"),
    ("backup", [], ["backup", "--dir", "{tmp}/backups"], "Wrote {tmp}/backups/", "stage"),
]

#: (a user's mistake, the English line, the Vietnamese line)
MISTAKES = [
    (["month", "close", "--month", "2099-01"], "2099-01 has not ended yet",
     "Tháng 2099-01 chưa kết thúc"),
    (["month", "close", "--month", "2026-13"], "", ""),
    (["month", "annual", "--year", "2030"], "no month of 2030 is closed yet",
     "chưa có tháng nào của năm 2030 được chốt"),
    (["report", "monthly", "--month", "2026-10", "--out", "{tmp}/none/r.pdf"],
     "cannot write {tmp}/none/r.pdf", "không ghi được {tmp}/none/r.pdf"),
    (["report", "officer", "--month", "2026-10", "--officer", "NOPE", "--out", "{tmp}/o.pdf"],
     "no officer with the code 'NOPE'", "không có cán bộ nào mang mã 'NOPE'"),
    (["import-dossiers", str(VENDOR), "--month", "2026-10"], "was not imported",
     "Chưa nhập register-vendor-2026-11.csv"),
    (["import-register", str(VENDOR), "--site", "NOPE"], "no site with the code 'NOPE'",
     "không có trung tâm nào mang mã 'NOPE'"),
    (["restore", str(VENDOR)], "register-vendor-2026-11.csv was not restored",
     "Chưa khôi phục register-vendor-2026-11.csv"),
    (["seed-demo", "--officers", "2"], "the database already holds data",
     "cơ sở dữ liệu đã có dữ liệu"),
    (["seed-demo", "--address", "ftp://x"], "must be an http:// or https:// address",
     "phải là địa chỉ http:// hoặc https://"),
]


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=DEMO)
    assert result.exit_code == 0, result.output
    # A month computed before is reused with nothing to count: each command starts cold here,
    # as it does in its own process.
    month_cache.clear()


def _filled(parts, tmp_path):
    return [part.replace("{tmp}", str(tmp_path)) for part in parts]


def run_in_terminal(args, database_url, tmp_path, **env):
    """Run `hailong ARGS` under a pseudo-terminal; return (exit status, everything it wrote)."""
    environ = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET_KEY,
               "HAILONG_INSTANCE_PATH": str(tmp_path / "instance"), "TWO_FACTOR_ROLES": "",
               "LANG": "C.UTF-8", "COLUMNS": "120", **env}
    environ.pop("LC_ALL", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdin, stdout and stderr are the terminal
        os.execve(HAILONG, [HAILONG, *args], environ)  # noqa: S606 (fixed argv, no shell)
    chunks = []
    while True:
        ready, _w, _x = select.select([fd], [], [], PTY_GUARD_SECONDS)
        if not ready:
            os.kill(pid, 9)
            break
        try:
            data = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(fd)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(("name", "before", "args", "closing", "shape"), COMMANDS,
                         ids=[c[0] for c in COMMANDS])
def test_in_a_log_progress_goes_to_stderr_line_by_line_and_one_line_closes(
        runner, demo, tmp_path, name, before, args, closing, shape):
    for setup in before:
        assert runner.invoke(args=setup).exit_code == 0
    result = runner.invoke(args=_filled(args, tmp_path))
    assert result.exit_code == 0, result.output
    last = result.stdout.splitlines()[-1]
    assert last.startswith(_filled([closing], tmp_path)[0]), result.stdout
    assert "; took " in last or " in " in last
    assert result.stderr and "\r" not in result.stderr
    if shape == "bar":
        assert "(100%)" in result.stderr.splitlines()[-1], result.stderr
    elif shape == "count":
        assert result.stderr.splitlines()[-1].startswith(f"{VENDOR.name}: 10 rows, ")
    elif shape == "stage":
        assert result.stderr.splitlines()[-1].endswith(" s"), result.stderr
    else:
        assert_steps_logged(result.stderr, shape)


def assert_steps_logged(stderr, steps):
    """Each step's lines in order: its start with the total, its end with 100 %, a rate and
    the seconds it took; no two steps' lines mixed, and a few lines per step."""
    lines = stderr.splitlines()
    labels = [line.split(": ")[0] for line in lines]
    assert [label for index, label in enumerate(labels)
            if index == 0 or labels[index - 1] != label] == [label for label, _ in steps], stderr
    for label, count in steps:
        own = [line for line in lines if line.startswith(f"{label}: ")]
        # the start (with the total, or "0 rows" and then the total once it is known)
        assert own[0].startswith(f"{label}: 0"), own
        assert [line for line in own[:2] if line.endswith(" (0%)")], own
        last = own[-1]
        assert f"{count} (100%), " in last or (count.startswith(" ") and "(100%), " in last), own
        assert "/s, " in last and last.endswith(" s"), own
        assert len(own) <= 12, own


@pytest.mark.parametrize(("name", "before", "args", "closing", "shape"), COMMANDS,
                         ids=[c[0] for c in COMMANDS])
def test_quiet_prints_only_what_it_did(runner, demo, tmp_path, name, before, args, closing,
                                       shape):
    for setup in before:
        assert runner.invoke(args=setup).exit_code == 0
    result = runner.invoke(args=[*_filled(args, tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1].startswith(_filled([closing], tmp_path)[0])


@pytest.mark.parametrize(("name", "before", "args", "closing", "shape"), COMMANDS,
                         ids=[c[0] for c in COMMANDS])
def test_on_a_terminal_a_bar_or_a_stage_is_redrawn_in_place(
        runner, demo, database_url, tmp_path, name, before, args, closing, shape):
    for setup in before:
        assert runner.invoke(args=setup).exit_code == 0
    status, text = run_in_terminal(_filled(args, tmp_path), database_url, tmp_path)
    assert status == 0, text
    assert "Traceback" not in text
    assert text.rstrip("\r\n").splitlines()[-1].startswith(_filled([closing], tmp_path)[0])
    if shape == "bar":
        assert "\r" in text and "100%" in text and "[####" in text, text
    elif shape == "count":
        assert "\r" in text and "  10  " in text and "rows/s" in text, text
    elif shape == "stage":
        assert "\r\x1b[K" in text, text
    else:  # a bar per step, each redrawn in place and ended on its own line
        bars = text.split("\n")[:len(shape)]
        for (label, count), bar in zip(shape, bars, strict=True):
            assert label in bar and "\r" in bar and "[####" in bar and "100%" in bar, bar
            *position, unit = count.split()
            assert f" {unit}/s" in bar and all(f" {p}  100%" in bar for p in position), bar


def test_seed_demo_in_a_log_counts_its_ratings_and_names_the_address(runner, db):
    result = runner.invoke(args=[*DEMO, "--address", "http://127.0.0.1:8100"])
    assert result.exit_code == 0, result.output
    progress = result.stderr.splitlines()
    assert progress[0] == "Demo ratings: 0 ratings"
    assert progress[1].startswith("Demo ratings: 0/") and progress[1].endswith(" ratings (0%)")
    assert "(100%)" in progress[-1] and "ratings/s" in progress[-1]
    assert "Console: http://127.0.0.1:8100/admin/" in result.stdout
    assert "Tablet:  http://127.0.0.1:8100/kiosk/" in result.stdout
    assert "8000" not in result.stdout
    last = result.stdout.splitlines()[-1]
    assert last.startswith("Demo data: 3 sites") and "serve it at http://127.0.0.1:8100/" in last
    again = runner.invoke(args=[*DEMO, "--if-empty", "--address", "http://10.0.0.5:8200/"])
    assert "Console: http://10.0.0.5:8200/admin/" in again.stdout
    assert "password:" in again.stdout


def test_seed_demo_reads_the_address_from_the_environment(runner, db):
    result = runner.invoke(args=[*DEMO, "--quiet"],
                           env={"HAILONG_DEMO_ADDRESS": "https://demo.example.vn"})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "Console: https://demo.example.vn/admin/" in result.stdout


def test_seed_demo_on_a_terminal_shows_a_moving_bar(database_url, tmp_path):
    status, text = run_in_terminal([*DEMO, "--address", "http://127.0.0.1:8100/"],
                                   database_url, tmp_path)
    assert status == 0, text
    bar = text.split("Console:")[0]
    assert bar.count("\r") >= 2 and "Demo ratings" in bar and "100%" in bar, bar
    assert "Console: http://127.0.0.1:8100/admin/" in text


@pytest.mark.parametrize(("args", "english", "vietnamese"), MISTAKES,
                         ids=[" ".join(m[0][:2]) for m in MISTAKES])
def test_a_mistake_is_one_line_and_exit_status_1_never_a_traceback(
        runner, demo, tmp_path, args, english, vietnamese):
    args = _filled(args, tmp_path)
    result = runner.invoke(args=args)
    assert result.exit_code in (1, 2), result.output  # 2: click's own usage errors
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    error = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(error) == 1, result.stderr
    assert _filled([english], tmp_path)[0] in error[0]
    if vietnamese:
        result = runner.invoke(args=[*args, "--lang", "vi"])
        # click's own usage errors keep click's English "Error:" before the translated reason
        error = [line for line in result.stderr.splitlines()
                 if line.startswith(("Lỗi: ", "Error: "))]
        assert len(error) == 1 and _filled([vietnamese], tmp_path)[0] in error[0], \
            result.stderr


def test_a_mistake_on_a_terminal_follows_lang_and_prints_no_traceback(
        demo, database_url, tmp_path):
    status, text = run_in_terminal(["month", "close", "--month", "2099-01"], database_url,
                                   tmp_path, LANG="vi_VN.UTF-8")
    assert status == 1
    assert "Traceback" not in text
    assert text.rstrip().splitlines()[-1] == ("Lỗi: Tháng 2099-01 chưa kết thúc; hãy chốt "
                                              "sau khi hết tháng")


SHORT_MISTAKES = [
    (["apikey", "revoke", "404"], "No key has the id 404.", "Không có khóa nào mang số 404."),
    (["apikey", "create", "--site", "NOPE"], "No site has the code 'NOPE'.",
     "Không có điểm phục vụ nào mang mã 'NOPE'."),
    (["kiosk", "pair", "--counter", "NOPE"], "There is no counter with the code 'NOPE'.",
     "Không có quầy nào mang mã 'NOPE'."),
    (["flags", "scan", "--month", "2026-13"], "The month must be written YYYY-MM",
     "Tháng phải viết theo dạng YYYY-MM"),
    (["end-sessions", "--username", "nobody"], "No account is named 'nobody'.",
     "Không có tài khoản nào tên 'nobody'."),
]


@pytest.mark.parametrize(("args", "english", "vietnamese"), SHORT_MISTAKES,
                         ids=[" ".join(m[0][:2]) for m in SHORT_MISTAKES])
def test_every_command_answers_a_mistake_in_one_line_in_the_chosen_language(
        runner, demo, args, english, vietnamese):
    """The short commands too: one line, exit status 1, English by default, Vietnamese with
    the command's own --lang or HAILONG_LANG."""
    for invocation, env, expected, prefix in (
            (args, {"HAILONG_LANG": "en"}, english, "Error: "),
            (["--lang", "vi", *args], {"HAILONG_LANG": "en"}, vietnamese, "Lỗi: "),
            (args, {"HAILONG_LANG": "vi"}, vietnamese, "Lỗi: ")):
        result = runner.invoke(args=invocation, env=env)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith(prefix) and expected in lines[0], \
            result.stderr


def test_the_steps_speak_the_command_s_language(runner, demo):
    result = runner.invoke(args=["month", "show", "--month", "2026-10", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "Đếm phiếu đánh giá kỳ 2026-10: 0/12 cán bộ (0%)"
    assert lines[-1].startswith("Chấm điểm kỳ 2026-10: 12/12 cán bộ (100%), ")
    assert "cán bộ/s" in lines[-1]
