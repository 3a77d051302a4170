#!/usr/bin/env node
// The fake GitHub: a GraphQL API executed against GitHub's published schema over an in-memory state,
// plus a control port for tests. Usage: see README.md (the CLI is a contract other code relies on).
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const { store } = require('./lib/store');
const { fault_queue } = require('./lib/faults');
const { api } = require('./lib/api');
const { control } = require('./lib/control');
const { secondary_limits } = require('./lib/secondary');
const { app_tokens } = require('./lib/apps');
const { github_schema } = require('./lib/schema');

const usage = 'usage: server.js --state FILE [--host 127.0.0.1] [--port 0] [--control-port 0] [--tls-cert F --tls-key F] [--ready-file F]';

function parse_args(argv) {
  const opts = { host: '127.0.0.1', port: 0, control_port: 0 };
  const names = { '--state': 'state', '--host': 'host', '--port': 'port', '--control-port': 'control_port', '--tls-cert': 'tls_cert', '--tls-key': 'tls_key', '--ready-file': 'ready_file' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    if (!key || argv[i + 1] === undefined) throw new Error(`bad argument '${argv[i]}'\n${usage}`);
    opts[key] = argv[i + 1];
  }
  if (!opts.state) throw new Error(`--state is required\n${usage}`);
  if (Boolean(opts.tls_cert) !== Boolean(opts.tls_key)) throw new Error('--tls-cert and --tls-key go together');
  for (const k of ['port', 'control_port']) {
    if (!/^\d+$/.test(String(opts[k]))) throw new Error(`--${k.replace('_', '-')} must be a number`);
    opts[k] = Number(opts[k]);
  }
  return opts;
}

// Wraps a handler so that a bug answers a bare 500 instead of killing the server.
function guarded(handler) {
  return (req, res) => {
    handler(req, res).catch((e) => {
      process.stderr.write(`fake-github: ${e.stack || e}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ message: `fake-github internal error: ${e.message}` }));
      } else {
        res.destroy();
      }
    });
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address().port));
  });
}

async function main() {
  let opts;
  try {
    opts = parse_args(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  let live;
  try {
    live = new store(JSON.parse(fs.readFileSync(opts.state, 'utf8')));
  } catch (e) {
    process.stderr.write(`fake-github: cannot load state ${opts.state}: ${e.message}\n`);
    process.exit(2);
  }
  github_schema();
  const faults = new fault_queue();
  const log = [];
  const journal = { mutations: [], secondary: new secondary_limits(), apps: new app_tokens() };
  const api_handler = new api(live, faults, log, journal);
  const control_handler = new control(live, faults, log, journal);

  const tls = Boolean(opts.tls_cert);
  const api_server = tls
    ? https.createServer({ cert: fs.readFileSync(opts.tls_cert), key: fs.readFileSync(opts.tls_key) }, guarded((q, r) => api_handler.handle(q, r)))
    : http.createServer(guarded((q, r) => api_handler.handle(q, r)));
  api_server.keepAliveTimeout = 30000;
  const control_server = http.createServer(guarded((q, r) => control_handler.handle(q, r)));

  // Installed before the ready line, so a caller may signal as soon as it reads it.
  const stop = () => {
    for (const s of [api_server, control_server]) {
      s.close();
      s.closeAllConnections();
    }
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const port = await listen(api_server, opts.port, opts.host);
  const cport = await listen(control_server, opts.control_port, opts.host);
  const urls = { api: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, control: `http://127.0.0.1:${cport}` };
  if (opts.ready_file) {
    const tmp = `${opts.ready_file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(urls));
    fs.renameSync(tmp, opts.ready_file);
  }
  process.stdout.write(`fake-github listening api=${urls.api} control=${urls.control}\n`);
}

main().catch((e) => {
  process.stderr.write(`fake-github: ${e.stack || e}\n`);
  process.exit(1);
});
