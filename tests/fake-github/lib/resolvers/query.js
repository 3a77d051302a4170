// Query root: rateLimit, viewer, organization, user, repositoryOwner, repository, node, nodes.
'use strict';
const { with_args, not_found, must } = require('./helpers');

function owner_of_kind(ctx, login, typename) {
  const rec = ctx.store.owner(login);
  return rec && ctx.store.typename(rec) === typename ? rec : undefined;
}

module.exports = {
  Query: {
    rateLimit: (src, args, ctx) => ctx.rate_limit_view(),
    // An installation token's viewer is the App's bot, which GitHub answers as a User here.
    viewer: (src, args, ctx) => must(owner_of_kind(ctx, ctx.viewer_login, 'User') || ctx.store.bot(ctx.viewer_login), `viewer user '${ctx.viewer_login}'`),
    organization: with_args(['login'], (src, { login }, ctx) => {
      const rec = owner_of_kind(ctx, login, 'Organization');
      if (!rec) throw not_found(`Could not resolve to an Organization with the login of '${login}'.`);
      return rec;
    }),
    user: with_args(['login'], (src, { login }, ctx) => {
      const rec = owner_of_kind(ctx, login, 'User');
      if (!rec) throw not_found(`Could not resolve to a User with the login of '${login}'.`);
      return rec;
    }),
    repositoryOwner: with_args(['login'], (src, { login }, ctx) => ctx.store.owner(login) || null),
    repository: with_args(['owner', 'name'], (src, { owner, name }, ctx) => {
      const rec = ctx.store.repository(`${owner}/${name}`);
      if (!rec) throw not_found(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return rec;
    }),
    node: with_args(['id'], (src, { id }, ctx) => {
      const rec = ctx.store.node(id);
      if (!rec) throw not_found(`Could not resolve to a node with the global id of '${id}'.`);
      return rec;
    }),
    // A missing id becomes null at its index with its own error, the others still resolve.
    nodes: with_args(['ids'], (src, { ids }, ctx) =>
      ids.map((id) => ctx.store.node(id) || not_found(`Could not resolve to a node with the global id of '${id}'.`))),
  },
};
