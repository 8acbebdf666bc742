/* Small progressive enhancements; every page works without this file. */
(function () {
  "use strict";

  /* Characters left under a title or summary ("12 von 60 Zeichen"). */
  document.querySelectorAll("[data-counter]").forEach(function (input) {
    var max = parseInt(input.getAttribute("data-counter"), 10);
    var note = document.createElement("p");
    note.className = "counter";
    note.id = input.id + "-zaehler";
    input.insertAdjacentElement("afterend", note);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    function update() {
      var n = input.value.length;
      note.textContent = n + " von " + max + " Zeichen" + (n > max ? " – bitte kürzen" : "");
      note.classList.toggle("over", n > max);
    }
    input.addEventListener("input", update);
    update();
  });

  /* A link in the error list: show the field's label and message, not just its input
     (the browser would scroll the input itself to the top edge). */
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      var label = document.querySelector("label[for='" + target.id + "']");
      var box = target.closest(".field, fieldset") || target;
      var legend = box.querySelector("legend");
      (label || legend || box).scrollIntoView({block: "start"});
      window.scrollBy(0, -12);
      target.focus({preventScroll: true});
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + target.id);
      }
    });
  });

  var form = document.getElementById("entry-form");
  if (!form) { return; }

  /* Show only the repetition details that belong to the chosen kind of repetition. */
  var groups = {weekly: "gruppe-weekly", monthly: "gruppe-monthly", rule: "gruppe-rule"};
  function showRepeat() {
    var chosen = form.querySelector("input[name=repeat]:checked");
    var value = chosen ? chosen.value : "none";
    Object.keys(groups).forEach(function (key) {
      var el = document.getElementById(groups[key]);
      if (el && !el.querySelector(".has-error")) { el.hidden = key !== value; }
    });
  }
  form.querySelectorAll("input[name=repeat]").forEach(function (r) {
    r.addEventListener("change", showRepeat);
  });
  showRepeat();

  /* The next ten dates, recalculated while typing (the "Termine prüfen" button does the
     same without JavaScript). */
  var list = document.getElementById("termine-liste");
  var url = form.getAttribute("data-dates-url");
  var timer = null;
  function refresh() {
    var data = new FormData(form);
    data.delete("image");
    fetch(url, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { list.innerHTML = html; } })
      .catch(function () { /* the button still works */ });
  }
  var when = document.getElementById("wann");
  if (when && list && url) {
    ["input", "change"].forEach(function (type) {
      when.addEventListener(type, function () {
        clearTimeout(timer);
        timer = setTimeout(refresh, 500);
      });
    });
  }
})();
