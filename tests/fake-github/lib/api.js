// The API port: POST /graphql (and /api/graphql, the GHES layout) and the REST hook-deliveries
// routes (lib/hooks.js). Checks User-Agent and token, applies the next queued fault, runs the
// request, answers with GitHub's rate-limit headers, and records every request for the control port.
'use strict';
const clock = require('./clock');
const { run, refresh_budget } = require('./execute');
const { status_response } = require('./faults');
const hooks = require('./hooks');
const apps = require('./apps');

const max_body = 10 * 1024 * 1024;

function read_body(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= max_body) chunks.push(c);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), too_large: size > max_body }));
    req.on('error', reject);
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function redacted_headers(headers) {
  const out = { ...headers };
  if (out.authorization !== undefined) out.authorization = '<redacted>';
  return out;
}

function epoch_seconds(iso) {
  return Math.floor(Date.parse(iso) / 1000);
}

class api {
  // journal: { mutations: [] (GET /mutations), secondary: secondary_limits, apps: app_tokens } shared
  // with the control port.
  constructor(live, faults, log, journal) {
    this.live = live;
    this.faults = faults;
    this.log = log;
    this.journal = journal;
    this.seq = 0;
  }

  rate_headers(override) {
    const rl = this.live.state.rate_limit;
    refresh_budget(rl, Date.now());
    const remaining = override && override.remaining !== undefined ? override.remaining : rl.remaining;
    const reset = override && override.reset !== undefined ? override.reset : epoch_seconds(rl.resetAt);
    return {
      'x-ratelimit-limit': String(rl.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(rl.limit - remaining),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': 'graphql',
    };
  }

  async handle(req, res) {
    // GitHub checks a token when the request arrives, not after a delay fault has held it back.
    const arrived = Date.now();
    const seq = ++this.seq;
    const request_id = `FA4E:${seq.toString(16).toUpperCase().padStart(5, '0')}:${process.pid.toString(16).toUpperCase()}`;
    const { text, too_large } = await read_body(req);
    const fault = this.faults.next();
    let body = null;
    try { body = JSON.parse(text); } catch (e) { body = null; }
    const entry = {
      seq, method: req.method, path: req.url.split('?')[0], target: req.url, status: null, headers: redacted_headers(req.headers),
      query: body && typeof body.query === 'string' ? body.query : null,
      variables: body && body.variables !== undefined ? body.variables : null, cost: 0, fault,
    };
    this.log.push(entry);

    const send = (status, payload, extra = {}) => {
      const text_out = typeof payload === 'string' ? payload : JSON.stringify(payload);
      entry.status = status;
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-request-id': request_id,
        date: new Date(clock.now_ms()).toUTCString(),
        ...this.rate_headers(extra.rate),
        ...(extra.headers || {}),
        'content-length': Buffer.byteLength(text_out),
      });
      if (fault && fault.truncate && extra.allow_truncate) {
        const bytes = Buffer.from(text_out, 'utf8');
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket && res.socket.destroy());
        return;
      }
      res.end(text_out);
    };

    if (fault && fault.delay_ms) await sleep(fault.delay_ms);
    if (fault && fault.drop) {
      req.socket.destroy();
      return;
    }
    if (fault && fault.status !== undefined) {
      const r = status_response(fault, request_id);
      const rl = this.live.state.rate_limit;
      send(fault.status, r.body, {
        headers: { ...(r.headers || {}), ...(r.content_type === 'html' ? { 'content-type': 'text/html; charset=utf-8' } : {}) },
        rate: r.primary_exhausted ? { remaining: 0, reset: epoch_seconds(rl.resetAt) } : undefined,
      });
      return;
    }
    if (fault && fault.graphql_error === 'RATE_LIMITED') {
      send(200, { data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] },
        { rate: { remaining: 0, reset: Math.floor(Date.now() / 1000) + (fault.reset_in_seconds ?? 1) } });
      return;
    }
    if (fault && fault.graphql_error === 'SOMETHING_WENT_WRONG') {
      send(200, { data: null, errors: [{ message: `Something went wrong while executing your query. Please include \`${request_id}\` when reporting this issue.` }] });
      return;
    }
    if (fault && fault.malformed) {
      send(200, '{"data": {"viewer": {"login": "roadm');
      return;
    }

    const app_route = apps.match(req.method, entry.path);
    const rest = hooks.match(req.method, entry.path);
    if (!rest && !app_route && (req.method !== 'POST' || !['/graphql', '/api/graphql'].includes(entry.path))) {
      send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    if (!req.headers['user-agent']) {
      send(403, { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.' });
      return;
    }
    if (app_route) {
      const r = apps.handle(this.live, this.journal.apps, app_route, req.headers.authorization, arrived);
      send(r.status, r.body, { headers: { 'x-ratelimit-resource': 'core' } });
      return;
    }
    const auth = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(req.headers.authorization || '');
    if (!req.headers.authorization && rest) {
      send(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    if (!req.headers.authorization) {
      send(401, { message: 'This endpoint requires you to be authenticated.', documentation_url: 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql' });
      return;
    }
    const who = auth ? apps.authenticate(this.live.state, this.journal.apps, auth[1], arrived) : null;
    if (!who) {
      send(401, { message: 'Bad credentials', documentation_url: rest ? 'https://docs.github.com/rest' : 'https://docs.github.com/graphql' });
      return;
    }
    // A classic personal access token's scopes, as GitHub lists them on every answer (state.token_scopes:
    // {token: "repo, read:project"}); fine-grained and installation tokens get no such header.
    const scopes = this.live.state.token_scopes[auth[1]];
    const scope_header = typeof scopes === 'string' ? { 'x-oauth-scopes': scopes } : {};
    if (rest) {
      const origin = `${req.socket.encrypted ? 'https' : 'http'}://${req.headers.host}`;
      const r = hooks.handle(this.live.state, rest, new URL(req.url, origin), origin);
      send(r.status, r.body, { headers: { 'x-ratelimit-resource': 'core', ...scope_header, ...(r.headers || {}) } });
      return;
    }
    if (too_large) {
      send(413, { message: 'Payload too large' });
      return;
    }
    if (body === null) {
      send(400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' });
      return;
    }
    const result = run(this.live, body, { request_id, secondary: this.journal.secondary, viewer: who.viewer });
    entry.cost = result.cost;
    for (const m of result.mutations || []) this.journal.mutations.push({ request: seq, ...m });
    send(result.status, result.body, { allow_truncate: true, headers: { ...scope_header, ...(result.headers || {}) } });
  }
}

module.exports = { api };
