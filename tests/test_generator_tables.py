"""The generator's data file: it is the package's own, every label in it fills, and a file edited
wrong is refused with an error that names the file and the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import styrgraf.generator
from styrgraf.generator.generate import generate
from styrgraf.generator.records import LABEL_FIELDS, Pair
from styrgraf.generator.tables import DATA, TABLES, load_tables

SHIPPED = DATA.read_text(encoding="utf-8")


def test_the_data_file_is_inside_the_package() -> None:
    assert DATA.parent == Path(styrgraf.generator.__file__).parent
    assert DATA.name == "municipal.toml"
    assert load_tables(DATA) == TABLES


def test_every_label_fills_in_both_languages() -> None:
    for key, fields in LABEL_FIELDS.items():
        label = getattr(TABLES.labels, key)
        filled = label.fill(**{field: Pair("<sv>", "<en>") for field in fields})
        assert "{" not in filled.sv + filled.en, key
        assert "<en>" not in filled.sv and "<sv>" not in filled.en, key


def test_the_generated_model_speaks_the_data_files_words() -> None:
    labels = {
        (t.object.value, t.object.language)
        for triples in generate(1, seed=2).graphs.values()
        for t in triples
        if t.predicate.value.endswith("#label")
    }
    council = TABLES.labels.council
    assert {(council.sv, "sv"), (council.en, "en")} <= labels
    executive = TABLES.executive.name
    assert {(executive.sv, "sv"), (executive.en, "en")} <= labels
    assert any((area.name.sv, "sv") in labels for area in TABLES.areas)


def _edited(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """The shipped data file with ``old`` replaced by ``new`` (a regular expression)."""
    text, made = re.subn(old, new, SHIPPED, count=count, flags=re.DOTALL)
    assert made == count, old
    path = tmp_path / "municipal.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            r'name = \{ sv = "Tillväxt", en = "Growth" \}',
            'name = { sv = "Tillväxt" }',
            "areas[1].name: missing en",
        ),
        (
            r'sv = "Brukarnas nöjdhet med \{unit\} ökar"',
            'sv = "Brukarnas nöjdhet med {enhet} ökar"',
            "templates[1].goal.sv: unknown placeholder {enhet}; it may use {unit}",
        ),
        (
            r'council = \{ sv = "Kommunfullmäktige"',
            'council = { sv = "Kommunfullmäktige i {name}"',
            "labels.council.sv: unknown placeholder {name}; it may use none",
        ),
        (
            r'en = "Action plan \{year\}, \{unit\}" \}',
            'en = "Action plan {year}, {unit" }',
            "labels.action_plan.en: expected '}' before end of string",
        ),
        (
            r"sub_areas = \[.*?\]",
            'sub_areas = [{ sv = "Näringsliv", en = "Business" }]',
            "areas[1].sub_areas: needs at least 3 entries (the generator draws as many)",
        ),
        (
            r'\{ sv = "Fastighet", en = "Property Management" \}',
            '{ sv = "Förskola", en = "Preschool" }',
            "boards[3].units[2].sv: the unit 'Förskola' makes the same IRI (forskola) as"
            " boards[1].units[1].sv",
        ),
        (
            r"joint = false",
            'joint = false\ncolour = "red"',
            "exempt_boards[1]: unknown key colour; expected name, joint, reason",
        ),
        (r"joint = false", 'joint = "no"', "exempt_boards[1].joint: expected true or false"),
        (
            r"baseline = \[60, 85\]",
            "baseline = [85, 60]",
            "templates[1].baseline: expected [least, most], the least no greater",
        ),
        (r"sdgs = \[8, 9, 11\]", "sdgs = [8, 9, 18]", "areas[1].sdgs[3]: expected a whole number"),
        (r'key = "ks"', 'key = "KS"', "executive.key: 'KS' is not a short lower-case name"),
        (r"\[plans\]\n", "[plan]\n", "the file: missing plans"),
    ],
)
def test_a_data_file_edited_wrong_is_refused_naming_the_key(
    tmp_path: Path, old: str, new: str, error: str
) -> None:
    path = _edited(tmp_path, old, new)
    with pytest.raises(ValueError) as raised:
        load_tables(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert error in str(raised.value)


def test_a_data_file_that_is_not_toml_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = _edited(tmp_path, r'key = "ks"', 'key = "ks')
    line = 1 + SHIPPED[: SHIPPED.index('key = "ks"')].count("\n")
    with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}: .*line {line}"):
        load_tables(path)
