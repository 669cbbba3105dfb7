// Keeps a class set's job page up to date without reloading it.  The page works without this script: its
// "Refresh this page" link shows the same.  A changed state replaces the live region's content (screen readers
// announce it once); the elapsed time, outside that region, updates quietly.
(function () {
  "use strict";
  var INTERVAL_MS = 2000;

  function replace(id, fresh) {
    var shown = document.getElementById(id);
    var next = fresh.getElementById(id);
    if (shown && next) {
      shown.replaceWith(next);
    } else if (shown) {
      shown.remove();
    }
  }

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var status = document.getElementById("job-status");
        var freshStatus = fresh.getElementById("job-status");
        if (!status || !freshStatus) {
          return;
        }
        if (freshStatus.getAttribute("data-job-state") !== status.getAttribute("data-job-state")) {
          status.innerHTML = freshStatus.innerHTML;
          status.setAttribute("data-job-state", freshStatus.getAttribute("data-job-state"));
        }
        replace("job-progress", fresh);
        if (freshStatus.hasAttribute("data-job-refresh")) {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () {
        window.setTimeout(poll, INTERVAL_MS * 5); // the server restarting: try again a little later
      });
  }

  var status = document.getElementById("job-status");
  if (status && status.hasAttribute("data-job-refresh")) {
    window.setTimeout(poll, INTERVAL_MS);
  }
})();
