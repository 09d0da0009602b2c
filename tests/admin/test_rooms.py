"""The console's shape (issue 16): rooms by topic, each listing its URLs in its ``routes.py``,
templates beside the views, and no view importing another view."""

import ast
import pathlib

from admin import ROOMS

ADMIN = pathlib.Path(__file__).resolve().parents[2] / "admin"
#: Packages under admin/ that are not rooms of the console: the staff commands.
NOT_ROOMS = {"cli"}


def _tree(path: pathlib.Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def view_modules() -> dict[str, set[str]]:
    """Return {module: its view functions} for every module a routes.py names a view of."""
    views: dict[str, set[str]] = {}
    for room in ROOMS:
        routes = ADMIN / room / "routes.py"
        if not routes.exists():
            continue
        tree = _tree(routes)
        modules = {alias.asname or alias.name: f"{node.module}.{alias.name}"
                   for node in tree.body if isinstance(node, ast.ImportFrom)
                   for alias in node.names}
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "view_func":
                module = modules[node.value.value.id]
                views.setdefault(module, set()).add(node.value.attr)
    return views


def test_the_admin_package_holds_only_rooms_the_blueprint_and_the_static_files():
    loose = sorted(p.name for p in ADMIN.iterdir()
                   if p.name not in {"__init__.py", "blueprint.py", "static", "__pycache__"}
                   and p.name not in ROOMS and p.name not in NOT_ROOMS)
    assert loose == []
    assert sorted(p.name for p in ADMIN.iterdir() if p.is_dir() and p.name not in
                  {"static", "__pycache__"}) == sorted({*ROOMS, *NOT_ROOMS})


def test_every_console_url_is_listed_in_its_rooms_routes_file(app):
    listed = {(module, name) for module, names in view_modules().items() for name in names}
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.") or rule.endpoint == "admin.static":
            continue
        view = app.view_functions[rule.endpoint]
        served.add((view.__module__, view.__name__))
        room = view.__module__.split(".")[1]
        assert room in ROOMS, rule.rule
    assert served == listed


def test_no_route_is_declared_outside_a_routes_file():
    decorated = []
    for path in sorted(ADMIN.rglob("*.py")):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    func = getattr(decorator, "func", decorator)
                    if getattr(func, "attr", None) in {"route", "get", "post", "put", "delete"}:
                        decorated.append(f"{path.relative_to(ADMIN)}:{node.name}")
    assert decorated == []


def test_no_view_imports_another_view():
    views = view_modules()
    crossings = []
    for module in views:
        path = ADMIN.parent / (module.replace(".", "/") + ".py")
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
                crossings += [f"{module} imports {t}" for t in targets
                              if t in views and t != module]
    assert crossings == []


def test_each_rooms_templates_are_beside_it_under_its_own_name():
    for room in ROOMS:
        folder = ADMIN / room / "templates"
        if not folder.exists():
            continue
        names = {p.relative_to(folder).parts[0] for p in folder.rglob("*.html")}
        assert names == {room}, room
