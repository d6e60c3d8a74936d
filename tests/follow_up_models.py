"""Follow-up models the tests make up: boards, övergripande mål, nämndsmål, indicators, values
over four years (full year and interim) and judged assessments, drawn from a seed, with the
awkward cases among them (a value that is no number, one in another unit, two that conflict, a
revision chain, values per gender and per unit, goals not assessed).

And an oracle: the fulfilment rule of docs/follow-up.md computed again from the Turtle alone,
with rdflib and plain Python, reading the profile's numbers from its file: nothing of
``styrgraf.analysis`` is used, so the two can only agree by both following the document.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

SG = "https://w3id.org/styrgraf#"
EX = "https://example.org/fu/"
PREFIXES = f"""@prefix sg: <{SG}> .
@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix org: <http://www.w3.org/ns/org#> .
"""
YEARS = (2019, 2020, 2021, 2022)
STATUSES = ("sg:Fulfilled", "sg:PartlyFulfilled", "sg:NotFulfilled", "sg:NotAssessed")


def model(seed: int) -> str:
    """A follow-up model in TriG, one named graph; the same seed gives the same model."""
    rng = random.Random(seed)
    lines = [PREFIXES, f"<{EX}graph> {{"]
    add = lines.append
    add("""ex:kommun a sg:Municipality ; rdfs:label "Exempelkommun"@sv , "Example municipality"@en .
ex:fullmaktige a sg:Council ; rdfs:label "Fullmäktige"@sv , "Council"@en ;
    org:subOrganizationOf ex:kommun .
ex:mandat a sg:MandatePeriod ; rdfs:label "2019–2022"@sv , "2019–2022"@en ;
    sg:startDate "2019-01-01"^^xsd:date ; sg:endDate "2022-12-31"^^xsd:date .
ex:modell a sg:GovernanceModel ; rdfs:label "Modell"@sv , "Model"@en ;
    sg:municipality ex:kommun ; sg:period ex:mandat ; sg:hasVision ex:vision .
ex:vision a sg:Vision ; rdfs:label "Vision"@sv , "Vision"@en ; sg:municipality ex:kommun .
ex:omrade a sg:StrategicArea ; rdfs:label "Område"@sv , "Area"@en ; sg:servesVision ex:vision .
ex:enhet a sg:OrganisationalUnit ; rdfs:label "Enhet"@sv , "Unit"@en .""")
    for year in YEARS:
        add(f"""ex:ar-{year} a sg:BudgetYear ; rdfs:label "{year}"@sv , "{year}"@en ;
    sg:year "{year}"^^xsd:gYear ; time:intervalDuring ex:mandat .
ex:dr-{year} a sg:InterimReport ; rdfs:label "Delårsrapport {year}"@sv ,
    "Interim report {year}"@en ; sg:period ex:ar-{year} .
ex:ar-rapport-{year} a sg:AnnualReport ; rdfs:label "Årsredovisning {year}"@sv ,
    "Annual report {year}"@en ; sg:period ex:ar-{year} .""")
    value_number = 0
    for b in range(rng.randint(1, 3)):
        board = f"ex:namnd-{b}"
        add(f"""{board} a sg:Board ; rdfs:label "Nämnd {b}"@sv , "Board {b}"@en ;
    org:subOrganizationOf ex:kommun .""")
        overarching = []
        for o in range(rng.randint(1, 3)):
            og = f"ex:og-{b}-{o}"
            overarching.append(og)
            add(f"""{og} a sg:OverarchingGoal ; rdfs:label "Övergripande {b}.{o}"@sv ,
    "Overarching {b}.{o}"@en ; sg:forBoard {board} ; sg:inStrategicArea ex:omrade ;
    sg:decidedBy ex:fullmaktige ; sg:period ex:mandat .""")
        for n in range(rng.randint(1, 4)):
            ng = f"ex:ng-{b}-{n}"
            supports = " , ".join(rng.sample(overarching, rng.randint(1, len(overarching))))
            add(f"""{ng} a sg:BoardGoal ; rdfs:label "Nämndsmål {b}.{n}"@sv ,
    "Board goal {b}.{n}"@en ; sg:decidedBy {board} ; sg:supports {supports} ;
    sg:period ex:mandat .""")
            for i in range(rng.randint(0, 3) if rng.random() < 0.9 else 0):
                indicator = f"ex:ind-{b}-{n}-{i}"
                add(f"{ng} sg:hasIndicator {indicator} .")
                higher = rng.random() < 0.6
                baseline = round(rng.uniform(20, 80), 1)
                target = round(baseline + (1 if higher else -1) * rng.uniform(2, 15), 1)
                facts = [
                    f'rdfs:label "Indikator {b}.{n}.{i}"@sv , "Indicator {b}.{n}.{i}"@en',
                    'sg:measurementUnit "procent"',
                ]
                if rng.random() < 0.9:
                    facts.append(f"sg:targetValue {target}")
                    facts.append('sg:targetYear "2022"^^xsd:gYear')
                if rng.random() < 0.85:
                    facts.append(f"sg:baselineValue {baseline}")
                    facts.append('sg:baselineYear "2018"^^xsd:gYear')
                if rng.random() < 0.93:
                    facts.append(f"sg:direction sg:{'Higher' if higher else 'Lower'}IsBetter")
                add(f"{indicator} a sg:Indicator ; " + " ; ".join(facts) + " .")
                trend = rng.uniform(-4, 6) * (1 if higher else -1)
                for year in YEARS:
                    for part in ("full", "interim"):
                        if rng.random() < (0.15 if part == "full" else 0.55):
                            continue
                        number = round(baseline + trend * (year - 2018) + rng.uniform(-3, 3), 1)
                        value_number += 1
                        iri = f"ex:v{value_number}"
                        source = "dr" if part == "interim" else "ar-rapport"
                        facts = [
                            f"sg:indicator {indicator}",
                            f"sg:period ex:ar-{year}",
                            f"sg:numericValue {number}",
                            f"dcterms:source ex:{source}-{year}",
                        ]
                        if part == "interim":
                            facts.append("sg:periodPart sg:Interim")
                        elif rng.random() < 0.3:
                            facts.append("sg:periodPart sg:FullYear")
                        roll = rng.random()
                        if roll < 0.04:
                            facts[2] = 'sg:numericValue "12,5"'
                        elif roll < 0.07:
                            facts.append('sg:measurementUnit "antal"')
                        add(f"{iri} a sg:Value ; " + " ; ".join(facts) + " .")
                        # Beside the total: values that never count for the status.
                        if rng.random() < 0.2:
                            value_number += 1
                            gender = rng.choice(["Women", "Men"])
                            add(
                                f"ex:v{value_number} a sg:Value ; sg:indicator {indicator} ; "
                                f"sg:period ex:ar-{year} ; sg:gender sg:{gender} ; "
                                f"sg:numericValue {number + 7} ; dcterms:source ex:other ."
                            )
                        if rng.random() < 0.1:
                            value_number += 1
                            add(
                                f"ex:v{value_number} a sg:Value ; sg:indicator {indicator} ; "
                                f"sg:period ex:ar-{year} ; sg:refArea ex:enhet ; "
                                f"sg:numericValue {number - 9} ; dcterms:source ex:other ; "
                                + (
                                    "sg:periodPart sg:Interim ."
                                    if part == "interim"
                                    else "sg:periodPart sg:FullYear ."
                                )
                            )
                        extra = rng.random()
                        if extra < 0.08:
                            # A revision chain: the last one counts.
                            value_number += 1
                            first = f"ex:v{value_number}"
                            add(
                                f"{first} a sg:Value ; sg:indicator {indicator} ; "
                                f"sg:period ex:ar-{year} ; sg:numericValue {number + 1} ; "
                                f"prov:wasRevisionOf {iri} ; dcterms:source ex:other ; "
                                + ("sg:periodPart sg:Interim ." if part == "interim" else ".")
                            )
                            value_number += 1
                            add(
                                f"ex:v{value_number} a sg:Value ; sg:indicator {indicator} ; "
                                f"sg:period ex:ar-{year} ; sg:numericValue {number + 2} ; "
                                f"prov:wasRevisionOf {first} ; dcterms:source ex:other ; "
                                + ("sg:periodPart sg:Interim ." if part == "interim" else ".")
                            )
                        elif extra < 0.12:
                            # A conflict: another source, another number, no revision link.
                            value_number += 1
                            add(
                                f"ex:v{value_number} a sg:Value ; sg:indicator {indicator} ; "
                                f"sg:period ex:ar-{year} ; sg:numericValue {number + 3} ; "
                                f"dcterms:source ex:other ; "
                                + ("sg:periodPart sg:Interim ." if part == "interim" else ".")
                            )
        judged = [f"ex:og-{b}-{o}" for o in range(len(overarching))]
        judged += [
            f"ex:ng-{b}-{n}"
            for n in range(10)
            if f"ex:ng-{b}-{n} a sg:BoardGoal" in "\n".join(lines)
        ]
        for goal in judged:
            for year in YEARS:
                for report, part in (
                    (f"ex:dr-{year}", "interim"),
                    (f"ex:ar-rapport-{year}", "full"),
                ):
                    if rng.random() < 0.4:
                        continue
                    status = rng.choice(STATUSES)
                    name = f"{goal.removeprefix('ex:')}-{part}-{year}"
                    add(
                        f"ex:bed-{name} a sg:Assessment ; sg:assesses {goal} ; "
                        f"sg:status {status} ; sg:inReport {report} ; sg:period ex:ar-{year} ."
                    )
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- The oracle ---------------------------------------------------------------------------


@dataclass
class Scale:
    """A profile's numbers, read from its Turtle with rdflib."""

    steps: list[tuple[str, int, float, float]]  # (status, rank, minimum, step score)
    outcome: dict[str, float]
    indicators_lowest: bool
    roll_up_lowest: bool
    matches: dict[str, str] = field(default_factory=dict)

    def step(self, score: float) -> tuple[str, int, float, float]:
        for step in sorted(self.steps, key=lambda s: s[1]):
            if score + 1e-9 >= step[2]:
                return step
        return max(self.steps, key=lambda s: s[1])


def read_scale(path: Path) -> Scale:
    graph = Graph().parse(path)
    p = lambda name: URIRef(SG + name)  # noqa: E731
    profile = next(graph.subjects(RDF.type, p("FollowUpProfile")))
    steps = [
        (
            str(graph.value(s, p("stepStatus"))),
            int(graph.value(s, p("rank"))),  # type: ignore[arg-type]
            float(graph.value(s, p("minimumScore"))),  # type: ignore[arg-type]
            float(graph.value(s, p("stepScore"))),  # type: ignore[arg-type]
        )
        for s in graph.objects(profile, p("step"))
    ]
    outcome = {
        str(graph.value(o, p("outcome"))).removeprefix(SG): float(graph.value(o, p("score")))  # type: ignore[arg-type]
        for o in graph.objects(profile, p("outcomeScore"))
    }
    on_scale = {s[0] for s in steps}
    matches: dict[str, str] = {}
    for a, b in graph.subject_objects(SKOS.closeMatch):
        if str(a) in on_scale:
            matches[str(b)] = str(a)
    return Scale(
        steps,
        outcome,
        graph.value(profile, p("indicatorAggregation")) == p("LowestScore"),
        graph.value(profile, p("rollUp")) == p("LowestScore"),
        matches,
    )


def _graph(trig: str) -> Graph:
    """The model's one named graph, read as Turtle: its opening and closing lines dropped."""
    lines = trig.splitlines()
    opening = next(i for i, line in enumerate(lines) if line.rstrip().endswith("> {"))
    closing = max(i for i, line in enumerate(lines) if line.strip() == "}")
    kept = lines[:opening] + lines[opening + 1 : closing] + lines[closing + 1 :]
    return Graph().parse(data="\n".join(kept), format="turtle")


def _number(term: object) -> float | None:
    if not isinstance(term, Literal) or term.datatype is None:
        return None
    try:
        return float(Decimal(str(term)))
    except InvalidOperation:
        return None


def oracle(trig: str, year: int, part: str, scale: Scale) -> dict[str, tuple[str, float | None]]:
    """Each goal's computed (status IRI, score) in ``year`` and ``part`` by the document."""
    g = _graph(trig)
    sg = lambda name: URIRef(SG + name)  # noqa: E731
    part_node = sg("Interim") if part == "interim" else sg("FullYear")
    result: dict[str, tuple[str, float | None]] = {}
    board_goals = sorted(g.subjects(RDF.type, sg("BoardGoal")))
    for ng in board_goals:
        scores: list[float] = []
        for indicator in g.objects(ng, sg("hasIndicator")):
            target = _number(g.value(indicator, sg("targetValue")))
            direction = g.value(indicator, sg("direction"))
            if target is None or direction is None:
                continue
            higher = direction == sg("HigherIsBetter")
            counting = []
            for value in g.subjects(sg("indicator"), indicator):
                period = g.value(value, sg("period"))
                if period is None or int(str(g.value(period, sg("year")))) != year:
                    continue
                if (g.value(value, sg("periodPart")) or sg("FullYear")) != part_node:
                    continue
                if (g.value(value, sg("gender")) or sg("Total")) != sg("Total"):
                    continue
                if g.value(value, sg("refArea")) not in (None, URIRef(EX + "kommun")):
                    continue
                counting.append(value)
            revised = {
                r
                for v in counting
                for r in g.objects(v, URIRef("http://www.w3.org/ns/prov#wasRevisionOf"))
            }
            counting = [v for v in counting if v not in revised]
            if not counting:
                continue
            numbers = [_number(g.value(v, sg("numericValue"))) for v in counting]
            units = {str(u) for v in counting for u in g.objects(v, sg("measurementUnit"))}
            if None in numbers or (units and units != {"procent"}):
                continue
            if len(set(numbers)) > 1:
                continue
            number = numbers[0]
            assert number is not None
            good = (lambda a, b: a >= b - 1e-9) if higher else (lambda a, b: a <= b + 1e-9)
            baseline = _number(g.value(indicator, sg("baselineValue")))
            if good(number, target):
                outcome = "TargetReached"
            else:
                expected = None
                if baseline is not None:
                    share = min(1.0, max(0.0, (year - 2018) / (2022 - 2018)))
                    expected = baseline + (target - baseline) * share
                if expected is not None and good(number, expected):
                    outcome = "OnTrack"
                elif baseline is not None and good(number, baseline) and number != baseline:
                    outcome = "Improving"
                else:
                    outcome = "NotReached"
            scores.append(scale.outcome[outcome])
        if scores:
            score = min(scores) if scale.indicators_lowest else sum(scores) / len(scores)
            result[str(ng)] = (scale.step(score)[0], score)
        else:
            result[str(ng)] = (SG + "NotAssessed", None)
    by_status = {s[0]: s for s in scale.steps}
    for og in sorted(g.subjects(RDF.type, sg("OverarchingGoal"))):
        stepped = [
            by_status[result[str(ng)][0]][3]
            for ng in g.subjects(sg("supports"), og)
            if result[str(ng)][0] in by_status
        ]
        if stepped:
            score = min(stepped) if scale.roll_up_lowest else sum(stepped) / len(stepped)
            result[str(og)] = (scale.step(score)[0], score)
        else:
            result[str(og)] = (SG + "NotAssessed", None)
    return result


def judged(trig: str, year: int, part: str) -> dict[str, str]:
    """Each goal's judged status in ``year`` and ``part`` (one assessment each here)."""
    data = _graph(trig)
    sg = lambda name: URIRef(SG + name)  # noqa: E731
    found: dict[str, str] = {}
    for a in data.subjects(RDF.type, sg("Assessment")):
        report = data.value(a, sg("inReport"))
        is_interim = (report, RDF.type, sg("InterimReport")) in data
        period = data.value(a, sg("period"))
        if int(str(data.value(period, sg("year")))) != year:
            continue
        if is_interim != (part == "interim"):
            continue
        found[str(data.value(a, sg("assesses")))] = str(data.value(a, sg("status")))
    return found
