// The contact events behind a customer's scores, as health-scorer recorded them with its history.
import {scorer} from './api.js';
import {html, when, words} from './html.js';

/** The customer's history (newest first) and its events by id; empty when the scorer has none. */
export async function historyOf(customerId, limit = 500) {
  let history = [];
  try {
    history = await scorer.get(`/customers/${encodeURIComponent(customerId)}/history?limit=${limit}`);
  } catch (e) {
    history = [];
  }
  const events = new Map();
  history.forEach(h => { if (h.event) events.set(h.event.eventId, {...h.event, score: h.score}); });
  return {history, events};
}

/** One event in a line: what, how, when. */
export function describe(event) {
  const parts = [words(event.type)];
  if (event.channel) parts.push(`by ${words(event.channel)}${event.inbound === false ? ' (outbound)' : ''}`);
  if (event.journey && event.journey !== 'OTHER') parts.push(`about ${words(event.journey)}`);
  if (event.outcome) parts.push(words(event.outcome));
  if (event.sentiment) parts.push(`${words(event.sentiment)} tone`);
  if (event.caseRef) parts.push(`case ${event.caseRef}`);
  return parts.join(', ');
}

export function eventItem(id, event) {
  return event
    ? html`<li><time datetime="${event.occurredAt}">${when(event.occurredAt)}</time>: ${describe(event)}
        <span class="muted">(${event.sourceSystem ? `${event.sourceSystem} ` : ''}${id})</span></li>`
    : html`<li class="muted">${id} (older than the history kept here)</li>`;
}
