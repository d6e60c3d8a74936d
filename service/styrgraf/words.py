"""Every word of the HTML pages, in Swedish and English, in one place.

Each entry is ``key: (Swedish, English)``, one line each, so that a page's words are found and
translated together. Model labels are not here: they come from the data, in the page's
language where the model has it. ``{name}`` placeholders are filled by :func:`word`.
"""

from __future__ import annotations

#: The languages the pages are written in; the first is the default.
LANGUAGES = ("sv", "en")

WORDS: dict[str, tuple[str, str]] = {
    # the layout
    "site": ("styrgraf", "styrgraf"),
    "site.tagline": ("Styrmodellen som länkade data", "The governance model as linked data"),
    "skip": ("Hoppa till innehållet", "Skip to the content"),
    "nav.label": ("Huvudmeny", "Main menu"),
    "nav.start": ("Start", "Start"),
    "nav.tree": ("Målträd", "Goal tree"),
    "nav.coverage": ("Täckning", "Coverage"),
    "nav.validation": ("Validering", "Validation"),
    "nav.sparql": ("SPARQL", "SPARQL"),
    "lang.label": ("Språk", "Language"),
    "lang.other": ("English", "Svenska"),
    "lang.other.code": ("en", "sv"),
    "lang.switch": ("Read this page in English", "Läs sidan på svenska"),
    "footer.formats": ("Den här sidan i andra format", "This page in other formats"),
    "footer.data": ("Data", "Data"),
    "footer.dataset": ("Datamängdsbeskrivning (DCAT, VoID)", "Dataset description (DCAT, VoID)"),
    "footer.ontology": ("Ontologin", "The ontology"),
    "footer.rules": ("Reglerna (SHACL)", "The rules (SHACL)"),
    "footer.api": ("API (OpenAPI)", "API (OpenAPI)"),
    "footer.licence": (
        "Data under licensen CC BY 4.0.",
        "Data under the CC BY 4.0 licence.",
    ),
    "download": ("Ladda ned", "Download"),
    "download.csv": ("Tabellen som CSV", "The table as CSV"),
    "download.svg": ("Diagrammet som SVG", "The diagram as SVG"),
    "download.paths": ("Vägarna som CSV", "The paths as CSV"),
    "print": ("Skriv ut", "Print"),
    # resource pages
    "resource.kind": ("Typ", "Type"),
    "resource.iri": ("Identifierare (IRI)", "Identifier (IRI)"),
    "resource.properties": ("Egenskaper", "Properties"),
    "resource.incoming": ("Länkar hit", "Links here"),
    "resource.up": ("Vägen upp till visionen", "The path up to the vision"),
    "resource.up.many": ("Vägarna upp till visionen", "The paths up to the vision"),
    "resource.path": ("Väg {n}", "Path {n}"),
    "resource.down": ("Under", "Beneath"),
    "resource.none": ("Ingen väg når visionen.", "No path reaches the vision."),
    "resource.truncated": ("Listan är avkortad.", "The list is cut short."),
    "resource.triples": ("tripplar", "triples"),
    "resource.resources": ("Resurser", "Resources"),
    "resource.property": ("Egenskap", "Property"),
    "resource.value": ("Värde", "Value"),
    "resource.from": ("Från", "From"),
    "resource.via": ("Via", "Via"),
    "resource.drawing": (
        "Vägen från {label} upp till visionen",
        "The path from {label} up to the vision",
    ),
    "resource.drawing.caption": (
        "Pilarna följer länkarna uppåt, mot visionen. Varje ruta leder till sin sida.",
        "The arrows follow the links upwards, towards the vision. Each box leads to its page.",
    ),
    "resource.whole_tree": (
        "Se hela målträdet, med filter",
        "See the whole goal tree, with filters",
    ),
    "resource.as_text": ("Vägen som text", "The path as text"),
    "resource.indicators": ("Indikatorer", "Indicators"),
    "resource.findings": ("Fynd", "Findings"),
    "resource.no_findings": (
        "Inga fynd: noden når visionen och bryter inte mot någon regel.",
        "No findings: the node reaches the vision and breaks no rule.",
    ),
    "indicator.name": ("Indikator", "Indicator"),
    "indicator.baseline": ("Utgångsvärde", "Baseline"),
    "indicator.target": ("Målvärde", "Target"),
    "indicator.latest": ("Senaste värde", "Latest value"),
    "indicator.unit": ("Enhet", "Unit"),
    "indicator.kolada": ("Kolada", "Kolada"),
    "indicator.via": ("via", "via"),
    "finding.orphan": ("Föräldralös", "Orphaned"),
    "finding.coverage": ("Täckning", "Coverage"),
    "finding.rule": ("Regelbrott", "Rule broken"),
    "finding.more.coverage": ("Se täckningen", "See the coverage"),
    "finding.more.validation": ("Se valideringen", "See the validation"),
    # the rules that the named *-violation queries check, said to the person reading a node's
    # page (one entry per query: a new violation query needs its words here)
    "rule.activity-without-plan-violation": (
        "Aktiviteten ingår inte i någon handlingsplan.",
        "The activity belongs to no action plan.",
    ),
    "rule.board-goal-without-indicator-violation": (
        "Nämndsmålet har ingen indikator och kan därför inte mätas.",
        "The board goal has no indicator, so it cannot be measured.",
    ),
    "rule.board-goal-without-overarching-goal-violation": (
        "Nämndsmålet stöder inget övergripande mål.",
        "The board goal supports no overarching goal.",
    ),
    "rule.goal-without-owner-violation": (
        "Ingen nämnd äger målet: det saknar beslutande nämnd eller nämnd det gäller.",
        "No board owns the goal: it has no deciding board, or no board it is set for.",
    ),
    "rule.hierarchy-cycle-violation": (
        "Noden bidrar till sig själv: dess uppåtlänkar går runt i en cirkel.",
        "The node contributes to itself: its upward links go round in a circle.",
    ),
    "rule.label-missing-language-violation": (
        "Noden saknar ett namn på svenska eller engelska som reglerna kräver.",
        "The node lacks a name in Swedish or English that the rules ask for.",
    ),
    "rule.overarching-goal-without-area-violation": (
        "Det övergripande målet hör inte till något strategiskt område.",
        "The overarching goal is under no strategic area.",
    ),
    "rule.plan-without-goal-violation": (
        "Handlingsplanen förverkligar inget nämndsmål.",
        "The action plan realises no board goal.",
    ),
    "dataset.datasets": ("Datamängder", "Datasets"),
    # the start page
    "start.title": ("Styrmodellerna", "The governance models"),
    "start.period": ("Period", "Period"),
    "start.vision": ("Vision", "Vision"),
    "start.focus": ("Fokusområden", "Focus areas"),
    "start.areas": ("Strategiska områden", "Strategic areas"),
    "start.values": ("Värdegrund", "Values"),
    "start.health": ("Modellens hälsa", "The model's health"),
    "start.health.intro": (
        "Hur väl hänger styrmodellen ihop? Varje siffra leder till det som ligger bakom den.",
        "How well does the model hold together? Each number leads to what lies behind it.",
    ),
    "start.orphans": ("föräldralösa", "orphaned"),
    "start.orphans.help": (
        "noder utan väg upp till visionen",
        "nodes with no path up to the vision",
    ),
    "start.uncovered": ("otäckta", "uncovered"),
    "start.uncovered.help": (
        "mål, nämnder och enheter som modellen lämnar otäckta",
        "goals, boards and units that the model leaves uncovered",
    ),
    "start.unmeasurable": ("omätbara nämndsmål", "unmeasurable board goals"),
    "start.unmeasurable.help": (
        "nämndsmål utan indikator eller målvärde",
        "board goals without an indicator or a target value",
    ),
    "start.reaching": ("når visionen", "reach the vision"),
    "start.measurable": ("mätbara nämndsmål", "measurable board goals"),
    "start.with_plan": ("nämndsmål med handlingsplan", "board goals with an action plan"),
    "start.units": ("enheter med aktiviteter", "units with activities"),
    "start.of": ("av {total}", "of {total}"),
    "start.validation": (
        "Se valideringen mot modellens regler",
        "See the validation against the model's rules",
    ),
    "start.coverage": ("Se täckningskartan", "See the coverage map"),
    "start.explore": ("Utforska", "Explore"),
    "start.tree.help": (
        "Från vision till aktivitet, med filter för nämnd, enhet och område.",
        "From vision to activity, filtered by board, unit and area.",
    ),
    "start.coverage.help": (
        "Nämnder × strategiska områden, och det som hänger löst.",
        "Boards × strategic areas, and what hangs loose.",
    ),
    "start.validation.help": (
        "Reglernas fynd, förklarade, med länk till varje nod.",
        "The rules' findings, explained, with a link to each node.",
    ),
    "start.sparql.help": (
        "Ställ egna frågor eller kör de namngivna.",
        "Ask your own questions or run the named ones.",
    ),
    "start.empty": (
        "Det finns ingen styrmodell här ännu.",
        "There is no governance model here yet.",
    ),
    # the goal tree
    "tree.title": ("Målträd", "Goal tree"),
    "tree.intro": (
        "Från visionen genom strategiska områden, övergripande mål och nämndsmål till "
        "handlingsplaner och aktiviteter. Varje nod leder till sin egen sida.",
        "From the vision through strategic areas, overarching goals and board goals to action "
        "plans and activities. Every node leads to its own page.",
    ),
    "tree.filters": ("Filtrera trädet", "Filter the tree"),
    "tree.board": ("Nämnd", "Board"),
    "tree.unit": ("Enhet", "Unit"),
    "tree.area": ("Strategiskt område", "Strategic area"),
    "tree.focus": ("Fokusområde", "Focus area"),
    "tree.all": ("Alla", "All"),
    "tree.search": ("Sök i trädet", "Search the tree"),
    "tree.search.hint": ("ord i nodernas namn", "words in the nodes' names"),
    "tree.apply": ("Filtrera", "Filter"),
    "tree.reset": ("Rensa filtren", "Clear the filters"),
    "tree.expand": ("Fäll ut alla", "Expand all"),
    "tree.collapse": ("Fäll ihop alla", "Collapse all"),
    "tree.count": ("{shown} av {total} noder", "{shown} of {total} nodes"),
    "tree.count.filtered": (
        "{shown} av {total} noder matchar filtren",
        "{shown} of {total} nodes match the filters",
    ),
    "tree.none": ("Inga noder matchar filtren.", "No node matches the filters."),
    "tree.toggle": (
        "Visa eller dölj det som ligger under {label}",
        "Show or hide what lies beneath {label}",
    ),
    "tree.indicators": ("Indikatorer", "Indicators"),
    "tree.status": ("Status", "Status"),
    "tree.outside": ("Utanför trädet", "Outside the tree"),
    "tree.outside.intro": (
        "Dessa noder når inte visionen och syns därför inte i trädet.",
        "These nodes do not reach the vision, so the tree does not show them.",
    ),
    "tree.context": ("visas som sammanhang", "shown for context"),
}


def word(key: str, lang: str, **values: object) -> str:
    """The word ``key`` in ``lang`` (Swedish unless English), placeholders filled."""
    pair = WORDS[key]
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def ui_language(tag: str) -> str:
    """The language the pages are written in for a language tag: English or Swedish."""
    return "en" if tag.split("-")[0].lower() == "en" else "sv"
