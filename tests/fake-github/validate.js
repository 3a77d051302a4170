#!/usr/bin/env node
// Static check of GraphQL documents against GitHub's schema and GitHub's first/last rules.
// Usage: validate.js FILE...   prints FILE:LINE:COL: message per problem; exit 1 if any, else 0.
// A file holding only fragments is a fragment library: its fragments are appended to every document
// with an operation (as roadmapd does when it embeds them), so operations may spread them.
'use strict';
const fs = require('fs');
const graphql = require('graphql');
const { github_schema } = require('./lib/schema');
const { analyse } = require('./lib/limits');

function parse_file(file) {
  return graphql.parse(new graphql.Source(fs.readFileSync(file, 'utf8'), file));
}

const is_fragment_library = (document) =>
  !document.definitions.some((d) => d.kind === graphql.Kind.OPERATION_DEFINITION);

function problems_of(file, schema, libraries) {
  let document;
  try {
    document = parse_file(file);
  } catch (e) {
    return [e];
  }
  const has_operation = !is_fragment_library(document);
  if (has_operation) {
    // Append the library fragments the document spreads, and the ones those spread, as roadmapd's
    // embedding does; an unused library fragment is not the document's problem.
    const available = new Map(libraries.flatMap((l) => l.definitions).map((d) => [d.name.value, d]));
    const definitions = [...document.definitions];
    const present = new Set(definitions.filter((d) => d.kind === graphql.Kind.FRAGMENT_DEFINITION).map((d) => d.name.value));
    for (let i = 0; i < definitions.length; i++) {
      graphql.visit(definitions[i], {
        FragmentSpread(node) {
          const name = node.name.value;
          if (!present.has(name) && available.has(name)) {
            present.add(name);
            definitions.push(available.get(name));
          }
        },
      });
    }
    document = { ...document, definitions };
  }
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
  const libraries = [];
  for (const file of files) {
    try {
      const document = parse_file(file);
      if (is_fragment_library(document)) libraries.push(document);
    } catch (e) {
      // reported below, with the file's other problems
    }
  }
  let failed = false;
  const printed = new Set();  // a library's problem shows once, not once per document using it
  for (const file of files) {
    let problems;
    try {
      problems = problems_of(file, schema, libraries);
    } catch (e) {
      process.stdout.write(`${file}:1:1: cannot read: ${e.message}\n`);
      failed = true;
      continue;
    }
    for (const p of problems) {
      const loc = (p.locations && p.locations[0]) || { line: 1, column: 1 };
      const where = (p.source && p.source.name) || file;
      const line = `${where}:${loc.line}:${loc.column}: ${p.message}\n`;
      if (!printed.has(line)) process.stdout.write(line);
      printed.add(line);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
