// Subscriptions (admins): list, create (the secret shown once), pause, resume, rotate, delete, and
// each one's deliveries with their attempts; a failed delivery can be replayed.
import {alerts, query} from './api.js';
import {html, render, when, words} from './html.js';

function secretNotice(view, verb) {
  return html`<div class="notice" role="status" id="secret-notice">
    <p>${verb} <strong>${view.name}</strong>. Its signing secret is shown this once; keep it where the receiver verifies signatures:</p>
    <p class="secret" id="secret">${view.secret}</p>
    <button type="button" class="secondary" id="copy-secret">Copy</button></div>`;
}

export async function show(main, {user, params, go}) {
  if (!user.can('admin')) {
    render(main, html`<h1>Subscriptions</h1><p>Only admins manage subscriptions.</p>`);
    return null;
  }
  const open = params.get('deliveries');
  let notice = null;

  async function load() {
    const list = await alerts.get('/subscriptions');
    const deliveries = open ? await alerts.get(`/subscriptions/${open}/deliveries${query({size: 50})}`) : null;
    render(main, html`<h1>Subscriptions</h1>
      ${notice || ''}
      <p id="sub-problem" class="problem" role="alert" hidden></p>
      ${list.length ? html`<table id="subscriptions"><thead><tr><th>Name</th><th class="hide-small">URL</th><th>Filter</th><th>State</th><th>Actions</th></tr></thead>
        <tbody>${list.map(s => html`<tr data-id="${s.id}"><td>${s.name}</td><td class="hide-small">${s.url}</td>
          <td>${words(s.minSeverity)} and up${s.segments && s.segments.length ? `; ${s.segments.join(', ')}` : ''}${s.causes && s.causes.length ? `; ${s.causes.join(', ')}` : ''}</td>
          <td>${!s.active ? `disabled: ${s.disabledReason || ''}` : s.paused ? 'paused' : 'active'}</td>
          <td><div class="actions">
            ${s.paused || !s.active ? html`<button type="button" class="secondary" data-act="resume">Resume</button>`
              : html`<button type="button" class="secondary" data-act="pause">Pause</button>`}
            <button type="button" class="secondary" data-act="rotate-secret">Rotate secret</button>
            <button type="button" class="secondary" data-act="deliveries">Deliveries</button>
            <button type="button" class="danger" data-act="delete">Delete</button></div></td></tr>`)}</tbody></table>`
        : html`<p class="muted">No subscriptions yet.</p>`}
      ${deliveries ? html`<section aria-labelledby="del-h"><h2 id="del-h">Deliveries of ${(list.find(s => s.id === open) || {}).name || open}</h2>
        ${deliveries.length ? html`<table id="deliveries"><thead><tr><th>Created</th><th>Event</th><th>Status</th><th class="num">Attempts</th><th>Last answer</th><th></th></tr></thead>
        <tbody>${deliveries.map(d => html`<tr><td>${when(d.createdAt)}</td><td>${d.eventType}</td><td>${words(d.status)}</td>
          <td class="num">${d.attempts}</td><td>${d.lastStatus || d.lastError || ''}</td>
          <td>${d.status === 'FAILED' ? html`<button type="button" class="secondary" data-replay="${d.id}">Replay</button>` : ''}</td></tr>`)}</tbody></table>`
          : html`<p class="muted">No deliveries.</p>`}</section>` : ''}
      <section aria-labelledby="new-h"><h2 id="new-h">New subscription</h2>
        <form id="new-subscription" class="filters">
          <label for="s-name">Name<input id="s-name" required maxlength="200"></label>
          <label for="s-url">Webhook URL<input id="s-url" type="url" required size="40" placeholder="https://ops.example.com/hooks/churn"></label>
          <label for="s-severity">Severity at least<select id="s-severity">
            <option value="INFO">info</option><option value="WARNING" selected>warning</option><option value="CRITICAL">critical</option></select></label>
          <label for="s-segments">Segments (comma-separated, empty: all)<input id="s-segments"></label>
          <label for="s-causes">Causes (comma-separated, empty: all)<input id="s-causes"></label>
          <label for="s-window">Group changes for (s)<input id="s-window" type="number" min="0" max="3600" value="0"></label>
          <button type="submit">Subscribe</button>
        </form></section>`);
    wire();
  }

  function fail(e) {
    const problem = main.querySelector('#sub-problem');
    problem.hidden = false;
    problem.textContent = e.message;
  }

  function wire() {
    const copy = main.querySelector('#copy-secret');
    if (copy) {
      copy.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(main.querySelector('#secret').textContent);
          copy.textContent = 'Copied';
        } catch (e) {
          // Without clipboard access, select the secret for a manual copy.
          getSelection().selectAllChildren(main.querySelector('#secret'));
        }
      });
    }
    main.querySelectorAll('[data-act]').forEach(b => b.addEventListener('click', async () => {
      const id = b.closest('tr').dataset.id;
      const act = b.dataset.act;
      try {
        notice = null;
        if (act === 'deliveries') {
          go('/subscriptions', {deliveries: id});
          return;
        }
        if (act === 'delete') {
          if (!confirm('Delete this subscription and its pending deliveries?')) return;
          await alerts.delete(`/subscriptions/${id}`);
        } else {
          const view = await alerts.post(`/subscriptions/${id}/${act}`);
          if (act === 'rotate-secret') notice = secretNotice(view, 'Rotated the secret of');
        }
        await load();
      } catch (e) {
        fail(e);
      }
    }));
    main.querySelectorAll('[data-replay]').forEach(b => b.addEventListener('click', async () => {
      try {
        await alerts.post(`/deliveries/${b.dataset.replay}/replay`);
        await load();
      } catch (e) {
        fail(e);
      }
    }));
    main.querySelector('#new-subscription').addEventListener('submit', async event => {
      event.preventDefault();
      const list = id => main.querySelector(id).value.split(',').map(s => s.trim()).filter(Boolean);
      try {
        const view = await alerts.post('/subscriptions', {
          name: main.querySelector('#s-name').value, url: main.querySelector('#s-url').value,
          minSeverity: main.querySelector('#s-severity').value, segments: list('#s-segments'), causes: list('#s-causes'),
          groupWindowSeconds: Number(main.querySelector('#s-window').value || 0)});
        notice = secretNotice(view, 'Subscribed');
        await load();
      } catch (e) {
        fail(e);
      }
    });
  }

  await load();
  return null;
}
