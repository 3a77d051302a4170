// Authentication, User-Agent, JSON parsing, the GHES path and the request log.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { start, token } = require('../lib/harness');

let gh;
test.before(async () => { gh = await start(); });
test.after(async () => { await gh.stop(); });

test('an unknown token gets 401 Bad credentials', async () => {
  const r = await gh.gql('{ viewer { login } }', {}, { auth: 'bearer nope' });
  assert.strictEqual(r.status, 401);
  assert.deepStrictEqual(r.body, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
});

test('the token scheme may be "token" and the GHES path works', async () => {
  const r = await gh.gql('{ viewer { login } }', {}, { auth: `token ${token}`, path: '/api/graphql' });
  assert.strictEqual(r.body.data.viewer.login, 'roadmapd-bot');
});

test('a missing User-Agent is refused with 403', async () => {
  const res = await fetch(`${gh.api}/graphql`, { method: 'POST', headers: { authorization: `bearer ${token}`, 'user-agent': '' }, body: '{"query":"{ viewer { login } }"}' });
  assert.strictEqual(res.status, 403);
  assert.match((await res.json()).message, /User-Agent/);
});

test('invalid JSON is 400 Problems parsing JSON', async () => {
  const res = await fetch(`${gh.api}/graphql`, { method: 'POST', headers: { authorization: `bearer ${token}`, 'user-agent': 't' }, body: '{"query": ' });
  assert.strictEqual(res.status, 400);
  assert.strictEqual((await res.json()).message, 'Problems parsing JSON');
});

test('the request log records queries and variables but never the token', async () => {
  await gh.ctl('DELETE', '/requests');
  await gh.gql('query($l: String!) { organization(login: $l) { login } }', { l: 'apache' });
  const log = (await gh.ctl('GET', '/requests')).body;
  assert.strictEqual(log.length, 1);
  assert.strictEqual(log[0].status, 200);
  assert.strictEqual(log[0].path, '/graphql');
  assert.deepStrictEqual(log[0].variables, { l: 'apache' });
  assert.match(log[0].query, /organization/);
  assert.strictEqual(log[0].headers.authorization, '<redacted>');
  assert.ok(!JSON.stringify(log).includes(token));
});

test('unknown owners, boards and numbers give GitHub NOT_FOUND errors with a path', async () => {
  const r = await gh.gql('{ organization(login: "apache") { projectV2(number: 99) { id } } repository(owner: "apache", name: "tvm") { issue(number: 9999) { id } } }');
  assert.deepStrictEqual(r.body.data, { organization: { projectV2: null }, repository: { issue: null } });
  const byPath = Object.fromEntries(r.body.errors.map((e) => [e.path.join('.'), e]));
  assert.strictEqual(byPath['organization.projectV2'].type, 'NOT_FOUND');
  assert.strictEqual(byPath['organization.projectV2'].message, 'Could not resolve to a ProjectV2 with the number 99.');
  assert.strictEqual(byPath['repository.issue'].type, 'NOT_FOUND');
});

test('SIGTERM stops the server cleanly', async () => {
  const { start: start_again } = require('../lib/harness');
  const other = await start_again();
  assert.strictEqual(await other.stop(), 0);
});
