"""The editors' weighing pages: per article over time and most weighed first, closing,
and a CSV of the counts without personal data."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from debate.models import WeighingClosure
from tests.debate.test_weighing import READER, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-long-1")
    client.force_login(user)
    return user


@pytest.fixture
def weighed(client, article):
    vote(client, article, "for-2", "convincing")
    vote(client, article, "for-2", "not-convincing", address="198.51.100.3")
    vote(client, article, "against-1", "convincing")
    return article


def test_the_report_shows_answers_over_time_and_the_most_weighed_first(client, weighed, editor):
    response = client.get(f"/admin/weighing/{weighed.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [h.get_text(" ", strip=True) for h in soup.select("section h3")]
    assert headings[0].startswith("Argument for: Deters theft")
    assert headings[1].startswith("Argument against: No privacy left in public")
    days = soup.select("#weighing-over-time-caption tbody tr")
    assert [td.get_text() for td in days[0].select("td")][1] == "3"
    assert "not a survey" in soup.get_text()
    index = client.get("/admin/weighing/")
    row = BeautifulSoup(index.content, "html.parser").find("a", string=weighed.title)
    assert row.find_parent("tr").select("td")[1].get_text() == "3"


def test_editors_can_close_and_reopen_weighing(client, weighed, editor):
    response = client.post(f"/admin/weighing/{weighed.pk}/toggle/")
    assert response.status_code == 302
    assert WeighingClosure.objects.filter(article=weighed).exists()
    client.logout()
    page = BeautifulSoup(client.get(weighed.url).content, "html.parser")
    assert not page.select("form[data-weigh]")
    assert "Weighing is closed on this article." in page.select_one(".weigh-question").get_text()
    refused = vote(client, weighed, "for-1", "convincing", address="198.51.100.77")
    assert refused.status_code == 403
    client.force_login(editor)
    client.post(f"/admin/weighing/{weighed.pk}/toggle/")
    assert not WeighingClosure.objects.exists()
    assert client.get(f"/admin/weighing/{weighed.pk}/toggle/").status_code == 405


def test_the_csv_has_the_counts_and_nothing_personal(client, weighed, editor):
    response = client.get(f"/admin/weighing/{weighed.pk}/weighing.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["day", "language", "target", "choice", "count"]
    body = {(row[2], row[3]): row[4] for row in rows[1:]}
    assert body == {
        ("for-2", "convincing"): "1",
        ("for-2", "not-convincing"): "1",
        ("against-1", "convincing"): "1",
    }
    assert READER not in response.content.decode()


def test_readers_cannot_see_the_editors_pages(client, weighed):
    response = client.get(f"/admin/weighing/{weighed.pk}/weighing.csv")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_report_lists_the_most_discussed_arguments(client, article, editor):
    from comments.models import Comment, CommentStatus

    def comment(argument, status=CommentStatus.APPROVED):
        return Comment.objects.create(
            article=article, argument=argument, display_name="Wei", body="…", status=status
        )

    empty = BeautifulSoup(client.get(f"/admin/weighing/{article.pk}/").content, "html.parser")
    assert "No comment discusses one argument yet" in empty.get_text()

    comment("against-1")
    comment("for-2")
    comment("for-2")
    comment("for-2", CommentStatus.PENDING)
    comment("for-9")  # an argument since removed from the article
    comment("")  # about the article as a whole: not listed
    comment("against-1", CommentStatus.REJECTED)  # neither published nor waiting
    soup = BeautifulSoup(client.get(f"/admin/weighing/{article.pk}/").content, "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup.select("table[aria-labelledby=most-discussed] tbody tr")
    ]
    assert rows[0][0].startswith("Argument for: Deters theft")
    assert rows[0][1:] == ["2", "1"]
    assert rows[1][0].startswith("Argument against: No privacy left in public")
    assert rows[1][1:] == ["1", "0"]
    assert rows[2] == ["No longer in the explainer #for-9", "1", "0"]
    assert len(rows) == 3
    link = soup.select_one("table[aria-labelledby=most-discussed] a")
    assert link["href"] == f"{article.url}?about=for-2#comments"


def test_the_list_has_one_row_per_explainer_with_its_languages_together(client, weighed, editor):
    from wagtail.models import Locale

    chinese = Locale.objects.get_or_create(language_code="zh-hans")[0]
    translated = weighed.copy_for_translation(chinese, copy_parents=True)
    translated.title = "重庆：摄像头之城"
    translated.save_revision().publish()
    vote(client, translated, "for-1", "convincing", address="198.51.100.40")
    soup = BeautifulSoup(client.get("/admin/weighing/").content, "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup.select("tbody tr")
    ]
    assert rows == [[weighed.title, "4", "Open"]]


def test_an_explainer_only_in_chinese_still_has_its_row(client, editor, tree):
    from wagtail.models import Locale

    from tests.content.factories import ArticlePageFactory

    chinese = Locale.objects.get_or_create(language_code="zh-hans")[0]
    index = tree.index.copy_for_translation(chinese, copy_parents=True)
    index.save_revision().publish()
    only_chinese = ArticlePageFactory(parent=index, title="深圳的公交车", slug="shenzhen-gongjiao")
    soup = BeautifulSoup(client.get("/admin/weighing/").content, "html.parser")
    titles = [row.select_one("td").get_text(strip=True) for row in soup.select("tbody tr")]
    assert titles == [only_chinese.title]
