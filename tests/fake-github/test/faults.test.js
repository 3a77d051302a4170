// Each queued fault kind produces what a client would see from GitHub, then the next request is normal.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const http = require('http');
const { start, token } = require('../lib/harness');

let gh;
test.before(async () => { gh = await start(); });
test.after(async () => { await gh.stop(); });
test.beforeEach(async () => { await gh.ctl('DELETE', '/faults'); });

const q = '{ viewer { login } }';

async function queue(...faults) {
  const r = await gh.ctl('POST', '/faults', { faults });
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
}

// A raw request, to see exactly what reaches the socket (fetch hides truncation details).
function raw(body) {
  return new Promise((resolve) => {
    const req = http.request(`${gh.api}/graphql`, { method: 'POST', headers: { authorization: `bearer ${token}`, 'user-agent': 't', 'content-type': 'application/json' } }, (res) => {
      let got = '';
      res.on('data', (d) => { got += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: got, aborted: false }));
      res.on('error', () => resolve({ status: res.statusCode, headers: res.headers, body: got, aborted: true }));
      res.on('aborted', () => resolve({ status: res.statusCode, headers: res.headers, body: got, aborted: true }));
    });
    req.on('error', (e) => resolve({ error: e }));
    req.end(JSON.stringify(body));
  });
}

for (const status of [500, 502, 503, 504]) {
  test(`status ${status} fault`, async () => {
    await queue({ status });
    const r = await gh.gql(q);
    assert.strictEqual(r.status, status);
    assert.ok(r.text.length > 0);
    const ok = await gh.gql(q);
    assert.strictEqual(ok.body.data.viewer.login, 'roadmapd-bot');
  });
}

test('secondary rate limit with and without Retry-After', async () => {
  await queue({ status: 403, secondary: true, retry_after: 2 }, { status: 403, secondary: true });
  const a = await gh.gql(q);
  assert.strictEqual(a.status, 403);
  assert.strictEqual(a.headers.get('retry-after'), '2');
  assert.match(a.body.message, /^You have exceeded a secondary rate limit/);
  const b = await gh.gql(q);
  assert.strictEqual(b.status, 403);
  assert.strictEqual(b.headers.get('retry-after'), null);
  assert.notStrictEqual(b.headers.get('x-ratelimit-remaining'), '0');
});

test('429 and 401 faults', async () => {
  await queue({ status: 429, retry_after: 1 }, { status: 401 });
  const a = await gh.gql(q);
  assert.strictEqual(a.status, 429);
  assert.strictEqual(a.headers.get('retry-after'), '1');
  const b = await gh.gql(q);
  assert.strictEqual(b.status, 401);
  assert.strictEqual(b.body.message, 'Bad credentials');
});

test('GraphQL-level faults: RATE_LIMITED and SOMETHING_WENT_WRONG', async () => {
  await queue({ graphql_error: 'RATE_LIMITED' }, { graphql_error: 'SOMETHING_WENT_WRONG' });
  const a = await gh.gql(q);
  assert.strictEqual(a.status, 200);
  assert.strictEqual(a.body.errors[0].type, 'RATE_LIMITED');
  assert.strictEqual(a.headers.get('x-ratelimit-remaining'), '0');
  const b = await gh.gql(q);
  assert.strictEqual(b.status, 200);
  assert.match(b.body.errors[0].message, /^Something went wrong while executing your query\. Please include `.+` when reporting this issue\.$/);
});

test('repeat applies a fault to several requests in a row', async () => {
  await queue({ status: 502, repeat: 2 });
  assert.strictEqual((await gh.gql(q)).status, 502);
  assert.strictEqual((await gh.gql(q)).status, 502);
  assert.strictEqual((await gh.gql(q)).status, 200);
});

test('delay answers normally afterwards', async () => {
  await queue({ delay_ms: 50 });
  const r = await gh.gql(q);
  assert.strictEqual(r.body.data.viewer.login, 'roadmapd-bot');
  const log = (await gh.ctl('GET', '/requests')).body;
  assert.deepStrictEqual(log[log.length - 1].fault, { delay_ms: 50 });
});

test('drop closes the connection without an answer', async () => {
  await queue({ drop: true });
  const r = await raw({ query: q });
  assert.ok(r.error, 'expected a socket error');
  assert.strictEqual((await gh.gql(q)).status, 200);
});

test('truncate sends the headers and half the body', async () => {
  await queue({ truncate: true });
  const r = await raw({ query: q });
  assert.strictEqual(r.status, 200);
  assert.ok(r.aborted || r.error);
  assert.ok(Number(r.headers['content-length']) > r.body.length);
});

test('malformed answers 200 with invalid JSON', async () => {
  await queue({ malformed: true });
  const r = await gh.gql(q);
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.body, null);
  assert.ok(r.text.length > 0);
});

test('an unknown fault is refused with a message naming it', async () => {
  const r = await gh.ctl('POST', '/faults', { faults: [{ status: 418 }] });
  assert.strictEqual(r.status, 400);
  assert.match(r.body.message, /418/);
});
