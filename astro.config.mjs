// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { fileURLToPath } from 'node:url';

/** Cross-origin isolation, needed by WebContainer (SharedArrayBuffer). */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  srcDir: '.',
  site: 'http://127.0.0.1:4321',
  server: { host: '127.0.0.1', port: 4321, headers: isolationHeaders },
  vite: {
    resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
  },
  integrations: [
    starlight({
      title: { en: 'Microservices, Hands-On', 'zh-CN': '动手学微服务' },
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      sidebar: [
        {
          label: 'Chapters',
          translations: { 'zh-CN': '章节' },
          items: [{ autogenerate: { directory: '.' } }],
        },
      ],
    }),
    mdx(),
  ],
});
