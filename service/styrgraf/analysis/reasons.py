"""Why a node hangs loose, in words: the reason of each coverage finding in the catalogue
language of the asked one (:mod:`styrgraf.i18n`), by its code (the codes themselves are listed
once, in :mod:`styrgraf.analysis.coverage_shapes`)."""

from __future__ import annotations

from styrgraf.i18n.words import word


def message(code: str, lang: str, **values: str) -> str:
    """The reason of a finding: the message ``finding.reason.<code>`` (an orphan's
    ``<code>.self`` or ``<code>.above``, as it breaks at itself or above), with the values
    named in braces filled in.

    >>> message("no-goal-in-area", "en", area_label="Kunskap")
    'the board has no overarching goal under “Kunskap” (sg:forBoard, sg:inStrategicArea)'
    >>> message("no-goal-in-area", "sv-SE", area_label="Kunskap")
    'nämnden har inget övergripande mål under ”Kunskap” (sg:forBoard, sg:inStrategicArea)'
    """
    return word(f"finding.reason.{code}", lang, **values)
