"""Moderating comments through the Wagtail admin: the queue, the thread, actions, history."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from comments.models import (
    Comment,
    CommentReport,
    CommentStatus,
    HeldReason,
    RejectionReason,
    ReportReason,
)
from comments.moderation_admin.viewsets import CommentViewSet
from tests.content.factories import ArticlePageFactory, build_site_tree

QUEUE_URL = reverse("wagtailsnippets_comments_comment:list")


def admin_url(view, comment, *args):
    return reverse(f"wagtailsnippets_comments_comment:{view}", args=[comment.pk, *args])


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def queue_rows(response):
    """The excerpt shown in each row of the queue's table."""
    return [
        cell.get_text(" ", strip=True)
        for cell in soup(response).select("tbody td.title .title-wrapper a")
    ]


def queue_row(page, excerpt):
    """The queue's table row whose comment reads ``excerpt``."""
    for link in page.select("tbody td.title .title-wrapper a"):
        if link.get_text(" ", strip=True) == excerpt:
            return link.find_parent("tr")
    raise AssertionError(f"no row for {excerpt!r}")


def make_comment(article, body, **fields):
    fields.setdefault("display_name", "Lin")
    return Comment.objects.create(article=article, body=body, **fields)


@pytest.fixture
def articles(db):
    tree = build_site_tree()
    chongqing = ArticlePageFactory(parent=tree.index, title="Chongqing's cameras")
    shenzhen = ArticlePageFactory(parent=tree.index, title="Shenzhen's buses")
    return chongqing, shenzhen


@pytest.fixture
def comments(articles):
    """Two held, one hidden by reports, one reported but visible, one under review, two done."""
    chongqing, shenzhen = articles
    day = timezone.now() - datetime.timedelta(days=10)
    made = {
        "first_timer": make_comment(
            chongqing,
            "Who watches the watchers?",
            status=CommentStatus.PENDING,
            held_reason=HeldReason.FIRST_TIME,
            created=day,
        ),
        "links": make_comment(
            shenzhen,
            "See example.org and example.net",
            display_name="Mei",
            status=CommentStatus.PENDING,
            held_reason=HeldReason.LINKS,
            held_detail="2 links",
        ),
        "hidden": make_comment(
            chongqing,
            "Rude words about the author",
            display_name="Troll",
            status=CommentStatus.HIDDEN,
            held_reason=HeldReason.REPORTS,
            held_detail="3 reader reports",
        ),
        "reported": make_comment(chongqing, "Slightly off topic", status=CommentStatus.APPROVED),
        "review_after": make_comment(
            chongqing,
            "Published straight away",
            status=CommentStatus.APPROVED,
            needs_review=True,
            held_reason=HeldReason.REVIEW_AFTER,
        ),
        "approved": make_comment(
            chongqing, "A fine approved comment", status=CommentStatus.APPROVED
        ),
        "spam": make_comment(chongqing, "Buy cheap watches", status=CommentStatus.SPAM),
    }
    for _ in range(3):
        CommentReport.objects.create(comment=made["hidden"], reason=ReportReason.ABUSE)
    CommentReport.objects.create(comment=made["reported"], reason=ReportReason.OFF_TOPIC)
    CommentReport.objects.create(comment=made["approved"], reason=ReportReason.SPAM, dismissed=True)
    return made


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    client.user = editor
    return client


@pytest.fixture
def moderator_client(client, django_user_model):
    """A member of a Moderators group with only view/change/delete on comments."""
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="comments",
            codename__in=["view_comment", "change_comment", "delete_comment"],
        ),
    )
    moderator = django_user_model.objects.create_user("moderator", password="pw")
    moderator.groups.add(group)
    client.force_login(moderator)
    client.user = moderator
    return client


@pytest.fixture
def outsider_client(client, django_user_model):
    """Can log into the admin, but has no permission on comments."""
    user = django_user_model.objects.create_user("writer", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


def history(comment):
    return [entry.action for entry in log_action_registry.get_logs_for_instance(comment)]


# --- The queue -----------------------------------------------------------------------


def test_queue_lists_held_hidden_reported_and_review_comments_by_default(editor_client, comments):
    response = editor_client.get(QUEUE_URL)

    assert response.status_code == 200
    rows = queue_rows(response)
    assert sorted(rows) == sorted(
        [
            "Who watches the watchers?",
            "See example.org and example.net",
            "Rude words about the author",
            "Slightly off topic",
            "Published straight away",
        ]
    )


def test_queue_row_says_why_a_comment_waits_and_what_readers_reported(editor_client, comments):
    page = soup(editor_client.get(QUEUE_URL))

    links_row = queue_row(page, "See example.org and example.net")
    assert "Contains links" in links_row.get_text()
    assert "2 links" in links_row.get_text()
    assert "Held for moderation" in links_row.get_text()
    assert "Shenzhen's buses" in links_row.get_text()

    reported_row = queue_row(page, "Slightly off topic")
    assert "Reported by readers" in reported_row.get_text()
    assert "Off-topic" in reported_row.get_text()

    hidden_row = queue_row(page, "Rude words about the author")
    assert "Hidden after reader reports" in hidden_row.get_text()
    assert "Abusive or hateful ×3" in hidden_row.get_text()


def test_queue_row_links_to_the_comment_in_its_thread(editor_client, comments):
    page = soup(editor_client.get(QUEUE_URL))

    link = queue_row(page, "Who watches the watchers?").select_one(".title-wrapper a")
    assert link["href"] == admin_url("inspect", comments["first_timer"])


def test_status_filter_shows_other_statuses_and_everything(editor_client, comments):
    spam = queue_rows(editor_client.get(QUEUE_URL, {"status": "spam"}))
    everything = queue_rows(editor_client.get(QUEUE_URL, {"status": "all"}))

    assert spam == ["Buy cheap watches"]
    assert len(everything) == len(comments)


def test_article_filter_keeps_one_articles_comments(editor_client, comments, articles):
    shenzhen = articles[1]

    rows = queue_rows(editor_client.get(QUEUE_URL, {"article": shenzhen.pk}))

    assert rows == ["See example.org and example.net"]


def test_article_filter_is_a_chooser_not_a_list_of_every_article(editor_client, comments, articles):
    """At 10,000 explainers a <select> of every article was most of the queue's time."""
    shenzhen = articles[1]

    page = soup(editor_client.get(QUEUE_URL, {"article": shenzhen.pk}))

    article_filter = page.select_one("[name=article]")
    assert article_filter.name == "input"
    assert article_filter["value"] == str(shenzhen.pk)
    assert not page.select("select[name=article] option")
    assert page.select_one("#id_article-title").get_text(strip=True) == shenzhen.title
    assert "Choose another article" in page.select_one("[data-chooser-action-choose]").get_text()


def test_date_filter_keeps_comments_posted_in_the_range(editor_client, comments):
    ten_days_ago = (timezone.now() - datetime.timedelta(days=10)).date()

    rows = queue_rows(
        editor_client.get(
            QUEUE_URL, {"created_from": ten_days_ago.isoformat(), "created_to": ten_days_ago}
        )
    )

    assert rows == ["Who watches the watchers?"]


def test_search_finds_body_text_and_display_name(editor_client, comments):
    by_text = queue_rows(editor_client.get(QUEUE_URL, {"q": "watchers"}))
    by_name = queue_rows(editor_client.get(QUEUE_URL, {"q": "troll"}))

    assert by_text == ["Who watches the watchers?"]
    assert by_name == ["Rude words about the author"]


def test_queue_offers_no_way_to_add_a_comment(editor_client, comments):
    response = editor_client.get(QUEUE_URL)

    assert reverse("wagtailsnippets_comments_comment:add") not in response.content.decode()
    add_page = editor_client.get(reverse("wagtailsnippets_comments_comment:add"))
    assert add_page.status_code == 302  # Wagtail's answer to PermissionDenied
    assert add_page["Location"] == reverse("wagtailadmin_home")


def test_edit_address_opens_the_thread_instead_of_a_form(editor_client, comments):
    response = editor_client.get(admin_url("edit", comments["first_timer"]))

    assert response.status_code == 302
    assert response["Location"] == admin_url("inspect", comments["first_timer"])


# --- One comment in its thread -------------------------------------------------------


def test_thread_view_shows_parent_chain_and_replies_with_statuses(editor_client, articles):
    chongqing = articles[0]
    root = make_comment(chongqing, "The opening question", status=CommentStatus.APPROVED)
    middle = make_comment(
        chongqing, "A held reply", parent=root, depth=2, status=CommentStatus.PENDING
    )
    reply = make_comment(
        chongqing, "A reply to the held one", parent=middle, depth=3, status=CommentStatus.SPAM
    )
    make_comment(chongqing, "Unrelated thread", status=CommentStatus.APPROVED)

    page = soup(editor_client.get(admin_url("inspect", middle)))

    cards = page.select(".comment-thread article")
    texts = [card.get_text(" ", strip=True) for card in cards]
    assert [
        ("The opening question" in t, "A held reply" in t, "A reply to" in t) for t in texts
    ] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]
    assert "Approved" in texts[0]
    assert "Held for moderation" in texts[1]
    assert "Spam" in texts[2]
    assert cards[1]["aria-current"] == "true"
    assert not any("Unrelated thread" in t for t in texts)
    assert page.find("a", href=admin_url("inspect", reply)) is not None


def test_thread_view_links_to_the_article_editor_to_close_comments(editor_client, comments):
    page = soup(editor_client.get(admin_url("inspect", comments["first_timer"])))

    edit_url = reverse("wagtailadmin_pages:edit", args=[comments["first_timer"].article_id])
    assert page.find("a", href=edit_url, string="close them in the page editor") is not None


# --- Actions on one comment ----------------------------------------------------------


def test_approving_a_comment_publishes_it_and_records_who_did_it(editor_client, comments):
    comment = comments["first_timer"]

    response = editor_client.post(admin_url("moderate", comment, "approve"), {"next": QUEUE_URL})

    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert comment.held_reason == HeldReason.NONE
    entry = log_action_registry.get_logs_for_instance(comment).get()
    assert entry.action == "comments.approve"
    assert entry.user == editor_client.user
    assert entry.message == "Approved (was: Held for moderation)"


def test_approving_a_comment_hidden_by_reports_dismisses_the_reports(editor_client, comments):
    comment = comments["hidden"]

    editor_client.post(admin_url("moderate", comment, "approve"))

    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert not comment.reports.filter(dismissed=False).exists()
    assert "Rude words about the author" not in queue_rows(editor_client.get(QUEUE_URL))


def test_unknown_action_is_refused(editor_client, comments):
    response = editor_client.post(admin_url("moderate", comments["links"], "publish"))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    comments["links"].refresh_from_db()
    assert comments["links"].status == CommentStatus.PENDING


def test_moderating_needs_a_post(editor_client, comments):
    response = editor_client.get(admin_url("moderate", comments["links"], "approve"))

    assert response.status_code == 405


def test_deleting_one_comment_erases_it_but_keeps_its_replies(editor_client, articles):
    chongqing = articles[0]
    parent = make_comment(chongqing, "Personal details here", status=CommentStatus.HIDDEN)
    reply = make_comment(chongqing, "A reply", parent=parent, depth=2, status="approved")

    confirm = editor_client.get(admin_url("delete", parent))
    response = editor_client.post(admin_url("delete", parent))

    assert "its replies stay" in confirm.content.decode()
    assert response.status_code == 302
    parent.refresh_from_db()
    assert (parent.status, parent.body, parent.display_name) == (CommentStatus.REJECTED, "", "")
    assert Comment.objects.filter(pk=reply.pk).exists()
    assert history(parent) == ["comments.delete"]
    # Readers are told the truth: the editors removed it, not its author.
    page = Client().get(chongqing.url).content.decode()
    assert "[removed by the editors]" in page
    assert "[deleted by its author]" not in page


# --- Bulk actions --------------------------------------------------------------------


def bulk_url(action, *comments):
    query = "&".join(f"id={comment.pk}" for comment in comments)
    return reverse("wagtail_bulk_action", args=["comments", "comment", action]) + "?" + query


@pytest.mark.parametrize(
    ("action", "status", "log_action"),
    [
        ("approve", CommentStatus.APPROVED, "comments.approve"),
        ("reject", CommentStatus.REJECTED, "comments.reject"),
        ("spam", CommentStatus.SPAM, "comments.spam"),
        ("delete", CommentStatus.REJECTED, "comments.delete"),
    ],
)
def test_bulk_action_changes_every_selected_comment_and_logs_each(
    editor_client, comments, action, status, log_action
):
    chosen = [comments["first_timer"], comments["links"]]

    confirmation = editor_client.get(bulk_url(action, *chosen))
    response = editor_client.post(bulk_url(action, *chosen), {"reason": "off_topic"})

    assert confirmation.status_code == 200
    assert "Who watches the watchers?" in confirmation.content.decode()
    assert response.status_code == 302
    for comment in chosen:
        comment.refresh_from_db()
        assert comment.status == status
        assert history(comment) == [log_action]
    assert comments["hidden"].reports.filter(dismissed=False).count() == 3  # untouched


def test_bulk_delete_erases_instead_of_removing_rows(editor_client, comments):
    editor_client.post(bulk_url("delete", comments["spam"]))

    assert Comment.objects.filter(pk=comments["spam"].pk, body="").exists()


def test_bulk_select_all_acts_only_on_what_the_filtered_queue_shows(
    editor_client, comments, articles
):
    shenzhen = articles[1]
    url = reverse("wagtail_bulk_action", args=["comments", "comment", "reject"])

    editor_client.post(f"{url}?id=all&article={shenzhen.pk}", {"reason": "advertising"})

    rejected = Comment.objects.filter(status=CommentStatus.REJECTED)
    assert list(rejected) == [comments["links"]]


def test_moderation_shows_in_the_site_history_report(editor_client, comments):
    editor_client.post(admin_url("moderate", comments["links"], "spam"))

    response = editor_client.get(reverse("wagtailadmin_reports:site_history"))

    assert "Marked as spam" in response.content.decode()
    assert ModelLogEntry.objects.filter(action="comments.spam").count() == 1


def test_comment_history_view_lists_moderation(editor_client, comments):
    editor_client.post(admin_url("moderate", comments["links"], "reject"), {"reason": "off_topic"})

    response = editor_client.get(admin_url("history", comments["links"]))

    assert "Rejected (was: Held for moderation): Off-topic" in response.content.decode()


# --- Menu badge and dashboard --------------------------------------------------------


def sidebar_menu_item(response, name):
    """The sidebar's props for one menu item (the sidebar is rendered by JavaScript)."""
    props = json.loads(soup(response).find(id="wagtail-sidebar-props").string)

    def walk(value):
        if isinstance(value, dict):
            if value.get("_type") == "wagtail.sidebar.LinkMenuItem":
                args = value["_args"][0]
                if args.get("name") == name:
                    return args
            for child in value.values():
                if (found := walk(child)) is not None:
                    return found
        elif isinstance(value, list):
            for child in value:
                if (found := walk(child)) is not None:
                    return found
        return None

    return walk(props)


def test_menu_badge_counts_comments_awaiting_moderation(editor_client, comments):
    item = sidebar_menu_item(editor_client.get(reverse("wagtailadmin_home")), "comments")

    assert item["label"] == "Comments"
    assert item["attrs"]["data-pending-count"] == "5"
    assert item["attrs"]["aria-label"] == "Comments, 5 awaiting moderation"


def test_menu_badge_disappears_and_queue_says_so_when_nothing_waits(editor_client, articles):
    make_comment(articles[0], "All fine", status=CommentStatus.APPROVED)

    item = sidebar_menu_item(editor_client.get(reverse("wagtailadmin_home")), "comments")
    queue = editor_client.get(QUEUE_URL)

    assert "data-pending-count" not in item["attrs"]
    assert queue_rows(queue) == []
    assert "No comment is awaiting moderation" in queue.content.decode()


def test_dashboard_panel_shows_the_count_and_newest_waiting_comments(editor_client, comments):
    page = soup(editor_client.get(reverse("wagtailadmin_home")))

    panel = page.find(id="comments-awaiting-moderation-section") or page.find(
        id="comments-awaiting-moderation"
    )
    assert panel is not None
    text = panel.get_text(" ", strip=True)
    assert "5 comments await moderation" in text
    assert "Who watches the watchers?" in text
    assert "A fine approved comment" not in text
    assert panel.find("a", href=QUEUE_URL) is not None


# --- Permissions ---------------------------------------------------------------------


def test_moderator_can_use_the_queue_and_moderate(moderator_client, comments):
    home = moderator_client.get(reverse("wagtailadmin_home"))
    queue = moderator_client.get(QUEUE_URL)
    moderator_client.post(bulk_url("approve", comments["links"]))

    assert sidebar_menu_item(home, "comments") is not None
    assert queue.status_code == 200
    comments["links"].refresh_from_db()
    assert comments["links"].status == CommentStatus.APPROVED


def test_user_without_comment_permissions_sees_no_menu_queue_or_panel(outsider_client, comments):
    home = outsider_client.get(reverse("wagtailadmin_home"))

    assert home.status_code == 200
    assert sidebar_menu_item(home, "comments") is None
    assert "Comments awaiting moderation" not in home.content.decode()
    assert outsider_client.get(QUEUE_URL).status_code == 302  # permission denied: redirect
    assert outsider_client.get(admin_url("inspect", comments["links"])).status_code == 302


def test_user_without_comment_permissions_cannot_moderate(outsider_client, comments):
    single = outsider_client.post(admin_url("moderate", comments["links"], "approve"))
    outsider_client.post(bulk_url("approve", comments["first_timer"]))

    assert single.status_code == 302
    assert single["Location"] == reverse("wagtailadmin_home")
    for comment in (comments["links"], comments["first_timer"]):
        comment.refresh_from_db()
        assert comment.status == CommentStatus.PENDING


# --- Cost ----------------------------------------------------------------------------


def test_menu_badge_count_is_one_query(rf, editor_client, comments, django_assert_num_queries):
    menu_item = CommentViewSet().get_menu_item()
    request = rf.get("/admin/")
    request.user = editor_client.user

    with django_assert_num_queries(1):
        component = menu_item.render_component(request)

    assert component.attrs["data-pending-count"] == "5"


def test_queue_queries_do_not_grow_with_the_number_of_comments(editor_client, articles):
    def queries_for_queue():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(QUEUE_URL).status_code == 200
        return len(captured.captured_queries)

    for article in articles:
        comment = make_comment(article, "Held", status=CommentStatus.PENDING)
        CommentReport.objects.create(comment=comment, reason=ReportReason.SPAM)
    few = queries_for_queue()
    for index in range(20):
        comment = make_comment(articles[index % 2], f"Held {index}", status=CommentStatus.HIDDEN)
        CommentReport.objects.create(comment=comment, reason=ReportReason.ABUSE)

    assert queries_for_queue() == few


def test_moderator_without_page_permissions_is_told_who_can_close_comments(
    moderator_client, comments
):
    page = soup(moderator_client.get(admin_url("inspect", comments["first_timer"])))
    queue = soup(moderator_client.get(QUEUE_URL))

    edit_url = reverse("wagtailadmin_pages:edit", args=[comments["first_timer"].article_id])
    assert "an editor of the article can close them" in page.get_text(" ", strip=True)
    assert page.find("a", href=edit_url) is None
    assert queue.find("a", href=edit_url) is None


def test_history_view_leads_back_to_the_thread(editor_client, comments):
    page = soup(editor_client.get(admin_url("history", comments["links"])))

    links = page.find_all("a", href=admin_url("inspect", comments["links"]))
    assert "View in thread" in [link.get_text(" ", strip=True) for link in links]
    assert "Edit" not in [link.get_text(" ", strip=True) for link in links]


# --- An author's edit, in front of the moderator (issue 11.4) -------------------------


@pytest.fixture
def edited_comment(articles):
    return make_comment(
        articles[0],
        "The cameras keep footage for 90 days, says the bureau.",
        previous_body="The cameras keep footage for 30 days.",
        status=CommentStatus.APPROVED,
        needs_review=True,
        held_reason=HeldReason.EDITED,
        edited=timezone.now(),
    )


def test_queue_shows_an_edited_comment_and_what_it_was(editor_client, edited_comment):
    row = queue_row(
        soup(editor_client.get(QUEUE_URL)),
        "The cameras keep footage for 90 days, says the bureau.",
    )

    text = row.get_text(" ", strip=True)
    assert "Edited by its author after it was published" in text
    assert "Before its author's edit: “The cameras keep footage for 30 days.”" in text


def test_thread_view_shows_the_words_the_author_changed(editor_client, edited_comment):
    page = soup(editor_client.get(admin_url("inspect", edited_comment)))

    change = page.select_one(".comment-change")
    assert "Changed by its author" in change.get_text()
    assert [tag.get_text() for tag in change.select("p del")] == ["30 days."]
    assert [tag.get_text() for tag in change.select("p ins")] == ["90 days, says the bureau."]


def test_approving_an_edited_comment_takes_it_out_of_the_queue(editor_client, edited_comment):
    editor_client.post(admin_url("moderate", edited_comment, "approve"))

    edited_comment.refresh_from_db()
    assert (edited_comment.previous_body, edited_comment.needs_review) == ("", False)
    assert queue_rows(editor_client.get(QUEUE_URL)) == []


# --- Rejecting asks why; commenters who asked are told (issue 10.5) -------------------


@pytest.fixture
def waiting_for_a_decision(articles):
    """Two held comments whose authors asked to hear the editor's decision."""
    made = []
    for name, body in [("Mei", "Is sound recorded too?"), ("Tom", "Visit my shop")]:
        comment = make_comment(articles[0], body, display_name=name, status=CommentStatus.PENDING)
        comment.start_notifications(f"{name.lower()}@example.org", replies=False, decision=True)
        comment.save()
        made.append(comment)
    return made


def test_thread_view_asks_why_before_rejecting(editor_client, waiting_for_a_decision):
    page = soup(editor_client.get(admin_url("inspect", waiting_for_a_decision[0])))

    form = page.select_one("form.comment-reject")
    assert form["action"] == admin_url("moderate", waiting_for_a_decision[0], "reject")
    options = [option.get_text() for option in form.select("select[name=reason] option")]
    assert options == ["Choose a reason…", *[label for _, label in RejectionReason.choices]]
    assert form.select_one("select")["required"] is not None


def test_rejecting_without_a_reason_changes_nothing_and_says_why(
    editor_client, waiting_for_a_decision
):
    comment = waiting_for_a_decision[0]

    response = editor_client.post(admin_url("moderate", comment, "reject"), follow=True)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert "Choose why the comment is not published" in response.content.decode()
    assert mail.outbox == []


def test_rejecting_one_comment_emails_its_author_the_reason(
    editor_client, waiting_for_a_decision, django_capture_on_commit_callbacks
):
    comment = waiting_for_a_decision[0]

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(admin_url("moderate", comment, "reject"), {"reason": "off_topic"})

    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason) == (CommentStatus.REJECTED, "off_topic")
    (message,) = mail.outbox
    assert message.to == ["mei@example.org"]
    assert "The reason: Off-topic. It is not about the article" in message.body
    assert comment.email == ""


def test_queue_row_reject_leads_to_the_reasons(editor_client, waiting_for_a_decision):
    comment = waiting_for_a_decision[0]
    row = queue_row(soup(editor_client.get(QUEUE_URL)), "Is sound recorded too?")
    link = next(a for a in row.select("a") if a.get_text(" ", strip=True) == "Reject…")

    confirmation = soup(editor_client.get(link["href"]))

    assert link["href"].startswith(bulk_url("reject", comment).split("?")[0])
    labels = [label.get_text(" ", strip=True) for label in confirmation.select("form label")]
    assert "Advertising or self-promotion" in labels
    assert "Is sound recorded too?" in confirmation.get_text()


def test_bulk_reject_needs_a_reason_and_emails_each_author_once(
    editor_client, waiting_for_a_decision, django_capture_on_commit_callbacks
):
    refused = editor_client.post(bulk_url("reject", *waiting_for_a_decision))
    assert refused.status_code == 200
    assert "Choose why: the commenter may be told." in refused.content.decode()
    assert {
        c.status for c in Comment.objects.filter(pk__in=[c.pk for c in waiting_for_a_decision])
    } == {CommentStatus.PENDING}

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(bulk_url("reject", *waiting_for_a_decision), {"reason": "advertising"})

    assert sorted(message.to[0] for message in mail.outbox) == [
        "mei@example.org",
        "tom@example.org",
    ]
    assert all("Advertising or self-promotion" in message.body for message in mail.outbox)
    entry = log_action_registry.get_logs_for_instance(waiting_for_a_decision[1]).get()
    assert entry.message == "Rejected (was: Held for moderation): Advertising or self-promotion"


def test_bulk_approve_emails_each_author_who_asked(
    editor_client, waiting_for_a_decision, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(bulk_url("approve", *waiting_for_a_decision))

    assert sorted(message.to[0] for message in mail.outbox) == [
        "mei@example.org",
        "tom@example.org",
    ]
    assert all("is published" in message.subject for message in mail.outbox)


def test_bulk_action_bar_counts_comments_not_snippets(editor_client, comments):
    """Issue 10.11: the bar said "2 snippets selected"; it has its own words for comments."""
    page = soup(editor_client.get(QUEUE_URL))

    assert page.select_one("[data-bulk-action-footer]")["data-bulk-action-footer"] == "COMMENT"
    strings = json.loads(page.find(id="comment-bulk-action-strings").string)
    assert strings["PLURAL"] == "%(objects)s comments selected"
    assert page.find("script", src=lambda src: src and "admin-bulk-actions" in src) is not None
