/* Weighing the arguments, in place: the form is sent with fetch (same origin, no cookie),
   and the tally the server returns takes the form's place. Without this script the form
   posts and the result page answers. */
(function () {
  "use strict";

  function send(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.set(submitter.name, submitter.value);
    }
    var status = form.querySelector("[data-weigh-status]");
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "omit",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) { return body; });
      })
      .then(function (body) {
        if (body.ok) {
          var holder = document.createElement("div");
          holder.innerHTML = body.html;
          var tally = holder.firstElementChild;
          tally.setAttribute("tabindex", "-1");
          form.replaceWith(tally);
          tally.focus();
        } else {
          status.textContent = body.message;
          buttons.forEach(function (button) { button.disabled = false; });
        }
      })
      .catch(function () {
        status.textContent = form.getAttribute("data-error-text");
        buttons.forEach(function (button) { button.disabled = false; });
      });
  }

  document.querySelectorAll("form[data-weigh]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form, event.submitter);
    });
  });
})();
