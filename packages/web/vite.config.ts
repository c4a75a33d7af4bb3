import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** Where `vite` (dev) and `vite preview` send /api: the CareHub server (`npm start` at the repo root), or CAREHUB_API. */
const api = { '/api': { target: process.env.CAREHUB_API ?? 'http://localhost:3000', changeOrigin: false } };

/**
 * The web app. `source` first so @carehub/core is bundled from its TypeScript source (no separate build).
 * Built into packages/web/dist, which the server serves with an SPA fallback to index.html.
 */
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // react-dom + Mantine + TanStack + i18next are one ~200 kB (gzip) vendor chunk; pages are split per route.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // @carehub/core is pure domain code (DESIGN.md §3: no I/O), so a module of it whose exports are unused
      // (e.g. the zod API schemas on pages that do not validate) can be dropped.
      treeshake: { moduleSideEffects: [{ test: /[\\/]packages[\\/]core[\\/]src[\\/]/, sideEffects: false }] },
      output: {
        // Libraries change less often than the app: a separate chunk stays cached across app updates.
        // zod is left out: only the user and organisation forms need it, and they load it on demand.
        codeSplitting: { groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/](?!zod[\\/])/ }] },
      },
    },
  },
  server: {
    port: 5173,
    proxy: api,
  },
  preview: {
    port: 4173,
    proxy: api,
  },
});
