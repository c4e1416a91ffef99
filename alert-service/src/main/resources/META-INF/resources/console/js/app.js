// The console's shell: sign-in, the routes (#/inbox, #/alerts/<id>, #/customers/<id>, #/at-risk,
// #/subscriptions), the navigation a role may use, and one live stream shared by every page.
import {loadConfig, session, signIn, signOut} from './api.js';
import {html, render} from './html.js';
import {AlertStream} from './stream.js';
import {completeOidc} from './signin.js';

const main = document.getElementById('main');
const live = document.getElementById('live');
const listeners = new Set();
let stream = null;
let current = null;

const routes = [
  [/^\/signin$/, () => import('./signin.js')],
  [/^\/inbox$/, () => import('./inbox.js')],
  [/^\/alerts\/([^/]+)$/, () => import('./alert.js')],
  [/^\/customers\/([^/]+)$/, () => import('./customer.js')],
  [/^\/at-risk$/, () => import('./atrisk.js')],
  [/^\/subscriptions$/, () => import('./subscriptions.js')],
];

function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/inbox';
  const [path, search] = hash.split('?');
  return {path, params: new URLSearchParams(search || '')};
}

/** Navigates within the console, keeping the page's filters in the address (back and reload keep them). */
export function go(path, params) {
  const search = params ? new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString() : '';
  location.hash = search ? `${path}?${search}` : path;
}

/** A page's handler of live alert changes, removed when the page goes. */
export function onAlertChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function showWho(user) {
  const who = document.getElementById('who');
  const nav = document.getElementById('nav');
  if (!user) {
    render(who, '');
    nav.hidden = true;
    live.hidden = true;
    return;
  }
  nav.hidden = false;
  nav.querySelectorAll('[data-role]').forEach(a => { a.hidden = !user.can(a.dataset.role); });
  render(who, html`Signed in as <strong>${user.subject}</strong> (${user.roles.join(', ') || 'no roles'})
    <button type="button" class="secondary" id="signout">Sign out</button>`);
  document.getElementById('signout').addEventListener('click', () => {
    signOut();
    if (stream) stream.stop();
    stream = null;
    go('/signin');
  });
}

function setLive(state, resumedFrom) {
  if (state === 'signed-out') {
    signOut();
    stream = null;
    go('/signin', {then: parseHash().path});
    return;
  }
  live.hidden = false;
  if (state === 'live') live.dataset.resumedFrom = resumedFrom || '';
  live.classList.toggle('reconnecting', state !== 'live');
  live.textContent = state === 'live' ? 'Live' : 'Reconnecting…';
  live.dataset.state = state;
}

function ensureStream(user) {
  if (!user || stream) return;
  stream = new AlertStream((type, change, id) => {
    if (id) live.dataset.lastEventId = id;
    listeners.forEach(l => l(type, change));
  }, setLive);
  stream.start();
}

async function route() {
  const {path, params} = parseHash();
  const user = session();
  if (!user && path !== '/signin') {
    go('/signin', {then: location.hash.replace(/^#/, '')});
    return;
  }
  showWho(user);
  ensureStream(user);
  document.querySelectorAll('#nav a').forEach(a => {
    if (path.startsWith(`/${a.dataset.nav}`)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (current && current.dispose) current.dispose();
  current = null;
  const match = routes.find(([pattern]) => pattern.test(path));
  if (!match) {
    render(main, html`<h1>Not found</h1><p><a href="#/inbox">Back to the inbox</a></p>`);
    return;
  }
  const args = path.match(match[0]).slice(1).map(decodeURIComponent);
  const page = await match[1]();
  try {
    current = await page.show(main, {args, params, user, config: await loadConfig(), go, onAlertChange});
  } catch (e) {
    if (e.status === 401) {
      // The token expired or was revoked: sign in again, then come back here.
      if (stream) stream.stop();
      stream = null;
      go('/signin', {then: path});
      return;
    }
    render(main, html`<h1>Something went wrong</h1><p class="problem" role="alert">${e.message}</p>`);
  }
  performance.mark('ew-page-rendered');
}

async function start() {
  // The local run's link carries a development token in the fragment (never sent to a server).
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (fragment.has('token')) {
    try {
      signIn(fragment.get('token'));
    } catch (e) {
      // Falls through to the sign-in page.
    }
    history.replaceState(null, '', `${location.pathname}#/inbox`);
  }
  const search = new URLSearchParams(location.search);
  if (search.has('code') && search.has('state')) {
    await completeOidc(search, await loadConfig());
  }
  window.addEventListener('hashchange', route);
  // A page left (or kept in the back/forward cache) gives its stream's connection back: browsers allow
  // six per host over HTTP/1.1, and a stream kept by a hidden page would block the next page's calls.
  window.addEventListener('pagehide', () => {
    if (stream) stream.stop();
    stream = null;
  });
  window.addEventListener('pageshow', event => {
    // Back from the cache: what changed meanwhile is read afresh with the page.
    if (event.persisted) route();
  });
  await route();
}

start();
