// The editor's map: the scenario's targets over the report's shipped basemaps
// (GET /api/basemaps), drawn in the report's projection (equirectangular, longitudes
// scaled by the cosine of the middle latitude). A click places the chosen target there.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const MIN_SPAN = 0.08;
const STYLE = {
  land: { fill: "#eef0e6", stroke: "#b9bca8" },
  district: { fill: "none", stroke: "#c9c9c9" },
  city: { fill: "#f2eff6", stroke: "#a9a2bd" },
};
const $ = (selector) => document.querySelector(selector);

function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

// The targets' extent plus a 12% margin (as the report's view_box), and at least
// MIN_SPAN degrees of latitude across, so that there is room around to place a target.
function frame(points, fallback) {
  if (!points.length) return fallback;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  let [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos(((y0 + y1) / 2) * Math.PI / 180);
  const margin = Math.max((x1 - x0) * k * 0.12, (y1 - y0) * 0.12, (MIN_SPAN - (y1 - y0)) / 2);
  [x0, x1, y0, y1] = [x0 - margin / k, x1 + margin / k, y0 - margin, y1 + margin];
  const width = (x1 - x0) * k;
  const height = y1 - y0;
  if (height < 0.6 * width) {
    const extra = (0.6 * width - height) / 2;
    [y0, y1] = [y0 - extra, y1 + extra];
  } else if (height > 1.25 * width) {
    const extra = (height / 1.25 - width) / (2 * k);
    [x0, x1] = [x0 - extra, x1 + extra];
  }
  return [x0, y0, x1, y1];
}

function projection([x0, y0, x1, y1]) {
  const k = Math.cos(((y0 + y1) / 2) * Math.PI / 180);
  const scale = WIDTH / ((x1 - x0) * k);
  return {
    height: (y1 - y0) * scale,
    to: (lon, lat) => [(lon - x0) * k * scale, (y1 - lat) * scale],
    from: (x, y) => [x0 + x / (k * scale), y1 - y / scale],
    contains: (lon, lat) => x0 <= lon && lon <= x1 && y0 <= lat && lat <= y1,
  };
}

const located = (doc) => doc.targets
  .map((t, i) => ({ t, i }))
  .filter(({ t }) => typeof t.lat === "number" && typeof t.lon === "number");

export function mapPanel({ api, onPlace }) {
  const panel = { maps: null, box: null, doc: null, zoomed: false };

  async function basemaps() {
    if (panel.maps === null) panel.maps = await (await api("/api/basemaps")).json();
    return panel.maps;
  }

  function chooser(doc) {
    const select = $("#edit-place");
    const keep = select.value;
    select.replaceChildren(...doc.targets.map((t, i) => {
      const option = document.createElement("option");
      option.value = i;
      option.textContent = t.id || `target ${i + 1}`;
      return option;
    }));
    if (keep !== "" && Number(keep) < doc.targets.length) select.value = keep;
  }

  async function draw(doc, { refit = false } = {}) {
    panel.doc = doc;
    const maps = await basemaps();
    if (doc !== panel.doc) return;
    chooser(doc);
    const points = located(doc).map(({ t }) => [t.lon, t.lat]);
    const everywhere = maps.reduce((b, m) => [Math.min(b[0], m.bbox[0]), Math.min(b[1], m.bbox[1]),
      Math.max(b[2], m.bbox[2]), Math.max(b[3], m.bbox[3])], [180, 90, -180, -90]);
    let project = panel.box && projection(panel.box);
    const outside = project && points.some(([lon, lat]) => !project.contains(lon, lat));
    if (refit || !project || (outside && !panel.zoomed)) {
      panel.box = frame(points, everywhere);
      panel.zoomed = false;
      project = projection(panel.box);
    }
    const figure = svg("svg", {
      viewBox: `0 0 ${WIDTH} ${project.height.toFixed(1)}`,
      role: "img",
      "aria-label": "Map of the targets: click to place the target chosen above",
      class: "edit-map",
    });
    figure.append(svg("rect", { width: WIDTH, height: project.height, fill: "#f4f8fb" }));
    const [x0, y0, x1, y1] = panel.box;
    for (const basemap of maps) {
      const [a, b, c, d] = basemap.bbox;
      if (c < x0 || a > x1 || d < y0 || b > y1) continue;
      for (const layer of basemap.layers) {
        const path = layer.rings.map((ring) => ring.map(([lon, lat], i) => {
          const [x, y] = project.to(lon, lat);
          return `${i ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`;
        }).join("") + "Z").join("");
        const style = STYLE[layer.kind] || STYLE.land;
        figure.append(svg("path", { d: path, fill: style.fill, stroke: style.stroke, "stroke-width": 0.8 }));
      }
    }
    const chosen = Number($("#edit-place").value);
    // dots first, so that no label covers one
    const labelled = located(doc).map(({ t }) => project.to(t.lon, t.lat))
      .map(([x, y]) => [x - 8, y - 8, x + 8, y + 8]);
    const order = located(doc).sort((a, b) => (b.i === chosen) - (a.i === chosen));
    for (const { t, i } of order) {
      const [x, y] = project.to(t.lon, t.lat);
      const group = svg("g", { class: "edit-target", "data-target": t.id });
      const dot = svg("circle", {
        cx: x.toFixed(1), cy: y.toFixed(1), r: i === chosen ? 9 : 7,
        fill: i === chosen ? "#d9731a" : "#1d5fa8", stroke: "#fff", "stroke-width": 1.5,
      });
      const title = svg("title");
      title.textContent = `${t.id} (${t.lat}, ${t.lon})`;
      dot.append(title);
      const width = 8.6 * String(t.id).length;
      const left = x + 12 + width > WIDTH; // at the right edge: the label goes on the left
      const label = svg("text", {
        x: (left ? x - 11 : x + 11).toFixed(1), y: (y + 5).toFixed(1), "font-size": 16,
        "text-anchor": left ? "end" : "start", "paint-order": "stroke", stroke: "#fff",
        "stroke-width": 3,
      });
      label.textContent = t.id;
      group.append(dot);
      // a label only where it covers no other label or dot (the dot's tooltip names it)
      const box = left ? [x - 12 - width, y - 9, x - 10, y + 8] : [x + 10, y - 9, x + 12 + width, y + 8];
      const covers = labelled.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3]);
      if (i === chosen || !covers) {
        labelled.push(box);
        group.append(label);
      }
      figure.append(group);
    }
    figure.addEventListener("click", (event) => {
      const point = figure.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      const at = point.matrixTransform(figure.getScreenCTM().inverse());
      const [lon, lat] = project.from(at.x, at.y);
      const index = Number($("#edit-place").value);
      onPlace(index, Number(lat.toFixed(5)), Number(lon.toFixed(5)));
    });
    const attribution = maps.filter((m) => m.bbox[2] >= x0 && m.bbox[0] <= x1
      && m.bbox[3] >= y0 && m.bbox[1] <= y1).map((m) => m.attribution).join("; ");
    $("#edit-map").replaceChildren(figure);
    $("#edit-map-note").textContent = "Hover over a dot for its name; zoom in where targets crowd."
      + (attribution ? ` Basemap: ${attribution}` : "");
  }

  // Zoom by two about the chosen target (or the centre), and back to every target.
  function zoom(factor) {
    if (!panel.doc || !panel.box) return;
    const [x0, y0, x1, y1] = panel.box;
    const target = panel.doc.targets[Number($("#edit-place").value)];
    const here = target && typeof target.lat === "number" && typeof target.lon === "number";
    const [cx, cy] = here ? [target.lon, target.lat] : [(x0 + x1) / 2, (y0 + y1) / 2];
    const [hw, hh] = [((x1 - x0) / 2) * factor, ((y1 - y0) / 2) * factor];
    panel.box = [cx - hw, cy - hh, cx + hw, cy + hh];
    panel.zoomed = true;
    draw(panel.doc);
  }

  $("#edit-place").addEventListener("change", () => panel.doc && draw(panel.doc));
  $("#edit-zoom-in").addEventListener("click", () => zoom(0.5));
  $("#edit-zoom-out").addEventListener("click", () => zoom(2));
  $("#edit-zoom-fit").addEventListener("click", () => panel.doc && draw(panel.doc, { refit: true }));
  return { draw };
}
