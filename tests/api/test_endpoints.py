"""The open data API as a client meets it (docs/api.md)."""

import pytest
from openapi_spec_validator import validate

from api.openapi import openapi_document
from tests.content.factories import publish

pytestmark = pytest.mark.django_db


def get(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert not response.cookies, "the API sets no cookie"
    return response.json()


def test_the_root_links_every_collection_and_sets_no_cookie(client, world):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert not response.cookies
    assert "max-age=300" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["explainers"] == "http://testserver/api/v1/explainers/"
    assert data["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_explainers_are_the_live_public_ones_newest_first_and_filterable(client, world):
    data = get(client, "/api/v1/explainers/")
    titles = [item["title"] for item in data["results"]]
    assert "Unpublished" not in titles
    assert set(titles) == {"Cameras in Chongqing", "Older explainer", "重庆的摄像头"}
    assert data["count"] == 3 and data["pages"] == 1 and data["next"] is None
    english = get(client, "/api/v1/explainers/?language=en")["results"]
    assert {item["language"] for item in english} == {"en"}
    chinese = get(client, "/api/v1/explainers/?language=zh-hans")["results"]
    assert [item["title"] for item in chinese] == ["重庆的摄像头"]
    assert chinese[0]["url"].startswith("http://testserver/zh-hans/")
    on_topic = get(client, f"/api/v1/explainers/?topic={world.topic.slug}")["results"]
    assert [item["title"] for item in on_topic] == ["Cameras in Chongqing"]
    assert on_topic[0]["topics"][0]["name"] == "Cameras"


def test_an_explainer_lists_its_arguments_with_their_stable_anchors(client, world):
    data = get(client, f"/api/v1/explainers/{world.article.pk}/")
    assert data["title"] == "Cameras in Chongqing"
    assert data["language"] == "en"
    url = data["url"]
    assert url == f"http://testserver{world.article.url}"
    arguments = {item["anchor"]: item for item in data["arguments"]}
    assert list(arguments) == ["for-1", "for-2", "against-1"]
    police, critics, _secret = world.sources
    assert arguments["for-2"]["url"] == f"{url}#for-2"
    assert arguments["for-2"]["side"] == "for"
    assert arguments["for-2"]["headline"] == "Deterrence"
    assert arguments["for-2"]["sources"] == [police.pk, critics.pk]
    assert arguments["against-1"]["side"] == "against"
    assert arguments["against-1"]["evidence"] == "reported"
    assert [source["id"] for source in data["sources"]] == [police.pk, critics.pk]
    assert data["licence"]["name"] == "CC BY 4.0"
    assert [(item["language"], item["id"]) for item in data["translations"]] == [
        ("zh-hans", world.translated.pk)
    ]


def test_sources_are_those_published_explainers_cite(client, world):
    police, critics, secret = world.sources
    data = get(client, "/api/v1/sources/")
    assert [item["id"] for item in data["results"]] == [police.pk, critics.pk]
    assert get(client, f"/api/v1/sources/{police.pk}/")["title"] == police.title
    # Cited only by a draft: not public yet.
    assert "detail" in get(client, f"/api/v1/sources/{secret.pk}/", status=404)


def test_topics_in_both_languages_with_their_translations(client, world):
    data = get(client, "/api/v1/topics/?language=zh-hans")
    assert [item["name"] for item in data["results"]] == ["摄像头"]
    topic = get(client, f"/api/v1/topics/{world.topic.pk}/")
    assert topic["explainer_count"] == 1
    assert topic["url"] == f"http://testserver/topics/{world.topic.slug}/"
    assert [item["name"] for item in topic["translations"]] == ["摄像头"]


BAD_REQUESTS = [
    ("/api/v1/explainers/?language=fr", 400, "language must be one of: en, zh-hans."),
    ("/api/v1/explainers/?topic=%00x", 400, "topic must be a topic's slug"),
    ("/api/v1/explainers/?page=abc", 400, "page must be a whole number"),
    ("/api/v1/explainers/?page=0", 400, "page must be a whole number"),
    ("/api/v1/explainers/?page=9", 404, "There is no page 9: there is 1 page."),
    ("/api/v1/explainers/99999999999999999999999/", 404, "No record has the id"),
    ("/api/v1/explainers/-1/", 404, "No record has the id"),
    ("/api/v1/explainers/424242/", 404, "No published explainer has the id 424242."),
    ("/api/v1/topics/424242/", 404, "No topic has the id 424242."),
    ("/api/v1/nothing-here/", 404, "Nothing is at this address: the API's addresses are"),
]


def test_bad_requests_are_json_with_a_clear_message(client, world):
    for path, status, words in BAD_REQUESTS:
        assert words in get(client, path, status=status)["detail"], path


CHINESE_ANSWERS = [
    ("/api/v1/explainers/?language=fr", 400, "language 只能取以下值之一：en, zh-hans。"),
    ("/api/v1/explainers/?page=9", 404, "没有第 9 页：一共只有 1 页。"),
    ("/api/v1/explainers/424242/", 404, "没有 id 为 424242 的已发布解读。"),
    ("/api/v1/topics/424242/", 404, "没有 id 为 424242 的主题。"),
    (
        "/api/v1/nothing-here/",
        404,
        "这个地址下没有内容。API 的所有地址列在 http://testserver/api/v1/",
    ),
]


def test_a_chinese_client_reads_the_messages_in_chinese(client, world):
    for path, status, words in CHINESE_ANSWERS:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
        assert response.status_code == status, path
        assert response.json()["detail"] == words, path
        assert response["Content-Language"] == "zh-hans"
        assert "Accept-Language" in response["Vary"]
        assert not response.cookies
    english = client.get("/api/v1/topics/424242/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert english.json()["detail"] == "No topic has the id 424242."
    # The data does not depend on the language asked for: one cached copy for everyone.
    data = client.get("/api/v1/topics/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert data.status_code == 200
    assert "Accept-Language" not in data.get("Vary", "")
    assert data.json() == client.get("/api/v1/topics/").json()


def test_a_draft_is_not_found(client, world):
    get(client, f"/api/v1/explainers/{world.draft.pk}/", status=404)


def test_answers_are_cached_until_the_next_publish(client, world):
    path = f"/api/v1/explainers/{world.article.pk}/"
    assert get(client, path)["title"] == "Cameras in Chongqing"
    # A change that starts no new cache generation is not seen: the answer came from the cache.
    type(world.article).objects.filter(pk=world.article.pk).update(title="Renamed")
    assert get(client, path)["title"] == "Cameras in Chongqing"
    world.article.refresh_from_db()
    # A made-up parameter is not another copy (it cannot fill the cache).
    assert get(client, f"{path}?utm_source=x")["title"] == "Cameras in Chongqing"
    publish(world.article)  # publishing starts one: the next answer is fresh
    assert get(client, path)["title"] == "Renamed"


def test_too_many_requests_from_one_network_are_refused(client, world, settings):
    from django.core.cache import cache

    settings.API_RATE_LIMIT = "3/minute"
    cache.clear()
    for _ in range(3):
        get(client, "/api/v1/")
    refused = client.get("/api/v1/", REMOTE_ADDR="127.0.0.9")  # the same /24
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert refused.json()["detail"] == (
        f"Too many requests from your network: try again in {refused['Retry-After']} seconds."
    )
    chinese = client.get("/api/v1/", REMOTE_ADDR="127.0.0.9", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert chinese.status_code == 429
    assert chinese.json()["detail"].startswith("来自你所在网络的请求过多，请在 ")
    # Another network is counted apart; the counter's key holds no address.
    assert client.get("/api/v1/", REMOTE_ADDR="198.51.100.7").status_code == 200
    keys = [key for key in cache._cache if "api-throttle" in key]
    assert keys and not any("127.0.0" in key for key in keys)
    cache.clear()


def test_the_openapi_document_is_valid_and_served(client):
    validate(openapi_document())
    served = get(client, "/api/v1/openapi.json")
    assert served["info"]["license"]["name"].startswith("CC BY 4.0")
    assert served["openapi"].startswith("3.")


def test_lists_are_paginated_with_links_to_their_other_pages(client, world, monkeypatch):
    monkeypatch.setattr("api.views.PAGE_SIZE", 2)
    first = get(client, "/api/v1/explainers/?utm_source=x")
    assert (first["count"], first["pages"], len(first["results"])) == (3, 2, 2)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/explainers/?page=2"
    second = get(client, first["next"])
    assert len(second["results"]) == 1 and second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/explainers/"
    seen = {item["id"] for item in first["results"] + second["results"]}
    assert len(seen) == 3
