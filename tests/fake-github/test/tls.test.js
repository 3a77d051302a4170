// HTTPS mode with make-certs.sh certificates: trusted by ca.pem, refused by another CA.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const https = require('https');
const os = require('os');
const path = require('path');
const { start, token } = require('../lib/harness');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-certs-'));
let gh;
test.before(async () => {
  execFileSync(path.join(__dirname, '..', 'make-certs.sh'), [dir]);
  gh = await start(undefined, ['--tls-cert', path.join(dir, 'server.pem'), '--tls-key', path.join(dir, 'server-key.pem')]);
});
test.after(async () => {
  await gh.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function post(ca) {
  return new Promise((resolve) => {
    const req = https.request(`${gh.api}/graphql`, {
      method: 'POST', ca: fs.readFileSync(path.join(dir, ca)), agent: false,
      headers: { authorization: `bearer ${token}`, 'user-agent': 't', 'content-type': 'application/json' },
    }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(body) }));
    });
    req.on('error', (error) => resolve({ error }));
    req.end(JSON.stringify({ query: '{ viewer { login } }' }));
  });
}

test('serves HTTPS and announces an https URL', async () => {
  assert.match(gh.api, /^https:\/\/127\.0\.0\.1:\d+$/);
  const r = await post('ca.pem');
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.body.data.viewer.login, 'roadmapd-bot');
});

test('a client trusting only the other CA refuses the certificate', async () => {
  const r = await post('other-ca.pem');
  assert.ok(r.error);
  assert.match(r.error.code, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER_CERT/);
});
