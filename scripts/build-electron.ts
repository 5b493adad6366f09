/** Bundles Electron's main process and preload into dist-electron/ as CommonJS (a sandboxed preload must be). */
import { builtinModules } from 'node:module';
import { build } from 'vite';

const external = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

for (const entry of ['main', 'preload']) {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: `electron/${entry}.ts`,
      outDir: 'dist-electron',
      emptyOutDir: false,
      target: 'node22',
      sourcemap: true,
      rolldownOptions: {
        external,
        output: { format: 'cjs', entryFileNames: `${entry}.cjs` },
      },
    },
    ssr: { noExternal: true },
  });
}
console.log('Built dist-electron/main.cjs and dist-electron/preload.cjs');
