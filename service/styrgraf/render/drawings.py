"""The drawings as SVG: the Jinja2 templates in ``templates/`` beside this module (``heatmap.svg``,
``trace.svg``, and the follow-up charts' ``indicator_chart.svg`` and ``distance_chart.svg`` with
their shared ``chart_parts.svg``), rendered by an environment of this package's own, so that the
library, the command line and the pages draw alike, with or without Flask.

Autoescape is on (SVG is XML: a label is text, never markup), and block tags leave no blank
lines behind, as in the pages' templates. In a template, ``t("heatmap.title")`` is a message in
the language of its ``lang`` and ``{{ n|number }}`` a number as that language writes it.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from styrgraf.i18n.words import number, word


@pass_context
def _word(context: Context, key: str, **values: object) -> str:
    return word(key, context["lang"], **values)


@pass_context
def _number(context: Context, value: float) -> str:
    return number(value, context["lang"])


ENVIRONMENT = Environment(
    loader=PackageLoader("styrgraf.render", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)
ENVIRONMENT.globals["t"] = _word
ENVIRONMENT.filters["number"] = _number


def draw(template: str, **context: Any) -> Markup:
    """A drawing: the template rendered with ``context`` (``lang`` among it), as markup that a
    page may hold as it is."""
    return Markup(ENVIRONMENT.get_template(template).render(**context))
