"""How the site's PostgreSQL connections are set up for a web workload."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_queries_are_not_jit_compiled():
    # With 10,000 explainers the home page's listing query crossed the planner's JIT
    # threshold: 0.5-0.9 s of compiling before a query that runs in under 5 ms.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
