// The inbox: alerts live, filtered and counted, newest, most severe or most at risk first; j/k or the
// arrow keys move through the list, Enter opens an alert.
import {alerts, query} from './api.js';
import {ago, html, percent, render, words} from './html.js';

const STATUSES = [['OPEN', 'Open'], ['ACKNOWLEDGED', 'Acknowledged'], ['RESOLVED', 'Resolved'], ['ALL', 'All']];
const PAGE = 50;

function filtersOf(params, user) {
  const assignee = params.get('assignee') || '';
  return {
    status: params.get('status') || 'OPEN',
    severity: params.get('severity') || '',
    segment: params.get('segment') || '',
    cause: params.get('cause') || '',
    assignee,
    sort: params.get('sort') || 'newest',
    page: Number(params.get('page') || 0),
    api: {
      assignee: assignee === 'me' ? user.subject : undefined,
      unassigned: assignee === 'none' ? 'true' : undefined,
    },
  };
}

function options(counts, facet, chosen, label) {
  const values = Object.entries((counts.facets && counts.facets[facet]) || {});
  if (chosen && !values.some(([v]) => v === chosen)) values.push([chosen, 0]);
  return html`<label for="f-${facet}">${label}
    <select id="f-${facet}" data-filter="${facet}">
      <option value="">Any</option>
      ${values.map(([value, n]) => html`<option value="${value}" ${value === chosen ? html`selected` : ''}>${words(value)} (${n})</option>`)}
    </select></label>`;
}

function row(alert, fresh) {
  return html`<tr data-id="${alert.id}" class="${fresh ? 'fresh' : ''}">
    <td><span class="badge sev-${alert.severity}">${words(alert.severity)}</span></td>
    <td><a href="#/alerts/${alert.id}" class="open-alert">${alert.customerId}</a>
      <div class="muted">${alert.segment}<span class="show-small"> · ${words(alert.cause)}</span></div></td>
    <td class="hide-small">${words(alert.cause)}</td>
    <td class="num hide-small">${alert.scoreBefore ?? '–'} → ${alert.scoreAfter}</td>
    <td class="num hide-small">${percent(alert.risk)}</td>
    <td><span class="badge st-${alert.status}">${words(alert.status)}</span>
      ${alert.snoozedUntil && new Date(alert.snoozedUntil) > new Date() ? html`<div class="muted">snoozed</div>` : ''}</td>
    <td class="hide-small">${alert.assignee || html`<span class="muted">nobody</span>`}</td>
    <td><time datetime="${alert.openedAt}" title="${alert.openedAt}">${ago(alert.openedAt)}</time></td>
  </tr>`;
}

export async function show(main, {params, user, go, onAlertChange}) {
  const f = filtersOf(params, user);
  let known = null;
  let selected = 0;

  const filterParams = () => ({status: f.status === 'ALL' ? undefined : f.status, severity: f.severity, segment: f.segment, cause: f.cause,
    ...f.api});

  async function load() {
    const [list, counts] = await Promise.all([
      alerts.get(`/alerts${query({...filterParams(), sort: f.sort, page: f.page, size: PAGE})}`),
      alerts.get(`/alerts/counts${query(filterParams())}`),
    ]);
    const fresh = known ? new Set(list.filter(a => !known.has(a.id)).map(a => a.id)) : new Set();
    known = new Set(list.map(a => a.id));
    const byStatus = counts.facets.status || {};
    const all = Object.values(byStatus).reduce((a, b) => a + b, 0);
    render(main, html`<h1>Inbox <span class="muted" id="total">${counts.total} alert${counts.total === 1 ? '' : 's'}</span></h1>
      <div class="tabs" role="group" aria-label="Status">
        ${STATUSES.map(([value, label]) => html`<button type="button" data-status="${value}"
          aria-pressed="${f.status === value}">${label} (${value === 'ALL' ? all : byStatus[value] || 0})</button>`)}
      </div>
      <div class="filters">
        ${options(counts, 'severity', f.severity, 'Severity')}
        ${options(counts, 'segment', f.segment, 'Segment')}
        ${options(counts, 'cause', f.cause, 'Cause')}
        <label for="f-assignee">Assignee
          <select id="f-assignee" data-filter="assignee">
            <option value="">Anyone</option>
            <option value="me" ${f.assignee === 'me' ? html`selected` : ''}>Me</option>
            <option value="none" ${f.assignee === 'none' ? html`selected` : ''}>Nobody</option>
          </select></label>
        <label for="f-sort">Order
          <select id="f-sort" data-filter="sort">
            <option value="newest" ${f.sort === 'newest' ? html`selected` : ''}>Newest first</option>
            <option value="severity" ${f.sort === 'severity' ? html`selected` : ''}>Most severe first</option>
            <option value="risk" ${f.sort === 'risk' ? html`selected` : ''}>Most likely to leave first</option>
          </select></label>
      </div>
      ${list.length === 0 ? html`<p class="muted" id="empty">No alerts match.</p>` : html`
      <table id="alerts" aria-describedby="keys">
        <caption class="muted" id="keys" style="caption-side: bottom; text-align: left">j / k or ↓ / ↑ to move, Enter to open</caption>
        <thead><tr><th>Severity</th><th>Customer</th><th class="hide-small">Cause</th><th class="hide-small">Health</th>
          <th class="hide-small">Risk</th><th>Status</th><th class="hide-small">Assignee</th><th>Opened</th></tr></thead>
        <tbody>${list.map(a => row(a, fresh.has(a.id)))}</tbody>
      </table>`}
      <div class="pager">
        <button type="button" class="secondary" id="prev" ${f.page === 0 ? html`disabled` : ''}>Newer</button>
        <span class="muted">Page ${f.page + 1}</span>
        <button type="button" class="secondary" id="next" ${list.length < PAGE ? html`disabled` : ''}>Older</button>
      </div>`);
    wire();
  }

  function navigate(change) {
    go('/inbox', {status: f.status === 'OPEN' ? undefined : f.status, severity: f.severity,
      segment: f.segment, cause: f.cause, assignee: f.assignee, sort: f.sort === 'newest' ? undefined : f.sort,
      page: f.page || undefined, ...change});
  }

  function wire() {
    main.querySelectorAll('[data-status]').forEach(b => b.addEventListener('click', () => {
      navigate({status: b.dataset.status === 'OPEN' ? undefined : b.dataset.status, page: undefined});
    }));
    main.querySelectorAll('[data-filter]').forEach(s => s.addEventListener('change', () => {
      navigate({[s.dataset.filter]: s.value, page: undefined});
    }));
    main.querySelector('#prev').addEventListener('click', () => navigate({page: f.page - 1 || undefined}));
    main.querySelector('#next').addEventListener('click', () => navigate({page: f.page + 1}));
    highlight(false);
  }

  function rows() {
    return [...main.querySelectorAll('#alerts tbody tr')];
  }

  function highlight(focus) {
    const all = rows();
    selected = Math.min(selected, Math.max(all.length - 1, 0));
    all.forEach((r, i) => r.classList.toggle('selected', i === selected));
    if (focus && all[selected]) all[selected].querySelector('a').focus();
  }

  function onKey(event) {
    if (event.target.closest('input, select, textarea') || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'j' || event.key === 'ArrowDown') selected += 1;
    else if (event.key === 'k' || event.key === 'ArrowUp') selected = Math.max(selected - 1, 0);
    else if (event.key === 'Enter' && !event.target.closest('a, button')) {
      const r = rows()[selected];
      if (r) location.hash = `/alerts/${r.dataset.id}`;
      return;
    } else return;
    event.preventDefault();
    highlight(true);
  }

  // At most one reload per half second, the first at once: a burst of changes costs one reload, and a
  // steady stream of them still reloads (a timer reset by every change would wait for a quiet moment).
  let pending = null;
  let lastLoad = 0;
  const stop = onAlertChange(() => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      lastLoad = Date.now();
      load().catch(() => {});
    }, Math.max(0, lastLoad + 500 - Date.now()));
  });
  document.addEventListener('keydown', onKey);
  await load();
  return {dispose() { stop(); clearTimeout(pending); document.removeEventListener('keydown', onKey); }};
}
