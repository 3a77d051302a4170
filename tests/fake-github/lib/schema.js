// GitHub's published GraphQL schema (npm @octokit/graphql-schema), built once per process.
// assumeValidSDL: the published SDL defines two EnterpriseOwnerInfo fields twice, which graphql-js
// refuses at build time; requests are still validated in full against the resulting schema.
'use strict';
const fs = require('fs');
const path = require('path');
const graphql = require('graphql');

const schema_path = path.join(__dirname, '..', 'node_modules', '@octokit', 'graphql-schema', 'schema.graphql');

let cached = null;

function github_schema() {
  if (!cached) {
    cached = graphql.buildSchema(fs.readFileSync(schema_path, 'utf8'), { assumeValidSDL: true });
    const problems = graphql.validateSchema(cached);
    if (problems.length) throw new Error(`GitHub schema is invalid: ${problems[0].message}`);
  }
  return cached;
}

module.exports = { github_schema, schema_path };
