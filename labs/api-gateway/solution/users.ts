// The users service: it owns the users, and nothing else. (Complete: you do not need to change it.)
import { createServer } from 'node:http';
import { sendJson } from './shared.ts';

const port = Number(process.env.PORT ?? 3001);

interface User {
  id: string;
  name: string;
  email: string;
}

const users = new Map<string, User>([
  ['1', { id: '1', name: 'Ada Lovelace', email: 'ada@example.com' }],
  ['2', { id: '2', name: 'Linus Torvalds', email: 'linus@example.com' }],
  ['3', { id: '3', name: 'Grace Hopper', email: 'grace@example.com' }],
]);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://users');
  console.log(`users: ${req.method} ${req.url} x-request-id=${req.headers['x-request-id'] ?? '(none)'}`);

  if (req.method === 'GET' && url.pathname === '/health') {
    return sendJson(res, 200, { status: 'ok' });
  }

  if (req.method === 'GET' && url.pathname === '/users') {
    return sendJson(res, 200, [...users.values()]);
  }

  const match = /^\/users\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const user = users.get(decodeURIComponent(match[1]!));
    if (!user) return sendJson(res, 404, { error: `no user with id ${match[1]}` });
    return sendJson(res, 200, user);
  }

  sendJson(res, 404, { error: `users: no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`users listening on port ${port}`);
});
