"""Every argument has its own address, and rebuttals link both ways (issue 14, items 1 and 2).

Each pro and con gets a link number when the page is saved (``#for-N`` / ``#against-N``):
it stays with the argument when the arguments are reordered or reworded, and a deleted
argument's number is never given again. An argument may answer one on the other side;
readers see "Answers: …" under it and "Answered by: …" under the one it answers.
"""

import copy
import html
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.models import ArticlePage
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    argument,
    paragraph,
    pros_cons,
    publish,
)
from tests.content.test_admin import argument_form, article_form, list_block

pytestmark = pytest.mark.django_db

DEMO_ARTICLE = "/explainers/chongqing-surveillance/"


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def anchors(soup):
    """{headline: anchor} for every argument on the page, in page order."""
    return {
        li.select_one(".argument__headline strong").get_text(): li["id"]
        for li in soup.select("li.argument")
    }


def save_as_editor(article, body):
    """Save and publish ``body`` (raw stream data) the way the admin's form does: through
    the blocks' validation, which gives the link numbers."""
    block = ArticlePage._meta.get_field("body").stream_block
    article.body = block.clean(block.to_python(body))
    return publish(article)


def raw_arguments(article, side):
    return article.body.raw_data[0]["value"][side]


@pytest.fixture
def source():
    return SourceFactory()


@pytest.fixture
def debate(site_tree, source):
    """An article with three pros and two cons, saved once through the editor's validation."""
    article = ArticlePageFactory(parent=site_tree.index, slug="debate", body=[])
    pros = [argument(headline, [source]) for headline in ("Faster", "Cheaper", "Calmer")]
    cons = [argument(headline, [source]) for headline in ("Intrusive", "Leaky")]
    return save_as_editor(article, [pros_cons(pros, cons)])


# Numbers and anchors -----------------------------------------------------------------------


def test_demo_arguments_have_anchors_and_a_link_to_each(demo_site, client):
    soup = read(client, DEMO_ARTICLE)
    ids = [li["id"] for li in soup.select("li.argument")]
    assert ids == [f"for-{n}" for n in range(1, 6)] + [f"against-{n}" for n in range(1, 7)]
    assert len(set(ids)) == len(ids) == len(soup.select("li[id^='for-'], li[id^='against-']"))
    for li in soup.select("li.argument"):
        link = li.select_one("a[data-argument-link]")
        assert link["href"] == f"#{li['id']}"
        assert link.get_text(" ", strip=True).startswith("Link to this argument")


def test_numbers_are_given_on_save_in_each_column(debate, client):
    assert [a["value"]["number"] for a in raw_arguments(debate, "pros")] == [1, 2, 3]
    assert [a["value"]["number"] for a in raw_arguments(debate, "cons")] == [1, 2]
    assert anchors(read(client, debate.url)) == {
        "Faster": "for-1",
        "Cheaper": "for-2",
        "Calmer": "for-3",
        "Intrusive": "against-1",
        "Leaky": "against-2",
    }


def test_anchors_stay_with_their_arguments_when_reordered_and_reworded(debate, client):
    before = anchors(read(client, debate.url))
    body = copy.deepcopy(debate.body.raw_data)
    pros = body[0]["value"]["pros"]
    pros.reverse()  # Calmer, Cheaper, Faster
    pros[1]["value"]["headline"] = "Cheaper, by a long way"
    save_as_editor(debate, body)

    soup = read(client, debate.url)
    after = anchors(soup)
    assert [li["id"] for li in soup.select("li[data-side='pro']")] == ["for-3", "for-2", "for-1"]
    assert after["Calmer"] == before["Calmer"] == "for-3"
    assert after["Cheaper, by a long way"] == before["Cheaper"] == "for-2"
    assert after["Faster"] == before["Faster"] == "for-1"


def test_a_deleted_arguments_number_is_never_given_again(debate, client, source):
    body = copy.deepcopy(debate.body.raw_data)
    del body[0]["value"]["pros"][2]  # Calmer, for-3: the highest number
    save_as_editor(debate, body)
    assert "for-3" not in anchors(read(client, debate.url)).values()

    body = copy.deepcopy(debate.body.raw_data)
    body[0]["value"]["pros"].append(argument("Quieter", [source]))
    save_as_editor(debate, body)

    assert anchors(read(client, debate.url))["Quieter"] == "for-4"


def test_a_duplicated_argument_gets_a_number_of_its_own(debate, client):
    body = copy.deepcopy(debate.body.raw_data)
    cons = body[0]["value"]["cons"]
    copied = copy.deepcopy(cons[0])  # as the editor's "Duplicate" does, number and all
    copied["value"]["headline"] = "Intrusive, again"
    cons.insert(1, copied)
    save_as_editor(debate, body)

    found = anchors(read(client, debate.url))
    assert found["Intrusive"] == "against-1"
    assert found["Intrusive, again"] == "against-3"
    assert found["Leaky"] == "against-2"


def test_a_second_pros_and_cons_block_prefixes_its_anchors(debate, client, source):
    body = copy.deepcopy(debate.body.raw_data)
    second = pros_cons([argument("Later", [source])], [argument("Sooner", [source])], "Q2")
    body += [paragraph("<p>Meanwhile.</p>"), second]
    save_as_editor(debate, body)

    soup = read(client, debate.url)
    found = anchors(soup)
    assert (found["Faster"], found["Later"], found["Sooner"]) == (
        "for-1",
        "q2-for-1",
        "q2-against-1",
    )
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids))


# Rebuttals -----------------------------------------------------------------------------------


def test_demo_rebuttals_link_both_ways_to_existing_arguments(demo_site, client):
    soup = read(client, DEMO_ARTICLE)
    ids = {tag["id"] for tag in soup.select("[id]")}
    answering = soup.select("li.argument:has(a[data-answers])")
    assert len(answering) == 2
    for li in answering:
        link = li.select_one("a[data-answers]")
        assert link["href"][1:] in ids
        answered = soup.find(id=link["href"][1:])
        assert answered["data-side"] != li["data-side"]
        assert link.get_text() == answered.select_one(".argument__headline strong").get_text()
        back = answered.select("a[data-answered-by]")
        assert [a["href"] for a in back] == [f"#{li['id']}"]
        assert "Answered by:" in answered.get_text(" ", strip=True)
    fear = soup.find(id="against-2")
    assert fear.select_one("a[data-answers]")["href"] == "#for-5"
    assert "stop them speaking or protesting" in fear.select_one(".argument__reply").get_text()
    assert "Answers: People may behave more responsibly" in fear.get_text(" ", strip=True)


def test_an_answer_and_its_reply_are_shown_under_both_arguments(debate, client):
    body = copy.deepcopy(debate.body.raw_data)
    leaky = body[0]["value"]["cons"][1]["value"]
    leaky["answers"], leaky["reply"] = 1, "Speed means more data kept."
    save_as_editor(debate, body)

    soup = read(client, debate.url)
    assert soup.find(id="against-2").select_one("a[data-answers]")["href"] == "#for-1"
    assert soup.find(id="against-2").select_one(".argument__reply").get_text() == (
        "Speed means more data kept."
    )
    assert soup.find(id="for-1").select_one("a[data-answered-by]")["href"] == "#against-2"
    assert not soup.find(id="for-2").select("a[data-answered-by]")


def answered_article_form(editor_client, index, source, answers, reply=""):
    add_url, data = article_form(editor_client, index, "Rebutted", [source], [source], source)
    body = nested_form_data(
        {
            "body": streamfield(
                [
                    (
                        "pros_cons",
                        {
                            "heading": "Does it make the city safer?",
                            "introduction": rich_text("<p>The arguments.</p>"),
                            "pros_heading": "Arguments for",
                            "pros": list_block([argument_form("Faster response", [source])]),
                            "cons_heading": "Arguments against",
                            "cons": list_block(
                                [
                                    {
                                        **argument_form("Less privacy", [source]),
                                        "answers": answers,
                                        "reply": reply,
                                    }
                                ]
                            ),
                        },
                    )
                ]
            )
        }
    )
    data = {key: value for key, value in data.items() if not key.startswith("body-")}
    data.update(body)
    data["action-submit"] = "action-submit"
    return add_url, data


def field_errors(response, name):
    """The messages the editor shows under a block's field ``name`` (from the form's data)."""
    text = html.unescape(response.content.decode())
    found = re.search(rf'"{name}": \{{"messages": (\[.*?\])\}}', text)
    return json.loads(found[1]) if found else []


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def test_an_answer_to_an_argument_that_is_not_there_is_refused_with_a_clear_message(
    editor_client, site_tree, source
):
    add_url, data = answered_article_form(editor_client, site_tree.index, source, "7")
    response = editor_client.post(add_url, data)

    assert response.status_code == 200
    assert not ArticlePage.objects.filter(title="Rebutted").exists()
    assert field_errors(response, "answers") == [
        "There is no argument number 7 on the other side (“Arguments for”). Give the link "
        "number shown on the argument this one answers, or leave the field empty."
    ]


def test_a_reply_without_the_argument_it_answers_is_refused(editor_client, site_tree, source):
    add_url, data = answered_article_form(editor_client, site_tree.index, source, "", "So?")
    response = editor_client.post(add_url, data)

    assert response.status_code == 200
    assert not ArticlePage.objects.filter(title="Rebutted").exists()
    assert field_errors(response, "reply") == [
        "A reply needs the number of the argument it answers: fill in “Answers argument "
        "number”, or leave the reply empty."
    ]


def test_an_answer_to_an_existing_argument_is_saved_from_the_editor(
    editor_client, site_tree, source
):
    add_url, data = answered_article_form(editor_client, site_tree.index, source, "1", "No.")
    response = editor_client.post(add_url, data)

    assert response.status_code == 302
    con = raw_arguments(ArticlePage.objects.get(title="Rebutted"), "cons")[0]["value"]
    assert (con["number"], con["answers"], con["reply"]) == (1, 1, "No.")


def test_deleting_an_answered_argument_is_refused_while_something_answers_it(debate):
    body = copy.deepcopy(debate.body.raw_data)
    body[0]["value"]["cons"][0]["value"]["answers"] = 3
    save_as_editor(debate, body)

    body = copy.deepcopy(debate.body.raw_data)
    del body[0]["value"]["pros"][2]
    block = ArticlePage._meta.get_field("body").stream_block
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(body))
    assert "There is no argument number 3 on the other side" in json.dumps(
        error.value.as_json_data(), ensure_ascii=False
    )


# JSON-LD -------------------------------------------------------------------------------------


def test_json_ld_parses_and_names_every_argument_and_rebuttal(demo_site, client):
    soup = read(client, DEMO_ARTICLE)
    (script,) = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    canonical = soup.find("link", rel="canonical")["href"]

    claims = data["hasPart"]
    assert [claim["@id"] for claim in claims] == [
        f"{canonical}#{li['id']}" for li in soup.select("li.argument")
    ]
    by_id = {claim["@id"]: claim for claim in claims}
    assert by_id[f"{canonical}#for-1"]["name"] == "It can make public places safer"
    assert by_id[f"{canonical}#for-1"]["@type"] == "Claim"
    rebuttals = [claim for claim in claims if "parentItem" in claim]
    assert len(rebuttals) == 2
    for claim in rebuttals:
        assert claim["@type"] == ["Claim", "Comment"]
        assert claim["parentItem"]["@id"] in by_id
    fear = by_id[f"{canonical}#against-2"]
    assert fear["parentItem"]["@id"] == f"{canonical}#for-5"
    assert fear["text"].startswith("The same awareness")


def test_the_chinese_demo_shows_the_same_rebuttals_in_chinese(demo_site, client):
    # The Chinese translation load_demo publishes, at its /zh-hans/ address.
    article = ArticlePage.objects.get(locale__language_code="zh-hans")
    soup = read(client, article.url)
    assert article.url.startswith("/zh-hans/")
    fear = soup.find(id="against-2")
    assert "回应：" in fear.get_text()
    assert fear.select_one("a[data-answers]")["href"] == "#for-5"
    assert fear.select_one("a[data-answers]").get_text() == "人们可能更守规矩"
    assert soup.find(id="for-5").select_one("a[data-answered-by]")["href"] == "#against-2"
    assert soup.find(id="for-3").select_one("a[data-answered-by]")["href"] == "#against-5"
    assert soup.select_one("#for-1 a[data-argument-link]").get_text().startswith("链接到这个论点")
