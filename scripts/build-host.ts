/**
 * Bundles the native host into one executable ESM file, dist/native-host/weborca-cert.mjs (the contract in
 * docs/ARCHITECTURE.md): a `#!/usr/bin/env node` shebang, every dependency inlined, the version and development
 * extension id baked in. The core is plain code; the rest rides along compressed and is inflated on first use
 * (scripts/host-bundle.ts), so a start costs what Node costs.
 */
import { build } from 'esbuild';
import { asciiOnly, corePlugins, packParts, partBundles, partsComment, withoutBuiltinCopies } from './host-bundle';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentExtensionId } from './extension-id';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };
const outfile = `${root}/dist/native-host/weborca-cert.mjs`;

const define = {
  __HOST_VERSION__: JSON.stringify(pkg.version),
  __DEV_EXTENSION_ID__: JSON.stringify(developmentExtensionId()),
};
const packed = packParts(await partBundles({ root, define }));

const core = await build({
  entryPoints: [`${root}/native-host/src/main.ts`],
  plugins: corePlugins(packed, 'esm'),
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: false, // the core stays readable; the compressed part is built from the same sources
  legalComments: 'eof',
  banner: {
    // The core and its parts load Node's built-ins only (through require, see host-bundle.ts): a require that answers
    // those and nothing else costs nothing, where createRequire(import.meta.url) cost ~3 ms of every start.
    js: [
      '#!/usr/bin/env node',
      'const require = (id) => {',
      '  const builtin = process.getBuiltinModule(id);',
      '  if (builtin === undefined) throw new Error(`weborca-cert: not a Node built-in: ${id}`);',
      '  return builtin;',
      '};',
    ].join('\n'),
  },
  define,
  write: false,
  logLevel: 'warning',
});
const [bundled] = core.outputFiles;
if (!bundled || core.outputFiles.length !== 1) throw new Error('the host core should be one file');
mkdirSync(dirname(outfile), { recursive: true });
writeFileSync(outfile, asciiOnly(withoutBuiltinCopies(bundled.text)) + partsComment(packed));
chmodSync(outfile, 0o755);
console.log(`native host: ${outfile}`);
