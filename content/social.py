"""Sharing without trackers: social cards, meta tags, JSON-LD and plain share links.

Everything here is built on this site: the card image is drawn with Pillow from the
article's title and hero image and stored once under MEDIA_ROOT, the tags describe the
page to whoever fetches it, and the share links are ordinary URLs. No script, image or
button comes from another site, and nothing is sent anywhere until a reader follows a link.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont, ImageOps
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from content.blocks.pros_cons import anchor_prefix, argument_links
from content.licensing import licence_for_request
from core.site_url import public_url

logger = logging.getLogger(__name__)

SITE_NAME_FALLBACK = "Surveillance, Explained"

# --- The social card ---------------------------------------------------------------------

CARD_WIDTH, CARD_HEIGHT = 1200, 630
CARD_DIRECTORY = "social-cards"
# Raise when the drawing below changes: every card is then drawn again on its next view.
CARD_DESIGN_VERSION = 1

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


def _fit_title(title, width, latin_ext):
    """The largest title size whose wrapped lines fit; a very long title ends with '…'."""
    for size in TITLE_SIZES:
        font = _font(SERIF_FONTS, size, 600, latin_ext)
        lines = _wrap(title, font, width)
        if len(lines) <= TITLE_MAX_LINES:
            return font, lines
    lines = lines[:TITLE_MAX_LINES]
    while lines[-1] and font.getlength(f"{lines[-1]}…") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] = f"{lines[-1].rstrip(' ,;:')}…"
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


def draw_social_card(title, hero_image=None, site_name=SITE_NAME_FALLBACK):
    """The 1200×630 card as a Pillow image: the site's name, the title, the hero image."""
    card = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    latin_ext = _uses_latin_ext(title)

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
    name_font = _font(SANS_FONTS, 30, 650)
    _draw_mark(draw, MARGIN, MARGIN, 34, INK)
    draw.text((MARGIN + 48, MARGIN + 17), site_name, font=name_font, fill=INK, anchor="lm")

    # An accent rule and the kind of page, then the title.
    label_font = _font(SANS_FONTS, 22, 700)
    label_y = 170
    draw.rectangle((MARGIN, label_y, MARGIN + 56, label_y + 5), fill=ACCENT)
    draw.text((MARGIN, label_y + 22), "EXPLAINER", font=label_font, fill=ACCENT, anchor="lt")

    title_font, lines = _fit_title(title, text_right - MARGIN, latin_ext)
    line_height = round(title_font.size * 1.14)
    y = label_y + 74
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK, anchor="lt")
        y += line_height

    # A band in the accent colour along the bottom edge, under the text column.
    draw.rectangle((0, CARD_HEIGHT - 14, CARD_WIDTH, CARD_HEIGHT), fill=ACCENT)
    return card


def social_card_key(article):
    """What the card depends on: its title, its hero image (file and crop) and the design."""
    return _card_key(article.title, article.hero_image)


def _card_key(title, hero):
    parts = [str(CARD_DESIGN_VERSION), title]
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
    try:
        image = draw_social_card(article.title, article.hero_image, site_name)
    except SourceImageIOError:
        # The hero's original file is missing from the media storage: the card without a
        # picture, under the name a card without one has (so the file, once back, is drawn).
        article.hero_image.report_missing_original("the link-preview card")
        name = f"{CARD_DIRECTORY}/{article.pk}-{_card_key(article.title, None)}.png"
        if default_storage.exists(name):
            return name
        image = draw_social_card(article.title, None, site_name)
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
        "inLanguage": "en-GB",
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
    claims, position = [], 0
    for block in getattr(article, "body", None) or []:
        if block.block_type != "pros_cons":
            continue
        position += 1
        links = argument_links(block.value, anchor_prefix(position))
        for side, heading in (("pros", "pros_heading"), ("cons", "cons_heading")):
            for link in links[side]:
                # Nested objects first: one closing last would write "}}", which the
                # page's template-leak check (rightly) refuses to send to readers.
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
                claim["genre"] = block.value.get(heading) or ""
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


def social_meta(article, request=None, sources=()):
    """Build the tags, JSON-LD and share links for ``article`` (drawing its card if needed)."""
    site = Site.find_for_request(request) if request is not None else None
    site = site or article.get_site()
    site_name = (site.site_name if site else "") or SITE_NAME_FALLBACK
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
