"""The follow-up's findings as validation findings: where a judged status lies more than one
step from the computed one (``sg:Assessment-agreesWithComputed``), or is on no step of the
profile's scale (``sg:Assessment-statusOnScale``).

SHACL names and explains these rules (shapes/recommendations.ttl); the statuses they compare
come from the follow-up profile, so they are checked here, over every period with data, and
added to the validation report (:meth:`styrgraf.model.validation.Report.with_findings`).
"""

from __future__ import annotations

from collections.abc import Sequence

from styrgraf.analysis.follow_up_data import read
from styrgraf.analysis.fulfilment import evaluate, periods_in
from styrgraf.analysis.fulfilment_json import finding_message
from styrgraf.analysis.hierarchy import labels as read_labels
from styrgraf.model.follow_up_profile import Profile, load_profile
from styrgraf.model.validation import Finding, Report
from styrgraf.model.validation_shapes import Severity
from styrgraf.store.base import Store
from styrgraf.vocabulary import SG

RULES = {
    "disagreement": SG + "Assessment-agreesWithComputed",
    "off-scale": SG + "Assessment-statusOnScale",
}


def follow_up_findings(
    store: Store,
    *,
    graphs: Sequence[str] | None = None,
    lang: str = "sv",
    profile: Profile | None = None,
) -> list[Finding]:
    """Every judged assessment, in every period with data, that lies more than one step from
    the computed status or on no step of the scale; the finding's node is the assessment."""
    profile = profile or load_profile()
    data = read(store, graphs, lang)
    found: list[tuple[str, str, str]] = []
    for period in periods_in(data):
        fulfilment = evaluate(data, period=period, profile=profile)
        for finding in fulfilment.findings:
            rule = RULES.get(finding.code)
            judged = fulfilment.goals[finding.goal].judged
            if rule is None or judged is None:
                continue
            found.append((rule, judged.assessment.iri, finding_message(finding, fulfilment, lang)))
    names = read_labels(store, {iri for _, iri, _ in found}, lang, graphs)
    return [
        Finding(
            rule=rule,
            severity=Severity.WARNING,
            iri=iri,
            type="Assessment",
            label=names.get(iri),
            message=message,
        )
        for rule, iri, message in found
    ]


def with_follow_up(
    report: Report,
    store: Store,
    *,
    graphs: Sequence[str] | None = None,
    profile: Profile | None = None,
) -> Report:
    """The validation ``report`` with the follow-up's findings over the same graphs."""
    return report.with_findings(
        follow_up_findings(store, graphs=graphs, lang=report.lang, profile=profile)
    )
