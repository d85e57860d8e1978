/// <reference types="node" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where the dev server and `vite preview` forward API calls: the Fastify server unless overridden. */
const apiTarget = process.env.HUIMIN_API_URL ?? 'http://localhost:3000';
const proxy = Object.fromEntries(
  ['/api', '/openapi.json', '/docs', '/healthz'].map((path) => [path, { target: apiTarget, changeOrigin: true }]),
);

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // the ECharts chunk (~510 kB, 175 kB gzip) is the largest; it loads after the page renders
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        // Libraries that change rarely get chunks of their own, so a new release of the app
        // does not make browsers download them again. Ant Design stays split by route.
        manualChunks(id) {
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom|@tanstack)\//.test(id)) {
            return 'react';
          }
          return undefined;
        },
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
