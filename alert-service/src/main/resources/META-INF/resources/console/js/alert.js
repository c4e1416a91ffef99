// One alert: the customer, health before and after, the drivers with their events, the recommended
// action, who took it, its transitions and deliveries, and the steps an operator may take.
import {ApiError, alerts} from './api.js';
import {eventItem, historyOf} from './events.js';
import {html, percent, points, render, when, words} from './html.js';

function drivers(alert, events) {
  if (!alert.drivers || !alert.drivers.length) return html`<p class="muted">No drivers recorded.</p>`;
  return html`<ol class="drivers">${alert.drivers.map(d => html`<li>
    <span class="points">${points(d.points)}</span> <strong>${words(d.rule)}</strong>: ${d.reason}
    ${d.recommendedAction ? html`<div class="muted">Do: ${d.recommendedAction}</div>` : ''}
    ${d.eventIds && d.eventIds.length ? html`<details><summary>${d.eventIds.length} event${d.eventIds.length === 1 ? '' : 's'} behind it</summary>
      <ul>${d.eventIds.map(id => eventItem(id, events.get(id)))}</ul></details>` : ''}
  </li>`)}</ol>`;
}

function steps(alert, user) {
  if (!user.can('operator')) return '';
  const resolved = alert.status === 'RESOLVED';
  const mine = alert.assignee === user.subject;
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  return html`<section aria-labelledby="steps-h"><h2 id="steps-h">Act</h2>
    <div class="actions">
      ${resolved ? '' : mine ? html`<button type="button" class="secondary" data-step="release">Give back</button>`
        : html`<button type="button" data-step="take">Take it</button>`}
      ${resolved || alert.status === 'ACKNOWLEDGED' ? '' : html`<button type="button" data-step="acknowledge">Acknowledge</button>`}
    </div>
    <div class="actions">
      ${resolved ? '' : html`<form id="snooze-form" aria-label="Snooze">
        <label for="snooze-until">Snooze until<input type="datetime-local" id="snooze-until" required value="${local}"></label>
        <label for="snooze-reason">Reason<input id="snooze-reason" maxlength="1000"></label>
        <button type="submit" class="secondary">Snooze</button></form>
      <form id="resolve-form" aria-label="Resolve">
        <label for="resolve-note">Note<input id="resolve-note" maxlength="1000"></label>
        <button type="submit">Resolve</button></form>`}
      <form id="outcome-form" aria-label="Outcome">
        <label for="outcome-action">Action taken<input id="outcome-action" required maxlength="1000"></label>
        <fieldset style="border:0;padding:0;margin:0"><legend class="muted" style="font-size:.85rem">Was it useful?</legend>
          <label style="flex-direction:row;gap:.3rem"><input type="radio" name="useful" value="true" required> Useful</label>
          <label style="flex-direction:row;gap:.3rem"><input type="radio" name="useful" value="false"> False alarm</label></fieldset>
        <button type="submit" class="secondary">Record outcome</button></form>
    </div>
    <p id="step-problem" class="problem" role="alert" hidden></p>
    <p id="step-done" class="notice" role="status" hidden></p>
  </section>`;
}

export async function show(main, {args, user, onAlertChange}) {
  const id = args[0];
  // The last step's confirmation stays while the page re-renders for the stream's news of that step.
  let message = null;

  async function load() {
    const alert = await alerts.get(`/alerts/${id}`);
    const [transitions, deliveries, {events}] = await Promise.all([
      alerts.get(`/alerts/${id}/transitions`), alerts.get(`/alerts/${id}/deliveries`), historyOf(alert.customerId)]);
    render(main, html`<p><a href="#/inbox">← Inbox</a></p>
      <h1>${words(alert.cause)} <span class="badge sev-${alert.severity}">${words(alert.severity)}</span>
        <span class="badge st-${alert.status}" id="alert-status">${words(alert.status)}</span></h1>
      <div class="grid">
        <section class="card" aria-labelledby="facts-h"><h2 id="facts-h">Customer</h2>
          <dl class="facts">
            <dt>Customer</dt><dd><a href="#/customers/${encodeURIComponent(alert.customerId)}" id="customer-link">${alert.customerId}</a> (${alert.segment})</dd>
            <dt>Health</dt><dd>${alert.scoreBefore ?? '–'} → <strong>${alert.scoreAfter}</strong>
              (${words(alert.bandBefore) || '–'} → <span class="badge band-${alert.bandAfter}">${words(alert.bandAfter)}</span>)</dd>
            <dt>Risk of leaving</dt><dd>${percent(alert.risk)}</dd>
            <dt>Opened</dt><dd>${when(alert.openedAt)}</dd>
            <dt>Taken by</dt><dd id="assignee">${alert.assignee || 'nobody'}</dd>
            ${alert.snoozedUntil ? html`<dt>Snoozed until</dt><dd>${when(alert.snoozedUntil)} ${alert.snoozeReason ? `(${alert.snoozeReason})` : ''}</dd>` : ''}
            ${alert.resolution ? html`<dt>Resolution</dt><dd>${alert.resolution}</dd>` : ''}
          </dl>
          ${alert.recommendedAction ? html`<h2>Recommended action</h2><p id="recommended">${alert.recommendedAction}</p>` : ''}
        </section>
        <section class="card" aria-labelledby="drivers-h"><h2 id="drivers-h">Why</h2>${drivers(alert, events)}</section>
      </div>
      ${steps(alert, user)}
      <section aria-labelledby="transitions-h"><h2 id="transitions-h">History</h2>
        <table id="transitions"><thead><tr><th>When</th><th>Step</th><th>Who</th><th>Status</th><th>Note</th></tr></thead>
        <tbody>${transitions.map(t => html`<tr><td>${when(t.at)}</td><td>${t.action}</td><td>${t.actor}</td>
          <td>${words(t.from) || '–'} → ${words(t.to)}</td><td>${t.note || ''}</td></tr>`)}</tbody></table>
      </section>
      <section aria-labelledby="deliveries-h"><h2 id="deliveries-h">Deliveries</h2>
        ${deliveries.length ? html`<table><thead><tr><th>Event</th><th>Status</th><th class="num">Attempts</th><th>Last answer</th><th>Delivered</th></tr></thead>
        <tbody>${deliveries.map(d => html`<tr><td>${d.eventType}</td><td>${words(d.status)}</td><td class="num">${d.attempts}</td>
          <td>${d.lastStatus || d.lastError || ''}</td><td>${when(d.deliveredAt)}</td></tr>`)}</tbody></table>`
          : html`<p class="muted">No webhook deliveries.</p>`}
      </section>`);
    wire();
    if (message) {
      const done = main.querySelector('#step-done');
      if (done) { done.hidden = false; done.textContent = message; }
    }
  }

  async function act(request, done) {
    const problem = main.querySelector('#step-problem');
    try {
      await request();
      message = done;
      await load();
    } catch (e) {
      problem.hidden = false;
      problem.textContent = e instanceof ApiError && e.status === 403
        ? 'Your role may not do this.' : e.message;
    }
  }

  function wire() {
    main.querySelectorAll('[data-step]').forEach(b => b.addEventListener('click', () => {
      const step = b.dataset.step;
      act(() => alerts.post(`/alerts/${id}/${step}`), {take: 'You took it.', release: 'Given back.',
        acknowledge: 'Acknowledged.'}[step]);
    }));
    const on = (form, handler) => {
      const element = main.querySelector(form);
      if (element) element.addEventListener('submit', event => { event.preventDefault(); handler(); });
    };
    on('#snooze-form', () => act(() => alerts.post(`/alerts/${id}/snooze`, {
      until: new Date(main.querySelector('#snooze-until').value).toISOString(),
      reason: main.querySelector('#snooze-reason').value || null}), 'Snoozed.'));
    on('#resolve-form', () => act(() => alerts.post(`/alerts/${id}/resolve`,
      {note: main.querySelector('#resolve-note').value || null}), 'Resolved.'));
    on('#outcome-form', () => act(() => alerts.post(`/alerts/${id}/outcome`, {
      actionTaken: main.querySelector('#outcome-action').value,
      useful: main.querySelector('input[name="useful"]:checked').value === 'true'}), 'Outcome recorded.'));
  }

  const stop = onAlertChange((type, change) => {
    if (change && change.data && change.data.id === id) load().catch(() => {});
  });
  await load();
  return {dispose: stop};
}
