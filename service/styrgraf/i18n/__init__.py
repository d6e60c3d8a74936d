"""Languages: the words of every page, drawing, report and command line text, in one gettext
catalogue per language, and the one rule that picks the language of an answer.

- :mod:`styrgraf.i18n.languages`: the languages (one per catalogue), the rule that answers any
  language tag with one of them (its own catalogue, else its primary subtag's, else Swedish),
  and the rank by which the model's own labels are chosen by the same rule.
- :mod:`styrgraf.i18n.words`: ``word(id, lang, **values)``, ``plural(id, n, lang, **values)``
  and the numbers in each language's own form (Babel's locale data).

Message ids are keys (``nav.start``, ``finding.reason.cycle``), not English source texts: every
language, English too, is a full translation, and a key says where a text belongs and stays
the same when its wording changes. Placeholders are ``{name}`` (``str.format``), the same in
every language; a number filled in is written as the language writes numbers.

The catalogues are ``locale/<lang>/LC_MESSAGES/styrgraf.po``, each compiled to the
``styrgraf.mo`` beside it. Both are kept in the repository and shipped in the wheel, so a
checkout and an installed wheel read them with no build step; ``tests/test_catalogues.py``
holds every ``.mo`` to its ``.po``, every language to the same ids and placeholders, and the
ids to those the code uses. After editing a ``.po``, ``make catalogues`` compiles it
(``pybabel compile``). ``make messages`` lists every id the code uses (``pybabel extract``,
configured in ``pyproject.toml`` under ``[tool.babel]``): ``t("…")`` in templates and pages,
``word("…")``, ``plural("…")`` and ``N_("…")`` (an id kept in a table) in code.

Adding a language, say Finnish (``fi``), Northern Sami (``se``) or Meänkieli (``fit``):

1. Start its catalogue from the English one::

       pybabel init -i service/styrgraf/i18n/locale/en/LC_MESSAGES/styrgraf.po \\
           -d service/styrgraf/i18n/locale -D styrgraf -l fi

   (Babel has no locale data for ``fit``: copy the English ``.po`` to
   ``locale/fit/LC_MESSAGES/`` and set its ``Language`` header by hand.)
2. Translate every ``msgstr``, keeping its placeholders; ``lang.name`` is the language's name
   in itself and ``lang.switch`` an invitation, in it, to read a page in it. Set the
   ``Plural-Forms`` header to the language's rule.
3. ``make catalogues``.

Nothing else changes: the list of languages, the rule, the pages' language switch and their
``Accept-Language`` negotiation, the API and the values of the ``lang`` setting all come from
the catalogues. Numbers follow Babel's locale data for the language, or Swedish where Babel
has none (Meänkieli).
"""
