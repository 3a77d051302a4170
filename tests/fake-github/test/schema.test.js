// Requests are checked against GitHub's real schema and GitHub's pagination rules.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { start } = require('../lib/harness');

let gh;
test.before(async () => { gh = await start(); });
test.after(async () => { await gh.stop(); });

test('a field GitHub does not have is rejected without data', async () => {
  const r = await gh.gql('{ organization(login: "apache") { login nickname } }');
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.body.data, undefined);
  assert.match(r.body.errors[0].message, /nickname/);
  assert.ok(r.body.errors[0].locations.length > 0);
});

test('an argument GitHub does not have is rejected', async () => {
  const r = await gh.gql('{ organization(login: "apache") { projectV2(number: 1, title: "x") { id } } }');
  assert.strictEqual(r.body.data, undefined);
  assert.match(r.body.errors[0].message, /title/);
});

test('a connection without first or last is rejected like GitHub', async () => {
  const r = await gh.gql('{ organization(login: "apache") { projectV2(number: 1) { items { totalCount } } } }');
  assert.strictEqual(r.body.data, undefined);
  assert.strictEqual(r.body.errors[0].message, 'You must provide a `first` or `last` value to properly paginate the `items` connection.');
  assert.strictEqual(r.body.errors[0].type, 'MISSING_PAGINATION_BOUNDARIES');
});

test('a variable first left unset counts as missing', async () => {
  const r = await gh.gql('query($n: Int) { repository(owner: "apache", name: "tvm") { issues(first: $n) { totalCount } } }', {});
  assert.match(r.body.errors[0].message, /must provide a `first` or `last` value .* `issues` connection/);
});

test('more than 100 records is rejected', async () => {
  const r = await gh.gql('{ repository(owner: "apache", name: "tvm") { issues(last: 101) { totalCount } } }');
  assert.strictEqual(r.body.errors[0].message, 'Requesting 101 records on the `issues` connection exceeds the `last` limit of 100 records.');
});

test('more than 500,000 nodes is rejected', async () => {
  const q = '{ repository(owner: "apache", name: "tvm") { issues(first: 100) { nodes { labels(first: 100) { nodes { issues(first: 100) { totalCount } } } } } } }';
  const r = await gh.gql(q);
  assert.strictEqual(r.body.data, undefined);
  assert.strictEqual(r.body.errors[0].type, 'MAX_NODE_LIMIT_EXCEEDED');
});

test('syntax errors come back as GraphQL errors', async () => {
  const r = await gh.gql('{ viewer { login }');
  assert.strictEqual(r.status, 200);
  assert.match(r.body.errors[0].message, /Syntax Error/);
});

test('a field the fake has not implemented is an error, not a silent null', async () => {
  const r = await gh.gql('{ repository(owner: "apache", name: "tvm") { stargazerCount } }');
  assert.match(r.body.errors[0].message, /fake-github does not implement Repository.stargazerCount/);
});

test('validate.js reports FILE:LINE:COL and exits 1 on errors, 0 when clean', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-validate-'));
  const good = path.join(dir, 'good.graphql');
  const bad = path.join(dir, 'bad.graphql');
  fs.writeFileSync(good, 'query Board($login: String!, $n: Int!, $after: String) {\n  organization(login: $login) { projectV2(number: $n) { items(first: 100, after: $after) { nodes { id } } } }\n}\n');
  fs.writeFileSync(bad, 'query {\n  viewer {\n    login\n    repositories { totalCount }\n    bogus\n  }\n}\n');
  const validate = path.join(__dirname, '..', 'validate.js');
  assert.strictEqual(execFileSync(process.execPath, [validate, good]).toString(), '');
  let out = '';
  let status = 0;
  try { execFileSync(process.execPath, [validate, good, bad]); } catch (e) { out = e.stdout.toString(); status = e.status; }
  assert.strictEqual(status, 1);
  assert.match(out, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:5: .*bogus`));
  assert.match(out, /bad\.graphql:4:5: You must provide a `first` or `last` value to properly paginate the `repositories` connection\./);
  fs.rmSync(dir, { recursive: true, force: true });
});
