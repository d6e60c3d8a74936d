"""The message catalogues (``styrgraf/i18n/locale/<lang>/LC_MESSAGES/styrgraf.po``): every
message in every language, none empty, each with the same placeholders; the compiled ``.mo``
files current with their ``.po``; every message the code and the templates use in them (as
``pybabel extract`` finds them with the project's own configuration, and the ids a page makes
up from a code, a status or a severity), and none in them that nothing uses."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from styrgraf.analysis.coverage import ORPHAN_REASONS, UNCOVERED_REASONS, coverage
from styrgraf.analysis.fulfilment_shapes import FINDING_CODES, PeriodPart
from styrgraf.analysis.hierarchy import class_labels
from styrgraf.analysis.indicator_outcome import PROBLEMS
from styrgraf.i18n.languages import DEFAULT, LANGUAGES, LOCALE, catalogue_path
from styrgraf.i18n.words import message_ids, word
from styrgraf.model.bundled import ontology_files, sample_data_files
from styrgraf.model.follow_up_profile import Outcome
from styrgraf.model.hierarchy_schema import hierarchy_schema
from styrgraf.render.heatmap import STATUSES
from styrgraf.sparql.queries import load_queries
from styrgraf.store.embedded import EmbeddedStore

ROOT = Path(__file__).parent.parent
SEVERITIES = ("Violation", "Warning", "Info")


def _catalogue(lang: str) -> Catalog:
    with catalogue_path(lang, ".po").open("rb") as written:
        return read_po(written)


def _id(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _ids(catalog: Catalog) -> set[str]:
    return {_id(m) for m in catalog if m.id}


def test_the_languages_are_the_catalogues() -> None:
    folders = sorted(p.name for p in LOCALE.iterdir() if p.is_dir())
    assert sorted(LANGUAGES) == folders and LANGUAGES[0] == DEFAULT
    for lang in LANGUAGES:
        catalog = _catalogue(lang)
        assert catalog.mime_headers and dict(catalog.mime_headers)["Language"] == lang
        # Each language names itself and offers a page in itself, for the language switch.
        assert word("lang.name", lang) and word("lang.switch", lang)
    assert len({word("lang.name", lang) for lang in LANGUAGES}) == len(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_in_every_catalogue_with_the_same_placeholders(lang: str) -> None:
    reference = {_id(m): m for m in _catalogue(DEFAULT) if m.id}
    catalog = _catalogue(lang)
    assert _ids(catalog) == set(reference)
    for message in catalog:
        if not message.id:
            continue
        key = _id(message)
        assert not message.fuzzy, key
        assert message.pluralizable == reference[key].pluralizable, key
        wanted = set().union(*(_fields(f) for f in _forms(reference[key])))
        for form in _forms(message):
            assert form.strip(), (lang, key)
            assert _fields(form) == wanted, (lang, key, form)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogues_are_current(lang: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(lang))
    assert catalogue_path(lang, ".mo").read_bytes() == compiled.getvalue(), (
        f"{catalogue_path(lang, '.mo')} is not the compiled {catalogue_path(lang, '.po')}: "
        "compile the catalogues again (make catalogues, which runs pybabel compile)"
    )


def _made_up() -> set[str]:
    """The message ids a page, a drawing or a report makes up from a code, a status, a
    severity or a class, which no extraction can see."""
    store = EmbeddedStore()
    store.load(sample_data_files())
    store.load(ontology_files(), graph="https://w3id.org/styrgraf")
    summary = coverage(store).summary
    orphans = {f"{code}.{where}" for code in ORPHAN_REASONS for where in ("self", "above")}
    orphans = (orphans - {"cycle.self", "cycle.above"}) | {"cycle"}
    return (
        {
            f"reason.{code}{help}"
            for code in ORPHAN_REASONS + UNCOVERED_REASONS
            for help in ("", ".help")
        }
        | {f"finding.reason.{code}" for code in orphans | set(UNCOVERED_REASONS)}
        | {f"class.indefinite.{name}" for name in hierarchy_schema().classes}
        | {f"heatmap.status.{status}" for status in STATUSES}
        | {f"summary.{key}" for key in summary}
        | {
            f"{kind}.{severity}"
            for kind in ("severity", "rulekind", "report.severity")
            for severity in SEVERITIES
        }
        | {f"report.{count}" for count in ("violations", "warnings", "rules")}
        | {f"finding.{kind}" for kind in ("coverage", "rule", "recommendation")}
        | {f"finding.more.{page}" for page in ("coverage", "validation")}
        | {f"followup.period.{part}" for part in get_args(PeriodPart)}
        | {f"followup.{kind}.{o.value}" for kind in ("outcome", "outcome-label") for o in Outcome}
        | {f"followup.problem.{problem}" for problem in PROBLEMS}
        | {f"followup.finding.{code}" for code in FINDING_CODES}
    )


def _query_headings() -> set[str]:
    """The headings a named query's table may have: ``column.<variable>`` for each variable of
    each named query, which the catalogues have for some (styrgraf.render.query_results)."""
    return {
        f"column.{variable}"
        for query in load_queries().values()
        for variable in re.findall(r"[?$](\w+)", query.text)
    }


def test_every_message_used_is_in_the_catalogues_and_every_message_is_used(tmp_path: Path) -> None:
    written = tmp_path / "used.pot"
    # pybabel extract as a translator runs it: its configuration is pyproject.toml's.
    run = [sys.executable, "-m", "babel.messages.frontend", "extract", "-o", str(written)]
    subprocess.run(run, cwd=ROOT, check=True, capture_output=True)
    with written.open("rb") as template:
        extracted = _ids(read_po(template))
    assert len(extracted) > 200
    made = _made_up()
    # An error page's title and explanation: error.<status> and error.text.<status>.
    errors = {key for key in message_ids() if re.fullmatch(r"error\.(text\.)?\d{3}", key)}
    assert {"error.404", "error.text.404"} <= errors
    assert extracted - message_ids() == set()
    assert made - message_ids() == set()
    assert message_ids() - extracted - made - errors - _query_headings() == set()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_class_with_its_article_ends_in_the_vocabularys_label(lang: str) -> None:
    labels = class_labels(lang)
    for name in hierarchy_schema().classes:
        assert word(f"class.indefinite.{name}", lang).endswith(" " + labels[name]), name


FINNISH = {
    "lang.name": "suomi",
    "lang.switch": "Lue sivu suomeksi",
    "nav.tree": "Tavoitepuu",
    "tree.title": "Tavoitepuu",
}
"""A few messages of a Finnish catalogue; the rest stay as the English they start from."""

PROBE = """
import json
from styrgraf.i18n.languages import LANGUAGES, catalogue_language
from styrgraf.settings import BY_NAME
from styrgraf.web.app import create_app

app = create_app({"TESTING": True, "query_processes": 0})
html = {"Accept": "text/html"}
finnish = app.test_client().get("/tree?lang=fi-FI", headers=html).get_data(as_text=True)
swedish = app.test_client().get("/tree?lang=sv", headers=html).get_data(as_text=True)
asked = {**html, "Accept-Language": "fi, en;q=0.5"}
negotiated = app.test_client().get("/tree", headers=asked).get_data(as_text=True)
api = app.test_client().get("/api/coverage?lang=fi")
print(json.dumps({
    "languages": LANGUAGES,
    "rule": catalogue_language("fi-FI"),
    "setting": BY_NAME["lang"].choices,
    "finnish": finnish,
    "swedish": swedish,
    "negotiated": negotiated,
    "api": api.status_code,
}))
"""


def test_a_language_is_added_by_adding_its_catalogue(tmp_path: Path) -> None:
    """A copy of the package given a Finnish catalogue, made as the docstring of styrgraf.i18n
    says, speaks Finnish wherever a language is chosen: nothing but the catalogue is added."""
    package = ROOT / "service" / "styrgraf"
    copy = tmp_path / "service" / "styrgraf"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("ontology", "shapes", "data", "queries"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    locale = copy / "i18n" / "locale"
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    english = locale / "en" / "LC_MESSAGES" / "styrgraf.po"
    init = [*pybabel, "init", "-i", str(english), "-d", str(locale), "-D", "styrgraf", "-l", "fi"]
    subprocess.run(init, cwd=tmp_path, check=True, capture_output=True)
    written = locale / "fi" / "LC_MESSAGES" / "styrgraf.po"
    with written.open("rb") as po:
        catalog = read_po(po)
    for key, text in FINNISH.items():
        message = catalog.get(key)
        assert message is not None, key
        message.string = text
    with written.open("wb") as po:
        write_po(po, catalog)
    compile_ = [*pybabel, "compile", "-d", str(locale), "-D", "styrgraf"]
    subprocess.run(compile_, cwd=tmp_path, check=True, capture_output=True)

    env = {**os.environ, "PYTHONPATH": str(tmp_path / "service"), "PYTHONSAFEPATH": "1"}
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert found["languages"] == ["sv", "en", "fi"]
    assert found["rule"] == "fi" and "fi" in found["setting"]
    assert '<html lang="fi">' in found["finnish"] and "Tavoitepuu" in found["finnish"]
    # Every other language is offered, each in its own words.
    assert 'hreflang="fi" lang="fi" title="Lue sivu suomeksi">suomi</a>' in found["swedish"]
    assert (
        'hreflang="en" lang="en" title="Read this page in English">English</a>'
        in (found["swedish"])
    )
    assert '<html lang="fi">' in found["negotiated"]
    assert found["api"] == 200
