"""How long a `hailong` command takes to start: `hailong --help` in a fresh interpreter.

    .venv/bin/python bench/cli_start.py [--runs 5]

Runs the console script ``--help`` (which lists the commands without building the app:
web/cli_group.py) ``--runs`` times after one warm-up run, and reports the median CPU time (user
+ system) of the child process — the machine's other load changes the wall-clock time, far
less the CPU time. Byte-code is cached under a temporary directory (``PYTHONPYCACHEPREFIX``),
as an installed package has it, even where the environment says not to write it. Also lists
the renderers the start imported (none is the aim: issue 17).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchrow import emit

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.5
PROBE = ("import sys, wsgi\n"
         "try:\n    wsgi.cli.main(['--help'], prog_name='hailong', standalone_mode=False)\n"
         "except SystemExit:\n    pass\n"
         "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
         "('reportlab', 'openpyxl', 'qrcode') or m == 'render.charts')\n"
         "print('HEAVY', len(heavy))\n")


def child_cpu(command: list[str], environment: dict) -> tuple[float, str]:
    """Run ``command``; return the CPU seconds it used and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, env=environment, cwd=ROOT, capture_output=True, text=True,
                          check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    script = Path(sys.executable).parent / "hailong"
    with tempfile.TemporaryDirectory() as folder:
        environment = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(folder) / "pycache"),
                           HAILONG_INSTANCE_PATH=str(Path(folder) / "instance"),
                           DATABASE_URL=f"sqlite:///{folder}/start.sqlite3")
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        child_cpu([str(script), "--help"], environment)  # warm-up: writes the byte-code
        times = [child_cpu([str(script), "--help"], environment)[0] for _ in range(args.runs)]
        _cpu, output = child_cpu([sys.executable, "-c", PROBE], environment)
    heavy = int(output.split("HEAVY", 1)[1])
    median = statistics.median(times)
    emit("`hailong --help` start, CPU time", round(median, 2), "s", target=f"< {TARGET} s",
         met=median < TARGET,
         note=f"best {min(times):.2f} s; renderer modules imported at start: {heavy}")
    return 0 if median < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
