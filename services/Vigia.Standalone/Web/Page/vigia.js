// The analysts' page: the series GetTimeSeries answers (its HTTP/JSON route), the alerts that fit it shaded over their
// windows, and alerting's live feed (server-sent events read with fetch, which, unlike EventSource, can send a token).
'use strict';

const $ = (id) => document.getElementById(id);
const svgNs = 'http://www.w3.org/2000/svg';
let alerts = [];

async function token() {
  if ($('token').value) return $('token').value;
  // The embedded default hands its development token to a page opened on localhost; elsewhere, paste one.
  const response = await fetch('/web/dev-token');
  if (response.ok) $('token').value = (await response.text()).trim();
  return $('token').value;
}

async function call(path, init = {}) {
  const response = await fetch(path, { ...init, headers: { ...(init.headers || {}), authorization: `Bearer ${await token()}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

function selector() {
  const value = (id) => $(id).value.trim();
  const list = (id, prefix) => (value(id) ? [prefix + value(id)] : []);
  return {
    countryCodes: list('country', ''), admin1: list('admin1', ''), admin2: list('admin2', ''),
    incidentTypes: list('incidentType', 'INCIDENT_TYPE_'), victimCategories: list('victimCategory', 'VICTIM_CATEGORY_'),
  };
}

const date = (iso) => { const [year, month, day] = iso.split('-').map(Number); return { year, month, day }; };
const dayOf = (d) => Date.UTC(d.year, d.month - 1, d.day);
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

// An alert is marked when its window overlaps the period and its series does not contradict the selector: on each
// dimension, both name values and share none (as `vigia plot` marks them).
function fits(alert, wanted, from, to) {
  if (dayOf(alert.window.startDate) > to || dayOf(alert.window.endDate) < from) return false;
  const series = alert.series || {};
  return ['countryCodes', 'admin1', 'admin2', 'incidentTypes', 'victimCategories'].every((key) => {
    const a = (wanted[key] || []).map((v) => v.toUpperCase());
    const b = (series[key] || []).map((v) => v.toUpperCase());
    return a.length === 0 || b.length === 0 || a.some((v) => b.includes(v));
  });
}

function element(name, attributes, parent, text) {
  const node = document.createElementNS(svgNs, name);
  Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
  if (text !== undefined) node.textContent = text;
  parent.appendChild(node);
  return node;
}

function draw(points, marked, from, to, unit) {
  const svg = $('chart');
  svg.replaceChildren();
  const [width, height, left, right, top, bottom] = [960, 360, 50, 15, 15, 30];
  const dayMs = 86400000;
  const end = Math.max(to + dayMs, from + dayMs);
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (ms) => left + ((ms - from) / (end - from)) * (width - left - right);
  const y = (v) => height - bottom - (v / max) * (height - top - bottom);
  for (const alert of marked) {
    const x0 = x(Math.max(from, dayOf(alert.window.startDate)));
    const x1 = x(Math.min(end, dayOf(alert.window.endDate) + dayMs));
    const shade = element('rect', { class: 'alert', x: x0, y: top, width: Math.max(2, x1 - x0), height: height - top - bottom, fill: 'rgba(255,0,0,0.25)' }, svg);
    element('title', {}, shade, `${alert.ruleId}: ${alert.observed} observed, ${alert.expected ?? 0} expected`);
  }
  element('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#999' }, svg);
  element('line', { x1: left, y1: top, x2: left, y2: height - bottom, stroke: '#999' }, svg);
  element('text', { x: 4, y: top + 10, 'font-size': 11 }, svg, `${Math.round(max * 100) / 100}`);
  element('text', { x: 4, y: height - bottom, 'font-size': 11 }, svg, '0');
  element('text', { x: left, y: height - 8, 'font-size': 11 }, svg, iso(from));
  element('text', { x: width - right - 70, y: height - 8, 'font-size': 11 }, svg, iso(to));
  element('text', { x: left + 6, y: top + 12, 'font-size': 12 }, svg, unit);
  const coordinates = points.map((p) => `${x(dayOf(p.date))},${y(p.value)}`);
  element('polyline', { points: coordinates.join(' '), fill: 'none', stroke: 'navy', 'stroke-width': 2 }, svg);
  points.forEach((p) => {
    const dot = element('circle', { class: 'point', cx: x(dayOf(p.date)), cy: y(p.value), r: 3, fill: 'navy' }, svg);
    element('title', {}, dot, `${p.date.year}-${p.date.month}-${p.date.day}: ${p.value}`);
  });
}

async function show() {
  const wanted = selector();
  const [from, to] = [$('from').value, $('to').value];
  try {
    const request = {
      selector: wanted, measure: `MEASURE_${$('measure').value}`, granularity: `GRANULARITY_${$('granularity').value}`,
      period: { startDate: date(from), endDate: date(to) }, per100k: $('per100k').checked,
    };
    const answer = await call('/v1/statistics:getTimeSeries', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    alerts = await call('/web/alerts');
    const series = (answer.series || [])[0] || { points: [] };
    const points = series.points.map((p) => ({ date: p.date, value: p.value || 0 }));
    const [start, end] = [dayOf(date(from)), dayOf(date(to))];
    const marked = alerts.filter((a) => fits(a, wanted, start, end));
    draw(points, marked, start, end, `${$('measure').value.toLowerCase()}${$('per100k').checked ? ' per 100,000' : ''}`);
    $('status').textContent = `${points.length} points, ${marked.length} alerts marked.`;
  } catch (error) {
    $('status').textContent = error.message;
  }
}

function announce(event) {
  const kind = (event.kind || '').replace('ALERT_EVENT_KIND_', '').toLowerCase();
  const item = document.createElement('li');
  item.className = kind;
  const window = event.window ? ` ${iso(dayOf(event.window.startDate))} to ${iso(dayOf(event.window.endDate))}` : '';
  item.textContent = `${kind} ${event.ruleId} ${(event.severity || '').replace('SEVERITY_', '').toLowerCase()}:${window}, ${event.observed} observed, ${event.expected ?? 0} expected`;
  $('feed').prepend(item);
}

// Reads the live feed for as long as the page is open, reconnecting after a pause when it drops.
async function follow() {
  for (;;) {
    try {
      const response = await fetch('/web/alerts/stream', { headers: { authorization: `Bearer ${await token()}`, accept: 'text/event-stream' } });
      if (!response.ok) throw new Error(`alert feed: HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
          if (message.startsWith('event: error')) throw new Error(`alert feed: ${data}`);
          if (data) {
            announce(JSON.parse(data));
            show();
          }
        }
      }
    } catch (error) {
      $('status').textContent = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

$('query').addEventListener('submit', (e) => { e.preventDefault(); show(); });
show();
follow();
