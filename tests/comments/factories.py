"""Factories and helpers for the comments tests: comments, and posting as a reader would."""

import time

import factory
from factory.django import DjangoModelFactory

from comments.models import Comment, CommentStatus
from comments.tokens import issue_form_token

POST_URL = "/comments/post/"


class CommentFactory(DjangoModelFactory):
    """An approved top-level comment; pass parent= for a reply (depth follows)."""

    class Meta:
        model = Comment

    display_name = factory.Sequence(lambda n: f"Reader {n}")
    body = factory.Sequence(lambda n: f"A considered comment, number {n}.")
    status = CommentStatus.APPROVED
    parent = None
    depth = factory.LazyAttribute(lambda c: (c.parent.depth + 1) if c.parent else 1)


def reply_chain(article, length):
    """A thread `length` comments deep: each one answers the one before."""
    chain = [CommentFactory(article=article)]
    for _ in range(length - 1):
        chain.append(CommentFactory(article=article, parent=chain[-1]))
    return chain


def form_data(target, **fields):
    """A filled-in comment form for the target article, with a token issued a minute ago
    (past the minimum fill time). Any field, even `article`, can be overridden."""
    data = {
        "article": str(target.pk),
        "parent": "",
        "form_token": issue_form_token(target.pk, started=time.time() - 60, unique=True),
        "manage_token": "",
        "display_name": "Lin",
        "email": "",
        "body": "Who decides how long the footage is kept?",
        "website": "",
    }
    data.update({key: value for key, value in fields.items() if value is not None})
    return data


def post_comment(client, target, headers=None, remote_addr="198.51.100.7", **fields):
    """POST the comment form as a browser on this site would (Origin and Sec-Fetch-Site)."""
    headers = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin", **(headers or {})}
    headers = {name: value for name, value in headers.items() if value}
    return client.post(
        POST_URL, form_data(target, **fields), headers=headers, REMOTE_ADDR=remote_addr
    )


def send_report(client, comment, reason="abuse", address="198.51.100.1", **extra):
    """Report a comment through its report form, as a reader on this site would."""
    data = {
        "reason": reason,
        "details": "",
        "website": "",
        "form_token": issue_form_token(comment.article_id, started=time.time() - 60, unique=True),
        **extra,
    }
    return client.post(
        f"/comments/{comment.pk}/report/",
        data,
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
        REMOTE_ADDR=address,
    )
