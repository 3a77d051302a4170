// The mutations roadmapd's enforcer sends: comments (add, edit, minimize), labels (create, add, remove)
// and board field values; and sub-issues (add, remove, reprioritize), for tests that build hierarchies. Each checks everything before it changes anything, stamps what it touches
// as GitHub does, and is recorded for GET /mutations (including the ones GitHub would refuse).
'use strict';
const { with_args, not_found } = require('./helpers');
const { github_error } = require('../errors');
const { encode_cursor } = require('../connection');
const { new_id, touch_item, add_comment, touch_comment, sub_issue_refusal, link_sub_issue, unlink_sub_issue, move_sub_issue } = require('../records');
const { not_implemented_error } = require('../errors');
const { is_viewer } = require('./comment');

const max_comment_chars = 65536;
const max_label_description = 100;

function missing_node(id) {
  return not_found(`Could not resolve to a node with the global id of '${id}'.`);
}

// The node `id` when it is one of `typenames`; GitHub answers NOT_FOUND either way.
function node_of(ctx, id, typenames) {
  const rec = ctx.store.node(id);
  if (!rec) throw missing_node(id);
  if (!typenames.includes(ctx.store.typename(rec))) {
    throw not_found(`Could not resolve to ${typenames.join(' or ')} node with the global id of '${id}'.`);
  }
  return rec;
}

// GitHub's answer for a user token without the right; an App installation gets
// "Resource not accessible by integration" with the same type.
function forbidden(ctx, mutation_type) {
  const e = ctx.store.bot(ctx.viewer_login)
    ? new github_error('FORBIDDEN', 'Resource not accessible by integration')
    : new github_error('FORBIDDEN', `${ctx.viewer_login} does not have the correct permissions to execute \`${mutation_type}\``);
  e.extensions = { saml_failure: false };
  return e;
}

function unprocessable(message) {
  return new github_error('UNPROCESSABLE', message);
}

function validation(message) {
  return new github_error('VALIDATION', message);
}

function check_body(body) {
  if (!body.trim()) throw unprocessable("Body can't be blank");
  if ([...body].length > max_comment_chars) throw unprocessable(`Body is too long (maximum is ${max_comment_chars} characters)`);
}

// The fake's token writes only its own comments: on GitHub a token with write access could edit or
// hide anyone's, so the fake is stricter, and roadmapd touching a person's comment fails loudly.
function own_comment(ctx, id, mutation_type) {
  const c = node_of(ctx, id, ['IssueComment']);
  if (!is_viewer(ctx, c.author)) throw forbidden(ctx, mutation_type);
  return c;
}

// Plain JSON of the coerced input (graphql-js builds input objects without a prototype).
function plain(v) {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

// Wraps one mutation: records it, gives it the change's time, echoes clientMutationId.
function mutation(name, run) {
  return with_args(['input'], (src, { input }, ctx) => {
    const at = ctx.store.now();
    const entry = { name, input: plain(input), viewer: ctx.viewer_login, at, ok: false, error: null };
    ctx.mutations.push(entry);
    try {
      const out = run(input, ctx, at);
      ctx.store.reindex();
      entry.ok = true;
      return { clientMutationId: input.clientMutationId ?? null, ...out };
    } catch (e) {
      entry.error = e.message;
      throw e;
    }
  });
}

function labels_for(ctx, input) {
  const subject = node_of(ctx, input.labelableId, ['Issue', 'PullRequest']);
  const repo = ctx.store.repository(subject.repository);
  const names = input.labelIds.map((id) => {
    const l = ctx.store.node(id);
    if (!l || ctx.store.typename(l) !== 'Label' || ctx.store.parent(l) !== repo) throw missing_node(id);
    return l.name;
  });
  return { subject, names };
}

// What a ProjectV2FieldValue must carry for each settable field type, and how it is stored
// (items keep option names and iteration titles, like the state file).
const value_kinds = {
  TEXT: { key: 'text', what: 'text value', store: (f, v) => v },
  NUMBER: { key: 'number', what: 'number value', store: (f, v) => v },
  DATE: { key: 'date', what: 'date value', store: (f, v) => String(v).slice(0, 10) },
  SINGLE_SELECT: {
    key: 'singleSelectOptionId',
    what: 'single select option Id',
    store: (f, v) => {
      const o = f.options.find((x) => x.id === v);
      if (!o) throw validation('The single select option Id does not belong to the field');
      return o.name;
    },
  },
  ITERATION: {
    key: 'iterationId',
    what: 'iteration Id',
    store: (f, v) => {
      const c = f.configuration || {};
      const it = (c.iterations || []).concat(c.completedIterations || []).find((x) => x.id === v);
      if (!it) throw validation('The iteration Id does not belong to the field');
      return it.title;
    },
  },
};

function board_target(ctx, input) {
  const project = node_of(ctx, input.projectId, ['ProjectV2']);
  const item = node_of(ctx, input.itemId, ['ProjectV2Item']);
  const field = ctx.store.node(input.fieldId);
  if (!field) throw missing_node(input.fieldId);
  if (!project.fields.includes(field)) throw validation('The field does not exist in the project');
  if (ctx.store.parent(item) !== project) throw validation('The item does not exist in the project');
  const kind = value_kinds[field.dataType];
  if (!kind) throw validation(`Fields of type ${field.dataType.toLowerCase()} cannot be updated with this mutation`);
  return { project, item, field, kind };
}

// addSubIssue's sub-issue: by subIssueId, or by subIssueUrl (https://github.com/OWNER/REPO/issues/N).
function sub_issue_input(ctx, input) {
  const has_id = input.subIssueId !== undefined && input.subIssueId !== null;
  const has_url = input.subIssueUrl !== undefined && input.subIssueUrl !== null;
  if (has_id && has_url) throw new not_implemented_error('AddSubIssueInput with both subIssueId and subIssueUrl');
  if (has_id) return node_of(ctx, input.subIssueId, ['Issue']);
  if (!has_url) throw validation('Sub issue id or url must be provided');
  const m = /^https:\/\/github\.com\/([^/]+\/[^/]+)\/issues\/(\d+)\/?$/.exec(input.subIssueUrl);
  const rec = m && ctx.store.numbered_content(m[1], Number(m[2]));
  if (!rec || ctx.store.typename(rec) !== 'Issue') throw not_found(`Could not resolve to an Issue with the URL of '${input.subIssueUrl}'.`);
  return rec;
}

// A sub-issue of `parent` named by id (reprioritizeSubIssue's subIssueId, afterId, beforeId).
function own_sub_issue(ctx, parent, id) {
  const c = node_of(ctx, id, ['Issue']);
  if (ctx.store.parent_issue(c) !== parent) throw validation('Sub issue does not belong to the parent issue');
  return c;
}

module.exports = {
  Mutation: {
    addComment: mutation('addComment', (input, ctx, at) => {
      const subject = node_of(ctx, input.subjectId, ['Issue', 'PullRequest']);
      check_body(input.body);
      const c = add_comment(ctx.store, subject, { author: ctx.viewer_login, body: input.body, at });
      return { commentEdge: { cursor: encode_cursor(subject.comments.length - 1), node: c }, subject };
    }),

    updateIssueComment: mutation('updateIssueComment', (input, ctx, at) => {
      const c = own_comment(ctx, input.id, 'UpdateIssueComment');
      check_body(input.body);
      // An unchanged body saves nothing, so nothing is touched (Rails skips the write).
      if (c.body !== input.body) {
        c.body = input.body;
        c.lastEditedAt = at;
        c.editor = ctx.viewer_login;
        touch_comment(ctx.store, c, at);
      }
      return { issueComment: c };
    }),

    minimizeComment: mutation('minimizeComment', (input, ctx, at) => {
      const c = own_comment(ctx, input.subjectId, 'MinimizeComment');
      // minimizedReason reads back lower-case and dashed: OFF_TOPIC -> off-topic.
      const reason = input.classifier.toLowerCase().replace(/_/g, '-');
      if (!c.isMinimized || c.minimizedReason !== reason) {
        c.isMinimized = true;
        c.minimizedReason = reason;
        touch_comment(ctx.store, c, at);
      }
      return { minimizedComment: c };
    }),

    unminimizeComment: mutation('unminimizeComment', (input, ctx, at) => {
      const c = own_comment(ctx, input.subjectId, 'UnminimizeComment');
      if (c.isMinimized) {
        c.isMinimized = false;
        c.minimizedReason = null;
        touch_comment(ctx.store, c, at);
      }
      return { unminimizedComment: c };
    }),

    createLabel: mutation('createLabel', (input, ctx, at) => {
      const repo = node_of(ctx, input.repositoryId, ['Repository']);
      const name = input.name.trim();
      if (!name) throw unprocessable("Name can't be blank");
      if (repo.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) throw unprocessable('Name has already been taken');
      const color = input.color.replace(/^#/, '');
      if (!/^[0-9a-fA-F]{6}$/.test(color)) throw unprocessable('Color is invalid');
      if (input.description && [...input.description].length > max_label_description) {
        throw unprocessable(`Description is too long (maximum is ${max_label_description} characters)`);
      }
      const label = {
        id: new_id(ctx.store, 'LA'), name, color: color.toLowerCase(), description: input.description ?? null, isDefault: false, createdAt: at, updatedAt: at,
      };
      repo.labels.push(label);
      return { label };
    }),

    // Labels already there (or already gone) are no change; a change touches the issue.
    addLabelsToLabelable: mutation('addLabelsToLabelable', (input, ctx, at) => {
      const { subject, names } = labels_for(ctx, input);
      const added = names.filter((n, i) => !subject.labels.includes(n) && names.indexOf(n) === i);
      if (added.length) {
        subject.labels = subject.labels.concat(added);
        subject.updatedAt = at;
      }
      return { labelable: subject };
    }),

    removeLabelsFromLabelable: mutation('removeLabelsFromLabelable', (input, ctx, at) => {
      const { subject, names } = labels_for(ctx, input);
      const kept = subject.labels.filter((n) => !names.includes(n));
      if (kept.length !== subject.labels.length) {
        subject.labels = kept;
        subject.updatedAt = at;
      }
      return { labelable: subject };
    }),

    // One value per call; it moves the item and the board, not the issue behind the item.
    updateProjectV2ItemFieldValue: mutation('updateProjectV2ItemFieldValue', (input, ctx, at) => {
      const { item, field, kind } = board_target(ctx, input);
      const given = input.value[kind.key];
      if (given === undefined || given === null) {
        throw validation(`Did not receive a ${kind.what} to update a field of type ${field.dataType.toLowerCase()}`);
      }
      const stored = kind.store(field, given);
      if (item.values[field.name] !== stored) {
        item.values[field.name] = stored;
        touch_item(ctx.store, item, at);
      }
      return { projectV2Item: item };
    }),

    // Appends the sub-issue to the parent's list; touches the parent (and a replaced parent).
    addSubIssue: mutation('addSubIssue', (input, ctx, at) => {
      const issue = node_of(ctx, input.issueId, ['Issue']);
      const subIssue = sub_issue_input(ctx, input);
      const refusal = sub_issue_refusal(ctx.store, issue, subIssue, input.replaceParent === true);
      if (refusal) throw validation(refusal.github);
      link_sub_issue(ctx.store, issue, subIssue, at);
      return { issue, subIssue };
    }),

    removeSubIssue: mutation('removeSubIssue', (input, ctx, at) => {
      const issue = node_of(ctx, input.issueId, ['Issue']);
      const subIssue = own_sub_issue(ctx, issue, input.subIssueId);
      unlink_sub_issue(ctx.store, issue, subIssue, at);
      return { issue, subIssue };
    }),

    // Exactly one of afterId / beforeId, a sibling: the sub-issue moves right after / before it.
    reprioritizeSubIssue: mutation('reprioritizeSubIssue', (input, ctx, at) => {
      const issue = node_of(ctx, input.issueId, ['Issue']);
      const subIssue = own_sub_issue(ctx, issue, input.subIssueId);
      const after = input.afterId !== undefined && input.afterId !== null;
      const before = input.beforeId !== undefined && input.beforeId !== null;
      if (after === before) throw validation('Either afterId or beforeId must be provided, but not both');
      const sibling = own_sub_issue(ctx, issue, after ? input.afterId : input.beforeId);
      if (sibling === subIssue) throw validation('Sub issue cannot be prioritized relative to itself');
      const rest = issue.sub_issues.filter((id) => id !== subIssue.id);
      move_sub_issue(ctx.store, issue, subIssue, rest.indexOf(sibling.id) + (after ? 1 : 0), at);
      return { issue };
    }),

    clearProjectV2ItemFieldValue: mutation('clearProjectV2ItemFieldValue', (input, ctx, at) => {
      const { item, field } = board_target(ctx, input);
      if (item.values[field.name] !== undefined) {
        delete item.values[field.name];
        touch_item(ctx.store, item, at);
      }
      return { projectV2Item: item };
    }),
  },
};
