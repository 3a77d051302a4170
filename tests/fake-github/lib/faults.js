// Queued faults, consumed one per API request in order: HTTP errors with GitHub's bodies,
// GraphQL-level errors, delays, dropped or truncated connections, malformed JSON.
'use strict';

const statuses = [401, 403, 429, 500, 502, 503, 504];
const graphql_errors = ['RATE_LIMITED', 'SOMETHING_WENT_WRONG'];
const known_keys = ['status', 'retry_after', 'secondary', 'graphql_error', 'delay_ms', 'drop', 'truncate', 'malformed', 'repeat', 'reset_in_seconds'];

function check(f, i) {
  if (!f || typeof f !== 'object' || Array.isArray(f)) return `faults[${i}] must be an object`;
  for (const k of Object.keys(f)) if (!known_keys.includes(k)) return `faults[${i}]: unknown key '${k}'; known: ${known_keys.join(', ')}`;
  const kinds = ['status', 'graphql_error', 'delay_ms', 'drop', 'truncate', 'malformed'].filter((k) => f[k] !== undefined);
  if (kinds.length === 0) return `faults[${i}] needs one of status, graphql_error, delay_ms, drop, truncate, malformed`;
  if (f.status !== undefined && !statuses.includes(f.status)) return `faults[${i}]: status ${f.status} not supported; use one of ${statuses.join(', ')}`;
  if (f.graphql_error !== undefined && !graphql_errors.includes(f.graphql_error)) return `faults[${i}]: graphql_error must be one of ${graphql_errors.join(', ')}`;
  for (const k of ['delay_ms', 'retry_after', 'repeat', 'reset_in_seconds']) {
    if (f[k] !== undefined && (!Number.isInteger(f[k]) || f[k] < 0)) return `faults[${i}]: ${k} must be a non-negative integer`;
  }
  return null;
}

class fault_queue {
  constructor() {
    this.queue = [];
  }

  // Returns an error message, or null once all faults are queued.
  push(list) {
    if (!Array.isArray(list)) return 'body must be {"faults": [...]}';
    for (let i = 0; i < list.length; ++i) {
      const problem = check(list[i], i);
      if (problem) return problem;
    }
    for (const f of list) this.queue.push({ fault: { ...f }, left: f.repeat === undefined ? 1 : Math.max(1, f.repeat) });
    return null;
  }

  next() {
    if (!this.queue.length) return null;
    const head = this.queue[0];
    if (--head.left <= 0) this.queue.shift();
    const { repeat, ...fault } = head.fault;
    return fault;
  }

  pending() {
    return this.queue.map((q) => ({ ...q.fault, repeat: q.left }));
  }

  clear() {
    this.queue = [];
  }
}

const secondary_message = (request_id) => 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. '
  + `If you reach out to GitHub Support for help, please include the request ID ${request_id}.`;

// The response a status fault produces: { status, headers, body (string), content_type }.
function status_response(fault, request_id) {
  const json = (o) => JSON.stringify(o);
  switch (fault.status) {
    case 401:
      return { content_type: 'json', body: json({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' }) };
    case 403:
    case 429:
      if (fault.secondary || fault.status === 429) {
        return {
          content_type: 'json',
          headers: fault.retry_after !== undefined ? { 'retry-after': String(fault.retry_after) } : {},
          body: json({ message: secondary_message(request_id), documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' }),
        };
      }
      return {
        content_type: 'json',
        primary_exhausted: true,
        body: json({ message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }),
      };
    case 500:
      return { content_type: 'json', body: json({ message: 'Server Error' }) };
    case 502:
      return { content_type: 'html', body: '<!DOCTYPE html>\n<html><head><title>Unicorn! &middot; GitHub</title></head><body><p>No server is currently available to service your request.</p><p>Sorry about that. Please try refreshing and contact us if the problem persists.</p></body></html>\n' };
    case 503:
      return { content_type: 'json', body: json({ message: 'Service Unavailable', documentation_url: 'https://www.githubstatus.com' }) };
    case 504:
      return { content_type: 'html', body: '<!DOCTYPE html>\n<html><head><title>GitHub &middot; 504</title></head><body><h1>We couldn\'t respond to your request in time.</h1><p>Sorry about that. Please try refreshing and contact us if the problem persists.</p></body></html>\n' };
    default:
      throw new Error(`unhandled fault status ${fault.status}`);
  }
}

module.exports = { fault_queue, status_response };
