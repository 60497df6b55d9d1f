/**
 * Bundles the native host into one executable ESM file, dist/native-host/weborca-cert.mjs (DESIGN.md §4):
 * a `#!/usr/bin/env node` shebang, every dependency inlined, the version and development extension id baked in.
 */
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { developmentExtensionId } from './extension-id';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };
const outfile = `${root}/dist/native-host/weborca-cert.mjs`;

await build({
  entryPoints: [`${root}/native-host/src/main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: false, // support staff read stack-free but readable code; size is measured in the benchmark
  legalComments: 'eof',
  banner: {
    // ESM output still meets CommonJS dependencies that call require(): give them one.
    js: "#!/usr/bin/env node\nimport { createRequire as __weborcaCreateRequire } from 'node:module';\nconst require = __weborcaCreateRequire(import.meta.url);",
  },
  define: {
    __HOST_VERSION__: JSON.stringify(pkg.version),
    __DEV_EXTENSION_ID__: JSON.stringify(developmentExtensionId()),
  },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
console.log(`native host: ${outfile}`);
