"""Import direction: wsgi → kiosk, admin → web, render → models → the pure rules (stdlib only)."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package: str) -> set[tuple[str, str]]:
    """Return (file, top-level module) for every import in a package."""
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {(str(path.relative_to(ROOT)), a.name.split(".")[0]) for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add((str(path.relative_to(ROOT)), node.module.split(".")[0]))
    return found


@pytest.mark.parametrize(
    "package, forbidden",
    [
        ("models", {"flask", "flask_babel", "flask_login", "flask_wtf", "werkzeug", "web",
                    "kiosk", "admin", "wsgi", "migrations", "alembic"}),
        ("evaluation", {"flask", "sqlalchemy", "models", "web", "kiosk", "admin", "wsgi"}),
        ("integrity", {"flask", "sqlalchemy", "models", "web", "kiosk", "admin", "wsgi"}),
        ("web", {"kiosk", "admin", "wsgi", "render"}),
        ("render", {"flask", "flask_babel", "web", "kiosk", "admin", "wsgi", "sqlalchemy",
                    "models"}),
        ("kiosk", {"admin", "wsgi"}),
        ("admin", {"kiosk", "wsgi"}),
        ("migrations", {"flask", "web", "kiosk", "admin", "wsgi"}),
        ("tabular", {"flask", "flask_babel", "werkzeug", "sqlalchemy", "openpyxl", "models",
                     "web", "kiosk", "admin", "render", "evaluation", "wsgi"}),
    ],
)
def test_package_does_not_import_what_sits_above_it(package, forbidden):
    offending = sorted((f, m) for f, m in imported_modules(package) if m in forbidden)
    assert offending == []


def test_the_table_reader_imports_only_the_standard_library():
    allowed = set(sys.stdlib_module_names) | {"tabular"}
    offending = sorted((f, m) for f, m in imported_modules("tabular") if m not in allowed)
    assert offending == []


@pytest.mark.parametrize("package", ["evaluation", "integrity"])
def test_the_pure_rules_import_only_the_standard_library(package):
    if not (ROOT / package).exists():
        pytest.fail(f"the {package} package is missing")
    allowed = set(sys.stdlib_module_names) | {package, "__future__"}
    offending = sorted((f, m) for f, m in imported_modules(package) if m not in allowed)
    assert offending == []


#: What importing each package may never load, directly or through anything it imports.
TRANSITIVE = {
    "evaluation": {"flask", "sqlalchemy", "models", "web", "kiosk", "admin", "alembic"},
    "integrity": {"flask", "sqlalchemy", "models", "web", "kiosk", "admin", "alembic"},
    "tabular": {"flask", "sqlalchemy", "openpyxl", "models", "web", "render"},
    "models": {"flask", "werkzeug", "web", "kiosk", "admin", "migrations", "alembic",
               "reportlab", "openpyxl"},
    "web": {"kiosk", "admin", "render", "reportlab"},
    # Renderers build documents from plain data (evaluation/report.py): no database, no Flask.
    "render": {"flask", "flask_babel", "sqlalchemy", "models", "web", "kiosk", "admin",
               "alembic"},
}


@pytest.mark.parametrize("package", sorted(TRANSITIVE))
def test_importing_a_package_loads_nothing_that_sits_above_it(package):
    """Import every module of the package in a fresh interpreter, then look at sys.modules:
    an arrow that runs upwards through a third module is caught too."""
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / package).rglob("*.py")
    )
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    assert sorted(set(json.loads(loaded)) & TRANSITIVE[package]) == []
