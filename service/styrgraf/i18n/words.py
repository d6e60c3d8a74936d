"""Every word of the HTML pages, in Swedish and English, in one place.

Each entry is ``key: (Swedish, English)``, one line each, so that a page's words are found and
translated together. Model labels are not here: they come from the data, in the page's
language where the model has it. ``{name}`` placeholders are filled by :func:`word`.
"""

from __future__ import annotations

from styrgraf.i18n.languages import catalogue_language

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
    "finding.recommendation": ("Rekommendation", "Recommendation"),
    "resource.findings.pending": (
        "Fynden räknas fortfarande fram för hela modellen; ladda om sidan om en stund.",
        "The findings are still being computed for the whole model; reload the page shortly.",
    ),
    "finding.more.coverage": ("Se täckningen", "See the coverage"),
    "finding.more.validation": ("Se valideringen", "See the validation"),
    "dataset.datasets": ("Datamängder", "Datasets"),
    # the start page
    "start.title": ("Styrmodellerna", "The governance models"),
    "resource.explore.board": ("Nämndens mål i målträdet", "The board's goals in the goal tree"),
    "resource.explore.unit": ("Enhetens mål i målträdet", "The unit's goals in the goal tree"),
    "resource.explore.area": ("Områdets mål i målträdet", "The area's goals in the goal tree"),
    "resource.explore.focus": (
        "Fokusområdets mål i målträdet",
        "The focus area's goals in the goal tree",
    ),
    # error pages, for a person in a browser (programs get the JSON error shape)
    "error.status": ("Fel {status}", "Error {status}"),
    "error.what": ("Vad som gick fel", "What went wrong"),
    "error.400": ("Frågan gick inte att besvara", "The request could not be answered"),
    "error.404": ("Sidan finns inte", "There is no such page"),
    "error.406": ("Formatet erbjuds inte", "That format is not offered"),
    "error.413": ("För mycket data", "Too much data"),
    "error.503": ("Svaret tog för lång tid", "The answer took too long"),
    "error.other": ("Något gick fel", "Something went wrong"),
    "error.parameter": ("Parametern", "The parameter"),
    "error.text.400": (
        "Något i adressen går inte att använda. Tjänstens förklaring:",
        "Something in the address cannot be used. The service's explanation:",
    ),
    "error.text.404": (
        "Det finns inget här med den adressen: den kan vara felstavad, eller det den pekade "
        "på kan vara borttaget eller inte offentligt. Tjänstens förklaring:",
        "There is nothing here at that address: it may be misspelt, or what it pointed to may "
        "have been removed or not be public. The service's explanation:",
    ),
    "error.text.other": ("Tjänstens förklaring:", "The service's explanation:"),
    "error.next": ("Härifrån kan du gå vidare:", "From here you can go on to:"),
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
    # the coverage page
    "coverage.title": ("Täckning", "Coverage"),
    "coverage.lead": (
        "Hur väl varje nämnd täcker de strategiska områdena, och vad i modellen som hänger löst.",
        "How well each board covers the strategic areas, and what in the model hangs loose.",
    ),
    "coverage.orphans": ("Föräldralösa noder", "Orphans"),
    "coverage.orphans.short": ("Når inte visionen", "Do not reach the vision"),
    "coverage.orphans.help": (
        "Noder utan väg upp till visionen. Varje rad säger var vägen bryts och varför.",
        "Nodes with no path up to the vision. Each row says where the path breaks and why.",
    ),
    "coverage.orphans.none": (
        "Inga föräldralösa noder: alla {nodes} noder når visionen.",
        "No orphans: all {nodes} nodes reach the vision.",
    ),
    "coverage.uncovered": ("Otäckta mål och enheter", "Uncovered goals and units"),
    "coverage.uncovered.short": ("Saknar det som ska finnas under", "Lack what should be below"),
    "coverage.uncovered.help": (
        "Mål, nämnder, enheter och fokusområden som når visionen men saknar det modellen kräver "
        "under sig: nämndsmål, handlingsplaner, indikatorer, målvärden eller mål.",
        "Goals, boards, units and focus areas that reach the vision but lack what the model "
        "wants beneath them: board goals, action plans, indicators, targets or goals.",
    ),
    "coverage.uncovered.none": (
        "Allt som når visionen är täckt: varje mål har sina nämndsmål, planer och indikatorer.",
        "Everything that reaches the vision is covered: every goal has its board goals, plans "
        "and indicators.",
    ),
    "coverage.measurable.all": (
        "Alla nämndsmål är mätbara: de har indikatorer med målvärden.",
        "Every board goal is measurable: it has indicators with targets.",
    ),
    "coverage.empty": ("Tomma celler", "Empty cells"),
    "coverage.empty.short": ("Nämnd utan mål i ett område", "A board with no goal in an area"),
    "coverage.overfull": ("Överfulla celler", "Overfull cells"),
    "coverage.overfull.short": ("Fler än två mål i ett område", "More than two goals in an area"),
    "coverage.map": ("Täckningskarta", "Coverage map"),
    "coverage.map.help": (
        "Varje ruta är en nämnd och ett strategiskt område. Den stora siffran är antalet "
        "övergripande mål; modellen vill ha ett eller två. Välj en ruta för att se dess mål.",
        "Each cell is a board and a strategic area. The large number is the count of overarching "
        "goals; the model wants one or two. Choose a cell to see its goals.",
    ),
    "coverage.map.caption": (
        "Mönster och symbol visar cellens läge även i svartvitt: ✓ 1–2 mål, ○ inget mål "
        "(streckad), ▲ för många (rutad), – undantagen nämnd (prickad), ◆ kommungemensamma mål.",
        "Pattern and symbol show a cell's state in black and white too: ✓ 1–2 goals, ○ no goal "
        "(hatched), ▲ too many (cross-hatched), – exempt board (dotted), ◆ council-wide goals.",
    ),
    "coverage.matrix.csv": ("Matrisen som CSV", "The matrix as CSV"),
    "coverage.findings.csv": ("Fynden som CSV", "The findings as CSV"),
    "coverage.table": ("Visa kartan som tabell", "Show the map as a table"),
    "coverage.table.caption": (
        "Övergripande mål, nämndsmål och aktiviteter per nämnd och strategiskt område",
        "Overarching goals, board goals and activities per board and strategic area",
    ),
    "coverage.board": ("Nämnd", "Board"),
    "coverage.area": ("Strategiskt område", "Strategic area"),
    "coverage.node": ("Nod", "Node"),
    "coverage.kind": ("Typ", "Type"),
    "coverage.reason": ("Orsak", "Reason"),
    "coverage.breaks_at": ("Bryts vid", "Breaks at"),
    "coverage.this_node": ("noden själv", "the node itself"),
    "coverage.goals.short": ("mål", "goals"),
    "coverage.board_goals": ("nämndsmål", "board goals"),
    "coverage.activities": ("aktiviteter", "activities"),
    "coverage.counts": ("Fynd per nämnd och område", "Findings per board and area"),
    "coverage.per_board": ("Per nämnd", "Per board"),
    "coverage.per_board.none": ("Inga fynd.", "No findings."),
    "coverage.per_area": ("Per strategiskt område", "Per strategic area"),
    "coverage.findings": ("Fynd", "Findings"),
    "coverage.area_findings": ("Fynd om området", "Findings on the area"),
    "coverage.load_bearing": (
        "Mål som bär mest: det som skulle bli föräldralöst om de togs bort",
        "The goals that carry most: what would be orphaned if they were withdrawn",
    ),
    "coverage.orphaned_if_withdrawn": ("Noder som skulle bli föräldralösa", "Nodes orphaned"),
    "coverage.cells_ok": ("Celler med 1–2 mål", "Cells with 1–2 goals"),
    "share.reaching_vision": ("av noderna når visionen", "of the nodes reach the vision"),
    "share.overarching_goals_with_board_goal": (
        "av de övergripande målen har nämndsmål",
        "of the overarching goals have board goals",
    ),
    "share.board_goals_with_plan": (
        "av nämndsmålen har en handlingsplan",
        "of the board goals have an action plan",
    ),
    "share.board_goals_measurable": (
        "av nämndsmålen är mätbara",
        "of the board goals are measurable",
    ),
    "share.units_covered": (
        "av enheterna omfattas av nämndsmål",
        "of the units are covered by board goals",
    ),
    "share.focus_areas_addressed": ("av fokusområdena har mål", "of the focus areas have goals"),
    "share.cells_with_one_or_two_goals": (
        "av cellerna har ett eller två övergripande mål",
        "of the cells have one or two overarching goals",
    ),
    # the reasons of coverage findings (styrgraf.analysis.coverage)
    "reason.missing-link": ("Uppåtlänk saknas", "Missing upward link"),
    "reason.missing-link.help": (
        "Noden, eller en nod ovanför den, har ingen länk uppåt i hierarkin, så vägen till "
        "visionen tar slut där.",
        "The node, or a node above it, has no link upwards in the hierarchy, so the path to the "
        "vision ends there.",
    ),
    "reason.broken-link": ("Bruten länk", "Broken link"),
    "reason.broken-link.help": (
        "En uppåtlänk leder till något som inte är rätt slags nod: en felstavad adress eller en "
        "nod av en annan typ.",
        "An upward link leads to something that is not the right kind of node: a misspelt "
        "address or a node of another type.",
    ),
    "reason.cycle": ("Cirkel", "Cycle"),
    "reason.cycle.help": (
        "Uppåtlänkarna går runt i en cirkel och når aldrig visionen.",
        "The upward links go round in a circle and never reach the vision.",
    ),
    "reason.no-board-goal": (
        "Övergripande mål utan nämndsmål",
        "Overarching goals with no board goal",
    ),
    "reason.no-board-goal.help": (
        "Inget nämndsmål stöder målet, så det går inte att bedöma hur väl det uppfylls.",
        "No board goal supports the goal, so its fulfilment cannot be judged.",
    ),
    "reason.no-plan": ("Nämndsmål utan handlingsplan", "Board goals with no action plan"),
    "reason.no-plan.help": (
        "Ingen handlingsplan förverkligar nämndsmålet, så inga aktiviteter arbetar för det.",
        "No action plan realises the board goal, so no activities work towards it.",
    ),
    "reason.no-activity": ("Nämndsmål utan aktiviteter", "Board goals with no activities"),
    "reason.no-activity.help": (
        "Nämndsmålet har handlingsplaner, men de innehåller inga aktiviteter.",
        "The board goal has action plans, but they hold no activities.",
    ),
    "reason.no-indicator": ("Nämndsmål utan indikator", "Board goals with no indicator"),
    "reason.no-indicator.help": (
        "Nämndsmålet har ingen indikator och går därför inte att mäta.",
        "The board goal has no indicator, so it cannot be measured.",
    ),
    "reason.no-target": ("Nämndsmål utan målvärde", "Board goals with no target"),
    "reason.no-target.help": (
        "Ingen av nämndsmålets indikatorer har ett målvärde att mäta mot.",
        "None of the board goal's indicators has a target value to measure against.",
    ),
    "reason.no-goal-in-area": ("Nämnder utan mål i ett område", "Boards with no goal in an area"),
    "reason.no-goal-in-area.help": (
        "Nämnden har inget övergripande mål under det strategiska området. Varje nämnd ska ha "
        "ett eller två per område, om den inte har angett varför den är undantagen.",
        "The board has no overarching goal under the strategic area. Each board should have one "
        "or two per area, unless it states why it is exempt.",
    ),
    "reason.too-many-goals-in-area": (
        "Nämnder med för många mål i ett område",
        "Boards with too many goals in an area",
    ),
    "reason.too-many-goals-in-area.help": (
        "Nämnden har fler än två övergripande mål under det strategiska området; modellen vill "
        "ha ett eller två.",
        "The board has more than two overarching goals under the strategic area; the model "
        "wants one or two.",
    ),
    "reason.unit-not-covered": ("Enheter utan nämndsmål", "Units with no board goal"),
    "reason.unit-not-covered.help": (
        "Inget av nämndens nämndsmål omfattar enheten, en enhet den ingår i eller en enhet i den.",
        "None of the board's goals covers the unit, a unit it is part of, or a unit inside it.",
    ),
    "reason.focus-area-not-addressed": ("Fokusområden utan mål", "Focus areas with no goal"),
    "reason.focus-area-not-addressed.help": (
        "Inget mål tar sig an fokusområdet.",
        "No goal addresses the focus area.",
    ),
    # one cell of the coverage map
    "cell.title": ("{board}: {area}", "{board}: {area}"),
    "cell.lead": (
        "De övergripande mål som {board} har under {area}, och de nämndsmål som stöder dem.",
        "The overarching goals {board} has under {area}, and the board goals that support them.",
    ),
    "cell.overarching": ("Övergripande mål", "Overarching goals"),
    "cell.overarching.none": (
        "Nämnden har inget övergripande mål under området.",
        "The board has no overarching goal under the area.",
    ),
    "cell.overfull": (
        "Fler än två övergripande mål: modellen vill ha ett eller två.",
        "More than two overarching goals: the model wants one or two.",
    ),
    "cell.board_goals": ("Nämndsmål", "Board goals"),
    "cell.board_goals.none": ("Inga nämndsmål.", "No board goals."),
    "cell.goals.csv": ("Nämndens mål som CSV", "The board's goals as CSV"),
    "cell.beneath": ("Från mål till aktivitet", "From goal to activity"),
    "cell.beneath.help": (
        "Varje övergripande mål med de nämndsmål, handlingsplaner och aktiviteter som bär det.",
        "Each overarching goal with the board goals, action plans and activities that carry it.",
    ),
    "cell.beneath.none": (
        "Inget nämndsmål stöder målet ännu.",
        "No board goal supports the goal yet.",
    ),
    "cell.tree": ("Visa målen i målträdet", "Show the goals in the goal tree"),
    "cell.back": ("Tillbaka till täckningskartan", "Back to the coverage map"),
    # the validation page
    "validation.title": ("Validering", "Validation"),
    "validation.lead": (
        "Modellen kontrolleras mot styrmodellens regler. Fel bryter mot en regel; varningar "
        "är rekommendationer som är värda att åtgärda.",
        "The model is checked against the rules of the governance model. Violations break a "
        "rule; warnings are recommendations worth acting on.",
    ),
    "validation.clean": ("Modellen följer alla regler.", "The model follows every rule."),
    "validation.clean.detail": (
        "Inga fel och inga varningar: {rules} regler och {recommendations} rekommendationer "
        "kontrollerades.",
        "No violations and no warnings: {rules} rules and {recommendations} recommendations "
        "were checked.",
    ),
    "validation.warnings_only": (
        "Modellen följer reglerna, men några rekommendationer är inte uppfyllda.",
        "The model follows the rules, but some recommendations are not met.",
    ),
    "validation.fails": (
        "Modellen bryter mot styrmodellens regler.",
        "The model breaks the rules of the governance model.",
    ),
    "validation.counts": (
        "{violations} fel och {warnings} varningar i {rules} regler.",
        "{violations} violations and {warnings} warnings in {rules} rules.",
    ),
    "validation.csv": ("Fynden som CSV", "The findings as CSV"),
    "validation.toc": ("Regler med fynd", "Rules with findings"),
    "validation.violations": ("Fel", "Violations"),
    "validation.warnings": ("Varningar", "Warnings"),
    "validation.rule": ("Regel", "Rule"),
    "validation.findings": ("{n} fynd", "{n} findings"),
    "validation.node": ("Nod", "Node"),
    "validation.kind": ("Typ", "Type"),
    "validation.message": ("Vad som är fel", "What is wrong"),
    "validation.value": ("Värde", "Value"),
    "validation.all": ("Reglerna som kontrolleras", "The rules checked"),
    "validation.all.help": (
        "Styrmodellens {rules} regler och {recommendations} rekommendationer, var och en "
        "förklarad.",
        "The governance model's {rules} rules and {recommendations} recommendations, each "
        "explained.",
    ),
    "validation.all.show": ("Visa alla {n} regler", "Show all {n} rules"),
    "validation.severity": ("Allvar", "Severity"),
    "validation.explanation": ("Förklaring", "Explanation"),
    "validation.state": ("Läge", "State"),
    "validation.state.ok": ("följs", "followed"),
    "validation.state.broken": ("brutits", "broken"),
    "severity.Violation": ("Fel", "Violation"),
    "severity.Warning": ("Varning", "Warning"),
    "severity.Info": ("Info", "Info"),
    # what kind of rule it is, in the list of every rule (not a finding: no alarm colour)
    "rulekind.Violation": ("Krav", "Requirement"),
    "rulekind.Warning": ("Rekommendation", "Recommendation"),
    "rulekind.Info": ("Info", "Info"),
    # the query page
    "sparql.title": ("SPARQL-frågor", "SPARQL queries"),
    "sparql.lead": (
        "Ställ egna frågor till modellen i SPARQL, eller välj en färdig fråga. Svaret visas som "
        "en tabell och kan laddas ned som CSV.",
        "Ask the model your own questions in SPARQL, or choose a ready-made query. The answer "
        "is shown as a table and can be downloaded as CSV.",
    ),
    "sparql.editor": ("Fråga (SPARQL)", "Query (SPARQL)"),
    "sparql.editor.help": (
        "Ctrl+Enter (⌘+Enter på Mac) kör frågan. Tabb flyttar vidare till nästa fält.",
        "Ctrl+Enter (⌘+Enter on a Mac) runs the query. Tab moves on to the next field.",
    ),
    "sparql.run": ("Kör frågan", "Run the query"),
    "sparql.csv": ("Resultatet som CSV", "The results as CSV"),
    "sparql.named": ("Färdiga frågor", "Ready-made queries"),
    "sparql.named.help": (
        "Välj en fråga för att köra den; frågor med parametrar frågar först efter värdena.",
        "Choose a query to run it; queries with parameters ask for their values first.",
    ),
    "sparql.named.checks": ("Regelkontroller", "Rule checks"),
    "sparql.named.checks.help": (
        "Frågor som ska ge noll rader på en modell som följer reglerna.",
        "Queries that give no rows on a model that follows the rules.",
    ),
    "sparql.parameters": ("Parametrar för {name}", "Parameters of {name}"),
    "sparql.parameter.required": ("obligatorisk", "required"),
    "sparql.parameter.default": ("standard: {value}", "default: {value}"),
    "sparql.parameter.lang": (
        "Språket för etiketterna följer sidans språk.",
        "The language of the labels follows the page's.",
    ),
    "sparql.more": ("Mer om frågan", "More about the query"),
    "sparql.results": ("Resultat", "Results"),
    "sparql.results.none": (
        "Kör en fråga för att se resultatet här.",
        "Run a query to see its results here.",
    ),
    "sparql.results.count": ("{n} rader", "{n} rows"),
    "sparql.results.empty": ("Frågan gav inga rader.", "The query gave no rows."),
    "sparql.results.truncated": (
        "Svaret är avkortat efter {n} rader.",
        "The answer is cut after {n} rows.",
    ),
    "sparql.results.true": ("Svaret är ja (true).", "The answer is yes (true)."),
    "sparql.results.false": ("Svaret är nej (false).", "The answer is no (false)."),
    "sparql.running": ("Frågan körs …", "Running the query …"),
    "sparql.error": ("Frågan kunde inte köras", "The query could not be run"),
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
    """The word ``key`` in the catalogue language of ``lang``, placeholders filled."""
    pair = WORDS[key]
    text = pair[1] if catalogue_language(lang) == "en" else pair[0]
    return text.format(**values) if values else text
