// Tonight's orders and the plan's draws (owner's planners only).
// The orders are drawn by the server (POST /api/plans/{id}/orders?format=html,
// secure generator, audited) and shown in a frame: what prints is that very
// draw. The draws list (GET /api/plans/{id}/draws) comes from the audit log:
// every roster and orders draw of the plan, who drew it and when.

import { api, detailOf, say } from "./app.js";

const $ = (selector) => document.querySelector(selector);
const current = { plan: null, slots: [] };

// Today's date (YYYY-MM-DD) in the scenario's time zone.
function today(zone) {
  const options = { year: "numeric", month: "2-digit", day: "2-digit" };
  try {
    return new Intl.DateTimeFormat("en-CA", { ...options, timeZone: zone }).format(new Date());
  } catch {
    return new Intl.DateTimeFormat("en-CA", options).format(new Date());
  }
}

const datedStart = (slot) => (/^\d{4}-\d{2}-\d{2}T/.test(slot.start || "") ? slot.start.slice(0, 10) : null);

// Today, unless the plan's slots are dated and none starts today: then its next
// slot's date (or its first, when they are all past), and a note saying so.
function defaultDate(slots, zone) {
  const now = today(zone);
  const dates = [...new Set(slots.map(datedStart).filter(Boolean))].sort();
  if (!dates.length || dates.includes(now)) return { date: now, note: "" };
  const date = dates.find((d) => d >= now) ?? dates[0];
  const note = `No slot of this plan starts today (${now}); its slots start on ${dates.join(", ")}.`;
  return { date, note };
}

export async function showOrders(planId, plan, allowed) {
  current.plan = planId;
  current.slots = plan.scenario.slots || [];
  $("#orders").hidden = !allowed;
  $("#draws").hidden = !allowed;
  $("#orders-preview").hidden = true;
  $("#orders-frame").srcdoc = "";
  if (!allowed) return;
  const select = $("#orders-slot");
  select.replaceChildren(select.options[0]);
  for (const slot of current.slots) {
    const option = document.createElement("option");
    option.value = slot.id;
    option.textContent = slot.name || slot.id;
    select.append(option);
  }
  select.hidden = current.slots.length === 0; // without slots: one draw for the day
  $('label[for="orders-slot"]').hidden = select.hidden;
  const { date, note } = defaultDate(current.slots, plan.scenario.timezone || "UTC");
  $("#orders-date").value = date;
  $("#roster-start").value = date;
  $("#orders-note").textContent = note;
  await refreshDraws();
}

async function drawOrders(event) {
  event.preventDefault();
  if (current.plan === null) return;
  const date = $("#orders-date").value;
  const slot = $("#orders-slot").value || undefined;
  const response = await api(`/api/plans/${current.plan}/orders?format=html`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ date, slot }),
  });
  if (!response.ok) {
    $("#orders-preview").hidden = true;
    say((await detailOf(response)).join("; "), true);
    return;
  }
  const frame = $("#orders-frame");
  frame.onload = () => {
    frame.style.height = `${frame.contentDocument.documentElement.scrollHeight + 20}px`;
  };
  frame.srcdoc = await response.text();
  frame.title = `The orders for ${date}${slot ? `, slot ${slot}` : ""}, as they will print`;
  $("#orders-preview").hidden = false;
  say(`Orders for ${date}${slot ? ` (slot ${slot})` : ""} drawn from plan ${current.plan}: check them below, then print.`);
  await refreshDraws();
}

function printOrders() {
  const frame = $("#orders-frame");
  frame.contentWindow.focus();
  frame.contentWindow.print();
  say("The orders were sent to the printer dialogue.");
}

function described(entry) {
  const d = entry.detail;
  if (entry.action === "roster.draw") return `roster of ${d.days} day(s)`;
  const slots = Array.isArray(d.occurrences) && d.occurrences.length ? `: ${d.occurrences.join(", ")}` : "";
  return `orders for ${d.date}${d.slot ? ` (slot ${d.slot})` : ""}${slots}${d.format === "html" ? ", printable page" : ""}`;
}

export async function refreshDraws() {
  if (current.plan === null || $("#draws").hidden) return;
  const response = await api(`/api/plans/${current.plan}/draws`);
  const body = $("#draws-table tbody");
  body.replaceChildren();
  if (!response.ok) {
    say((await detailOf(response)).join("; "), true);
    return;
  }
  for (const entry of await response.json()) {
    const row = body.insertRow();
    row.dataset.action = entry.action;
    const time = document.createElement("time");
    time.dateTime = entry.at;
    time.textContent = new Date(entry.at).toLocaleString();
    row.insertCell().append(time);
    row.insertCell().textContent = entry.actor;
    row.insertCell().textContent = described(entry);
    row.insertCell().textContent = entry.detail.generator || "";
    const hash = row.insertCell();
    const code = document.createElement("code");
    code.textContent = `${(entry.detail.sha256 || "").slice(0, 12)}…`;
    code.title = entry.detail.sha256 || "";
    hash.append(code);
  }
  if (!body.rows.length) {
    const none = body.insertRow().insertCell();
    none.colSpan = 5;
    none.textContent = "No draw yet.";
  }
}

$("#orders-form").addEventListener("submit", drawOrders);
$("#orders-print").addEventListener("click", printOrders);
