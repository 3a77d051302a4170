// Changing sub-issues: the edit ops add_sub_issue, remove_sub_issue and reprioritize_sub_issue, the
// mutations addSubIssue, removeSubIssue and reprioritizeSubIssue, what they touch (the parent's
// updatedAt, never the sub-issue's), what they refuse, and how other edits keep the links consistent.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { start } = require('../lib/harness');

let gh;
test.beforeEach(async () => { gh = await start(); });
test.afterEach(async () => { await gh.stop(); });

async function edit(...ops) {
  return gh.ctl('POST', '/edit', { ops });
}

async function state() {
  return (await gh.ctl('GET', '/state')).body;
}

async function gql_ok(query, variables) {
  const r = await gh.gql(query, variables);
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return r.body.data;
}

function latest_timestamp(s) {
  let latest = '';
  JSON.stringify(s, (k, v) => {
    if (['createdAt', 'updatedAt', 'closedAt', 'mergedAt'].includes(k) && typeof v === 'string' && v > latest) latest = v;
    return v;
  });
  return latest;
}

const issue_query = `query($repo: String!, $n: Int!) { repository(owner: "apache", name: $repo) { issue(number: $n) {
  id updatedAt parent { number } subIssuesSummary { total completed percentCompleted }
  subIssues(first: 100) { nodes { number repository { name } } } } } }`;

async function issue(n, repo = 'tvm') {
  return (await gql_ok(issue_query, { repo, n })).repository.issue;
}

const numbers = (i) => i.subIssues.nodes.map((c) => (c.repository.name === 'tvm' ? c.number : `${c.repository.name}#${c.number}`));

test('add_sub_issue appends to the parent, moves the parent\'s updatedAt and not the sub-issue\'s', async () => {
  const latest = latest_timestamp(await state());
  const child_before = await issue(4);
  const r = await edit({ op: 'add_sub_issue', repo: 'apache/tvm', number: 6, sub_number: 4 });
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
  assert.deepStrictEqual(r.body.results, [{ position: 3 }]);
  const parent = await issue(6);
  assert.deepStrictEqual(numbers(parent), [101, 102, 103, 4]);
  assert.deepStrictEqual(parent.subIssuesSummary, { total: 4, completed: 1, percentCompleted: 25 });
  assert.ok(parent.updatedAt > latest, `${parent.updatedAt} > ${latest}`);
  const child = await issue(4);
  assert.deepStrictEqual(child.parent, { number: 6 });
  assert.strictEqual(child.updatedAt, child_before.updatedAt);
});

test('add_sub_issue across repositories, with at; remove_sub_issue takes it out again', async () => {
  const at = '2026-10-31T12:00:00Z';
  const r = await edit({ op: 'add_sub_issue', repo: 'apache/tvm', number: 21, sub_repo: 'apache/tvm-rfcs', sub_number: 87, at });
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
  let parent = await issue(21);
  assert.deepStrictEqual(numbers(parent), [108, 111, 'tvm-rfcs#87']);
  assert.strictEqual(parent.updatedAt, at);
  assert.deepStrictEqual((await issue(87, 'tvm-rfcs')).parent, { number: 21 });

  const removed = await edit({ op: 'remove_sub_issue', repo: 'apache/tvm', number: 21, sub_repo: 'apache/tvm-rfcs', sub_number: 87 });
  assert.strictEqual(removed.status, 200, JSON.stringify(removed.body));
  parent = await issue(21);
  assert.deepStrictEqual(numbers(parent), [108, 111]);
  assert.ok(parent.updatedAt > at);
  assert.strictEqual((await issue(87, 'tvm-rfcs')).parent, null);

  const early = await edit({ op: 'remove_sub_issue', repo: 'apache/tvm', number: 21, sub_number: 111, at: '2026-01-01T00:00:00Z' });
  assert.strictEqual(early.status, 400);
  assert.match(early.body.message, /'at' 2026-01-01T00:00:00Z is earlier than the record's updatedAt/);
});

test('reprioritize_sub_issue moves a sub-issue to a position in its parent\'s list', async () => {
  const before = await issue(7);
  const r = await edit({ op: 'reprioritize_sub_issue', repo: 'apache/tvm', number: 7, sub_number: 106, position: 0 });
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
  const after = await issue(7);
  assert.deepStrictEqual(numbers(after), [106, 22, 104, 105]);
  assert.ok(after.updatedAt > before.updatedAt);
  await edit({ op: 'reprioritize_sub_issue', repo: 'apache/tvm', number: 7, sub_number: 106, position: 3 });
  assert.deepStrictEqual(numbers(await issue(7)), [22, 104, 105, 106]);
  const bad = await edit({ op: 'reprioritize_sub_issue', repo: 'apache/tvm', number: 7, sub_number: 106, position: 4 });
  assert.strictEqual(bad.status, 400);
  assert.match(bad.body.message, /ops\[0\] \(reprioritize_sub_issue\): argument 'position' must be an integer from 0 to 3/);
});

test('replace_parent moves a sub-issue and touches both parents; without it the second parent is refused', async () => {
  const old_parent = await issue(7);
  const refused = await edit({ op: 'add_sub_issue', repo: 'apache/tvm', number: 6, sub_number: 22 });
  assert.strictEqual(refused.status, 400);
  assert.match(refused.body.message, /ops\[0\] \(add_sub_issue\): apache\/tvm#22 is already a sub-issue of apache\/tvm#7 \(replace_parent: true moves it\)/);
  const r = await edit({ op: 'add_sub_issue', repo: 'apache/tvm', number: 6, sub_number: 22, replace_parent: true });
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
  assert.deepStrictEqual((await issue(22)).parent, { number: 6 });
  const left = await issue(7);
  assert.deepStrictEqual(numbers(left), [104, 105, 106]);
  assert.deepStrictEqual(left.subIssuesSummary, { total: 3, completed: 2, percentCompleted: 66 });
  assert.ok(left.updatedAt > old_parent.updatedAt);
});

test('sub-issue ops refuse what GitHub refuses, and a refused list of ops changes nothing', async () => {
  const before = await state();
  const cases = [
    [{ repo: 'apache/tvm', number: 108, sub_number: 21 }, /apache\/tvm#21 is an ancestor of apache\/tvm#108; sub-issues cannot form a cycle/],
    [{ repo: 'apache/tvm', number: 6, sub_number: 6 }, /apache\/tvm#6 is the parent itself/],
    [{ repo: 'apache/tvm', number: 6, sub_number: 101 }, /apache\/tvm#101 is already a sub-issue of apache\/tvm#6/],
    [{ repo: 'apache/tvm', number: 6, sub_number: 8 }, /apache\/tvm#8 is a pull request; only issues can be sub-issues/],
    [{ repo: 'apache/tvm', number: 8, sub_number: 4 }, /apache\/tvm#8 is a pull request; only issues have sub-issues/],
    [{ repo: 'apache/tvm', number: 6, sub_number: 999 }, /apache\/tvm#999 does not exist/],
    [{ repo: 'apache/tvm', number: 6, sub_repo: 'apache/nope', sub_number: 1 }, /repository 'apache\/nope' does not exist/],
    [{ repo: 'apache/tvm', number: 6 }, /missing argument 'sub_number'/],
    [{ repo: 'apache/tvm', number: 6, sub_number: 4, replace_parent: 'yes' }, /argument 'replace_parent' must be a boolean/],
  ];
  for (const [args, message] of cases) {
    const r = await edit({ op: 'add_sub_issue', repo: 'apache/tvm', number: 6, sub_number: 4 }, { op: 'add_sub_issue', ...args });
    assert.strictEqual(r.status, 400, JSON.stringify(args));
    assert.match(r.body.message, /^ops\[1\] \(add_sub_issue\): /);
    assert.match(r.body.message, message);
  }
  const not_child = await edit({ op: 'remove_sub_issue', repo: 'apache/tvm', number: 6, sub_number: 22 });
  assert.strictEqual(not_child.status, 400);
  assert.match(not_child.body.message, /apache\/tvm#22 is not a sub-issue of apache\/tvm#6/);
  assert.deepStrictEqual(await state(), before);
});

test('GitHub\'s limits hold for edits: 100 sub-issues per parent, 8 levels', async () => {
  const made = await edit(...Array.from({ length: 101 }, (_, i) => ({ op: 'create_issue', repo: 'apache/tvm-rfcs', title: `Task ${i + 1}` })));
  assert.strictEqual(made.status, 200, JSON.stringify(made.body));
  const n = made.body.results.map((x) => x.number);
  const hundred = n.slice(0, 100).map((k) => ({ op: 'add_sub_issue', repo: 'apache/tvm-rfcs', number: 84, sub_number: k }));
  assert.strictEqual((await edit(...hundred)).status, 200);
  const over = await edit({ op: 'add_sub_issue', repo: 'apache/tvm-rfcs', number: 84, sub_number: n[100] });
  assert.strictEqual(over.status, 400);
  assert.match(over.body.message, /apache\/tvm-rfcs#84 has 100 sub-issues, GitHub's limit/);

  // #21 > #108 > #109 is 2 levels; a chain of 6 more below #109 reaches 8, a 7th would be 9.
  const chain = [109];
  const fresh = (await edit(...Array.from({ length: 7 }, (_, i) => ({ op: 'create_issue', repo: 'apache/tvm', title: `Level ${i + 3}` })))).body.results.map((x) => x.number);
  chain.push(...fresh);
  const ops = [];
  for (let i = 0; i < 6; ++i) ops.push({ op: 'add_sub_issue', repo: 'apache/tvm', number: chain[i], sub_number: chain[i + 1] });
  const eight = await edit(...ops);
  assert.strictEqual(eight.status, 200, JSON.stringify(eight.body));
  const nine = await edit({ op: 'add_sub_issue', repo: 'apache/tvm', number: chain[6], sub_number: chain[7] });
  assert.strictEqual(nine.status, 400);
  assert.match(nine.body.message, /would reach 9 levels below its top-level issue; GitHub allows 8/);
  // Another sub-issue may still go to level 8; moving a subtree counts the levels below it too:
  // #108 has 7 levels below it now, so under #103 (level 1) it would reach level 9.
  const deep = await edit({ op: 'add_sub_issue', repo: 'apache/tvm', number: chain[5], sub_number: 111, replace_parent: true });
  assert.strictEqual(deep.status, 200, JSON.stringify(deep.body));
  const subtree = await edit({ op: 'add_sub_issue', repo: 'apache/tvm', number: 103, sub_number: 108, replace_parent: true });
  assert.strictEqual(subtree.status, 400);
  assert.match(subtree.body.message, /apache\/tvm#108 \(with its own sub-issues\) would reach 9 levels below its top-level issue/);
});

test('closing a sub-issue changes its parent\'s summary, not the parent\'s updatedAt', async () => {
  const before = await issue(6);
  assert.strictEqual((await edit({ op: 'close_issue', repo: 'apache/tvm', number: 102, reason: 'NOT_PLANNED' })).status, 200);
  const after = await issue(6);
  assert.deepStrictEqual(after.subIssuesSummary, { total: 3, completed: 2, percentCompleted: 66 });
  assert.strictEqual(after.updatedAt, before.updatedAt);
  await edit({ op: 'close_issue', repo: 'apache/tvm', number: 103 });
  assert.deepStrictEqual((await issue(6)).subIssuesSummary, { total: 3, completed: 3, percentCompleted: 100 });
  await edit({ op: 'reopen_issue', repo: 'apache/tvm', number: 101 });
  assert.deepStrictEqual((await issue(6)).subIssuesSummary, { total: 3, completed: 2, percentCompleted: 66 });
});

test('delete_issue and transfer_issue keep the links consistent', async () => {
  // Deleting #108 leaves #109 and #110 without a parent and #21 with one sub-issue.
  assert.strictEqual((await edit({ op: 'delete_issue', repo: 'apache/tvm', number: 108 })).status, 200);
  assert.deepStrictEqual(numbers(await issue(21)), [111]);
  assert.strictEqual((await issue(109)).parent, null);
  // A transferred sub-issue stays in its parent's list under its new id, and keeps its own sub-issues.
  await edit({ op: 'add_sub_issue', repo: 'apache/tvm', number: 111, sub_number: 109 });
  const t = await edit({ op: 'transfer_issue', repo: 'apache/tvm', number: 111, to: 'apache/tvm-rfcs' });
  assert.strictEqual(t.status, 200, JSON.stringify(t.body));
  const moved = t.body.results[0];
  assert.deepStrictEqual(numbers(await issue(21)), [`tvm-rfcs#${moved.number}`]);
  const m = await issue(moved.number, 'tvm-rfcs');
  assert.strictEqual(m.id, moved.id);
  assert.deepStrictEqual(m.parent, { number: 21 });
  assert.deepStrictEqual(numbers(m), [109]);
});

// ---- mutations ---------------------------------------------------------------------------------

const add_sub = `mutation($i: ID!, $s: ID, $u: String, $r: Boolean) { addSubIssue(input: {issueId: $i, subIssueId: $s, subIssueUrl: $u, replaceParent: $r, clientMutationId: "m1"}) {
  clientMutationId issue { number updatedAt subIssuesSummary { total completed percentCompleted } } subIssue { number parent { number } } } }`;
const remove_sub = 'mutation($i: ID!, $s: ID!) { removeSubIssue(input: {issueId: $i, subIssueId: $s}) { issue { number subIssues(first: 10) { nodes { number } } } subIssue { number parent { number } } } }';
const reprioritize = 'mutation($i: ID!, $s: ID!, $a: ID, $b: ID) { reprioritizeSubIssue(input: {issueId: $i, subIssueId: $s, afterId: $a, beforeId: $b}) { issue { subIssues(first: 10) { nodes { number } } } } }';

function id_of(s, repo, number) {
  return s.issues.concat(s.pull_requests).find((i) => i.repository === repo && i.number === number).id;
}

function errors_of(r) {
  return (r.body.errors || []).map((e) => [e.type, e.path, e.message]);
}

test('addSubIssue by id or URL, removeSubIssue, reprioritizeSubIssue; each touches the parent and is journalled', async () => {
  const s = await state();
  const tvm = (n) => id_of(s, 'apache/tvm', n);
  const latest = latest_timestamp(s);
  const added = (await gql_ok(add_sub, { i: tvm(6), s: tvm(4) })).addSubIssue;
  assert.strictEqual(added.clientMutationId, 'm1');
  assert.deepStrictEqual(added.subIssue, { number: 4, parent: { number: 6 } });
  assert.deepStrictEqual(added.issue.subIssuesSummary, { total: 4, completed: 1, percentCompleted: 25 });
  assert.ok(added.issue.updatedAt > latest);

  const by_url = (await gql_ok(add_sub, { i: tvm(6), u: 'https://github.com/apache/tvm-rfcs/issues/84' })).addSubIssue;
  assert.deepStrictEqual(by_url.subIssue, { number: 84, parent: { number: 6 } });

  const moved = (await gql_ok(reprioritize, { i: tvm(6), s: tvm(4), b: tvm(101) })).reprioritizeSubIssue;
  assert.deepStrictEqual(moved.issue.subIssues.nodes.map((x) => x.number), [4, 101, 102, 103, 84]);
  const after = (await gql_ok(reprioritize, { i: tvm(6), s: tvm(4), a: tvm(102) })).reprioritizeSubIssue;
  assert.deepStrictEqual(after.issue.subIssues.nodes.map((x) => x.number), [101, 102, 4, 103, 84]);

  const removed = (await gql_ok(remove_sub, { i: tvm(6), s: tvm(4) })).removeSubIssue;
  assert.deepStrictEqual(removed, { issue: { number: 6, subIssues: { nodes: [{ number: 101 }, { number: 102 }, { number: 103 }, { number: 84 }] } }, subIssue: { number: 4, parent: null } });

  const log = (await gh.ctl('GET', '/mutations')).body;
  assert.deepStrictEqual(log.map((m) => [m.name, m.ok]), [['addSubIssue', true], ['addSubIssue', true], ['reprioritizeSubIssue', true], ['reprioritizeSubIssue', true], ['removeSubIssue', true]]);
  assert.strictEqual(log[0].input.subIssueId, tvm(4));
});

test('the sub-issue mutations refuse with GitHub-shaped errors and change nothing', async () => {
  const s = await state();
  const tvm = (n) => id_of(s, 'apache/tvm', n);
  const add_cases = [
    [{ i: tvm(6), s: tvm(22) }, 'VALIDATION', 'Sub issue may only have one parent'],
    [{ i: tvm(108), s: tvm(21) }, 'VALIDATION', 'Sub issue cannot be an ancestor of the parent issue'],
    [{ i: tvm(6), s: tvm(8) }, 'NOT_FOUND', `Could not resolve to Issue node with the global id of '${tvm(8)}'.`],
    [{ i: 'I_nope', s: tvm(4) }, 'NOT_FOUND', "Could not resolve to a node with the global id of 'I_nope'."],
    [{ i: tvm(6) }, 'VALIDATION', 'Sub issue id or url must be provided'],
    [{ i: tvm(6), u: 'https://github.com/apache/tvm/pull/8' }, 'NOT_FOUND', "Could not resolve to an Issue with the URL of 'https://github.com/apache/tvm/pull/8'."],
    [{ i: tvm(6), s: tvm(4), u: 'https://github.com/apache/tvm/issues/4' }, 'FAKE_NOT_IMPLEMENTED', /both subIssueId and subIssueUrl/],
  ];
  for (const [vars, type, message] of add_cases) {
    const r = await gh.gql(add_sub, vars);
    assert.strictEqual(r.body.data.addSubIssue, null, JSON.stringify(vars));
    const [[t, p, m]] = errors_of(r);
    assert.deepStrictEqual([t, p], [type, ['addSubIssue']]);
    if (message instanceof RegExp) assert.match(m, message); else assert.strictEqual(m, message);
  }
  const not_mine = await gh.gql(remove_sub, { i: tvm(6), s: tvm(22) });
  assert.deepStrictEqual(errors_of(not_mine), [['VALIDATION', ['removeSubIssue'], 'Sub issue does not belong to the parent issue']]);
  const neither = await gh.gql(reprioritize, { i: tvm(7), s: tvm(22) });
  assert.deepStrictEqual(errors_of(neither), [['VALIDATION', ['reprioritizeSubIssue'], 'Either afterId or beforeId must be provided, but not both']]);
  const stranger = await gh.gql(reprioritize, { i: tvm(7), s: tvm(22), a: tvm(101) });
  assert.deepStrictEqual(errors_of(stranger), [['VALIDATION', ['reprioritizeSubIssue'], 'Sub issue does not belong to the parent issue']]);

  const without_budget = (x) => ({ ...x, rate_limit: undefined });
  assert.deepStrictEqual(without_budget(await state()), without_budget(s));
  const log = (await gh.ctl('GET', '/mutations')).body;
  assert.ok(log.length === add_cases.length + 3 && log.every((m) => !m.ok && m.error), JSON.stringify(log));
});

test('replaceParent: true moves a sub-issue to the new parent', async () => {
  const s = await state();
  const tvm = (n) => id_of(s, 'apache/tvm', n);
  const r = (await gql_ok(add_sub, { i: tvm(6), s: tvm(22), r: true })).addSubIssue;
  assert.deepStrictEqual(r.subIssue, { number: 22, parent: { number: 6 } });
  assert.deepStrictEqual(numbers(await issue(7)), [104, 105, 106]);
});
