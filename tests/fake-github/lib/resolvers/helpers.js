// Building blocks shared by the resolver modules: connection fields, declared arguments,
// GitHub's NOT_FOUND errors and reference lookups that treat a dangling reference as a broken state file.
'use strict';
const { paginate } = require('../connection');
const { github_error } = require('../errors');

const page_args = ['first', 'last', 'after', 'before'];

// A resolver that honours `args` (arguments left at their schema default need not be listed).
function with_args(args, resolve) {
  return { args, resolve };
}

// A connection field: `list_of` returns the whole ordered list, paging is done here.
function connection(list_of, extra_args = []) {
  return with_args(page_args.concat(extra_args), (src, args, ctx, info) => paginate(list_of(src, args, ctx, info), args));
}

function not_found(message) {
  return new github_error('NOT_FOUND', message);
}

// A reference inside the state file (login, label name, node id) that must resolve.
function must(rec, what) {
  if (!rec) throw new Error(`state file is inconsistent: ${what} does not exist`);
  return rec;
}

function escape_html(text) {
  if (text === null || text === undefined) return text;
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function user_of(ctx, login) {
  return must(ctx.store.owner(login), `user '${login}'`);
}

module.exports = { with_args, connection, not_found, must, escape_html, user_of, page_args };
