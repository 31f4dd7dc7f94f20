"""Sharing without trackers: social cards, meta tags, JSON-LD and plain share links.

Everything here is built on this site: the card image is drawn with Pillow from the
article's title and hero image and stored once under MEDIA_ROOT, the tags describe the
page to whoever fetches it, and the share links are ordinary URLs. No script, image or
button comes from another site, and nothing is sent anywhere until a reader follows a link.
"""

import hashlib
import json
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext
from PIL import Image, ImageDraw, ImageFont, ImageOps
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from content.blocks.pros_cons import article_argument_links
from content.licensing import licence_for_request
from core.site_url import public_url

logger = logging.getLogger(__name__)

SITE_NAME_FALLBACK = "Surveillance, Explained"

# --- The social card ---------------------------------------------------------------------

CARD_WIDTH, CARD_HEIGHT = 1200, 630
CARD_DIRECTORY = "social-cards"
# Raise when the drawing below changes: every card is then drawn again on its next view.
CARD_DESIGN_VERSION = 2

# The site's light palette (static/css/site.css, "Design tokens").
PAPER = (251, 250, 247)
INK = (27, 29, 33)
MUTED = (83, 88, 95)
ACCENT = (26, 75, 134)
RULE = (217, 213, 203)

FONT_DIRECTORY = Path(settings.BASE_DIR) / "static" / "fonts"
SERIF_FONTS = (
    "source-serif-4-latin-wght-normal.woff2",
    "source-serif-4-latin-ext-wght-normal.woff2",
)
SANS_FONTS = ("source-sans-3-latin-wght-normal.woff2", "source-sans-3-latin-ext-wght-normal.woff2")

MARGIN = 64
HERO_WIDTH = 500  # the hero image fills the card's right-hand side
TITLE_SIZES = (68, 62, 56, 50, 46, 42, 38)
TITLE_MAX_LINES = 5


def _uses_latin_ext(text):
    """True when the text has letters outside the basic Latin subset of the site's fonts."""
    return any(0x100 <= ord(char) <= 0x2FF or 0x1E00 <= ord(char) <= 0x1EFF for char in text)


@cache
def _font(files, size, weight, latin_ext=False):
    """One of the site's own (self-hosted, variable) fonts at a size and weight.

    Pillow's FreeType reads the WOFF2 files the site serves; if it cannot, Pillow's own
    scalable font is used so a card is still drawn.
    """
    path = FONT_DIRECTORY / files[1 if latin_ext else 0]
    try:
        font = ImageFont.truetype(str(path), size)
        font.set_variation_by_axes([weight])
    except OSError:
        logger.warning("Social card: cannot read %s; using Pillow's default font", path)
        return ImageFont.load_default(size=size)
    return font


# --- Chinese (and other CJK) cards -------------------------------------------------------
# The site's own fonts are Latin subsets: a Chinese title is drawn with a CJK font that ships
# as an operating-system package (Debian's fonts-noto-cjk), found through the setting
# SOCIAL_CARD_CJK_FONT or the usual places. Without one, a Chinese page's card carries the
# site's (Latin) name and no title: never boxes for missing glyphs (docs/deployment.md).

CJK_LANGUAGES = ("zh", "ja", "ko")
# Where Debian (fonts-noto-cjk), Fedora/Arch (google-noto-*-cjk) and macOS put them.
CJK_FONT_PATHS = {
    "serif": (
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
        "/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSerifCJK-Bold.ttc",
    ),
    "sans": (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/google-noto-cjk-fonts/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
        "/System/Library/Fonts/PingFang.ttc",
    ),
}
CJK_FONTCONFIG_NAMES = {"serif": "Noto Serif CJK SC:bold", "sans": "Noto Sans CJK SC:bold"}

# Chinese line breaking (GB/T 15834, as CSS's line-break: strict): these never begin a line…
NO_LINE_START = frozenset("。，、；：？！」』）】》〉〕］｝”’…‥·・～%,.;:?!)]}")
# …and these never end one.
NO_LINE_END = frozenset("「『（【《〈〔［｛“‘([{")
# A word of Latin letters or digits stays whole; every other character is a break point.
_UNITS = re.compile(r"\s+|[0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’.\-]+|.", re.DOTALL)


def is_cjk_language(language_code):
    """True for Chinese, Japanese and Korean pages ("zh-hans"), whose cards need a CJK font."""
    return (language_code or "").lower().split("-")[0] in CJK_LANGUAGES


def _fontconfig_file(pattern):
    """The file fontconfig's fc-match picks for ``pattern``, if it is a CJK font."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        found = subprocess.run(  # noqa: S603 - a fixed program and pattern, no shell
            [fc_match, "--format=%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    # fc-match always answers, with a Latin font when no CJK one is installed.
    return found if "CJK" in found and Path(found).is_file() else None


@cache
def cjk_font_file(style="serif"):
    """The CJK font file for card text in ``style`` ("serif": the title; "sans": the site's
    name and the label), or None when none is installed.

    settings.SOCIAL_CARD_CJK_FONT, when set, is used for both; otherwise fontconfig's match
    for Noto Serif/Sans CJK SC, then the packages' usual paths; a missing sans face falls
    back to the serif one and the other way round.
    """
    configured = getattr(settings, "SOCIAL_CARD_CJK_FONT", "") or ""
    if configured:
        if Path(configured).is_file():
            return configured
        logger.warning("Social card: SOCIAL_CARD_CJK_FONT %s does not exist", configured)
        return None
    other = "sans" if style == "serif" else "serif"
    for kind in (style, other):
        found = _fontconfig_file(CJK_FONTCONFIG_NAMES[kind])
        if found:
            return found
        for path in CJK_FONT_PATHS[kind]:
            if Path(path).is_file():
                return path
    return None


@cache
def _cjk_font(path, size):
    """The Simplified Chinese face of a CJK font file (a .ttc holds the JP, KR, SC, TC and
    HK faces, whose characters differ in form) at ``size``."""
    index = 0
    for candidate in range(16):
        try:
            face = ImageFont.truetype(path, size, index=candidate)
        except OSError:
            break
        if face.getname()[0].endswith(" SC"):
            index = candidate
            break
    try:
        return ImageFont.truetype(path, size, index=index)
    except OSError:
        return None


def _card_fonts(language_code):
    """(title font file, text font file) for a card in ``language_code``: None for the
    site's own Latin fonts, False when the language needs a CJK font and none exists."""
    if not is_cjk_language(language_code):
        return None, None
    serif, sans = cjk_font_file("serif"), cjk_font_file("sans")
    if serif is None or sans is None:
        return False, False
    return serif, sans


def _can_break(units, at):
    """Whether a line may end before ``units[at]``: not before a closing mark, not after
    an opening one (spaces between them do not count)."""
    after = next((unit for unit in units[at:] if not unit.isspace()), "")
    before = next((unit for unit in reversed(units[:at]) if not unit.isspace()), "")
    if not after or not before:
        return False
    return after[0] not in NO_LINE_START and before[-1] not in NO_LINE_END


def wrap_cjk(text, font, width):
    """Wrap Chinese text into lines no wider than ``width`` pixels, breaking between any two
    characters (there are no spaces), never inside a Latin word or number, never before a
    closing mark (。，、」）…) and never after an opening one (「（《…): the characters before
    the break move down with them. Where no break is allowed (a line of one character and
    its marks), the mark stays on its line, past the width, as a hanging mark."""
    lines, line = [], []
    for unit in _UNITS.findall(text):
        if unit.isspace():
            if line:
                line.append(" ")
            continue
        if not line or font.getlength("".join([*line, unit]).rstrip()) <= width:
            line.append(unit)
            continue
        units = [*line, unit]
        at = next((at for at in range(len(line), 0, -1) if _can_break(units, at)), None)
        if at is None:
            line.append(unit)
            continue
        lines.append("".join(units[:at]).rstrip())
        line = units[at:]
        while line and line[0].isspace():
            line.pop(0)
    if line:
        lines.append("".join(line).strip())
    return [text_line for text_line in lines if text_line]


def _wrap(text, font, width):
    """Greedy word wrap of ``text`` into lines no wider than ``width`` pixels."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if not line or font.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit_title(title, width, latin_ext, cjk_file=None):
    """The largest title size whose wrapped lines fit; a very long title ends with '…'.

    With ``cjk_file`` the title is set in that CJK font and wrapped by character; a size
    that would leave one character alone on the last line gives way to the next smaller one
    that does not (when one fits)."""
    fitting = None
    for size in TITLE_SIZES:
        if cjk_file:
            font = _cjk_font(cjk_file, size)
            lines = wrap_cjk(title, font, width)
        else:
            font = _font(SERIF_FONTS, size, 600, latin_ext)
            lines = _wrap(title, font, width)
        if len(lines) <= TITLE_MAX_LINES:
            if not cjk_file or len(lines) == 1 or len(lines[-1]) > 1:
                return font, lines
            fitting = fitting or (font, lines)
    if fitting is not None:
        return fitting
    lines = lines[:TITLE_MAX_LINES]
    while lines[-1] and font.getlength(f"{lines[-1]}…") > width:
        if cjk_file or " " not in lines[-1]:
            lines[-1] = lines[-1][:-1]
        else:
            lines[-1] = lines[-1].rsplit(" ", 1)[0]
    lines[-1] = f"{lines[-1].rstrip(' ,;:，；：、')}…"
    return font, lines


def _draw_mark(draw, x, y, size, colour):
    """The site's mark (favicon.svg): a ring around a dot."""
    ring = max(2, round(size * 2.5 / 28))
    draw.ellipse((x, y, x + size, y + size), outline=colour, width=ring)
    dot = size * 4.5 / 28
    centre_x, centre_y = x + size / 2, y + size / 2
    draw.ellipse((centre_x - dot, centre_y - dot, centre_x + dot, centre_y + dot), fill=colour)


def _hero_panel(hero_image, width, height):
    """The hero image cropped to the panel around its focal point (or its centre)."""
    with hero_image.open_file() as handle, Image.open(handle) as source:
        source = ImageOps.exif_transpose(source).convert("RGB")
        centering = (0.5, 0.5)
        focal = hero_image.get_focal_point()
        if focal is not None and hero_image.width and hero_image.height:
            centering = (
                min(max(focal.centroid.x / hero_image.width, 0), 1),
                min(max(focal.centroid.y / hero_image.height, 0), 1),
            )
        return ImageOps.fit(source, (width, height), Image.Resampling.LANCZOS, centering=centering)


def draw_social_card(
    title, hero_image=None, site_name=SITE_NAME_FALLBACK, language_code="en", label="EXPLAINER"
):
    """The 1200×630 card as a Pillow image: the site's name, the title, the hero image.

    A Chinese (CJK) card is set in the CJK font (``cjk_font_file``); when none is installed
    it shows only the site's name in Latin letters (SITE_NAME_FALLBACK unless ``site_name``
    is Latin), without the label or title, rather than boxes for characters the site's
    fonts do not have.
    """
    card = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    latin_ext = _uses_latin_ext(title)
    title_file, text_file = _card_fonts(language_code)
    if title_file is False:
        logger.warning(
            "Social card: no CJK font (install fonts-noto-cjk or set SOCIAL_CARD_CJK_FONT); "
            "the %s card shows the site's name without the title",
            language_code,
        )
        if any(ord(char) > 0x2FF for char in site_name):
            site_name = SITE_NAME_FALLBACK
        title = label = ""

    text_right = CARD_WIDTH - MARGIN
    if hero_image is not None:
        card.paste(_hero_panel(hero_image, HERO_WIDTH, CARD_HEIGHT), (CARD_WIDTH - HERO_WIDTH, 0))
        text_right = CARD_WIDTH - HERO_WIDTH - MARGIN
    else:
        # Without a picture, the mark drawn large and faint balances the title.
        mark_size = 420
        _draw_mark(draw, CARD_WIDTH - mark_size + 90, 150, mark_size, RULE)
        text_right = CARD_WIDTH - 330

    # The site's name, as in the page header.
    name_font = _cjk_font(text_file, 30) if text_file else _font(SANS_FONTS, 30, 650)
    _draw_mark(draw, MARGIN, MARGIN, 34, INK)
    draw.text((MARGIN + 48, MARGIN + 17), site_name, font=name_font, fill=INK, anchor="lm")

    # An accent rule and the kind of page, then the title.
    label_font = _cjk_font(text_file, 24) if text_file else _font(SANS_FONTS, 22, 700)
    label_y = 170
    if label:
        draw.rectangle((MARGIN, label_y, MARGIN + 56, label_y + 5), fill=ACCENT)
        draw.text((MARGIN, label_y + 22), label, font=label_font, fill=ACCENT, anchor="lt")

    title_font, lines = _fit_title(title or "-", text_right - MARGIN, latin_ext, title_file)
    lines = lines if title else []
    # Chinese lines are set a little more open, as on the site (static/css/site.css).
    line_height = round(title_font.size * (1.3 if title_file else 1.14))
    y = label_y + 74
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK, anchor="lt")
        y += line_height

    # A band in the accent colour along the bottom edge, under the text column.
    draw.rectangle((0, CARD_HEIGHT - 14, CARD_WIDTH, CARD_HEIGHT), fill=ACCENT)
    return card


def card_language(article):
    """The language the card is drawn in: the page's own ("zh-hans" under /zh-hans/)."""
    locale = getattr(article, "locale", None)
    return getattr(locale, "language_code", None) or settings.LANGUAGE_CODE


def social_card_key(article):
    """What the card depends on: its title, its language (the fonts, the site's name and the
    label follow it), its hero image (file and crop) and the design."""
    return _card_key(article.title, article.hero_image, card_language(article))


def _card_key(title, hero, language_code):
    # Whether a CJK font exists is part of it too: installing one redraws the fallback cards.
    fonts = repr(_card_fonts(language_code)) if is_cjk_language(language_code) else ""
    parts = [str(CARD_DESIGN_VERSION), title, language_code, fonts]
    if hero is not None:
        focal_point = (
            hero.focal_point_x,
            hero.focal_point_y,
            hero.focal_point_width,
            hero.focal_point_height,
        )
        parts += [str(hero.pk), hero.file.name, hero.file_hash or "", repr(focal_point)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def social_card_name(article):
    """The card's file name in the media storage, e.g. social-cards/12-0f3a….png."""
    return f"{CARD_DIRECTORY}/{article.pk}-{social_card_key(article)}.png"


def social_card(article, site_name=SITE_NAME_FALLBACK, *, remove_stale=True):
    """The storage name of the article's card, drawn and stored only if not there yet.

    A new title or hero image gives a new name; the article's older cards are then removed
    (not for previews, whose drafts may never be published).
    """
    name = social_card_name(article)
    if default_storage.exists(name):
        return name
    language_code = card_language(article)
    with translation.override(language_code):
        label = gettext("Explainer").upper()
    drawing = {"site_name": site_name, "language_code": language_code, "label": label}
    try:
        image = draw_social_card(article.title, article.hero_image, **drawing)
    except SourceImageIOError:
        # The hero's original file is missing from the media storage: the card without a
        # picture, under the name a card without one has (so the file, once back, is drawn).
        article.hero_image.report_missing_original("the link-preview card")
        key = _card_key(article.title, None, language_code)
        name = f"{CARD_DIRECTORY}/{article.pk}-{key}.png"
        if default_storage.exists(name):
            return name
        image = draw_social_card(article.title, None, **drawing)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    # Two first readers at once may both draw the card: the storage then keeps the second
    # under another name (…_abc123.png). Both are this card; the stale clean-up keeps every
    # file of the current key, so neither request loses the file it is about to name.
    saved = default_storage.save(name, ContentFile(buffer.getvalue()))
    if remove_stale:
        _remove_stale_cards(article, current=name)
    return saved


def _remove_stale_cards(article, current):
    """Delete the article's cards drawn for an older title or image (any other key)."""
    try:
        _directories, files = default_storage.listdir(CARD_DIRECTORY)
    except (FileNotFoundError, NotImplementedError):
        return
    prefix = f"{article.pk}-"
    current_stem = current.rsplit("/", 1)[-1].removesuffix(".png")
    for file_name in files:
        if file_name.startswith(prefix) and not file_name.startswith(current_stem):
            default_storage.delete(f"{CARD_DIRECTORY}/{file_name}")


# --- One argument's card ---------------------------------------------------------------------

ARGUMENT_CARD_DIRECTORY = f"{CARD_DIRECTORY}/arguments"


def argument_side_label(link):
    """ "Argument for" / "Argument against", in the active language."""
    return gettext("Argument for") if link.side == "pros" else gettext("Argument against")


def argument_card(article, link, site_name=SITE_NAME_FALLBACK):
    """The storage name of the card drawn for one argument of ``article``: the side it is
    on, its headline and the article's picture; drawn and stored only if not there yet.

    Kept apart from the articles' cards (their stale clean-up must not take these), under
    ``social-cards/arguments/<article id>-<anchor>-<key>.png``; a new headline or picture
    gives a new name, and the argument's older cards are removed.
    """
    language_code = card_language(article)
    with translation.override(language_code):
        label = argument_side_label(link).upper()
    drawing = {"site_name": site_name, "language_code": language_code, "label": label}
    prefix = f"{ARGUMENT_CARD_DIRECTORY}/{article.pk}-{link.anchor}-"
    hero = article.hero_image
    title = "\x1f".join([label, link.headline])
    name = f"{prefix}{_card_key(title, hero, language_code)}.png"
    if default_storage.exists(name):
        return name
    try:
        image = draw_social_card(link.headline, hero, **drawing)
    except SourceImageIOError:
        hero.report_missing_original("an argument's link-preview card")
        name = f"{prefix}{_card_key(title, None, language_code)}.png"
        if default_storage.exists(name):
            return name
        image = draw_social_card(link.headline, None, **drawing)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    saved = default_storage.save(name, ContentFile(buffer.getvalue()))
    try:
        _directories, files = default_storage.listdir(ARGUMENT_CARD_DIRECTORY)
    except (FileNotFoundError, NotImplementedError):
        files = []
    stem = name.rsplit("/", 1)[-1].removesuffix(".png")
    own = prefix.rsplit("/", 1)[-1]
    for file_name in files:
        if file_name.startswith(own) and not file_name.startswith(stem):
            default_storage.delete(f"{ARGUMENT_CARD_DIRECTORY}/{file_name}")
    return saved


# --- What the page tells the sites it is shared on -----------------------------------------

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """JSON for a <script type="application/ld+json"> block, safe inside HTML.

    As Django's json_script: <, > and & are escaped, so no text in the data can end the
    script element early.
    """
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=None).translate(_JSON_ESCAPES))  # noqa: S308


def _iso(date):
    return date.isoformat() if date else None


def _source_as_creative_work(source):
    work = {"@type": "CreativeWork", "name": source.title}
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.authors:
        work["author"] = source.authors
    if source.date_published:
        work["datePublished"] = _iso(source.date_published)
    if source.url:
        work["url"] = source.url
    if source.archive_url:
        work["archivedAt"] = source.archive_url
    return work


def page_language_tag(page):
    """The page's language as a BCP 47 tag, the same as its <html lang>: en-GB (the site's
    English is British) or zh-Hans."""
    with translation.override(page.locale.language_code):
        return pgettext("the lang attribute of the page: this language as a BCP 47 tag", "en-GB")


def article_json_ld(article, *, canonical_url, image_url, site_name, site_url, sources):
    """schema.org NewsArticle for one explainer (https://schema.org/NewsArticle)."""
    organisation = {"@type": "Organization", "name": site_name, "url": site_url}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "url": canonical_url,
        "headline": article.title,
        "description": article.search_description or article.standfirst,
        "inLanguage": page_language_tag(article),
        "datePublished": _iso(article.first_published),
        "dateModified": _iso(article.date_modified),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": site_url.rstrip("/") + author.get_absolute_url(),
            }
            for author in article.byline_authors()
        ]
        or organisation,
        "publisher": organisation,
        "image": {
            "@type": "ImageObject",
            "url": image_url,
            "width": CARD_WIDTH,
            "height": CARD_HEIGHT,
        },
        "timeRequired": f"PT{article.reading_minutes}M",
        "isAccessibleForFree": True,
    }
    topics = [topic.name for topic in article.topics.all()]
    if topics:
        data["keywords"] = topics
    if sources:
        data["citation"] = [_source_as_creative_work(source) for source in sources]
    if arguments := _arguments_as_claims(article, canonical_url):
        data["hasPart"] = arguments
    return data


def _arguments_as_claims(article, canonical_url):
    """Each pros/cons argument as a schema.org Claim at its own address (page URL + its
    anchor, as content.blocks.pros_cons gives it); one that answers another is also a
    Comment whose parentItem is the argument it answers."""
    claims = []
    for block, link in article_argument_links(getattr(article, "body", None)):
        # Nested objects first: one closing last would write "}}", which the page's
        # template-leak check (rightly) refuses to send to readers.
        claim = {
            "@type": "Claim",
            "@id": f"{canonical_url}#{link.anchor}",
            "isPartOf": {"@type": "Question", "name": block.value.get("heading") or ""},
        }
        if link.answers is not None:
            claim["@type"] = ["Claim", "Comment"]
            claim["parentItem"] = {"@id": f"{canonical_url}#{link.answers.anchor}"}
            if link.reply:
                claim["text"] = link.reply
        claim["url"] = f"{canonical_url}#{link.anchor}"
        claim["name"] = link.headline
        claim["position"] = link.number
        claim["genre"] = block.value.get(f"{link.side}_heading") or ""
        claims.append(claim)
    return claims


# --- Share links ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareLink:
    """One place a reader may share the article: a plain link, nothing loaded from there."""

    name: str
    url: str

    @property
    def accessible_prefix(self):
        """Words that screen-reader users hear before the name: "Share on Bluesky"."""
        return gettext("Share by ") if self.url.startswith("mailto:") else gettext("Share on ")


def share_links(url, title):
    """Share URLs of the networks most readers use; each is an ordinary link to follow."""
    text = f"{title} {url}"
    return [
        ShareLink(
            gettext("Email"),
            f"mailto:?{urlencode({'subject': title, 'body': url}, quote_via=quote)}",
        ),
        ShareLink("Bluesky", f"https://bsky.app/intent/compose?{urlencode({'text': text})}"),
        ShareLink(
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?{urlencode({'url': url})}",
        ),
        ShareLink("X", f"https://x.com/intent/post?{urlencode({'text': title, 'url': url})}"),
        ShareLink(
            "Facebook", f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}"
        ),
        ShareLink(
            "Reddit", f"https://www.reddit.com/submit?{urlencode({'url': url, 'title': title})}"
        ),
    ]


# --- Everything the article page needs -------------------------------------------------------


@dataclass(frozen=True)
class SocialMeta:
    """What an article tells link previews and search engines, and how to share it."""

    canonical_url: str
    site_name: str
    title: str
    description: str
    image_url: str
    image_alt: str
    json_ld: str
    share_links: list


def _site_name(article, request):
    site = Site.find_for_request(request) if request is not None else None
    site = site or article.get_site()
    site_name = (site.site_name if site else "") or SITE_NAME_FALLBACK
    if is_cjk_language(card_language(article)):
        # The Site's name is the English one; a Chinese page is named as its header names
        # the site (templates/components/site_name.html), in the card and og:site_name.
        with translation.override(card_language(article)):
            site_name = gettext("Surveillance, Explained")
    return site_name


def social_meta(article, request=None, sources=()):
    """Build the tags, JSON-LD and share links for ``article`` (drawing its card if needed)."""
    site_name = _site_name(article, request)
    # Both on the site's public address (core.site_url; ArticlePage's full URL follows it).
    site_url = public_url("/")
    canonical_url = article.get_full_url(request)
    is_preview = bool(getattr(request, "is_preview", False))
    card_url = default_storage.url(social_card(article, site_name, remove_stale=not is_preview))
    image_url = urljoin(site_url, card_url)
    description = article.search_description or article.standfirst
    data = article_json_ld(
        article,
        canonical_url=canonical_url,
        image_url=image_url,
        site_name=site_name,
        site_url=site_url,
        sources=list(sources),
    )
    data["license"] = licence_for_request(request).url
    return SocialMeta(
        canonical_url=canonical_url,
        site_name=site_name,
        title=article.seo_title or article.title,
        description=description,
        image_url=image_url,
        image_alt=f"{article.title} — {site_name}",
        json_ld=json_ld(data),
        share_links=share_links(canonical_url, article.title),
    )


def argument_social_meta(article, block, link, url, request=None):
    """What the page of one argument tells link previews: its headline, its explanation,
    its own card, and a schema.org Claim that is part of the article."""
    site_name = _site_name(article, request)
    card_url = default_storage.url(argument_card(article, link, site_name))
    image_url = urljoin(public_url("/"), card_url)
    explanation = link.value.get("explanation")
    text = " ".join(strip_tags(getattr(explanation, "source", str(explanation or ""))).split())
    description = Truncator(text).chars(200)
    article_url = article.get_full_url(request)
    claim = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "@id": url,
        "url": url,
        "name": link.headline,
        "text": text,
        "inLanguage": page_language_tag(article),
        "genre": block.value.get(f"{link.side}_heading") or "",
        "isPartOf": {
            "@type": "Article",
            "@id": article_url,
            "url": article_url,
            "headline": article.title,
        },
        "license": licence_for_request(request).url,
    }
    if link.answers is not None:
        claim["@type"] = ["Claim", "Comment"]
        claim["parentItem"] = {"@id": f"{article_url}#{link.answers.anchor}"}
    with translation.override(card_language(article)):
        side = argument_side_label(link)
    return SocialMeta(
        canonical_url=url,
        site_name=site_name,
        title=link.headline,
        description=description,
        image_url=image_url,
        image_alt=f"{side}: {link.headline} — {site_name}",
        json_ld=json_ld(claim),
        share_links=share_links(url, link.headline),
    )
