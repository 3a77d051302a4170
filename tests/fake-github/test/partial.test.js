// Partial failures: nodes in failing_nodes come back null with an error path, the rest intact;
// also the shapes roadmapd reads (field values, REDACTED items, two-board issues, node/nodes).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { start, load_fixture } = require('../lib/harness');

const fixture = load_fixture();
const global_board = fixture.projects.find((p) => p.number === 1);
const failing = global_board.items[7];

let gh;
test.before(async () => { gh = await start({ ...fixture, failing_nodes: [failing.id] }); });
test.after(async () => { await gh.stop(); });

test('a failing node is null at its position with an error path; siblings are intact', async () => {
  const r = await gh.gql('{ organization(login: "apache") { projectV2(number: 1) { items(first: 100) { nodes { id type } } } } }');
  const nodes = r.body.data.organization.projectV2.items.nodes;
  assert.strictEqual(nodes.length, global_board.items.length);
  assert.strictEqual(nodes[7], null);
  assert.deepStrictEqual(nodes.filter((n) => n !== null).map((n) => n.id), global_board.items.filter((i) => i !== failing).map((i) => i.id));
  assert.strictEqual(r.body.errors.length, 1);
  assert.deepStrictEqual(r.body.errors[0].path, ['organization', 'projectV2', 'items', 'nodes', 7]);
});

test('nodes(ids) answers null plus NOT_FOUND for an unknown id', async () => {
  const r = await gh.gql(`{ nodes(ids: ["${global_board.id}", "PVTI_nope"]) { id } }`);
  assert.deepStrictEqual(r.body.data.nodes, [{ id: global_board.id }, null]);
  assert.strictEqual(r.body.errors[0].type, 'NOT_FOUND');
  assert.strictEqual(r.body.errors[0].message, "Could not resolve to a node with the global id of 'PVTI_nope'.");
  assert.deepStrictEqual(r.body.errors[0].path, ['nodes', 1]);
});

test('field values of an issue item, a REDACTED item and an issue on two boards', async () => {
  const q = `{ organization(login: "apache") { projectV2(number: 1) { items(first: 100) { nodes { type content { ... on Issue { number projectItems(first: 10) { nodes { project { number } } } } }
    fieldValues(first: 30) { nodes { __typename
      ... on ProjectV2ItemFieldTextValue { text field { ... on ProjectV2FieldCommon { name } } }
      ... on ProjectV2ItemFieldSingleSelectValue { name field { ... on ProjectV2FieldCommon { name } } }
      ... on ProjectV2ItemFieldIterationValue { title startDate duration }
      ... on ProjectV2ItemFieldDateValue { date }
      ... on ProjectV2ItemFieldNumberValue { number }
      ... on ProjectV2ItemFieldUserValue { users(first: 5) { nodes { login } } }
      ... on ProjectV2ItemFieldLabelValue { labels(first: 5) { nodes { name } } }
      ... on ProjectV2ItemFieldRepositoryValue { repository { nameWithOwner } } } } } } } } }`;
  const r = await gh.gql(q);
  const nodes = r.body.data.organization.projectV2.items.nodes.filter((n) => n !== null);
  const redacted = nodes.filter((n) => n.type === 'REDACTED');
  assert.strictEqual(redacted.length, 1);
  assert.strictEqual(redacted[0].content, null);
  assert.deepStrictEqual(redacted[0].fieldValues.nodes, []);

  const first_issue = fixture.issues.find((i) => i.id === global_board.items.find((x) => x.type === 'ISSUE').content);
  const item = nodes.find((n) => n.content && n.content.number === first_issue.number);
  const by_type = (t) => item.fieldValues.nodes.filter((v) => v.__typename === t);
  assert.deepStrictEqual(by_type('ProjectV2ItemFieldTextValue').find((v) => v.field.name === 'Title').text, first_issue.title);
  assert.strictEqual(by_type('ProjectV2ItemFieldSingleSelectValue').find((v) => v.field.name === 'Status').name, 'Q1 2027');
  assert.deepStrictEqual(by_type('ProjectV2ItemFieldIterationValue'), [{ __typename: 'ProjectV2ItemFieldIterationValue', title: 'Q1 2027', startDate: '2026-12-28', duration: 91 }]);
  assert.deepStrictEqual(by_type('ProjectV2ItemFieldUserValue')[0].users.nodes.map((u) => u.login), first_issue.assignees);
  assert.deepStrictEqual(by_type('ProjectV2ItemFieldRepositoryValue')[0].repository, { nameWithOwner: 'apache/tvm' });

  const two_boards = nodes.filter((n) => n.content && n.content.projectItems && n.content.projectItems.nodes.length > 1);
  assert.ok(two_boards.length >= 1);
});
