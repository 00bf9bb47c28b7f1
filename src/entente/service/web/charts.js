// Charts of sweep and budget results as SVG elements, drawn from the job's JSON result:
// a sweep's defender utility (line, left axis) and interdiction rate (dashed, right axis,
// 0 to 1) against the swept value; a budget's mixes ranked by defender utility.

const SVG = "http://www.w3.org/2000/svg";
const BLUE = "#1f5fa0";
const ORANGE = "#c8651b";

function el(tag, attributes = {}, text = "") {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== "") node.textContent = text;
  return node;
}

// About six round tick values covering [low, high].
export function ticks(low, high, count = 6) {
  if (low === high) return [low];
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

function scale(domain, range) {
  const [d0, d1] = domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
  return (v) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0]);
}

function padded(values) {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low) * 0.08 || Math.abs(high) * 0.1 || 1;
  return [low - pad, high + pad];
}

function frame(title, width, height) {
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart" });
  svg.append(el("title", {}, title));
  return svg;
}

export function sweepChart(result) {
  const W = 680;
  const H = 340;
  const box = { left: 70, right: W - 70, top: 30, bottom: H - 50 };
  const points = result.points.filter((p) => p.defender_utility !== null);
  const label = result.parameter.kind === "resource"
    ? `units of ${result.parameter.resource}` : `payoff ${result.parameter.path}`;
  const title = `${result.scenario}: defender utility against ${label}`;
  const svg = frame(title, W, H);
  if (!points.length) {
    svg.append(el("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No solve gave a value."));
    return { svg, caption: title };
  }
  const xs = points.map((p) => p.value);
  const ys = points.map((p) => p.defender_utility);
  const xDomain = [Math.min(...xs), Math.max(...xs)];
  const yDomain = padded(ys);
  const x = scale(xDomain, [box.left + 10, box.right - 10]);
  const y = scale(yDomain, [box.bottom, box.top]);
  const rate = scale([0, 1], [box.bottom, box.top]);
  const axes = el("g", { class: "axes", "font-size": 12 });
  axes.append(el("rect", { x: box.left, y: box.top, width: box.right - box.left,
    height: box.bottom - box.top, fill: "none", stroke: "#999" }));
  for (const t of ticks(...yDomain)) {
    axes.append(el("line", { x1: box.left, x2: box.right, y1: y(t), y2: y(t), stroke: "#e6e6e6" }));
    axes.append(el("text", { x: box.left - 6, y: y(t) + 4, "text-anchor": "end" }, String(t)));
  }
  const xTicks = result.parameter.kind === "resource" && xs.length <= 13 ? xs : ticks(...xDomain);
  for (const t of xTicks) {
    axes.append(el("text", { x: x(t), y: box.bottom + 18, "text-anchor": "middle" }, String(t)));
  }
  axes.append(el("text", { x: (box.left + box.right) / 2, y: H - 12, "text-anchor": "middle" }, label));
  axes.append(el("text", { transform: `translate(18 ${(box.top + box.bottom) / 2}) rotate(-90)`,
    "text-anchor": "middle", fill: BLUE }, "defender expected utility"));
  const rates = points.filter((p) => p.interdiction_rate !== null);
  if (rates.length) {
    for (const t of [0, 0.5, 1]) {
      axes.append(el("text", { x: box.right + 6, y: rate(t) + 4, fill: ORANGE }, String(t)));
    }
    axes.append(el("text", { transform: `translate(${W - 16} ${(box.top + box.bottom) / 2}) rotate(90)`,
      "text-anchor": "middle", fill: ORANGE }, "interdiction rate"));
  }
  svg.append(axes);
  const line = (list, yOf) => list.map((p, i) => `${i ? "L" : "M"}${x(p.value).toFixed(1)} ${yOf(p).toFixed(1)}`).join("");
  if (rates.length) {
    svg.append(el("path", { d: line(rates, (p) => rate(p.interdiction_rate)), fill: "none",
      stroke: ORANGE, "stroke-width": 2, "stroke-dasharray": "6 4", class: "rate-line" }));
  }
  svg.append(el("path", { d: line(points, (p) => y(p.defender_utility)), fill: "none",
    stroke: BLUE, "stroke-width": 2.5, class: "utility-line" }));
  for (const p of points) {
    const dot = el("circle", { cx: x(p.value), cy: y(p.defender_utility), r: 4.5, fill: BLUE,
      class: "point", "data-value": p.value, "data-utility": p.defender_utility });
    dot.append(el("title", {}, `${label} = ${p.value}: defender utility ${p.defender_utility.toFixed(4)}`
      + (p.interdiction_rate !== null ? `, interdiction rate ${p.interdiction_rate.toFixed(3)}` : "")));
    svg.append(dot);
  }
  return { svg, caption: `${title} (solid, left axis)${rates.length ? "; interdiction rate dashed, right axis" : ""}.` };
}

export function budgetChart(result) {
  const mixes = [result.best, ...result.runner_ups].filter((p) => p.defender_utility !== null).slice(0, 12);
  const W = 680;
  const rowHeight = 26;
  const box = { left: 230, right: W - 30, top: 30 };
  const H = box.top + rowHeight * mixes.length + 50;
  const title = `${result.scenario}: the best mixes within a budget of ${result.budget}, by defender utility`;
  const svg = frame(title, W, H);
  if (!mixes.length) return { svg, caption: title };
  const domain = padded(mixes.map((p) => p.defender_utility));
  const x = scale(domain, [box.left, box.right]);
  const bottom = box.top + rowHeight * mixes.length;
  for (const t of ticks(...domain)) {
    svg.append(el("line", { x1: x(t), x2: x(t), y1: box.top - 6, y2: bottom, stroke: "#e6e6e6" }));
    svg.append(el("text", { x: x(t), y: bottom + 18, "text-anchor": "middle", "font-size": 12 }, String(t)));
  }
  svg.append(el("text", { x: (box.left + box.right) / 2, y: H - 10, "text-anchor": "middle",
    "font-size": 12 }, "defender expected utility"));
  mixes.forEach((p, i) => {
    const cy = box.top + rowHeight * i + rowHeight / 2;
    const mix = Object.entries(p.mix).map(([r, n]) => `${r} ${n}`).join(", ");
    svg.append(el("text", { x: box.left - 10, y: cy + 4, "text-anchor": "end", "font-size": 12,
      "font-weight": i === 0 ? 700 : 400 }, `${mix} (cost ${p.cost})`));
    svg.append(el("line", { x1: box.left, x2: box.right, y1: cy, y2: cy, stroke: "#eee" }));
    const dot = el("circle", { cx: x(p.defender_utility), cy, r: 6, fill: i === 0 ? BLUE : "#8fb0d3",
      class: "mix", "data-utility": p.defender_utility });
    dot.append(el("title", {}, `${mix}: defender utility ${p.defender_utility.toFixed(4)}, cost ${p.cost}`));
    svg.append(dot);
  });
  return { svg, caption: `${title}; the best first (${result.mixes_solved} maximal mixes solved).` };
}
