// Relay connections the way GitHub pages them: first/after or last/before over an ordered list,
// opaque base64 cursors, nodes + edges + pageInfo + totalCount. Also sorting by orderBy.
'use strict';
const { github_error } = require('./errors');

const cursor_prefix = 'cursor:v2:';

function encode_cursor(index) {
  return Buffer.from(`${cursor_prefix}${index}`, 'utf8').toString('base64');
}

function decode_cursor(cursor) {
  const text = Buffer.from(String(cursor), 'base64').toString('utf8');
  const m = /^cursor:v2:(\d+)$/.exec(text);
  if (!m || encode_cursor(Number(m[1])) !== cursor) {
    throw new github_error('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  }
  return Number(m[1]);
}

// `list` is the whole ordered collection; returns the connection object for one page.
function paginate(list, args) {
  let start = 0;
  let end = list.length;
  if (args.after !== undefined && args.after !== null) start = Math.max(start, decode_cursor(args.after) + 1);
  if (args.before !== undefined && args.before !== null) end = Math.min(end, decode_cursor(args.before));
  if (start > end) start = end;
  if (args.first !== undefined && args.first !== null) end = Math.min(end, start + args.first);
  if (args.last !== undefined && args.last !== null) start = Math.max(start, end - args.last);
  const page = [];
  for (let i = start; i < end; ++i) page.push({ cursor: encode_cursor(i), node: list[i] });
  return {
    nodes: page.map((e) => e.node),
    edges: page,
    totalCount: list.length,
    pageInfo: {
      hasNextPage: end < list.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? page[0].cursor : null,
      endCursor: page.length ? page[page.length - 1].cursor : null,
    },
  };
}

const order_keys = {
  CREATED_AT: (r) => r.createdAt || '',
  UPDATED_AT: (r) => r.updatedAt || '',
  NUMBER: (r) => r.number,
  TITLE: (r) => r.title,
  NAME: (r) => r.name,
};

// Stable sort by orderBy {field, direction}; `natural` is the order the list is already in
// (POSITION, or creation order when GitHub has no better tie-breaker).
function order(list, order_by, supported) {
  if (!order_by) return list;
  if (order_by.field === 'POSITION') return order_by.direction === 'DESC' ? list.slice().reverse() : list;
  if (!supported.includes(order_by.field) || !order_keys[order_by.field]) {
    throw new github_error('FAKE_NOT_IMPLEMENTED', `fake-github does not implement orderBy field ${order_by.field} here`);
  }
  const key = order_keys[order_by.field];
  const dir = order_by.direction === 'DESC' ? -1 : 1;
  return list
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const ka = key(a.r);
      const kb = key(b.r);
      if (ka < kb) return -dir;
      if (ka > kb) return dir;
      return a.i - b.i;
    })
    .map((x) => x.r);
}

module.exports = { paginate, order, encode_cursor, decode_cursor };
