"""Evidence labels for arguments, defined once: blocks, templates and the About page use them."""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy, gettext_noop


@dataclass(frozen=True)
class EvidenceLabel:
    """One label: its stored value, and its name and meaning in English (the msgids);
    ``label`` and ``description`` are in the reader's language."""

    value: str
    english_label: str
    english_description: str

    @property
    def label(self):
        return gettext(self.english_label)

    @property
    def description(self):
        return gettext(self.english_description)


EVIDENCE_LABELS = (
    EvidenceLabel(
        "documented",
        gettext_noop("Documented"),
        gettext_noop(
            "Shown by primary records: official documents, court filings, published data or "
            "footage whose origin is established."
        ),
    ),
    EvidenceLabel(
        "reported",
        gettext_noop("Reported"),
        gettext_noop(
            "Stated by a named news organisation or researcher in their own reporting; we have "
            "not seen the underlying records ourselves."
        ),
    ),
    EvidenceLabel(
        "alleged",
        gettext_noop("Alleged"),
        gettext_noop(
            "Claimed by a party to the story (a government, a company, a campaign group) and not "
            "independently confirmed."
        ),
    ),
    EvidenceLabel(
        "disputed",
        gettext_noop("Disputed"),
        gettext_noop(
            "Contradicted by other credible sources, or the sources disagree with themselves."
        ),
    ),
)

EVIDENCE_CHOICES = [(label.value, gettext_lazy(label.english_label)) for label in EVIDENCE_LABELS]
EVIDENCE_BY_VALUE = {label.value: label for label in EVIDENCE_LABELS}
