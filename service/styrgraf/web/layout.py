"""The pages' shared layout: the request's language, the words, and :func:`render`, which puts
a template in the layout every page shares (``templates/base.html``: the site name, the main
menu, a language switch, a skip link, and a footer naming the page's other formats).

Language: ``?lang=`` (any language tag) is remembered in the ``lang`` cookie; without it the
cookie, then the browser's ``Accept-Language`` (among the catalogue languages), then the
``lang`` setting decide. The words are those of the tag's catalogue language and the labels
the model's best for the tag, by the one rule of :mod:`styrgraf.i18n.languages` (``sv-SE`` is
answered in Swedish, ``en-GB`` in English, ``fi`` in Swedish with Finnish labels where the
model has them). ``<html lang>`` is the language the page is written in, and the language
switch offers every other catalogue language in its own words. All words come from the
catalogues of :mod:`styrgraf.i18n.words`; Flask-Babel holds the request's locale
(:func:`page_locale`), in which the templates write numbers (``|number``, ``|percent``). A
``?lang=`` that is no language tag is a
:class:`~styrgraf.sparql.queries.ParameterError` (a 400 naming ``lang``).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from babel import Locale
from flask import Flask, Response, render_template, request
from flask_babel import Babel, format_decimal, format_percent

from styrgraf.i18n.languages import DOMAIN, LANGUAGES, LOCALE, catalogue_language
from styrgraf.i18n.words import has_word, locale, plural, word
from styrgraf.render.links import anchor
from styrgraf.sparql.queries import ParameterError, to_term
from styrgraf.web.addresses import link_to
from styrgraf.web.service import service

# The main menu: (endpoint path, word key).
MENU = (
    ("/", "nav.start"),
    ("/tree", "nav.tree"),
    ("/follow-up", "nav.follow-up"),
    ("/coverage", "nav.coverage"),
    ("/validation", "nav.validation"),
    ("/sparql", "nav.sparql"),
)


def language() -> str:
    """The language of the request's page: ``?lang=``, the cookie, ``Accept-Language``, the
    setting. A ``?lang=`` that is no language tag is a :class:`ParameterError`."""
    given = request.args.get("lang")
    if given:
        to_term("lang", "language", given)  # ParameterError: a 400 naming lang
        return given
    remembered = request.cookies.get("lang", "")
    if remembered:
        try:
            to_term("lang", "language", remembered)
            return remembered
        except ParameterError:
            pass  # a cookie that is no language tag is ignored
    if request.headers.get("Accept-Language", "").strip():
        best = request.accept_languages.best_match(LANGUAGES)
        if best:
            return best
    return str(service().settings["lang"])


def page_locale() -> Locale:
    """Flask-Babel's locale of a request: that of the catalogue language of :func:`language`,
    whose conventions write the page's numbers."""
    return locale(catalogue_language(language()))


def install(app: Flask) -> None:
    """The pages' languages on an app: Flask-Babel, its locale chosen by :func:`page_locale`
    (``?lang=``, the cookie, ``Accept-Language``, the setting, then the one rule), and the
    filters that write numbers in it: ``{{ n|number }}``, and ``{{ p|percent }}`` for a share
    given in percent (``72.5``). The words themselves are ``t`` (:class:`Words`), read from
    the same catalogues by :func:`styrgraf.i18n.words.word`, so that a language Babel's locale
    data does not know (Meänkieli) is spoken too."""
    Babel(
        app,
        locale_selector=page_locale,
        default_domain=DOMAIN,
        default_translation_directories=str(LOCALE),
        configure_jinja=False,
    )
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["percent"] = lambda share: format_percent(share / 100)


class Words:
    """The page's words: ``t("nav.start")``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.ui = catalogue_language(lang)

    def __call__(self, key: str, **values: object) -> str:
        return word(key, self.ui, **values)

    def n(self, key: str, count: int, **values: object) -> str:
        """The form of ``key`` that suits ``count``: ``t.n("report.rules", 3)``."""
        return plural(key, count, self.ui, **values)


def lang_url(code: str, here: str | None = None) -> str:
    """This page in another language: its URL (``here``, else the request's) with ``lang=``
    replaced."""
    if here is None:
        path, args = request.script_root + request.path, request.args.items(multi=True)
    else:
        path, _, query = here.partition("?")
        args = iter(urllib.parse.parse_qsl(query))
    pairs = [(k, v) for k, v in args if k != "lang"]
    pairs.append(("lang", code))
    return path + "?" + urllib.parse.urlencode(pairs)


@dataclass(frozen=True)
class Alternate:
    """Another format of what a page shows."""

    media: str
    name: str
    url: str


def render(
    template: str,
    title: str,
    *,
    alternates: Sequence[Alternate] = (),
    here: str | None = None,
    status: int = 200,
    **context: Any,
) -> Response:
    """A page in the shared layout, in the request's language. ``here`` is the page's own URL
    when several lead to it (a resource's path and ``/resource?iri=``): the language switch
    leads there, so the page is the same whichever URL was asked."""
    lang = language()
    t = Words(lang)
    current = request.path
    menu = [
        {
            "href": request.script_root + path,
            "text": t(key),
            # A page under a menu entry (/coverage/cell under /coverage) is shown as in it.
            "current": path == current or (path != "/" and current.startswith(path + "/")),
        }
        for path, key in MENU
    ]
    body = render_template(
        template,
        lang=lang,
        ui=t.ui,
        t=t,
        title=title,
        menu=menu,
        # The language switch: each other language, named and offered in its own words.
        languages=[
            {
                "code": code,
                "name": word("lang.name", code),
                "title": word("lang.switch", code),
                "url": lang_url(code, here),
            }
            for code in LANGUAGES
            if code != t.ui
        ],
        # Every link a template makes of a term goes through styrgraf.render.links: iri_url is None,
        # and link() and iri_link() write text, where the term is no link to have.
        iri_url=link_to,
        link=anchor,
        iri_link=lambda iri, text, **attributes: anchor(link_to(iri), text, **attributes),
        alternates=list(alternates),
        root=request.script_root,
        **context,
    )
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    given = request.args.get("lang")
    if given:
        response.set_cookie(
            "lang", given, max_age=COOKIE_AGE, samesite="Lax", path=request.script_root or "/"
        )
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def error_page(status: int, message: str, parameter: str | None) -> Response:
    """An error as a page, for a person in a browser; programs get the JSON error shape."""
    t = Words(language())
    key = f"error.{status}"
    title = t(key) if has_word(key) else t("error.other")
    explained = f"error.text.{status}"
    page = render(
        "error.html",
        title,
        status=status,
        status_code=status,
        # The service's own messages are in English; the page says in its language what they mean.
        explanation=t(explained) if has_word(explained) else t("error.text.other"),
        message=message,
        parameter=parameter,
    )
    page.vary.add("Accept")
    return page


def absolute(url: str | None) -> str | None:
    """A link as a drawing to download writes it: a path on this service with the host."""
    if url is not None and url.startswith("/"):
        return request.host_url.rstrip("/") + url
    return url


#: How long the language cookie is kept (a year, in seconds).
COOKIE_AGE = 365 * 24 * 3600
