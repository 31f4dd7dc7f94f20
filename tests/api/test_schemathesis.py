"""The live API against its own OpenAPI document (schemathesis): every operation, with
generated valid and invalid parameters, answers as documented and never with a 500.

One live server and one small published world for the whole run; runs in CI like any test.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.api.conftest import build_world
from tests.content.factories import ensure_wagtail_base

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = {GenerationMode.POSITIVE: 120, GenerationMode.NEGATIVE: 60}


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
def test_the_api_keeps_to_its_openapi_document(live_server, settings_override, mode):
    ensure_wagtail_base()
    world = build_world()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    base_url = f"{live_server.url}/api/v1"
    calls = []

    @given(case=schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call_and_validate(base_url=base_url)
        calls.append(response.status_code)

    check()
    assert calls and 500 not in calls
    assert 200 in calls
    # Generated ids rarely name a record: every record of the world is checked as well.
    records = {
        "/explainers/{pk}/": [world.article.pk, world.translated.pk, world.older.pk],
        "/sources/{pk}/": [source.pk for source in world.sources[:2]],
        "/topics/{pk}/": [world.topic.pk, world.topic_zh.pk],
    }
    for path, ids in records.items():
        for pk in ids:
            case = schema[path]["GET"].Case(path_parameters={"pk": pk})
            assert case.call_and_validate(base_url=base_url).status_code == 200


@pytest.fixture
def settings_override(settings):
    settings.API_RATE_LIMIT = "100000/minute"
