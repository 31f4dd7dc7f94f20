/*
 * The article's own scripts, in one file so that an article loads one script of its own
 * rather than two (templates/pages/article_page.html, deferred). Each part stands alone
 * in its own function and does nothing on a page without the elements it works on:
 *   1. Sharing: "Copy link", "Link to this argument" and "Embed this".
 *   2. The table of contents: the section being read, and "Back to contents".
 */

/* 1. Sharing ---------------------------------------------------------------------------- */

/*
 * "Copy link": where the Clipboard API is available, the plain link to the article
 * becomes a button that copies its address and says so. Without JavaScript, or without
 * the API, the link stays a link (to open, bookmark or copy from the context menu).
 * The words come from the page, in its language (data-copy-text, data-copied-text,
 * data-failed-text on the [data-share-copy] item), with English as the fallback.
 */
(function () {
    "use strict";

    function words(element, name, fallback) {
        return element.getAttribute("data-" + name + "-text") || fallback;
    }

    if (!navigator.clipboard || !window.isSecureContext) {
        return;
    }
    document.querySelectorAll("[data-share-copy]").forEach(function (item) {
        var link = item.querySelector("[data-share-url]");
        var status = item.querySelector("[data-share-status]");
        if (!link || !status) {
            return;
        }
        var button = document.createElement("button");
        button.type = "button";
        button.className = "share__button";
        button.textContent = words(item, "copy", "Copy link");
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(link.href).then(
                function () {
                    status.textContent = words(item, "copied", "Link copied.");
                },
                function () {
                    status.textContent = words(
                        item, "failed", "Could not copy: the address is {url}"
                    ).split("{url}").join(link.href);
                }
            );
        });
        link.replaceWith(button);
    });
})();

/*
 * "Link to this argument" (components/argument.html): a plain link to the argument's
 * anchor (#for-2), which works without JavaScript and highlights the argument (:target).
 * Where the Clipboard API is available, following it also copies the argument's full
 * address and says so in the block's status region (words: data-copied-text on the block).
 */
(function () {
    "use strict";

    if (!navigator.clipboard || !window.isSecureContext) {
        return;
    }
    document.querySelectorAll("[data-argument-links]").forEach(function (block) {
        var status = block.querySelector("[data-argument-status]");
        block.addEventListener("click", function (event) {
            var link = event.target.closest("[data-argument-link]");
            if (!link || !status) {
                return;
            }
            navigator.clipboard.writeText(link.href).then(function () {
                status.textContent = "";
                window.setTimeout(function () {
                    status.textContent = block.getAttribute("data-copied-text") || "Link copied.";
                }, 50);
            }, function () {
                // Not copied (permission refused): the link still leads to the argument.
            });
        });
    });
})();

/*
 * "Embed this" (components/embed_this.html): the HTML to paste sits in a read-only text
 * area, which selects itself when focused (to copy by hand, with or without JavaScript's
 * clipboard). Where the Clipboard API is available, a "Copy the HTML" button copies it and
 * says so in the block's status region (words: data-copy-text, data-copied-text).
 */
(function () {
    "use strict";

    document.querySelectorAll("[data-embed-copy]").forEach(function (block) {
        var code = block.querySelector("textarea");
        var status = block.querySelector("[data-embed-status]");
        if (!code || !status) {
            return;
        }
        code.addEventListener("focus", function () {
            code.select();
        });
        if (!navigator.clipboard || !window.isSecureContext) {
            return;
        }
        var button = document.createElement("button");
        button.type = "button";
        button.className = "share__button embed-this__copy";
        button.textContent = block.getAttribute("data-copy-text") || "Copy the HTML";
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(code.value).then(function () {
                status.textContent = "";
                window.setTimeout(function () {
                    status.textContent = block.getAttribute("data-copied-text") || "HTML copied.";
                }, 50);
            }, function () {
                code.focus();
            });
        });
        code.insertAdjacentElement("afterend", button);
    });
})();

/* 2. The table of contents ------------------------------------------------------------- */

/*
 * The table of contents marks the section being read: its link gets aria-current="true"
 * (and the look that goes with it). A section is being read from the moment its heading
 * passes a line a third of the way down the window until the next one does. Without
 * JavaScript, or without IntersectionObserver, the contents stay a plain list of links.
 *
 * The "Back to contents" link (narrow screens, where the list is not kept in view) works
 * without JavaScript; with it, it stays out of the way until the list is scrolled past.
 */
(function () {
    "use strict";

    var toc = document.querySelector("[data-toc]");
    if (!toc || !("IntersectionObserver" in window)) {
        return;
    }
    var READING_LINE = 1 / 3; // of the window's height, from the top
    var back = document.querySelector("[data-toc-back]");

    var sections = [];
    toc.querySelectorAll('a[href^="#"]').forEach(function (link) {
        var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (target) {
            sections.push({ link: link, target: target });
        }
    });

    var current = null;

    function markSectionBeingRead() {
        var line = window.innerHeight * READING_LINE;
        var reading = null;
        sections.forEach(function (section) {
            if (section.target.getBoundingClientRect().top <= line) {
                reading = section;
            }
        });
        if (reading !== current) {
            if (current) {
                current.link.removeAttribute("aria-current");
            }
            if (reading) {
                reading.link.setAttribute("aria-current", "true");
            }
            current = reading;
        }
        if (back) {
            var scrolledPast = toc.getBoundingClientRect().bottom < 0;
            back.classList.toggle("toc-back--away", !scrolledPast);
        }
    }

    // The observer fires whenever a heading crosses the reading line, or the contents come
    // into view or leave it: exactly when what is marked can change. No scroll listener.
    var crossings = new IntersectionObserver(markSectionBeingRead, {
        rootMargin: "0px 0px " + -(100 - READING_LINE * 100) + "% 0px",
    });
    sections.forEach(function (section) {
        crossings.observe(section.target);
    });
    new IntersectionObserver(markSectionBeingRead).observe(toc);
    // A jump (the End key, a link) can carry a heading or the contents from below the window
    // to above it without crossing anything the observers see: look again when it ends.
    window.addEventListener("scrollend", markSectionBeingRead, { passive: true });
    markSectionBeingRead();
})();
