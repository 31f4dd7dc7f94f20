"""Evidence labels for arguments, defined once: blocks, templates and the About page use them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceLabel:
    value: str
    label: str
    description: str


EVIDENCE_LABELS = (
    EvidenceLabel(
        "documented",
        "Documented",
        "Shown by primary records: official documents, court filings, published data or "
        "footage whose origin is established.",
    ),
    EvidenceLabel(
        "reported",
        "Reported",
        "Stated by a named news organisation or researcher in their own reporting; we have "
        "not seen the underlying records ourselves.",
    ),
    EvidenceLabel(
        "alleged",
        "Alleged",
        "Claimed by a party to the story (a government, a company, a campaign group) and not "
        "independently confirmed.",
    ),
    EvidenceLabel(
        "disputed",
        "Disputed",
        "Contradicted by other credible sources, or the sources disagree with themselves.",
    ),
)

EVIDENCE_CHOICES = [(label.value, label.label) for label in EVIDENCE_LABELS]
EVIDENCE_BY_VALUE = {label.value: label for label in EVIDENCE_LABELS}
