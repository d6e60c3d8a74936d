"""The examples in the documents are run, and print what the documents say they print.

Every ```` ```console ```` block of README.md and docs/*.md is a transcript: a line that starts
with ``$ `` is a command (a line ending in ``\\`` goes on on the next), and the lines after it, up
to the next command or the end of the block, are what it prints, standard output and standard
error together. A document is one session: its blocks run in order, in one fresh temporary
folder (so a file that one block writes is there for the next), each command through
``bash -c``, with the virtual environment's ``bin`` first on ``PATH`` (so ``styrgraf`` is
the installed console script), no ``STYRGRAF_*`` variable and ``LC_ALL=C.UTF-8``. A block that
names :data:`SERVICE` runs against a real ``styrgraf serve`` of the bundled model on a free port,
whose address takes that one's place in the commands and gives it back in the output. Only white
space at the ends of lines is let go: Markdown does not keep it reliably.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from oxigraph_server import ServerError

from tests_support import serving

ROOT = Path(__file__).parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SERVICE = "http://127.0.0.1:8000"
"""Where the documents' examples find the service: the README's first command serves there."""
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Step:
    """One command of a transcript and what it prints."""

    command: str
    output: str


@dataclass(frozen=True)
class Example:
    """One ``console`` block: where it is, and its steps in order."""

    path: Path
    line: int
    steps: tuple[Step, ...]

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def needs_service(self) -> bool:
        return any(SERVICE in step.command for step in self.steps)


def examples(path: Path) -> list[Example]:
    """The ``console`` blocks of a Markdown file; a block whose first line is not a command is
    refused, naming the file and line."""
    found: list[Example] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(lines):
        if lines[number].strip() != "```console":
            number += 1
            continue
        start = number + 1
        steps: list[tuple[list[str], list[str]]] = []
        number += 1
        while number < len(lines) and lines[number].strip() != "```":
            line = lines[number]
            if line.startswith("$ "):
                command = [line[2:]]
                while command[-1].endswith("\\") and number + 1 < len(lines):
                    number += 1
                    command.append(lines[number])
                steps.append((command, []))
            elif not steps:
                raise ValueError(f"{path}:{number + 1}: a console block starts with '$ command'")
            else:
                steps[-1][1].append(line)
            number += 1
        if number == len(lines):
            raise ValueError(f"{path}:{start}: the console block is not closed")
        found.append(
            Example(
                path,
                start,
                tuple(Step("\n".join(c), "\n".join(o)) for c, o in steps),
            )
        )
        number += 1
    return found


EXAMPLES = {document: found for document in DOCUMENTS if (found := examples(document))}
"""The documents that have examples, and their examples in order."""


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines())


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``styrgraf serve`` of the bundled model, for the examples that ask the service."""
    try:
        with serving(tmp_path_factory.mktemp("examples-serve")) as url:
            yield url
    except ServerError as problem:
        pytest.fail(str(problem))


def test_the_documents_have_examples_and_the_readme_its_five() -> None:
    readme = EXAMPLES[ROOT / "README.md"]
    assert sum(len(e.steps) for e in readme) >= 5
    documents = {path.name for path in EXAMPLES}
    assert documents >= {"README.md", "api.md", "model.md", "reports.md", "queries.md"}


@pytest.mark.parametrize("document", list(EXAMPLES), ids=lambda path: str(path.relative_to(ROOT)))
def test_the_examples_print_what_the_document_says(
    document: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    assert (BIN / "styrgraf").exists(), f"no styrgraf console script in {BIN}: pip install -e ."
    for program in ("bash", "curl"):
        assert shutil.which(program), f"{program} is missing: tools/test-peers.sh installs it"
    found = EXAMPLES[document]
    url = request.getfixturevalue("service") if any(e.needs_service for e in found) else SERVICE
    env = {k: v for k, v in os.environ.items() if not k.startswith("STYRGRAF_")}
    env |= {"PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "LC_ALL": "C.UTF-8"}
    for example, step in ((e, s) for e in found for s in e.steps):
        done = subprocess.run(
            ["bash", "-c", step.command.replace(SERVICE, url)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
            check=False,
        )
        printed = done.stdout.replace(url, SERVICE)
        assert _normalised(printed) == _normalised(step.output), f"{example.name}: $ {step.command}"


def test_a_console_block_must_start_with_a_command(tmp_path: Path) -> None:
    document = tmp_path / "doc.md"
    document.write_text("Text\n\n```console\nno prompt\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"doc\.md:4: a console block starts with"):
        examples(document)


def test_a_transcript_is_read_into_commands_and_their_output(tmp_path: Path) -> None:
    document = tmp_path / "doc.md"
    document.write_text(
        "```console\n$ echo one \\\n  two\none two\n$ true\n```\n\n```sh\n$ not run\n```\n",
        encoding="utf-8",
    )
    (example,) = examples(document)
    assert example.line == 1  # the line of the opening fence
    assert example.steps == (Step("echo one \\\n  two", "one two"), Step("true", ""))
