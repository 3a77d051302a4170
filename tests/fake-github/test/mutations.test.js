// Label and board mutations (createLabel, addLabelsToLabelable, removeLabelsFromLabelable,
// updateProjectV2ItemFieldValue, clearProjectV2ItemFieldValue), their cost, GET /mutations, and
// GitHub's secondary limit on content-creating requests.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { start } = require('../lib/harness');

let gh;
test.beforeEach(async () => { gh = await start(); });
test.afterEach(async () => { await gh.stop(); });

async function state() {
  return (await gh.ctl('GET', '/state')).body;
}

async function gql_ok(query, variables) {
  const r = await gh.gql(query, variables);
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return r.body.data;
}

// [type, path, message] of each error, for comparing with what GitHub answers.
function errors_of(r) {
  return (r.body.errors || []).map((e) => [e.type, e.path, e.message]);
}

const tvm = (s) => s.repositories.find((r) => r.name === 'tvm');
const rfcs = (s) => s.repositories.find((r) => r.name === 'tvm-rfcs');
const issue_in = (s, number) => s.issues.find((i) => i.repository === 'apache/tvm' && i.number === number);

const create_label = 'mutation($r: ID!, $n: String!, $c: String!, $d: String) { createLabel(input: {repositoryId: $r, name: $n, color: $c, description: $d}) { label { id name color description repository { nameWithOwner } } } }';
const add_labels = 'mutation($i: ID!, $l: [ID!]!) { addLabelsToLabelable(input: {labelableId: $i, labelIds: $l}) { labelable { ... on Issue { updatedAt labels(first: 20) { nodes { name } } } } } }';
const remove_labels = 'mutation($i: ID!, $l: [ID!]!) { removeLabelsFromLabelable(input: {labelableId: $i, labelIds: $l}) { labelable { ... on Issue { updatedAt labels(first: 20) { nodes { name } } } } } }';
const labels_query = 'query($n: Int!) { repository(owner: "apache", name: "tvm") { issue(number: $n) { updatedAt labels(first: 20) { nodes { name } } } } }';

test('createLabel adds a label to the repository; a taken name, a bad colour or an unknown repository is refused', async () => {
  const s = await state();
  const repo = tvm(s);
  const made = (await gql_ok(create_label, { r: repo.id, n: 'roadmap:needs-owner', c: 'D93F0B', d: 'Set an owner: assign someone or fill in the Owner field' })).createLabel.label;
  assert.deepStrictEqual({ ...made, id: undefined }, {
    id: undefined, name: 'roadmap:needs-owner', color: 'd93f0b', description: 'Set an owner: assign someone or fill in the Owner field', repository: { nameWithOwner: 'apache/tvm' },
  });
  const listed = await gql_ok('{ repository(owner: "apache", name: "tvm") { label(name: "roadmap:needs-owner") { id description } } }');
  assert.deepStrictEqual(listed.repository.label, { id: made.id, description: made.description });

  const cases = [
    [{ r: repo.id, n: 'Roadmap:Needs-Owner', c: 'ededed' }, 'UNPROCESSABLE', 'Name has already been taken'],
    [{ r: repo.id, n: 'help wanted', c: 'ededed' }, 'UNPROCESSABLE', 'Name has already been taken'],
    [{ r: repo.id, n: 'roadmap:new', c: 'red' }, 'UNPROCESSABLE', 'Color is invalid'],
    [{ r: repo.id, n: 'roadmap:new', c: 'ededed', d: 'x'.repeat(101) }, 'UNPROCESSABLE', 'Description is too long (maximum is 100 characters)'],
    [{ r: 'R_nope', n: 'roadmap:new', c: 'ededed' }, 'NOT_FOUND', "Could not resolve to a node with the global id of 'R_nope'."],
  ];
  for (const [vars, type, message] of cases) {
    const r = await gh.gql(create_label, vars);
    assert.strictEqual(r.body.data.createLabel, null);
    assert.deepStrictEqual(errors_of(r), [[type, ['createLabel'], message]]);
  }
  assert.strictEqual(tvm(await state()).labels.length, repo.labels.length + 1);
});

test('addLabelsToLabelable and removeLabelsFromLabelable change the issue\'s labels and move its updatedAt only when they change something', async () => {
  const s = await state();
  const issue = issue_in(s, 9);
  const help = tvm(s).labels.find((l) => l.name === 'help wanted');
  const made = (await gql_ok(create_label, { r: tvm(s).id, n: 'roadmap:needs-owner', c: 'd93f0b' })).createLabel.label;

  const added = (await gql_ok(add_labels, { i: issue.id, l: [made.id] })).addLabelsToLabelable.labelable;
  assert.deepStrictEqual(added.labels.nodes.map((l) => l.name), ['tvm:roadmap', 'help wanted', 'roadmap:needs-owner']);
  assert.ok(added.updatedAt > issue.updatedAt);

  const again = (await gql_ok(add_labels, { i: issue.id, l: [made.id, help.id] })).addLabelsToLabelable.labelable;
  assert.deepStrictEqual(again, added, 'labels already there are no change');

  const removed = (await gql_ok(remove_labels, { i: issue.id, l: [help.id] })).removeLabelsFromLabelable.labelable;
  assert.deepStrictEqual(removed.labels.nodes.map((l) => l.name), ['tvm:roadmap', 'roadmap:needs-owner']);
  assert.ok(removed.updatedAt > added.updatedAt);
  const removed_again = (await gql_ok(remove_labels, { i: issue.id, l: [help.id] })).removeLabelsFromLabelable.labelable;
  assert.deepStrictEqual(removed_again, removed);
});

test('a label the repository does not have is NOT_FOUND and no label is added', async () => {
  const s = await state();
  const issue = issue_in(s, 9);
  const foreign = rfcs(s).labels.find((l) => l.name === 'type:rfc-tracking');
  const help = tvm(s).labels.find((l) => l.name === 'needs-triage');
  const before = (await gql_ok(labels_query, { n: 9 })).repository.issue;
  for (const bad of [foreign.id, 'LA_missing']) {
    const r = await gh.gql(add_labels, { i: issue.id, l: [help.id, bad] });
    assert.strictEqual(r.body.data.addLabelsToLabelable, null);
    assert.deepStrictEqual(errors_of(r), [['NOT_FOUND', ['addLabelsToLabelable'], `Could not resolve to a node with the global id of '${bad}'.`]]);
  }
  const draft = s.draft_issues[0];
  const r = await gh.gql(add_labels, { i: draft.id, l: [help.id] });
  assert.strictEqual(errors_of(r)[0][0], 'NOT_FOUND');
  assert.deepStrictEqual((await gql_ok(labels_query, { n: 9 })).repository.issue, before);
});

const update_value = `mutation($p: ID!, $i: ID!, $f: ID!, $v: ProjectV2FieldValue!) { updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f, value: $v}) {
  projectV2Item { id updatedAt project { updatedAt } status: fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name optionId } } } } }`;
const clear_value = `mutation($p: ID!, $i: ID!, $f: ID!) { clearProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f}) {
  projectV2Item { updatedAt owner: fieldValueByName(name: "Owner") { ... on ProjectV2ItemFieldTextValue { text } } } } }`;

function board_bits(s) {
  const board = s.projects.find((p) => p.owner === 'apache' && p.number === 1);
  const status = board.fields.find((f) => f.name === 'Status');
  const issue = issue_in(s, 21);
  const item = board.items.find((i) => i.content === issue.id);
  return { board, status, issue, item, backlog: status.options.find((o) => o.name === 'Backlog') };
}

test('updateProjectV2ItemFieldValue moves an item to Backlog: the item and board move, the issue does not', async () => {
  const s = await state();
  const { board, status, issue, item, backlog } = board_bits(s);
  assert.strictEqual(item.values.Status, 'Q4 2027');
  const moved = (await gql_ok(update_value, { p: board.id, i: item.id, f: status.id, v: { singleSelectOptionId: backlog.id } })).updateProjectV2ItemFieldValue.projectV2Item;
  assert.deepStrictEqual(moved.status, { name: 'Backlog', optionId: backlog.id });
  assert.ok(moved.updatedAt > item.updatedAt);
  assert.strictEqual(moved.project.updatedAt, moved.updatedAt);
  const issue_after = (await gql_ok(labels_query, { n: 21 })).repository.issue;
  assert.strictEqual(issue_after.updatedAt, issue.updatedAt);

  // The same value again is no change.
  const same = (await gql_ok(update_value, { p: board.id, i: item.id, f: status.id, v: { singleSelectOptionId: backlog.id } })).updateProjectV2ItemFieldValue.projectV2Item;
  assert.strictEqual(same.updatedAt, moved.updatedAt);

  // Other field types: text, number, date, iteration; and clearing.
  const field = (name) => board.fields.find((f) => f.name === name);
  const quarter = field('Quarter').configuration.iterations.find((i) => i.title === 'Q2 2027');
  for (const [name, value] of [['Owner', { text: '@someone' }], ['Estimate', { number: 2.5 }], ['Target date', { date: '2027-05-01' }], ['Quarter', { iterationId: quarter.id }]]) {
    await gql_ok(update_value, { p: board.id, i: item.id, f: field(name).id, v: value });
  }
  const values = (await state()).projects.find((p) => p.id === board.id).items.find((i) => i.id === item.id).values;
  assert.deepStrictEqual([values.Owner, values.Estimate, values['Target date'], values.Quarter], ['@someone', 2.5, '2027-05-01', 'Q2 2027']);
  const cleared = (await gql_ok(clear_value, { p: board.id, i: item.id, f: field('Owner').id })).clearProjectV2ItemFieldValue.projectV2Item;
  assert.strictEqual(cleared.owner, null);
});

test('updateProjectV2ItemFieldValue refuses a wrong option, value kind, item or field as GitHub does', async () => {
  const s = await state();
  const { board, status, item } = board_bits(s);
  const priority = board.fields.find((f) => f.name === 'Priority');
  const other_board = s.projects.find((p) => p.number === 3);
  const other_item = other_board.items[6];
  const title = board.fields.find((f) => f.name === 'Title');
  const cases = [
    [{ p: board.id, i: item.id, f: status.id, v: { singleSelectOptionId: priority.options[0].id } }, 'VALIDATION', 'The single select option Id does not belong to the field'],
    [{ p: board.id, i: item.id, f: status.id, v: { text: 'Backlog' } }, 'VALIDATION', 'Did not receive a single select option Id to update a field of type single_select'],
    [{ p: board.id, i: other_item.id, f: status.id, v: { singleSelectOptionId: status.options[5].id } }, 'VALIDATION', 'The item does not exist in the project'],
    [{ p: board.id, i: item.id, f: other_board.fields[2].id, v: { singleSelectOptionId: 'x' } }, 'VALIDATION', 'The field does not exist in the project'],
    [{ p: board.id, i: item.id, f: 'PVTSSF_nope', v: { singleSelectOptionId: 'x' } }, 'NOT_FOUND', "Could not resolve to a node with the global id of 'PVTSSF_nope'."],
    [{ p: board.id, i: item.id, f: title.id, v: { text: 'New title' } }, 'VALIDATION', 'Fields of type title cannot be updated with this mutation'],
  ];
  for (const [vars, type, message] of cases) {
    const r = await gh.gql(update_value, vars);
    assert.strictEqual(r.body.data.updateProjectV2ItemFieldValue, null);
    assert.deepStrictEqual(errors_of(r), [[type, ['updateProjectV2ItemFieldValue'], message]]);
  }
  assert.deepStrictEqual((await state()).projects, s.projects);
});

test('GET /mutations lists each mutation in order with its input, viewer and time; a mutation costs 1 point', async () => {
  const s = await state();
  const issue = issue_in(s, 9);
  const first = await gh.gql('mutation($s: ID!) { addComment(input: {subjectId: $s, body: "one"}) { clientMutationId } }', { s: issue.id });
  const used = (r) => Number(r.headers.get('x-ratelimit-used'));
  const two = await gh.gql(`mutation($s: ID!, $r: ID!) { a: addComment(input: {subjectId: $s, body: "two"}) { clientMutationId }
    b: createLabel(input: {repositoryId: $r, name: "roadmap:needs-theme", color: "fbca04"}) { label { name } } }`, { s: issue.id, r: tvm(s).id });
  assert.strictEqual(used(two) - used(first), 1, 'a request with mutations costs 1 primary point');
  await gh.gql('{ viewer { login } }');
  const log = (await gh.ctl('GET', '/mutations')).body;
  assert.deepStrictEqual(log.map((m) => [m.name, m.input, m.viewer, m.ok]), [
    ['addComment', { subjectId: issue.id, body: 'one' }, 'roadmapd-bot', true],
    ['addComment', { subjectId: issue.id, body: 'two' }, 'roadmapd-bot', true],
    ['createLabel', { repositoryId: tvm(s).id, name: 'roadmap:needs-theme', color: 'fbca04' }, 'roadmapd-bot', true],
  ]);
  assert.ok(log[0].at < log[1].at && log[1].at < log[2].at, 'each change is stamped later than the one before');
  const requests = (await gh.ctl('GET', '/requests')).body;
  assert.deepStrictEqual(log.map((m) => m.request), [requests[0].seq, requests[1].seq, requests[1].seq]);
  assert.deepStrictEqual((await gh.ctl('DELETE', '/mutations')).body, { ok: true });
  assert.deepStrictEqual((await gh.ctl('GET', '/mutations')).body, []);
});

test('secondary limit: over the content-creation cap a mutation gets 403 with retry-after and is not executed; reads go on', async () => {
  const s = await state();
  const issue = issue_in(s, 9);
  const set = await gh.ctl('POST', '/secondary_limits', { content_per_minute: 2, reset: true });
  assert.strictEqual(set.status, 200);
  assert.strictEqual(set.body.content_per_minute, 2);
  const comment = (b) => gh.gql('mutation($s: ID!, $b: String!) { addComment(input: {subjectId: $s, body: $b}) { clientMutationId } }', { s: issue.id, b });
  assert.strictEqual((await comment('1')).status, 200);
  assert.strictEqual((await comment('2')).status, 200);
  const refused = await comment('3');
  assert.strictEqual(refused.status, 403);
  assert.match(refused.body.message, /You have exceeded a secondary rate limit/);
  const wait = Number(refused.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 60, `retry-after ${wait}`);
  assert.notStrictEqual(refused.headers.get('x-ratelimit-remaining'), '0', 'not the primary limit');
  assert.strictEqual((await gh.gql('{ viewer { login } }')).status, 200);

  assert.deepStrictEqual((await gh.ctl('GET', '/mutations')).body.map((m) => m.input.body), ['1', '2']);
  assert.strictEqual(issue_in(await state(), 9).comments.length, 2);
  assert.deepStrictEqual((await gh.ctl('GET', '/secondary_limits')).body.used.content_last_minute, 2);

  const bad = await gh.ctl('POST', '/secondary_limits', { content_per_minute: -1 });
  assert.strictEqual(bad.status, 400);
  assert.match(bad.body.message, /content_per_minute must be a non-negative integer or null/);
  const defaults = await gh.ctl('POST', '/secondary_limits', { content_per_minute: 80, reset: true });
  assert.deepStrictEqual(defaults.body, { content_per_minute: 80, content_per_hour: 500, points_per_minute: null, used: { content_last_minute: 0, content_last_hour: 0, points_last_minute: 0 } });
  assert.strictEqual((await comment('4')).status, 200);
});

test('secondary limit on GraphQL points, when switched on: a mutation counts 5, a query 1', async () => {
  await gh.ctl('POST', '/secondary_limits', { points_per_minute: 7, reset: true });
  const issue = issue_in(await state(), 9);
  assert.strictEqual((await gh.gql('mutation($s: ID!) { addComment(input: {subjectId: $s, body: "x"}) { clientMutationId } }', { s: issue.id })).status, 200);
  assert.strictEqual((await gh.gql('{ viewer { login } }')).status, 200);
  assert.strictEqual((await gh.gql('{ viewer { login } }')).status, 200);
  assert.strictEqual((await gh.gql('{ viewer { login } }')).status, 403);
});

test('a mutation the fake does not implement is an error, never a silent success; an unknown comment is NOT_FOUND', async () => {
  const issue = issue_in(await state(), 9);
  const r = await gh.gql('mutation($i: ID!) { addAssigneesToAssignable(input: {assignableId: $i, assigneeIds: ["U_x"]}) { clientMutationId } }', { i: issue.id });
  assert.strictEqual(r.body.data.addAssigneesToAssignable, null);
  assert.strictEqual(r.body.errors[0].type, 'FAKE_NOT_IMPLEMENTED');
  const u = await gh.gql('mutation { updateIssueComment(input: {id: "IC_gone", body: "x"}) { issueComment { id } } }');
  assert.deepStrictEqual(errors_of(u), [['NOT_FOUND', ['updateIssueComment'], "Could not resolve to a node with the global id of 'IC_gone'."]]);
  assert.deepStrictEqual((await gh.ctl('GET', '/mutations')).body.map((m) => [m.name, m.ok]), [['addAssigneesToAssignable', false], ['updateIssueComment', false]]);
});
