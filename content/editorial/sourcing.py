"""The one-line summary of an article's sourcing: "11 claims, 1 source, all reported"."""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext, ngettext, pgettext

from content.citations import source_ids_in_stream
from content.evidence import EVIDENCE_LABELS


def _claims(count):
    return ngettext("%(count)d claim", "%(count)d claims", count) % {"count": count}


def _sources(count):
    return ngettext("%(count)d source", "%(count)d sources", count) % {"count": count}


def _listed(parts):
    return pgettext("list separator", ", ").join(parts)


@dataclass(frozen=True)
class SourcingSummary:
    """How an article is sourced, counted from its body.

    A *claim* is an Argument in a pros/cons block: the statements that carry an evidence
    label. *Sources* are the distinct Sources the article cites anywhere, inline or from an
    Argument.
    """

    claims: int = 0
    sources: int = 0
    evidence: Counter = field(default_factory=Counter)  # label value (or "") → claims

    @classmethod
    def for_stream(cls, body, sources_by_id=None):
        """Count from the body; ``sources_by_id``, the Sources already fetched for exactly
        this body's citations (a page's CitationIndex), saves counting them again."""
        evidence = Counter()
        for block in body:
            if block.block_type != "pros_cons":
                continue
            for argument in [*block.value["pros"], *block.value["cons"]]:
                evidence[argument.get("evidence") or ""] += 1
        source_ids = source_ids_in_stream(body.raw_data)
        if sources_by_id is not None:
            sources = len(source_ids & sources_by_id.keys())
        else:
            source_model = apps.get_model("content", "Source")
            sources = source_model.objects.filter(pk__in=source_ids).count() if source_ids else 0
        return cls(claims=sum(evidence.values()), sources=sources, evidence=evidence)

    @property
    def evidence_text(self):
        """'all reported', or '8 reported, 3 alleged, 1 without a label'."""
        if not self.claims:
            return ""
        labelled = [(label, self.evidence[label.value]) for label in EVIDENCE_LABELS]
        labelled = [(label, count) for label, count in labelled if count]
        unlabelled = self.evidence[""]
        if len(labelled) == 1 and not unlabelled:
            return gettext("all %(label)s") % {"label": labelled[0][0].label.lower()}
        parts = [
            gettext("%(count)d %(label)s") % {"count": count, "label": label.label.lower()}
            for label, count in labelled
        ]
        if unlabelled:
            parts.append(gettext("%(count)d without a label") % {"count": unlabelled})
        return _listed(parts)

    @property
    def text(self):
        parts = []
        if self.claims:
            parts.append(_claims(self.claims))
        if self.sources:
            parts.append(_sources(self.sources))
        if self.evidence_text:
            parts.append(self.evidence_text)
        return _listed(parts)

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.claims or self.sources)
