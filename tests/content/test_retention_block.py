"""The Privacy page's retention periods come from the settings `manage.py retention` uses."""

import re

from bs4 import BeautifulSoup
from django.test import override_settings

from content.blocks import DataRetentionBlock, StandardBodyBlock
from content.blocks.streams import ArticleBodyBlock


def periods_on(client, path):
    """Every "N day(s)" a reader sees in the page's main content."""
    response = client.get(path)
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").main.get_text(" ", strip=True)
    return text, set(re.findall(r"\b(\d+) days?\b", text))


def test_privacy_page_shows_the_deployed_retention_periods(client, demo_site):
    text, periods = periods_on(client, "/privacy/")
    # 1 day: weighing's once-a-day fingerprints (debate), gone when their day is over;
    # 30 days also: closed tip-offs (tipoffs, RETENTION_TIPOFF_DAYS).
    assert periods == {"1", "30", "90"}
    assert "How long we keep it" in text


@override_settings(RETENTION_KEYS_DAYS=7, RETENTION_REJECTED_DAYS=45, RETENTION_TIPOFF_DAYS=14)
def test_privacy_page_changes_when_the_retention_settings_change(client, demo_site):
    """No period on the page is typed by an editor: all of them follow the settings."""
    text, periods = periods_on(client, "/privacy/")
    assert periods == {"1", "7", "14", "45"}
    assert "14 days Tip-offs sent through the contact page" in text
    assert "7 days Failed sign-ins to the admin" in text
    assert "45 days Comments the editors reject or mark as spam" in text


@override_settings(RETENTION_KEYS_DAYS=1, RETENTION_REJECTED_DAYS=2, RETENTION_TIPOFF_DAYS=3)
def test_retention_block_renders_each_period_in_words():
    soup = BeautifulSoup(DataRetentionBlock().render(None), "html.parser")
    periods = [dt.get_text(strip=True) for dt in soup.select("dl.retention-list dt")]
    assert periods == ["1 day", "1 day", "1 day", "1 day", "2 days", "1 day", "3 days"]


def test_retention_block_is_for_standard_pages_not_articles():
    assert "data_retention" in StandardBodyBlock.base_blocks
    assert "data_retention" not in ArticleBodyBlock.base_blocks
