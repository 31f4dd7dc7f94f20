"""Screenshots for the docs, taken by the browser tests that check what the docs describe.

A test that walks through a document (the editor guide, the user walk-through) saves each
step's picture in test-artifacts/<folder>/ on an ordinary run, and in docs/images/<folder>/,
the pictures the document shows, only when its environment variable asks for it: running
the suite never rewrites tracked files.
"""

import io
import os
from pathlib import Path

from PIL import Image

from tests.browser.conftest import ARTIFACTS

DOC_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def doc_screenshots(folder, switch):
    """``take(name, target, clip=None, full_page=False)``: save a small PNG of one step.

    ``target`` is a Page (the window, the ``clip`` box of it or, with ``full_page``, the
    whole page) or a Locator (that element). The PNG goes to docs/images/``folder``/ when
    the environment variable ``switch`` is set, otherwise to test-artifacts/``folder``/.
    """
    where = DOC_IMAGES / folder if os.environ.get(switch) else ARTIFACTS / folder
    where.mkdir(parents=True, exist_ok=True)

    def take(name, target, clip=None, full_page=False):
        options = {"clip": clip} if clip else {}
        if full_page:
            options["full_page"] = True
        path = where / f"{name}.png"
        path.write_bytes(small_png(target.screenshot(**options)))
        return path

    return take


def small_png(png):
    """The same picture in a 256-colour palette: plenty for these screens, a third the size."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()
