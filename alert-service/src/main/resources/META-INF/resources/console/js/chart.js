// The score over time as SVG: the band lines, the score as a step line, and a mark for every event
// that moved it (focusable; click or Enter shows the event).
import {html, raw} from './html.js';
import {describe} from './events.js';

const W = 800;
const H = 300;
const PAD = {left: 36, right: 12, top: 12, bottom: 28};

export function scoreChart(history, bands) {
  const points = [...history].reverse();
  if (!points.length) return html`<p class="muted">No history yet.</p>`;
  const times = points.map(p => new Date(p.assessedAt).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 3600 * 1000);
  const x = t => PAD.left + (t - t0) / (t1 - t0) * (W - PAD.left - PAD.right);
  const y = s => PAD.top + (100 - s) / 100 * (H - PAD.top - PAD.bottom);
  let path = '';
  points.forEach((p, i) => {
    const px = x(times[i]).toFixed(1);
    const py = y(p.score).toFixed(1);
    path += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
  });
  const bandLines = bands ? [['watch', bands.watchBelow, '#0b3d91'], ['at risk', bands.atRiskBelow, '#7a4a00'],
    ['critical', bands.criticalBelow, '#9b1c1c']] : [];
  const day = new Intl.DateTimeFormat(undefined, {month: 'short', day: 'numeric'});
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(f => t0 + f * (t1 - t0));
  return html`<svg viewBox="0 0 ${W} ${H}" role="group" aria-labelledby="chart-title" id="score-chart">
    <title id="chart-title">Health score over time, ${points.length} assessments, now ${points[points.length - 1].score}</title>
    <rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${H - PAD.top - PAD.bottom}" fill="#ffffff" stroke="#d0d7de"/>
    ${[0, 50, 100].map(s => html`<text x="${PAD.left - 6}" y="${y(s) + 4}" text-anchor="end" font-size="11" fill="#4a5563">${s}</text>`)}
    ${ticks.map(t => html`<text x="${x(t)}" y="${H - 8}" text-anchor="middle" font-size="11" fill="#4a5563">${day.format(new Date(t))}</text>`)}
    ${bandLines.map(([name, value, colour]) => html`<g class="band-line"><line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(value)}" y2="${y(value)}"
      stroke="${colour}" stroke-dasharray="5 4" stroke-width="1"/><text x="${W - PAD.right - 4}" y="${y(value) - 4}" text-anchor="end"
      font-size="11" fill="${colour}">${name} below ${value}</text></g>`)}
    <path d="${path}" fill="none" stroke="#0b57d0" stroke-width="2"/>
    ${points.map((p, i) => p.event ? html`<circle class="mark" data-index="${points.length - 1 - i}" cx="${x(times[i])}" cy="${y(p.score)}" r="6"
      fill="#ffffff" stroke="#0b57d0" stroke-width="2" tabindex="0" role="button"
      aria-label="${describe(p.event)}, score ${p.score}"/>` : raw(''))}
  </svg>`;
}
