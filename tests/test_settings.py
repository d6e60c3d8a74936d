"""Settings: one table, read from defaults, then the environment, then what the caller gives."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from styrgraf.settings import SETTINGS, SettingError, resolve

PACKAGE = Path(__file__).parent.parent / "service" / "styrgraf"


def test_the_environment_overrides_a_default_and_the_caller_overrides_both() -> None:
    environ = {"STYRGRAF_PORT": "9001", "STYRGRAF_ADMISSION": "off", "STYRGRAF_LANG": ""}
    values = resolve(environ=environ)
    assert values["port"] == 9001 and values["admission"] is False
    assert values["lang"] == "sv"  # an empty variable counts as unset
    assert resolve({"port": 9002}, environ=environ)["port"] == 9002


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("off", False), ("OFF", False), ("no", False), ("0", False), ("on", True), ("Yes", True)],
)
def test_flags_read_the_usual_words(raw: str, expected: bool) -> None:
    assert resolve(environ={"STYRGRAF_UNION_DEFAULT_GRAPH": raw})["union_default_graph"] is expected


def test_a_value_a_setting_cannot_take_names_the_variable() -> None:
    with pytest.raises(SettingError, match="STYRGRAF_WORKERS='many'"):
        resolve(environ={"STYRGRAF_WORKERS": "many"})
    with pytest.raises(SettingError, match="STYRGRAF_BEHIND_PROXY='perhaps'"):
        resolve(environ={"STYRGRAF_BEHIND_PROXY": "perhaps"})
    with pytest.raises(SettingError, match="unknown setting 'colour'"):
        resolve({"colour": "blue"}, environ={})
    with pytest.raises(SettingError, match="STYRGRAF_LANG='de': 'de' is not one of sv, en"):
        resolve(environ={"STYRGRAF_LANG": "de"})


def test_every_setting_has_a_distinct_name_and_help() -> None:
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(s.help and s.env == "STYRGRAF_" + s.name.upper() for s in SETTINGS)


def test_settings_is_the_only_module_that_reads_the_environment() -> None:
    readers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("environ", "getenv")
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
            ):
                readers.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert readers and all(r.startswith("settings.py:") for r in readers), readers


def test_a_secret_has_no_command_line_option() -> None:
    secrets = [s for s in SETTINGS if s.secret]
    assert secrets and all(s.option is None for s in secrets)
    assert all(s.option == "--" + s.name.replace("_", "-") for s in SETTINGS if not s.secret)
