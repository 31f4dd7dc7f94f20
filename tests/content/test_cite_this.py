"""Cite and reuse: the content licence wherever the site states it, "Cite this explainer",
the citation downloads (parsed with real parsers), and the tags reference managers read."""

import datetime
import json
from email.message import Message

import bibtexparser
import feedparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from bs4 import BeautifulSoup
from wagtail.models import Locale, PageViewRestriction, Site

from content import citing_exports
from content.models import ArticleCorrection, LicenceSettings
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    StandardPageFactory,
    argument,
    cite,
    paragraph,
    pros_cons,
    publish,
)

pytestmark = pytest.mark.django_db

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"


@pytest.fixture
def sources():
    return [
        SourceFactory(
            title="Chongqing's cameras & the people who watch them",
            publisher="The Daily Example",
            authors="Ann Lee, Bo Chen",
            date_published=datetime.date(2025, 5, 6),
            url="https://news.example.org/chongqing",
            kind="press",
        ),
        SourceFactory(
            title="Public security video networks: annual report",
            publisher="Ministry of Examples",
            authors="",
            date_published=None,
            url="https://gov.example.org/report",
            kind="official",
        ),
    ]


@pytest.fixture
def article(site_tree, sources):
    page = ArticlePageFactory(
        parent=site_tree.index,
        title="Chongqing: how a megacity watches its people",
        slug="chongqing",
        first_published=datetime.date(2025, 6, 1),
        body=[
            paragraph(f"<p>The city has many cameras {cite(sources[0])}.</p>"),
            pros_cons(
                pros=[argument("Cameras deter crime", [sources[1]])],
                cons=[argument("Cameras watch everyone", [sources[0]])],
            ),
        ],
    )
    page = publish(page)
    ArticleCorrection.objects.create(
        page=page, date=datetime.date(2025, 7, 9), kind="update", text="New figures."
    )
    return page


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def download(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == content_type
    assert not response.cookies
    return response


def attachment_filename(response):
    message = Message()
    message["Content-Disposition"] = response["Content-Disposition"]
    assert message.get_content_disposition() == "attachment"
    return message.get_filename()


def parse_bibtex(text):
    return bibtexparser.loads(text, BibTexParser(common_strings=True)).entries


# --- The licence ---------------------------------------------------------------------------


def test_the_licence_is_cc_by_by_default_in_footer_article_json_ld_and_feeds(client, article):
    soup = read(client, article.url)

    footer = soup.find("footer", class_="site-footer")
    footer_link = footer.find("a", rel="license")
    assert footer_link["href"] == CC_BY
    assert footer_link.get_text() == "Creative Commons Attribution 4.0 International"
    assert "Text and the site's own images" in footer.get_text()

    reuse = soup.find("section", class_="reuse")
    assert reuse.find("a", rel="license")["href"] == CC_BY
    attribution = reuse.find(class_="reuse__attribution")
    assert " ".join(attribution.get_text().split()) == (
        "“Chongqing: how a megacity watches its people” by Surveillance, Explained, CC BY 4.0."
    )
    assert attribution.find("a")["href"] == article.get_full_url()

    [script] = soup.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["license"] == CC_BY
    assert soup.find("link", rel="license")["href"] == CC_BY

    # Read as a feed reader reads them: RSS <copyright> and Atom <rights> are both "rights".
    for url in ["/feeds/rss/", "/feeds/atom/"]:
        rights = feedparser.parse(client.get(url).content).feed.rights
        assert (
            rights
            == f"Surveillance, Explained. Text and the site's own images: CC BY 4.0 ({CC_BY})."
        ), url


def test_the_footer_states_the_licence_on_every_page(client, article, site_tree):
    for url in ["/", site_tree.index.url, site_tree.about.url, "/no-such-page/"]:
        response = client.get(url)
        soup = BeautifulSoup(response.content, "html.parser")
        link = soup.find("footer").find("a", rel="license")
        assert link is not None and link["href"] == CC_BY, url


def test_an_editors_choice_of_licence_shows_at_once_everywhere(client, article, site_tree):
    read(client, article.url)  # the default, now kept in the cache
    setting = LicenceSettings.for_site(Site.objects.get(is_default_site=True))
    setting.licence = "cc-by-sa-4.0"
    setting.holder = "The Example Collective"
    setting.save()

    soup = read(client, article.url)
    assert soup.find("footer").find("a", rel="license")["href"] == CC_BY_SA
    attribution = soup.find(class_="reuse__attribution").get_text()
    assert "by The Example Collective, CC BY-SA 4.0" in " ".join(attribution.split())
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["license"] == CC_BY_SA
    assert soup.find("meta", attrs={"name": "DC.rights"})["content"] == f"CC BY-SA 4.0 ({CC_BY_SA})"
    assert CC_BY_SA in feedparser.parse(client.get("/feeds/atom/").content).feed.rights
    entries = parse_bibtex(client.get(f"{article.url}cite.bib").content.decode())
    assert "CC BY-SA 4.0" in entries[0]["note"]


def test_another_licence_needs_a_name_and_an_address(site_tree):
    setting = LicenceSettings.for_site(Site.objects.get(is_default_site=True))
    setting.licence = "other"
    with pytest.raises(Exception) as error:
        setting.full_clean()
    assert set(error.value.message_dict) == {"custom_name", "custom_url"}

    setting.custom_name = "All rights reserved"
    setting.custom_url = "https://example.org/terms"
    setting.full_clean()
    licence = setting.as_licence()
    assert (licence.name, licence.url, licence.is_open) == (
        "All rights reserved",
        "https://example.org/terms",
        False,
    )


def test_all_rights_reserved_offers_no_attribution_to_reuse(client, article):
    setting = LicenceSettings.for_site(Site.objects.get(is_default_site=True))
    setting.licence = "other"
    setting.custom_name = "All rights reserved"
    setting.custom_url = "https://example.org/terms"
    setting.save()

    soup = read(client, article.url)
    assert soup.find(class_="reuse__attribution") is None
    assert "All rights reserved" in soup.find("section", class_="reuse").get_text()


# --- "Cite this explainer" -----------------------------------------------------------------


def test_cite_this_is_a_details_section_with_four_styles_and_three_downloads(client, article):
    soup = read(client, article.url)
    details = soup.find("details", class_="cite-this")
    assert details is not None
    assert details.find("summary").get_text(strip=True) == "Cite this explainer"
    styles = {
        div.find("dt").get_text(strip=True): " ".join(div.find("dd").get_text().split())
        for div in details.find("dl").find_all("div", recursive=False)
    }
    assert list(styles) == ["APA", "MLA", "Chicago", "BibTeX"]
    url = article.get_full_url()
    title = "Chongqing: how a megacity watches its people"
    # The correction of 9 July 2025 is the last update.
    assert styles["APA"] == f"Surveillance, Explained. (2025, July 9). {title}. {url}"
    assert styles["MLA"] == (
        f"“{title}.” Surveillance, Explained, 9 July 2025, "
        f"{url.removeprefix('http://')}. Accessed [date you read it]."
    )
    assert styles["Chicago"] == (
        f"Surveillance, Explained. “{title}.” Published June 1, 2025. "
        f"Last modified July 9, 2025. {url}."
    )
    [entry] = parse_bibtex(details.find("pre").get_text())
    assert entry["title"] == title

    links = {a.get_text(): a["href"] for a in details.find_all("a")}
    assert links == {
        "BibTeX (.bib)": f"{article.url}cite.bib",
        "RIS (.ris)": f"{article.url}cite.ris",
        "CSL-JSON (.json)": f"{article.url}cite.json",
    }


def test_bibtex_download_parses_with_the_organisation_as_one_author(client, article):
    response = download(client, f"{article.url}cite.bib", "application/x-bibtex; charset=utf-8")
    assert attachment_filename(response) == "surveillanceexplained2025chongqing.bib"

    [entry] = parse_bibtex(response.content.decode())
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["ID"] == "surveillanceexplained2025chongqing"
    assert entry["title"] == "Chongqing: how a megacity watches its people"
    assert entry["author"] == "{Surveillance, Explained}"  # braced: one corporate name
    assert entry["year"] == "2025"
    assert entry["date"] == "2025-06-01"
    assert entry["url"] == article.get_full_url()
    assert entry["language"] == "en-GB"
    assert entry["note"] == "Last updated 2025-07-09. Licence: CC BY 4.0"


def test_ris_download_parses_as_a_web_page(client, article):
    response = download(
        client, f"{article.url}cite.ris", "application/x-research-info-systems; charset=utf-8"
    )
    assert attachment_filename(response) == "surveillanceexplained2025chongqing.ris"

    [record] = rispy.loads(response.content.decode())
    assert record["type_of_reference"] == "ELEC"
    assert record["title"] == "Chongqing: how a megacity watches its people"
    assert record["authors"] == ["Surveillance, Explained"]
    assert record["publisher"] == "Surveillance, Explained"
    assert record["year"] == "2025"
    assert record["date"] == "2025/06/01"
    assert record["urls"] == [article.get_full_url()]
    assert record["language"] == "en-GB"
    assert "Last updated 2025/07/09." in record["notes"]


def test_csl_json_download_has_the_required_fields(client, article):
    response = download(
        client, f"{article.url}cite.json", "application/vnd.citationstyles.csl+json; charset=utf-8"
    )
    assert attachment_filename(response) == "surveillanceexplained2025chongqing.json"

    [item] = json.loads(response.content)
    assert item["id"] == "surveillanceexplained2025chongqing"
    assert item["type"] == "webpage"
    assert item["title"] == "Chongqing: how a megacity watches its people"
    assert item["author"] == [{"literal": "Surveillance, Explained"}]
    assert item["issued"] == {"date-parts": [[2025, 6, 1]]}
    assert item["URL"] == article.get_full_url()
    assert item["container-title"] == "Surveillance, Explained"
    assert item["license"] == f"CC BY 4.0 ({CC_BY})"


def test_the_downloads_are_plain_cacheable_gets(client, article):
    response = client.head(f"{article.url}cite.json")
    assert response.status_code == 200
    assert client.post(f"{article.url}cite.json").status_code == 405
    response = client.get(f"{article.url}cite.bib")
    assert "private" not in response.get("Cache-Control", "")
    assert "Set-Cookie" not in response


def test_a_title_with_bibtex_specials_is_escaped(site_tree):
    page = publish(
        ArticlePageFactory(
            parent=site_tree.index, title="100% of {cameras} & #tags_here", slug="specials"
        )
    )
    work = citing_exports.cited_work(
        page,
        url="https://example.org/explainers/specials/",
        site_name="Surveillance, Explained",
        language="en-GB",
        licence=citing_exports.licence_for_request(None),
    )
    [entry] = parse_bibtex(citing_exports.bibtex(work))
    assert entry["title"] == r"100\% of \{cameras\} \& \#tags\_here"


# --- The Sources list, downloadable ----------------------------------------------------------


def test_the_sources_list_links_to_its_downloads(client, article):
    soup = read(client, article.url)
    downloads = soup.find("section", class_="sources").find(class_="sources__downloads")
    links = {a.get_text(): a["href"] for a in downloads.find_all("a")}
    assert links == {
        "CSL-JSON": f"{article.url}sources.json",
        "BibTeX": f"{article.url}sources.bib",
    }


def test_the_sources_download_as_csl_json_and_bibtex(client, article, sources):
    response = download(
        client,
        f"{article.url}sources.json",
        "application/vnd.citationstyles.csl+json; charset=utf-8",
    )
    assert attachment_filename(response) == "chongqing-sources.json"
    items = json.loads(response.content)
    # Both Sources: the one cited inline and the one only an argument cites.
    assert [item["title"] for item in items] == [
        "Public security video networks: annual report",
        "Chongqing's cameras & the people who watch them",
    ]
    for item in items:
        assert {"id", "type", "title", "author", "URL"} <= set(item)
    press = items[1]
    assert press["type"] == "article-newspaper"
    assert press["author"] == [{"literal": "Ann Lee"}, {"literal": "Bo Chen"}]
    assert press["issued"] == {"date-parts": [[2025, 5, 6]]}
    assert press["accessed"] == {"date-parts": [[2025, 6, 1]]}
    assert items[0]["type"] == "report"
    assert items[0]["author"] == [{"literal": "Ministry of Examples"}]

    response = download(client, f"{article.url}sources.bib", "application/x-bibtex; charset=utf-8")
    assert attachment_filename(response) == "chongqing-sources.bib"
    entries = {entry["title"]: entry for entry in parse_bibtex(response.content.decode())}
    press = entries[r"Chongqing's cameras \& the people who watch them"]
    assert press["ENTRYTYPE"] == "article"
    assert press["author"] == "Ann Lee and Bo Chen"
    assert press["journal"] == "The Daily Example"
    assert press["year"] == "2025"
    assert press["url"] == "https://news.example.org/chongqing"
    report = entries["Public security video networks: annual report"]
    assert report["ENTRYTYPE"] == "techreport"
    assert report["institution"] == "Ministry of Examples"
    assert len({entry["ID"] for entry in entries.values()}) == 2


def test_a_standard_pages_sources_download_too(client, site_tree, sources):
    page = publish(
        StandardPageFactory(
            parent=site_tree.home,
            slug="methods",
            title="Methods",
            body=[paragraph(f"<p>We rely on {cite(sources[1])}.</p>")],
        )
    )
    [item] = json.loads(client.get(f"{page.url}sources.json").content)
    assert item["title"] == "Public security video networks: annual report"
    assert client.get(f"{page.url}cite.bib").status_code == 404  # explainers only


# --- In the head, for Zotero and library tools ---------------------------------------------


def zotero_reads(soup):
    """What Zotero's "Embedded Metadata" translator takes from the Highwire tags: <meta
    name> in <head>, authors split on semicolons, the date from citation_publication_date
    (else citation_date, else citation_online_date), the site from citation_journal_title
    else citation_publisher, the URL from citation_public_url else the full-text URL."""
    head = soup.find("head")

    def values(name):
        return [tag["content"] for tag in head.find_all("meta", attrs={"name": name})]

    def one(*names):
        for name in names:
            found = values(name)
            if found:
                assert len(found) == 1, name  # Zotero would join repeated tags with ", "
                return found[0]
        return None

    return {
        "title": one("citation_title"),
        "authors": [
            name.strip() for value in values("citation_author") for name in value.split(";")
        ],
        "date": one("citation_publication_date", "citation_date", "citation_online_date"),
        "site": one("citation_journal_title", "citation_publisher"),
        "url": one("citation_public_url", "citation_fulltext_html_url"),
        "language": one("citation_language"),
        "journal": one("citation_journal_title"),
    }


def test_highwire_tags_give_zotero_title_author_date_site_and_url(client, article):
    soup = read(client, article.url)
    assert zotero_reads(soup) == {
        "title": "Chongqing: how a megacity watches its people",
        "authors": ["Surveillance, Explained"],
        "date": "2025/06/01",
        "site": "Surveillance, Explained",
        "url": article.get_full_url(),
        "language": "en-GB",
        # Not a journal: Zotero would then save the explainer as a journal article.
        "journal": None,
    }
    head = soup.find("head")
    assert head.find("meta", attrs={"name": "citation_online_date"})["content"] == "2025/06/01"
    assert head.find("link", rel="schema.DC")["href"] == "http://purl.org/dc/elements/1.1/"
    dublin_core = {
        tag["name"]: tag["content"]
        for tag in head.find_all("meta")
        if tag.get("name", "").startswith("DC.")
    }
    assert dublin_core == {
        "DC.title": "Chongqing: how a megacity watches its people",
        "DC.creator": "Surveillance, Explained",
        "DC.date": "2025-06-01",
        "DC.publisher": "Surveillance, Explained",
        "DC.rights": f"CC BY 4.0 ({CC_BY})",
        "DC.language": "en-GB",
        "DC.identifier": article.get_full_url(),
    }


# --- In Chinese ----------------------------------------------------------------------------


def test_the_chinese_interface_labels_cite_and_reuse_in_chinese(client, article):
    # The language follows the address: the explainer's Chinese translation, under /zh-hans/.
    chinese = article.copy_for_translation(
        Locale.objects.get_or_create(language_code="zh-hans")[0], copy_parents=True
    )
    chinese.save_revision().publish()
    chinese.refresh_from_db()
    assert chinese.url.startswith("/zh-hans/")
    soup = read(client, chinese.url)
    assert soup.find("html")["lang"] == "zh-Hans"
    details = soup.find("details", class_="cite-this")
    assert details.find("summary").get_text(strip=True) == "引用本篇解读"
    assert "文献管理软件" in details.find(class_="cite-this__downloads").get_text()
    assert "[阅读日期]" in details.get_text()
    assert soup.find("h2", id="reuse-heading").get_text(strip=True) == "转载与引用"
    assert (
        "知识共享署名 4.0 国际许可协议（CC BY 4.0）"
        in soup.find("section", class_="reuse").get_text()
    )
    assert "本站自有图片" in soup.find("footer").get_text()
    assert "下载这些来源" in soup.find(class_="sources__downloads").get_text()
    head = soup.find("head")
    assert head.find("meta", attrs={"name": "citation_language"})["content"] == "zh-Hans"
    assert head.find("meta", attrs={"name": "DC.language"})["content"] == "zh-Hans"


# --- Bad input -----------------------------------------------------------------------------


def test_bad_addresses_are_404_not_500(client, article, site_tree):
    for url in [
        f"{article.url}cite.pdf",
        f"{article.url}cite.exe",
        f"{article.url}sources.ris",
        f"{site_tree.index.url}no-such-explainer/cite.bib",
        f"{site_tree.index.url}cite.bib",  # the index is not an explainer
        f"{site_tree.about.url}cite.bib",
        "/no/such/path/cite.json",
    ]:
        assert client.get(url).status_code == 404, url


def test_an_unpublished_or_private_explainer_has_no_citation_files(client, article, site_tree):
    draft = ArticlePageFactory(parent=site_tree.index, slug="draft", live=False)
    assert client.get(f"{site_tree.index.url}draft/cite.bib").status_code == 404
    assert client.get(f"{site_tree.index.url}draft/sources.json").status_code == 404
    assert draft.pk

    url = f"{article.url}cite.ris"
    assert client.get(url).status_code == 200
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert client.get(url).status_code == 404
    article.unpublish()
    assert client.get(f"{article.url}cite.json").status_code == 404
