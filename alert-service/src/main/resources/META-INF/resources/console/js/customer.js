// A customer: health now with its drivers and risk, the score over time with the events that moved
// it, and every alert of the customer.
import {alerts, scorer} from './api.js';
import {scoreChart} from './chart.js';
import {describe, eventItem, historyOf} from './events.js';
import {ago, html, percent, points, render, when, words} from './html.js';

export async function show(main, {args, onAlertChange}) {
  const customerId = args[0];
  const path = encodeURIComponent(customerId);

  async function load() {
    const [health, {history, events}, policy, list] = await Promise.all([
      scorer.get(`/customers/${path}/health`).catch(e => (e.status === 404 ? null : Promise.reject(e))),
      historyOf(customerId), scorer.get('/policy').catch(() => null),
      alerts.get(`/alerts?customerId=${path}&size=100`)]);
    const segmentPolicy = policy && health && policy.segments && policy.segments[health.segment]
      ? policy.segments[health.segment] : policy && policy.defaults;
    render(main, html`<h1>Customer ${customerId}</h1>
      ${health ? html`<div class="grid">
        <section class="card" aria-labelledby="now-h"><h2 id="now-h">Health now</h2>
          <p><span class="points" id="score" style="font-size:2rem">${health.score}</span>
            <span class="badge band-${health.band}">${words(health.band)}</span>
            <span class="muted">${health.segment}, assessed ${ago(health.assessedAt)}</span></p>
          <p>Risk of leaving within the horizon: <strong>${percent(health.risk && health.risk.probability)}</strong></p>
        </section>
        <section class="card" aria-labelledby="drv-h"><h2 id="drv-h">Drivers</h2>
          ${health.drivers.length ? html`<ul class="drivers">${health.drivers.map(d => html`<li>
            <span class="points">${points(d.points)}</span> <strong>${words(d.rule)}</strong>: ${d.reason}
            ${d.eventIds && d.eventIds.length ? html`<details><summary>events</summary><ul>${d.eventIds.map(id => eventItem(id, events.get(id)))}</ul></details>` : ''}
          </li>`)}</ul>` : html`<p class="muted">Nothing lowers this customer's health.</p>`}
        </section></div>` : html`<p class="muted">health-scorer knows no health for this customer.</p>`}
      <section aria-labelledby="chart-h" class="chart"><h2 id="chart-h">Score over time</h2>
        ${scoreChart(history, segmentPolicy && segmentPolicy.bands)}
        <div id="event-detail" role="status" aria-live="polite"></div>
      </section>
      <section aria-labelledby="alerts-h"><h2 id="alerts-h">Alerts</h2>
        ${list.length ? html`<table id="customer-alerts"><thead><tr><th>Opened</th><th>Cause</th><th>Severity</th><th>Status</th></tr></thead>
          <tbody>${list.map(a => html`<tr><td><a href="#/alerts/${a.id}">${when(a.openedAt)}</a></td><td>${words(a.cause)}</td>
            <td><span class="badge sev-${a.severity}">${words(a.severity)}</span></td>
            <td><span class="badge st-${a.status}">${words(a.status)}</span></td></tr>`)}</tbody></table>`
          : html`<p class="muted">No alerts.</p>`}
      </section>`);
    const detail = main.querySelector('#event-detail');
    const showEvent = mark => {
      const entry = history[Number(mark.dataset.index)];
      main.querySelectorAll('.mark').forEach(m => m.setAttribute('aria-pressed', String(m === mark)));
      render(detail, html`<div class="card" id="event-card"><h3 style="margin-top:0">${describe(entry.event)}</h3>
        <dl class="facts"><dt>When</dt><dd>${when(entry.event.occurredAt)}</dd>
          <dt>Event</dt><dd>${entry.event.eventId}${entry.event.sourceSystem ? ` from ${entry.event.sourceSystem}` : ''}</dd>
          <dt>Score after</dt><dd>${entry.score} (${words(entry.band)})</dd></dl></div>`);
    };
    main.querySelectorAll('.mark').forEach(mark => {
      mark.addEventListener('click', () => showEvent(mark));
      mark.addEventListener('keydown', e => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showEvent(mark); }
      });
    });
  }

  const stop = onAlertChange((type, change) => {
    if (change && change.data && change.data.customerId === customerId) load().catch(() => {});
  });
  await load();
  return {dispose: stop};
}
