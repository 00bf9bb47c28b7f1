// Sweeps and budgets: run `entente sweep` / `entente budget` as jobs on the server, follow
// their progress, and chart the result (an SVG drawn here from the job's JSON result).

import { budgetChart, sweepChart } from "./charts.js";

const $ = (selector) => document.querySelector(selector);
const FIELDS = ["resource", "counts", "payoff", "values", "budget", "method"];

function fixed(value, digits = 4) {
  return value === null || value === undefined ? "—" : Number(value).toFixed(digits);
}

export function setupSweeps({ api, say, detailOf }) {
  const sweeps = { job: null, scenarios: [] };

  function mode() {
    return document.querySelector('input[name="sweep-kind"]:checked').value;
  }

  function showMode() {
    const kind = mode();
    $("#sweep-resource-fields").hidden = kind !== "resource";
    $("#sweep-payoff-fields").hidden = kind !== "payoff";
    $("#sweep-budget-fields").hidden = kind !== "budget";
  }

  async function chooseScenario() {
    const id = $("#sweep-scenario").value;
    if (!id) return;
    const doc = await (await api(`/api/scenarios/${id}`)).json();
    const select = $("#sweep-resource");
    select.replaceChildren(...doc.resources.map((r) => new Option(
      `${r.id} (${r.count} now${r.cost !== undefined ? `, cost ${r.cost}` : ""})`, r.id)));
    const paths = $("#sweep-payoff-paths");
    paths.replaceChildren();
    for (const t of doc.targets) {
      for (const side of ["defender", "attacker"]) {
        for (const when of ["covered", "uncovered"]) {
          paths.append(new Option(`${t.id}.${side}.${when}`));
        }
      }
    }
  }

  function refresh(scenarios) {
    sweeps.scenarios = scenarios;
    const methods = $("#sweep-method");
    const kept = methods.value;
    methods.replaceChildren(...[...$("#method").options].map((o) => new Option(o.text, o.value)));
    methods.value = kept || "auto";
    const select = $("#sweep-scenario");
    const keep = select.value;
    select.replaceChildren(...scenarios.map((s) => new Option(
      `${s.name} v${s.version} (scenario ${s.id})`, s.id)));
    if (keep && scenarios.some((s) => String(s.id) === keep)) select.value = keep;
    $("#sweeps").hidden = scenarios.length === 0;
    chooseScenario();
  }

  function clearProblems() {
    for (const name of FIELDS) {
      const input = $(`#sweep-${name}`);
      input.removeAttribute("aria-invalid");
      $(`#sweep-${name}-error`).textContent = "";
    }
  }

  async function run(event) {
    event.preventDefault();
    clearProblems();
    const kind = mode();
    const id = $("#sweep-scenario").value;
    const body = { method: $("#sweep-method").value };
    const limit = Number($("#sweep-time-limit").value);
    if (limit > 0) body.time_limit = limit;
    if (kind === "resource") Object.assign(body, { resource: $("#sweep-resource").value, counts: $("#sweep-counts").value });
    if (kind === "payoff") Object.assign(body, { payoff: $("#sweep-payoff").value, values: $("#sweep-values").value });
    if (kind === "budget") body.budget = Number($("#sweep-budget").value);
    const route = kind === "budget" ? "budget" : "sweep";
    const response = await api(`/api/scenarios/${id}/${route}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status !== 202) {
      const answer = response.status === 422 ? await response.json() : null;
      if (Array.isArray(answer?.detail)) {
        for (const { path, msg } of answer.detail) {
          const name = FIELDS.includes(path) ? path : kind === "budget" ? "budget" : "resource";
          $(`#sweep-${name}`).setAttribute("aria-invalid", "true");
          $(`#sweep-${name}-error`).textContent = msg;
        }
        say("The sweep was not started: see the message at the field.", true);
      } else {
        say((await detailOf(response)).join("; "), true);
      }
      return;
    }
    const { job } = await response.json();
    sweeps.job = job;
    $("#sweep-job").hidden = false;
    $("#sweep-cancel").hidden = false;
    $("#sweep-job-label").textContent = `Job ${job} (${route} of scenario ${id})`;
    $("#sweep-result").hidden = true;
    say(`Running the ${route} of scenario ${id} (job ${job})…`);
    poll(job);
  }

  async function poll(job) {
    if (sweeps.job !== job) return;
    const info = await (await api(`/api/jobs/${job}`)).json();
    $("#sweep-progress").value = info.progress;
    $("#sweep-stage").textContent = info.status === "running"
      ? `${info.stage} (${Math.round(info.progress * 100)}%)` : info.status;
    if (info.status === "queued" || info.status === "running") {
      setTimeout(() => poll(job), 400);
      return;
    }
    sweeps.job = null;
    $("#sweep-cancel").hidden = true;
    if (info.status !== "done") {
      say(`Job ${job} ${info.status}${info.error ? `: ${info.error}` : ""}.`, info.status === "failed");
      return;
    }
    const result = await (await api(`/api/jobs/${job}/result`)).json();
    show(info.kind, result);
    say(`Job ${job} done: ${info.kind} of scenario ${info.scenario}.`);
  }

  function row(body, cells) {
    const tr = body.insertRow();
    for (const [text, numeric] of cells) {
      const td = tr.insertCell();
      td.textContent = text;
      if (numeric) td.className = "num";
    }
  }

  function show(kind, result) {
    $("#sweep-result").hidden = false;
    const table = $("#sweep-table");
    const head = table.tHead.rows[0];
    const body = table.tBodies[0];
    body.replaceChildren();
    const chart = kind === "budget" ? budgetChart(result) : sweepChart(result);
    $("#sweep-chart").replaceChildren(chart.svg);
    $("#sweep-caption").textContent = chart.caption;
    const columns = kind === "budget"
      ? ["mix", "cost", "defender utility", "interdiction rate", "status"]
      : [result.parameter.kind === "resource" ? `units of ${result.parameter.resource}` : result.parameter.path,
        "defender utility", "interdiction rate", kind === "sweep" && result.parameter.kind === "resource"
          ? "value of one more unit" : "change per unit", "status"];
    head.replaceChildren(...columns.map((c) => Object.assign(document.createElement("th"), { scope: "col", textContent: c })));
    if (kind === "budget") {
      for (const p of [result.best, ...result.runner_ups]) {
        const mix = Object.entries(p.mix).map(([r, n]) => `${r} ${n}`).join(", ");
        row(body, [[mix], [p.cost, true], [fixed(p.defender_utility), true],
          [fixed(p.interdiction_rate), true], [p.status]]);
      }
    } else {
      for (const p of result.points) {
        row(body, [[p.value, true], [fixed(p.defender_utility), true],
          [fixed(p.interdiction_rate), true], [fixed(p.gain), true], [p.status]]);
      }
    }
  }

  async function cancel() {
    if (sweeps.job === null) return;
    const job = sweeps.job;
    sweeps.job = null;
    const response = await api(`/api/jobs/${job}`, { method: "DELETE" });
    $("#sweep-cancel").hidden = true;
    $("#sweep-stage").textContent = response.ok ? "cancelled" : "";
    say(response.ok ? `Job ${job} cancelled.` : (await detailOf(response)).join("; "), !response.ok);
  }

  for (const radio of document.querySelectorAll('input[name="sweep-kind"]')) {
    radio.addEventListener("change", showMode);
  }
  $("#sweep-scenario").addEventListener("change", chooseScenario);
  $("#sweep-form").addEventListener("submit", run);
  $("#sweep-cancel").addEventListener("click", cancel);
  showMode();
  return { refresh };
}
