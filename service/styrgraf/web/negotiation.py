"""Reading what a request asks for: the format (a suffix, ``?format=``, or the Accept header)
and the IRI it names. Each refuses a request it cannot read with a :class:`Problem` naming
the parameter.
"""

from __future__ import annotations

from flask import request

from styrgraf.sparql.queries import ParameterError, to_term
from styrgraf.web.errors import Problem
from styrgraf.web.formats import FORMATS, SUFFIXES


def asked_iri() -> str:
    """The one IRI a request names as ``?iri=``; refused with a 400 naming it otherwise."""
    values = request.args.getlist("iri")
    if len(values) != 1 or not values[0].strip():
        raise Problem(400, "give one IRI as ?iri=", parameter="iri")
    try:
        return to_term("iri", "iri", values[0].strip()).value
    except ParameterError as problem:
        raise Problem(400, str(problem), parameter="iri") from None


def forced_format(suffix: str | None) -> str | None:
    """The media type a suffix or ``?format=`` names (None: negotiate); a 400 or 404 when
    neither names a format."""
    name = request.args.get("format")
    if name:
        if name not in SUFFIXES:
            raise Problem(
                400,
                f"unknown format {name!r}: one of {', '.join(SUFFIXES)}",
                parameter="format",
            )
        return SUFFIXES[name]
    if suffix is not None:
        if suffix not in SUFFIXES:
            raise Problem(404, f"no format {suffix!r}: one of {', '.join(SUFFIXES)}")
        return SUFFIXES[suffix]
    return None


def chosen_media(forced: str | None) -> str:
    """The media type to answer with, by Accept when no format is forced; else a 406."""
    if forced is not None:
        return forced
    accept = request.accept_mimetypes
    if not accept or not request.headers.get("Accept", "").strip():
        return "text/turtle"
    best: str | None = accept.best_match(list(FORMATS))
    if best is None:
        offered = list(FORMATS)
        raise Problem(
            406,
            f"none of the accepted types is offered here: {', '.join(offered)}",
            offered=offered,
        )
    return best
