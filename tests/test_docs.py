"""The README says what the code does: every command and option of `python -m debrief`, and the layer
rules import-linter holds (the pattern of sqlite-utils' and datasette's docs tests)."""

from __future__ import annotations

import argparse
import re
import tomllib

import pytest

from debrief.cli import _parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    subparsers = next(
        action for action in _parser()._actions if isinstance(action, argparse._SubParsersAction)
    )
    return dict(subparsers.choices)


def _command_line(name: str) -> str:
    lines = [line for line in README.splitlines() if f"python -m debrief {name} " in line]
    assert lines, f"the README's Command line section does not show `python -m debrief {name}`"
    return lines[0]


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_and_option_is_in_the_readme(name):
    line = _command_line(name)
    for action in _commands()[name]._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert option in line, f"`{name} {option}` is not in the README"


def test_the_readme_shows_no_command_that_does_not_exist():
    shown = set(re.findall(r"python -m debrief (\w+)", README))
    assert shown <= set(_commands()), shown - set(_commands())


def test_the_readme_states_the_layers_the_contracts_hold():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    [layers] = [contract["layers"] for contract in contracts["contracts"] if contract["type"] == "layers"]
    layout = README[README.index("## Layout") :]
    bullets = re.findall(r"^- \*\*`([a-z_]+)/?`", layout, re.MULTILINE)
    assert bullets == layers, f"the README's layers {bullets} are not the contracts' {layers}"
    forbidden = {contract["name"] for contract in contracts["contracts"] if contract["type"] == "forbidden"}
    assert any("streamlit" in name for name in forbidden)
    assert "imports Streamlit" in layout
    assert "only reads" in layout
    assert "only module that opens the database" in layout
