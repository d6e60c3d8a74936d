"""One synthetic municipality, built whole: a model that conforms to the bundled shapes with no
warnings, made from the tables of :mod:`styrgraf.generator.tables` and one random source.

The municipality is shaped like the bundled Ljungby model: a vision with vision elements and a
population indicator, an environmental analysis with central points, 2–4 focus areas, a value
base, three strategic areas with three sub-areas each, a mandate period and its budget years, 5–9
boards (some exempt from övergripande mål), administrations, units with manager posts,
övergripande mål (1–2 per goal-setting board and area, two for the whole municipality), nämndsmål
with indicators, handlingsplaner per unit and plan year with aktiviteter, and in a private graph
the people holding the posts and employees with development plans. Everything is drawn from
``rng`` in a fixed order, so the same random source builds the same bytes.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from styrgraf.generator.graph import (
    BASE,
    DCTERMS,
    FOAF,
    LABEL,
    ORG,
    SDG,
    SKOS,
    TIME,
    TRUE,
    TYPE,
    Graph,
    in_sentence,
    number,
    slug,
    text,
    typed,
)
from styrgraf.generator.records import DRAWN, Area, BoardSpec, Pair
from styrgraf.generator.tables import TABLES
from styrgraf.vocabulary import SG

PERIOD, SPAN = "2023-2026", "2023–2026"
BUDGET_YEARS = (2023, 2024, 2025, 2026)
PLAN_YEARS = (2023, 2024)  # the years that have handlingsplaner so far
VISION_YEAR = 2035


@dataclass
class Unit:
    """A unit (enhet) of a board's administration, and its manager post."""

    iri: str
    key: str
    name: Pair
    post: str


@dataclass
class Board:
    """A goal-setting board, with what has been made for it so far."""

    iri: str
    spec: BoardSpec
    administration: str
    units: list[Unit] = field(default_factory=list)
    cells: dict[str, list[str]] = field(default_factory=dict)  # area → övergripande mål
    goals: list[str] = field(default_factory=list)  # nämndsmål


class Municipality:
    """One municipality's graphs: :meth:`build` makes a model that conforms to the shapes, and
    :func:`styrgraf.generator.defects.plant_defects` then breaks it on purpose."""

    def __init__(self, index: int, name: str, rng: random.Random, private: bool) -> None:
        self.index, self.name, self.rng = index, name, rng
        self.slug = f"kommun-{index:03d}"
        self.ns = f"{BASE}{self.slug}/id/"
        graph = f"{BASE}{self.slug}/graph/{PERIOD}"
        self.public = Graph(graph)
        self.private = Graph(graph + "-private") if private else None
        self.boards: list[Board] = []
        self.areas: dict[str, Area] = {}
        self.sub_areas: dict[str, list[str]] = {}
        self.focus_areas: list[str] = []
        self.council_goals: list[str] = []
        self.plans: dict[tuple[str, int], str] = {}  # (unit, year) → plan
        self.activities: dict[str, list[str]] = {}  # plan → its activities
        self.broken: set[str] = set()  # nämndsmål cut off from the vision
        self.counters: dict[str, int] = defaultdict(int)
        self.measured: dict[str, tuple[float, float, bool]] = {}  # indicator → its numbers

    @property
    def graphs(self) -> list[Graph]:
        """The public graph, and the private one if there is one."""
        return [self.public] if self.private is None else [self.public, self.private]

    def node(self, local: str, cls: str, label: Pair, graph: Graph | None = None) -> str:
        """A new illustrative node of class ``sg:cls``, labelled in Swedish and English."""
        iri, g = self.ns + local, graph or self.public
        g.add(iri, TYPE, SG + cls)
        g.add(iri, LABEL, text(label.sv, "sv"))
        g.add(iri, LABEL, text(label.en, "en"))
        g.put(iri, illustrative=TRUE)
        return iri

    def next(self, kind: str) -> int:
        self.counters[kind] += 1
        return self.counters[kind]

    def build(self) -> None:
        """Build the complete model: it conforms to the shapes, with no warnings."""
        g, name, labels = self.public, self.name, TABLES.labels
        if self.private is not None:
            label = labels.private_graph.fill(name=name, span=SPAN)
            g.add(self.private.iri, TYPE, SG + "PrivateGraph")
            g.add(self.private.iri, LABEL, text(label.sv, "sv"))
            g.add(self.private.iri, LABEL, text(label.en, "en"))
        self.municipality = self.node("kommun", "Municipality", labels.municipality.fill(name=name))
        g.put(self.municipality, municipalityCode=typed(str(9000 + self.index)))
        self.council = self.node("kommunfullmaktige", "Council", labels.council)
        g.add(self.council, ORG + "subOrganizationOf", self.municipality)
        label = labels.mandate_period.fill(span=SPAN)
        self.mandate = self.period(f"mandatperiod-{PERIOD}", "MandatePeriod", label, 2023, 2026)
        self.years = {
            y: self.period(f"budgetar-{y}", "BudgetYear", labels.budget_year.fill(year=y), y, y)
            for y in BUDGET_YEARS
        }
        self.vision_and_culture()
        self.strategic_areas()
        self.organisation()
        self.overarching_goals()
        self.board_goals()
        self.action_plans()
        self.results()
        if self.private is not None:
            self.people(self.private)

    def period(self, local: str, cls: str, label: Pair, first: int, last: int) -> str:
        iri = self.node(local, cls, label)
        start, end = typed(f"{first}-01-01", "date"), typed(f"{last}-12-31", "date")
        self.public.put(iri, startDate=start, endDate=end)
        if cls == "BudgetYear":
            self.public.put(iri, year=typed(str(first), "gYear"))
            self.public.add(iri, TIME + "intervalDuring", self.mandate)
        return iri

    def vision_and_culture(self) -> None:
        rng, g, name, labels = self.rng, self.public, self.name, TABLES.labels
        baseline = rng.randrange(6000, 60000, 10)
        target = int(round(baseline * rng.uniform(1.08, 1.25), -3))
        verb = rng.choice(TABLES.vision_verbs)
        people = Pair(f"{target:,}".replace(",", " "), f"{target:,}")
        statement = TABLES.vision_statement.fill(
            name=name, verb=verb, people=people, year=VISION_YEAR
        )
        self.vision = vision = self.node("vision", "Vision", statement)
        g.put(vision, municipality=self.municipality)
        for n, element in enumerate(TABLES.vision_elements, 1):
            phrase = element.phrase.fill(name=name, verb=verb)
            iri = self.node(f"visionselement-{n}", "VisionElement", phrase)
            g.add(iri, SKOS + "definition", text(element.meaning.sv, "sv"))
            g.add(iri, SKOS + "definition", text(element.meaning.en, "en"))
            g.put(vision, hasVisionElement=iri)
        spec = TABLES.vision_indicator
        values = (spec.label, spec.measurement_unit, True, baseline, target, VISION_YEAR)
        indicator = self.indicator("ind-vision-invanare", *values)
        g.put(indicator, koladaKpi=typed(spec.kolada_kpi))
        g.put(vision, hasIndicator=indicator)
        label = labels.environmental_analysis
        analysis = self.node("omvarldsanalys", "EnvironmentalAnalysis", label)
        g.add(analysis, DCTERMS + "publisher", self.municipality)
        central = TABLES.central_points
        points = sorted(rng.sample(range(len(central)), rng.randint(*DRAWN.central_points)))
        chosen = rng.sample(points, rng.randint(*DRAWN.focus_areas))
        for n in points:
            point = self.node(f"centralpunkt-{n + 1}", "CentralPoint", central[n])
            g.put(analysis, hasCentralPoint=point)
            if n in chosen:
                focus = self.node(f"fokus-{n + 1}", "FocusArea", central[n])
                g.put(focus, servesVision=vision, selectedFrom=point)
                self.focus_areas.append(focus)
        base = self.node("vardegrund", "ValueBase", labels.value_base)
        for value in rng.sample(TABLES.core_values, DRAWN.core_values):
            g.put(base, hasCoreValue=self.node(f"karnvarde-{slug(value.sv)}", "CoreValue", value))
        label = labels.governance_model.fill(name=name, span=SPAN)
        model = self.node(f"styrmodell-{PERIOD}", "GovernanceModel", label)
        g.put(model, municipality=self.municipality, period=self.mandate, hasVision=vision)
        g.put(model, hasValueBase=base, basedOnAnalysis=analysis)

    def strategic_areas(self) -> None:
        g, scheme, areas = self.public, self.ns + "strategiska-omraden", TABLES.areas
        g.add(scheme, TYPE, SKOS + "ConceptScheme")
        label = TABLES.labels.strategic_areas.fill(span=SPAN)
        for value, lang in ((label.sv, "sv"), (label.en, "en")):
            g.add(scheme, LABEL, text(value, lang))
            g.add(scheme, SKOS + "prefLabel", text(value, lang))
        for n in sorted(self.rng.sample(range(len(areas)), DRAWN.areas)):
            area = self.concept(areas[n].name, "StrategicArea", scheme)
            g.add(scheme, SKOS + "hasTopConcept", area)
            g.add(area, SKOS + "topConceptOf", scheme)
            g.put(area, servesVision=self.vision)
            self.areas[area] = areas[n]
            self.sub_areas[area] = []
            subs = areas[n].sub_areas
            for s in sorted(self.rng.sample(range(len(subs)), DRAWN.sub_areas)):
                sub = self.concept(subs[s], "StrategicSubArea", scheme)
                g.put(sub, subAreaOf=area)
                self.sub_areas[area].append(sub)

    def concept(self, label: Pair, cls: str, scheme: str) -> str:
        iri = self.node(slug(label.sv), cls, label)
        self.public.add(iri, TYPE, SKOS + "Concept")
        self.public.add(iri, SKOS + "prefLabel", text(label.sv, "sv"))
        self.public.add(iri, SKOS + "prefLabel", text(label.en, "en"))
        self.public.add(iri, SKOS + "inScheme", scheme)
        return iri

    def organisation(self) -> None:
        rng, g, boards, exempt = self.rng, self.public, TABLES.boards, TABLES.exempt_boards
        drawn = sorted(rng.sample(boards, rng.randint(*DRAWN.boards)), key=boards.index)
        for spec in [TABLES.executive, *drawn]:
            iri = self.node(slug(spec.name.sv), "Board", spec.name)
            g.add(iri, ORG + "subOrganizationOf", self.municipality)
            administration = self.node(
                slug(spec.administration.sv), "Administration", spec.administration
            )
            g.put(administration, administrationOf=iri)
            g.add(administration, ORG + "subOrganizationOf", self.municipality)
            board = Board(iri, spec, administration)
            count = rng.randint(DRAWN.units[0], min(DRAWN.units[1], len(spec.units)))
            for n in sorted(rng.sample(range(len(spec.units)), count)):
                board.units.append(self.unit(board, spec.units[n]))
            self.boards.append(board)
        for free in sorted(rng.sample(exempt, rng.randint(*DRAWN.exempt_boards)), key=exempt.index):
            iri = self.node(slug(free.name.sv), "Board", free.name)
            if free.joint:
                g.add(iri, TYPE, SG + "JointBoard")
            g.add(iri, ORG + "subOrganizationOf", self.municipality)
            g.put(iri, goalExemption=[text(free.reason.sv, "sv"), text(free.reason.en, "en")])

    def unit(self, board: Board, name: Pair) -> Unit:
        key = slug(name.sv)
        iri = self.node(f"enhet-{key}", "OrganisationalUnit", name)
        self.public.add(iri, ORG + "unitOf", board.administration)
        post = self.node(f"chef-{key}", "ManagerPost", TABLES.labels.manager_post.fill(unit=name))
        self.public.add(post, ORG + "postIn", iri)
        return Unit(iri, key, name, post)

    def overarching_goal(self, owner: str, key: str, area: str) -> str:
        """A new övergripande mål for ``owner`` (a board, or the council) under ``area``."""
        spec, local = self.areas[area], f"og-{key}-{slug(self.areas[area].name.sv)}"
        goal = self.node(
            f"{local}-{self.next(local)}", "OverarchingGoal", self.rng.choice(spec.goals)
        )
        sub = self.rng.choice(self.sub_areas[area])
        self.public.put(goal, forBoard=owner, inStrategicArea=area, inSubArea=sub)
        self.public.put(goal, period=self.mandate, decidedBy=self.council)
        self.public.put(goal, sdg=SDG + str(self.rng.choice(spec.sdgs)))
        return goal

    def overarching_goals(self) -> None:
        rng = self.rng
        counts = {(b.iri, a): rng.choice((1, 1, 2)) for b in self.boards for a in self.areas}
        for wanted in (1, 2):  # a lone goal and a pair somewhere, for the defects to start from
            if wanted not in counts.values():
                counts[rng.choice(list(counts))] = wanted
        for board in self.boards:
            for area in self.areas:
                board.cells[area] = [
                    self.overarching_goal(board.iri, board.spec.key, area)
                    for _ in range(counts[board.iri, area])
                ]
        for area in sorted(rng.sample(list(self.areas), 2), key=list(self.areas).index):
            self.council_goals.append(self.overarching_goal(self.council, "kommun", area))

    def board_goal(self, board: Board, supports: str, units: list[Unit]) -> str:
        """A new nämndsmål of ``board``, covering ``units``, with indicators that have targets."""
        rng, local = self.rng, f"ng-{board.spec.key}-{self.next(board.spec.key)}"
        first, name = rng.choice(TABLES.templates), units[0].name
        named = Pair(in_sentence(name.sv), name.en)  # the first unit, inside a sentence
        goal = self.node(local, "BoardGoal", first.goal.fill(unit=named))
        self.public.put(goal, decidedBy=board.iri, supports=supports, period=self.mandate)
        self.public.put(goal, coversUnit=[unit.iri for unit in units])
        templates = [first] if rng.random() < 0.6 else [first, rng.choice(TABLES.templates)]
        for letter, t in zip("ab", templates, strict=False):
            baseline = rng.randint(*t.baseline)
            change = baseline * rng.uniform(0.05, 0.25)
            target = min(baseline + change, 100.0) if t.higher_is_better else baseline - change
            label = t.indicator.fill(unit=named)
            values = (label, t.measurement_unit, t.higher_is_better, baseline, round(target, 1))
            indicator = self.indicator(f"ind-{local}-{letter}", *values)
            self.public.put(goal, hasIndicator=indicator)
        board.goals.append(goal)
        return goal

    def results(self) -> None:
        """A full-year value of every indicator for each plan year so far, moving from the
        baseline towards the target (some ahead, some behind, some the wrong way). Drawn from
        a generator of their own, so the rest of the model is the same as without them."""
        rng = random.Random(f"results:{self.name}")
        for indicator, (baseline, target, whole) in sorted(self.measured.items()):
            pace = rng.uniform(-0.3, 1.4)
            for year in PLAN_YEARS:
                share = pace * (year - 2022) / (2026 - 2022)
                value = baseline + (target - baseline) * share + rng.uniform(-0.02, 0.02) * target
                iri = f"{indicator}-utfall-{year}"
                self.public.add(iri, TYPE, SG + "Value")
                self.public.put(iri, indicator=indicator, period=self.years[year])
                amount = round(value) if whole else round(max(value, 0.0), 1)
                self.public.put(iri, numericValue=number(amount), illustrative=TRUE)

    def indicator(
        self,
        local: str,
        label: Pair,
        unit: str,
        higher: bool,
        baseline: float,
        target: float,
        target_year: int = 2026,
    ) -> str:
        iri = self.node(local, "Indicator", label)
        self.public.put(iri, measurementUnit=typed(unit), baselineValue=number(baseline))
        self.public.put(iri, baselineYear=typed("2022", "gYear"), targetValue=number(target))
        self.public.put(iri, targetYear=typed(str(target_year), "gYear"))
        self.public.put(iri, direction=SG + ("HigherIsBetter" if higher else "LowerIsBetter"))
        self.measured[iri] = (baseline, target, target_year == VISION_YEAR)
        return iri

    def board_goals(self) -> None:
        rng, g = self.rng, self.public
        for board in self.boards:
            units, offset = board.units, rng.randrange(len(board.units))
            own = [og for area in self.areas for og in board.cells[area]]
            for og in own:
                for _ in range(rng.choice((1, 1, 2))):
                    offset += 1
                    covered = [units[offset % len(units)]]
                    if rng.random() < 0.25:
                        covered.append(units[(offset + 1) % len(units)])
                    goal = self.board_goal(board, og, sorted(covered, key=units.index))
                    if rng.random() < 0.15:
                        g.put(goal, supports=rng.choice(own))  # many-to-many
            for unit in units:
                if not g.subjects("coversUnit", unit.iri):
                    g.put(rng.choice(board.goals), coversUnit=unit.iri)
        everything = [goal for board in self.boards for goal in board.goals]
        for og in self.council_goals:
            for goal in rng.sample(everything, rng.randint(1, 2)):
                g.put(goal, supports=og)
        overarching = [og for b in self.boards for a in self.areas for og in b.cells[a]]
        for focus in self.focus_areas:
            g.put(rng.choice(self.council_goals + overarching), addresses=focus)
            if rng.random() < 0.5:
                g.put(rng.choice(everything), addresses=focus)

    def action_plans(self) -> None:
        """A plan per unit and plan year, realising every nämndsmål that covers the unit."""
        rng, g = self.rng, self.public
        for year in PLAN_YEARS:
            for unit in (unit for board in self.boards for unit in board.units):
                label = TABLES.labels.action_plan.fill(year=year, unit=unit.name)
                plan = self.node(f"hp-{year}-{unit.key}", "ActionPlan", label)
                g.put(plan, forUnit=unit.iri, responsible=unit.post, period=self.years[year])
                g.put(plan, realises=g.subjects("coversUnit", unit.iri))
                self.plans[unit.iri, year] = plan
                drawn = rng.sample(TABLES.activities, rng.randint(*DRAWN.activities))
                self.activities[plan] = [
                    self.activity(plan, f"akt-{year}-{unit.key}-{n}", unit, year, name)
                    for n, name in enumerate(drawn, 1)
                ]

    def activity(self, plan: str, local: str, unit: Unit, year: int, label: Pair) -> str:
        rng = self.rng
        iri = self.node(local, "Activity", label)
        said = TABLES.labels.activity_description.fill(
            activity=label, unit=Pair(in_sentence(unit.name.sv), unit.name.en), year=year
        )
        self.public.add(iri, DCTERMS + "description", text(said.sv, "sv"))
        self.public.add(iri, DCTERMS + "description", text(said.en, "en"))
        done = year < PLAN_YEARS[-1]
        status = rng.choice(
            ("Completed", "Completed", "Postponed")
            if done
            else ("Planned", "InProgress", "InProgress", "Completed")
        )
        start = (rng.randint(1, 6), rng.randint(1, 28))
        end = (rng.randint(start[0] + 1, 12), rng.randint(1, 28))
        self.public.put(iri, partOfPlan=plan, activityStatus=SG + status)
        self.public.put(iri, startDate=typed(f"{year}-{start[0]:02d}-{start[1]:02d}", "date"))
        self.public.put(iri, endDate=typed(f"{year}-{end[0]:02d}-{end[1]:02d}", "date"))
        return iri

    def people(self, p: Graph) -> None:
        """The holders of the manager posts, and employees with development plans, in ``p``."""
        rng, year = self.rng, PLAN_YEARS[-1]
        for unit in (unit for board in self.boards for unit in board.units):
            p.add(unit.post, ORG + "heldBy", self.person(p, unit)[0])
            plan = self.plans[unit.iri, year]
            for _ in range(rng.randint(1, 2)):
                employee, name = self.person(p, unit)
                label = TABLES.labels.development_plan.fill(year=year, person=name)
                dev = self.node(f"iup-{year}-{self.next('iup')}", "DevelopmentPlan", label, p)
                goal = rng.choice(self.public.values(plan, "realises"))
                p.put(dev, forEmployee=employee, supportsGoal=goal, period=self.years[year])
                p.put(dev, supportsActivity=rng.choice(self.activities[plan]))
                growth = rng.choice(TABLES.development)
                p.add(dev, DCTERMS + "description", text(growth.sv, "sv"))
                p.add(dev, DCTERMS + "description", text(growth.en, "en"))

    def person(self, p: Graph, unit: Unit) -> tuple[str, str]:
        name = f"{self.rng.choice(TABLES.first_names)} {self.rng.choice(TABLES.surnames)}"
        iri = self.node(f"medarbetare-{self.next('person')}", "Employee", Pair(name, name), p)
        p.add(iri, TYPE, FOAF + "Person")
        p.add(iri, ORG + "memberOf", unit.iri)
        return iri, name
