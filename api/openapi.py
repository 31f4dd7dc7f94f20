"""The API's OpenAPI 3 description, written by hand beside the views it describes.

Served at /api/v1/openapi.json. tests/api checks it against the OpenAPI specification
(openapi-spec-validator) and checks the live API against it (schemathesis): a field added
to api.serialise and not here fails those tests.
"""

import copy


def _string(nullable=False, **extra):
    return {"type": "string", **({"nullable": True} if nullable else {}), **extra}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties):
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
    }


URL = _string(format="uri")
DATE = _string(nullable=True, format="date")
LANGUAGE = {"type": "string", "enum": ["en", "zh-hans"]}
ID = {"type": "integer", "minimum": 1}

SCHEMAS = {
    "Error": _object({"detail": _string()}),
    "Licence": _object({"name": _string(), "url": URL}),
    "TopicSummary": _object(
        {"id": ID, "name": _string(), "slug": _string(), "language": LANGUAGE, "api_url": URL}
    ),
    "Topic": _object(
        {
            "id": ID,
            "name": _string(),
            "slug": _string(),
            "language": LANGUAGE,
            "api_url": URL,
            "description": _string(),
            "url": URL,
            "explainers": URL,
        }
    ),
    "Source": _object(
        {
            "id": ID,
            "title": _string(),
            "publisher": _string(),
            "authors": _string(),
            "date_published": DATE,
            "url": _string(nullable=True, format="uri"),
            "archive_url": _string(nullable=True, format="uri"),
            "date_accessed": DATE,
            "kind": {
                "type": "string",
                "enum": ["press", "official", "academic", "ngo", "video", "other"],
            },
            "language": _string(description="The Source's own language code: en, zh, de…"),
            "api_url": URL,
        }
    ),
    "ExplainerSummary": _object(
        {
            "id": ID,
            "title": _string(),
            "language": LANGUAGE,
            "url": URL,
            "api_url": URL,
            "standfirst": _string(),
            "first_published": DATE,
            "last_published_at": _string(nullable=True, format="date-time"),
            "last_reviewed": DATE,
            "topics": {"type": "array", "items": _ref("TopicSummary")},
        }
    ),
    "Argument": _object(
        {
            "anchor": _string(
                description="Stable: survives rewording and reordering (for-2, q2-against-1)."
            ),
            "url": URL,
            "question": _string(),
            "side": {"type": "string", "enum": ["for", "against"]},
            "number": ID,
            "headline": _string(),
            "explanation_html": _string(),
            "evidence": _string(nullable=True),
            "sources": {"type": "array", "items": ID},
            "answers": _string(nullable=True, description="The anchor of the argument answered."),
        }
    ),
    "Translation": _object({"id": ID, "language": LANGUAGE, "url": URL, "api_url": URL}),
}
SCHEMAS["Explainer"] = {
    "allOf": [
        _ref("ExplainerSummary"),
        _object(
            {
                "authors": {"type": "array", "items": _string()},
                "licence": _ref("Licence"),
                "arguments": {"type": "array", "items": _ref("Argument")},
                "sources": {"type": "array", "items": _ref("Source")},
                "translations": {"type": "array", "items": _ref("Translation")},
            }
        ),
    ]
}
SCHEMAS["TopicDetail"] = {
    "allOf": [
        _ref("Topic"),
        _object(
            {
                "translations": {"type": "array", "items": _ref("TopicSummary")},
                "explainer_count": {"type": "integer", "minimum": 0},
            }
        ),
    ]
}


def _page_of(name):
    return _object(
        {
            "count": {"type": "integer", "minimum": 0},
            "page": ID,
            "pages": ID,
            "next": _string(nullable=True, format="uri"),
            "previous": _string(nullable=True, format="uri"),
            "results": {"type": "array", "items": _ref(name)},
        }
    )


def _json(schema):
    return {"content": {"application/json": {"schema": schema}}}


ERROR = _json(_ref("Error"))
RATE_LIMITED = {
    "description": "Too many requests from this network: wait Retry-After seconds.",
    **ERROR,
}
PAGE = {
    "name": "page",
    "in": "query",
    "required": False,
    "schema": {"type": "integer", "minimum": 1, "maximum": 999999},
    "description": "The page of results (20 a page).",
}
LANGUAGE_FILTER = {
    "name": "language",
    "in": "query",
    "required": False,
    "schema": LANGUAGE,
    "description": "Only records in this language.",
}
TOPIC_FILTER = {
    "name": "topic",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,100}$"},
    "description": "Only explainers with the topic of this slug.",
}
ID_PARAMETER = {
    "name": "pk",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}


def _list(summary, name, parameters):
    return {
        "get": {
            "summary": summary,
            "parameters": [PAGE, *parameters],
            "responses": {
                "200": {"description": summary, **_json(_page_of(name))},
                "400": {"description": "A parameter is not valid.", **ERROR},
                "404": {"description": "No such page of results.", **ERROR},
                "429": RATE_LIMITED,
            },
        }
    }


def _detail(summary, name):
    return {
        "get": {
            "summary": summary,
            "parameters": [ID_PARAMETER],
            "responses": {
                "200": {"description": summary, **_json(_ref(name))},
                "404": {"description": "No such record.", **ERROR},
                "429": RATE_LIMITED,
            },
        }
    }


DOCUMENT = {
    "openapi": "3.0.3",
    "info": {
        "title": "Surveillance, Explained: open data API",
        "version": "1",
        "description": (
            "Read-only JSON for the published explainers, their arguments, the Sources they "
            "cite and their topics (docs/api.md). No key, no cookies; cached for five "
            "minutes; rate-limited per network."
        ),
        "license": {
            "name": "CC BY 4.0 (the content, unless the site states another licence)",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        },
    },
    "servers": [{"url": "/api/v1"}],
    "paths": {
        "/": {
            "get": {
                "summary": "Links to the collections",
                "responses": {
                    "200": {
                        "description": "The collections and this document.",
                        **_json(
                            _object(
                                {
                                    "name": _string(),
                                    "version": _string(),
                                    "documentation": URL,
                                    "licence": _ref("Licence"),
                                    "explainers": URL,
                                    "sources": URL,
                                    "topics": URL,
                                }
                            )
                        ),
                    },
                    "429": RATE_LIMITED,
                },
            }
        },
        "/explainers/": _list(
            "Published explainers, newest first",
            "ExplainerSummary",
            [LANGUAGE_FILTER, TOPIC_FILTER],
        ),
        "/explainers/{pk}/": _detail("One explainer with its arguments and Sources", "Explainer"),
        "/sources/": _list("Sources cited by published explainers", "Source", []),
        "/sources/{pk}/": _detail("One Source", "Source"),
        "/topics/": _list("Topics", "Topic", [LANGUAGE_FILTER]),
        "/topics/{pk}/": _detail("One topic and its translations", "TopicDetail"),
    },
    "components": {"schemas": SCHEMAS},
}


def openapi_document():
    """The document, a copy the caller may change."""
    return copy.deepcopy(DOCUMENT)
