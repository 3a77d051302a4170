// Comments on issues and pull requests: reading them, and the comment mutations roadmapd sends
// (addComment, updateIssueComment, minimizeComment, unminimizeComment) with GitHub's errors.
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

function issue_in(s, number) {
  return s.issues.find((i) => i.repository === 'apache/tvm' && i.number === number);
}

function latest_timestamp(s) {
  let latest = '';
  JSON.stringify(s, (k, v) => {
    if (['createdAt', 'updatedAt', 'closedAt', 'mergedAt'].includes(k) && typeof v === 'string' && v > latest) latest = v;
    return v;
  });
  return latest;
}

const comment_fields = 'id databaseId body author { login } createdAt updatedAt lastEditedAt isMinimized minimizedReason viewerDidAuthor viewerCanUpdate url';
const comments_of = `query($n: Int!, $after: String) { repository(owner: "apache", name: "tvm") { issue(number: $n) { updatedAt
  comments(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${comment_fields} } } } } }`;

async function all_comments(number) {
  const out = [];
  let after = null;
  for (;;) {
    const r = await gh.gql(comments_of, { n: number, after });
    assert.strictEqual(r.body.errors, undefined, JSON.stringify(r.body.errors));
    const c = r.body.data.repository.issue.comments;
    out.push(...c.nodes);
    if (!c.pageInfo.hasNextPage) return { comments: out, total: c.totalCount, updatedAt: r.body.data.repository.issue.updatedAt };
    after = c.pageInfo.endCursor;
  }
}

async function gql_ok(query, variables) {
  const r = await gh.gql(query, variables);
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return r.body.data;
}

const add = 'mutation($s: ID!, $b: String!) { addComment(input: {subjectId: $s, body: $b, clientMutationId: "m1"}) { clientMutationId commentEdge { node { id author { login } body } } subject { id ... on Issue { updatedAt } } } }';
const update = 'mutation($id: ID!, $b: String!) { updateIssueComment(input: {id: $id, body: $b}) { issueComment { id body lastEditedAt editor { login } } } }';
const minimize = 'mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: RESOLVED}) { minimizedComment { isMinimized minimizedReason ... on IssueComment { id } } } }';
const unminimize = 'mutation($id: ID!) { unminimizeComment(input: {subjectId: $id}) { unminimizedComment { isMinimized minimizedReason } } }';

test('the fixture comments read back in order, paged, by node id, with their author and url', async () => {
  const got = await all_comments(6);
  assert.strictEqual(got.total, 2);
  assert.deepStrictEqual(got.comments.map((c) => c.author.login), ['kparzysz-quic', 'tqchen']);
  const lookalike = got.comments[0];
  assert.match(lookalike.body, /^<!-- roadmapd:sticky -->\n/);
  assert.strictEqual(lookalike.viewerDidAuthor, false);
  assert.strictEqual(lookalike.viewerCanUpdate, false);
  assert.strictEqual(lookalike.url, `https://github.com/apache/tvm/issues/6#issuecomment-${lookalike.databaseId}`);
  assert.ok(got.updatedAt >= got.comments[1].createdAt, 'an issue is at least as new as its last comment');

  const by_id = await gql_ok(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on IssueComment { body issue { number } pullRequest { number } repository { nameWithOwner } } } }`,
    { ids: got.comments.map((c) => c.id) });
  assert.deepStrictEqual(by_id.nodes.map((n) => [n.__typename, n.issue.number, n.pullRequest, n.repository.nameWithOwner]),
    [['IssueComment', 6, null, 'apache/tvm'], ['IssueComment', 6, null, 'apache/tvm']]);

  const pr = await gql_ok('{ repository(owner: "apache", name: "tvm") { pullRequest(number: 8) { comments(first: 10) { nodes { id url pullRequest { number } } } } } }');
  const pr_comment = pr.repository.pullRequest.comments.nodes[0];
  assert.strictEqual(pr_comment.pullRequest.number, 8);
  assert.match(pr_comment.url, /\/apache\/tvm\/pull\/8#issuecomment-\d+$/);
  // The hidden issue behind a pull request is not modelled: an error, never a made-up answer.
  const hidden = await gh.gql('query($id: ID!) { node(id: $id) { ... on IssueComment { issue { number } } } }', { id: pr_comment.id });
  assert.strictEqual(hidden.body.errors[0].type, 'FAKE_NOT_IMPLEMENTED');
});

test('addComment appends the viewer\'s comment and moves the issue\'s updatedAt, not the board item\'s', async () => {
  const before = await state();
  const latest = latest_timestamp(before);
  const issue = issue_in(before, 4);
  const item = before.projects.find((p) => p.number === 1).items.find((i) => i.content === issue.id);

  const out = (await gql_ok(add, { s: issue.id, b: '<!-- roadmapd -->\nThis item needs a **Scope** section.' })).addComment;
  assert.strictEqual(out.clientMutationId, 'm1');
  assert.strictEqual(out.commentEdge.node.author.login, 'roadmapd-bot');
  assert.strictEqual(out.subject.id, issue.id);
  assert.ok(out.subject.updatedAt > latest, `${out.subject.updatedAt} > ${latest}`);

  const got = await all_comments(4);
  assert.strictEqual(got.total, 1);
  assert.strictEqual(got.comments[0].id, out.commentEdge.node.id);
  assert.strictEqual(got.comments[0].viewerDidAuthor, true);
  assert.strictEqual(got.comments[0].createdAt, out.subject.updatedAt);
  assert.strictEqual(got.updatedAt, got.comments[0].createdAt);

  const item_after = (await gql_ok('query($id: ID!) { node(id: $id) { ... on ProjectV2Item { updatedAt } } }', { id: item.id })).node;
  assert.strictEqual(item_after.updatedAt, item.updatedAt);
});

test('updateIssueComment edits the viewer\'s own comment; the same body again changes nothing', async () => {
  const issue = issue_in(await state(), 9);
  const id = (await gql_ok(add, { s: issue.id, b: 'first' })).addComment.commentEdge.node.id;
  const edited = (await gql_ok(update, { id, b: 'second' })).updateIssueComment.issueComment;
  assert.strictEqual(edited.body, 'second');
  assert.strictEqual(edited.editor.login, 'roadmapd-bot');
  const after_edit = await all_comments(9);
  assert.strictEqual(after_edit.comments[0].body, 'second');
  assert.strictEqual(after_edit.comments[0].lastEditedAt, edited.lastEditedAt);
  assert.strictEqual(after_edit.updatedAt, edited.lastEditedAt, 'an edited comment touches its issue');

  await gql_ok(update, { id, b: 'second' });
  const again = await all_comments(9);
  assert.strictEqual(again.updatedAt, after_edit.updatedAt);
  assert.strictEqual(again.comments[0].updatedAt, after_edit.comments[0].updatedAt);
});

test('a person\'s comment cannot be edited, minimized or unminimized: FORBIDDEN, unchanged, and recorded', async () => {
  const before = await all_comments(6);
  const lookalike = before.comments[0];
  for (const [query, vars, type_name] of [[update, { id: lookalike.id, b: 'overwritten' }, 'UpdateIssueComment'],
    [minimize, { id: lookalike.id }, 'MinimizeComment'], [unminimize, { id: lookalike.id }, 'UnminimizeComment']]) {
    const r = await gh.gql(query, vars);
    assert.strictEqual(r.status, 200);
    const field = Object.keys(r.body.data)[0];
    assert.strictEqual(r.body.data[field], null);
    assert.deepStrictEqual(r.body.errors.map((e) => [e.type, e.path, e.message, e.extensions]),
      [['FORBIDDEN', [field], `roadmapd-bot does not have the correct permissions to execute \`${type_name}\``, { saml_failure: false }]]);
  }
  assert.deepStrictEqual(await all_comments(6), before);
  const log = (await gh.ctl('GET', '/mutations')).body;
  assert.deepStrictEqual(log.map((m) => [m.name, m.ok, m.input.id || m.input.subjectId]),
    [['updateIssueComment', false, lookalike.id], ['minimizeComment', false, lookalike.id], ['unminimizeComment', false, lookalike.id]]);
  assert.match(log[0].error, /does not have the correct permissions/);
});

test('minimizeComment hides the viewer\'s comment as resolved; unminimizeComment shows it again', async () => {
  const issue = issue_in(await state(), 11);
  const id = (await gql_ok(add, { s: issue.id, b: 'All fixed.' })).addComment.commentEdge.node.id;
  const hidden = (await gql_ok(minimize, { id })).minimizeComment.minimizedComment;
  assert.deepStrictEqual(hidden, { isMinimized: true, minimizedReason: 'resolved', id });
  const listed = (await all_comments(11)).comments[0];
  assert.strictEqual(listed.isMinimized, true);
  assert.strictEqual(listed.minimizedReason, 'resolved');
  const shown = (await gql_ok(unminimize, { id })).unminimizeComment.unminimizedComment;
  assert.deepStrictEqual(shown, { isMinimized: false, minimizedReason: null });
});

test('addComment refuses what GitHub refuses and changes nothing', async () => {
  const before = await state();
  const issue = issue_in(before, 4);
  const draft = before.draft_issues[0];
  const cases = [
    [{ s: 'I_doesnotexist', b: 'x' }, 'NOT_FOUND', "Could not resolve to a node with the global id of 'I_doesnotexist'."],
    [{ s: draft.id, b: 'x' }, 'NOT_FOUND', `Could not resolve to Issue or PullRequest node with the global id of '${draft.id}'.`],
    [{ s: issue.id, b: '  \n' }, 'UNPROCESSABLE', "Body can't be blank"],
    [{ s: issue.id, b: 'é'.repeat(65537) }, 'UNPROCESSABLE', 'Body is too long (maximum is 65536 characters)'],
  ];
  for (const [vars, type, message] of cases) {
    const r = await gh.gql(add, vars);
    assert.strictEqual(r.body.data.addComment, null);
    assert.deepStrictEqual(r.body.errors.map((e) => [e.type, e.path, e.message]), [[type, ['addComment'], message]]);
  }
  // 65,536 characters is the limit itself, counted in characters, not bytes.
  await gql_ok(add, { s: issue.id, b: 'é'.repeat(65536) });
  const after = await state();
  assert.strictEqual(issue_in(after, 4).comments.length, 1);
});

test('edit ops: a person\'s comment, its edit and deletion; set_viewer changes whose comments are "own"', async () => {
  const r = await gh.ctl('POST', '/edit', { ops: [{ op: 'add_comment', repo: 'apache/tvm', number: 4, author: 'areusch', body: 'Scope: the docs site only.', created_at: '2026-10-31T10:00:00Z' }] });
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
  const { id, databaseId } = r.body.results[0];
  assert.ok(databaseId > 2100000000);
  let got = await all_comments(4);
  assert.deepStrictEqual(got.comments.map((c) => [c.id, c.author.login, c.createdAt, c.viewerDidAuthor]), [[id, 'areusch', '2026-10-31T10:00:00Z', false]]);
  assert.ok(got.updatedAt > '2026-10-31T10:00:00Z', 'the issue moves to the time of the change');

  assert.strictEqual((await gh.ctl('POST', '/edit', { ops: [{ op: 'edit_comment', id, body: 'Scope: docs and tutorials.' }] })).status, 200);
  got = await all_comments(4);
  assert.strictEqual(got.comments[0].body, 'Scope: docs and tutorials.');
  assert.ok(got.comments[0].lastEditedAt);

  assert.strictEqual((await gh.ctl('POST', '/edit', { ops: [{ op: 'set_viewer', login: 'areusch' }] })).status, 200);
  assert.strictEqual((await all_comments(4)).comments[0].viewerDidAuthor, true);
  assert.strictEqual((await gql_ok(update, { id, b: 'mine now' })).updateIssueComment.issueComment.editor.login, 'areusch');

  assert.strictEqual((await gh.ctl('POST', '/edit', { ops: [{ op: 'delete_comment', id }] })).status, 200);
  assert.strictEqual((await all_comments(4)).total, 0);

  const bad = await gh.ctl('POST', '/edit', { ops: [{ op: 'add_comment', repo: 'apache/tvm', number: 4, author: 'nobody-here', body: 'x' }] });
  assert.strictEqual(bad.status, 400);
  assert.match(bad.body.message, /ops\[0\] \(add_comment\): user 'nobody-here' does not exist/);
  const bad_viewer = await gh.ctl('POST', '/edit', { ops: [{ op: 'set_viewer', login: 'apache' }] });
  assert.strictEqual(bad_viewer.status, 400);
});

test('comments follow a transferred issue', async () => {
  const t = await gh.ctl('POST', '/edit', { ops: [{ op: 'transfer_issue', repo: 'apache/tvm', number: 6, to: 'apache/tvm-rfcs' }] });
  assert.strictEqual(t.status, 200, JSON.stringify(t.body));
  const moved = await gql_ok('query($n: Int!) { repository(owner: "apache", name: "tvm-rfcs") { issue(number: $n) { comments(first: 5) { nodes { author { login } url } } } } }', { n: t.body.results[0].number });
  const nodes = moved.repository.issue.comments.nodes;
  assert.deepStrictEqual(nodes.map((c) => c.author.login), ['kparzysz-quic', 'tqchen']);
  assert.match(nodes[0].url, new RegExp(`/apache/tvm-rfcs/issues/${t.body.results[0].number}#issuecomment-`));
});
