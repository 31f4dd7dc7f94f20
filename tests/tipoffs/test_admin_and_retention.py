"""Tip-offs in the admin (Editors and Moderators read them; nobody adds or rewrites one),
and how long they are kept: `retention` deletes closed ones, `privacy_report` counts them,
the Privacy page's list names them."""

from datetime import timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from content.blocks.retention import retention_periods
from tipoffs.models import TipOff, TipOffKeySecret, TipOffStatus

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/tipoffs/tipoff/"


def member_of(group_name):
    user = get_user_model().objects.create_user(group_name.lower(), password="pw-long-1")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def tipoffs():
    now = timezone.now()
    older = TipOff.objects.create(
        message="Older: the buses film passengers.", language="zh-hans", created=now - timedelta(1)
    )
    newer = TipOff.objects.create(message="Newer: the cameras record sound.", language="en")
    return older, newer


@pytest.mark.parametrize("group_name", ["Editors", "Moderators"])
def test_editors_and_moderators_see_the_tip_offs_newest_first(client, tipoffs, group_name):
    client.force_login(member_of(group_name))
    response = client.get(LIST)
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("tbody tr")
    cells = [" ".join(row.get_text(" ").split()) for row in rows]
    assert "Newer: the cameras record sound." in cells[0]
    assert "Older: the buses film passengers." in cells[1]
    assert "New" in cells[0] and "简体中文" in cells[1]


def test_readers_and_other_admin_users_cannot_see_them(client, tipoffs):
    assert client.get(LIST).status_code == 302  # to the sign-in page
    outsider = get_user_model().objects.create_user("outsider", password="pw-long-1")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    response = client.get(LIST, follow=True)
    assert b"Older: the buses" not in response.content


def test_nobody_adds_a_tip_off_or_rewrites_one_in_the_admin(client, tipoffs):
    _, newer = tipoffs
    editor = get_user_model().objects.create_superuser("chief", "c@example.org", "pw-long-1")
    client.force_login(editor)
    assert client.get(LIST + "add/").status_code in (302, 403, 404)
    response = client.post(
        f"{LIST}edit/{newer.pk}/",
        {"status": "closed", "message": "Rewritten by an editor", "contact": "x"},
    )
    assert response.status_code == 302
    newer.refresh_from_db()
    assert newer.status == "closed" and newer.closed_at is not None
    assert newer.message == "Newer: the cameras record sound."
    assert newer.contact == ""


def test_retention_deletes_tip_offs_closed_long_enough_ago(settings):
    settings.RETENTION_TIPOFF_DAYS = 30
    now = timezone.now()
    long_closed = TipOff.objects.create(message="a", language="en", status="closed")
    TipOff.objects.filter(pk=long_closed.pk).update(closed_at=now - timedelta(days=31))
    just_closed = TipOff.objects.create(
        message="b", language="en", status="closed", contact="me@example.org"
    )
    never_closed = TipOff.objects.create(
        message="c", language="en", created=now - timedelta(days=400)
    )
    TipOffKeySecret.objects.create(day=now.date() - timedelta(days=1), secret="old")
    TipOffKeySecret.objects.create(day=now.date(), secret="today")
    out = StringIO()
    call_command("retention", stdout=out)
    assert "deleted 1 tip-offs closed more than 30 days ago" in out.getvalue()
    assert set(TipOff.objects.values_list("pk", flat=True)) == {just_closed.pk, never_closed.pk}
    assert list(TipOffKeySecret.objects.values_list("secret", flat=True)) == ["today"]


def test_reopening_stops_the_retention_clock():
    tipoff = TipOff.objects.create(message="a", language="en", status=TipOffStatus.CLOSED)
    assert tipoff.closed_at is not None
    tipoff.status = TipOffStatus.READ
    tipoff.save(update_fields=["status"])
    tipoff.refresh_from_db()
    assert tipoff.closed_at is None


def test_the_privacy_report_and_page_name_tip_offs(settings):
    settings.RETENTION_TIPOFF_DAYS = 45
    TipOff.objects.create(message="a", language="en", contact="me@example.org")
    out = StringIO()
    call_command("privacy_report", stdout=out)
    report = {line.split("  ")[0]: line for line in out.getvalue().splitlines()}
    assert "until closed by an editor, then 45 days" in report["Tip-offs (message, language)"]
    assert " 1 " in report["Tip-offs' contact details"]
    periods = [period for period in retention_periods() if "contact page" in period.what]
    assert [period.period for period in periods] == ["45 days"]
