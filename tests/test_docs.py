"""Docs are tested: every command and option is in docs/cli.md, every setting in
docs/settings.md, the rules document is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import queries_doc
import rules_doc

from styrgraf.cli import styrgraf

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
SETTINGS = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    # The first serves the model; the second sets up and runs the whole suite, and CI runs it
    # word for word.
    assert block[0].endswith("styrgraf serve")
    assert block[1].endswith(".venv/bin/python -m pytest") and "test-peers.sh" in block[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.count(block[1]) == 1


@pytest.mark.parametrize("command", sorted(styrgraf.commands))
def test_every_command_and_option_is_documented(command: str) -> None:
    assert f"## `styrgraf {command}`" in CLI
    params = styrgraf.commands[command].params
    options = [o for p in params for o in [*p.opts, *p.secondary_opts] if o.startswith("--")]
    missing = [o for o in options if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", CLI)]
    assert missing == []


def test_rules_document_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_doc.render()


def test_queries_document_is_current() -> None:
    assert (ROOT / "docs" / "queries.md").read_text(encoding="utf-8") == queries_doc.render()


def test_every_coverage_reason_is_documented() -> None:
    from styrgraf.analysis.coverage import ORPHAN_REASONS, UNCOVERED_REASONS

    reports = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    codes = ORPHAN_REASONS + UNCOVERED_REASONS
    missing = [code for code in codes if f"| `{code}` |" not in reports]
    assert missing == []


def test_every_setting_is_documented() -> None:
    from styrgraf.settings import SETTINGS as TABLE

    missing = [s.env for s in TABLE if f"| `{s.name}` | `{s.env}` |" not in SETTINGS]
    assert missing == []
