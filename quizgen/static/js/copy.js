// "Copy code" and "Copy link" buttons: shown only where the clipboard works (the text stays selectable anyway).
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var status = document.querySelector(".copy-status");
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
        function () { if (status) status.textContent = status.getAttribute("data-copied"); },
        function () { if (status) status.textContent = status.getAttribute("data-failed"); }
      );
    });
  });
})();
