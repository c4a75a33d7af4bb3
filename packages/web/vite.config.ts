import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Where `vite` (dev) and `vite preview` send /api: the CareHub server (`npm start` at the repo root), or CAREHUB_API. */
const api = { '/api': { target: process.env.CAREHUB_API ?? 'http://localhost:3000', changeOrigin: false } };

/**
 * The web app. `source` first so @carehub/core is bundled from its TypeScript source (no separate build).
 * Built into packages/web/dist, which the server serves with an SPA fallback to index.html.
 */
export default defineConfig({
  plugins: [
    react(),
    // Installable, and works offline: the app shell, fonts and every screen's code are precached, so a
    // volunteer can open the visit screens with no signal. Data (caseload, instruments, the outbox) is
    // kept by the app itself in IndexedDB (src/offline), not by the service worker.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      includeAssets: ['icons/icon.svg'],
      manifest: {
        name: 'CareHub ระบบดูแลคนพิการและผู้สูงอายุ',
        short_name: 'CareHub',
        description: 'บันทึกการเยี่ยมบ้าน การประเมิน และการดูแลต่อเนื่อง',
        lang: 'th',
        start_url: '/visits',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b7285',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        // A new version takes over open tabs at once; the outbox lives in IndexedDB, so nothing is lost.
        clientsClaim: true,
        skipWaiting: true,
        globPatterns: ['**/*.{js,css,html,woff2,woff,ttf,svg,png}'],
        // The charts (ECharts, ~180 KB gzip) load when first used online, not on every phone's install.
        globIgnores: ['**/charts-*.js', '**/HistoryChart-*.js', '**/VisitMap-*.js', '**/maps-*.js', '**/maps-*.css', '**/MapCanvas-*.js'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        // Web push: shows a notice and opens its in-app link on click (public/push-sw.js).
        importScripts: ['/push-sw.js'],
      },
    }),
  ],
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
        // Left out, so they load only with the screens that use them: zod (the user and organisation
        // forms), ECharts (assessment history charts), Dexie (the offline visit screens), the date
        // pickers and dayjs (the forms with a date field; not the sign-in page).
        codeSplitting: {
          groups: [
            // zod with the setting that keeps it from compiling parsers (src/zod-jitless.ts, under the CSP),
            // one chunk, so the setting has run before any chunk that makes a schema.
            { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]src[\\/]zod-jitless\.ts$/ },
            {
              name: 'vendor',
              test: /[\\/]node_modules[\\/](?!(zod|echarts|zrender|echarts-for-react|dexie|dayjs|maplibre-gl|pmtiles|fflate)[\\/]|@mantine[\\/]dates[\\/])/,
            },
            // MapLibre and PMTiles (~280 KB gzip) load with the map screens only, and are not precached.
            { name: 'maps', test: /[\\/]node_modules[\\/](maplibre-gl|pmtiles|fflate)[\\/]/ },
            // One named chunk for ECharts, which the service worker leaves out of the precache.
            { name: 'charts', test: /[\\/]node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/ },
          ],
        },
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
