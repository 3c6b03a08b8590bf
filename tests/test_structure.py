"""The layout keeps its promises: where a command lives, what the CLI layer may hold."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from netzwerk_cli.cli.app import LAZY_COMMANDS

SRC = Path(__file__).parents[1] / "src" / "netzwerk_cli"
CLI = SRC / "cli"
# CLI modules that serve every command instead of driving one core module.
CLI_INFRASTRUCTURE = {"__init__", "app", "options", "prompts", "render", "i18n"}
MAX_COMMAND_BODY_LINES = 30


def _commands_defined_in(module_name: str) -> set[str]:
    """The command names a CLI module registers (its group's name for a command group)."""
    group = importlib.import_module(module_name).group
    if group.info.name:
        return {group.info.name}
    return {info.name for info in group.registered_commands}


@pytest.mark.parametrize("module_name", sorted(LAZY_COMMANDS))
def test_lazy_command_table_names_exactly_the_commands_each_module_defines(module_name):
    assert _commands_defined_in(module_name) == set(LAZY_COMMANDS[module_name])


def test_every_cli_module_with_commands_is_in_the_lazy_table():
    modules = {f"netzwerk_cli.cli.{p.stem}" for p in CLI.glob("*.py")
               if p.stem not in CLI_INFRASTRUCTURE}
    assert modules == set(LAZY_COMMANDS)


@pytest.mark.parametrize("path", sorted(p for p in CLI.glob("*.py")
                                        if p.stem not in CLI_INFRASTRUCTURE),
                         ids=lambda p: p.name)
def test_each_cli_module_drives_the_core_module_of_the_same_name(path):
    core = SRC / f"{path.stem}.py"
    package = SRC / path.stem / "__init__.py"
    assert core.is_file() or package.is_file(), f"cli/{path.name} hat kein Kernmodul"
    text = path.read_text("utf-8")
    assert re.search(rf"from netzwerk_cli(\.{path.stem}[. ]| import .*\b{path.stem}\b)",
                     text), f"cli/{path.name} benutzt netzwerk_cli.{path.stem} nicht"


def _command_functions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                    ast.unparse(d).startswith("command(") for d in node.decorator_list):
                found.append((f"{path.name}:{node.name}", node))
    return found


@pytest.mark.parametrize(("name", "function"), _command_functions(), ids=lambda v: v
                         if isinstance(v, str) else "")
def test_no_command_body_is_longer_than_thirty_lines(name, function):
    body = function.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring is the help text, not logic
    assert body[-1].end_lineno - body[0].lineno + 1 <= MAX_COMMAND_BODY_LINES, name


def test_core_modules_import_neither_typer_nor_rich():
    for path in SRC.rglob("*.py"):
        if CLI in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [n for n in names if n.split(".")[0] in ("typer", "rich")], path


def test_a_listing_in_a_pipe_imports_only_what_it_uses(tmp_path):
    # Start-up is measured against an empty Typer app (issue 15: at most 1.15 times): a
    # listing on the shipped data reads TOML once with one reader and renders no table.
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom netzwerk_cli.cli import app\n"
            "sys.argv = ['netz', 'list', '--bezirk', 'Haspe']\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m in ('tomllib', 'rich', "
            "'netzwerk_cli.meetings', 'netzwerk_cli.index')), file=sys.stderr)")
    env = {k: v for k, v in os.environ.items() if k != "NETZ_REGISTRY"}
    env |= {f"XDG_{kind}_HOME": str(tmp_path / kind) for kind in ("CONFIG", "DATA", "CACHE")}
    for _ in range(2):  # the first run copies the shipped data into place
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=env, timeout=60, check=False)
    assert result.stdout.startswith("ak-90\t")
    assert result.stderr.strip().splitlines()[-1] == "[]", result.stderr
