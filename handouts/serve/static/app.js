/* handouts serve: search as you type, packet order, and the copy form sent without leaving
   the page (what was typed stays in the form if something needs fixing). No build step. */
(function () {
  "use strict";

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // ---- the catalog: filter cards as you type ------------------------------------------
  // As pages.py does: every word in a card's text, but a language's whole name ("spanish",
  // "espanol") only on that language's cards.
  var search = document.getElementById("q");
  var list = document.getElementById("cards");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  if (search && list) {
    var count = document.getElementById("count");
    var empty = document.getElementById("empty");
    var named = JSON.parse(list.getAttribute("data-languages") || "{}");
    var widen = document.getElementById("all-languages");
    var matches = function (card, word) {
      if (Object.prototype.hasOwnProperty.call(named, word)) {
        return named[word] === card.getAttribute("data-lang");
      }
      return card.getAttribute("data-search").indexOf(word) !== -1;
    };
    var apply = function () {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var match = words.every(function (word) { return matches(card, word); });
        card.hidden = !match;
        if (match) { shown += 1; }
      });
      var said = shown === 1 ? "1 handout / folleto" : shown + " handouts / folletos";
      if (count.textContent !== said) { count.textContent = said; }  // no repeats read aloud
      empty.hidden = shown !== 0 || words.length === 0;
      if (widen) {
        var typed = search.value.trim();
        widen.href = widen.getAttribute("data-href") + (typed ? "&q=" + encodeURIComponent(typed) : "");
      }
    };
    search.addEventListener("input", apply);
    document.getElementById("clear").addEventListener("click", function (event) {
      event.preventDefault();  // without the script, the link reloads the page unsearched
      search.value = "";
      apply();
      search.focus();
    });
    apply();
  }

  // ---- the copy form --------------------------------------------------------------------
  var form = document.getElementById("copy");
  if (!form) { return; }
  var problem = document.getElementById("problem");
  var printStatus = document.getElementById("status");
  var mailStatus = document.getElementById("mail-status");
  var status = printStatus;
  var summary = document.getElementById("packet-order");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=handouts]"));

  function orderField(box) { return document.getElementById("o-" + box.value); }
  function labelOf(box) { return form.querySelector("label[for='" + box.id + "']").textContent; }

  function showOrder() {
    var picked = boxes.filter(function (box) { return box.checked; });
    picked.sort(function (a, b) {
      return (parseInt(orderField(a).value, 10) || 999) - (parseInt(orderField(b).value, 10) || 999);
    });
    if (picked.length === 0) { summary.textContent = "No handout ticked yet."; return; }
    var names = picked.map(function (box, i) { return (i + 1) + ". " + labelOf(box); });
    summary.textContent = (picked.length > 1 ? "Packet order: " : "Handout: ") + names.join("   ");
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      var field = orderField(box);
      if (box.checked && !field.value) {
        var used = boxes.filter(function (b) { return b.checked && b !== box; })
          .map(function (b) { return parseInt(orderField(b).value, 10) || 0; });
        field.value = String(Math.max.apply(null, used.concat([0])) + 1);
      } else if (!box.checked) {
        field.value = "";
      }
      showOrder();
    });
    orderField(box).addEventListener("input", showOrder);
  });
  showOrder();

  function clearProblem() {
    problem.hidden = true;
    problem.textContent = "";
    var near = document.getElementById("field-problem");
    if (near) { near.remove(); }
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (field) {
      field.removeAttribute("aria-invalid");
      var described = (field.getAttribute("aria-describedby") || "").replace("field-problem", "").trim();
      if (described) { field.setAttribute("aria-describedby", described); }
      else { field.removeAttribute("aria-describedby"); }
    });
  }

  function showProblem(message, field) {
    problem.textContent = message;
    problem.hidden = false;
    var target = field === "handouts" ? boxes[0] : field && document.getElementById(field);
    if (!target) { problem.focus(); return; }
    // The same words beside the field, which is where the focus goes.
    var near = document.createElement("p");
    near.id = "field-problem";
    near.className = "problem";
    near.textContent = message;
    (target.closest(".field") || target.closest("fieldset")).appendChild(near);
    target.setAttribute("aria-invalid", "true");
    var described = target.getAttribute("aria-describedby");
    target.setAttribute("aria-describedby", described ? described + " field-problem" : "field-problem");
    target.focus();
  }

  function fileName(response, fallback) {
    var found = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    return found ? found[1] : fallback;
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !window.fetch) { return; }
    event.preventDefault();
    var action = button.value;
    printStatus.textContent = "";
    mailStatus.textContent = "";
    status = action === "eml" || action === "send" ? mailStatus : printStatus;
    var body = new URLSearchParams(new FormData(form, button));
    var viewer = action === "print" ? window.open("", "_blank") : null;
    clearProblem();
    status.textContent = action === "send" ? "Sending… / Enviando…" : "Making the PDF… / Preparando…";
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json, application/pdf, message/rfc822" }
    }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () {
          return { detail: "Something went wrong (" + response.status + "). Try again." };
        }).then(function (info) {
          if (viewer) { viewer.close(); }
          status.textContent = "";
          showProblem(info.detail, info.field);
        });
      }
      // A long note that made the copy a page longer: the handouts and what helps, no name.
      var longer = response.headers.get("X-Handouts-Warning");
      if (action === "send") {
        return response.json().then(function (info) {
          status.textContent = info.message + (info.warning ? " " + info.warning : "");
        });
      }
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        if (viewer) {
          viewer.location.href = url;
          status.textContent = "The PDF opened in a new tab: print it from there.";
        } else {
          var link = document.createElement("a");
          link.href = url;
          link.download = fileName(response, action === "eml" ? "email-draft.eml" : "handout.pdf");
          document.body.appendChild(link);
          link.click();
          link.remove();
          status.textContent = action === "eml"
            ? "The email draft was downloaded: open it to check and send it. Give the patient the password another way."
            : "The PDF was downloaded.";
        }
        if (longer) { status.textContent += " " + longer; }
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      });
    }).catch(function () {
      if (viewer) { viewer.close(); }
      status.textContent = "";
      showProblem("The app did not answer. Is it still running?", null);
    });
  });
})();
