import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { appShellWithoutRemoveScroll } from './shell-plugin';
import { strings } from './strings-plugin';

const apiTarget = 'http://127.0.0.1:3000';
const outDir = 'dist';

/**
 * Brotli and gzip copies of every text asset next to it (x.js.br, x.js.gz), made once at
 * build time at the highest level: the server sends them as they are (@fastify/static
 * preCompressed), so no request pays for compression.
 */
function precompress(): Plugin {
  return {
    name: 'bantu:precompress',
    apply: 'build',
    enforce: 'post',
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), outDir);
        const walk = (dir: string): string[] =>
          fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
            const full = path.join(dir, e.name);
            return e.isDirectory() ? walk(full) : [full];
          });
        for (const file of walk(root)) {
          if (!/\.(js|mjs|css|html|svg|json|webmanifest|txt)$/.test(file)) continue;
          const data = fs.readFileSync(file);
          if (data.length < 1024) continue;
          fs.writeFileSync(
            `${file}.br`,
            zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
          );
          fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
        }
      },
    },
  };
}

export default defineConfig({
  plugins: [
    strings(),
    appShellWithoutRemoveScroll(),
    react(),
    VitePWA({
      // Our own service worker (src/sw.ts): precache of the app shell plus push and update handling.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // features/pwa registers it and shows the "update available" prompt.
      injectRegister: false,
      registerType: 'prompt',
      // The manifests are hand-written in public/ (Indonesian and English).
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['**/*.br', '**/*.gz'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
    precompress(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, ws: true },
      '/docs': { target: apiTarget },
    },
  },
  build: {
    outDir,
    rollupOptions: {
      output: {
        // Fewer, larger shared chunks: brotli compresses a 60 KB chunk much better than twenty
        // 3 KB ones, and each file costs a request. The framework (React, the router, i18next,
        // TanStack Query) is needed by every first load: one chunk. zod is not (the client calls
        // the schema-free route table; forms with a zod resolver bring it with their page). Other
        // libraries (Mantine, floating-ui...) are grouped by which pages use them, small groups
        // merged, so a page still loads only what it needs plus at most a few KB of a neighbour's.
        codeSplitting: {
          groups: [
            {
              name: 'framework',
              test: /node_modules[\\/](react|react-dom|scheduler|wouter|regexparam|i18next|react-i18next|@tanstack|use-sync-external-store)[\\/]/,
              priority: 20,
            },
            // Mantine's core (theme, styles API, Box) and the components of the sign-in page, with
            // @mantine/hooks: every first load uses them, and as ~40 files of 0.1-3 KB they
            // compressed worse than one (login -5.7 KB, requester -11.9 KB, technician -15.6 KB
            // brotli; adding the shell's components to it gained nothing).
            {
              name: 'mantine-core',
              test: /node_modules[\\/]@mantine[\\/](core[\\/]esm[\\/](core|components[\\/](Box|Text|Group|Stack|Button|UnstyledButton|Loader|Transition|Paper|Title|Center|Anchor|ActionIcon|Alert|CloseButton|Input|InputBase|TextInput|Portal|Badge|Divider|VisuallyHidden))|hooks)[\\/]/,
              priority: 10,
            },
            // The sign-in page, the signed-in shell and the requester's home, each with what it
            // imports that no group above took (hooks, icons, small components): one chunk each
            // instead of ~35 files of 1-3 KB, each a request a slow phone waits for in turn. The
            // sign-in page goes first: what it shares with the shell stays out of the shell's
            // chunk, so /login does not load it.
            { name: 'sign-in', test: /src[\\/]app[\\/]LoginRoute\.tsx$/, priority: 6 },
            { name: 'shell', test: /src[\\/]app[\\/]AppLayout\.tsx$/, priority: 5 },
            { name: 'user-home', test: /src[\\/]portals[\\/]user[\\/]UserTicketsPage\.tsx$/, priority: 4 },
          ],
        },
      },
    },
  },
});
