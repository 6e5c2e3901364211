import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The chorus binary serves dist/ at "/" (index.html for any non-/api path),
// so assets are referenced from the root. No CDN, no web fonts: everything
// the page needs is in dist/.
export default defineConfig({
  plugins: [preact()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': process.env.CHORUS_API ?? 'http://127.0.0.1:8787' },
  },
});
