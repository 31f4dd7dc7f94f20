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
