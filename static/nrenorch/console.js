// Refresh the live part of a page (a running process) every two seconds, until it is no
// longer live. Only the #process-live element is replaced, so the page keeps its scroll.
(function () {
  "use strict";
  var INTERVAL_MS = 2000;
  function schedule() {
    var live = document.getElementById("process-live");
    if (!live || live.dataset.live !== "1") return;
    setTimeout(refresh, INTERVAL_MS);
  }
  function refresh() {
    fetch(window.location.href, {credentials: "same-origin", headers: {"X-Requested-With": "refresh"}})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("process-live");
        var current = document.getElementById("process-live");
        if (fresh && current) current.replaceWith(fresh);
        schedule();
      })
      .catch(schedule);
  }
  document.addEventListener("DOMContentLoaded", schedule);
})();
