// Mutation root. None implemented yet: add e.g. `addComment: with_args(['input'], (src, { input }, ctx) => ...)`
// here (or in a module per type family), changing ctx.store.state, calling ctx.store.reindex() and
// stamping updatedAt with ctx.store.now(); the request log records every mutation for tests.
'use strict';

module.exports = {
  Mutation: {},
};
