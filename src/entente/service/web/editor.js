// The scenario editor: the targets, payoffs, resources, attacker types and slots of a
// scenario in editable tables. The server validates the draft as the planner types
// (POST /api/scenarios/validate, debounced) and each message is shown at its field;
// saving makes a new version (POST /api/scenarios/ID/versions), never an overwrite.
// Fields the tables do not show (routes, networks, weather ...) are kept as they are.

import { mapPanel } from "./editmap.js";

const DEBOUNCE_MS = 350;
const WEEKDAYS = ["", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const KINDS = ["guard", "patrol", "static", "checkpoint"];
const $ = (selector) => document.querySelector(selector);
const LIST_FIELDS = { attackers: "attackers[0].prior" };

export const pathText = (parts) =>
  parts.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");

function holder(doc, parts) {
  let node = doc;
  for (const part of parts.slice(0, -1)) node = node[part];
  return node;
}

function setAt(doc, parts, value) {
  const node = holder(doc, parts);
  if (value === undefined) delete node[parts.at(-1)];
  else node[parts.at(-1)] = value;
}

// What the planner typed, as the document holds it: a number when it reads as one, else
// the text itself (so the server names the problem); empty optional fields are dropped.
function parsed(text, kind, optional) {
  const trimmed = text.trim();
  if (trimmed === "") return optional ? undefined : "";
  if (kind === "text") return text;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

export function setupEditor({ api, say, detailOf, onSaved, onSolve }) {
  const editor = { id: null, doc: null, timer: null, asked: 0, fields: 0 };
  const map = mapPanel({ api, onPlace: place });

  function types() {
    return (editor.doc.attackers || []).map((a) => a.id);
  }

  function changed(structural = false) {
    if (structural) render();
    else map.draw(editor.doc);
    clearTimeout(editor.timer);
    editor.timer = setTimeout(validate, DEBOUNCE_MS);
    $("#editor-state").textContent = "Checking…";
  }

  // One editable cell: an input bound to the document at ``parts``, with room for its error.
  function field(row, parts, label, { kind = "number", optional = false, onChange } = {}) {
    const td = row.insertCell();
    const input = element("input", {
      type: "text",
      "aria-label": label,
      "data-path": pathText(parts),
      size: kind === "text" ? "12" : "7",
    });
    if (kind !== "text") input.setAttribute("inputmode", "decimal");
    const value = holder(editor.doc, parts)[parts.at(-1)];
    input.value = value === undefined ? "" : String(value);
    input.addEventListener("input", () => {
      const next = parsed(input.value, kind, optional);
      if (onChange) onChange(next);
      else setAt(editor.doc, parts, next);
      changed();
    });
    const error = element("span", { class: "field-error", id: `field-error-${++editor.fields}` });
    td.append(input, error);
    return td;
  }

  function choice(row, parts, label, options, { optional = false } = {}) {
    const select = element("select", { "aria-label": label, "data-path": pathText(parts) });
    for (const option of options) select.append(element("option", { value: option }, option || "—"));
    const value = holder(editor.doc, parts)[parts.at(-1)];
    select.value = value === undefined ? options[0] : String(value);
    select.addEventListener("change", () => {
      setAt(editor.doc, parts, optional && select.value === "" ? undefined : select.value);
      changed();
    });
    const td = row.insertCell();
    td.append(select, element("span", { class: "field-error", id: `field-error-${++editor.fields}` }));
  }

  function removeButton(row, label, onClick) {
    const button = element("button", { type: "button", "aria-label": label }, "Remove");
    button.addEventListener("click", () => {
      onClick();
      changed(true);
    });
    row.insertCell().append(button);
  }

  function table(id, headers) {
    const node = $(`#${id}`);
    const head = node.tHead.rows[0];
    head.replaceChildren(...headers.map((h) => element("th", { scope: "col" }, h)));
    node.tBodies[0].replaceChildren();
    return node.tBodies[0];
  }

  function renderTargets() {
    const body = table("edit-targets", ["id", "name", "latitude", "longitude", ""]);
    editor.doc.targets.forEach((target, i) => {
      const row = body.insertRow();
      const name = target.id || `target ${i + 1}`;
      field(row, ["targets", i, "id"], `target ${i + 1} id`, { kind: "text" });
      field(row, ["targets", i, "name"], `${name} name`, { kind: "text", optional: true });
      field(row, ["targets", i, "lat"], `${name} latitude`, { optional: true });
      field(row, ["targets", i, "lon"], `${name} longitude`, { optional: true });
      removeButton(row, `Remove target ${name}`, () => editor.doc.targets.splice(i, 1));
    });
  }

  function payoffColumns() {
    const typed = types();
    const perTypeDefender = typed.length > 0 && editor.doc.targets.some(
      (t) => t.defender && typeof t.defender === "object" && !("covered" in t.defender));
    const sides = [];
    for (const side of ["defender", "attacker"]) {
      const split = typed.length > 0 && (side === "attacker" || perTypeDefender);
      for (const type of split ? typed : [null]) {
        for (const when of ["covered", "uncovered"]) sides.push({ side, type, when });
      }
    }
    return sides;
  }

  function renderPayoffs() {
    const columns = payoffColumns();
    const body = table("edit-payoffs", ["target", ...columns.map(
      (c) => `${c.side}${c.type ? ` (${c.type})` : ""} ${c.when}`)]);
    editor.doc.targets.forEach((target, i) => {
      const row = body.insertRow();
      row.insertCell().textContent = target.id || `target ${i + 1}`;
      for (const { side, type, when } of columns) {
        const pair = target[side] || {};
        const shared = type === null || "covered" in pair;
        const parts = shared ? ["targets", i, side, when] : ["targets", i, side, type, when];
        if (!shared && !pair[type]) pair[type] = { covered: 0, uncovered: 0 };
        field(row, parts, `${target.id} ${side}${type ? ` ${type}` : ""} ${when}`);
      }
    });
  }

  function renderResources() {
    const body = table("edit-resources", ["id", "kind", "count", "effectiveness", "cost", ""]);
    editor.doc.resources.forEach((resource, i) => {
      const row = body.insertRow();
      const name = resource.id || `resource ${i + 1}`;
      field(row, ["resources", i, "id"], `resource ${i + 1} id`, { kind: "text" });
      choice(row, ["resources", i, "kind"], `${name} kind`, KINDS);
      field(row, ["resources", i, "count"], `${name} count`);
      field(row, ["resources", i, "effectiveness"], `${name} effectiveness`, { optional: true });
      field(row, ["resources", i, "cost"], `${name} cost per unit`, { optional: true });
      removeButton(row, `Remove resource ${name}`, () => editor.doc.resources.splice(i, 1));
    });
  }

  function renameType(old, next) {
    for (const target of editor.doc.targets) {
      for (const side of ["attacker", "defender"]) {
        const pair = target[side];
        if (pair && typeof pair === "object" && old in pair && !("covered" in pair)) {
          pair[next] = pair[old];
          delete pair[old];
        }
      }
    }
  }

  function renderTypes() {
    const body = table("edit-types", ["id", "prior", ""]);
    (editor.doc.attackers || []).forEach((type, i) => {
      const row = body.insertRow();
      field(row, ["attackers", i, "id"], `attacker type ${i + 1} id`, {
        kind: "text",
        onChange: (next) => {
          renameType(type.id, next);
          type.id = next;
        },
      });
      field(row, ["attackers", i, "prior"], `${type.id} prior probability`);
      removeButton(row, `Remove attacker type ${type.id}`, () => removeType(i));
    });
  }

  function addType() {
    const typed = types();
    const id = `type-${typed.length + 1}`;
    for (const target of editor.doc.targets) {
      const pair = target.attacker;
      if (typed.length === 0) target.attacker = { [id]: pair };
      else target.attacker[id] = structuredClone(pair[typed[0]] || pair);
      if (typed.length && target.defender && !("covered" in target.defender)) {
        target.defender[id] = structuredClone(target.defender[typed[0]]);
      }
    }
    editor.doc.attackers = [...(editor.doc.attackers || []), { id, prior: typed.length ? 0 : 1 }];
  }

  function removeType(index) {
    const id = editor.doc.attackers[index].id;
    editor.doc.attackers.splice(index, 1);
    const left = types();
    for (const target of editor.doc.targets) {
      for (const side of ["attacker", "defender"]) {
        const pair = target[side];
        if (!pair || "covered" in pair) continue;
        if (left.length === 0) target[side] = pair[id];
        else delete pair[id];
      }
    }
    if (left.length === 0) delete editor.doc.attackers;
  }

  function renderSlots() {
    const body = table("edit-slots", ["id", "name", "start", "weekday", "hours", ""]);
    (editor.doc.slots || []).forEach((slot, i) => {
      const row = body.insertRow();
      const name = slot.id || `slot ${i + 1}`;
      field(row, ["slots", i, "id"], `slot ${i + 1} id`, { kind: "text" });
      field(row, ["slots", i, "name"], `${name} name`, { kind: "text", optional: true });
      field(row, ["slots", i, "start"], `${name} start`, { kind: "text", optional: true });
      choice(row, ["slots", i, "weekday"], `${name} weekday`, WEEKDAYS, { optional: true });
      field(row, ["slots", i, "hours"], `${name} hours`, { optional: true });
      removeButton(row, `Remove slot ${name}`, () => {
        editor.doc.slots.splice(i, 1);
        if (!editor.doc.slots.length) delete editor.doc.slots;
      });
    });
    $("#edit-slots-none").hidden = Boolean(editor.doc.slots);
  }

  function render(refit = false) {
    $("#edit-name").value = editor.doc.name || "";
    renderTargets();
    renderPayoffs();
    renderResources();
    renderTypes();
    renderSlots();
    map.draw(editor.doc, { refit });
  }

  function place(index, lat, lon) {
    const target = editor.doc.targets[index];
    target.lat = lat;
    target.lon = lon;
    for (const key of ["lat", "lon"]) {
      const input = $(`#edit-targets input[data-path="${pathText(["targets", index, key])}"]`);
      if (input) input.value = String(target[key]);
    }
    say(`${target.id} placed at ${lat}, ${lon}.`);
    changed();
  }

  // The input (or select) showing ``path``, or the nearest one inside or above it.
  // A problem with a whole list is shown at the field it is about (priors that do not sum to 1).
  function inputFor(path) {
    const all = [...document.querySelectorAll("#editor [data-path]")];
    for (let at = LIST_FIELDS[path] || path; at; at = at.replace(/(\.[^.[\]]+|\[\d+\])$/, "")) {
      const exact = all.find((i) => i.dataset.path === at);
      if (exact) return exact;
      const inside = all.find((i) => i.dataset.path.startsWith(`${at}.`) || i.dataset.path.startsWith(`${at}[`));
      if (inside) return inside;
      if (!/(\.[^.[\]]+|\[\d+\])$/.test(at)) break;
    }
    return null;
  }

  function showProblems(problems) {
    for (const input of document.querySelectorAll("#editor [aria-invalid]")) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
    for (const span of document.querySelectorAll("#editor .field-error")) span.textContent = "";
    const elsewhere = $("#editor-problems");
    elsewhere.replaceChildren();
    for (const { path, msg } of problems) {
      const input = inputFor(path);
      if (input) {
        const span = input.nextElementSibling;
        span.textContent = span.textContent ? `${span.textContent} ${msg}` : msg;
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", span.id);
      } else {
        elsewhere.append(element("li", {}, `${path || "scenario"}: ${msg}`));
      }
    }
  }

  async function validate() {
    const asked = ++editor.asked;
    const response = await api("/api/scenarios/validate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(editor.doc),
    });
    if (asked !== editor.asked) return; // a newer draft is being checked
    const state = $("#editor-state");
    if (response.ok) {
      const { targets } = await response.json();
      showProblems([]);
      state.textContent = `Valid: ${targets} targets. Save it as a new version when ready.`;
      state.className = "ok";
      return true;
    }
    const body = response.status === 422 ? await response.json() : null;
    const problems = Array.isArray(body?.detail)
      ? body.detail.map((d) => ({ path: d.path, msg: d.msg }))
      : [{ path: "", msg: (await detailOf(response)).join("; ") }];
    showProblems(problems);
    state.textContent = `${problems.length} problem(s) to fix before saving (shown at each field).`;
    state.className = "error";
    return false;
  }

  async function open(id) {
    const [body, versions] = await Promise.all([
      api(`/api/scenarios/${id}`).then((r) => r.json()),
      api(`/api/scenarios/${id}/versions`).then((r) => r.json()),
    ]);
    editor.id = id;
    editor.doc = body;
    const current = versions.find((v) => v.id === id);
    $("#editor").hidden = false;
    $("#editor-title").textContent =
      `Edit ${current.name}: version ${current.version} (scenario ${id})`;
    const select = $("#edit-version");
    select.replaceChildren(...versions.map((v) => element(
      "option", { value: v.id },
      `v${v.version} — scenario ${v.id}, ${v.targets} targets, by ${v.created_by}, ` +
      `${new Date(v.created_at).toLocaleString()}`)));
    select.value = String(id);
    render(true);
    showProblems([]);
    $("#editor-state").textContent = "Editing: saved versions are never changed.";
    $("#editor-state").className = "";
    $("#editor").scrollIntoView();
    $("#edit-name").focus();
  }

  async function save() {
    clearTimeout(editor.timer);
    if (!(await validate())) {
      say("Not saved: fix the problems shown at their fields first.", true);
      return;
    }
    const response = await api(`/api/scenarios/${editor.id}/versions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(editor.doc),
    });
    if (response.status !== 201) {
      say((await detailOf(response)).join("; "), true);
      return;
    }
    const saved = await response.json();
    say(`Saved as version ${saved.version} of ${saved.name} (scenario ${saved.id}).`);
    await onSaved();
    await open(saved.id);
  }

  const adders = {
    "#edit-add-target": () => {
      const n = editor.doc.targets.length + 1;
      const typed = types();
      const attacker = { covered: -1, uncovered: 1 };
      editor.doc.targets.push({
        id: `target-${n}`,
        defender: { covered: 0, uncovered: -1 },
        attacker: typed.length ? Object.fromEntries(typed.map((t) => [t, { ...attacker }])) : attacker,
      });
    },
    "#edit-add-resource": () => {
      editor.doc.resources.push({ id: `resource-${editor.doc.resources.length + 1}`, count: 1 });
    },
    "#edit-add-type": addType,
    "#edit-add-slot": () => {
      editor.doc.slots = [...(editor.doc.slots || []), { id: `slot-${(editor.doc.slots || []).length + 1}` }];
    },
  };
  for (const [selector, add] of Object.entries(adders)) {
    $(selector).addEventListener("click", () => {
      add();
      changed(true);
    });
  }
  $("#edit-name").addEventListener("input", () => {
    setAt(editor.doc, ["name"], parsed($("#edit-name").value, "text", true));
    changed();
  });
  $("#edit-version").addEventListener("change", () => open(Number($("#edit-version").value)));
  $("#edit-save").addEventListener("click", save);
  $("#edit-solve").addEventListener("click", () => onSolve(editor.id));
  $("#edit-close").addEventListener("click", () => {
    $("#editor").hidden = true;
    editor.doc = null;
  });
  return { open };
}
