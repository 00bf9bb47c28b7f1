// Two plans side by side: their value to the defender, the attacker's, the
// target each attacker type attacks, and every target's coverage in A and in
// B with the change B − A (largest changes first); their maps side by side.
// Targets are matched by id, so two versions of one scenario compare target
// by target; a target in one plan only shows "—" for the other.

import { api, detailOf, say } from "./app.js";
import { importSvg } from "./map_view.js";

const $ = (selector) => document.querySelector(selector);
// The scenario's name as the scenario table shows it (a shared plan's scenario is not listed).
function scenarioName(id) {
  const row = document.querySelector(`#scenario-table tr[data-scenario="${id}"]`);
  return row ? row.cells[1].textContent : `scenario ${id}`;
}

export function fillCompare(plans) {
  const [a, b] = [$("#compare-a"), $("#compare-b")];
  const kept = [a.value, b.value];
  for (const select of [a, b]) {
    select.replaceChildren();
    for (const p of plans) {
      const option = document.createElement("option");
      option.value = p.id;
      const value = p.defender_utility === null ? "no value" : `value ${p.defender_utility.toFixed(3)}`;
      option.textContent = `plan ${p.id} (${scenarioName(p.scenario)}, ${p.method}, ${value})`;
      select.append(option);
    }
  }
  // the choice made stays; otherwise the newest plan (B) against the one before (A)
  const ids = plans.map((p) => String(p.id));
  const keep = kept[0] !== kept[1] && kept.every((id) => ids.includes(id));
  a.value = keep ? kept[0] : (ids[1] ?? ids[0] ?? "");
  b.value = keep ? kept[1] : (ids[0] ?? "");
  $("#compare").hidden = plans.length < 2;
  const result = $("#compare-result"); // a comparison of plans no longer listed goes (another sign-in)
  if ((result.dataset.pair || "").split(",").some((id) => !ids.includes(id))) {
    result.hidden = true;
    result.replaceChildren();
    delete result.dataset.pair;
  }
}

async function fetchPlan(id) {
  const [plan, targets] = await Promise.all([api(`/api/plans/${id}`), api(`/api/plans/${id}/targets`)]);
  if (!plan.ok) throw new Error((await detailOf(plan)).join("; "));
  if (!targets.ok) throw new Error(`plan ${id}: ${(await detailOf(targets)).join("; ")}`);
  return { ...(await targets.json()), id, plan: await plan.json() };
}

async function compare(event) {
  event.preventDefault();
  const [a, b] = [$("#compare-a").value, $("#compare-b").value];
  if (a === b) {
    say("Pick two different plans to compare.", true);
    return;
  }
  let pair;
  try {
    pair = await Promise.all([fetchPlan(a), fetchPlan(b)]);
  } catch (error) {
    say(error.message, true);
    return;
  }
  const result = $("#compare-result");
  result.replaceChildren(verdict(pair), summary(pair), targetTable(pair), await maps(pair));
  result.hidden = false;
  result.dataset.pair = `${a},${b}`;
  say(`Plan ${a} (A) compared with plan ${b} (B).`);
}

function table(caption, headers) {
  const element = document.createElement("table");
  element.createCaption().textContent = caption;
  const row = element.createTHead().insertRow();
  for (const text of headers) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    row.append(th);
  }
  element.createTBody();
  return element;
}

function addRow(element, label, cells, numeric = []) {
  const row = element.tBodies[0].insertRow();
  const th = document.createElement("th");
  th.scope = "row";
  th.textContent = label;
  row.append(th);
  cells.forEach((text, i) => {
    const td = row.insertCell();
    td.textContent = text;
    if (numeric[i]) td.className = "num";
  });
  return row;
}

const fmt = (v, digits = 4) => (v === null || v === undefined ? "—" : Number(v).toFixed(digits));
const signed = (v, digits = 4) => (v === null ? "—" : `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(digits)}`);
const diff = (x, y) => (x === null || x === undefined || y === null || y === undefined ? null : y - x);

function nameOf(side, id) {
  const t = side.targets.find((x) => x.id === id);
  return t ? `${t.name}${t.slot ? ` (${t.slot})` : ""}` : id;
}

// One sentence: which plan is better for the defender, and by how much.
function verdict([A, B]) {
  const p = document.createElement("p");
  p.id = "compare-verdict";
  const [a, b] = [A.plan.defender_utility, B.plan.defender_utility];
  if (a === null || b === null) p.textContent = "One of the plans has no value (no proven plan).";
  else if (Math.abs(b - a) < 5e-5) p.textContent = `Both plans give the defender ${a.toFixed(4)}.`;
  else {
    const [best, other] = b > a ? ["B", "A"] : ["A", "B"];
    p.textContent = `Plan ${best} is better for the defender by ${Math.abs(b - a).toFixed(4)} `
      + `(expected utility ${Math.max(a, b).toFixed(4)} against ${Math.min(a, b).toFixed(4)} for plan ${other}).`;
  }
  return p;
}

function summary([A, B]) {
  const element = table("Plan A and plan B", ["", `A: plan ${A.id}`, `B: plan ${B.id}`, "B − A"]);
  element.id = "compare-summary";
  addRow(element, "scenario", [A.scenario, B.scenario, ""]);
  addRow(element, "method (status)", [A, B].map((s) => `${s.plan.method} (${s.plan.status})`).concat(""));
  const value = [A.plan.defender_utility, B.plan.defender_utility];
  addRow(element, "defender's expected utility", [fmt(value[0]), fmt(value[1]), signed(diff(...value))], [1, 1, 1])
    .dataset.row = "defender";
  const attacker = [A.plan.attacker_utility, B.plan.attacker_utility];
  addRow(element, "attacker's expected utility", [fmt(attacker[0]), fmt(attacker[1]), signed(diff(...attacker))], [1, 1, 1])
    .dataset.row = "attacker";
  const types = [...new Set([...Object.keys(A.plan.types), ...Object.keys(B.plan.types)])];
  for (const type of types) {
    const attacked = [A, B].map((s) => {
      const response = s.plan.types[type];
      return response && response.attacked ? nameOf(s, response.attacked) : "—";
    });
    const same = attacked[0] === attacked[1] ? "same" : "changed";
    const label = types.length > 1 ? `target ${type} attacks` : "target attacked";
    addRow(element, label, [...attacked, same]).dataset.row = `attacked:${type}`;
  }
  return element;
}

function targetTable([A, B]) {
  const element = table("Coverage per target, largest change first", [
    "target", "coverage in A", "coverage in B", "change B − A", "attacked in",
  ]);
  element.id = "compare-targets";
  const ids = [...new Set([...A.targets.map((t) => t.id), ...B.targets.map((t) => t.id)])];
  const of = (side, id) => side.targets.find((t) => t.id === id);
  const rows = ids.map((id) => {
    const [a, b] = [of(A, id), of(B, id)];
    return { id, a, b, change: diff(a?.coverage, b?.coverage) };
  });
  rows.sort((x, y) => Math.abs(y.change ?? 0) - Math.abs(x.change ?? 0) || x.id.localeCompare(y.id));
  const largest = Math.max(...rows.map((r) => Math.abs(r.change ?? 0)), 1e-9);
  for (const { id, a, b, change } of rows) {
    const attacked = [a?.attacked_by.length ? "A" : "", b?.attacked_by.length ? "B" : ""].filter(Boolean);
    const row = addRow(element, nameOf(a ? A : B, id), [fmt(a?.coverage), fmt(b?.coverage), "", attacked.join(", ")], [1, 1, 1]);
    row.dataset.target = id;
    const cell = row.cells[3];
    const bar = document.createElement("span");
    bar.className = `bar ${change > 0 ? "up" : "down"}`;
    bar.style.width = `${(Math.abs(change ?? 0) / largest) * 5}rem`;
    bar.setAttribute("aria-hidden", "true");
    cell.append(bar, document.createTextNode(signed(change)));
  }
  return element;
}

// The two maps side by side, for one slot both plans have (a menu when there are several).
async function maps(pair) {
  const wrapper = document.createElement("div");
  wrapper.id = "compare-maps";
  const [A, B] = pair;
  const slots = A.slots.filter((s) => B.slots.some((t) => t.id === s.id));
  const figures = document.createElement("div");
  figures.className = "compare-maps";
  if (slots.length > 1) {
    const label = document.createElement("label");
    label.htmlFor = "compare-slot";
    label.textContent = "Maps of the slot";
    const select = document.createElement("select");
    select.id = "compare-slot";
    for (const slot of slots) select.add(new Option(slot.name, slot.id));
    select.addEventListener("change", () => drawMaps(figures, pair, select.value));
    const p = document.createElement("p");
    p.append(label, " ", select);
    wrapper.append(p);
  }
  wrapper.append(figures);
  await drawMaps(figures, pair, slots.length ? slots[0].id : null);
  return wrapper;
}

async function drawMaps(figures, [A, B], slot) {
  const drawn = [];
  for (const [side, letter] of [[A, "A"], [B, "B"]]) {
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    const name = slot ? A.slots.find((s) => s.id === slot).name : "";
    caption.textContent = `${letter}: plan ${side.id}${name ? `, ${name}` : ""}`;
    figure.append(caption);
    const response = await api(`/api/plans/${side.id}/map.svg${slot ? `?slot=${encodeURIComponent(slot)}` : ""}`);
    if (response.ok) figure.append(importSvg(await response.text(), `compare-${letter}`));
    else figure.append("No map (no target has coordinates).");
    drawn.push(figure);
  }
  figures.replaceChildren(...drawn);
}

$("#compare-form").addEventListener("submit", compare);
