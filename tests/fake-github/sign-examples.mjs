// Prints every @octokit/webhooks-examples payload of the events named on the command line as one JSON
// line {event, action, delivery, signature, body}, signed with @octokit/webhooks-methods as GitHub
// signs a delivery, so a test can post GitHub's real payload shapes to roadmapd byte for byte.
//
//   ROADMAPD_WEBHOOK_SECRET=... node sign-examples.mjs issues pull_request ...
//   node sign-examples.mjs --secret-file FILE issues ...
//
// The secret is read from the environment or a file (never from argv, where `ps` would show it) and
// never printed. Examples come in the package's order; an event without examples prints nothing
// (7.6.1 has none for projects_v2): the caller counts what it got.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';

const require = createRequire(import.meta.url);
const index = require('@octokit/webhooks-examples/api.github.com/index.json');

function usage(message) {
  process.stderr.write(`sign-examples: ${message}\nusage: node sign-examples.mjs [--secret-file FILE] EVENT...\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let secret = process.env.ROADMAPD_WEBHOOK_SECRET;
const at = args.indexOf('--secret-file');
if (at >= 0) {
  if (at + 1 >= args.length) usage('--secret-file needs a file');
  secret = readFileSync(args[at + 1], 'utf8').trim();
  args.splice(at, 2);
}
if (!secret) usage('no secret: set ROADMAPD_WEBHOOK_SECRET or pass --secret-file');
if (args.length === 0) usage('name at least one event');

for (const event of args) {
  for (const entry of index.filter((e) => e.name === event)) {
    for (const example of entry.examples) {
      // GitHub posts compact JSON; these exact bytes are signed and must be posted unchanged.
      const body = JSON.stringify(example);
      const line = {
        event,
        action: typeof example.action === 'string' ? example.action : null,
        delivery: randomUUID(),
        signature: await sign(secret, body),
        body,
      };
      process.stdout.write(JSON.stringify(line) + '\n');
    }
  }
}
