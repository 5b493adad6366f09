import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer, built once for both targets: Electron loads it from app://, the web target from the server.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2023',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: { main: 'renderer/index.html', bench: 'renderer/bench.html' },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:4000' },
  },
});
