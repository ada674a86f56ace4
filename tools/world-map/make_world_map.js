#!/usr/bin/env node
// Regenerates assets/world-110m.tsv, the country outlines that src/status/map.rs draws.
//
// What it is for: turning Natural Earth's 1:110m country polygons (public domain), as shipped by
// the npm package world-atlas (countries-110m.json, TopoJSON), into one small SVG path per
// country, keyed by ISO 3166-1 alpha-2. The numeric ids of world-atlas are mapped to alpha-2
// with the npm package i18n-iso-countries, never with a hand-typed table.
// What it is not: part of the site build. The site only reads the TSV it writes; run this again
// only to change the geometry (cd tools && npm ci && npm run world-map).
//
// Output format (UTF-8, "\n" line ends, deterministic):
//   line 1:  "#viewBox 0 0 W H" (the integer coordinate box of every path)
//   line 2:  "# ..." where the data comes from
//   then one line per shape: CODE <TAB> d
//   CODE is the alpha-2 code, or "-" for land Natural Earth gives no ISO code to
//   (N. Cyprus, Somaliland, Kosovo): drawn as plain land, never shaded.
//   Lines are sorted by CODE, then by d. Antarctica is left out (no State's territory to shade).
// Projection: Equal Earth (Šavrič, Patterson, Jenny 2018), fitted to width 1000, integer coordinates.
// Shared borders stay shared: arcs are simplified (Douglas-Peucker, TOLERANCE units) before
// rings are stitched, so neighbours do not gap or overlap.
"use strict";

const fs = require("fs");
const path = require("path");
const countries = require("i18n-iso-countries");
const topology = require("world-atlas/countries-110m.json");

const WIDTH = 1000;
const MARGIN = 2;
const TOLERANCE = 0.45;
const LEAVE_OUT = new Set(["AQ"]);
const OUT = path.join(__dirname, "..", "..", "assets", "world-110m.tsv");

// Equal Earth, unit sphere.
const A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
const M = Math.sqrt(3) / 2;
function equalEarth(lon, lat) {
  const lambda = (lon * Math.PI) / 180;
  const phi = (lat * Math.PI) / 180;
  const t = Math.asin(M * Math.sin(phi));
  const t2 = t * t, t6 = t2 * t2 * t2;
  const x = (lambda * Math.cos(t)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
  const y = t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
  return [x, -y]; // SVG y grows downwards
}

// Decode the delta-encoded, quantized arcs to [lon, lat].
const [sx, sy] = topology.transform.scale;
const [tx, ty] = topology.transform.translate;
const arcs = topology.arcs.map((arc) => {
  let qx = 0, qy = 0;
  return arc.map(([dx, dy]) => {
    qx += dx;
    qy += dy;
    return [qx * sx + tx, qy * sy + ty];
  });
});

// Code for every geometry.
const shapes = [];
for (const g of topology.objects.countries.geometries) {
  const code = g.id === undefined ? "-" : countries.numericToAlpha2(g.id);
  if (!code) throw new Error(`no alpha-2 code for numeric id ${g.id} (${g.properties.name})`);
  if (LEAVE_OUT.has(code)) continue;
  const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
  shapes.push({ code, name: g.properties.name, polygons });
}

// Fit: bounds of the kept shapes, projected.
let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
for (const s of shapes)
  for (const poly of s.polygons)
    for (const ring of poly)
      for (const i of ring)
        for (const [lon, lat] of arcs[i < 0 ? ~i : i]) {
          const [x, y] = equalEarth(lon, lat);
          minX = Math.min(minX, x); maxX = Math.max(maxX, x);
          minY = Math.min(minY, y); maxY = Math.max(maxY, y);
        }
const k = (WIDTH - 2 * MARGIN) / (maxX - minX);
const HEIGHT = Math.ceil((maxY - minY) * k + 2 * MARGIN);
function project(lon, lat) {
  const [x, y] = equalEarth(lon, lat);
  return [(x - minX) * k + MARGIN, (y - minY) * k + MARGIN];
}

// Which points of each arc to keep, chosen on the projected arc (so in map units).
function douglasPeucker(pts, tol) {
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack = pts.length > 2 ? [[0, pts.length - 1]] : [];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = pts[a], [bx, by] = pts[b];
    const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy);
    let best = -1, bestD = 0;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = pts[i];
      const d = len === 0 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * (px - ax) - dx * (py - ay)) / len;
      if (d > bestD) { bestD = d; best = i; }
    }
    if (best >= 0 && bestD > tol) { keep[best] = 1; stack.push([a, best], [best, b]); }
  }
  return keep;
}
const simplified = arcs.map((arc) => {
  const keep = douglasPeucker(arc.map(([lon, lat]) => project(lon, lat)), TOLERANCE);
  return arc.filter((_, i) => keep[i]);
});

// A ring in [lon, lat], stitched from its arcs.
function ringLonLat(ring) {
  const out = [];
  for (const i of ring) {
    const arc = i < 0 ? simplified[~i].slice().reverse() : simplified[i];
    for (let j = out.length ? 1 : 0; j < arc.length; j++) out.push(arc[j]);
  }
  return out;
}

// Natural Earth keeps rings that cross the antimeridian (Russia's Chukotka, Fiji) whole, jumping
// from +180 to -180. Unwrap such a ring, then cut it at +/-180 into pieces that stay on the map.
function clipHalfPlane(pts, inside, cross) {
  const out = [];
  for (let i = 0; i < pts.length; i++) {
    const cur = pts[i], prev = pts[(i + pts.length - 1) % pts.length];
    if (inside(cur)) {
      if (!inside(prev)) out.push(cross(prev, cur));
      out.push(cur);
    } else if (inside(prev)) out.push(cross(prev, cur));
  }
  return out;
}
function atLon(lon) {
  return (a, b) => [lon, a[1] + ((b[1] - a[1]) * (lon - a[0])) / (b[0] - a[0])];
}
function cutAtAntimeridian(pts) {
  let offset = 0;
  const un = pts.map((p, i) => {
    if (i > 0) {
      const d = p[0] - pts[i - 1][0];
      if (d > 180) offset -= 360;
      else if (d < -180) offset += 360;
    }
    return [p[0] + offset, p[1]];
  });
  if (un.every((p) => p[0] >= -180 && p[0] <= 180)) return [pts];
  const pieces = [];
  for (const shift of [-360, 0, 360]) {
    const lo = -180 - shift, hi = 180 - shift;
    let piece = clipHalfPlane(un, (p) => p[0] >= lo, atLon(lo));
    piece = clipHalfPlane(piece, (p) => p[0] <= hi, atLon(hi));
    if (piece.length >= 3) pieces.push(piece.map(([lon, lat]) => [lon + shift, lat]));
  }
  return pieces;
}

function ringPoints(lonLat) {
  const out = lonLat.map(([lon, lat]) => project(lon, lat).map(Math.round));
  // Drop repeated points (rounding makes some) and the closing point (z closes the ring).
  const pts = out.filter((p, j) => j === 0 || p[0] !== out[j - 1][0] || p[1] !== out[j - 1][1]);
  while (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  return pts;
}
function twiceArea(pts) {
  let a = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x1, y1] = pts[i], [x2, y2] = pts[(i + 1) % pts.length];
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a);
}
// Numbers joined the short SVG way: a minus sign separates by itself.
function joinNumbers(nums) {
  let s = "";
  nums.forEach((n, i) => { s += (i > 0 && n >= 0 ? " " : "") + n; });
  return s;
}
function ringPath(pts) {
  const rel = [];
  for (let i = 1; i < pts.length; i++) rel.push(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
  return "M" + joinNumbers(pts[0]) + (rel.length ? "l" + joinNumbers(rel) : "") + "z";
}

const lines = [];
const dropped = [];
for (const s of shapes) {
  const rings = [];
  let largest = null;
  for (const poly of s.polygons)
    for (const ring of poly)
      for (const piece of cutAtAntimeridian(ringLonLat(ring))) {
        const pts = ringPoints(piece);
        if (!largest || twiceArea(pts) > twiceArea(largest)) largest = pts;
        if (pts.length >= 3 && twiceArea(pts) > 0) rings.push(pts);
      }
  // A country too small for every ring to survive rounding keeps its largest ring anyway.
  if (!rings.length && largest && largest.length) rings.push(largest);
  if (!rings.length) { dropped.push(s.code); continue; }
  lines.push([s.code, rings.map(ringPath).join("")]);
}
lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
const codes = lines.map((l) => l[0]).filter((c) => c !== "-");
const dup = codes.filter((c, i) => codes.indexOf(c) !== i);
if (dup.length) throw new Error(`duplicate codes: ${dup.join(" ")}`);

const atlas = require("world-atlas/package.json").version;
const isoPkg = require("i18n-iso-countries/package.json").version;
const text =
  `#viewBox 0 0 ${WIDTH} ${HEIGHT}\n` +
  `# Natural Earth 1:110m countries (public domain), from world-atlas ${atlas}; codes from i18n-iso-countries ${isoPkg}; Equal Earth projection; made by tools/make_world_map.js\n` +
  lines.map((l) => l.join("\t")).join("\n") + "\n";
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, text);
console.log(`wrote ${OUT}: ${lines.length} shapes, ${codes.length} codes, ${Buffer.byteLength(text)} bytes, viewBox 0 0 ${WIDTH} ${HEIGHT}`);
if (dropped.length) console.log(`dropped (no geometry left): ${dropped.join(" ")}`);
