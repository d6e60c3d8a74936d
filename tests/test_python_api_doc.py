"""docs/python-api.md is run: every example on it gives what it shows."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).parent.parent / "docs" / "python-api.md"


def test_the_python_api_page_runs_as_shown() -> None:
    failed, attempted = doctest.testfile(
        str(DOC),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
        verbose=False,
    )
    assert attempted > 20
    assert failed == 0, f"{failed} of {attempted} examples on {DOC.name} failed (printed above)"
