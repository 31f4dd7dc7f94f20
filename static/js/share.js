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
