"""Editorial tools: the fact-check workflow, corrections, review dates and source health.

Modules import the content models lazily so that ``content.models`` can use them.
"""
