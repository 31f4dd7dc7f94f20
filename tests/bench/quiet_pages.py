"""Many pages added at once (seed_bench) without the work each save starts, which is done
once for all of them afterwards instead.

Each page saved starts, through post_save receivers: modelsearch's index update (an
immediate task: the page indexed, then every new title norm of the index table computed
again from the average over the whole table, so each save costs more than the last),
Wagtail's reference index update (another immediate task, which reads the page back
first), a new stored-feed generation (content.signal_handlers: an update of one row, which
in one long transaction costs more each time, as ``add_children`` explains) and a new
page-cache generation (core.signal_handlers); and once its topics are written, the count of
its topics' explainers (Topic.count_explainers). ``deferred_page_work`` turns those five off
for the block and puts them back after it, whatever happens; ``index_pages`` then fills
both indexes for the new pages in bulk, and ``advance_generations`` moves the two
generations on once. Nothing in the application changes: the same receivers run again
after the block. ``add_children`` adds the pages under their parent where treebeard's
``add_child`` would, without updating the parent's row once per page.

Pages saved live this way (or by ``add_child``) are not published through Wagtail: no
``page_published``, so no feed entry is rendered per page; ``manage.py
render_feed_entries`` renders them all (tests/bench/run.py runs it after seed_bench).
"""

from contextlib import ExitStack, contextmanager
from unittest import mock

from django.db import connection
from django.db.models import F
from django.db.models.signals import post_save
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from content import signal_handlers as content_signal_handlers
from content.models import FeedGeneration
from content.models.pages import explainer_saved
from core import signal_handlers as core_signal_handlers
from core.page_cache import purge_html_cache

#: Pages read back at a time to index them.
CHUNK_SIZE = 500


@contextmanager
def _disconnected(signal, receiver, sender=None, dispatch_uid=None):
    """``receiver`` off ``signal`` inside the block; connected again after it if it was."""
    was_connected = signal.disconnect(receiver, sender=sender, dispatch_uid=dispatch_uid)
    try:
        yield
    finally:
        if was_connected:
            signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid)


@contextmanager
def deferred_page_work(model):
    """Save pages of ``model`` in the block without indexing them, without updating the
    reference index and without moving the feed or page-cache generations."""
    with ExitStack() as stack:
        stack.enter_context(_disconnected(post_save, post_save_signal_handler, sender=model))
        stack.enter_context(disable_reference_index_auto_update())
        stack.enter_context(
            _disconnected(
                post_save,
                content_signal_handlers._feed_saved,
                dispatch_uid="feed-entries-saved",
            )
        )
        stack.enter_context(
            _disconnected(
                post_save, core_signal_handlers._saved, dispatch_uid="html-cache-setting-saved"
            )
        )
        stack.enter_context(
            _disconnected(
                explainer_saved,
                content_signal_handlers._count_topic_explainers,
                dispatch_uid="topic-counts-saved",
            )
        )
        yield


def add_children(parent, pages):
    """Save ``pages`` (new, unsaved) as the last children of ``parent``, in order: the paths
    and depths treebeard's ``add_child`` gives them, each page then saved by Wagtail (its
    url_path, locale and validation), its parent given as add_child gives it. Returns their
    ids.

    ``add_child`` locks the parent's row and adds 1 to its ``numchild`` for every child.
    In one transaction each of those updates leaves one more version of the row, which
    every later read and update of it walks through: adding n children costs n² (the 10×
    seed's 10,000 explainers under one index spent minutes there). Here the row is locked
    once and its ``numchild`` raised once, by the number added. Call it in a transaction.
    """
    locked = Page.objects.select_for_update().get(pk=parent.pk)
    parent.numchild = locked.numchild
    last = locked.get_last_child()
    depth = locked.depth + 1
    path = last._inc_path() if last else Page._get_path(locked.path, depth, 1)
    added = []
    for page in pages:
        page.depth = depth
        page.path = path
        page._cached_parent_obj = parent
        page.save()
        # In memory, as add_child keeps it: the next page's slug check reads the children.
        parent.numchild += 1
        added.append(page.pk)
        path = page._inc_path()
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(added))
    return added


@contextmanager
def _search_fields_read_once():
    """PostgreSQL's search backend (modelsearch) reads every search field of a page five
    times as it indexes it, once for each column it fills (title, body, autocomplete and
    their plain texts): the body's text is extracted five times, its topics queried five
    times. In this block each field is read once per page and its value reused: the
    same values, the same SQL. (Another database's backend is left as it is.)"""
    if connection.vendor != "postgresql":
        yield
        return
    from modelsearch.backends.database.postgres import postgres

    class ObjectIndexer(postgres.ObjectIndexer):
        def prepare_field(self, obj, field):
            if obj is not self.obj:  # a related object's field: read once by its parent's
                yield from super().prepare_field(obj, field)
                return
            prepared = self.__dict__.setdefault("_prepared_fields", {})
            if id(field) not in prepared:  # self.search_fields holds every field
                prepared[id(field)] = list(super().prepare_field(obj, field))
            yield from prepared[id(field)]

    with mock.patch.object(postgres, "ObjectIndexer", ObjectIndexer):
        yield


def index_pages(model, pks):
    """Add the pages of ``model`` with these ids to every search backend that is kept up to
    date on save, and record their references in Wagtail's reference index: what the
    receivers turned off by ``deferred_page_work`` would have done, CHUNK_SIZE pages a time.
    Call it in the transaction that saved them."""
    backends = list(get_search_backends(with_auto_update=True))
    relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    pks = sorted(pks)
    for start in range(0, len(pks), CHUNK_SIZE):
        chunk = pks[start : start + CHUNK_SIZE]
        # As the search backends read them (get_indexed_objects: the related fields
        # prefetched), with the child relations the reference index reads.
        pages = list(
            model.get_indexed_objects()
            .filter(pk__in=chunk)
            .prefetch_related(*relations)
            .order_by("pk")
        )
        with _search_fields_read_once():
            for backend in backends:
                backend.add_bulk(model, pages)
        if ReferenceIndex.is_indexed(model):
            for page in pages:
                ReferenceIndex.create_or_update_for_object(page)


def advance_generations():
    """What the feed-entry and page-cache receivers do on a page saved, once for them all."""
    FeedGeneration.advance()
    purge_html_cache()
