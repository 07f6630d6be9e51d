import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Built by Maven (exec-maven-plugin) into target/classes/console, which the jar serves at / and /console/assets/.
export default defineConfig({
  base: '/console/',
  build: {
    outDir: fileURLToPath(new URL('../../../target/classes/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080', '/api': 'http://127.0.0.1:8080', '/console/session': 'http://127.0.0.1:8080' } },
});
