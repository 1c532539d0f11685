// Display settings (适老化): larger type and high contrast, remembered
// across pages. Runs in <head> so the page never flashes the other style.
(function () {
  var root = document.documentElement;
  var names = ["large-text", "high-contrast"];
  function stored(name) {
    try { return localStorage.getItem("gongkai-" + name) === "1"; } catch (e) { return false; }
  }
  root.classList.add("js");
  names.forEach(function (n) { if (stored(n)) root.classList.add(n); });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-toggle]").forEach(function (b) {
      var n = b.getAttribute("data-toggle");
      b.setAttribute("aria-pressed", root.classList.contains(n) ? "true" : "false");
      b.addEventListener("click", function () {
        var on = root.classList.toggle(n);
        b.setAttribute("aria-pressed", on ? "true" : "false");
        try { localStorage.setItem("gongkai-" + n, on ? "1" : "0"); } catch (e) {}
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();
