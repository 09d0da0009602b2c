"""Start-up loads no renderer: ReportLab, openpyxl, the chart code and the QR code library are
imported by the first printout, export, chart or QR code, not by `hailong` or a worker."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("reportlab", "openpyxl", "render.charts", "render.document", "qrcode")

#: Runs `hailong --help` as the console script does, then reports what it imported.
PROBE = """
import json, sys
import wsgi
try:
    wsgi.cli.main(["--help"], prog_name="hailong", standalone_mode=False)
except SystemExit:
    pass
app = wsgi.create_app({"CHECK_DATABASE_ON_START": False})
print("MODULES " + json.dumps(sorted(sys.modules)))
"""


def imported_by_start(tmp_path) -> tuple[set[str], str]:
    environment = dict(os.environ, HAILONG_INSTANCE_PATH=str(tmp_path / "instance"),
                       DATABASE_URL=f"sqlite:///{tmp_path / 'start.sqlite3'}",
                       PYTHONDONTWRITEBYTECODE="1")
    environment.pop("TEST_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES "))), done.stdout


def test_hailong_help_and_the_app_load_no_renderer(tmp_path):
    modules, output = imported_by_start(tmp_path)
    assert "seed-demo" in output and "report" in output  # the commands are all listed
    assert "admin.reports" in modules  # the whole app was built, not a shortcut
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)
    assert loaded == []


@pytest.mark.parametrize("module", ["render.ranking_pdf", "render.report_xlsx", "render.qr",
                                    "render.charts"])
def test_each_renderer_still_imports_on_its_own(module):
    # The imports moved into functions must name modules that exist.
    __import__(module)
    assert module in sys.modules
