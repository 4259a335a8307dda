// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import starlightLinksValidator from 'starlight-links-validator';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { devLabApi } from './src/hosts/local/dev-integration.ts';

/**
 * Cross-origin isolation, needed by WebContainer (SharedArrayBuffer). The same headers are set by
 * `npm start` (src/hosts/local/static-files.ts), public/_headers (Netlify, Cloudflare Pages) and
 * vercel.json: keep them in step.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  srcDir: '.',
  // Canonical URLs and the sitemap. A deployment sets SITE_URL to its public address.
  site: process.env.SITE_URL || 'http://127.0.0.1:4321',
  server: { host: '127.0.0.1', port: 4321, headers: isolationHeaders },
  vite: {
    resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
  },
  integrations: [
    starlight({
      title: { en: 'Microservices, Hands-On', 'zh-CN': '动手学微服务' },
      description: 'A hands-on course in microservices and distributed systems, in TypeScript/Node.js with Python alongside.',
      favicon: '/favicon.svg',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      customCss: ['./src/styles/custom.css'],
      // Marks chapters whose lab got full marks (in this browser) in the sidebar and on the home page.
      head: [
        { tag: 'script', content: readFileSync(new URL('./src/components/lab/progress-inline.js', import.meta.url), 'utf8') },
        // Takes the local lab key from the address `npm start` printed (src/hosts/local/token-inline.js).
        { tag: 'script', content: readFileSync(new URL('./src/hosts/local/token-inline.js', import.meta.url), 'utf8') },
      ],
      // No `sidebar` option on purpose: Starlight's default autogenerates the whole docs collection
      // per locale, ordered by each chapter's frontmatter `sidebar.order` (01 → 13). A group with
      // `autogenerate: { directory: '.' }` matches nothing: chapters live at the collection root.
      plugins: [
        // The build fails on a broken internal link (missing page or missing #heading) in any
        // chapter, in either language.
        starlightLinksValidator({
          // Chapters may point learners at the local server (`npm start`, http://127.0.0.1:4321).
          errorOnLocalLinks: false,
        }),
      ],
    }),
    mdx(),
    devLabApi(),
  ],
});
