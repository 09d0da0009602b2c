"""The evaluation package stays pure: standard library only, documented public functions."""

import ast
import sys
from pathlib import Path

import pytest

import evaluation

SOURCES = sorted(Path(evaluation.__file__).parent.glob("*.py"))


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_the_evaluation_package_imports_only_the_standard_library(path):
    imported = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_module_and_public_function_has_a_one_line_summary(path):
    tree = _tree(path)
    assert "\n" not in (ast.get_docstring(tree) or "\n")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            assert ast.get_docstring(node), f"{path.name}: {node.name} has no docstring"
