/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The build goes straight to the Go package that embeds it (//go:embed
// all:dist in internal/webui). Vite empties the folder first, so the
// committed placeholder that lets the embed compile without a build is
// written back afterwards.
const outDir = resolve(import.meta.dirname, '../internal/webui/dist');
const placeholder =
  "The web UI's build output (cd web && npm run build) goes here and is embedded\n" +
  'into the concord binary. Only this file is committed.\n';

function keepPlaceholder(): Plugin {
  return {
    name: 'concord-keep-placeholder',
    apply: 'build',
    closeBundle() {
      writeFileSync(resolve(outDir, '.gitkeep'), placeholder);
    },
  };
}

export default defineConfig({
  plugins: [react(), keepPlaceholder()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev` talks to a `concord serve` on its default address.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
