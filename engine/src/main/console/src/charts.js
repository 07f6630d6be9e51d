// Plots, all drawn by uPlot. Every chart also registers what it plots in window.keelCharts (title, kind, series
// labels, data), which the browser tests read to check the plotted series and values.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d',
  '#ea580c', '#4f46e5', '#0d9488', '#be123c', '#a16207', '#9333ea', '#0284c7', '#15803d', '#b91c1c', '#c2410c',
  '#6d28d9', '#047857'];
export const color = (i) => PALETTE[i % PALETTE.length];

window.keelCharts = window.keelCharts || [];
export function resetCharts() { window.keelCharts.length = 0; }

function register(title, kind, labels, data, extra) {
  window.keelCharts.push({ title, kind, series: labels, data: data.map((d) => Array.from(d)), ...extra });
}

function frame(title, subtitle) {
  const box = h('figure', { class: 'chart' }, h('figcaption', null, title, subtitle ? h('span', { class: 'muted' }, ` ${subtitle}`) : null));
  const plot = h('div', { class: 'plot' });
  box.append(plot);
  return { box, plot };
}

function width(el, fallback) {
  return Math.max(240, Math.floor((el.clientWidth || fallback) - 8));
}

/** Curves over a shared x axis: series = [{label, x: [], y: []}], aligned with uPlot.join. */
export function lineChart(parent, title, series, { xLabel = 'step', yLabel = '', height = 240, w = 560, threshold, legend = true, time = false } = {}) {
  const { box, plot } = frame(title, yLabel);
  parent.append(box);
  const joined = series.length ? uPlot.join(series.map((s) => [s.x, s.y])) : [[], []];
  const opts = {
    width: width(parent, w) > w ? w : width(parent, w), height,
    scales: { x: { time } },
    axes: [time ? { size: 40 } : { label: xLabel, size: 40 }, { size: 56 }],
    legend: { show: legend, live: true },
    series: [{ label: xLabel }, ...series.map((s, i) => ({ label: s.label, stroke: s.color || color(i), width: 2, spanGaps: true, points: { show: s.x.length <= 30 } }))],
  };
  if (threshold !== undefined) {
    opts.hooks = { draw: [(u) => drawThreshold(u, threshold)] };
  }
  const chart = new uPlot(opts, joined, plot);
  register(title, 'line', series.map((s) => s.label), joined);
  return chart;
}

/** Bars with a category axis: labels[i] is bar i; values[i] its height; colors per bar. */
export function barChart(parent, title, labels, values, { height = 200, w = 360, threshold, colors, yLabel } = {}) {
  const { box, plot } = frame(title, yLabel);
  parent.append(box);
  const x = labels.map((_, i) => i);
  const bars = uPlot.paths.bars({ size: [0.6, 64], align: 0 });
  const opts = {
    width: Math.min(w, width(parent, w)), height,
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.15 : 1] } },
    axes: [
      { size: 44, space: labels.length > 8 ? 48 : 10, incrs: [1, 2, 5, 10], values: (u, ticks) => ticks.map((t) => shorten(labels[t] ?? '', labels.length > 12 ? 9 : labels.length > 8 ? 13 : 22)) },
      { size: 56 },
    ],
    legend: { show: false },
    cursor: { show: false },
    series: [{}, {
      label: title, paths: bars, points: { show: false },
      fill: (u, si) => colors ? null : color(0) + 'cc', stroke: colors ? null : color(0),
    }],
    hooks: {
      draw: [(u) => {
        if (colors) drawColoredBars(u, values, colors);
        if (values.length <= 12) drawValues(u, values);
        if (threshold !== undefined) drawThreshold(u, threshold);
      }],
    },
  };
  const chart = new uPlot(opts, [x, values], plot);
  register(title, 'bar', labels, [x, values]);
  return chart;
}

/** Two histograms over shared bins: training (outline) against live (filled), each as shares of its rows. */
export function histogramChart(parent, title, bins, training, live, { height = 180, w = 380 } = {}) {
  const { box, plot } = frame(title);
  parent.append(box);
  const x = bins.map((_, i) => i);
  const barsA = uPlot.paths.bars({ size: [0.9, 80], align: 0 });
  const opts = {
    width: Math.min(w, width(parent, w)), height,
    scales: { x: { time: false, range: [-0.5, bins.length - 0.5] } },
    axes: [{ size: 36, space: 56, incrs: [1, 2, 3, 5], values: (u, ticks) => ticks.map((t) => shorten(String(bins[t] ?? '').split('–')[0], 8)) }, { size: 48, values: (u, t) => t.map((v) => `${Math.round(v * 100)}%`) }],
    legend: { live: false },
    series: [{ label: 'bin', value: (u, v) => bins[v] ?? '' },
      { label: 'training', paths: barsA, stroke: '#64748b', fill: '#64748b33', width: 1, points: { show: false } },
      { label: 'live', paths: barsA, stroke: '#dc2626', fill: '#dc262666', width: 1, points: { show: false } }],
  };
  const chart = new uPlot(opts, [x, training, live], plot);
  register(title, 'histogram', ['training', 'live'], [x, training, live], { bins });
  return chart;
}

/** Points: one series per group, x and y numeric (sweep trials: a param against the metric). */
export function scatterChart(parent, title, xLabel, yLabel, points, { height = 220, w = 420 } = {}) {
  const { box, plot } = frame(title);
  parent.append(box);
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  const data = [sorted.map((p) => p[0]), sorted.map((p) => p[1])];
  const opts = {
    width: Math.min(w, width(parent, w)), height, scales: { x: { time: false } },
    axes: [{ label: xLabel, size: 40 }, { label: yLabel, size: 56 }],
    series: [{ label: xLabel }, { label: yLabel, stroke: color(0), paths: () => null, points: { show: true, size: 8, fill: color(0) } }],
  };
  const chart = new uPlot(opts, data, plot);
  register(title, 'scatter', [yLabel], data);
  return chart;
}

function shorten(s, n = 14) {
  s = String(s);
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function drawThreshold(u, value) {
  const y = u.valToPos(value, 'y', true);
  if (!Number.isFinite(y)) return;
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = '#b91c1c';
  ctx.setLineDash([6, 4]);
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.beginPath();
  ctx.moveTo(u.bbox.left, y);
  ctx.lineTo(u.bbox.left + u.bbox.width, y);
  ctx.stroke();
  ctx.fillStyle = '#b91c1c';
  ctx.font = `${11 * devicePixelRatio}px system-ui`;
  ctx.textAlign = 'right';
  ctx.fillText(`threshold ${value}`, u.bbox.left + u.bbox.width - 4, y - 4 * devicePixelRatio);
  ctx.restore();
}

function drawColoredBars(u, values, colors) {
  const { ctx } = u;
  ctx.save();
  const slot = u.bbox.width / values.length;
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    const cx = u.valToPos(i, 'x', true);
    const y0 = u.valToPos(0, 'y', true);
    const y1 = u.valToPos(v, 'y', true);
    const bw = Math.min(slot * 0.6, 64 * devicePixelRatio);
    ctx.fillStyle = colors[i];
    ctx.fillRect(cx - bw / 2, Math.min(y0, y1), bw, Math.abs(y0 - y1));
  });
  ctx.restore();
}

function drawValues(u, values) {
  const { ctx } = u;
  ctx.save();
  ctx.fillStyle = '#334155';
  ctx.font = `${11 * devicePixelRatio}px system-ui`;
  ctx.textAlign = 'center';
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    ctx.fillText(Math.abs(v) < 1000 ? Number(v).toFixed(3) : String(Math.round(v)), u.valToPos(i, 'x', true), u.valToPos(v, 'y', true) - 4 * devicePixelRatio);
  });
  ctx.restore();
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/**
 * Parallel coordinates, hand-laid in SVG (no library for this is small enough next to uPlot): one vertical axis per
 * trial parameter and a last one for the metric; one line per trial, coloured from worst (light) to best (dark).
 * Numeric axes are linear (logarithmic when positive and spanning two decades or more); other values are spread
 * evenly in sorted order. rows = [{label, values: {axis: value}}].
 */
export function parallelChart(parent, title, axes, rows, { height = 260, w = 760, higherIsBetter = true } = {}) {
  const { box, plot } = frame(title);
  parent.append(box);
  const W = Math.min(w, width(parent, w));
  const top = 30; const bottom = height - 16; const left = 50; const right = W - 60;
  const x = (i) => (axes.length === 1 ? (left + right) / 2 : left + (i * (right - left)) / (axes.length - 1));
  const scales = axes.map((a) => {
    const vals = rows.map((r) => r.values[a]);
    const nums = vals.map(Number);
    if (vals.every((v) => v !== undefined && v !== null && v !== '' && Number.isFinite(Number(v)))) {
      const lo = Math.min(...nums); const hi = Math.max(...nums);
      const log = lo > 0 && hi / lo >= 100;
      const f = log ? Math.log10 : (v) => v;
      const span = f(hi) - f(lo) || 1;
      const ticks = [...new Set(nums)].sort((p, q) => p - q);
      return { pos: hi === lo ? () => (top + bottom) / 2 : (v) => bottom - ((f(Number(v)) - f(lo)) / span) * (bottom - top),
        ticks: ticks.length <= 8 ? ticks : [lo, hi], log };
    }
    const cats = [...new Set(vals.map(String))].sort();
    return { pos: (v) => bottom - ((cats.indexOf(String(v)) + 0.5) / cats.length) * (bottom - top), ticks: cats };
  });
  const metric = axes[axes.length - 1];
  const m = rows.map((r) => Number(r.values[metric]));
  const mlo = Math.min(...m); const mhi = Math.max(...m);
  const shade = (v) => { const t = mhi === mlo ? 1 : (v - mlo) / (mhi - mlo); const k = higherIsBetter ? t : 1 - t; return `hsl(221, 83%, ${Math.round(82 - 52 * k)}%)`; };
  const best = higherIsBetter ? mhi : mlo;
  const el = svg('svg', { width: W, height, viewBox: `0 0 ${W} ${height}`, class: 'parcoords', role: 'img', 'aria-label': title });
  const order = rows.map((r, i) => i).sort((p, q) => (higherIsBetter ? m[p] - m[q] : m[q] - m[p]));
  for (const i of order) {
    const r = rows[i];
    const d = axes.map((a, j) => `${j ? 'L' : 'M'}${x(j).toFixed(1)},${scales[j].pos(r.values[a]).toFixed(1)}`).join('');
    el.append(svg('path', { d, fill: 'none', stroke: shade(m[i]), 'stroke-width': m[i] === best ? 3 : 1.5, class: m[i] === best ? 'best' : '' },
      svg('title', null, `${r.label}: ${axes.map((a) => `${a}=${r.values[a]}`).join(', ')}`)));
  }
  axes.forEach((a, j) => {
    const g = svg('g', { class: 'axis' }, svg('line', { x1: x(j), x2: x(j), y1: top, y2: bottom, stroke: '#334155' }),
      svg('text', { x: x(j), y: top - 8, 'text-anchor': 'middle', class: 'axis-name' }, scales[j].log ? `${a} (log)` : a));
    for (const t of scales[j].ticks) {
      const y = scales[j].pos(t);
      g.append(svg('line', { x1: x(j) - 3, x2: x(j) + 3, y1: y, y2: y, stroke: '#334155' }),
        svg('text', { x: x(j) + 6, y: y + 4, class: 'tick' }, typeof t === 'number' && !Number.isInteger(t) ? Number(t.toPrecision(3)) : t));
    }
    el.append(g);
  });
  plot.append(el);
  register(title, 'parallel', axes, axes.map((a) => rows.map((r) => (Number.isFinite(Number(r.values[a])) ? Number(r.values[a]) : String(r.values[a])))), { rows: rows.map((r) => r.label) });
}
