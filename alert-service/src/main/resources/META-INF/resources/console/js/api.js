// The console's session and its calls to the APIs: every call carries the bearer token; an answer
// that is an RFC 9457 problem becomes an ApiError with its title and detail.
const TOKEN_KEY = 'ew.console.token';

let config = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function loadConfig() {
  if (!config) {
    const response = await fetch('../console/config', {headers: {Accept: 'application/json'}});
    config = await response.json();
  }
  return config;
}

function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch (e) {
    return null;
  }
}

/** The signed-in user, or null: subject, roles and expiry, read from the token (the APIs verify it). */
export function session() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  const claims = claimsOf(token);
  if (!claims || (claims.exp && claims.exp * 1000 < Date.now())) {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
  const roles = Array.isArray(claims.groups) ? claims.groups : [];
  return {
    token,
    subject: claims.upn || claims.preferred_username || claims.sub || 'unknown',
    roles,
    expiresAt: claims.exp ? new Date(claims.exp * 1000) : null,
    can: role => roles.includes(role),
  };
}

/** Keeps a token for this tab; refuses one that is not a JWT or has expired. */
export function signIn(token) {
  const trimmed = token.trim().replace(/^Bearer\s+/i, '');
  const claims = claimsOf(trimmed);
  if (!claims) throw new Error('That is not a bearer token (a JWT of three dot-separated parts).');
  if (claims.exp && claims.exp * 1000 < Date.now()) throw new Error('That token has expired.');
  sessionStorage.setItem(TOKEN_KEY, trimmed);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

async function call(base, method, path, body) {
  const current = session();
  const headers = {Accept: 'application/json'};
  if (current) headers.Authorization = `Bearer ${current.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(base + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401) signOut();
    throw new ApiError(response.status, typeof data === 'object' ? data : {title: String(data)});
  }
  return data;
}

/** alert-service, which serves the console. */
export const alerts = {
  get: path => call('..', 'GET', path),
  post: (path, body) => call('..', 'POST', path, body),
  delete: path => call('..', 'DELETE', path),
};

/** health-scorer, where the browser reaches it (config.scorerUrl). */
export const scorer = {
  get: async path => call((await loadConfig()).scorerUrl, 'GET', path),
};

export function query(params) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') search.set(k, v);
  });
  const text = search.toString();
  return text ? `?${text}` : '';
}
