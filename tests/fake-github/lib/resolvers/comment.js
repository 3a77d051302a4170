// IssueComment, and the `comments` connection of issues and pull requests. Comments live inside their
// issue's record (state: issues[].comments), so a transfer carries them and a deletion drops them.
'use strict';
const { connection } = require('./helpers');
const { order } = require('../connection');
const { repo_of } = require('./issue');
const { not_implemented_error } = require('../errors');

function is_viewer(ctx, login) {
  return Boolean(login) && String(login).toLowerCase() === String(ctx.viewer_login).toLowerCase();
}

// The fake's token may change only its own comments (see README, "Mutations"), and says so here too.
function own(c, ctx) {
  return is_viewer(ctx, c.author);
}

function subject_path(ctx, c) {
  const subject = ctx.store.parent(c);
  const kind = ctx.store.typename(subject) === 'PullRequest' ? 'pull' : 'issues';
  return `/${subject.repository}/${kind}/${subject.number}#issuecomment-${c.databaseId}`;
}

const comments = connection((r, args) => order(r.comments, args.orderBy, ['UPDATED_AT']), ['orderBy']);

module.exports = {
  Issue: { comments },
  PullRequest: { comments },
  IssueComment: {
    author: (c, args, ctx) => (c.author ? ctx.store.owner(c.author) || ctx.store.bot(c.author) || null : null),
    editor: (c, args, ctx) => (c.editor ? ctx.store.owner(c.editor) || ctx.store.bot(c.editor) || null : null),
    bodyText: (c) => c.body,
    fullDatabaseId: (c) => String(c.databaseId),
    publishedAt: (c) => c.createdAt,
    includesCreatedEdit: (c) => c.lastEditedAt !== null,
    createdViaEmail: () => false,
    // On GitHub a pull request's comment answers the pull request's hidden issue, which the fake has not.
    issue: (c, args, ctx) => {
      const subject = ctx.store.parent(c);
      if (ctx.store.typename(subject) !== 'Issue') throw new not_implemented_error('IssueComment.issue for a pull request comment (use pullRequest)');
      return subject;
    },
    pullRequest: (c, args, ctx) => {
      const subject = ctx.store.parent(c);
      return ctx.store.typename(subject) === 'PullRequest' ? subject : null;
    },
    repository: (c, args, ctx) => repo_of(ctx, ctx.store.parent(c)),
    url: (c, args, ctx) => `https://github.com${subject_path(ctx, c)}`,
    resourcePath: (c, args, ctx) => subject_path(ctx, c),
    viewerDidAuthor: (c, args, ctx) => own(c, ctx),
    viewerCanUpdate: (c, args, ctx) => own(c, ctx),
    viewerCanDelete: (c, args, ctx) => own(c, ctx),
    viewerCanMinimize: (c, args, ctx) => own(c, ctx),
    viewerCanReact: () => true,
    viewerCannotUpdateReasons: (c, args, ctx) => (own(c, ctx) ? [] : ['INSUFFICIENT_ACCESS']),
  },
  is_viewer,
};
