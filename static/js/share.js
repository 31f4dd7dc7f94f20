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
