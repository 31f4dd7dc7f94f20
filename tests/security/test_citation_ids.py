"""Round two, finding 8: a citation whose Source id is not a number made the page and its
preview answer 500 (``int("abc")`` while rendering). Now it renders as a missing Source (the
words, no number), and the admin refuses to save one, saying which words it is on."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import streamfield

from content.citations import citation_errors, source_id
from tests.content.factories import ArticlePageFactory, SourceFactory, build_site_tree, publish
from tests.editorial.conftest import article_form_data

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "None", "", "²", "-1", "1e3", "0", "99999999999999999999999"]


def stored_body(source_ids):
    """A body whose first paragraph cites a real Source, then one citation per id."""
    real = SourceFactory(publisher="The Chongqing Daily")
    html = f'<p><a linktype="source" id="{real.pk}">Cameras went up</a> across the city.'
    for number, raw in enumerate(source_ids):
        html += f' <a linktype="source" id="{raw}">claim {number}</a> here.'
    return [{"type": "paragraph", "value": html + "</p>", "id": "p1"}]


@pytest.fixture
def article_with_bad_ids():
    tree = build_site_tree()
    page = publish(ArticlePageFactory(parent=tree.index, title="Cameras", slug="cameras"))
    # Written straight to the database, as a script or an old import could: the admin
    # would refuse it (see the last test).
    body = stored_body(BAD_IDS)
    type(page).objects.filter(pk=page.pk).update(body=json.dumps(body))
    page.refresh_from_db()
    return page


def test_a_citation_id_that_is_not_a_number_renders_as_a_missing_source(
    client, article_with_bad_ids
):
    response = client.get(article_with_bad_ids.url)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    body = soup.select_one(".article-body") or soup.main
    text = body.get_text(" ")
    for number in range(len(BAD_IDS)):
        assert f"claim {number}" in text
    markers = [marker.get_text() for marker in soup.select("sup.citation a")]
    assert markers == ["[1]"]  # the real Source keeps its number; the others have none


def test_a_citation_id_that_is_not_a_number_previews(article_with_bad_ids):
    response = article_with_bad_ids.make_preview_request()

    assert response.status_code == 200
    assert b"claim 0" in response.content


def test_the_editor_opens_a_page_with_such_a_citation(admin_client, article_with_bad_ids):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article_with_bad_ids.pk]))

    assert response.status_code == 200
    assert "Missing source" in response.text


@pytest.mark.parametrize("raw", BAD_IDS + [None])
def test_source_id_names_no_source_for_anything_but_a_plain_key(raw):
    assert source_id(raw) is None


def test_source_id_reads_a_plain_key():
    assert source_id("7") == 7
    assert source_id(7) == 7


def test_citation_errors_name_the_words():
    errors = citation_errors(stored_body(["abc"]))

    assert errors == [
        "The citation on “claim 0” does not name a Source. Select those words, remove the "
        "citation and cite the Source again."
    ]
    assert citation_errors(stored_body([])) == []


def contentstate(entity_id):
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a",
                    "type": "unstyled",
                    "depth": 0,
                    "text": "Cameras went up across the city.",
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 15, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {"type": "CITATION", "mutability": "MUTABLE", "data": {"id": entity_id}}
            },
        }
    )


def body_errors(soup):
    """The messages the admin's StreamField script shows on the body (it reads them from the
    field's data attribute: [block definition, value, errors])."""
    stream = soup.select_one('[data-controller="w-block"][data-w-block-arguments-value]')
    errors = json.loads(stream["data-w-block-arguments-value"])[-1]
    return errors.get("messages", []) if errors else []


def test_a_citation_id_that_is_not_a_number_is_refused_on_save(admin_client):
    tree = build_site_tree()
    page = publish(ArticlePageFactory(parent=tree.index, title="Cameras", slug="cameras"))
    revisions = page.revisions.count()
    data = article_form_data(page, body=streamfield([("paragraph", contentstate("abc"))]))

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert response.status_code == 200  # the form again, not a redirect
    soup = BeautifulSoup(response.content, "html.parser")
    assert "could not be saved due to validation errors" in soup.select_one(".messages").text
    assert body_errors(soup) == [
        "The citation on “Cameras went up” does not name a Source. Select those words, "
        "remove the citation and cite the Source again."
    ]
    assert page.revisions.count() == revisions
    with pytest.raises(ValidationError):
        page.body = stored_body(["abc"])
        page.full_clean()


def test_a_real_citation_is_saved(admin_client):
    tree = build_site_tree()
    page = publish(ArticlePageFactory(parent=tree.index, title="Cameras", slug="cameras"))
    source = SourceFactory()
    data = article_form_data(page, body=streamfield([("paragraph", contentstate(source.pk))]))

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert f'id=\\"{source.pk}\\">Cameras went up</a>' in page.get_latest_revision().content["body"]
