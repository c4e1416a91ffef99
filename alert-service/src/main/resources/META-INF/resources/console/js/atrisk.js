// Customers at risk or critical, least healthy first, by segment, paged.
import {query, scorer} from './api.js';
import {ago, html, percent, render, words} from './html.js';

const PAGE = 50;

export async function show(main, {params, go}) {
  const segment = params.get('segment') || '';
  const page = Number(params.get('page') || 0);
  const [rows, policy] = await Promise.all([
    scorer.get(`/customers/at-risk${query({segment, page, size: PAGE})}`), scorer.get('/policy').catch(() => null)]);
  const segments = policy && policy.segments ? Object.keys(policy.segments) : [];
  render(main, html`<h1>At risk</h1>
    <div class="filters"><label for="segment">Segment<select id="segment">
      <option value="">Every segment</option>
      ${segments.map(s => html`<option value="${s}" ${s === segment ? html`selected` : ''}>${s}</option>`)}
    </select></label></div>
    ${rows.length ? html`<table id="at-risk"><thead><tr><th class="num">Score</th><th>Band</th><th>Customer</th>
      <th>Segment</th><th class="num">Risk</th><th class="hide-small">Main driver</th><th class="hide-small">Assessed</th></tr></thead>
      <tbody>${rows.map(h => html`<tr><td class="num">${h.score}</td><td><span class="badge band-${h.band}">${words(h.band)}</span></td>
        <td><a href="#/customers/${encodeURIComponent(h.customerId)}">${h.customerId}</a></td><td>${h.segment}</td>
        <td class="num">${percent(h.risk && h.risk.probability)}</td>
        <td class="hide-small">${h.drivers.length ? h.drivers.reduce((a, b) => (b.points < a.points ? b : a)).reason : ''}</td>
        <td class="hide-small">${ago(h.assessedAt)}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">Nobody is at risk${segment ? ` in ${segment}` : ''}.</p>`}
    <div class="pager">
      <button type="button" class="secondary" id="prev" ${page === 0 ? html`disabled` : ''}>Previous</button>
      <span class="muted">Page ${page + 1}</span>
      <button type="button" class="secondary" id="next" ${rows.length < PAGE ? html`disabled` : ''}>Next</button>
    </div>`);
  main.querySelector('#segment').addEventListener('change', e => go('/at-risk', {segment: e.target.value}));
  main.querySelector('#prev').addEventListener('click', () => go('/at-risk', {segment, page: page - 1 || undefined}));
  main.querySelector('#next').addEventListener('click', () => go('/at-risk', {segment, page: page + 1}));
  return null;
}
