// The control port (plain HTTP, JSON): tests read the request log, replace or edit the state,
// queue faults and set the rate-limit budget here.
'use strict';
const { apply_edits, edit_error } = require('./edits');
const clock = require('./clock');

function read_json(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) { resolve({ ok: true, value: {} }); return; }
      try { resolve({ ok: true, value: JSON.parse(text) }); } catch (e) { resolve({ ok: false, error: `body is not JSON: ${e.message}` }); }
    });
  });
}

function send(res, status, payload) {
  const text = JSON.stringify(payload, null, 1);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

class control {
  constructor(live, faults, log, journal) {
    this.live = live;
    this.faults = faults;
    this.log = log;
    this.journal = journal;
  }

  async handle(req, res) {
    const path = req.url.split('?')[0];
    const route = `${req.method} ${path}`;
    const needs_body = ['PUT /state', 'POST /edit', 'POST /faults', 'POST /rate_limit', 'POST /secondary_limits', 'POST /apps', 'POST /clock'].includes(route);
    const body = needs_body ? await read_json(req) : { ok: true, value: null };
    if (!body.ok) { send(res, 400, { message: body.error }); return; }
    const v = body.value;
    switch (route) {
      case 'GET /health': send(res, 200, { ok: true }); return;
      case 'GET /requests': send(res, 200, this.log); return;
      case 'DELETE /requests': this.log.length = 0; send(res, 200, { ok: true }); return;
      case 'GET /mutations': send(res, 200, this.journal.mutations); return;
      case 'DELETE /mutations': this.journal.mutations.length = 0; send(res, 200, { ok: true }); return;
      case 'GET /secondary_limits': send(res, 200, this.journal.secondary.view(Date.now())); return;
      case 'POST /secondary_limits': {
        const problem = this.journal.secondary.configure(v);
        if (problem) send(res, 400, { message: problem });
        else send(res, 200, this.journal.secondary.view(Date.now()));
        return;
      }
      case 'GET /clock': send(res, 200, clock.view()); return;
      case 'POST /clock': {
        const problem = clock.set(v.at === undefined ? undefined : v.at);
        if (problem) send(res, 400, { message: problem });
        else send(res, 200, clock.view());
        return;
      }
      case 'GET /apps': send(res, 200, this.journal.apps.view()); return;
      case 'POST /apps': {
        const problem = this.journal.apps.configure(v, Date.now());
        if (problem) send(res, 400, { message: problem });
        else send(res, 200, this.journal.apps.view());
        return;
      }
      case 'GET /state': send(res, 200, this.live.state); return;
      case 'PUT /state':
        try {
          this.live.replace(v);
        } catch (e) {
          send(res, 400, { message: `state rejected: ${e.message}` });
          return;
        }
        send(res, 200, { ok: true });
        return;
      case 'POST /edit':
        try {
          send(res, 200, { results: apply_edits(this.live, v.ops) });
        } catch (e) {
          if (!(e instanceof edit_error)) throw e;
          send(res, 400, { message: e.message });
        }
        return;
      case 'POST /faults': {
        const problem = this.faults.push(v.faults);
        if (problem) send(res, 400, { message: problem });
        else send(res, 200, { queued: this.faults.pending() });
        return;
      }
      case 'GET /faults': send(res, 200, this.faults.pending()); return;
      case 'DELETE /faults': this.faults.clear(); send(res, 200, { ok: true }); return;
      case 'POST /rate_limit': {
        const rl = this.live.state.rate_limit;
        for (const k of ['limit', 'remaining', 'reset_in_seconds']) {
          if (v[k] !== undefined && (!Number.isInteger(v[k]) || v[k] < 0)) { send(res, 400, { message: `${k} must be a non-negative integer` }); return; }
        }
        if (v.limit !== undefined) rl.limit = v.limit;
        if (v.remaining !== undefined) rl.remaining = v.remaining;
        if (v.reset_in_seconds !== undefined) {
          rl.resetAt = new Date(Math.floor(Date.now() / 1000) * 1000 + v.reset_in_seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        }
        send(res, 200, rl);
        return;
      }
      default:
        send(res, 404, { message: `no route ${route}` });
    }
  }
}

module.exports = { control };
