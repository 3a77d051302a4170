// Cost as GitHub documents it, the budget going down, RATE_LIMITED, refill at resetAt, headers.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { start } = require('../lib/harness');

let gh;
test.before(async () => { gh = await start(); });
test.after(async () => { await gh.stop(); });

// 1 request for items + 100 requests for fieldValues + 100*50 for the label connections = 5101 -> 51.
const expensive = `{ rateLimit { cost remaining used limit nodeCount } organization(login: "apache") { projectV2(number: 2) {
  items(first: 100) { nodes { fieldValues(first: 50) { nodes { ... on ProjectV2ItemFieldLabelValue { labels(first: 10) { nodes { name } } } } } } } } } }`;

test('cost is the documented request count / 100 and is charged', async () => {
  await gh.ctl('POST', '/rate_limit', { limit: 5000, remaining: 5000, reset_in_seconds: 3600 });
  const r = await gh.gql(expensive);
  assert.strictEqual(r.body.errors, undefined, JSON.stringify(r.body.errors));
  assert.deepStrictEqual(r.body.data.rateLimit, { cost: 51, remaining: 4949, used: 51, limit: 5000, nodeCount: 100 + 5000 + 50000 });
  assert.strictEqual(r.headers.get('x-ratelimit-remaining'), '4949');
  assert.strictEqual(r.headers.get('x-ratelimit-used'), '51');
  assert.strictEqual(r.headers.get('x-ratelimit-limit'), '5000');
  assert.strictEqual(r.headers.get('x-ratelimit-resource'), 'graphql');
  assert.match(r.headers.get('x-ratelimit-reset'), /^\d+$/);
  assert.ok(r.headers.get('x-github-request-id'));
  assert.strictEqual(r.headers.get('content-type'), 'application/json; charset=utf-8');
  const cheap = await gh.gql('{ rateLimit { cost remaining } viewer { login } }');
  assert.deepStrictEqual(cheap.body.data.rateLimit, { cost: 1, remaining: 4948 });
  const log = (await gh.ctl('GET', '/requests')).body;
  assert.deepStrictEqual(log.slice(-2).map((e) => e.cost), [51, 1]);
});

test('a query costing more than what remains is RATE_LIMITED and not charged', async () => {
  await gh.ctl('POST', '/rate_limit', { remaining: 50, reset_in_seconds: 3600 });
  const r = await gh.gql(expensive);
  assert.strictEqual(r.status, 200);
  assert.deepStrictEqual(r.body, { data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] });
  assert.strictEqual(r.headers.get('x-ratelimit-remaining'), '50');
  const cheap = await gh.gql('{ rateLimit { remaining } }');
  assert.strictEqual(cheap.body.data.rateLimit.remaining, 49);
});

test('the budget refills once resetAt has passed', async () => {
  await gh.ctl('POST', '/rate_limit', { limit: 300, remaining: 0, reset_in_seconds: 0 });
  const r = await gh.gql('{ rateLimit { remaining limit resetAt } }');
  assert.strictEqual(r.body.data.rateLimit.remaining, 299);
  assert.ok(Date.parse(r.body.data.rateLimit.resetAt) > Date.now());
});
