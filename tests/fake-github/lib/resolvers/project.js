// Projects (v2): boards, their fields (plain, single select, iteration), items and field values.
// Items store custom values by field name (option name, iteration title); built-in fields
// (Title, Assignees, Labels, Milestone, Repository, Linked pull requests) derive from the content.
'use strict';
const { with_args, connection, must, escape_html } = require('./helpers');
const { order } = require('../connection');
const { labels_of, milestone_of, assignees_of, closing_pulls, repo_of } = require('./issue');

function project_url(ctx, p) {
  const owner = must(ctx.store.owner(p.owner), `owner '${p.owner}' of project ${p.number}`);
  const kind = ctx.store.typename(owner) === 'Organization' ? 'orgs' : 'users';
  return `/${kind}/${owner.login}/projects/${p.number}`;
}

function all_iterations(field) {
  const c = field.configuration || {};
  return (c.iterations || []).concat(c.completedIterations || []);
}

function value_id(item, field) {
  return `PVTFSV_${Buffer.from(`${item.id}:${field.id}`).toString('base64').replace(/=+$/, '')}`;
}

// The value of one field on one item as GitHub shows it, or null when the item has none.
function value_of(ctx, item, field) {
  const content = item.content ? ctx.store.node(item.content) : null;
  if (item.type === 'REDACTED') return null;
  const base = { field, item, id: value_id(item, field), createdAt: item.createdAt, updatedAt: item.updatedAt, creator: null };
  const kind = content ? ctx.store.typename(content) : null;
  const is_issue_like = kind === 'Issue' || kind === 'PullRequest';
  switch (field.dataType) {
    case 'TITLE':
      return content ? { ...base, __typename: 'ProjectV2ItemFieldTextValue', text: content.title } : null;
    case 'ASSIGNEES': {
      const users = content ? assignees_of(ctx, content) : [];
      return users.length ? { __typename: 'ProjectV2ItemFieldUserValue', field, users } : null;
    }
    case 'LABELS': {
      const labels = is_issue_like ? labels_of(ctx, content) : [];
      return labels.length ? { __typename: 'ProjectV2ItemFieldLabelValue', field, labels } : null;
    }
    case 'MILESTONE': {
      const milestone = is_issue_like ? milestone_of(ctx, content) : null;
      return milestone ? { __typename: 'ProjectV2ItemFieldMilestoneValue', field, milestone } : null;
    }
    case 'REPOSITORY':
      return is_issue_like ? { __typename: 'ProjectV2ItemFieldRepositoryValue', field, repository: repo_of(ctx, content) } : null;
    case 'LINKED_PULL_REQUESTS': {
      const pulls = kind === 'Issue' ? closing_pulls(ctx, content) : [];
      return pulls.length ? { __typename: 'ProjectV2ItemFieldPullRequestValue', field, pullRequests: pulls } : null;
    }
    default:
      break;
  }
  const stored = item.values[field.name];
  if (stored === undefined || stored === null) return null;
  switch (field.dataType) {
    case 'TEXT':
      return { ...base, __typename: 'ProjectV2ItemFieldTextValue', text: String(stored) };
    case 'NUMBER':
      return { ...base, __typename: 'ProjectV2ItemFieldNumberValue', number: Number(stored) };
    case 'DATE':
      return { ...base, __typename: 'ProjectV2ItemFieldDateValue', date: stored };
    case 'SINGLE_SELECT': {
      const o = must(field.options.find((x) => x.name === stored), `option '${stored}' of field '${field.name}' (item ${item.id})`);
      return {
        ...base, __typename: 'ProjectV2ItemFieldSingleSelectValue', name: o.name, optionId: o.id, nameHTML: escape_html(o.name),
        color: o.color, description: o.description || '', descriptionHTML: escape_html(o.description || ''),
      };
    }
    case 'ITERATION': {
      const it = must(all_iterations(field).find((x) => x.title === stored), `iteration '${stored}' of field '${field.name}' (item ${item.id})`);
      return {
        ...base, __typename: 'ProjectV2ItemFieldIterationValue', title: it.title, iterationId: it.id,
        startDate: it.startDate, duration: it.duration, titleHTML: escape_html(it.title),
      };
    }
    default:
      return null;
  }
}

function values_of(ctx, item) {
  const p = ctx.store.parent(item);
  return p.fields.map((f) => value_of(ctx, item, f)).filter((v) => v !== null);
}

const field_common = {
  project: (f, args, ctx) => ctx.store.parent(f),
};

module.exports = {
  value_of,
  ProjectV2: {
    owner: (p, args, ctx) => must(ctx.store.owner(p.owner), `owner '${p.owner}' of project ${p.number}`),
    url: (p, args, ctx) => `https://github.com${project_url(ctx, p)}`,
    resourcePath: (p, args, ctx) => project_url(ctx, p),
    fields: connection((p, args) => order(p.fields, args.orderBy, ['NAME', 'CREATED_AT']), ['orderBy']),
    field: with_args(['name'], (p, { name }) => p.fields.find((f) => f.name === name) || null),
    items: connection((p, args) => order(p.items, args.orderBy, []), ['orderBy']),
  },
  ProjectV2Field: { ...field_common },
  ProjectV2SingleSelectField: {
    ...field_common,
    options: with_args(['names'], (f, { names }) => (names ? f.options.filter((o) => names.includes(o.name)) : f.options)),
  },
  ProjectV2IterationField: { ...field_common },
  ProjectV2SingleSelectFieldOption: {
    description: (o) => o.description || '',
    nameHTML: (o) => escape_html(o.name),
    descriptionHTML: (o) => escape_html(o.description || ''),
  },
  ProjectV2IterationFieldConfiguration: {
    iterations: (c) => c.iterations || [],
    completedIterations: (c) => c.completedIterations || [],
  },
  ProjectV2IterationFieldIteration: {
    titleHTML: (it) => escape_html(it.title),
  },
  ProjectV2Item: {
    project: (it, args, ctx) => ctx.store.parent(it),
    content: (it, args, ctx) => (it.type === 'REDACTED' || !it.content ? null
      : must(ctx.store.node(it.content), `content '${it.content}' of item ${it.id}`)),
    fieldValues: connection((it, args, ctx) => order(values_of(ctx, it), args.orderBy, []), ['orderBy']),
    fieldValueByName: with_args(['name'], (it, { name }, ctx) => {
      const f = ctx.store.parent(it).fields.find((x) => x.name === name);
      return f ? value_of(ctx, it, f) : null;
    }),
  },
  ProjectV2ItemFieldLabelValue: { labels: connection((v) => v.labels) },
  ProjectV2ItemFieldUserValue: { users: connection((v) => v.users) },
  ProjectV2ItemFieldPullRequestValue: {
    pullRequests: connection((v, args) => order(v.pullRequests, args.orderBy, ['CREATED_AT', 'UPDATED_AT']), ['orderBy']),
  },
};
