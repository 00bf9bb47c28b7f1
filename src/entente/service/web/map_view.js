// An SVG map the server drew, made explorable: unique ids (several maps share
// the page), zoom and pan through its viewBox (Ctrl + wheel, drag, arrow keys,
// + and −), and the densest cluster of targets to zoom into.

const MAX_ZOOM = 16;

// The SVG text as a node of this document, its ids (and url(#id) references) prefixed.
export function importSvg(text, prefix) {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = document.importNode(parsed.documentElement, true);
  const renamed = new Map();
  for (const element of svg.querySelectorAll("[id]")) {
    renamed.set(element.id, `${prefix}-${element.id}`);
    element.id = `${prefix}-${element.id}`;
  }
  for (const element of svg.querySelectorAll("[fill], [stroke], [clip-path]")) {
    for (const attribute of ["fill", "stroke", "clip-path"]) {
      const match = /^url\(#(.+)\)$/.exec(element.getAttribute(attribute) || "");
      if (match && renamed.has(match[1])) {
        element.setAttribute(attribute, `url(#${renamed.get(match[1])})`);
      }
    }
  }
  return svg;
}

// Zoomed in, marks grow more slowly than the map (so a dense centre spreads out)
// and names keep their size on screen, each beside its circle.
const MARKS = "circle[data-target], rect.barrier, rect.barrier-halo, path.route-arrow, path.base, g.post";
const FONT = 11;

function centreOf(element) {
  const b = element.getBBox();
  return [b.x + b.width / 2, b.y + b.height / 2];
}

function rescaleMarks(svg, factor, nameOf) {
  const zoomed = factor > 1.001;
  const s = factor ** -0.7;
  for (const mark of svg.querySelectorAll(MARKS)) {
    if (!mark.dataset.centre) mark.dataset.centre = centreOf(mark).join(" ");
    const [x, y] = mark.dataset.centre.split(" ").map(Number);
    if (zoomed) mark.setAttribute("transform", `translate(${x} ${y}) scale(${s}) translate(${-x} ${-y})`);
    else mark.removeAttribute("transform");
  }
  for (const label of svg.querySelectorAll("text.label, line.leader")) label.style.display = zoomed ? "none" : "";
  svg.querySelector("g.zoom-labels")?.remove();
  if (!zoomed) return;
  const layer = document.createElementNS("http://www.w3.org/2000/svg", "g");
  layer.setAttribute("class", "zoom-labels");
  for (const circle of svg.querySelectorAll("circle[data-target]")) {
    const [x, y] = circle.dataset.centre.split(" ").map(Number);
    const text = document.createElementNS("http://www.w3.org/2000/svg", "text");
    text.setAttribute("x", x + Number(circle.getAttribute("r")) * s + 3 / factor);
    text.setAttribute("y", y + (FONT * 0.35) / factor);
    text.setAttribute("font-size", FONT / factor);
    text.setAttribute("class", "zoom-label");
    text.textContent = nameOf(circle.dataset.target);
    layer.append(text);
  }
  svg.append(layer);
}

// Zoom and pan `svg` inside `figure` (which takes the keys); returns the controls.
// `nameOf(targetId)` names the targets once zoomed in.
export function zoomable(figure, svg, nameOf = (id) => id) {
  const base = svg.viewBox.baseVal;
  const home = { x: base.x, y: base.y, w: base.width, h: base.height };
  const aspect = home.h / home.w;
  // zoomed in, the view takes the main panel's shape (not the whole drawing's, inset and legend below)
  const sea = svg.querySelector("g.main rect.sea");
  const zoomAspect = sea ? Math.min(sea.height.baseVal.value / home.w, aspect) : aspect;
  let box = { ...home };

  function set(next) {
    const w = Math.min(Math.max(next.w, home.w / MAX_ZOOM), home.w);
    const zoomed = w < home.w * 0.999;
    const h = w * (zoomed ? zoomAspect : aspect);
    svg.setAttribute("height", (home.w * (zoomed ? zoomAspect : aspect)).toFixed(1));
    const x = Math.min(Math.max(next.x, home.x), home.x + home.w - w);
    const y = Math.min(Math.max(next.y, home.y), home.y + home.h - h);
    box = { x, y, w, h };
    svg.setAttribute("viewBox", `${x.toFixed(2)} ${y.toFixed(2)} ${w.toFixed(2)} ${h.toFixed(2)}`);
    figure.classList.toggle("zoomed", zoomed);
    rescaleMarks(svg, home.w / w, nameOf);
  }

  function zoomAt(factor, cx = box.x + box.w / 2, cy = box.y + box.h / 2) {
    set({ x: cx - (cx - box.x) / factor, y: cy - (cy - box.y) / factor, w: box.w / factor });
  }

  function zoomTo(rect, margin = 0.15) {
    const w = Math.max(rect.w, rect.h / zoomAspect) * (1 + 2 * margin);
    set({ x: rect.x + rect.w / 2 - w / 2, y: rect.y + rect.h / 2 - (w * zoomAspect) / 2, w });
  }

  function centreOn(x, y) {
    set({ ...box, x: x - box.w / 2, y: y - box.h / 2 });
  }

  function toSvg(clientX, clientY) {
    const r = svg.getBoundingClientRect();
    return { x: box.x + ((clientX - r.left) * box.w) / r.width, y: box.y + ((clientY - r.top) * box.h) / r.height };
  }

  svg.addEventListener("wheel", (event) => {
    if (!event.ctrlKey && !event.metaKey) return; // a plain wheel scrolls the page
    event.preventDefault();
    const p = toSvg(event.clientX, event.clientY);
    zoomAt(event.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
  }, { passive: false });

  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, box: { ...box }, moved: false, id: event.pointerId };
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag || drag.id !== event.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) svg.setPointerCapture(event.pointerId);
    drag.moved = true;
    const scale = box.w / svg.getBoundingClientRect().width;
    set({ ...drag.box, x: drag.box.x - dx * scale, y: drag.box.y - dy * scale });
  });
  const stop = (event) => {
    if (drag && drag.moved) {
      svg.releasePointerCapture(event.pointerId);
      svg.addEventListener("click", (e) => e.stopPropagation(), { capture: true, once: true });
    }
    drag = null;
  };
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);

  figure.onkeydown = (event) => {
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (step) set({ ...box, x: box.x + step[0] * box.w * 0.1, y: box.y + step[1] * box.h * 0.1 });
    else if (event.key === "+" || event.key === "=") zoomAt(1.25);
    else if (event.key === "-" || event.key === "_") zoomAt(0.8);
    else if (event.key === "0") set(home);
    else return;
    event.preventDefault();
  };

  return { zoomAt, zoomTo, centreOn, reset: () => set(home), box: () => ({ ...box }), home };
}

// The dense centre: the frame of the map's inset if it has one, else the
// largest group of target circles within an eighth of the map's width.
export function denseBox(svg) {
  const frame = svg.querySelector("rect.inset-frame");
  if (frame) {
    const n = (a) => Number(frame.getAttribute(a));
    return { x: n("x"), y: n("y"), w: n("width"), h: n("height") };
  }
  const points = [...svg.querySelectorAll("circle.target")].map((c) => [
    Number(c.getAttribute("cx")), Number(c.getAttribute("cy")),
  ]);
  const reach = svg.viewBox.baseVal.width / 8;
  let best = [];
  for (const [x, y] of points) {
    const near = points.filter(([u, v]) => Math.hypot(u - x, v - y) <= reach);
    if (near.length > best.length) best = near;
  }
  if (best.length < 3 || best.length === points.length) return null;
  const xs = best.map((p) => p[0]);
  const ys = best.map((p) => p[1]);
  const pad = 20;
  return {
    x: Math.min(...xs) - pad, y: Math.min(...ys) - pad,
    w: Math.max(...xs) - Math.min(...xs) + 2 * pad, h: Math.max(...ys) - Math.min(...ys) + 2 * pad,
  };
}
