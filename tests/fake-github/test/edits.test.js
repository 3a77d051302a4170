// Control-port edits change what the API answers and bump updatedAt past every earlier timestamp.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { start, load_fixture } = require('../lib/harness');

let gh;
test.beforeEach(async () => { gh = await start(); });
test.afterEach(async () => { await gh.stop(); });

function latest_timestamp(state) {
  let latest = '';
  JSON.stringify(state, (k, v) => {
    if (['createdAt', 'updatedAt', 'closedAt', 'mergedAt'].includes(k) && typeof v === 'string' && v > latest) latest = v;
    return v;
  });
  return latest;
}

const item_query = `query($id: ID!) { node(id: $id) { ... on ProjectV2Item { updatedAt isArchived project { updatedAt }
  status: fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name } }
  owner: fieldValueByName(name: "Owner") { ... on ProjectV2ItemFieldTextValue { text } } } } }`;

function ci_item_with_owner(state) {
  return state.projects.find((p) => p.number === 2).items.find((i) => i.values.Owner && i.values.Status === 'Q2 2027');
}

async function edit(...ops) {
  return gh.ctl('POST', '/edit', { ops });
}

test('set_field and move_item change values and bump item and board updatedAt', async () => {
  const before = (await gh.ctl('GET', '/state')).body;
  const latest = latest_timestamp(before);
  const item = ci_item_with_owner(before);
  const r = await edit({ op: 'set_field', item: item.id, field: 'Owner', value: '@someone-else' }, { op: 'move_item', item: item.id, status: 'Backlog' });
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
  const got = (await gh.gql(item_query, { id: item.id })).body.data.node;
  assert.strictEqual(got.owner.text, '@someone-else');
  assert.strictEqual(got.status.name, 'Backlog');
  assert.ok(got.updatedAt > latest, `${got.updatedAt} > ${latest}`);
  assert.ok(got.project.updatedAt > latest);

  await edit({ op: 'set_field', item: item.id, field: 'Owner', value: null });
  assert.strictEqual((await gh.gql(item_query, { id: item.id })).body.data.node.owner, null);
});

test('archive, add and remove items', async () => {
  const state = (await gh.ctl('GET', '/state')).body;
  const item = ci_item_with_owner(state);
  await edit({ op: 'archive_item', item: item.id });
  assert.strictEqual((await gh.gql(item_query, { id: item.id })).body.data.node.isArchived, true);
  await edit({ op: 'unarchive_item', item: item.id });
  assert.strictEqual((await gh.gql(item_query, { id: item.id })).body.data.node.isArchived, false);

  const issue = state.issues.find((i) => i.title.startsWith('[Bug]'));
  const added = await edit({ op: 'add_item', project: 2, owner: 'apache', content: issue.id }, { op: 'add_item', project: 7, draft: { title: 'New idea', body: 'Later.' } });
  assert.strictEqual(added.status, 200, JSON.stringify(added.body));
  const [board_item, draft_item] = added.body.results.map((x) => x.id);
  const q = `{ organization(login: "apache") { projectV2(number: 2) { items(last: 1) { totalCount nodes { id content { ... on Issue { title } } } } } }
    user(login: "denise-k") { projectV2(number: 7) { items(last: 1) { nodes { id content { ... on DraftIssue { title body } } } } } } }`;
  const after_add = (await gh.gql(q)).body.data;
  assert.deepStrictEqual(after_add.organization.projectV2.items.nodes[0], { id: board_item, content: { title: issue.title } });
  assert.deepStrictEqual(after_add.user.projectV2.items.nodes[0], { id: draft_item, content: { title: 'New idea', body: 'Later.' } });

  await edit({ op: 'remove_item', item: board_item });
  const after_remove = (await gh.gql(q)).body.data;
  assert.strictEqual(after_remove.organization.projectV2.items.totalCount, after_add.organization.projectV2.items.totalCount - 1);
});

test('issue lifecycle: create, edit, close, reopen, merge, transfer, delete', async () => {
  const created = await edit(
    { op: 'create_issue', repo: 'apache/tvm', title: 'Brand new', body: '## Motivation\n\nx', labels: ['tvm:roadmap'], assignees: ['areusch'] },
    { op: 'create_issue', repo: 'apache/tvm', title: 'Its PR', body: '', pull_request: true },
  );
  assert.strictEqual(created.status, 200, JSON.stringify(created.body));
  const [issue, pr] = created.body.results;
  await edit({ op: 'edit_issue', repo: 'apache/tvm', number: issue.number, title: 'Renamed', labels: ['help wanted'] },
    { op: 'close_issue', repo: 'apache/tvm', number: issue.number }, { op: 'merge_pr', repo: 'apache/tvm', number: pr.number });
  const q = `query($n: Int!, $p: Int!) { repository(owner: "apache", name: "tvm") {
    issue(number: $n) { title state stateReason closedAt labels(first: 5) { nodes { name } } assignees(first: 5) { nodes { login } } }
    pullRequest(number: $p) { state merged mergedAt } } }`;
  const got = (await gh.gql(q, { n: issue.number, p: pr.number })).body.data.repository;
  assert.strictEqual(got.issue.title, 'Renamed');
  assert.strictEqual(got.issue.state, 'CLOSED');
  assert.strictEqual(got.issue.stateReason, 'COMPLETED');
  assert.deepStrictEqual(got.issue.labels.nodes, [{ name: 'help wanted' }]);
  assert.deepStrictEqual(got.issue.assignees.nodes, [{ login: 'areusch' }]);
  assert.strictEqual(got.pullRequest.state, 'MERGED');
  assert.strictEqual(got.pullRequest.merged, true);

  await edit({ op: 'reopen_issue', repo: 'apache/tvm', number: issue.number });
  const state = (await gh.ctl('GET', '/state')).body;
  const on_board = state.projects.find((p) => p.number === 1).items.find((i) => i.content && state.issues.some((x) => x.id === i.content && x.repository === 'apache/tvm'));
  const moved_from = state.issues.find((x) => x.id === on_board.content);
  const t = await edit({ op: 'transfer_issue', repo: 'apache/tvm', number: moved_from.number, to: 'apache/tvm-rfcs' });
  assert.strictEqual(t.status, 200, JSON.stringify(t.body));
  const content = (await gh.gql(`{ node(id: "${on_board.id}") { ... on ProjectV2Item { content { ... on Issue { id number repository { nameWithOwner } } } } } }`)).body.data.node.content;
  assert.deepStrictEqual(content, { id: t.body.results[0].id, number: t.body.results[0].number, repository: { nameWithOwner: 'apache/tvm-rfcs' } });

  await edit({ op: 'delete_issue', repo: 'apache/tvm-rfcs', number: t.body.results[0].number });
  const gone = await gh.gql(`{ node(id: "${on_board.id}") { id } }`);
  assert.strictEqual(gone.body.data.node, null);
  assert.strictEqual(gone.body.errors[0].type, 'NOT_FOUND');
});

test('a bad op is refused with a message naming it and changes nothing', async () => {
  const before = (await gh.ctl('GET', '/state')).body;
  const item = ci_item_with_owner(before);
  const r = await edit({ op: 'set_field', item: item.id, field: 'Owner', value: 'changed' }, { op: 'move_item', item: item.id, status: 'Q9 2099' });
  assert.strictEqual(r.status, 400);
  assert.match(r.body.message, /ops\[1\] \(move_item\).*Q9 2099/);
  const unknown = await edit({ op: 'teleport' });
  assert.strictEqual(unknown.status, 400);
  assert.match(unknown.body.message, /unknown op 'teleport'/);
  assert.deepStrictEqual((await gh.ctl('GET', '/state')).body, before);
});

test('PUT /state replaces the world', async () => {
  const small = load_fixture();
  small.projects = small.projects.filter((p) => p.number === 3);
  assert.strictEqual((await gh.ctl('PUT', '/state', small)).status, 200);
  const r = await gh.gql('{ organization(login: "apache") { projectsV2(first: 10) { nodes { number } } } }');
  assert.deepStrictEqual(r.body.data.organization.projectsV2.nodes, [{ number: 3 }]);
});

test('a stopped clock stamps edits with the same second, as quick edits on GitHub, and dates answers with it', async () => {
  const at = '2031-05-06T07:08:09Z';  // later than every fixture time, as a real now would be
  const set = await gh.ctl('POST', '/clock', { at });
  assert.strictEqual(set.status, 200, JSON.stringify(set.body));
  assert.deepStrictEqual(set.body, { at, frozen: true });
  try {
    await edit({ op: 'edit_issue', repo: 'apache/tvm', number: 2, title: 'First title' });
    await edit({ op: 'edit_issue', repo: 'apache/tvm', number: 2, title: 'Second title' });
    const r = await gh.gql('{ repository(owner: "apache", name: "tvm") { issue(number: 2) { title updatedAt } } }');
    assert.deepStrictEqual(r.body.data.repository.issue, { title: 'Second title', updatedAt: at });
    assert.strictEqual(r.headers.get('date'), 'Tue, 06 May 2031 07:08:09 GMT');
  } finally {
    assert.strictEqual((await gh.ctl('POST', '/clock', { at: null })).body.frozen, false);
  }
  assert.strictEqual((await gh.ctl('POST', '/clock', { at: 'soon' })).status, 400);
  await edit({ op: 'edit_issue', repo: 'apache/tvm', number: 2, title: 'Third title' });
  const after = await gh.gql('{ repository(owner: "apache", name: "tvm") { issue(number: 2) { updatedAt } } }');
  assert.ok(after.body.data.repository.issue.updatedAt > at, 'a running clock stamps past every earlier time');
});
