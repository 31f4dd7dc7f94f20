"""A small published world for the API: two explainers (one with a Chinese translation), a
draft, three Sources (one cited only by the draft) and a translated topic."""

from types import SimpleNamespace

import pytest
from wagtail.models import Locale

from content.models import Topic
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    TopicFactory,
    argument,
    build_site_tree,
    cite,
    paragraph,
    pros_cons,
    publish,
)


def build_world():
    tree = build_site_tree()
    chinese = Locale.objects.get_or_create(language_code="zh-hans")[0]
    police, critics, secret = SourceFactory(), SourceFactory(), SourceFactory()
    cameras = TopicFactory(name="Cameras")
    cameras_zh = cameras.copy_for_translation(chinese)
    cameras_zh.name, cameras_zh.slug = "摄像头", "shexiangtou"
    cameras_zh.save()
    body = [
        paragraph(f"<p>The city counts {cite(police, 'its cameras')}.</p>"),
        pros_cons(
            [argument("Faster response", [police]), argument("Deterrence", [police, critics])],
            [argument("No privacy in public", [critics])],
        ),
    ]
    article = publish(
        ArticlePageFactory(parent=tree.index, title="Cameras in Chongqing", body=body)
    )
    article.topics.set([cameras])
    publish(article)
    older = publish(ArticlePageFactory(parent=tree.index, title="Older explainer"))
    draft = ArticlePageFactory(
        parent=tree.index, title="Unpublished", live=False, body=[paragraph(cite(secret))]
    )
    draft.save_revision()
    translated = article.copy_for_translation(chinese, copy_parents=True)
    translated.title = "重庆的摄像头"
    translated.save()
    translated.topics.set([cameras_zh])
    publish(translated)
    for parent in translated.get_ancestors().filter(locale=chinese).specific():
        if not parent.live:
            publish(parent)
    return SimpleNamespace(
        article=article,
        translated=translated,
        older=older,
        draft=draft,
        sources=(police, critics, secret),
        topic=cameras,
        topic_zh=Topic.objects.get(pk=cameras_zh.pk),
    )


@pytest.fixture
def world(db):
    return build_world()
