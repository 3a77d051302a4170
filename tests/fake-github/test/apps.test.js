// GitHub Apps: JWT checks on the App endpoints, installation tokens (lifetime, expiry, revocation)
// accepted by GraphQL with the App's bot as viewer, installation look-up by account.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const crypto = require('crypto');
const { start, load_fixture, token } = require('../lib/harness');

// A key pair made for this run: no private key is ever committed.
const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const other_keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const app_id = 4242;
const installation_id = 777001;
const user_installation_id = 777002;

function b64url(v) {
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
}

function jwt(claims, { key = keys.privateKey, header = { alg: 'RS256', typ: 'JWT' } } = {}) {
  const signing_input = `${b64url(header)}.${b64url(claims)}`;
  return `${signing_input}.${crypto.sign('RSA-SHA256', Buffer.from(signing_input), key).toString('base64url')}`;
}

function now_s() {
  return Math.floor(Date.now() / 1000);
}

function good_claims() {
  return { iat: now_s() - 60, exp: now_s() + 540, iss: app_id };
}

let gh;
test.before(async () => {
  const state = load_fixture();
  state.apps = [{
    id: app_id, slug: 'roadmapd-app',
    public_key: keys.publicKey.export({ type: 'spki', format: 'pem' }),
    installations: [{ id: installation_id, account: 'apache' }, { id: user_installation_id, account: 'denise-k' }],
  }];
  gh = await start(state);
});
test.after(async () => { await gh.stop(); });

async function rest(method, path, auth) {
  const headers = { 'user-agent': 'fake-github-selftest', accept: 'application/vnd.github+json' };
  if (auth !== undefined) headers.authorization = auth;
  const res = await fetch(`${gh.api}${path}`, { method, headers });
  return { status: res.status, body: await res.json() };
}

function access_token(auth, id = installation_id) {
  return rest('POST', `/app/installations/${id}/access_tokens`, auth);
}

test('a valid JWT gets an installation token that lasts an hour and works for GraphQL as the bot', async () => {
  const r = await access_token(`Bearer ${jwt(good_claims())}`);
  assert.strictEqual(r.status, 201);
  assert.match(r.body.token, /^ghs_[A-Za-z0-9]{36}$/);
  const lasts = Date.parse(r.body.expires_at) / 1000 - now_s();
  assert.ok(lasts > 3590 && lasts <= 3600, `expires in ${lasts} s`);
  assert.strictEqual(r.body.repository_selection, 'all');
  const q = await gh.gql('{ viewer { login } }', {}, { auth: `token ${r.body.token}` });
  assert.strictEqual(q.status, 200);
  assert.strictEqual(q.body.data.viewer.login, 'roadmapd-app[bot]');
});

test('the bot writes comments as itself and may edit only those', async () => {
  const r = await access_token(`Bearer ${jwt(good_claims())}`);
  const auth = { auth: `bearer ${r.body.token}` };
  const issue = await gh.gql('{ repository(owner: "apache", name: "tvm") { issue(number: 6) { id comments(first: 5) { nodes { id viewerDidAuthor } } } } }', {}, auth);
  const subject = issue.body.data.repository.issue;
  assert.ok(subject.comments.nodes.every((c) => c.viewerDidAuthor === false));
  const added = await gh.gql('mutation($s: ID!) { addComment(input: {subjectId: $s, body: "hi"}) { commentEdge { node { id author { login } viewerDidAuthor } } } }', { s: subject.id }, auth);
  const node = added.body.data.addComment.commentEdge.node;
  assert.deepStrictEqual([node.author.login, node.viewerDidAuthor], ['roadmapd-app[bot]', true]);
  const refused = await gh.gql('mutation($c: ID!) { updateIssueComment(input: {id: $c, body: "x"}) { issueComment { id } } }', { c: subject.comments.nodes[0].id }, auth);
  assert.strictEqual(refused.body.errors[0].type, 'FORBIDDEN');
  assert.strictEqual(refused.body.errors[0].message, 'Resource not accessible by integration');
  const journal = (await gh.ctl('GET', '/mutations')).body;
  assert.strictEqual(journal[journal.length - 2].viewer, 'roadmapd-app[bot]');
});

test('the personal token still answers as the state viewer', async () => {
  const q = await gh.gql('{ viewer { login } }', {}, { auth: `bearer ${token}` });
  assert.strictEqual(q.body.data.viewer.login, 'roadmapd-bot');
});

test('JWTs GitHub would refuse get its 401 and 404 answers', async () => {
  const s = now_s();
  const cases = [
    ['expired', jwt({ iat: s - 700, exp: s - 100, iss: app_id }), 401,
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"],
    ['issued in the future', jwt({ iat: s + 120, exp: s + 300, iss: app_id }), 401,
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"],
    ['longer than ten minutes', jwt({ iat: s - 60, exp: s + 560, iss: app_id }), 401, "'Expiration time' claim ('exp') is too far in the future"],
    ['not a JWT', 'not-a-jwt', 401, 'A JSON web token could not be decoded'],
    ['signed with another key', jwt(good_claims(), { key: other_keys.privateKey }), 401, 'A JSON web token could not be decoded'],
    ['HS256', jwt(good_claims(), { header: { alg: 'HS256', typ: 'JWT' } }), 401, 'A JSON web token could not be decoded'],
    ['unknown App', jwt({ ...good_claims(), iss: 1 }), 404, 'Integration not found'],
  ];
  for (const [what, bearer, status, message] of cases) {
    const r = await access_token(`Bearer ${bearer}`);
    assert.deepStrictEqual([r.status, r.body.message], [status, message], what);
  }
  const unknown = await access_token(`Bearer ${jwt(good_claims())}`, 5);
  assert.deepStrictEqual([unknown.status, unknown.body.message], [404, 'Not Found']);
  const none = await access_token(undefined);
  assert.deepStrictEqual([none.status, none.body.message], [401, 'Requires authentication']);
});

test('a JWT is not a token for GraphQL, and an installation token is not a JWT', async () => {
  const bearer = jwt(good_claims());
  const q = await gh.gql('{ viewer { login } }', {}, { auth: `bearer ${bearer}` });
  assert.strictEqual(q.status, 401);
  const minted = await access_token(`Bearer ${bearer}`);
  const r = await access_token(`Bearer ${minted.body.token}`);
  assert.deepStrictEqual([r.status, r.body.message], [401, 'A JSON web token could not be decoded']);
});

test('installations are found by account: /orgs for organizations, /users for any account', async () => {
  const auth = `Bearer ${jwt(good_claims())}`;
  const org = await rest('GET', '/orgs/apache/installation', auth);
  assert.deepStrictEqual([org.status, org.body.id, org.body.account.login, org.body.target_type], [200, installation_id, 'apache', 'Organization']);
  const user = await rest('GET', '/users/denise-k/installation', auth);
  assert.deepStrictEqual([user.status, user.body.id, user.body.target_type], [200, user_installation_id, 'User']);
  assert.strictEqual((await rest('GET', '/users/apache/installation', auth)).body.id, installation_id);
  assert.strictEqual((await rest('GET', '/orgs/denise-k/installation', auth)).status, 404);
  assert.strictEqual((await rest('GET', '/orgs/nobody-here/installation', auth)).status, 404);
  assert.strictEqual((await rest('GET', '/api/v3/orgs/apache/installation', auth)).status, 200);
});

test('the control port shortens lifetimes, expires and revokes tokens, and lists what it saw', async () => {
  const set = await gh.ctl('POST', '/apps', { lifetime_seconds: 5 });
  assert.strictEqual(set.body.lifetime_seconds, 5);
  const bearer = jwt(good_claims());
  const short = await access_token(`Bearer ${bearer}`);
  const lasts = Date.parse(short.body.expires_at) / 1000 - now_s();
  assert.ok(lasts >= 4 && lasts <= 5, `expires in ${lasts} s`);
  const view = (await gh.ctl('GET', '/apps')).body;
  assert.ok(view.jwts.includes(bearer));
  assert.ok(view.tokens.some((t) => t.token === short.body.token && t.installation === installation_id));

  assert.strictEqual((await gh.gql('{ viewer { login } }', {}, { auth: `bearer ${short.body.token}` })).status, 200);
  await gh.ctl('POST', '/apps', { expire: true });
  const expired = await gh.gql('{ viewer { login } }', {}, { auth: `bearer ${short.body.token}` });
  assert.deepStrictEqual([expired.status, expired.body.message], [401, 'Bad credentials']);

  await gh.ctl('POST', '/apps', { lifetime_seconds: 3600 });
  const fresh = await access_token(`Bearer ${jwt(good_claims())}`);
  assert.strictEqual((await gh.gql('{ viewer { login } }', {}, { auth: `bearer ${fresh.body.token}` })).status, 200);
  await gh.ctl('POST', '/apps', { revoke: true });
  assert.strictEqual((await gh.gql('{ viewer { login } }', {}, { auth: `bearer ${fresh.body.token}` })).status, 401);
  // The personal token is not an installation token: revoking those leaves it alone.
  assert.strictEqual((await gh.gql('{ viewer { login } }', {}, { auth: `bearer ${token}` })).status, 200);

  const bad = await gh.ctl('POST', '/apps', { lifetime: 5 });
  assert.strictEqual(bad.status, 400);
  assert.match(bad.body.message, /unknown key 'lifetime'/);
});

test('the request log never holds a JWT or an installation token', async () => {
  const log = JSON.stringify((await gh.ctl('GET', '/requests')).body);
  const view = (await gh.ctl('GET', '/apps')).body;
  for (const secret of [...view.jwts, ...view.tokens.map((t) => t.token)]) assert.ok(!log.includes(secret));
});
