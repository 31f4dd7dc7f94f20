"""Counting a reader's weighing once a day, and reading the tallies.

An article's arguments are named by their link ids (content.blocks.pros_cons), which are
the same in every language of the article; tallies are summed over the article's
translations, so a vote on the Chinese page counts with the English ones.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from content.blocks.pros_cons import anchor_prefix, argument_links
from content.models import ArticlePage
from core.client_keys import client_keys_for, todays_secret
from debate.models import (
    QUESTION,
    ArgumentChoice,
    QuestionChoice,
    WeighingClosure,
    WeighingKeySecret,
    WeighingMark,
    WeighingTally,
)

TARGET_PATTERN = re.compile(r"^(?:q\d{1,3}-)?(?:for|against)-\d{1,5}$|^question$")
TALLY_CACHE_SECONDS = 60


class Refused(Exception):
    """A vote that cannot be counted; ``message`` says why, ``status`` is the HTTP status."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Target:
    """Something readers weigh: one argument, or the closing question."""

    id: str
    text: str
    choices: list
    kind: str  # "argument" or "question"
    side: str = ""


def argument_targets(article):
    """{link id: Target} for every argument of ``article``, in reading order."""
    targets, position = {}, 0
    for block in article.body:
        if block.block_type != "pros_cons":
            continue
        position += 1
        links = argument_links(block.value, anchor_prefix(position))
        for side in ("pros", "cons"):
            for link in links[side]:
                targets[link.anchor] = Target(
                    link.anchor, link.headline, ArgumentChoice.choices, "argument", side
                )
    return targets


def targets_of(article):
    """Every Target of ``article``: its arguments, then its closing question if it has one."""
    targets = argument_targets(article)
    if article.discussion_question:
        targets[QUESTION] = Target(
            QUESTION, article.discussion_question, QuestionChoice.choices, "question"
        )
    return targets


def translations(article):
    """The pks of ``article`` in every language."""
    return list(
        ArticlePage.objects.filter(translation_key=article.translation_key).values_list(
            "pk", flat=True
        )
    )


def closed_cache_key(article):
    return f"debate:closed:{article.translation_key}"


def is_closed(article):
    """Whether editors closed weighing on ``article`` (in any of its languages). Kept in the
    cache (the admin's toggle drops it), so the article's render costs no query for it."""
    closed = cache.get(closed_cache_key(article))
    if closed is None:
        closed = WeighingClosure.objects.filter(
            article__translation_key=article.translation_key
        ).exists()
        cache.set(closed_cache_key(article), closed, timeout=3600)
    return closed


def network_limit():
    return settings.WEIGHING_NETWORK_VOTES_PER_HOUR


def _within_network_cap(network_key):
    """Count one vote for the network this hour; False once it is over the cap."""
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"debate:network:{network_key}:{hour}"
    try:
        cache.add(key, 0, timeout=3600)
        count = cache.incr(key)
    except Exception:  # a cache that is down: the daily duplicate check (database) holds
        return True
    return count <= network_limit()


def mark_digest(address_key, article, target, day):
    value = f"{address_key}|{article.translation_key}|{target}|{day.isoformat()}"
    return salted_hmac("debate.mark", value, algorithm="sha256").hexdigest()


def cast(request, article, target_id, choice):
    """Count ``choice`` on ``target_id`` of ``article`` for this reader, once a day.

    Returns "counted" or "already" (this reader's vote on it is already counted today);
    raises Refused for anything that cannot be counted.
    """
    targets = targets_of(article)
    if not TARGET_PATTERN.match(target_id or "") or target_id not in targets:
        raise Refused(
            gettext("This article has no argument “%(target)s” to weigh.")
            % {"target": (target_id or "")[:40]},
            status=404,
        )
    target = targets[target_id]
    if choice not in dict(target.choices):
        raise Refused(gettext("Choose one of the answers offered, then send again."))
    if is_closed(article):
        raise Refused(gettext("Weighing is closed on this article."), status=403)
    keys = client_keys_for(request, todays_secret(WeighingKeySecret), namespace="debate")
    day = timezone.now().date()
    digest = mark_digest(keys.address, article, target_id, day)
    if WeighingMark.objects.filter(digest=digest).exists():
        return "already"
    if not _within_network_cap(keys.network):
        raise Refused(
            gettext(
                "Too many readers on your network have weighed arguments in the last hour. "
                "Please try again later."
            ),
            status=429,
        )
    try:
        with transaction.atomic():
            WeighingMark.objects.create(digest=digest, day=day)
            tally, _ = WeighingTally.objects.get_or_create(
                article=article, target=target_id, choice=choice, day=day
            )
            WeighingTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
    except IntegrityError:  # the same reader's other request counted a moment ago
        return "already"
    cache.delete_many(
        [
            tallies_cache_key(article),
            *(f"{tallies_cache_key(article)}:json:{pk}" for pk in translations(article)),
        ]
    )
    return "counted"


@dataclass
class Count:
    value: str
    label: str
    count: int
    percent: int


@dataclass
class TargetTally:
    target: Target
    counts: list = field(default_factory=list)

    @property
    def total(self):
        return sum(count.count for count in self.counts)


def tallies_cache_key(article):
    return f"debate:tallies:{article.translation_key}"


def raw_tallies(article):
    """{target: {choice: count}} for ``article`` in all its languages, fresh within a minute."""
    key = tallies_cache_key(article)
    found = cache.get(key)
    if found is None:
        rows = (
            WeighingTally.objects.filter(article__in=translations(article))
            .values("target", "choice")
            .annotate(total=Sum("count"))
        )
        found = {}
        for row in rows:
            found.setdefault(row["target"], {})[row["choice"]] = row["total"]
        cache.set(key, found, timeout=TALLY_CACHE_SECONDS)
    return found


def target_tally(target, counts):
    total = sum(counts.get(value, 0) for value, _label in target.choices)
    return TargetTally(
        target,
        [
            Count(
                value,
                str(label),
                counts.get(value, 0),
                round(100 * counts.get(value, 0) / total) if total else 0,
            )
            for value, label in target.choices
        ],
    )


def tallies(article):
    """[TargetTally] for every Target of ``article``, in reading order."""
    found = raw_tallies(article)
    return [target_tally(target, found.get(key, {})) for key, target in targets_of(article).items()]
