// The reference receiver of the webhook load benchmark: @octokit/webhooks' createNodeMiddleware,
// which verifies the signature and answers, storing nothing.
//   node receiver.mjs PORT SECRET
import { createServer } from 'node:http';
import { Webhooks, createNodeMiddleware } from '@octokit/webhooks';

const [port, secret] = process.argv.slice(2);
const webhooks = new Webhooks({ secret });
webhooks.onAny(() => {});
const middleware = createNodeMiddleware(webhooks, { path: '/webhook' });
const server = createServer(async (req, res) => {
  if (await middleware(req, res)) return;
  res.writeHead(404).end();
});
server.listen(Number(port), '127.0.0.1', () => console.log(`octokit receiver listening on ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
