"""Why a node hangs loose, in words: the reason of each coverage finding in Swedish and English,
by its code (the codes themselves are listed in :mod:`styrgraf.analysis.coverage`)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "missing-link/self": {
        "sv": "saknar uppåtlänk ({link}), så vägen till visionen saknas",
        "en": "has no upward link ({link}), so there is no path to the vision",
    },
    "missing-link/above": {
        "sv": "vägen till visionen bryts vid {at_type} ”{at_label}”, som saknar uppåtlänk ({link})",
        "en": "the path to the vision breaks at {at_type} “{at_label}”, which has no upward "
        "link ({link})",
    },
    "broken-link/self": {
        "sv": "uppåtlänken {link} leder till {target}, som inte är {expected}",
        "en": "the upward link {link} leads to {target}, which is not {expected}",
    },
    "broken-link/above": {
        "sv": "vägen till visionen bryts vid {at_type} ”{at_label}”, vars uppåtlänk {link} leder "
        "till {target}, som inte är {expected}",
        "en": "the path to the vision breaks at {at_type} “{at_label}”, whose upward link {link} "
        "leads to {target}, which is not {expected}",
    },
    "cycle": {
        "sv": "uppåtlänkarna går runt i en cirkel ({cycle}) och når aldrig visionen",
        "en": "the upward links go round in a circle ({cycle}) and never reach the vision",
    },
    "no-board-goal": {
        "sv": "inget nämndsmål stöder det övergripande målet (sg:supports)",
        "en": "no board goal supports the overarching goal (sg:supports)",
    },
    "no-plan": {
        "sv": "ingen handlingsplan förverkligar nämndsmålet (sg:realises), så det har inga "
        "aktiviteter",
        "en": "no action plan realises the board goal (sg:realises), so it has no activities",
    },
    "no-activity": {
        "sv": "nämndsmålets handlingsplaner har inga aktiviteter (sg:partOfPlan)",
        "en": "the board goal's action plans hold no activities (sg:partOfPlan)",
    },
    "no-indicator": {
        "sv": "nämndsmålet har ingen indikator (sg:hasIndicator) och går inte att mäta",
        "en": "the board goal has no indicator (sg:hasIndicator) and cannot be measured",
    },
    "no-target": {
        "sv": "ingen av nämndsmålets indikatorer har ett målvärde (sg:targetValue)",
        "en": "none of the board goal's indicators has a target value (sg:targetValue)",
    },
    "no-goal-in-area": {
        "sv": "nämnden har inget övergripande mål under ”{area_label}” (sg:forBoard, "
        "sg:inStrategicArea)",
        "en": "the board has no overarching goal under “{area_label}” (sg:forBoard, "
        "sg:inStrategicArea)",
    },
    "too-many-goals-in-area": {
        "sv": "nämnden har fler än två övergripande mål under ”{area_label}”",
        "en": "the board has more than two overarching goals under “{area_label}”",
    },
    "unit-not-covered": {
        "sv": "inget nämndsmål omfattar enheten (sg:coversUnit)",
        "en": "no board goal covers the unit (sg:coversUnit)",
    },
    "focus-area-not-addressed": {
        "sv": "inget mål tar sig an fokusområdet (sg:addresses)",
        "en": "no goal addresses the focus area (sg:addresses)",
    },
}
"""The reason of each finding by code (an orphan's ``missing-link`` and ``broken-link`` as
``/self`` when the node itself breaks the path, ``/above`` when a node above it does), with the
values named in braces filled in by :func:`message`."""


def message(code: str, lang: str, **values: str) -> str:
    """A reason in Swedish or English (English for any language but Swedish).

    >>> message("no-goal-in-area", "en", area_label="Kunskap")
    'the board has no overarching goal under “Kunskap” (sg:forBoard, sg:inStrategicArea)'
    """
    texts = MESSAGES[code]
    return texts.get(lang, texts["en"]).format(**values)


def with_article(label: str, lang: str) -> str:
    """A class's label with its indefinite article, in Swedish or English.

    >>> with_article("övergripande mål", "sv"), with_article("handlingsplan", "sv")
    ('ett övergripande mål', 'en handlingsplan')
    >>> with_article("action plan", "en"), with_article("board goal", "en")
    ('an action plan', 'a board goal')
    """
    if lang == "sv":
        neuter = ("mål", "delområde", "fokusområde", "strategiskt område", "övergripande mål")
        return f"{'ett' if label.endswith(neuter) else 'en'} {label}"
    return f"{'an' if label[:1].lower() in 'aeiou' else 'a'} {label}"
