"""The follow-up profile: the rule by which a goal's fulfilment is computed, held as data.

A profile (``shapes/follow-up/*.ttl``, an ``sg:FollowUpProfile``) says

- the **scale**: its steps (``sg:step``), each a status with a rank (1 is best), the lowest
  score that gives it (``sg:minimumScore``) and the score it carries into a roll-up
  (``sg:stepScore``), and the status for a goal that cannot be computed
  (``sg:notAssessedStatus``, outside the order);
- the **score of each indicator outcome** (target reached, on track, better than the
  baseline, not reached), between 0 and 1;
- how indicator scores make a board goal's score (``sg:indicatorAggregation``) and how board
  goals' steps make an overarching goal's score (``sg:rollUp``): the mean or the lowest.

Two profiles are bundled: ``three-step`` (the default: uppfyllt, delvis uppfyllt, ej uppfyllt)
and ``five-step``. Any other is a Turtle file holding one ``sg:FollowUpProfile``; it is checked
when read, and every mistake is named with the file it is in. docs/follow-up.md describes the
rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from itertools import pairwise
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from styrgraf.i18n.languages import label_rank
from styrgraf.model.bundled import ontology_files, resource_dir
from styrgraf.model.load import InputError, read_graph
from styrgraf.vocabulary import SG

DEFAULT_PROFILE = "three-step"


class ProfileError(Exception):
    """A follow-up profile that cannot be used: the message names the file and what is wrong."""


class Outcome(StrEnum):
    """How an indicator's value for a period stands against its target (the wire values are
    the concepts' ``skos:notation``)."""

    REACHED = "reached"
    ON_TRACK = "on-track"
    IMPROVING = "improving"
    NOT_REACHED = "not-reached"


OUTCOME_CONCEPTS = {
    Outcome.REACHED: SG + "TargetReached",
    Outcome.ON_TRACK: SG + "OnTrack",
    Outcome.IMPROVING: SG + "Improving",
    Outcome.NOT_REACHED: SG + "NotReached",
}


class Aggregation(StrEnum):
    """How several scores become one."""

    MEAN = "mean"
    LOWEST = "lowest"

    def combine(self, scores: list[float]) -> float:
        """The scores taken together (``scores`` is never empty).

        >>> Aggregation.MEAN.combine([1.0, 0.5, 0.0]), Aggregation.LOWEST.combine([1.0, 0.5])
        (0.5, 0.5)
        """
        if self is Aggregation.LOWEST:
            return min(scores)
        return sum(scores) / len(scores)


_AGGREGATIONS = {SG + "MeanScore": Aggregation.MEAN, SG + "LowestScore": Aggregation.LOWEST}

# Scores are compared with this much slack, so that 0.1 + 0.2 reaches a minimum of 0.3.
EPSILON = 1e-9


@dataclass(frozen=True)
class Step:
    """A step of the scale (or the not-assessed status, whose rank is None)."""

    status: str
    key: str
    rank: int | None
    minimum: float
    score: float
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str) -> str:
        """The step's label in the language that best suits ``lang``."""
        if not self.labels:
            return self.key
        return self.labels[min(self.labels, key=lambda tag: (label_rank(tag, lang), tag))]


@dataclass(frozen=True)
class Profile:
    """A follow-up profile, checked: steps best first, every outcome scored."""

    iri: str
    name: str
    steps: tuple[Step, ...]
    not_assessed: Step
    outcome_scores: dict[Outcome, float]
    indicator_aggregation: Aggregation
    roll_up: Aggregation
    matches: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)

    def step_for(self, score: float) -> Step:
        """The best step whose minimum score ``score`` reaches (the last step catches every
        score, since its minimum is 0)."""
        for step in self.steps:
            if score + EPSILON >= step.minimum:
                return step
        return self.steps[-1]

    def step_of(self, status: str) -> Step | None:
        """The step a judged status stands for: the status itself, or the step it is matched
        to (``skos:exactMatch`` or ``skos:closeMatch`` either way); None for a status that is
        on no step of this scale."""
        if status == self.not_assessed.status:
            return self.not_assessed
        status = self.matches.get(status, status)
        return next((s for s in self.steps if s.status == status), None)

    def label(self, lang: str) -> str:
        if not self.labels:
            return self.name
        return self.labels[min(self.labels, key=lambda tag: (label_rank(tag, lang), tag))]


def bundled_profiles() -> dict[str, Path]:
    """The bundled profiles by name (the file name without ``.ttl``)."""
    folder = resource_dir("shapes") / "follow-up"
    return {path.stem: path for path in sorted(folder.glob("*.ttl"))}


def profile_path(name: str) -> Path:
    """The file of a bundled profile's ``name``, or ``name`` itself as a path to a file."""
    bundled = bundled_profiles()
    if name in bundled:
        return bundled[name]
    path = Path(name)
    if path.suffix == "" and not path.exists():
        raise ProfileError(
            f"no follow-up profile {name!r}: the bundled ones are {', '.join(bundled)}, "
            "or give the path of a Turtle file"
        )
    if not path.is_file():
        raise ProfileError(f"the follow-up profile {name} is not a file")
    return path


@cache
def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """Read and check the profile ``name`` (a bundled profile's name or a file's path)."""
    path = profile_path(name)
    try:
        graph = read_graph([path])
    except InputError as error:
        raise ProfileError(str(error)) from error
    return read_profile(graph, source=str(path), name=path.stem)


@cache
def _vocabulary() -> Graph:
    return read_graph(ontology_files())


def read_profile(graph: Graph, *, source: str, name: str) -> Profile:
    """The profile that ``graph`` holds, checked; :class:`ProfileError` names ``source``."""

    def fail(problem: str) -> ProfileError:
        return ProfileError(f"{source}: {problem}")

    profiles = list(graph.subjects(RDF.type, URIRef(SG + "FollowUpProfile")))
    if len(profiles) != 1:
        raise fail(f"expected one sg:FollowUpProfile, found {len(profiles)}")
    profile = profiles[0]
    texts = graph + _vocabulary()

    def one(subject: Node, predicate: str, what: str) -> Node:
        values = list(graph.objects(subject, URIRef(SG + predicate)))
        if len(values) != 1:
            raise fail(f"{what} needs exactly one sg:{predicate}, found {len(values)}")
        return values[0]

    def fraction(subject: Node, predicate: str, what: str) -> float:
        value = one(subject, predicate, what)
        number = value.toPython() if isinstance(value, Literal) else None
        if isinstance(number, bool) or not isinstance(number, int | float | Decimal):
            raise fail(f"{what}: sg:{predicate} {value} is not a number")
        result = float(number)
        if not 0.0 <= result <= 1.0:
            raise fail(f"{what}: sg:{predicate} {value} is not between 0 and 1")
        return result

    def labels(node: Node) -> dict[str, str]:
        found: dict[str, str] = {}
        for predicate in (SKOS.prefLabel, RDFS.label):
            for value in texts.objects(node, predicate):
                if isinstance(value, Literal) and value.language:
                    found.setdefault(value.language, str(value))
        return found

    def notation(node: Node) -> str:
        value = texts.value(node, SKOS.notation)
        if value is not None:
            return str(value)
        return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def aggregation(predicate: str) -> Aggregation:
        value = one(profile, predicate, "the profile")
        if str(value) not in _AGGREGATIONS:
            known = ", ".join(f"sg:{v.removeprefix(SG)}" for v in _AGGREGATIONS)
            raise fail(f"sg:{predicate} {value} is none of {known}")
        return _AGGREGATIONS[str(value)]

    steps: list[Step] = []
    for node in graph.objects(profile, URIRef(SG + "step")):
        status = one(node, "stepStatus", "a step")
        what = f"the step {status}"
        rank = one(node, "rank", what)
        if not isinstance(rank, Literal) or not isinstance(rank.toPython(), int):
            raise fail(f"{what}: sg:rank {rank} is not a whole number")
        steps.append(
            Step(
                status=str(status),
                key=notation(status),
                rank=int(rank.toPython()),
                minimum=fraction(node, "minimumScore", what),
                score=fraction(node, "stepScore", what),
                labels=labels(status),
            )
        )
    if len(steps) < 2:
        raise fail(f"a scale needs at least two steps (sg:step), found {len(steps)}")
    steps.sort(key=lambda s: s.rank or 0)
    ranks = [s.rank for s in steps]
    if ranks != list(range(1, len(steps) + 1)):
        raise fail(f"the steps' ranks must be 1 to {len(steps)}, one each; found {ranks}")
    for better, worse in pairwise(steps):
        if not (better.minimum > worse.minimum and better.score >= worse.score):
            raise fail(
                f"the step ranked {better.rank} ({better.key}) must need a higher minimum "
                f"score and carry no lower a step score than the step ranked {worse.rank} "
                f"({worse.key})"
            )
    if steps[-1].minimum != 0.0:
        raise fail(f"the last step ({steps[-1].key}) must have sg:minimumScore 0")
    if len({s.status for s in steps}) != len(steps):
        raise fail("two steps have the same status")

    missing = one(profile, "notAssessedStatus", "the profile")
    not_assessed = Step(str(missing), notation(missing), None, 0.0, 0.0, labels(missing))
    if any(s.status == not_assessed.status for s in steps):
        raise fail("the not-assessed status must not also be a step of the scale")

    outcome_scores: dict[Outcome, float] = {}
    concepts = {concept: outcome for outcome, concept in OUTCOME_CONCEPTS.items()}
    for node in graph.objects(profile, URIRef(SG + "outcomeScore")):
        concept = str(one(node, "outcome", "an outcome score"))
        if concept not in concepts:
            known = ", ".join(f"sg:{c.removeprefix(SG)}" for c in concepts)
            raise fail(f"sg:outcome {concept} is none of {known}")
        if concepts[concept] in outcome_scores:
            raise fail(f"sg:outcome {concept} is scored twice")
        outcome_scores[concepts[concept]] = fraction(node, "score", f"the outcome {concept}")
    absent = [o.value for o in Outcome if o not in outcome_scores]
    if absent:
        raise fail(f"every outcome needs a score (sg:outcomeScore); missing: {', '.join(absent)}")
    if outcome_scores[Outcome.REACHED] != 1.0:
        raise fail("a reached target must score 1")

    # Judged statuses from another scale count as the step they are matched to.
    on_scale = {s.status for s in steps}
    matches: dict[str, str] = {}
    for predicate in (SKOS.exactMatch, SKOS.closeMatch):
        for subject, obj in graph.subject_objects(predicate):
            if str(subject) in on_scale:
                matches.setdefault(str(obj), str(subject))
            elif str(obj) in on_scale:
                matches.setdefault(str(subject), str(obj))
    return Profile(
        iri=str(profile),
        name=name,
        steps=tuple(steps),
        not_assessed=not_assessed,
        outcome_scores=outcome_scores,
        indicator_aggregation=aggregation("indicatorAggregation"),
        roll_up=aggregation("rollUp"),
        matches=matches,
        labels=labels(profile),
    )


def profile_graph(name: str = DEFAULT_PROFILE) -> Graph:
    """The profile's triples (its own statuses and their labels), to be read beside a model."""
    return read_graph([profile_path(name)])
