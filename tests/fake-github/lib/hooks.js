// GitHub's REST hook-deliveries endpoints, for `roadmapd redeliver`: list a webhook's deliveries
// (newest first, cursor paging announced in a Link header) and ask for one to be delivered again.
// State: state.hooks [{id, owner: "apache" | repository: "apache/tvm", deliveries: [...]}].
'use strict';
const crypto = require('crypto');

const route = /^(?:\/api\/v3)?\/(?:orgs\/([^/]+)|repos\/([^/]+\/[^/]+))\/hooks\/(\d+)\/deliveries(?:\/(\d+)\/attempts)?$/;
const docs = 'https://docs.github.com/rest/webhooks/repo-deliveries';

function iso_now() {
  return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function default_status(code) {
  if (code >= 200 && code < 300) return 'OK';
  if (code === 0) return 'timed out';
  return `Invalid HTTP Response: ${code}`;
}

// Fills what a hand-written state may leave out (called from store.normalize).
function normalize_hooks(state) {
  state.hooks = Array.isArray(state.hooks) ? state.hooks : [];
  for (const h of state.hooks) {
    if (!Array.isArray(h.deliveries)) h.deliveries = [];
    for (const d of h.deliveries) {
      const fill = { guid: () => crypto.randomUUID(), delivered_at: iso_now, redelivery: () => false, duration: () => 0.1,
        status_code: () => 200, action: () => null, installation_id: () => null, repository_id: () => null, throttled_at: () => null };
      for (const [k, f] of Object.entries(fill)) if (d[k] === undefined) d[k] = f();
      if (d.status === undefined) d.status = default_status(d.status_code);
    }
  }
}

// {kind: 'list' | 'redeliver', org?, repo?, hook_id, delivery_id?} for a hook-deliveries route, else null.
function match(method, path) {
  const m = route.exec(path);
  if (!m) return null;
  const kind = m[4] === undefined ? 'list' : 'redeliver';
  if ((kind === 'list' && method !== 'GET') || (kind === 'redeliver' && method !== 'POST')) return null;
  return { kind, org: m[1], repo: m[2], hook_id: Number(m[3]), delivery_id: m[4] === undefined ? null : Number(m[4]) };
}

function same(a, b) {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

function find_hook(state, m) {
  return state.hooks.find((h) => h.id === m.hook_id && (m.org ? same(h.owner, m.org) : same(h.repository, m.repo)));
}

function next_delivery_id(state) {
  let n = 0;
  for (const h of state.hooks) for (const d of h.deliveries) n = Math.max(n, d.id);
  return n + 1;
}

function not_found() {
  return { status: 404, body: { message: 'Not Found', documentation_url: docs } };
}

function summary(d) {
  const { id, guid, delivered_at, redelivery, duration, status, status_code, event, action, installation_id, repository_id, throttled_at } = d;
  return { id, guid, delivered_at, redelivery, duration, status, status_code, event, action, installation_id, repository_id, throttled_at };
}

// One request; `url` is the parsed request URL, `origin` the scheme://host:port links point to.
function handle(state, m, url, origin) {
  const hook = find_hook(state, m);
  if (!hook) return not_found();
  if (m.kind === 'redeliver') {
    const original = hook.deliveries.find((d) => d.id === m.delivery_id);
    if (!original) return not_found();
    const code = hook.redelivery_status_code ?? 200;
    hook.deliveries.push({
      ...original, id: next_delivery_id(state), delivered_at: iso_now(), redelivery: true, duration: 0.05,
      status_code: code, status: default_status(code), throttled_at: null,
    });
    return { status: 202, body: {} };
  }
  // GitHub: per_page 1..100 (default 30); cursor "v1_<id>" continues below that id.
  const per_page_text = url.searchParams.get('per_page');
  let per_page = per_page_text === null ? 30 : Number(per_page_text);
  if (!Number.isInteger(per_page) || per_page < 1) per_page = 30;
  per_page = Math.min(per_page, 100);
  const cursor = url.searchParams.get('cursor');
  let below = Infinity;
  if (cursor !== null && cursor !== '') {
    const c = /^v1_(\d+)$/.exec(cursor);
    if (!c) return { status: 422, body: { message: 'Invalid cursor', documentation_url: docs } };
    below = Number(c[1]);
  }
  const all = hook.deliveries.filter((d) => d.id < below).sort((a, b) => b.id - a.id);
  const page = all.slice(0, per_page);
  const headers = {};
  if (all.length > page.length) {
    const next = new URL(url.pathname, origin);
    next.searchParams.set('per_page', String(per_page));
    next.searchParams.set('cursor', `v1_${page[page.length - 1].id}`);
    headers.link = `<${next.href}>; rel="next"`;
  }
  return { status: 200, body: page.map(summary), headers };
}

// Edit op: seeds one delivery (creating the hook if needed); answers {id, guid}.
function add_hook_delivery(s, args, fail) {
  const hook_id = args.hook;
  if (!Number.isInteger(hook_id) || hook_id < 1) fail(`argument 'hook' must be a positive integer`);
  if ((args.owner === undefined) === (args.repository === undefined)) fail(`needs 'owner' (organization hook) or 'repository' (repository hook)`);
  if (typeof args.event !== 'string' || !args.event) fail(`argument 'event' must be a non-empty string`);
  if (!Number.isInteger(args.status_code)) fail(`argument 'status_code' must be an integer (0 for a timeout)`);
  if (args.delivered_at !== undefined && (typeof args.delivered_at !== 'string' || Number.isNaN(Date.parse(args.delivered_at)))) {
    fail(`argument 'delivered_at' must be an ISO-8601 time`);
  }
  const where = args.owner !== undefined ? { org: String(args.owner) } : { repo: String(args.repository) };
  if (where.repo !== undefined && !s.repository(where.repo)) fail(`repository '${where.repo}' does not exist`);
  if (where.org !== undefined && !s.owner(where.org)) fail(`organization '${where.org}' does not exist`);
  let hook = find_hook(s.state, { hook_id, ...where });
  if (!hook) {
    if (s.state.hooks.some((h) => h.id === hook_id)) fail(`hook ${hook_id} belongs to another owner or repository`);
    hook = where.org !== undefined ? { id: hook_id, owner: where.org, deliveries: [] } : { id: hook_id, repository: where.repo, deliveries: [] };
    s.state.hooks.push(hook);
  }
  const d = {
    id: next_delivery_id(s.state), guid: args.guid || crypto.randomUUID(), delivered_at: args.delivered_at || iso_now(),
    redelivery: Boolean(args.redelivery), duration: args.duration ?? 0.1, status_code: args.status_code,
    status: args.status || default_status(args.status_code), event: args.event, action: args.action ?? null,
    installation_id: null, repository_id: null, throttled_at: null,
  };
  hook.deliveries.push(d);
  return { id: d.id, guid: d.guid };
}

module.exports = { match, handle, normalize_hooks, add_hook_delivery };
