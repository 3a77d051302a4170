// GitHub's clock as the fake shows it: the time edits and mutations are stamped with and the Date
// header of every API answer. Normally this machine's clock; a test may stop it at a given second
// (POST /clock) so that edits share a second, as quick edits on github.com do (its timestamps have
// second precision), and move it on later.
'use strict';

let frozen_ms = null;

function now_ms() {
  return frozen_ms === null ? Date.now() : frozen_ms;
}

function frozen() {
  return frozen_ms !== null;
}

function iso(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// `at`: an ISO-8601 UTC time to stop at, or null to follow this machine's clock again. Returns an
// error message, or null.
function set(at) {
  if (at === null) {
    frozen_ms = null;
    return null;
  }
  if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(at)) {
    return `'at' must be an ISO-8601 UTC time like 2026-12-04T10:00:00Z, or null`;
  }
  frozen_ms = Date.parse(at);
  return null;
}

function view() {
  return { at: iso(now_ms()), frozen: frozen() };
}

module.exports = { now_ms, frozen, iso, set, view };
