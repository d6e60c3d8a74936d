"""Måluppfyllelse computed from the numbers, checked against an oracle that computes it again
from the Turtle alone (tests/follow_up_models.py), on models made up from seeds, for both
bundled profiles; and the cases one by one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from follow_up_models import EX, PREFIXES, SG, judged, model, oracle, read_scale
from styrgraf.analysis.fulfilment import Period, compute
from styrgraf.analysis.fulfilment_json import to_json
from styrgraf.model.follow_up_profile import ProfileError, bundled_profiles, load_profile
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.web.app import create_app

SEEDS = range(1, 13)
PERIODS = [(year, part) for year in (2019, 2020, 2021, 2022) for part in ("interim", "full")]


def _client(tmp_path: Path, trig: str, profile: str = "three-step") -> FlaskClient:
    path = tmp_path / "model.trig"
    path.write_text(trig, encoding="utf-8")
    app = create_app(
        {"TESTING": True, "query_processes": 0, "data": [str(path)], "follow_up_profile": profile}
    )
    return app.test_client()


@pytest.mark.parametrize("profile", ["three-step", "five-step"])
@pytest.mark.parametrize("seed", SEEDS)
def test_every_status_and_roll_up_is_what_the_numbers_give(
    tmp_path: Path, seed: int, profile: str
) -> None:
    trig = model(seed)
    scale = read_scale(bundled_profiles()[profile])
    client = _client(tmp_path, trig, profile)
    checked = 0
    for year, part in PERIODS:
        answer = client.get(f"/api/fulfilment?period={year}&interim={part == 'interim'}")
        if answer.status_code == 404:
            continue  # no value or assessment in that period
        assert answer.status_code == 200, answer.json
        expected = oracle(trig, year, part, scale)
        got = {
            g["iri"]: (g["computed"]["step"]["status"], g["computed"]["score"])
            for g in answer.json["goals"]
        }
        assert set(got) == set(expected)
        for goal, (status, score) in expected.items():
            assert got[goal][0] == status, (goal, year, part, answer.json)
            if score is None:
                assert got[goal][1] is None
            else:
                assert got[goal][1] == pytest.approx(score)
            checked += 1
        # Every status not assessed says why; every other one says how it came about.
        for goal in answer.json["goals"]:
            assert goal["computed"]["reason"].strip()
        # The disagreements are exactly those more than one step apart, none stray.
        ranks = {s[0]: s[1] for s in scale.steps}
        judged_now = judged(trig, year, part)
        planted = {
            goal
            for goal, status in judged_now.items()
            if scale.matches.get(status, status) in ranks
            and expected[goal][0] in ranks
            and abs(ranks[scale.matches.get(status, status)] - ranks[expected[goal][0]]) > 1
        }
        found = {f["goal"] for f in answer.json["findings"] if f["code"] == "disagreement"}
        assert found == planted
    assert checked > 0


def test_the_made_up_models_have_the_awkward_cases(tmp_path: Path) -> None:
    texts = "".join(model(seed) for seed in SEEDS)
    for case in ('"12,5"', '"antal"', "prov:wasRevisionOf", "sg:Women", "sg:refArea ex:enhet"):
        assert case in texts


# --- One case at a time ------------------------------------------------------------------

BASE = (
    PREFIXES
    + f"""<{EX}graph> {{
ex:kommun a sg:Municipality ; rdfs:label "Kommun"@sv .
ex:mandat a sg:MandatePeriod ; sg:startDate "2019-01-01"^^xsd:date ;
    sg:endDate "2022-12-31"^^xsd:date .
ex:modell a sg:GovernanceModel ; sg:municipality ex:kommun ; sg:period ex:mandat .
ex:ar-2021 a sg:BudgetYear ; sg:year "2021"^^xsd:gYear .
ex:namnd a sg:Board ; rdfs:label "Nämnden"@sv , "The board"@en .
ex:og a sg:OverarchingGoal ; rdfs:label "Övergripande"@sv ; sg:forBoard ex:namnd .
ex:ng a sg:BoardGoal ; rdfs:label "Nämndsmålet"@sv ; sg:decidedBy ex:namnd ;
    sg:supports ex:og ; sg:hasIndicator ex:a , ex:b , ex:c .
ex:a a sg:Indicator ; rdfs:label "Andel A"@sv , "Share A"@en ; sg:measurementUnit "procent" ;
    sg:targetValue 80 ; sg:targetYear "2022"^^xsd:gYear ; sg:baselineValue 60 ;
    sg:baselineYear "2018"^^xsd:gYear ; sg:direction sg:HigherIsBetter .
ex:b a sg:Indicator ; rdfs:label "Andel B"@sv ; sg:measurementUnit "procent" ;
    sg:targetValue 10 ; sg:direction sg:LowerIsBetter .
ex:c a sg:Indicator ; rdfs:label "Andel C"@sv ; sg:measurementUnit "procent" ;
    sg:targetValue 50 ; sg:direction sg:HigherIsBetter .
"""
)


def _goal(folder: Path, trig: str, lang: str = "sv", profile: str = "three-step") -> dict[str, Any]:
    """The nämndsmål ex:ng in helår 2021 as the API shapes it, with the whole report."""
    store = EmbeddedStore()
    path = folder / "case.trig"
    path.write_text(trig, encoding="utf-8")
    store.load([path], file_graphs=True)
    result = compute(store, period=Period(2021), lang=lang, profile=load_profile(profile))
    report = to_json(result, lang)
    goal = next(g for g in report["goals"] if g["iri"] == EX + "ng")
    return {**goal, "_report": report}


OF_A, OF_B, OF_C = (f"sg:indicator ex:{i} ; sg:period ex:ar-2021 ;" for i in "abc")


def _values(*lines: str) -> str:
    return BASE + "\n".join(lines) + "\n}\n"


def test_two_of_three_reached_is_partly_fulfilled_and_the_reason_names_the_third(
    tmp_path: Path,
) -> None:
    goal = _goal(
        tmp_path,
        _values(
            f"ex:v1 a sg:Value ; {OF_A} sg:numericValue 71 .",
            f"ex:v2 a sg:Value ; {OF_B} sg:numericValue 9.5 .",
            f"ex:v3 a sg:Value ; {OF_C} sg:numericValue 50 .",
        ),
    )
    # A: 71 against 80, behind the path (75 in 2021) but better than 60: half a point.
    assert goal["computed"]["step"]["key"] == "partly-fulfilled"
    assert goal["computed"]["score"] == pytest.approx((0.5 + 1 + 1) / 3)
    reason = goal["computed"]["reason"]
    assert reason.startswith("2 av 3 indikatorer har nått sitt målvärde")
    assert "Andel A: 71 procent mot målvärdet 80 procent" in reason
    english = _goal(
        tmp_path,
        _values(f"ex:v1 a sg:Value ; {OF_A} sg:numericValue 71.5 ."),
        lang="en",
    )
    assert "Share A: 71.5 procent against the target 80 procent" in english["computed"]["reason"]


@pytest.mark.parametrize(
    ("lines", "problem", "words"),
    [
        (
            [f'ex:v1 a sg:Value ; {OF_C} sg:numericValue "12,5" .'],
            "not-a-number",
            "”12,5” är inget tal",
        ),
        (
            [f'ex:v1 a sg:Value ; {OF_C} sg:numericValue 60 ; sg:measurementUnit "antal" .'],
            "other-unit",
            "anges i ”antal”",
        ),
        (
            [
                f"ex:v1 a sg:Value ; {OF_C} sg:numericValue 60 ; dcterms:source ex:x .",
                f"ex:v2 a sg:Value ; {OF_C} sg:numericValue 40 ; dcterms:source ex:y .",
            ],
            "conflict",
            "olika utfall (60, 40)",
        ),
        ([], "no-value", "inget utfall för helår 2021"),
    ],
)
def test_a_value_that_cannot_count_leaves_the_goal_not_assessed_and_says_why(
    tmp_path: Path, lines: list[str], problem: str, words: str
) -> None:
    trig = _values(*lines).replace("sg:hasIndicator ex:a , ex:b , ex:c", "sg:hasIndicator ex:c")
    goal = _goal(tmp_path, trig)
    assert goal["computed"]["step"]["key"] == "not-assessed"
    assert goal["computed"]["score"] is None
    assert goal["indicators"][0]["problem"] == problem
    assert words in goal["computed"]["reason"]


def test_a_target_with_no_direction_is_never_judged_reached(tmp_path: Path) -> None:
    trig = _values(f"ex:v1 a sg:Value ; {OF_C} sg:numericValue 90 .").replace(
        "sg:targetValue 50 ; sg:direction sg:HigherIsBetter", "sg:targetValue 50"
    )
    trig = trig.replace("sg:hasIndicator ex:a , ex:b , ex:c", "sg:hasIndicator ex:c")
    goal = _goal(tmp_path, trig)
    assert goal["computed"]["step"]["key"] == "not-assessed"
    assert "saknar riktning" in goal["computed"]["reason"]


def test_the_last_revision_counts_and_other_genders_and_units_do_not(tmp_path: Path) -> None:
    trig = _values(
        f"ex:v1 a sg:Value ; {OF_C} sg:numericValue 40 .",
        f"ex:v2 a sg:Value ; {OF_C} sg:numericValue 45 ; prov:wasRevisionOf ex:v1 .",
        f"ex:v3 a sg:Value ; {OF_C} sg:numericValue 55 ; prov:wasRevisionOf ex:v2 .",
        f"ex:v4 a sg:Value ; {OF_C} sg:numericValue 10 ; sg:gender sg:Women .",
        "ex:enhet a sg:OrganisationalUnit .",
        f"ex:v5 a sg:Value ; {OF_C} sg:numericValue 10 ; sg:refArea ex:enhet .",
        f"ex:v6 a sg:Value ; {OF_C} sg:numericValue 10 ; sg:periodPart sg:Interim .",
    ).replace("sg:hasIndicator ex:a , ex:b , ex:c", "sg:hasIndicator ex:c")
    goal = _goal(tmp_path, trig)
    assert goal["indicators"][0]["value"]["iri"] == EX + "v3"
    assert goal["computed"]["step"]["key"] == "fulfilled"


def test_the_roll_up_and_a_disagreement_of_two_steps(tmp_path: Path) -> None:
    trig = _values(
        f"ex:v1 a sg:Value ; {OF_C} sg:numericValue 20 .",
        'ex:ar-rapport a sg:AnnualReport ; rdfs:label "Årsredovisning 2021"@sv .',
        "ex:bed a sg:Assessment ; sg:assesses ex:ng ; sg:status sg:Fulfilled ; "
        "sg:inReport ex:ar-rapport ; sg:period ex:ar-2021 .",
    ).replace("sg:hasIndicator ex:a , ex:b , ex:c", "sg:hasIndicator ex:c")
    goal = _goal(tmp_path, trig)
    assert goal["computed"]["step"]["key"] == "not-fulfilled"
    assert goal["judged"]["step"]["key"] == "fulfilled"
    assert (goal["distance"], goal["disagreement"]) == (2, True)
    report = goal["_report"]
    finding = next(f for f in report["findings"] if f["code"] == "disagreement")
    assert finding["goal"] == EX + "ng"
    assert "bedömt ”uppfyllt” men beräknat ”ej uppfyllt” för helår 2021" in finding["message"]
    og = next(g for g in report["goals"] if g["iri"] == EX + "og")
    assert og["computed"]["step"]["key"] == "not-fulfilled"
    assert og["board_goals"] == [EX + "ng"]
    board = next(b for b in report["boards"] if b["iri"] == EX + "namnd")
    assert board["counts"]["computed"] == {"not-fulfilled": 2}


def test_the_five_step_profile_is_switched_in_without_code(tmp_path: Path) -> None:
    trig = _values(f"ex:v1 a sg:Value ; {OF_A} sg:numericValue 76 .").replace(
        "sg:hasIndicator ex:a , ex:b , ex:c", "sg:hasIndicator ex:a"
    )
    # 76 against 80, ahead of the path (75 in 2021): on track.
    goal = _goal(tmp_path, trig, profile="five-step")
    assert goal["computed"]["step"]["label"] == "bedöms kunna uppnås"
    assert goal["computed"]["score"] == pytest.approx(0.75)
    assert _goal(tmp_path, trig)["computed"]["step"]["label"] == "delvis uppfyllt"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("sg:rank 2 ;", "sg:rank 1 ;"), "ranks must be 1 to 3"),
        (("sg:minimumScore 0.5", "sg:minimumScore 1.5"), "not between 0 and 1"),
        (("[ sg:outcome sg:OnTrack ; sg:score 0.5 ] ,", ""), "missing: on-track"),
        (("sg:rollUp sg:MeanScore", "sg:rollUp sg:Median"), "sg:rollUp"),
        (("sg:minimumScore 0.0", "sg:minimumScore 0.1"), "must have sg:minimumScore 0"),
        (("sg:notAssessedStatus sg:NotAssessed ;", "sg:notAssessedStatus {"), "three-step.ttl:18:"),
    ],
)
def test_a_profile_that_cannot_be_used_is_refused_with_its_file_named(
    tmp_path: Path, change: tuple[str, str], named: str
) -> None:
    text = bundled_profiles()["three-step"].read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / "three-step.ttl"
    broken.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ProfileError) as raised:
        load_profile(str(broken))
    assert str(broken) in str(raised.value)
    assert named in str(raised.value)


def test_the_distance_to_the_target_is_what_the_series_gives(tmp_path: Path) -> None:
    trig = (
        BASE
        + """ex:vision a sg:Vision ; sg:hasIndicator ex:inv .
ex:modell sg:hasVision ex:vision .
ex:inv a sg:Indicator ; rdfs:label "Invånare"@sv ; sg:measurementUnit "antal" ;
    sg:baselineValue 28000 ; sg:baselineYear "2018"^^xsd:gYear ; sg:targetValue 35000 ;
    sg:targetYear "2035"^^xsd:gYear ; sg:direction sg:HigherIsBetter .
ex:ar-2022 a sg:BudgetYear ; sg:year "2022"^^xsd:gYear .
ex:p1 a sg:Value ; sg:indicator ex:inv ; sg:period ex:ar-2021 ; sg:numericValue 28150 .
ex:p2 a sg:Value ; sg:indicator ex:inv ; sg:period ex:ar-2022 ; sg:numericValue 28200 .
}
"""
    )
    answer = _client(tmp_path, trig).get("/api/fulfilment/distance")
    assert answer.status_code == 200
    vision = answer.json["distances"][0]
    assert vision["indicator"] == EX + "inv"
    assert vision["series"] == [[2021, 28150], [2022, 28200]]
    # The path rises 7000 over 17 years; in 2022 it stands at 28000 + 4 * 7000 / 17.
    assert vision["expected"] == pytest.approx(28000 + 4 * 7000 / 17)
    assert vision["achieved_per_year"] == pytest.approx(50)
    assert vision["needed_per_year"] == pytest.approx(6800 / 13)
    assert vision["reached_year"] == 2022 + 136  # 6800 / 50
    assert (vision["reached"], vision["on_course"]) == (False, False)


def test_the_api_names_a_bad_period_and_answers_csv(tmp_path: Path) -> None:
    client = _client(
        tmp_path,
        _values(f"ex:v1 a sg:Value ; {OF_C} sg:numericValue 60 ."),
    )
    missing = client.get("/api/fulfilment?period=2030")
    assert missing.status_code == 404 and missing.json["parameter"] == "period"
    assert "full year 2021" in missing.json["error"]
    for query, parameter in (
        ("period=21", "period"),
        ("period=2021&interim=perhaps", "interim"),
        ("interim=1", "period"),
        ("board=not%20an%20iri", "board"),
    ):
        bad = client.get(f"/api/fulfilment?{query}")
        assert bad.status_code == 400 and bad.json["parameter"] == parameter, bad.json
    table = client.get("/api/fulfilment?format=csv&lang=en").data.decode("utf-8-sig")
    header, *rows = table.splitlines()
    assert header.startswith("year,part,goal,type,label")
    assert any(row.startswith(f"2021,full,{EX}ng,BoardGoal") for row in rows)
    swedish = client.get("/api/fulfilment?format=csv").data.decode("utf-8-sig")
    assert swedish.startswith("År;Del av året;Mål (IRI);Typ av mål;Namn;")
    assert f"\n2021;full;{EX}ng;BoardGoal;" in swedish


def test_a_judged_status_off_the_scale_is_a_finding_in_validation(tmp_path: Path) -> None:
    trig = _values(
        f"ex:v1 a sg:Value ; {OF_C} sg:numericValue 20 .",
        "ex:ar-rapport a sg:AnnualReport .",
        'ex:bed a sg:Assessment ; rdfs:label "Bedömningen"@sv ; sg:assesses ex:ng ; '
        "sg:status sg:Fulfilled ; sg:inReport ex:ar-rapport ; sg:period ex:ar-2021 .",
        "ex:egen a sg:FulfilmentStatus .",
        "ex:bed2 a sg:Assessment ; sg:assesses ex:og ; sg:status ex:egen ; "
        "sg:inReport ex:ar-rapport ; sg:period ex:ar-2021 .",
    ).replace("sg:hasIndicator ex:a , ex:b , ex:c", "sg:hasIndicator ex:c")
    report = _client(tmp_path, trig).get("/api/validate").json
    rules = {r["rule"]: r for r in report["rules"]}
    far = rules[SG + "Assessment-agreesWithComputed"]
    assert [f["iri"] for f in far["findings"]] == [EX + "bed"]
    assert far["severity"] == "Warning"
    off = rules[SG + "Assessment-statusOnScale"]
    assert [f["iri"] for f in off["findings"]] == [EX + "bed2"]


@pytest.mark.parametrize("seed", [3, 7])
def test_the_named_queries_give_the_figures_the_follow_up_starts_from(
    tmp_path: Path, seed: int
) -> None:
    trig = model(seed)
    client = _client(tmp_path, trig)
    rows = client.get("/api/queries/indicator-results").json["results"]["bindings"]
    by_period: dict[tuple[str, str], dict[str, bool]] = {}
    for row in rows:
        if "reached" not in row:
            continue  # an indicator with no target or direction
        key = (row["year"]["value"], row["part"]["value"])
        reached = row["reached"]["value"] == "true"
        by_period.setdefault(key, {})[row["indicator"]["value"]] = reached
    compared = 0
    for (year, part), reached in by_period.items():
        answer = client.get(f"/api/fulfilment?period={year}&interim={part == 'interim'}").json
        for goal in answer["goals"]:
            for indicator in goal["indicators"]:
                if indicator["outcome"] is not None and indicator["iri"] in reached:
                    expected = reached[indicator["iri"]]
                    assert (indicator["outcome"] == "reached") == expected, indicator
                    compared += 1
    assert compared > 0
    counts = client.get("/api/queries/judged-status-counts").json["results"]["bindings"]
    total = sum(int(row["goals"]["value"]) for row in counts)
    assert total == sum(len(judged(trig, y, p)) for y, p in PERIODS)
