// Starts a fake-github process for the fake's own tests (and any JS test): temp state file,
// free ports, helpers to send GraphQL and control requests, stop().
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const server_js = path.join(__dirname, '..', 'server.js');
const fixture = path.join(__dirname, '..', 'fixtures', 'roadmap.json');
const token = 'test-token-roadmapd';

function load_fixture() {
  return JSON.parse(fs.readFileSync(fixture, 'utf8'));
}

async function start(state = load_fixture(), extra_args = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-github-'));
  const state_file = path.join(dir, 'state.json');
  fs.writeFileSync(state_file, JSON.stringify(state));
  const child = spawn(process.execPath, [server_js, '--state', state_file, ...extra_args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /fake-github listening api=(\S+) control=(\S+)\n/.exec(out);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`fake-github exited with ${code}: ${stderr}`)));
  });
  const api = line[1];
  const control = line[2];

  async function gql(query, variables = {}, { auth = `bearer ${token}`, headers = {}, path: p = '/graphql' } = {}) {
    const h = { 'content-type': 'application/json', 'user-agent': 'fake-github-selftest', ...headers };
    if (auth) h.authorization = auth;
    const res = await fetch(`${api}${p}`, { method: 'POST', headers: h, body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    let body = null;
    try { body = JSON.parse(text); } catch (e) { body = null; }
    return { status: res.status, headers: res.headers, text, body };
  }

  async function ctl(method, p, body) {
    const res = await fetch(`${control}${p}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  async function stop() {
    if (child.exitCode !== null) return child.exitCode;
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
    child.kill('SIGTERM');
    const code = await exited;
    fs.rmSync(dir, { recursive: true, force: true });
    return code;
  }

  return { api, control, gql, ctl, stop, child };
}

module.exports = { start, load_fixture, token, fixture };
