// The quiz page's helpers; the page works without them (the "Save and continue later" button, the server's
// blank-question check).  Autosave: after each change, debounced, the answers go to the save URL; the server
// answers with the attempt's new sequence number, which the form then carries (a stale page is refused).
// Progress: a link to the next unanswered question.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector(".save-status");
  var seq = form.querySelector('input[name="seq"]');
  var saveUrl = form.getAttribute("data-save-url");
  var DELAY_MS = 1200;
  var timer = null, inFlight = null, again = false, stopped = false;

  function say(text) { if (status) status.textContent = text; }

  function save() {
    timer = null;
    if (stopped) return Promise.resolve();
    if (inFlight) { again = true; return inFlight; }
    var data = new FormData(form);
    data.delete("check_blank");
    say(form.getAttribute("data-saving"));
    inFlight = fetch(saveUrl, {
      method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok) { seq.value = body.seq; say(body.message); }
        else { stopped = true; say(body.error || response.statusText); }
      }, function () { say(form.getAttribute("data-offline")); });
    }, function () {
      say(form.getAttribute("data-offline"));
    }).then(function () {
      inFlight = null;
      if (again) { again = false; return save(); }
    });
    return inFlight;
  }

  function changed() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
    updateProgress();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // A submission must carry the sequence number of the last save: wait for a save under way, skip a pending one.
  form.addEventListener("submit", function (event) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (inFlight) {
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () { form.requestSubmit ? form.requestSubmit(submitter || undefined) : form.submit(); });
    }
  });

  function answered(question) {
    var fields = question.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "radio" || field.type === "checkbox") { if (field.checked) return true; }
      else if (field.type !== "hidden" && field.value.trim() !== "") return true;
    }
    return false;
  }

  var next = document.querySelector(".progress-next");
  function updateProgress() {
    if (!next) return;
    var questions = form.querySelectorAll("fieldset.question");
    var first = null;
    for (var i = 0; i < questions.length; i++) {
      if (!answered(questions[i])) { first = questions[i]; break; }
    }
    next.hidden = false;
    if (first) {
      var number = first.id.replace("question-", "");
      next.href = "#" + first.id;
      next.textContent = form.getAttribute("data-next").replace("{n}", number);
    } else {
      next.removeAttribute("href");
      next.textContent = form.getAttribute("data-all");
    }
  }
  updateProgress();
})();
