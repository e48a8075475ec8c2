// voices review: one text at a time, every control on the keyboard. No data is ever
// inserted as markup: all of it goes through textContent.
"use strict";
(function () {
  let state = null, busy = false;
  const chosen = new Set();
  const $ = (id) => document.getElementById(id);

  function show(el, text) { el.textContent = text || ""; el.hidden = !text; }

  function button(label, onPress, pressed) {
    const b = document.createElement("button");
    b.type = "button";
    const k = document.createElement("kbd"); k.textContent = label.key;
    b.append(k, " " + label.name);
    if (label.definition) { const d = document.createElement("span"); d.className = "def"; d.textContent = label.definition; b.append(d); }
    b.setAttribute("aria-keyshortcuts", label.key);
    if (pressed !== undefined) b.setAttribute("aria-pressed", String(pressed));
    b.addEventListener("click", onPress);
    return b;
  }

  function render(next) {
    if (next.error) { $("message").textContent = next.error; return; }
    state = next; chosen.clear();
    $("message").textContent = next.note || "";
    const p = next.progress, doc = next.doc;
    $("progress").textContent = `${next.queue} queue: ${p.done} of ${p.total} labelled` +
      ` (${p.session} this session, ${p.skipped} skipped)` +
      (p.copies_left_out ? `; ${p.copies_left_out} word-for-word ${p.copies_left_out === 1 ? "copy" : "copies"}` +
        " of these texts left out: each text is shown once" : "");
    $("learner").textContent = next.learner || "";
    show($("question"), doc && doc.question ? "Question: " + doc.question : "");
    show($("closed"), doc && doc.closed_answer ? "Closed answer: " + doc.closed_answer : "");
    show($("parent"), doc && doc.parent ? "Replying to: " + doc.parent : "");
    $("text").textContent = doc ? doc.text : "Nothing left to label in this queue. You can close this page.";
    $("guess").textContent = doc && doc.guess ?
      `Model's guess (${doc.guess_by}): ${doc.guess}, confidence ${Math.round(100 * doc.confidence)}%` : "";
    const st = $("stances"); st.replaceChildren(...next.labels.stances.map((l) => button(l, () => label(l.name))));
    drawThemes();
    $("themes-box").hidden = next.labels.themes.length === 0;
    $("text").focus();
  }

  function drawThemes() {
    $("themes").replaceChildren(...state.labels.themes.map((l) => button(l, () => toggle(l.name), chosen.has(l.name))));
  }

  function toggle(name) { if (chosen.has(name)) chosen.delete(name); else chosen.add(name); drawThemes(); }

  async function call(path, body) {
    const init = body === undefined ? {} :
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    busy = true;
    try {
      const r = await fetch(path, { credentials: "same-origin", ...init });
      const data = await r.json();
      if (!r.ok && !data.error) data.error = `the server refused (${r.status})`;
      render(data);
    } catch (e) { $("message").textContent = "voices review is not answering: is it still running? " + e; }
    finally { busy = false; }
  }

  function label(stance) {
    if (!state || !state.doc) return;
    const themes = state.labels.themes.length ? [...chosen].sort() : null;
    call("/api/label", { doc_id: state.doc.id, stance: stance, themes: themes });
  }

  $("skip").addEventListener("click", () => state && state.doc && call("/api/skip", { doc_id: state.doc.id }));
  $("undo").addEventListener("click", () => call("/api/undo", {}));

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || !state || busy) return;
    const k = e.key.toLowerCase();
    const s = state.labels.stances.find((l) => l.key === k);
    const t = state.labels.themes.find((l) => l.key === k);
    if (s) label(s.name);
    else if (t) toggle(t.name);
    else if (k === "s") $("skip").click();
    else if (k === "u") $("undo").click();
    else return;
    e.preventDefault();
  });

  call("/api/state");
})();
