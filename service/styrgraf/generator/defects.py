"""Planted defects: a built municipality broken on purpose, with every kind of finding a coverage
check reports at least once.

Orphans come from a nämndsmål that supports nothing, two that support only each other (a cycle),
a plan that realises nothing, misspelt upward links (an IRI with no data), activities with no
plan or with a manager post for a plan, and sometimes a sub-area with a misspelt area. Coverage
gaps come from a board left with no goal under an area and one with three, an övergripande mål
that no nämndsmål supports, a nämndsmål that no plan realises, one whose only plan holds no
activity, nämndsmål with no indicator or with no target, a new unit that no nämndsmål covers,
and a focus area that no goal addresses any more.

The defects are placed so that what a coverage check finds is unambiguous, which is what lets
:mod:`styrgraf.generator.oracle` state it exactly:

- Each hierarchy defect goes to a board of its own, so that no plan, activity or development plan
  sits below two breaks: every orphan has exactly one.
- No link of another class leads to a node that reaches the vision, so checkers that follow any
  link and those that follow only well-typed ones agree.
- No judgement depends on whether the goal that covers a unit or addresses a focus area is
  itself an orphan: a nämndsmål is cut off only after its siblings have taken over what it alone
  covered or addressed.
- The coverage gaps are all planted on nodes that still reach the vision, and a later defect
  does not undo an earlier one: no nämndsmål planted after the övergripande mål that is to have
  none supports it.
"""

from __future__ import annotations

import random

from styrgraf.generator.build import PLAN_YEARS, Board, Municipality
from styrgraf.generator.oracle import Index
from styrgraf.generator.tables import TABLES


def plant_defects(town: Municipality, rng: random.Random) -> None:
    """Break the model: every kind of finding at least once, and each orphan with one break.

    ``rng`` is used from here on, so the model beneath the defects is the same as without them.
    """
    town.rng, g = rng, town.public
    boards = rng.sample(town.boards, 4)
    # A nämndsmål that supports nothing: preferably the only one some plans realise.
    alone = [goal for plan in town.plans.values() for goal in [g.values(plan, "realises")]]
    goal = rng.choice([o for o in boards[0].goals if [o] in alone] or boards[0].goals)
    _detach(town, boards[0], [goal])
    g.remove(goal, "supports")
    # Two nämndsmål that support each other and nothing else.
    pair = rng.sample(boards[1].goals, 2)
    _detach(town, boards[1], pair)
    for one, other in (pair, pair[::-1]):
        g.remove(one, "supports")
        g.put(one, supports=other)
    # A plan that realises nothing.
    unit = rng.choice(boards[2].units)
    g.remove(town.plans[unit.iri, rng.choice(PLAN_YEARS)], "realises")
    # A misspelt upward link, from a nämndsmål or from a plan.
    if rng.random() < 0.5:
        goal = rng.choice(boards[3].goals)
        _detach(town, boards[3], [goal])
        _misdirect(town, goal, "supports")
    else:
        unit = rng.choice(boards[3].units)
        _misdirect(town, town.plans[unit.iri, rng.choice(PLAN_YEARS)], "realises")
    # Activities of first-year plans that still hold (no development plan supports those):
    # one or two with no plan, and one with a misspelt plan or a manager post for a plan.
    reach = Index([g]).reachable()
    plans = [p for (_, year), p in town.plans.items() if year == PLAN_YEARS[0] and p in reach]
    chosen = [rng.choice(town.activities[p]) for p in rng.sample(plans, min(3, len(plans)))]
    for activity in chosen[: rng.randint(1, 2)]:
        g.remove(activity, "partOfPlan")
    for activity in chosen[2:]:
        if rng.random() < 0.5:
            _misdirect(town, activity, "partOfPlan")
        else:
            post = g.values(g.values(activity, "partOfPlan")[0], "responsible")[0]
            g.remove(activity, "partOfPlan")
            g.put(activity, partOfPlan=post)
    if rng.random() < 0.5:
        _misdirect(town, rng.choice(town.sub_areas[rng.choice(list(town.areas))]), "subAreaOf")
    _plant_uncovered(town)


def _detach(town: Municipality, board: Board, goals: list[str]) -> None:
    """Before ``goals`` are cut off, let siblings take over what only they cover or address."""
    g, rng = town.public, town.rng
    others = [o for o in board.goals if o not in goals and o not in town.broken]
    for goal in goals:
        for unit in g.values(goal, "coversUnit"):
            if not any(unit in g.values(o, "coversUnit") for o in others):
                g.put(rng.choice(others), coversUnit=unit)
        for focus in g.values(goal, "addresses"):
            g.remove(goal, "addresses", focus)
            g.put(rng.choice(others), addresses=focus)
    town.broken.update(goals)


def _misdirect(town: Municipality, node: str, link: str) -> None:
    """Point ``node``'s upward ``link`` at a misspelling of its target: an IRI with no data."""
    g, rng = town.public, town.rng
    target = rng.choice(g.values(node, link))
    local = target[len(town.ns) :]
    spots = [
        i for i in range(len(local) - 1) if local[i : i + 2].isalpha() and local[i] != local[i + 1]
    ]
    i = rng.choice(spots)
    wrong = town.ns + local[:i] + local[i + 1] + local[i] + local[i + 2 :]
    g.remove(node, link)
    g.add(node, link, wrong if wrong not in g.nodes else target + "x")


def _relocate(town: Municipality, board: Board, source: str, target: str) -> None:
    """Move one of the board's övergripande mål from area ``source`` to area ``target``."""
    goal = board.cells[source].pop(town.rng.randrange(len(board.cells[source])))
    board.cells[target].append(goal)
    town.public.remove(goal, "inStrategicArea")
    town.public.remove(goal, "inSubArea")
    town.public.put(goal, inStrategicArea=target, inSubArea=town.rng.choice(town.sub_areas[target]))


def _supported(town: Municipality, board: Board, unsupported: str) -> str:
    """One of the board's övergripande mål for a new nämndsmål to support, never ``unsupported``
    (the one planted to have none).

    It is drawn from all of them, and drawn again from the others only when the draw is
    ``unsupported``: each of the others is as likely as in one draw from them alone, and a draw
    that misses ``unsupported`` takes from the random source what a plain draw takes, so a model
    in which it is never drawn is the one a plain draw makes.
    """
    own = [og for area in town.areas for og in board.cells[area]]
    goal = town.rng.choice(own)
    if goal == unsupported:
        goal = town.rng.choice([og for og in own if og != unsupported])
    return goal


def _plant_uncovered(town: Municipality) -> None:
    """Plant one or two of each kind of coverage gap, all on nodes that reach the vision."""
    rng, g, areas = town.rng, town.public, list(town.areas)
    # A board left with no goal under one area, its only one moved to another area ...
    board, area = rng.choice([(b, a) for b in town.boards for a in areas if len(b.cells[a]) == 1])
    others = [a for a in areas if a != area]
    _relocate(
        town, board, area, rng.choice([a for a in others if len(board.cells[a]) == 1] or others)
    )
    # ... and, preferably another board, with three goals under one area.
    full = [(b, a) for b in town.boards for a in areas if len(b.cells[a]) >= 2]
    board, area = rng.choice([(b, a) for b, a in full if b is not board] or full)
    sources = [a for a in areas if a != area and board.cells[a]]
    _relocate(
        town,
        board,
        rng.choice([a for a in sources if len(board.cells[a]) == 2] or sources),
        area,
    )
    # An övergripande mål that no nämndsmål supports, for a board or for the whole municipality.
    lone = [(b, a) for b in town.boards for a in areas if len(b.cells[a]) == 1]
    if lone and rng.random() < 0.5:
        board, area = rng.choice(lone)
        unsupported = town.overarching_goal(board.iri, board.spec.key, area)
        board.cells[area].append(unsupported)
    else:
        unsupported = town.overarching_goal(town.council, "kommun", rng.choice(areas))
    reach = Index([g]).reachable()
    intact = [o for b in town.boards for o in b.goals if o in reach and o not in town.broken]
    # A nämndsmål that no plan realises.
    board = rng.choice(town.boards)
    town.board_goal(board, _supported(town, board, unsupported), [rng.choice(board.units)])
    # A nämndsmål whose only plan holds no activity.
    board = rng.choice(town.boards)
    unit = rng.choice(board.units)
    goal = town.board_goal(board, _supported(town, board, unsupported), [unit])
    year = PLAN_YEARS[0]
    label = TABLES.labels.empty_action_plan.fill(year=year, unit=unit.name)
    plan = town.node(f"hp-{year}-{unit.key}-tom", "ActionPlan", label)
    g.put(plan, forUnit=unit.iri, responsible=unit.post, period=town.years[year], realises=goal)
    # Nämndsmål with no indicator, and with indicators none of which has a target.
    picked = rng.sample(intact, 4)
    for goal in picked[: rng.randint(1, 2)]:
        for indicator in g.values(goal, "hasIndicator"):
            del g.nodes[indicator]
            for value in g.subjects("indicator", indicator):  # its results go with it
                del g.nodes[value]
        g.remove(goal, "hasIndicator")
    for goal in picked[2 : 2 + rng.randint(1, 2)]:
        for indicator in g.values(goal, "hasIndicator"):
            g.remove(indicator, "targetValue")
    # A new unit that no nämndsmål covers yet.
    board = rng.choice(town.boards)
    taken = [unit.name for unit in board.units]
    free = [name for name in board.spec.units if name not in taken]
    board.units.append(town.unit(board, rng.choice(free or [TABLES.labels.new_unit])))
    # A focus area that no goal addresses any more.
    focus = rng.choice(town.focus_areas)
    for goal in g.subjects("addresses", focus):
        g.remove(goal, "addresses", focus)
