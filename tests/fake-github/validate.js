#!/usr/bin/env node
// Static check of GraphQL documents against GitHub's schema and GitHub's first/last rules.
// Usage: validate.js FILE...   prints FILE:LINE:COL: message per problem; exit 1 if any, else 0.
'use strict';
const fs = require('fs');
const graphql = require('graphql');
const { github_schema } = require('./lib/schema');
const { analyse } = require('./lib/limits');

function problems_of(file, schema) {
  const text = fs.readFileSync(file, 'utf8');
  let document;
  try {
    document = graphql.parse(new graphql.Source(text, file));
  } catch (e) {
    return [e];
  }
  const has_operation = document.definitions.some((d) => d.kind === graphql.Kind.OPERATION_DEFINITION);
  // A file holding only fragments is meant to be combined with others: unused fragments are fine there.
  const rules = has_operation ? graphql.specifiedRules : graphql.specifiedRules.filter((r) => r !== graphql.NoUnusedFragmentsRule);
  // The pagination walk skips what the schema does not know, so both checks can report at once.
  const all = graphql.validate(schema, document, rules).concat(analyse(schema, document, { variables: null }).errors);
  const where = (p) => (p.locations && p.locations[0]) || { line: 0, column: 0 };
  return all.sort((a, b) => where(a).line - where(b).line || where(a).column - where(b).column);
}

function main(files) {
  if (!files.length) {
    process.stderr.write('usage: validate.js FILE...\n');
    return 2;
  }
  const schema = github_schema();
  let failed = false;
  for (const file of files) {
    let problems;
    try {
      problems = problems_of(file, schema);
    } catch (e) {
      process.stdout.write(`${file}:1:1: cannot read: ${e.message}\n`);
      failed = true;
      continue;
    }
    for (const p of problems) {
      const loc = (p.locations && p.locations[0]) || { line: 1, column: 1 };
      process.stdout.write(`${file}:${loc.line}:${loc.column}: ${p.message}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
