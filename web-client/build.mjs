// Bundles the client into dist/, which Maven packs into the server jar under quire-web/.
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';

const outdir = new URL('./dist/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await cp(new URL('./public/', import.meta.url).pathname, outdir, { recursive: true });
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: ['chrome120', 'firefox120'],
  outdir: `${outdir}assets/`,
  logLevel: 'warning',
});
