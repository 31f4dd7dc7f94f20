/*
 * The moderation queue's bulk-action bar counts comments ("2 comments selected"):
 * Wagtail's bar reads its words from wagtailConfig.STRINGS.BULK_ACTIONS[type], and has
 * none for comments. The words come from the page (translated on the server).
 */
(function () {
    "use strict";

    var source = document.getElementById("comment-bulk-action-strings");
    if (!source || !window.wagtailConfig || !window.wagtailConfig.STRINGS) {
        return; // the bar then says "items", Wagtail's own fallback
    }
    window.wagtailConfig.STRINGS.BULK_ACTIONS.COMMENT = JSON.parse(source.textContent);
})();
