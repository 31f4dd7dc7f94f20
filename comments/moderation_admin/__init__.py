"""The editors' side of comments in the Wagtail admin, one module a part, each importing
only those listed before it:

- ``actions``: the moderation actions (approve, reject, spam, delete), their views and history;
- ``queue``: which comments the queue lists, its rows, and the dashboard's panel;
- ``bulk``: the same actions on many comments of the queue at once;
- ``thread``: one comment in its thread, and its history;
- ``viewsets``: who may see comments, the menu item, and the viewset that serves it all.
"""
