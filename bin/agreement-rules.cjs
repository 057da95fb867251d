#!/usr/bin/env node
// The `agreement-rules` command. The TypeScript sources are bundled into
// build/cli.cjs by `npm run build:cli` (run automatically by `npm ci`).
require('../build/cli.cjs');
