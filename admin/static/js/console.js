// Console helpers: ask before destructive buttons (data-confirm="question"); the menu.
"use strict";
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

(function () {
  var toggle = document.querySelector(".menu-toggle");
  var panel = document.getElementById("console-menu");
  var groups = Array.prototype.slice.call(document.querySelectorAll(".mainnav details"));
  var narrow = window.matchMedia("(max-width: 60rem)");

  function closeGroups(except) {
    groups.forEach(function (group) {
      if (group !== except) { group.open = false; }
    });
  }

  // One menu button on a narrow screen: it opens the groups, the current one unfolded.
  if (toggle && panel) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      panel.classList.toggle("open", open);
      if (open) {
        groups.forEach(function (group) { group.open = group.hasAttribute("data-current"); });
      }
    });
  }
  // On a wide screen a group is a drop-down: one open at a time, closed by a click
  // elsewhere or by Escape (focus returns to its name).
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open && !narrow.matches) { closeGroups(group); }
    });
  });
  document.addEventListener("click", function (event) {
    if (!narrow.matches && !event.target.closest(".mainnav")) { closeGroups(null); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = groups.filter(function (group) { return group.open; })[0];
    if (open && !narrow.matches) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();
