// Writing posts: @mention suggestions in text areas, and one submit per click.
// Progressive enhancement only: without this file, mentions are typed in full and the
// server ignores a repeated submission (the form's token).
(function () {
  "use strict";

  // A submit button marked data-once is disabled once its form is on its way, so a
  // double click sends one request. It comes back if the browser restores the page.
  function setUpOnce() {
    document.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.hasAttribute("data-once")) return;
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("button[data-once]").forEach(function (b) { b.disabled = false; });
    });
  }

  // The "@word" right before the caret, or null.
  function mentionAt(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = /(^|[^\w.@/-])@([a-z0-9._-]{1,30})$/i.exec(before);
    return match ? { text: match[2], start: before.length - match[2].length - 1 } : null;
  }

  function setUpMentions(textarea, index) {
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var listId = "mention-list-" + index;
    list.id = listId;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);
    var active = -1, current = null, timer = null, request = 0;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function choose(option) {
      var handle = option.getAttribute("data-handle");
      var value = textarea.value, caret = textarea.selectionStart;
      textarea.value = value.slice(0, current.start) + "@" + handle + " " + value.slice(caret);
      var at = current.start + handle.length + 2;
      textarea.setSelectionRange(at, at);
      close();
      textarea.focus();
    }

    function highlight(i) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (i + options.length) % options.length;
      options.forEach(function (o, j) { o.setAttribute("aria-selected", String(j === active)); });
      textarea.setAttribute("aria-activedescendant", options[active].id);
    }

    function fetchOptions(text) {
      var mine = ++request;
      fetch(textarea.getAttribute("data-mentions") + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (mine !== request) return;
          var holder = document.createElement("select");
          holder.innerHTML = html;
          list.innerHTML = "";
          Array.prototype.forEach.call(holder.options, function (opt, i) {
            var li = document.createElement("li");
            li.id = listId + "-" + i;
            li.setAttribute("role", "option");
            li.setAttribute("data-handle", opt.value);
            li.textContent = opt.textContent + " @" + opt.value;
            li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
            list.appendChild(li);
          });
          list.hidden = !holder.options.length;
          var found = textarea.getAttribute("data-mentions-found") || "%(n)s";
          status.textContent = holder.options.length
            ? found.replace("%(n)s", String(holder.options.length)) : "";
          if (holder.options.length) highlight(0);
        })
        .catch(close);
    }

    textarea.addEventListener("input", function () {
      current = mentionAt(textarea);
      window.clearTimeout(timer);
      if (!current || current.text.length < 2) { close(); return; }
      timer = window.setTimeout(function () { fetchOptions(current.text); }, 150);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" || event.key === "Tab") {
        var options = list.querySelectorAll("[role=option]");
        if (active >= 0 && options[active]) { event.preventDefault(); choose(options[active]); }
      } else if (event.key === "Escape") { close(); }
    });
    textarea.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpOnce();
    document.querySelectorAll("textarea[data-mentions]").forEach(setUpMentions);
  });
})();
