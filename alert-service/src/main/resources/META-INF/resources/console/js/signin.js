// Sign-in: with the organisation's OIDC provider (authorization code flow with PKCE, as a public
// client) when configured, or with a bearer token pasted in (the local run's development tokens).
import {signIn} from './api.js';
import {html, render} from './html.js';

const PKCE_KEY = 'ew.console.pkce';

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function redirectUri() {
  return `${location.origin}${location.pathname}`;
}

async function startOidc(oidc, then) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({verifier, state, then}));
  const url = new URL(oidc.authorizationUrl);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: oidc.clientId, redirect_uri: redirectUri(), scope: oidc.scope, state,
    code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** The provider sent the browser back with a code: exchange it for a token. */
export async function completeOidc(search, config) {
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}#/signin`);
  if (!pending || pending.state !== search.get('state') || !config.oidc) return;
  const response = await fetch(config.oidc.tokenUrl, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: search.get('code'), redirect_uri: redirectUri(),
      client_id: config.oidc.clientId, code_verifier: pending.verifier,
    }),
  });
  if (response.ok) {
    const tokens = await response.json();
    signIn(tokens.access_token);
    history.replaceState(null, '', `${location.pathname}#${pending.then || '/inbox'}`);
  }
}

export async function show(main, {params, config, go}) {
  const then = params.get('then') && params.get('then') !== '/signin' ? params.get('then') : '/inbox';
  render(main, html`<section class="signin">
    <h1>Sign in</h1>
    ${config.oidc ? html`<p><button type="button" id="oidc">Sign in with your organisation</button></p>
      <p class="muted">Or use a bearer token:</p>` : ''}
    <form id="token-form">
      <label for="token">Bearer token
        <textarea id="token" name="token" required autocomplete="off" spellcheck="false"></textarea></label>
      <p class="muted">The local run writes development tokens to <code>target/local-run/tokens.env</code>
        and prints a link that signs in at once.</p>
      <p id="signin-problem" class="problem" role="alert" hidden></p>
      <button type="submit">Sign in</button>
    </form>
  </section>`);
  if (config.oidc) {
    main.querySelector('#oidc').addEventListener('click', () => startOidc(config.oidc, then));
  }
  main.querySelector('#token-form').addEventListener('submit', event => {
    event.preventDefault();
    const problem = main.querySelector('#signin-problem');
    try {
      signIn(main.querySelector('#token').value);
      location.hash = then;
    } catch (e) {
      problem.hidden = false;
      problem.textContent = e.message;
    }
  });
  main.querySelector('#token').focus();
  return null;
}
