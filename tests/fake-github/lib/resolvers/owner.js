// Organization and User: the owners of repositories and boards (ProjectV2Owner).
'use strict';
const { with_args, connection, not_found } = require('./helpers');
const { order } = require('../connection');

function projects_of(ctx, owner) {
  return ctx.store.state.projects.filter((p) => p.owner.toLowerCase() === owner.login.toLowerCase());
}

const owner_fields = {
  url: (o) => `https://github.com/${o.login}`,
  resourcePath: (o) => `/${o.login}`,
  projectV2: with_args(['number'], (o, { number }, ctx) => {
    const p = projects_of(ctx, o).find((x) => x.number === number);
    if (!p) throw not_found(`Could not resolve to a ProjectV2 with the number ${number}.`);
    return p;
  }),
  projectsV2: connection((o, args, ctx) => order(projects_of(ctx, o), args.orderBy, ['NUMBER', 'TITLE', 'CREATED_AT', 'UPDATED_AT']), ['orderBy']),
  repository: with_args(['name'], (o, { name }, ctx) => ctx.store.repository(`${o.login}/${name}`) || null),
};

module.exports = {
  Organization: { ...owner_fields },
  User: {
    ...owner_fields,
    isViewer: (u, args, ctx) => u.login.toLowerCase() === String(ctx.viewer_login).toLowerCase(),
  },
};
