// Sub-issues as GraphQL reads them: Issue.subIssues (in the parent's order, paged and charged like
// any connection), Issue.subIssuesSummary, Issue.parent; the fixture's hierarchies; and the states
// the store refuses (a missing sub-issue, two parents, a cycle, GitHub's limits).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { start, load_fixture } = require('../lib/harness');
const { normalize } = require('../lib/store');

let gh;
test.before(async () => { gh = await start(); });
test.after(async () => { await gh.stop(); });

async function gql_ok(query, variables) {
  const r = await gh.gql(query, variables);
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return r.body.data;
}

const tree_query = `query($repo: String!, $n: Int!) { repository(owner: "apache", name: $repo) { issue(number: $n) {
  number parent { number repository { nameWithOwner } }
  subIssuesSummary { total completed percentCompleted }
  subIssues(first: 10) { totalCount nodes { number state stateReason repository { nameWithOwner } parent { number }
    subIssuesSummary { total completed percentCompleted } } } } } }`;

async function tree(n, repo = 'tvm') {
  return (await gql_ok(tree_query, { repo, n })).repository.issue;
}

const summary = (total, completed, percentCompleted) => ({ total, completed, percentCompleted });

test('a roadmap item without a task list shows its progress through its sub-issues (#6: 1 of 3 closed, 33%)', async () => {
  const hexagon = await tree(6);
  assert.doesNotMatch(load_fixture().issues.find((i) => i.number === 6 && i.repository === 'apache/tvm').body, /- \[[ x]\]/);
  assert.deepStrictEqual(hexagon.subIssuesSummary, summary(3, 1, 33));
  assert.deepStrictEqual(hexagon.subIssues.nodes.map((c) => [c.number, c.state, c.parent.number]), [[101, 'CLOSED', 6], [102, 'OPEN', 6], [103, 'OPEN', 6]]);
  assert.strictEqual(hexagon.parent, null);
});

test('closed sub-issues count as completed whatever the reason: #7 has 2 of 4 closed, one as not planned', async () => {
  const infra = await tree(7);
  assert.deepStrictEqual(infra.subIssuesSummary, summary(4, 2, 50));
  assert.deepStrictEqual(infra.subIssues.nodes.map((c) => [c.number, c.state, c.stateReason]),
    [[22, 'OPEN', null], [104, 'CLOSED', 'COMPLETED'], [105, 'CLOSED', 'NOT_PLANNED'], [106, 'OPEN', null]]);
  // #22 is an older issue (and a CI board item) that became a sub-issue.
  assert.deepStrictEqual((await tree(22)).parent, { number: 7, repository: { nameWithOwner: 'apache/tvm' } });
});

test('a sub-issue may live in another repository of the same owner (#1 > apache/tvm-rfcs#88)', async () => {
  const unity = await tree(1);
  assert.deepStrictEqual(unity.subIssues.nodes.map((c) => [c.repository.nameWithOwner, c.number, c.state]),
    [['apache/tvm-rfcs', 88, 'OPEN'], ['apache/tvm', 107, 'CLOSED']]);
  assert.deepStrictEqual(unity.subIssuesSummary, summary(2, 1, 50));
  const note = await tree(88, 'tvm-rfcs');
  assert.deepStrictEqual(note.parent, { number: 1, repository: { nameWithOwner: 'apache/tvm' } });
  assert.deepStrictEqual(note.subIssuesSummary, summary(0, 0, 0));
});

test('nested two levels: #21 > #108 > #109, #110; the summary counts direct sub-issues only', async () => {
  const dist = await tree(21);
  assert.deepStrictEqual(dist.subIssuesSummary, summary(2, 0, 0));
  assert.deepStrictEqual(dist.subIssues.nodes.map((c) => [c.number, c.state, c.subIssuesSummary]),
    [[108, 'OPEN', summary(2, 2, 100)], [111, 'OPEN', summary(0, 0, 0)]]);
  const leaf = (await gql_ok('{ repository(owner: "apache", name: "tvm") { issue(number: 110) { parent { number parent { number parent { number } } } } } }')).repository.issue;
  assert.deepStrictEqual(leaf, { parent: { number: 108, parent: { number: 21, parent: null } } });
});

test('an issue without sub-issues: empty connection, zero summary, no parent', async () => {
  const plain = await tree(4);
  assert.deepStrictEqual(plain, {
    number: 4, parent: null, subIssuesSummary: summary(0, 0, 0), subIssues: { totalCount: 0, nodes: [] },
  });
});

test('subIssues pages with first/after and last/before, like every connection', async () => {
  const q = `query($first: Int, $after: String, $last: Int, $before: String) { repository(owner: "apache", name: "tvm") { issue(number: 7) {
    subIssues(first: $first, after: $after, last: $last, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { number } } } } }`;
  const page = async (v) => (await gql_ok(q, v)).repository.issue.subIssues;
  const one = await page({ first: 3 });
  assert.deepStrictEqual(one.nodes.map((n) => n.number), [22, 104, 105]);
  assert.strictEqual(one.totalCount, 4);
  assert.strictEqual(one.pageInfo.hasNextPage, true);
  const two = await page({ first: 3, after: one.pageInfo.endCursor });
  assert.deepStrictEqual(two.nodes.map((n) => n.number), [106]);
  assert.strictEqual(two.pageInfo.hasNextPage, false);
  assert.strictEqual(two.pageInfo.hasPreviousPage, true);
  const back = await page({ last: 2, before: two.pageInfo.startCursor });
  assert.deepStrictEqual(back.nodes.map((n) => n.number), [104, 105]);
  const bad = await gh.gql(q, { first: 1, after: 'bm90IGEgY3Vyc29y' });
  assert.strictEqual(bad.body.errors[0].type, 'INVALID_CURSOR_ARGUMENTS');
});

test('subIssues needs first or last, at most 100, and counts in cost and nodeCount', async () => {
  const missing = await gh.gql('{ repository(owner: "apache", name: "tvm") { issue(number: 7) { subIssues { totalCount } } } }');
  assert.strictEqual(missing.body.data, undefined);
  assert.strictEqual(missing.body.errors[0].message, 'You must provide a `first` or `last` value to properly paginate the `subIssues` connection.');
  const big = await gh.gql('{ repository(owner: "apache", name: "tvm") { issue(number: 7) { subIssues(first: 101) { totalCount } } } }');
  assert.strictEqual(big.body.errors[0].message, 'Requesting 101 records on the `subIssues` connection exceeds the `first` limit of 100 records.');
  // issues(100) > subIssues(50) > subIssues(20): 1 + 100 + 5,000 requests = cost 51; nodes 100 + 5,000 + 100,000.
  const deep = await gql_ok(`{ repository(owner: "apache", name: "tvm") { issues(first: 100) { nodes { subIssues(first: 50) {
    nodes { subIssues(first: 20) { totalCount } } } } } } rateLimit { cost nodeCount } }`);
  assert.deepStrictEqual(deep.rateLimit, { cost: 51, nodeCount: 105100 });
});

test('a document selecting the sub-issue fields validates against the schema (validate.js)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-sub-issues-'));
  const doc = path.join(dir, 'sub_issues.graphql');
  fs.writeFileSync(doc, `query SubIssues($owner: String!, $name: String!, $n: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    issue(number: $n) {
      id
      parent { id number repository { nameWithOwner } }
      subIssuesSummary { total completed percentCompleted }
      subIssues(first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { id number state stateReason updatedAt repository { nameWithOwner } subIssuesSummary { total completed percentCompleted } }
      }
    }
  }
}
`);
  const validate = path.join(__dirname, '..', 'validate.js');
  try {
    assert.strictEqual(execFileSync(process.execPath, [validate, doc]).toString(), '');
    fs.writeFileSync(doc, '{ repository(owner: "apache", name: "tvm") { issue(number: 1) { subIssuesSummary { total open } } } }\n');
    const r = spawnSync(process.execPath, [validate, doc]);
    assert.strictEqual(r.status, 1);
    assert.match(r.stdout.toString(), /Cannot query field "open" on type "SubIssuesSummary"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a sub-issue in state.failing_nodes is an error at its position; its siblings resolve', async () => {
  const state = load_fixture();
  const failing = state.issues.find((i) => i.repository === 'apache/tvm' && i.number === 104).id;
  state.failing_nodes = [failing];
  const other = await start(state);
  try {
    const r = await other.gql('{ repository(owner: "apache", name: "tvm") { issue(number: 7) { subIssues(first: 10) { nodes { number } } } } }');
    assert.deepStrictEqual(r.body.data.repository.issue.subIssues.nodes, [{ number: 22 }, null, { number: 105 }, { number: 106 }]);
    assert.deepStrictEqual(r.body.errors[0].path, ['repository', 'issue', 'subIssues', 'nodes', 1]);
  } finally {
    await other.stop();
  }
});

// ---- states the store refuses ----------------------------------------------------------------

// A small world: apache/a, apache/b and octo-org/c, issues a#1..a#n, b#1, c#1, pull request a#50.
function world(n = 4) {
  const issue = (repo, number) => ({ id: `I_${repo.replace('/', '_')}_${number}`, repository: repo, number, title: `${repo}#${number}` });
  return {
    users: [{ id: 'U_1', login: 'someone' }],
    organizations: [{ id: 'O_1', login: 'apache' }, { id: 'O_2', login: 'octo-org' }],
    repositories: [{ id: 'R_1', owner: 'apache', name: 'a' }, { id: 'R_2', owner: 'apache', name: 'b' }, { id: 'R_3', owner: 'octo-org', name: 'c' }],
    issues: Array.from({ length: n }, (_, i) => issue('apache/a', i + 1)).concat([issue('apache/b', 1), issue('octo-org/c', 1)]),
    pull_requests: [{ id: 'PR_a_50', repository: 'apache/a', number: 50, title: 'a PR' }],
  };
}
const id = (repo, n) => `I_${repo.replace('/', '_')}_${n}`;
const links = (state, parent, children) => {
  state.issues.find((i) => i.id === parent).sub_issues = children;
  return state;
};

test('a hand-written state may link sub-issues across repositories of one owner; parents are derived', () => {
  const s = normalize(links(world(), id('apache/a', 1), [id('apache/a', 2), id('apache/b', 1)]));
  assert.deepStrictEqual(s.issues.map((i) => i.sub_issues.length), [2, 0, 0, 0, 0, 0]);
});

test('states GitHub could not be in are refused with a message naming the problem', () => {
  const a = (n) => id('apache/a', n);
  const cases = [
    [links(world(), a(1), [id('apache/a', 9)]), /sub-issue 'I_apache_a_9' of apache\/a#1 does not exist/],
    [links(world(), a(1), ['PR_a_50']), /sub-issue 'PR_a_50' of apache\/a#1 is a pull request; only issues can be sub-issues/],
    [links(world(), a(1), [a(2), a(2)]), /apache\/a#1 lists sub-issue apache\/a#2 twice/],
    [links(world(), a(1), [a(1)]), /apache\/a#1 is its own sub-issue/],
    [links(links(world(), a(1), [a(3)]), a(2), [a(3)]), /apache\/a#3 is a sub-issue of both apache\/a#1 and apache\/a#2; an issue has at most one parent/],
    [links(links(links(world(), a(1), [a(2)]), a(2), [a(3)]), a(3), [a(1)]), /sub-issues form a cycle: apache\/a#2 > apache\/a#3 > apache\/a#1 > apache\/a#2/],
    [links(world(), a(1), [id('octo-org/c', 1)]), /sub-issue octo-org\/c#1 of apache\/a#1 belongs to another owner/],
    [links(world(), a(1), 'I_apache_a_2'), /sub_issues of apache\/a#1 must be a list of issue node ids/],
    [(() => { const s = world(); s.issues[1].parent = a(1); return s; })(), /apache\/a#2 has 'parent'; write the link on the parent issue instead/],
    [(() => { const s = world(); s.pull_requests[0].sub_issues = [a(1)]; return s; })(), /pull request apache\/a#50 has sub_issues; only issues have sub-issues/],
  ];
  for (const [state, message] of cases) {
    assert.throws(() => normalize(state), (e) => {
      assert.match(e.message, /^state file is inconsistent: /);
      assert.match(e.message, message);
      return true;
    });
  }
});

test('GitHub\'s limits: 100 sub-issues per parent, 8 levels below a top-level issue', () => {
  const many = world(102);
  many.issues[0].sub_issues = many.issues.slice(1, 101).map((i) => i.id);
  assert.doesNotThrow(() => normalize(JSON.parse(JSON.stringify(many))));
  many.issues[0].sub_issues.push(many.issues[101].id);
  assert.throws(() => normalize(many), /apache\/a#1 has 101 sub-issues; GitHub allows at most 100 per parent/);

  const chain = (levels) => {
    const s = world(levels + 1);
    for (let i = 0; i < levels; ++i) s.issues[i].sub_issues = [s.issues[i + 1].id];
    return s;
  };
  assert.doesNotThrow(() => normalize(chain(8)));
  assert.throws(() => normalize(chain(9)), /apache\/a#10 is 9 levels below its top-level issue apache\/a#1; GitHub allows at most 8 levels of sub-issues/);
});

test('PUT /state answers 400 for such a state and keeps the old one; the server refuses to start on it', async () => {
  const bad = links(links(world(), id('apache/a', 1), [id('apache/a', 3)]), id('apache/a', 2), [id('apache/a', 3)]);
  const put = await gh.ctl('PUT', '/state', bad);
  assert.strictEqual(put.status, 400);
  assert.match(put.body.message, /^state rejected: state file is inconsistent: apache\/a#3 is a sub-issue of both/);
  assert.deepStrictEqual((await tree(6)).subIssuesSummary, summary(3, 1, 33));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-sub-issues-'));
  try {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, JSON.stringify(bad));
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', 'server.js'), '--state', file], { timeout: 10000 });
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr.toString(), /cannot load state .*: state file is inconsistent: apache\/a#3 is a sub-issue of both apache\/a#1 and apache\/a#2/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
