"""The neutral core: what every app of the site may use, importing none of them.

Arrows point downwards only: explainer/ → the apps → core/ → Django and Wagtail.
"""
