// The REST hook-deliveries endpoints: listing newest first with cursor paging in the Link header,
// organization and repository hooks (also under /api/v3), redelivery, auth and unknown hooks.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { start, token } = require('../lib/harness');

let gh;
test.before(async () => { gh = await start(); });
test.after(async () => { await gh.stop(); });

async function rest(method, p, { auth = `bearer ${token}` } = {}) {
  const headers = { 'user-agent': 'fake-github-selftest', accept: 'application/vnd.github+json' };
  if (auth) headers.authorization = auth;
  const res = await fetch(`${gh.api}${p}`, { method, headers });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

async function seed(ops) {
  const r = await gh.ctl('POST', '/edit', { ops });
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
  return r.body.results;
}

test('seeded deliveries of an organization hook list newest first with GitHub\'s fields', async () => {
  const [a, b] = await seed([
    { op: 'add_hook_delivery', hook: 11, owner: 'apache', event: 'issues', action: 'opened', status_code: 200, delivered_at: '2026-11-20T10:00:00Z' },
    { op: 'add_hook_delivery', hook: 11, owner: 'apache', event: 'projects_v2_item', action: 'edited', status_code: 502, delivered_at: '2026-11-20T11:00:00Z', guid: 'guid-b' },
  ]);
  const r = await rest('GET', '/orgs/apache/hooks/11/deliveries');
  assert.strictEqual(r.status, 200);
  assert.deepStrictEqual(r.body.map((d) => d.id), [b.id, a.id]);
  assert.deepStrictEqual(r.body[0], {
    id: b.id, guid: 'guid-b', delivered_at: '2026-11-20T11:00:00Z', redelivery: false, duration: 0.1,
    status: 'Invalid HTTP Response: 502', status_code: 502, event: 'projects_v2_item', action: 'edited',
    installation_id: null, repository_id: null, throttled_at: null,
  });
  assert.strictEqual(r.body[1].status, 'OK');
  assert.match(r.body[1].guid, /^[0-9a-f-]{36}$/);
  assert.strictEqual(r.headers.get('link'), null);
});

test('pages follow the cursor in the Link header until the last page', async () => {
  const ops = [];
  for (let i = 0; i < 5; ++i) ops.push({ op: 'add_hook_delivery', hook: 12, repository: 'apache/tvm', event: 'issues', status_code: 500 });
  const ids = (await seed(ops)).map((x) => x.id).reverse();
  const seen = [];
  let next = '/repos/apache/tvm/hooks/12/deliveries?per_page=2';
  let pages = 0;
  while (next) {
    const r = await rest('GET', next);
    assert.strictEqual(r.status, 200);
    assert.ok(r.body.length <= 2);
    seen.push(...r.body.map((d) => d.id));
    const link = r.headers.get('link');
    next = null;
    if (link) {
      const m = /^<([^>]+)>; rel="next"$/.exec(link);
      assert.ok(m, link);
      const url = new URL(m[1]);
      assert.strictEqual(url.origin, gh.api);
      assert.match(url.searchParams.get('cursor'), /^v1_\d+$/);
      next = url.pathname + url.search;
    }
    ++pages;
  }
  assert.strictEqual(pages, 3);
  assert.deepStrictEqual(seen, ids);
});

test('a redelivery is accepted with 202 and shows up as a new delivery of the same guid', async () => {
  const [d] = await seed([{ op: 'add_hook_delivery', hook: 13, owner: 'apache', event: 'issues', action: 'closed', status_code: 0 }]);
  const before = await rest('GET', '/api/v3/orgs/apache/hooks/13/deliveries');
  assert.strictEqual(before.body[0].status, 'timed out');
  const r = await rest('POST', `/api/v3/orgs/apache/hooks/13/deliveries/${d.id}/attempts`);
  assert.strictEqual(r.status, 202);
  const after = await rest('GET', '/orgs/apache/hooks/13/deliveries');
  assert.strictEqual(after.body.length, 2);
  assert.strictEqual(after.body[0].guid, d.guid);
  assert.strictEqual(after.body[0].redelivery, true);
  assert.strictEqual(after.body[0].status_code, 200);
  assert.strictEqual(after.body[0].event, 'issues');
  assert.strictEqual(after.body[0].action, 'closed');
  assert.ok(after.body[0].id > d.id);
  const log = (await gh.ctl('GET', '/requests')).body;
  const post = log.find((e) => e.method === 'POST' && e.path === `/api/v3/orgs/apache/hooks/13/deliveries/${d.id}/attempts`);
  assert.strictEqual(post.status, 202);
});

test('unknown hooks, hooks of another owner and unknown deliveries are 404', async () => {
  await seed([{ op: 'add_hook_delivery', hook: 14, owner: 'apache', event: 'issues', status_code: 200 }]);
  assert.strictEqual((await rest('GET', '/orgs/apache/hooks/999/deliveries')).status, 404);
  assert.strictEqual((await rest('GET', '/orgs/denise-k/hooks/14/deliveries')).status, 404);
  assert.strictEqual((await rest('GET', '/repos/apache/tvm/hooks/14/deliveries')).status, 404);
  const r = await rest('POST', '/orgs/apache/hooks/14/deliveries/999999/attempts');
  assert.strictEqual(r.status, 404);
  assert.strictEqual(r.body.message, 'Not Found');
  assert.strictEqual((await rest('DELETE', '/orgs/apache/hooks/14/deliveries')).status, 404);
});

test('without a valid token the endpoints answer 401', async () => {
  const none = await rest('GET', '/orgs/apache/hooks/14/deliveries', { auth: null });
  assert.strictEqual(none.status, 401);
  assert.strictEqual(none.body.message, 'Requires authentication');
  const bad = await rest('POST', '/orgs/apache/hooks/14/deliveries/1/attempts', { auth: 'bearer nope' });
  assert.strictEqual(bad.status, 401);
  assert.strictEqual(bad.body.message, 'Bad credentials');
});

test('a malformed cursor is 422', async () => {
  const r = await rest('GET', '/orgs/apache/hooks/14/deliveries?cursor=nonsense');
  assert.strictEqual(r.status, 422);
});

test('add_hook_delivery checks its arguments', async () => {
  const bad = [
    [{ hook: 15, event: 'issues', status_code: 200 }, /needs 'owner'/],
    [{ hook: 15, owner: 'apache', repository: 'apache/tvm', event: 'issues', status_code: 200 }, /needs 'owner'/],
    [{ hook: 15, owner: 'apache', status_code: 200 }, /'event'/],
    [{ hook: 15, owner: 'apache', event: 'issues' }, /'status_code'/],
    [{ hook: 15, repository: 'apache/nope', event: 'issues', status_code: 200 }, /does not exist/],
    [{ hook: 11, repository: 'apache/tvm', event: 'issues', status_code: 200 }, /another owner/],
    [{ hook: 15, owner: 'apache', event: 'issues', status_code: 200, delivered_at: 'yesterday' }, /ISO-8601/],
  ];
  for (const [args, message] of bad) {
    const r = await gh.ctl('POST', '/edit', { ops: [{ op: 'add_hook_delivery', ...args }] });
    assert.strictEqual(r.status, 400, JSON.stringify(args));
    assert.match(r.body.message, /^ops\[0\] \(add_hook_delivery\): /);
    assert.match(r.body.message, message);
  }
});

test('hooks can be given in the state file', async () => {
  const { load_fixture } = require('../lib/harness');
  const state = load_fixture();
  state.hooks = [{ id: 7, repository: 'apache/tvm-rfcs', deliveries: [{ id: 100, event: 'pull_request', status_code: 503 }] }];
  const other = await start(state);
  try {
    const res = await fetch(`${other.api}/repos/apache/tvm-rfcs/hooks/7/deliveries`, { headers: { authorization: `bearer ${token}`, 'user-agent': 't' } });
    const body = await res.json();
    assert.strictEqual(res.status, 200);
    assert.strictEqual(body.length, 1);
    assert.strictEqual(body[0].status, 'Invalid HTTP Response: 503');
    assert.strictEqual(body[0].redelivery, false);
  } finally {
    await other.stop();
  }
});
