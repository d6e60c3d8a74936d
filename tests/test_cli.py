"""The command line: exit codes, output formats, languages, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, SH, Graph, Literal

from styrgraf.cli import main, styrgraf

BASE = Path(__file__).parent / "data" / "base.ttl"
BROKEN = """@prefix ex: <https://example.org/exempelkommun/> .
@prefix sg: <https://w3id.org/styrgraf#> .
ex:nm-2 sg:hasIndicator ex:ingen-indikator .
ex:om-b sg:hasIndicator ex:ind-1 .
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "defects.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_bundled_model_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["conforms"] is True and report["violations"] == 0


def test_violations_exit_one_and_name_rule_and_node(
    capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    code, out, _ = _run(
        capsys, "validate", str(BASE), str(broken), "--format", "json", "--lang", "en"
    )
    report = json.loads(out)
    assert code == 1
    found = {
        (finding["rule"], finding["iri"])
        for rule in report["rules"]
        for finding in rule["findings"]
        if finding["severity"] == "Violation"
    }
    assert found == {
        (
            "https://w3id.org/styrgraf#BoardGoal-hasIndicator",
            "https://example.org/exempelkommun/nm-2",
        ),
        (
            "https://w3id.org/styrgraf#OverarchingGoal-notMeasurable",
            "https://example.org/exempelkommun/om-b",
        ),
    }
    rule = next(r for r in report["rules"] if r["rule"].endswith("notMeasurable"))
    assert rule["name"] == "Overarching goals are not measured directly"
    assert rule["findings"][0]["label"] == "Safe children"
    assert rule["findings"][0]["message"].startswith(
        "Overarching goals are not directly measurable"
    )


def test_data_option_is_the_same_as_paths(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    _, by_paths, _ = _run(capsys, "validate", str(BASE), str(broken), "--format", "json")
    _, by_option, _ = _run(
        capsys, "validate", "--data", str(BASE), "--data", str(broken), "--format", "json"
    )
    assert json.loads(by_paths) == json.loads(by_option)


def test_text_report_is_grouped_by_rule_in_swedish(
    capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    code, out, _ = _run(capsys, "validate", str(BASE), str(broken))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "Modellen bryter mot styrmodellens regler."
    assert lines[1] == "2 fel och 0 varningar i 2 regler."
    headings = [line for line in lines if line.startswith("FEL  ")]
    assert headings == [
        "FEL  Nämndsmålet är mätbart  (1)",
        "FEL  Övergripande mål mäts inte direkt  (1)",
    ]
    first = lines.index(headings[0])
    assert lines[first + 1 : first + 3] == [
        "    sg:BoardGoal-hasIndicator",
        "  - https://example.org/exempelkommun/nm-2 «Högre måluppfyllelse i skolan»",
    ]
    assert lines[first + 3].endswith("[värde: https://example.org/exempelkommun/ingen-indikator]")


def test_text_report_counts_in_the_singular(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "one.ttl"
    path.write_text(
        BROKEN.splitlines()[0]
        + "\n"
        + BROKEN.splitlines()[1]
        + "\n"
        + BROKEN.splitlines()[3]
        + "\n",
        encoding="utf-8",
    )
    _, out, _ = _run(capsys, "validate", str(BASE), str(path), "--lang", "en")
    assert out.splitlines()[1] == "1 violation and 0 warnings in 1 rule."


def test_turtle_report_is_a_shacl_validation_report(
    capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    code, out, _ = _run(capsys, "validate", str(BASE), str(broken), "--format", "turtle")
    assert code == 1
    graph = Graph().parse(data=out, format="turtle")
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    assert report is not None
    assert graph.value(report, SH.conforms) == Literal(False)
    assert len(list(graph.objects(report, SH.result))) == 2


def test_parse_error_exits_two_and_names_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\n\nex:a ex:b "oj .\n', encoding="utf-8")
    code, out, err = _run(capsys, "validate", str(BASE), str(path))
    assert code == 2
    assert out == ""
    assert err.startswith(f"styrgraf validate: {path}:3:")


def test_missing_file_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "validate", str(tmp_path / "nothing.ttl"))
    assert code == 2
    assert "no such file or folder" in err


def test_another_profile_can_be_given(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = tmp_path / "profile.ttl"
    profile.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sg: <https://w3id.org/styrgraf#> .
<urn:shape:vision-comment> a sh:PropertyShape ; sh:targetClass sg:Vision ;
    sh:path <http://www.w3.org/2000/01/rdf-schema#comment> ; sh:minCount 1 .
""",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "validate", str(BASE), "--shapes", str(profile), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert [r["rule"] for r in report["rules"]] == ["urn:shape:vision-comment"]


@pytest.mark.parametrize("argv", [[], ["validate", "--format", "xml"], ["nonsense"]])
def test_bad_usage_exits_two(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize("command", sorted(styrgraf.commands))
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    assert f"Usage: styrgraf {command}" in capsys.readouterr().out


def test_console_script_runs_from_another_directory(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "styrgraf"
    result = subprocess.run(
        [str(script), "validate", "--lang", "en"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "The model follows the rules of the governance model."


PERSONAL = ("medarbetare", "iup")


def _dataset(tmp_path: Path, leak: bool) -> Path:
    """The base model as N-Quads: a public graph, and a private graph for the personal data."""
    public, private = "<https://example.org/public>", "<https://example.org/private>"
    graph = Graph().parse(BASE)
    lines = [f"{private} {RDF.type.n3()} <https://w3id.org/styrgraf#PrivateGraph> {public} ."]
    for s, p, o in graph:
        personal = any(str(s).endswith("/" + name) for name in PERSONAL)
        where = private if personal and not (leak and str(s).endswith("/iup")) else public
        lines.append(f"{s.n3()} {p.n3()} {o.n3()} {where} .")
    path = tmp_path / "model.nq"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_personal_data_outside_the_private_graph_is_a_violation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _run(capsys, "validate", str(_dataset(tmp_path, leak=True)), "--format", "json")
    report = json.loads(out)
    assert code == 1
    findings = [f for rule in report["rules"] for f in rule["findings"]]
    # The plan is in the public graph, and so is its link to the employee.
    assert [(f["rule"], f["iri"], f["value"]) for f in findings] == [
        (
            "https://w3id.org/styrgraf#PersonalData-privateGraph",
            f"https://example.org/exempelkommun/{name}",
            "https://example.org/public",
        )
        for name in ("iup", "medarbetare")
    ]


def test_personal_data_in_the_private_graph_conforms(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _run(capsys, "validate", str(_dataset(tmp_path, leak=False)), "--format", "json")
    assert code == 0, out


def test_a_broken_profile_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = tmp_path / "broken.ttl"
    profile.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sg: <https://w3id.org/styrgraf#> .
<urn:shape:broken> a sh:NodeShape ; sh:targetClass sg:Vision ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this ?p " ] .
""",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, "validate", str(BASE), "--shapes", str(profile))
    assert code == 2
    assert out == ""
    assert err.startswith("styrgraf validate: the shapes cannot be used:")


def test_fail_on_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The base model with one indicator's baseline taken out: a warning, no violation.
    text = BASE.read_text(encoding="utf-8")
    assert "    sg:baselineValue 82 ;\n" in text
    path = tmp_path / "no-baseline.ttl"
    path.write_text(text.replace("    sg:baselineValue 82 ;\n", ""), encoding="utf-8")
    code, out, _ = _run(capsys, "validate", str(path), "--format", "json")
    report = json.loads(out)
    assert (code, report["violations"], report["warnings"]) == (0, 0, 1)
    code, _, _ = _run(capsys, "validate", str(path), "--fail-on", "warning")
    assert code == 1


def _served_union(tmp_path: Path, endpoint: str, *options: str, env: dict[str, str]) -> bool:
    """Whether a real ``styrgraf serve`` over ``endpoint`` reads the remote store's default graph
    as the union of its named graphs, as its startup line reports the served store's setting."""
    from tests_support import serving

    folder = tmp_path / "serve"
    with serving(folder, "--endpoint", endpoint, *options, env=env):
        pass
    first = (folder / "serve.log").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"styrgraf serves {endpoint} ("), first
    return "union" in first


def test_serve_reads_the_union_flag_from_the_environment_as_the_settings_do(
    tmp_path: Path, oxigraph_server: str
) -> None:
    """Regression: STYRGRAF_UNION_DEFAULT_GRAPH=off turned the union on, since the command
    line read the variable itself and took every word but 0 and false for on."""
    endpoint = f"{oxigraph_server}/query"
    for word, union in (("off", False), ("no", False), ("on", True)):
        environment = {"STYRGRAF_UNION_DEFAULT_GRAPH": word}
        assert _served_union(tmp_path / word, endpoint, env=environment) is union, word
    on_the_line = _served_union(
        tmp_path / "option",
        endpoint,
        "--union-default-graph",
        env={"STYRGRAF_UNION_DEFAULT_GRAPH": "off"},
    )
    assert on_the_line is True
    off_on_the_line = _served_union(
        tmp_path / "negated",
        endpoint,
        "--no-union-default-graph",
        env={"STYRGRAF_UNION_DEFAULT_GRAPH": "on"},
    )
    assert off_on_the_line is False


def test_options_are_built_from_the_settings() -> None:
    """serve takes every setting but the secrets and the imports' as an option; each command
    that reads a model takes every setting that says where the model is; no option sets a
    secret."""
    from styrgraf.cli.options import SettingOption
    from styrgraf.settings import SETTINGS

    def settings_of(command: str) -> set[str]:
        params = styrgraf.commands[command].params
        return {p.setting.name for p in params if isinstance(p, SettingOption)}

    assert settings_of("serve") == {
        s.name for s in SETTINGS if not s.secret and s.group != "import"
    }
    where = {s.name for s in SETTINGS if s.group == "source" and not s.secret}
    for command in ("trace", "coverage", "query", "export"):
        assert settings_of(command) == where - {"private_graphs"}, command
    # validate and report also compute the follow-up, by its profile.
    for command in ("validate", "report"):
        assert settings_of(command) == where - {"private_graphs"} | {"follow_up_profile"}, command
    options = {o for c in styrgraf.commands.values() for p in c.params for o in p.opts}
    assert not {"--endpoint-password", "--endpoint-token"} & options
    assert {"--user", "--private-graph"} <= options  # the spellings from before stay


def test_the_environment_gives_the_defaults(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STYRGRAF_LANG", "en")
    code, out, _ = _run(capsys, "validate")
    assert code == 0
    assert out.splitlines()[0] == "The model follows the rules of the governance model."
    assert _run(capsys, "validate", "--lang", "sv")[1].startswith("Modellen följer")
    monkeypatch.setenv("STYRGRAF_STORE", str(tmp_path / "nowhere"))
    code, _, err = _run(capsys, "coverage")
    assert code == 2 and "no store there" in err
    # Data on the command line sets aside the store the environment names.
    code, out, _ = _run(capsys, "coverage", "--data", str(BASE), "--format", "json")
    assert code in (0, 1) and json.loads(out)["summary"]["nodes"] > 5
    assert not (tmp_path / "nowhere").exists()


def test_a_bad_value_in_the_environment_is_a_usage_error_naming_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STYRGRAF_PORT", "eighty")
    with pytest.raises(SystemExit) as caught:
        main(["serve"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "styrgraf serve: error:" in err and "STYRGRAF_PORT='eighty'" in err
    monkeypatch.setenv("STYRGRAF_UNION_DEFAULT_GRAPH", "perhaps")
    with pytest.raises(SystemExit) as caught:
        main(["coverage"])
    assert caught.value.code == 2
    assert "STYRGRAF_UNION_DEFAULT_GRAPH='perhaps'" in capsys.readouterr().err


def test_help_shows_the_variable_and_the_declared_default_never_the_value(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STYRGRAF_WRITE_TOKEN", "token-from-the-environment")
    monkeypatch.setenv("STYRGRAF_PORT", "9123")
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "STYRGRAF_WRITE_TOKEN" in out and "token-from-the-environment" not in out
    assert "[env var: STYRGRAF_PORT; default: 8000]" in out and "9123" not in out


def test_down_and_impact_together_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["trace", "https://example.org/x", "--down", "--impact"])
    assert caught.value.code == 2
    assert "styrgraf trace: error: give --down or --impact, not both" in capsys.readouterr().err


def test_python_m_styrgraf_cli_is_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "styrgraf.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("styrgraf ")
