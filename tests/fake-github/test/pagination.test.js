// Connections page like GitHub's: >100 board items over several pages, cursors, orderBy, filterBy.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { start, load_fixture } = require('../lib/harness');

let gh;
test.before(async () => { gh = await start(); });
test.after(async () => { await gh.stop(); });

const items_query = `query($after: String) { organization(login: "apache") { projectV2(number: 2) {
  items(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } } }`;

test('the CI board has more than 100 items and they page in board order', async () => {
  const expected = load_fixture().projects.find((p) => p.owner === 'apache' && p.number === 2).items.map((i) => i.id);
  assert.ok(expected.length > 100);
  const seen = [];
  let after = null;
  let pages = 0;
  for (;;) {
    const r = await gh.gql(items_query, { after });
    assert.strictEqual(r.body.errors, undefined, JSON.stringify(r.body.errors));
    const items = r.body.data.organization.projectV2.items;
    assert.strictEqual(items.totalCount, expected.length);
    seen.push(...items.edges.map((e) => e.node.id));
    pages += 1;
    if (!items.pageInfo.hasNextPage) break;
    after = items.pageInfo.endCursor;
  }
  assert.strictEqual(pages, Math.ceil(expected.length / 100));
  assert.deepStrictEqual(seen, expected);
});

test('last/before pages backwards', async () => {
  const r = await gh.gql('{ user(login: "denise-k") { projectV2(number: 7) { items(last: 2) { pageInfo { hasPreviousPage startCursor } nodes { id } } } } }');
  const items = r.body.data.user.projectV2.items;
  const all = load_fixture().projects.find((p) => p.owner === 'denise-k').items.map((i) => i.id);
  assert.deepStrictEqual(items.nodes.map((n) => n.id), all.slice(-2));
  assert.strictEqual(items.pageInfo.hasPreviousPage, true);
  const before = await gh.gql(`{ user(login: "denise-k") { projectV2(number: 7) { items(last: 1, before: "${items.pageInfo.startCursor}") { nodes { id } } } } }`);
  assert.deepStrictEqual(before.body.data.user.projectV2.items.nodes.map((n) => n.id), all.slice(-3, -2));
});

test('an unknown cursor is an error', async () => {
  const r = await gh.gql(items_query, { after: 'not-a-cursor' });
  assert.strictEqual(r.body.data.organization.projectV2, null);
  assert.match(r.body.errors[0].message, /`not-a-cursor` does not appear to be a valid cursor/);
  assert.deepStrictEqual(r.body.errors[0].path, ['organization', 'projectV2', 'items']);
});

test('orderBy UPDATED_AT orders issues and filterBy.since keeps recent ones', async () => {
  const issues = load_fixture().issues.filter((i) => i.repository === 'apache/tvm');
  const r = await gh.gql(`{ repository(owner: "apache", name: "tvm") { issues(first: 100, orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { number updatedAt } } } }`);
  const got = r.body.data.repository.issues.nodes;
  assert.strictEqual(got.length, issues.length);
  const sorted = got.map((n) => n.updatedAt).slice().sort().reverse();
  assert.deepStrictEqual(got.map((n) => n.updatedAt), sorted);

  const since = sorted[9];
  const f = await gh.gql(`query($since: DateTime) { repository(owner: "apache", name: "tvm") { issues(first: 100, filterBy: {since: $since}, orderBy: {field: UPDATED_AT, direction: ASC}) { totalCount nodes { updatedAt } } } }`, { since });
  const expected = issues.filter((i) => Date.parse(i.updatedAt) >= Date.parse(since)).length;
  assert.strictEqual(f.body.data.repository.issues.totalCount, expected);
  assert.ok(f.body.data.repository.issues.nodes.every((n) => n.updatedAt >= since));
});

test('labels and states filter issues and pull requests', async () => {
  const fx = load_fixture();
  const tracking = fx.issues.filter((i) => i.repository === 'apache/tvm' && i.labels.includes('type:rfc-tracking') && i.state === 'OPEN');
  const r = await gh.gql('{ repository(owner: "apache", name: "tvm") { issues(first: 50, labels: ["type:rfc-tracking"], states: [OPEN]) { nodes { title } } pullRequests(first: 100, states: [MERGED]) { totalCount } } }');
  assert.deepStrictEqual(r.body.data.repository.issues.nodes.map((n) => n.title).sort(), tracking.map((i) => i.title).sort());
  assert.ok(r.body.data.repository.issues.nodes.every((n) => n.title.startsWith('[RFC][Tracking]')));
  const merged = fx.pull_requests.filter((p) => p.repository === 'apache/tvm' && p.merged).length;
  assert.strictEqual(r.body.data.repository.pullRequests.totalCount, merged);
});
