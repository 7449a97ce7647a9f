// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // On narrow screens the navigation folds behind a "Menu" button. Without JavaScript
  // the button stays hidden and the navigation stays visible.
  function setUpNavToggle() {
    var button = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) return;
    document.documentElement.classList.add("js-nav");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        button.setAttribute("aria-expanded", "false");
        nav.classList.remove("is-open");
        button.focus();
      }
    });
  }

  // Close the user menu when clicking elsewhere.
  function setUpMenus() {
    document.addEventListener("click", function (event) {
      document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
        if (!menu.contains(event.target)) menu.removeAttribute("open");
      });
    });
  }

  // The header search's suggestions (htmx swaps them in below the box): the down arrow
  // goes into the list, up and down move in it, Escape or a click elsewhere closes it.
  // Without JavaScript there are none and the box submits to the search page.
  function setUpSuggestions() {
    var input = document.getElementById("header-q");
    var box = document.getElementById("header-suggest");
    var status = document.getElementById("header-suggest-status");
    if (!input || !box || !status) return;
    var form = input.form;
    function links() {
      return Array.prototype.slice.call(box.querySelectorAll("a"));
    }
    function close() {
      if (window.htmx) window.htmx.trigger(input, "htmx:abort"); // a late answer stays closed
      box.innerHTML = "";
      status.textContent = "";
    }
    input.addEventListener("keydown", function (event) {
      if (!links().length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        links()[0].focus();
      } else if (event.key === "Escape") {
        // Only the list closes: the text stays, and so does the folded menu around it.
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    box.addEventListener("keydown", function (event) {
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (i < all.length - 1) all[i + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (i > 0) all[i - 1].focus();
        else input.focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
        input.focus();
      }
    });
    // An empty answer (fewer than two characters) leaves nothing to announce.
    box.addEventListener("htmx:afterSwap", function () {
      if (!links().length) status.textContent = "";
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpNavToggle();
    setUpMenus();
    setUpSuggestions();
  });
})();
