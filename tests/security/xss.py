"""The XSS corpus, and what "rendered inert" means for a page's HTML."""

import re
from pathlib import Path

from bs4 import BeautifulSoup

PAYLOAD_FILE = Path(__file__).with_name("xss_payloads.txt")
MARKER_ID = "xss-marker"
# What a payload runs, if it ever runs.
RUNS = re.compile(r"alert\(|prompt\(|confirm\(|eval\(|fetch\(|atob\(|\['al'|/al/|constructor")
DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "background")


def load_payloads():
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


def injected_markup(html):
    """Every trace of a payload that became markup instead of text, described in words."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for element in soup.find_all(True):
        if element.get("id") == MARKER_ID:
            found.append(f"element with id={MARKER_ID}: {str(element)[:120]}")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on") and RUNS.search(value):
                found.append(f"event handler {name}={value[:80]!r} on <{element.name}>")
            if name.lower() in URL_ATTRIBUTES and DANGEROUS_URL.match(value):
                found.append(f"{name}={value[:80]!r} on <{element.name}>")
        if element.name == "script" and RUNS.search(element.get_text()):
            found.append(f"script: {element.get_text()[:80]!r}")
        if element.name in ("iframe", "object", "embed", "base") and RUNS.search(str(element)):
            found.append(f"<{element.name}>: {str(element)[:80]}")
    return found
