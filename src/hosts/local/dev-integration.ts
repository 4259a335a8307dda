/**
 * `npm run dev`: serves the local lab API on Astro's dev server too, so authors can run and
 * check labs in the page while they write. The token reaches the page through <Lab>, in dev only.
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
      },
    },
  };
}
