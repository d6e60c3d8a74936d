"""Docs are tested: every command and option is in the README, the rules document is current."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from styrgraf.cli import build_parser

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
sys.path.insert(0, str(ROOT / "tools"))

import rules_doc  # noqa: E402


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_readme_opens_with_the_two_commands() -> None:
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    # The first serves the model; the second sets up and runs the whole suite, and CI runs it
    # word for word.
    assert block[0].endswith("styrgraf serve")
    assert block[1].endswith(".venv/bin/python -m pytest") and "test-peers.sh" in block[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.count(block[1]) == 1


@pytest.mark.parametrize("command", sorted(_subparsers()))
def test_every_command_and_option_is_documented(command: str) -> None:
    assert f"`styrgraf {command}" in README
    parser = _subparsers()[command]
    options = [s for a in parser._actions for s in a.option_strings if s.startswith("--")]
    missing = [o for o in options if o != "--help" and f"`{o}" not in README]
    assert missing == []


def test_rules_document_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_doc.render()


def test_queries_document_is_current() -> None:
    import queries_doc

    assert (ROOT / "docs" / "queries.md").read_text(encoding="utf-8") == queries_doc.render()


def test_every_coverage_reason_is_documented() -> None:
    from styrgraf.analysis.coverage import ORPHAN_REASONS, UNCOVERED_REASONS

    missing = [code for code in ORPHAN_REASONS + UNCOVERED_REASONS if f"| `{code}` |" not in README]
    assert missing == []


def test_every_environment_setting_is_documented() -> None:
    import re

    source = (ROOT / "service" / "styrgraf" / "cli" / "main.py").read_text(encoding="utf-8")
    settings = set(re.findall(r"STYRGRAF_[A-Z_]+", source))
    assert settings and [s for s in sorted(settings) if f"`{s}`" not in README] == []


def test_every_service_setting_is_documented() -> None:
    from styrgraf.settings import SETTINGS

    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in README]
    assert missing == []
