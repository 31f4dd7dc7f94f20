/*
 * "Copy link": where the Clipboard API is available, the plain link to the article
 * becomes a button that copies its address and says so. Without JavaScript, or without
 * the API, the link stays a link (to open, bookmark or copy from the context menu).
 */
(function () {
    "use strict";

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
        button.textContent = "Copy link";
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(link.href).then(
                function () {
                    status.textContent = "Link copied.";
                },
                function () {
                    status.textContent = "Could not copy: the address is " + link.href;
                }
            );
        });
        link.replaceWith(button);
    });
})();
