// A plan's map and coverage table, slot by slot.
// The map is the report's (GET /api/plans/{id}/map.svg?slot=...); the numbers
// come from GET /api/plans/{id}/targets. Pointing at a target (or picking it
// in the table) shows its name, coverage, value and payoffs; the table sorts
// by any column (its headers are buttons) and downloads as CSV.

import { api, detailOf } from "./app.js";
import { denseBox, importSvg, zoomable } from "./map_view.js";

const $ = (selector) => document.querySelector(selector);
const view = {
  plan: null, data: null, slot: null, sort: { key: "coverage", dir: -1 }, zoom: null, ticket: 0, picked: null,
};

const COLUMNS = [
  { key: "name", label: "target", text: true },
  { key: "coverage", label: "coverage", digits: 4 },
  { key: "value", label: "value", digits: 2 },
  { key: "defender_utility", label: "defender if attacked", digits: 2 },
  { key: "attacked", label: "attacked by", text: true },
];

const number = (value, digits) => (value === null || value === undefined ? "—" : Number(value).toFixed(digits));
const sortValue = (t, key) => (key === "attacked" ? t.attacked_by.join(", ") : t[key]);

export async function showPlanMap(planId) {
  const ticket = ++view.ticket;
  const response = await api(`/api/plans/${planId}/targets`);
  if (ticket !== view.ticket) return;
  view.plan = planId;
  hideCard();
  if (!response.ok) {
    view.data = null;
    $("#slot-picker").hidden = true;
    $("#plan-map").textContent = (await detailOf(response)).join("; ");
    $("#coverage-table tbody").replaceChildren();
    return;
  }
  view.data = await response.json();
  slotPicker(view.data.slots);
  await showSlot(view.data.slots.length ? view.data.slots[0].id : null);
}

function slotPicker(slots) {
  const picker = $("#slot-picker");
  picker.replaceChildren(picker.querySelector("legend") || document.createElement("legend"));
  picker.querySelector("legend").textContent = "Slot";
  picker.hidden = slots.length === 0;
  slots.forEach((slot, index) => {
    const input = document.createElement("input");
    Object.assign(input, { type: "radio", name: "map-slot", id: `map-slot-${slot.id}`, value: slot.id });
    input.checked = index === 0;
    input.addEventListener("change", () => showSlot(slot.id));
    const label = document.createElement("label"); // the input lies over its label: a click on either picks
    const text = document.createElement("span");
    text.textContent = slot.name;
    label.append(input, text);
    picker.append(label);
  });
}

async function showSlot(slot) {
  view.slot = slot;
  view.picked = null;
  hideCard();
  renderTable();
  await drawMap();
}

function slotName(slot) {
  const entry = view.data.slots.find((s) => s.id === slot);
  return entry ? entry.name : slot;
}

async function drawMap() {
  const ticket = ++view.ticket;
  const figure = $("#plan-map");
  const query = view.slot ? `?slot=${encodeURIComponent(view.slot)}` : "";
  const response = await api(`/api/plans/${view.plan}/map.svg${query}`);
  if (ticket !== view.ticket) return;
  figure.replaceChildren();
  view.zoom = null;
  $(".map-tools").hidden = !response.ok;
  if (!response.ok) {
    figure.textContent = response.status === 404
      ? "No target of this scenario has coordinates: no map."
      : (await detailOf(response)).join("; ");
    return;
  }
  const svg = importSvg(await response.text(), `plan-${view.plan}`);
  for (const title of svg.querySelectorAll("circle.target > title, circle.target-inset > title")) {
    title.remove(); // the card below says more, without the browser's tooltip on top of it
  }
  figure.append(svg);
  figure.setAttribute("aria-label", `Map of plan ${view.plan}${view.slot ? `, ${slotName(view.slot)}` : ""}`);
  view.zoom = zoomable(figure, svg, (id) => target(id)?.name ?? id);
  $('[data-zoom="dense"]').hidden = denseBox(svg) === null; // no crowded group on this map
  svg.addEventListener("pointerover", (event) => {
    const circle = event.target.closest("circle.target, circle.target-inset");
    if (circle) showCard(circle.dataset.target, circle);
  });
  svg.addEventListener("pointerout", (event) => {
    if (event.target.closest("circle.target, circle.target-inset")) restoreCard();
  });
  svg.addEventListener("click", (event) => {
    const circle = event.target.closest("circle.target, circle.target-inset");
    if (circle) pick(circle.dataset.target, false);
  });
}

// --- the card ------------------------------------------------------------------

function target(id) {
  return view.data.targets.find((t) => t.id === id);
}

function line(parent, text, tag = "p") {
  const element = document.createElement(tag);
  element.textContent = text;
  parent.append(element);
  return element;
}

function showCard(id, anchor) {
  const t = target(id);
  if (!t) return;
  const card = $("#target-card");
  card.replaceChildren();
  line(card, t.name, "strong");
  if (t.slot) line(card, slotName(t.slot), "span").className = "card-slot";
  line(card, `coverage ${t.coverage.toFixed(3)} · value ${t.value.toFixed(2)}`);
  const types = Object.keys(t.attacker);
  const attacker = types.map((k) => `${types.length > 1 ? `${k} ` : ""}${t.attacker_utility[k].toFixed(2)}`);
  line(card, `if attacked: defender ${t.defender_utility.toFixed(2)}, attacker ${attacker.join(", ")}`);
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const text of ["payoffs", "covered", "uncovered"]) line(head, text, "th").scope = "col";
  const body = table.createTBody();
  for (const [side, payoffs] of [["defender", t.defender], ["attacker", t.attacker]]) {
    const shared = types.every((k) => JSON.stringify(payoffs[k]) === JSON.stringify(payoffs[types[0]]));
    for (const k of shared ? [types[0]] : types) {
      const row = body.insertRow();
      line(row, shared || types.length === 1 ? side : `${side} (${k})`, "th").scope = "row";
      line(row, payoffs[k].covered.toFixed(2), "td");
      line(row, payoffs[k].uncovered.toFixed(2), "td");
    }
  }
  card.append(table);
  line(card, t.attacked_by.length ? `attacked by ${t.attacked_by.join(", ")}` : "not attacked");
  card.hidden = false;
  place(card, anchor);
  for (const element of document.querySelectorAll("#coverage-table tbody tr, #plan-map circle[data-target]")) {
    element.classList.toggle("shown", element.dataset.target === id);
  }
}

function place(card, anchor) {
  const pane = $(".map-pane").getBoundingClientRect();
  const box = anchor ? anchor.getBoundingClientRect() : pane;
  const left = Math.min(box.right - pane.left + 10, pane.width - card.offsetWidth - 4);
  const flip = left < box.right - pane.left && box.left - pane.left > card.offsetWidth + 10;
  card.style.left = `${Math.max(flip ? box.left - pane.left - card.offsetWidth - 10 : left, 4)}px`;
  card.style.top = `${Math.max(box.top - pane.top - 10, 0)}px`;
}

// Back to the picked target's card, or none.
function restoreCard() {
  const circle = document.querySelector("#plan-map circle.picked");
  if (view.picked && circle) showCard(view.picked, circle);
  else hideCard();
}

function hideCard() {
  $("#target-card").hidden = true;
  for (const element of document.querySelectorAll("#plan-map .shown, #coverage-table .shown")) {
    element.classList.remove("shown");
  }
}

// A target picked in the table (or clicked): centred on the map if zoomed in, ringed, its card shown.
function pick(id, centre = true) {
  view.picked = id;
  for (const circle of document.querySelectorAll("#plan-map circle.picked")) circle.classList.remove("picked");
  const circles = [...document.querySelectorAll("#plan-map circle")].filter((c) => c.dataset.target === id);
  for (const circle of circles) circle.classList.add("picked");
  const circle = circles[0];
  if (circle && centre && view.zoom && view.zoom.box().w < view.zoom.home.w) {
    view.zoom.centreOn(Number(circle.getAttribute("cx")), Number(circle.getAttribute("cy")));
  }
  showCard(id, circle || null);
}

// --- the table -----------------------------------------------------------------

function shownTargets() {
  const { key, dir } = view.sort;
  const rows = view.data.targets.filter((t) => view.slot === null || t.slot === view.slot);
  return rows.sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    const order = typeof x === "string" ? x.localeCompare(y) : x - y;
    return dir * order || a.name.localeCompare(b.name);
  });
}

function renderTable() {
  const table = $("#coverage-table");
  table.caption.textContent = view.slot
    ? `Coverage on ${slotName(view.slot)} (probability an attack there is interdicted)`
    : "Coverage per target (probability an attack there is interdicted)";
  const head = document.createElement("tr");
  for (const column of COLUMNS) {
    const th = document.createElement("th");
    th.scope = "col";
    const active = view.sort.key === column.key;
    th.setAttribute("aria-sort", active ? (view.sort.dir > 0 ? "ascending" : "descending") : "none");
    const sort = document.createElement("button");
    sort.type = "button";
    sort.className = "sort";
    sort.textContent = column.label;
    const arrow = document.createElement("span");
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = active ? (view.sort.dir > 0 ? "\u00a0▲" : "\u00a0▼") : "";
    sort.append(arrow);
    sort.addEventListener("click", () => sortBy(column));
    th.append(sort);
    head.append(th);
  }
  table.tHead.replaceChildren(head);
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const t of shownTargets()) {
    const row = body.insertRow();
    row.dataset.target = t.id;
    const pickIt = document.createElement("button");
    pickIt.type = "button";
    pickIt.className = "link";
    pickIt.textContent = t.name;
    pickIt.title = t.name;
    pickIt.addEventListener("click", () => pick(t.id));
    row.insertCell().append(pickIt);
    for (const column of COLUMNS.slice(1, -1)) {
      const td = row.insertCell();
      td.className = "num";
      td.textContent = number(t[column.key], column.digits);
    }
    row.insertCell().textContent = t.attacked_by.join(", ");
  }
}

function sortBy(column) {
  const same = view.sort.key === column.key;
  view.sort = { key: column.key, dir: same ? -view.sort.dir : column.text ? 1 : -1 };
  renderTable();
  $(`#coverage-table th[aria-sort="${view.sort.dir > 0 ? "ascending" : "descending"}"] button`).focus();
}

// --- CSV -------------------------------------------------------------------------

function csvField(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// Every target of every slot, in the plan's order, numbers at full precision.
export function coverageCsv(data) {
  const header = ["target", "name", "slot", "lat", "lon", "coverage", "value", "defender_if_attacked"];
  const types = data.types;
  const lines = [[...header, ...types.map((k) => `attacker_if_attacked:${k}`), "attacked_by"]];
  for (const t of data.targets) {
    lines.push([
      t.id, t.name, t.slot, t.lat, t.lon, t.coverage, t.value, t.defender_utility,
      ...types.map((k) => t.attacker_utility[k]), t.attacked_by.join(" "),
    ]);
  }
  return lines.map((fields) => fields.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function downloadCsv() {
  if (!view.data) return;
  const url = URL.createObjectURL(new Blob([coverageCsv(view.data)], { type: "text/csv" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `plan-${view.plan}-coverage.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// --- wiring ------------------------------------------------------------------------

$("#coverage-csv").addEventListener("click", downloadCsv);
$(".map-tools").addEventListener("click", (event) => {
  const action = event.target.closest("button")?.dataset.zoom;
  if (!view.zoom || !action) return;
  if (action === "in") view.zoom.zoomAt(1.5);
  else if (action === "out") view.zoom.zoomAt(1 / 1.5);
  else if (action === "reset") view.zoom.reset();
  else if (action === "dense") {
    const box = denseBox($("#plan-map svg"));
    if (box) view.zoom.zoomTo(box);
  }
  restoreCard();
});
for (const type of ["keyup", "pointerup"]) $("#plan-map").addEventListener(type, restoreCard);
