// Bundles the command line (addin/cli/main.ts) into build/cli.cjs with esbuild,
// so `npx agreement-rules` works right after `npm ci` (npm runs "prepare").
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

if (!existsSync('addin/cli/main.ts')) {
  console.log('build-cli: addin/cli/main.ts not present yet, skipping');
  process.exit(0);
}
await build({
  entryPoints: ['addin/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'build/cli.cjs',
  logLevel: 'warning',
});
