"""Round two, finding 8: an image whose original file is missing from the media storage made
the whole article answer 500 (SourceImageIOError while drawing the link-preview card, and a
broken ``/media/not-found`` picture where the card did not fail first). Now the article is
shown without that image, its figure and caption left out, and one clear line is logged."""

import logging
import os

import pytest
from bs4 import BeautifulSoup

from tests.content.factories import (
    ArticlePageFactory,
    SiteImageFactory,
    _block,
    build_site_tree,
    paragraph,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree():
    return build_site_tree()


def article_with(site_tree, image, kept):
    return publish(
        ArticlePageFactory(
            parent=site_tree.index,
            title="Cameras on every corner",
            hero_image=image,
            hero_caption="A street corner in Yuzhong district.",
            body=[
                paragraph("<p>The city installed cameras.</p>"),
                _block("image", {"image": image.pk, "caption": "A patrol robot.", "credit": ""}),
                _block("image", {"image": kept.pk, "caption": "The control room.", "credit": ""}),
            ],
        )
    )


def test_missing_image_file_the_article_is_shown_without_it(client, site_tree, caplog):
    lost = SiteImageFactory(title="Yuzhong corner", description="Three cameras on a pole")
    kept = SiteImageFactory(title="Control room", description="Screens in a control room")
    article = article_with(site_tree, lost, kept)
    os.remove(lost.file.path)

    with caplog.at_level(logging.WARNING):
        response = client.get(article.url)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Cameras on every corner"
    assert "The city installed cameras." in soup.get_text()
    # No broken picture, no caption for a picture that is not there; the other image stays.
    assert "not-found" not in response.text
    assert soup.select_one("figure.hero") is None
    assert "A street corner in Yuzhong district." not in soup.get_text()
    assert "A patrol robot." not in soup.get_text()
    figures = soup.select("figure.figure")
    assert len(figures) == 1
    assert figures[0].img["alt"] == "Screens in a control room"
    assert "The control room." in figures[0].get_text()
    # One line per place the image was left out, each saying which image and what to do.
    lines = [r.getMessage() for r in caplog.records if r.name == "content.images"]
    assert lines
    for line in lines:
        assert "\n" not in line
        assert "Image " in line and "'Yuzhong corner'" in line
        assert "is missing from the media storage" in line
        assert "Upload the file again" in line
    assert not [r for r in caplog.records if r.exc_info]  # no traceback anywhere


def test_missing_image_file_the_link_preview_card_is_drawn_without_it(client, site_tree):
    lost = SiteImageFactory(title="Yuzhong corner")
    article = article_with(site_tree, lost, SiteImageFactory())
    os.remove(lost.file.path)

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    card_url = soup.find("meta", property="og:image")["content"]

    assert client.get(card_url.split("testserver", 1)[-1]).status_code == 200
