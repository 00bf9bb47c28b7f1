// The solve menu: every method the server has (GET /api/methods), each showing
// only the options it takes (time limit, gap, tie margin); what is sent is
// the chosen method and those options, nothing else.

import { api } from "./app.js";

// app.js imports this module: nothing of app.js is used before app.js has run
const $ = (selector) => document.querySelector(selector);

let methods = [];

export async function loadMethods() {
  const response = await api("/api/methods");
  if (!response.ok) return;
  methods = await response.json();
  const select = $("#method");
  const chosen = select.value;
  select.replaceChildren();
  for (const method of methods) {
    const option = document.createElement("option");
    option.value = method.name;
    option.textContent = method.name;
    select.append(option);
  }
  select.value = methods.some((m) => m.name === chosen) ? chosen : "auto";
  showOptions();
}

function current() {
  return methods.find((m) => m.name === $("#method").value);
}

function showOptions() {
  const method = current();
  const takes = new Set(method ? method.options : ["time_limit"]);
  for (const wrapper of document.querySelectorAll("#solve-options [data-option]")) {
    wrapper.hidden = !takes.has(wrapper.dataset.option);
  }
  const limitOnly = method && !takes.has("time_limit");
  $("#method-summary").textContent = method
    ? `${method.name}: ${method.summary}.${limitOnly ? " It takes no time limit or gap." : ""}`
    : "";
}

function number(id) {
  const text = $(id).value.trim();
  return text === "" ? undefined : Number(text);
}

// The body of POST /api/scenarios/{id}/solve for the chosen method.
export function solveOptions() {
  const method = current();
  const name = method ? method.name : "auto";
  const takes = new Set(method ? method.options : ["time_limit"]);
  const body = { method: name };
  const fields = { time_limit: "#time-limit", gap: "#gap", margin: "#margin" };
  for (const [option, id] of Object.entries(fields)) {
    if (takes.has(option) && number(id) !== undefined) body[option] = number(id);
  }
  return body;
}

$("#method").addEventListener("change", showOptions);
