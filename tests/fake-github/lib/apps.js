// GitHub Apps: the JWT an App signs with its private key (RS256, verified against the public key in
// state.apps), installation tokens minted for it, and the installation look-ups by account.
// State: apps [{id, slug, public_key (PEM), installations: [{id, account (login), permissions}]}].
'use strict';
const crypto = require('crypto');

const rest_docs = 'https://docs.github.com/rest';
const route = /^(?:\/api\/v3)?\/(?:app\/installations\/(\d+)\/access_tokens|(orgs|users)\/([^/]+)\/installation)$/;
// GitHub tolerates this much clock drift on `iat`; `exp` may be at most ten minutes after `iat`.
const iat_skew_seconds = 60;
const max_jwt_seconds = 600;

function iso(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Fills what a hand-written state may leave out (called from store.normalize).
function normalize_apps(state) {
  state.apps = Array.isArray(state.apps) ? state.apps : [];
  for (const a of state.apps) {
    if (!Number.isInteger(a.id)) throw new Error(`apps[]: id must be an integer`);
    if (typeof a.slug !== 'string' || !a.slug) throw new Error(`apps[${a.id}]: slug must be a non-empty string`);
    if (typeof a.public_key !== 'string') throw new Error(`apps[${a.id}]: public_key must be a PEM string`);
    a.installations = Array.isArray(a.installations) ? a.installations : [];
    for (const i of a.installations) {
      if (!Number.isInteger(i.id) || typeof i.account !== 'string') throw new Error(`apps[${a.id}].installations[]: needs an integer id and an account login`);
      if (i.permissions === undefined) i.permissions = { issues: 'write', pull_requests: 'write', organization_projects: 'write', metadata: 'read' };
    }
  }
}

function bot_login(app) {
  return `${app.slug}[bot]`;
}

// The installation tokens minted so far and the JWTs seen (GET /apps on the control port), and how
// long new tokens last.
class app_tokens {
  constructor() {
    this.lifetime_seconds = 3600;
    this.tokens = [];  // {token, app, installation, expires_at (ms), revoked_at (ms or null)}
    this.jwts = [];
  }

  mint(app, installation, now) {
    const token = `ghs_${crypto.randomBytes(27).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 36).padEnd(36, '0')}`;
    const rec = { token, app: app.id, installation: installation.id, expires_at: Math.floor(now / 1000) * 1000 + this.lifetime_seconds * 1000, revoked_at: null };
    this.tokens.push(rec);
    return rec;
  }

  find(token) {
    return this.tokens.find((t) => t.token === token);
  }

  view() {
    return {
      lifetime_seconds: this.lifetime_seconds,
      tokens: this.tokens.map(({ revoked_at, ...t }) => ({ ...t, expires_at: iso(t.expires_at), revoked: revoked_at !== null })),
      jwts: this.jwts,
    };
  }

  // Control: {lifetime_seconds?, expire?: true, revoke?: true}; returns a problem or null.
  configure(v, now) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'body must be a JSON object';
    for (const k of Object.keys(v)) {
      if (!['lifetime_seconds', 'expire', 'revoke'].includes(k)) return `unknown key '${k}'; known: lifetime_seconds, expire, revoke`;
    }
    if (v.lifetime_seconds !== undefined && (!Number.isInteger(v.lifetime_seconds) || v.lifetime_seconds < 1)) return 'lifetime_seconds must be a positive integer';
    for (const k of ['expire', 'revoke']) if (v[k] !== undefined && typeof v[k] !== 'boolean') return `${k} must be true or false`;
    if (v.lifetime_seconds !== undefined) this.lifetime_seconds = v.lifetime_seconds;
    for (const t of this.tokens) {
      if (v.expire) t.expires_at = Math.min(t.expires_at, now - 1000);
      if (v.revoke && t.revoked_at === null) t.revoked_at = now;
    }
    return null;
  }
}

function b64url_json(part) {
  if (typeof part !== 'string' || !/^[A-Za-z0-9_-]+$/.test(part)) return null;
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch (e) {
    return null;
  }
}

function unauthorized(message) {
  return { status: 401, body: { message, documentation_url: rest_docs } };
}

// Checks a JWT the way GitHub does for App endpoints; {app} or {status, body} with GitHub's answer.
function verify_jwt(state, jwt, now) {
  const undecodable = unauthorized('A JSON web token could not be decoded');
  const parts = String(jwt).split('.');
  if (parts.length !== 3) return undecodable;
  const header = b64url_json(parts[0]);
  const claims = b64url_json(parts[1]);
  if (!header || !claims || header.alg !== 'RS256' || !/^[A-Za-z0-9_-]+$/.test(parts[2])) return undecodable;
  const iss = typeof claims.iss === 'number' || typeof claims.iss === 'string' ? String(claims.iss) : null;
  const app = iss === null ? undefined : state.apps.find((a) => String(a.id) === iss);
  if (!app) return { status: 404, body: { message: 'Integration not found', documentation_url: rest_docs } };
  let valid = false;
  try {
    valid = crypto.verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), app.public_key, Buffer.from(parts[2], 'base64url'));
  } catch (e) {
    valid = false;
  }
  if (!valid) return undecodable;
  const seconds = Math.floor(now / 1000);
  if (!Number.isInteger(claims.exp) || claims.exp <= seconds) {
    return unauthorized("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
  }
  if (!Number.isInteger(claims.iat) || claims.iat > seconds + iat_skew_seconds) {
    return unauthorized("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
  }
  if (claims.exp - claims.iat > max_jwt_seconds || claims.exp > seconds + max_jwt_seconds + iat_skew_seconds) {
    return unauthorized("'Expiration time' claim ('exp') is too far in the future");
  }
  return { app };
}

function match(method, path) {
  const m = route.exec(path);
  if (!m) return null;
  if (m[1] !== undefined) return method === 'POST' ? { kind: 'access_token', installation_id: Number(m[1]) } : null;
  return method === 'GET' ? { kind: 'installation', scope: m[2], login: decodeURIComponent(m[3]) } : null;
}

function installation_view(store, app, inst) {
  const account = store.owner(inst.account);
  const type = account ? store.typename(account) : 'User';
  return {
    id: inst.id, app_id: app.id, app_slug: app.slug, target_type: type,
    account: { login: account ? account.login : inst.account, type },
    permissions: inst.permissions, repository_selection: 'all', events: [],
  };
}

// One App request; `auth` is the Authorization header. Records the JWT for GET /apps.
function handle(store, tokens, m, auth, now) {
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(auth || '');
  if (!auth) return { status: 401, body: { message: 'Requires authentication', documentation_url: rest_docs } };
  if (!bearer) return unauthorized('A JSON web token could not be decoded');
  tokens.jwts.push(bearer[1]);
  const checked = verify_jwt(store.state, bearer[1], now);
  if (!checked.app) return checked;
  const { app } = checked;
  if (m.kind === 'access_token') {
    const inst = app.installations.find((i) => i.id === m.installation_id);
    if (!inst) return { status: 404, body: { message: 'Not Found', documentation_url: `${rest_docs}/apps/apps#create-an-installation-access-token-for-an-app` } };
    const t = tokens.mint(app, inst, now);
    return { status: 201, body: { token: t.token, expires_at: iso(t.expires_at), permissions: inst.permissions, repository_selection: 'all' } };
  }
  // /orgs/{org}/installation answers only for organizations; /users/{user}/installation for any account.
  const account = store.owner(m.login);
  const kind_ok = account && (m.scope === 'users' || store.typename(account) === 'Organization');
  const inst = kind_ok ? app.installations.find((i) => i.account.toLowerCase() === account.login.toLowerCase()) : undefined;
  if (!inst) {
    const anchor = m.scope === 'orgs' ? 'get-an-organization-installation-for-the-authenticated-app' : 'get-a-user-installation-for-the-authenticated-app';
    return { status: 404, body: { message: 'Not Found', documentation_url: `${rest_docs}/apps/apps#${anchor}` } };
  }
  return { status: 200, body: installation_view(store, app, inst) };
}

// Whose token this is at `now` (when the request arrived): {viewer} for a personal token in
// state.tokens or a live installation token (the viewer is then the App's bot), else null.
function authenticate(state, tokens, token, now) {
  if (state.tokens.includes(token)) return { viewer: state.viewer };
  const t = tokens.find(token);
  if (t && (t.revoked_at === null || t.revoked_at > now) && t.expires_at > now) {
    const app = state.apps.find((a) => a.id === t.app);
    if (app) return { viewer: bot_login(app), installation: t.installation };
  }
  return null;
}

module.exports = { normalize_apps, app_tokens, verify_jwt, match, handle, authenticate, bot_login };
