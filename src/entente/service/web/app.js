// The planners' web page: plain JavaScript over the entente HTTP API.
// The token lives in sessionStorage (this tab only); every call sends it as a
// bearer token. Text from the server is inserted with textContent, never as
// HTML; the one exception is the map, an SVG the server draws itself.
// The workspace's views live in their own modules (plan_map.js, compare.js,
// orders.js, methods.js), called from the hooks marked "workspace" below.

import { fillCompare } from "./compare.js";
import { loadMethods, solveOptions } from "./methods.js";
import { refreshDraws, showOrders } from "./orders.js";
import { showPlanMap } from "./plan_map.js";
import { setupEditor } from "./editor.js";
import { setupSweeps } from "./sweeps.js";

const $ = (selector) => document.querySelector(selector);
const state = {
  token: sessionStorage.getItem("entente-token"), role: null, org: null, job: null, plan: null,
};
const RANK = { viewer: 0, planner: 1, admin: 2 };

export function say(message, isError = false) {
  const status = $("#status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

export async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${state.token}`, ...(options.headers || {}) };
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) {
    signOut("Your token was not accepted (unknown, revoked or expired). Sign in again.");
    throw new Error("unauthorised");
  }
  return response;
}

export async function detailOf(response) {
  try {
    const body = await response.json();
    if (Array.isArray(body.detail)) {
      return body.detail.map((d) => `${d.path || fieldPath(d.loc.slice(1)) || "body"}: ${d.msg}`);
    }
    return [String(body.detail)];
  } catch {
    return [`HTTP ${response.status}`];
  }
}

// ["resources", 0, "count"] -> "resources[0].count", as the CLI names a field
function fieldPath(parts) {
  return parts.reduce(
    (path, part) => (typeof part === "number" ? `${path}[${part}]` : path ? `${path}.${part}` : String(part)),
    "",
  );
}

function cell(row, text, numeric = false) {
  const td = row.insertCell();
  td.textContent = text;
  if (numeric) td.className = "num";
  return td;
}

function button(label, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}

function fixed(value, digits = 4) {
  return value === null || value === undefined ? "—" : Number(value).toFixed(digits);
}

// --- sign in / out -----------------------------------------------------------

async function signIn(token) {
  state.token = token;
  const response = await fetch("/api/me", { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    state.token = null;
    say("That token was not accepted.", true);
    return;
  }
  const me = await response.json();
  state.role = me.role;
  state.org = me.org;
  sessionStorage.setItem("entente-token", token);
  $("#who").textContent = `Signed in as ${me.name} (${me.role}) of ${me.org}`;
  $("#signin").hidden = true;
  $("#workspace").hidden = false;
  for (const element of document.querySelectorAll(".planner-only")) {
    element.hidden = RANK[me.role] < RANK.planner;
  }
  say("");
  await loadScenarios(); // first: the comparison's menus name the plans' scenarios (workspace)
  await Promise.all([loadPlans(), loadMethods()]); // workspace: the solve menu
}

function signOut(message = "Signed out.") {
  sessionStorage.removeItem("entente-token");
  Object.assign(state, { token: null, role: null, org: null, job: null, plan: null });
  $("#workspace").hidden = true;
  $("#plan").hidden = true; // the next to sign in may not see it
  $("#editor").hidden = true; // opened again only from a planner's Edit button
  $("#signin").hidden = false;
  $("#who").textContent = "";
  $("#token").value = "";
  say(message, message !== "Signed out.");
}

// --- scenarios ------------------------------------------------------------------

async function loadScenarios() {
  const scenarios = await (await api("/api/scenarios")).json();
  const body = $("#scenario-table tbody");
  body.replaceChildren();
  for (const s of scenarios) {
    const row = body.insertRow();
    row.dataset.scenario = s.id;
    cell(row, s.id, true);
    cell(row, s.name);
    cell(row, s.version === 1 ? "v1" : `v${s.version} (from ${s.parent})`);
    cell(row, s.targets, true);
    cell(row, new Date(s.created_at).toLocaleString());
    cell(row, s.created_by);
    const actions = row.insertCell();
    if (RANK[state.role] >= RANK.planner) {
      actions.append(button(`Solve ${s.name}`, () => solve(s.id)));
      actions.append(" ", button(`Edit ${s.name} v${s.version}`, () => editor.open(s.id)));
    }
  }
  if (RANK[state.role] >= RANK.planner) sweeps.refresh(scenarios);
}

async function upload(event) {
  event.preventDefault();
  const file = $("#scenario-file").files[0];
  const errors = $("#upload-errors");
  errors.replaceChildren();
  if (!file) return;
  const yaml = /\.ya?ml$/i.test(file.name);
  const response = await api("/api/scenarios", {
    method: "POST",
    headers: { "Content-Type": yaml ? "application/yaml" : "application/json" },
    body: await file.text(),
  });
  if (response.status === 201) {
    const { id } = await response.json();
    say(`Uploaded ${file.name} as scenario ${id}.`);
    $("#upload-form").reset();
    await loadScenarios();
    return;
  }
  for (const line of await detailOf(response)) {
    const li = document.createElement("li");
    li.textContent = line;
    errors.append(li);
  }
  say(`${file.name} was not accepted.`, true);
}

// --- jobs -----------------------------------------------------------------------

async function solve(scenarioId) {
  const response = await api(`/api/scenarios/${scenarioId}/solve`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(solveOptions()), // workspace: only the chosen method's options
  });
  if (response.status !== 202) {
    say((await detailOf(response)).join("; "), true);
    return;
  }
  const { job } = await response.json();
  state.job = job;
  $("#job").hidden = false;
  $("#job-cancel").hidden = false;
  $("#job-label").textContent = `Job ${job} (scenario ${scenarioId})`;
  say(`Solving scenario ${scenarioId} (job ${job})…`);
  pollJob(job);
}

async function pollJob(jobId) {
  if (state.job !== jobId || !state.token) return;
  const job = await (await api(`/api/jobs/${jobId}`)).json();
  $("#job-progress").value = job.progress;
  $("#job-stage").textContent = job.status === "running" ? job.stage : job.status;
  if (job.status === "queued" || job.status === "running") {
    setTimeout(() => pollJob(jobId), 400);
    return;
  }
  state.job = null;
  $("#job-cancel").hidden = true;
  if (job.status === "done") {
    say(`Job ${jobId} done: plan ${job.plan}.`);
    await loadPlans();
    await showPlan(job.plan);
  } else {
    say(`Job ${jobId} ${job.status}${job.error ? `: ${job.error}` : ""}.`, job.status === "failed");
  }
}

async function cancelJob() {
  if (state.job === null) return;
  const jobId = state.job;
  const response = await api(`/api/jobs/${jobId}`, { method: "DELETE" });
  state.job = null;
  $("#job-cancel").hidden = true;
  say(response.ok ? `Job ${jobId} cancelled.` : (await detailOf(response)).join("; "), !response.ok);
  $("#job-stage").textContent = response.ok ? "cancelled" : "";
}

// --- plans ----------------------------------------------------------------------

async function loadPlans() {
  const plans = await (await api("/api/plans")).json();
  const body = $("#plan-table tbody");
  body.replaceChildren();
  for (const p of plans) {
    const row = body.insertRow();
    row.dataset.plan = p.id;
    cell(row, p.id, true);
    cell(row, p.scenario, true);
    cell(row, p.status);
    cell(row, p.method);
    cell(row, fixed(p.defender_utility), true);
    row.insertCell().append(button(`Show plan ${p.id}`, () => showPlan(p.id)));
  }
  fillCompare(plans); // workspace: the comparison's menus
}

async function showPlan(planId) {
  const plan = await (await api(`/api/plans/${planId}`)).json();
  state.plan = planId;
  $("#plan").hidden = false;
  $("#plan-title").textContent = `Plan ${planId}: ${plan.scenario.name || "scenario"}`;
  const summary = $("#plan-summary");
  summary.replaceChildren();
  const facts = [
    ["status", plan.status], ["method", plan.method],
    ["verified", plan.verified ? "yes" : "NO"],
    ["defender's expected utility", fixed(plan.defender_utility)],
    ["attacker's expected utility", fixed(plan.attacker_utility)],
    ["gap", fixed(plan.gap, 6)],
  ];
  for (const [term, value] of facts) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    summary.append(dt, dd);
  }
  $("#roster-table tbody").replaceChildren();
  // workspace: the map and coverage table; orders and draws for the owner's planners
  await Promise.all([showShares(planId), showPlanMap(planId)]);
  await showOrders(planId, plan, !$("#roster").hidden);
  $("#plan").scrollIntoView();
}

// --- sharing ----------------------------------------------------------------------

async function showShares(planId) {
  const list = $("#share-list");
  list.replaceChildren();
  const response = await api(`/api/plans/${planId}/shares`);
  const owner = response.ok;
  const planner = RANK[state.role] >= RANK.planner;
  $("#share-form").hidden = !(owner && planner);
  $("#roster").hidden = !(owner && planner);
  if (!owner) {
    $("#share-state").textContent =
      `Shared with ${state.org} read-only: only its owner draws rosters or shares it.`;
    return;
  }
  const shares = await response.json();
  $("#share-state").textContent = shares.length
    ? `Shared read-only with ${shares.length} organisation(s):`
    : "Not shared: only your organisation sees this plan.";
  for (const share of shares) {
    const item = document.createElement("li");
    item.dataset.org = share.org;
    item.textContent = `${share.org} (by ${share.created_by}) `;
    if (planner) item.append(button(`Stop sharing with ${share.org}`, () => unshare(share.org)));
    list.append(item);
  }
}

async function share(event) {
  event.preventDefault();
  if (state.plan === null) return;
  const org = $("#share-org").value.trim();
  const response = await api(`/api/plans/${state.plan}/shares`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ org }),
  });
  if (!response.ok) {
    say((await detailOf(response)).join("; "), true);
    return;
  }
  $("#share-org").value = "";
  say(`Plan ${state.plan} shared read-only with ${org}.`);
  await showShares(state.plan);
}

async function unshare(org) {
  const response = await api(`/api/plans/${state.plan}/shares/${encodeURIComponent(org)}`, {
    method: "DELETE",
  });
  if (!response.ok) {
    say((await detailOf(response)).join("; "), true);
    return;
  }
  say(`Plan ${state.plan} no longer shared with ${org}.`);
  await showShares(state.plan);
}

async function drawRoster(event) {
  event.preventDefault();
  if (state.plan === null) return;
  const days = Number($("#roster-days").value);
  const start = $("#roster-start").value || undefined; // plans whose slots say when they happen
  const response = await api(`/api/plans/${state.plan}/roster`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ days, start }),
  });
  if (!response.ok) {
    say((await detailOf(response)).join("; "), true);
    return;
  }
  const roster = await response.json();
  // day by day, or (timed slots) one record per unit per slot occurrence
  const units = roster.records
    ? roster.records.map((r) => [`${r.date} ${r.slot}`, r.resource, r.unit, r.targets])
    : roster.days.flatMap((day) => day.units.map((u) => [day.day, u.resource, u.unit, u.targets]));
  const body = $("#roster-table tbody");
  body.replaceChildren();
  for (const [when, resource, unit, targets] of units) {
    const row = body.insertRow();
    cell(row, when, true);
    cell(row, resource);
    cell(row, unit, true);
    cell(row, targets.join(", ") || "(idle)");
  }
  const span = roster.records ? `${roster.occurrences} slot occurrence(s) in ${days} day(s)` : `${roster.days.length} day(s)`;
  say(`Roster of ${span} drawn from plan ${state.plan} (${roster.generator}).`);
  await refreshDraws(); // workspace
}

async function downloadReport() {
  if (state.plan === null) return;
  const response = await api(`/api/plans/${state.plan}/report.html`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = `plan-${state.plan}-report.html`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// --- wiring -----------------------------------------------------------------------

const editor = setupEditor({ api, say, detailOf, onSaved: loadScenarios, onSolve: solve });
const sweeps = setupSweeps({ api, say, detailOf });

$("#signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  signIn($("#token").value.trim());
});
$("#signout").addEventListener("click", () => signOut());
$("#upload-form").addEventListener("submit", upload);
$("#job-cancel").addEventListener("click", cancelJob);
$("#download-report").addEventListener("click", downloadReport);
$("#roster-form").addEventListener("submit", drawRoster);
$("#share-form").addEventListener("submit", share);
if (state.token) signIn(state.token);
