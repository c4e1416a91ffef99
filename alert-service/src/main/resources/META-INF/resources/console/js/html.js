// Pages are built as strings from this tagged template: every interpolated value is escaped unless it
// is itself a template (raw), so data from the APIs never becomes markup.
const RAW = Symbol('raw');

function escape(value) {
  return String(value).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

function piece(value) {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value && value[RAW] !== undefined) return value[RAW];
  return escape(value);
}

export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => { out += piece(v) + strings[i + 1]; });
  return {[RAW]: out, toString() { return out; }};
}

/** Markup known to be safe (the console's own constants). */
export function raw(text) {
  return {[RAW]: text, toString() { return text; }};
}

export function render(element, template) {
  element.innerHTML = String(template);
}

const dateTime = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

export function when(instant) {
  return instant ? dateTime.format(new Date(instant)) : '';
}

/** "3 min ago", "in 2 h": how far an instant is from now. */
export function ago(instant) {
  if (!instant) return '';
  const seconds = Math.round((Date.now() - new Date(instant).getTime()) / 1000);
  const abs = Math.abs(seconds);
  const [n, unit] = abs < 60 ? [abs, 's'] : abs < 3600 ? [Math.round(abs / 60), 'min']
    : abs < 86400 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86400), 'd'];
  return seconds >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

export function percent(p) {
  return p === null || p === undefined ? '–' : `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
}

export function points(p) {
  const rounded = Math.round(p * 10) / 10;
  return rounded > 0 ? `+${rounded}` : `${rounded}`;
}

/** Codes as words: AT_RISK -> at risk, repeat-contact -> repeat contact. */
export function words(code) {
  return code ? String(code).toLowerCase().replace(/[_-]/g, ' ') : '';
}
