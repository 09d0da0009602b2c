"""Start-up loads no renderer and no console view: `hailong --help` lists the commands without
building the app (web/cli_group.py), and ReportLab, openpyxl, the chart code and the QR code
library are imported by the first printout, export, chart or QR code, not by a worker."""

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from flask.cli import FlaskGroup, ScriptInfo

import wsgi
from web.cli_group import LazyCommand

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("reportlab", "openpyxl", "render.charts", "render.document", "qrcode")

#: Runs `hailong ARGS` as the console script does, reports what it imported, then builds the app.
PROBE = """
import json, sys
import flask, wsgi
try:
    wsgi.cli.main(sys.argv[1:], prog_name="hailong", standalone_mode=False)
except SystemExit:
    pass
print("HELP_MODULES " + json.dumps(sorted(sys.modules)))
print("APP_BUILT " + json.dumps(bool(flask.current_app)))
app = wsgi.create_app({"CHECK_DATABASE_ON_START": False})
print("MODULES " + json.dumps(sorted(sys.modules)))
"""


def environment_for(tmp_path, **extra) -> dict:
    environment = dict(os.environ, HAILONG_INSTANCE_PATH=str(tmp_path / "instance"),
                       DATABASE_URL=f"sqlite:///{tmp_path / 'start.sqlite3'}",
                       PYTHONDONTWRITEBYTECODE="1")
    environment.update(extra)
    environment.pop("TEST_DATABASE_URL", None)
    return environment


def run_probe(tmp_path, *args) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT,
                          env=environment_for(tmp_path), capture_output=True, text=True,
                          timeout=120, check=True)
    found = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in ("HELP_MODULES", "APP_BUILT", "MODULES"):
            found[key] = json.loads(value)
    return found, done.stdout


def renderers(modules) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


def test_hailong_help_lists_every_command_without_the_app(tmp_path):
    found, output = run_probe(tmp_path, "--help")
    for name in wsgi.COMMANDS:
        assert f"\n  {name} " in output
    at_help = set(found["HELP_MODULES"])
    assert found["APP_BUILT"] is False
    assert [m for m in at_help if m.split(".")[0] in ("admin", "kiosk", "models")] == []
    assert "sqlalchemy" not in at_help and "alembic" not in at_help
    assert renderers(at_help) == []
    # The app, once built, has every console view and still no renderer.
    built = set(found["MODULES"])
    assert "admin.evaluation.reports" in built and "kiosk.tablet" in built
    assert renderers(built) == []


#: Runs `hailong NAME --help` for every command in one interpreter: what they import together.
EVERY_HELP = """
import json, sys
import flask, wsgi
for name in sorted(wsgi.COMMANDS):
    try:
        wsgi.cli.main([name, "--help"], prog_name="hailong", standalone_mode=False)
    except SystemExit:
        pass
print("HELP_MODULES " + json.dumps(sorted(sys.modules)))
print("APP_BUILT " + json.dumps(bool(flask.current_app)))
"""


def test_a_commands_help_imports_no_view_and_builds_no_app(tmp_path):
    done = subprocess.run([sys.executable, "-c", EVERY_HELP], cwd=ROOT,
                          env=environment_for(tmp_path), capture_output=True, text=True,
                          timeout=120, check=True)
    for name in wsgi.COMMANDS:
        assert f"Usage: hailong {name} " in done.stdout
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines()
                 if line.startswith(("HELP_MODULES ", "APP_BUILT ")))
    at_help = set(json.loads(lines["HELP_MODULES"]))
    assert json.loads(lines["APP_BUILT"]) is False
    # Every console and tablet view hangs its routes on its package's blueprint.
    assert "admin.blueprint" not in at_help and "admin.reports" not in at_help
    assert [m for m in at_help if m.startswith("kiosk.") and m != "kiosk.cli"] == []
    assert renderers(at_help) == []


def command_tree(command: click.Command, ctx: click.Context) -> dict:
    if not isinstance(command, click.Group):
        return {}
    return {name: command_tree(command.get_command(ctx, name), ctx)
            for name in command.list_commands(ctx)}


def test_the_table_names_exactly_the_apps_commands(app):
    assert set(wsgi.COMMANDS) == set(app.cli.commands)
    for name, entry in wsgi.cli.lazy_commands.items():
        real = app.cli.commands[name]
        assert entry.load() is real
        for limit in (30, 45, 60, 200):
            assert entry.get_short_help_str(limit) == real.get_short_help_str(limit), name


def test_hailong_lists_what_flasks_group_listed(app):
    # Flask's own group, which builds the app to list the commands, is the reference.
    old = FlaskGroup(create_app=lambda: app)
    with click.Context(old, obj=ScriptInfo(create_app=lambda: app)) as ctx:
        expected = command_tree(old, ctx)
    with click.Context(wsgi.cli, obj=ScriptInfo(create_app=wsgi.create_cli_app)) as ctx:
        names = wsgi.cli.list_commands(ctx)
        listed = {name: wsgi.cli.get_command(ctx, name) for name in names}
        tree = {name: command_tree(c.load() if isinstance(c, LazyCommand) else c, ctx)
                for name, c in listed.items()}
    assert tree == expected
    assert "limiter" in tree and "routes" in tree  # plugins and Flask's own commands


def hailong(tmp_path, *args, **extra) -> subprocess.CompletedProcess:
    script = Path(sys.executable).parent / "hailong"
    return subprocess.run([str(script), *args], cwd=ROOT, env=environment_for(tmp_path, **extra),
                          capture_output=True, text=True, timeout=120, check=False)


def test_running_a_command_builds_the_app(tmp_path):
    done = hailong(tmp_path, "--lang", "en", "db", "current")
    assert "head:" in done.stdout
    assert done.stderr.strip().splitlines() == [
        "Error: The database is not at the newest revision: run `hailong db upgrade`."]
    assert done.returncode == 1


def test_settings_and_database_errors_stay_one_line(tmp_path):
    wrong = hailong(tmp_path, "--lang", "en", "db", "current", DATABASE_URL="nonsense")
    assert wrong.returncode == 1
    assert len(wrong.stderr.strip().splitlines()) == 1
    assert wrong.stderr.startswith("Error: ") and "DATABASE_URL" in wrong.stderr
    absent = hailong(tmp_path, "--lang", "vi", "db", "upgrade",
                     DATABASE_URL="postgresql://postgres@127.0.0.1:9/none")
    assert absent.returncode == 1
    assert absent.stderr.strip().splitlines()[0].startswith(
        "Lỗi: Không kết nối được cơ sở dữ liệu")
    assert len(absent.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("module", ["render.ranking_pdf", "render.report_xlsx", "render.qr",
                                    "render.charts"])
def test_each_renderer_still_imports_on_its_own(module):
    # The imports moved into functions must name modules that exist.
    __import__(module)
    assert module in sys.modules
