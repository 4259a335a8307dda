/**
 * `npm run dev`: serves the local lab API on Astro's dev server too, so authors can run and
 * check labs in the page while they write. The token reaches the page the same way as under
 * `npm start`: the address printed at start carries it in its fragment (`#t=…`).
 */
import { randomBytes } from 'node:crypto';
import type { AstroIntegration } from 'astro';
import { createLabApi } from './lab-api.ts';

export function devLabApi(): AstroIntegration {
  return {
    name: 'microservices-course:dev-lab-api',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const token = randomBytes(24).toString('base64url');
        process.env.MSLAB_DEV_TOKEN = token;
        const port = () => {
          const address = server.httpServer?.address();
          return address && typeof address === 'object' ? address.port : 4321;
        };
        const api = createLabApi({ port, token });
        server.middlewares.use((req, res, next) => {
          api.handle(req, res).then((handled) => (handled ? undefined : next()), next);
        });
        server.httpServer?.once('close', () => void api.close());
        server.httpServer?.once('listening', () => {
          console.log(`\n  Labs in the page: open http://127.0.0.1:${port()}/#t=${token}  (it carries the lab key)\n`);
        });
      },
    },
  };
}
