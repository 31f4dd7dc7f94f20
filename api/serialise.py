"""The API's records as plain data: what docs/api.md and the OpenAPI document promise."""

from django.urls import reverse

from content.blocks.pros_cons import SIDES, anchor_prefix, argument_links
from content.citations import source_ids_in_stream
from content.licensing import licence_for_request
from content.models import ArticlePage, Source
from content.models.pages import public


def _iso(value):
    return value.isoformat() if value else None


def _api_url(request, name, pk):
    return request.build_absolute_uri(reverse(f"api:{name}", kwargs={"pk": pk}))


def licence(request):
    chosen = licence_for_request(request)
    return {"name": chosen.name, "url": chosen.url}


def source_ids(article):
    raw = getattr(article.body, "raw_data", None) or []
    return source_ids_in_stream(list(raw))


def _topic_summary(topic, request):
    return {
        "id": topic.pk,
        "name": topic.name,
        "slug": topic.slug,
        "language": topic.locale.language_code,
        "api_url": _api_url(request, "topic", topic.pk),
    }


def explainer_summary(article, request):
    return {
        "id": article.pk,
        "title": article.title,
        "language": article.locale.language_code,
        "url": article.get_full_url(request=request),
        "api_url": _api_url(request, "explainer", article.pk),
        "standfirst": article.standfirst,
        "first_published": _iso(article.first_published),
        "last_published_at": _iso(article.last_published_at),
        "last_reviewed": _iso(article.last_reviewed),
        "topics": [_topic_summary(topic, request) for topic in article.topics.all()],
    }


def arguments(article, url):
    """Every argument of the article's pros/cons blocks, with its stable anchor."""
    found = []
    position = 0
    for block in article.body:
        if block.block_type != "pros_cons":
            continue
        position += 1
        links = argument_links(block.value, anchor_prefix(position))
        for side, items in links.items():
            for link in items:
                found.append(
                    {
                        "anchor": link.anchor,
                        "url": f"{url}#{link.anchor}",
                        "question": block.value.get("heading") or "",
                        "side": SIDES[side],
                        "number": link.number,
                        "headline": link.headline,
                        "explanation_html": str(link.value.get("explanation") or ""),
                        "evidence": link.value.get("evidence") or None,
                        "sources": [
                            source.pk for source in link.value.get("sources") or [] if source
                        ],
                        "answers": link.answers.anchor if link.answers else None,
                    }
                )
    return found


def translations(article, request):
    others = public(article.get_translations().live()).select_related("locale").specific()
    return [
        {
            "id": other.pk,
            "language": other.locale.language_code,
            "url": other.get_full_url(request=request),
            "api_url": _api_url(request, "explainer", other.pk),
        }
        for other in others.order_by("locale__language_code")
    ]


def explainer(article, request):
    record = explainer_summary(article, request)
    cited = Source.objects.in_bulk(sorted(source_ids(article)))
    record.update(
        authors=[author.name for author in article.byline_authors()],
        licence=licence(request),
        arguments=arguments(article, record["url"]),
        sources=[source(cited[pk], request) for pk in sorted(cited)],
        translations=translations(article, request),
    )
    return record


def source(item, request):
    return {
        "id": item.pk,
        "title": item.title,
        "publisher": item.publisher,
        "authors": item.authors,
        "date_published": _iso(item.date_published),
        "url": item.url or None,
        "archive_url": item.archive_url or None,
        "date_accessed": _iso(item.date_accessed),
        "kind": item.kind,
        "language": item.language,
        "api_url": _api_url(request, "source", item.pk),
    }


def topic(item, request, detail=False):
    record = _topic_summary(item, request)
    record.update(
        description=item.description,
        url=request.build_absolute_uri(item.get_absolute_url()),
        explainers=request.build_absolute_uri(
            f"{reverse('api:explainers')}?topic={item.slug}&language={record['language']}"
        ),
    )
    if detail:
        others = type(item).objects.filter(translation_key=item.translation_key)
        record["translations"] = [
            _topic_summary(other, request)
            for other in others.exclude(pk=item.pk).select_related("locale")
        ]
        record["explainer_count"] = (
            public(ArticlePage.objects.live()).filter(topics=item).distinct().count()
        )
    return record
