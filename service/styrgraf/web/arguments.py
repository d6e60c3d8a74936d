"""Reading an API request: its query-string arguments (each known, given once), the language,
the graphs in scope, the format and the follow-up's period, and writing the answer; shared by
the API's blueprints and the pages that take the same arguments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Response, request

from styrgraf.analysis.fulfilment import Period
from styrgraf.i18n.languages import is_language_tag
from styrgraf.model.bundled import ONTOLOGY_GRAPH
from styrgraf.settings import flag
from styrgraf.sparql.queries import to_term as checked_term
from styrgraf.web.errors import Problem
from styrgraf.web.service import service


def args(known: Iterable[str]) -> dict[str, str]:
    """The query string, one value per name; an unknown or repeated name is a 400."""
    allowed = tuple(known)
    values: dict[str, str] = {}
    for name in request.args:
        given = request.args.getlist(name)
        if name not in allowed:
            raise Problem(
                400,
                f"unknown parameter {name!r} (known: {', '.join(allowed)})",
                parameter=name,
            )
        if len(given) > 1:
            raise Problem(400, f"give {name} once", parameter=name)
        values[name] = given[0]
    return values


def language(values: Mapping[str, str]) -> str:
    """The language asked for: any language tag, answered by the one rule of
    :mod:`styrgraf.i18n.languages` (words in ``sv`` for ``sv-SE``); the setting without one."""
    lang = values.get("lang") or str(service().settings["lang"])
    if not is_language_tag(lang):
        raise Problem(
            400, f"lang must be a language tag such as sv or en-GB, not {lang!r}", parameter="lang"
        )
    return lang


def graphs_in_scope(values: Mapping[str, str]) -> list[str] | None:
    """The graphs in scope: the public ones, every one with the token (None), or ``graph``."""
    current = service()
    opened = current.authorised()
    requested = values.get("graph")
    if requested is None:
        return None if opened else current.public_graphs()
    checked_term("graph", "iri", requested)
    visible = current.store.named_graphs() if opened else current.public_graphs()
    if requested not in visible:
        raise Problem(404, f"no graph <{requested}> here", parameter="graph")
    # The vocabulary comes along, as on the command line: it holds the class labels.
    return [requested, *([ONTOLOGY_GRAPH] if ONTOLOGY_GRAPH in visible else [])]


def asked_period(values: Mapping[str, str]) -> Period | None:
    """The period of ``period`` (a year) and ``interim`` (a flag); None for the latest. A year
    that is no year, a flag that is neither on nor off, or a delår without its year is a 400
    naming the parameter."""
    year = values.get("period")
    interim = values.get("interim")
    part = "full"
    if interim is not None:
        try:
            part = "interim" if flag(interim) else "full"
        except ValueError as problem:
            raise Problem(400, f"interim: {problem}", parameter="interim") from None
    if year is None:
        if interim is not None:
            raise Problem(400, "give the year of the delår: ?period=YEAR", parameter="period")
        return None
    if not (year.isdigit() and len(year) == 4):
        raise Problem(400, f"period must be a year such as 2022, not {year!r}", parameter="period")
    return Period(int(year), part)


def flag_argument(values: Mapping[str, str], name: str) -> bool:
    """A flag given as ``name`` (``1``, ``true``, ``yes``, ``on`` or their opposites); off
    when not given, a 400 naming it when it is neither."""
    if name not in values:
        return False
    try:
        return flag(values[name])
    except ValueError as problem:
        raise Problem(400, f"{name}: {problem}", parameter=name) from None


def negotiate(values: Mapping[str, str], offered: Mapping[str, str]) -> tuple[str, str]:
    """(format name, media type): ``?format=`` wins, then ``Accept``; the first one offered by
    default. A format not offered is a 400, an ``Accept`` nothing matches a 406."""
    names = list(dict.fromkeys(offered.values()))
    asked = values.get("format")
    if asked is not None:
        if asked not in names:
            raise Problem(
                400, f"format must be one of {', '.join(names)}, not {asked!r}", parameter="format"
            )
        return asked, next(media for media, name in offered.items() if name == asked)
    if not request.headers.get("Accept", "").strip():
        media = next(iter(offered))
        return offered[media], media
    best = request.accept_mimetypes.best_match(list(offered))
    if best is None:
        raise Problem(
            406,
            f"none of the accepted types is offered here: {', '.join(offered)}",
            offered=list(offered),
        )
    return offered[best], best


def answer(body: str, media: str) -> Response:
    response = Response(body, mimetype=media)
    # Vary: Authorization and what the token opens (Cache-Control): see create_app.
    response.vary.add("Accept")
    return response
