/*
 * Comments: small enhancements. Everything works without this file:
 * "Reply" and "Report" are links to their own pages, and forms are plain POSTs.
 *
 * With it: the reply form opens under the comment being answered, the report form
 * opens under the comment being reported, text areas count characters, times given
 * in UTC are shown in the reader's own time zone, and a commenter may choose to keep
 * their private link in this browser (localStorage, never a cookie) so that their
 * next comment is recognised.
 *
 * The words this file writes come from the page, in its language: data-…-text attributes
 * on the element concerned, with {placeholders}, and English as the fallback.
 */
(function () {
    "use strict";

    var STORAGE_KEY = "comments.manageToken";

    function storage() {
        try {
            return window.localStorage;
        } catch (error) {
            return null; // storage disabled: the feature simply stays off
        }
    }

    function words(element, name, fallback, values) {
        var text = (element && element.getAttribute("data-" + name + "-text")) || fallback;
        Object.keys(values || {}).forEach(function (key) {
            text = text.split("{" + key + "}").join(values[key]);
        });
        return text;
    }

    /* Character counters ---------------------------------------------------- */

    function formatNumber(value) {
        try {
            return value.toLocaleString(document.documentElement.lang || "en-GB");
        } catch (error) {
            return String(value); // a lang attribute Intl does not know
        }
    }

    function setUpCounter(textarea) {
        var max = parseInt(textarea.getAttribute("data-max-length"), 10);
        var counter = document.getElementById(textarea.id + "-counter");
        if (!max || !counter) {
            return;
        }
        function update() {
            var length = textarea.value.length;
            var left = max - length;
            counter.textContent = left >= 0
                ? words(counter, "left", "{left} of {max} characters left", {
                    left: formatNumber(left), max: formatNumber(max)
                })
                : words(counter, "over", "{over} characters too many (the limit is {max})", {
                    over: formatNumber(-left), max: formatNumber(max)
                });
            counter.classList.toggle("field__counter--over", left < 0);
        }
        textarea.addEventListener("input", update);
        update();
    }

    /* Reply form under the comment ----------------------------------------- */

    function setUpReplies(section) {
        var form = section.querySelector("[data-comment-form]");
        var home = section.querySelector("[data-form-home]");
        if (!form || !home) {
            return;
        }
        var parentField = form.querySelector("[data-parent-field]");
        var note = form.querySelector("[data-replying-note]");
        var cancel = form.querySelector("[data-cancel-reply]");
        var heading = home.querySelector("h3");
        // A reply is about what its thread is about: the form's "About:" note steps aside.
        var aboutNote = form.querySelector("[data-about-note]");

        function openUnder(link) {
            var comment = link.closest("[data-comment]");
            parentField.value = link.getAttribute("data-reply");
            note.textContent = words(note, "replying", "Replying to {name}", {
                name: link.getAttribute("data-reply-name")
            });
            note.hidden = false;
            cancel.hidden = false;
            if (aboutNote) {
                aboutNote.hidden = true;
            }
            comment.insertAdjacentElement("afterend", form);
            form.classList.add("comment-form--reply");
            if (heading) {
                heading.hidden = true;
            }
            form.querySelector("textarea").focus();
        }

        function closeReply() {
            parentField.value = "";
            note.hidden = true;
            note.textContent = "";
            cancel.hidden = true;
            if (aboutNote) {
                aboutNote.hidden = false;
            }
            form.classList.remove("comment-form--reply");
            home.appendChild(form);
            if (heading) {
                heading.hidden = false;
            }
        }

        section.addEventListener("click", function (event) {
            var link = event.target.closest("[data-reply]");
            if (link) {
                event.preventDefault();
                openUnder(link);
            }
        });
        cancel.addEventListener("click", function () {
            var answered = form.previousElementSibling;
            closeReply();
            if (answered) {
                var replyLink = answered.querySelector("[data-reply]");
                if (replyLink) {
                    replyLink.focus();
                }
            }
        });
    }

    /* Report form under the comment ---------------------------------------- */

    function setUpReports(section) {
        var template = section.querySelector("#report-form-template");
        if (!template) {
            return;
        }
        var form = null;

        function close() {
            if (form) {
                form.remove();
                form = null;
            }
        }

        section.addEventListener("click", function (event) {
            var link = event.target.closest("[data-report]");
            if (!link) {
                return;
            }
            event.preventDefault();
            close();
            form = template.content.firstElementChild.cloneNode(true);
            form.setAttribute("action", link.getAttribute("href"));
            form.classList.add("report-form--inline");
            var cancel = form.querySelector("[data-cancel-report]");
            cancel.hidden = false;
            cancel.addEventListener("click", function () {
                close();
                link.focus();
            });
            link.closest("[data-comment]").appendChild(form);
            form.querySelector("input[type=radio]").focus();
        });
    }

    /* Remembering the private link on this device (only when asked) ---------- */

    function setUpRemember() {
        var box = document.querySelector("[data-private-link]");
        var store = storage();
        if (!box || !store) {
            return;
        }
        var remember = box.querySelector("[data-remember]");
        var button = box.querySelector("[data-remember-button]");
        remember.hidden = false;
        button.addEventListener("click", function () {
            store.setItem(STORAGE_KEY, box.getAttribute("data-manage-token"));
            button.disabled = true;
            button.textContent = words(button, "remembered", "Remembered on this device");
        });
    }

    function fillRememberedToken(form) {
        var store = storage();
        var field = form.querySelector("[data-manage-token-field]");
        var token = store && store.getItem(STORAGE_KEY);
        if (!field || !token || field.value) {
            return;
        }
        field.value = token;
        var note = document.createElement("p");
        note.className = "comment-form__remembered";
        note.textContent = words(
            form, "remembered", "This browser remembers your private link, so this comment is added to it."
        ) + " ";
        var forget = document.createElement("button");
        forget.type = "button";
        forget.className = "comment-button comment-button--quiet";
        forget.textContent = words(form, "forget", "Forget me on this device");
        forget.addEventListener("click", function () {
            store.removeItem(STORAGE_KEY);
            field.value = "";
            note.textContent = words(
                form, "forgotten", "Forgotten. Nothing about you is kept in this browser now."
            );
        });
        note.appendChild(forget);
        form.querySelector(".comment-form__actions").insertAdjacentElement("afterend", note);
    }

    /* Times in the reader's own zone --------------------------------------------- */

    /*
     * <time datetime="…" data-local-time="{time} on {date}">19:30 UTC on 25 November
     * 2026</time>: the server writes UTC and the words around the two parts; here the
     * parts are written again in this browser's time zone, with the zone's name.
     */
    function showLocalTimes() {
        var times = document.querySelectorAll("time[data-local-time]");
        if (!times.length) {
            return; // making the formatters costs more than the rest of this file: not for nothing
        }
        var language = document.documentElement.lang || undefined;
        var timeFormat;
        var dateFormat;
        try {
            timeFormat = new Intl.DateTimeFormat(language, {
                hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
            });
            dateFormat = new Intl.DateTimeFormat(language, {
                day: "numeric", month: "long", year: "numeric"
            });
        } catch (error) {
            return; // no Intl: the UTC times stay, labelled as such
        }
        times.forEach(function (element) {
            var moment = new Date(element.getAttribute("datetime"));
            if (isNaN(moment.getTime())) {
                return;
            }
            element.setAttribute("title", element.textContent);
            element.textContent = element.getAttribute("data-local-time")
                .replace("{time}", timeFormat.format(moment))
                .replace("{date}", dateFormat.format(moment));
        });
    }

    /* Start ------------------------------------------------------------------ */

    showLocalTimes();

    document.querySelectorAll("textarea[data-max-length]").forEach(setUpCounter);
    document.querySelectorAll("[data-comments]").forEach(function (section) {
        setUpReplies(section);
        setUpReports(section);
    });
    document.querySelectorAll("form[data-comment-form]").forEach(fillRememberedToken);
    setUpRemember();
})();
