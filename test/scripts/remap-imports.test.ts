/**
 * scripts/remap-imports.mjs: after the restructure, the lead runs it over files written
 * against the old layout (new files, and lines added to files that moved).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMap, remapText, type LayoutMap } from '../../scripts/remap-imports.mjs';

const root = new URL('../../', import.meta.url);
const onDisk = (p: string) => existsSync(new URL(p, root));

describe('remap-imports', () => {
  const map: LayoutMap = {
    files: {
      'addin/model.ts': 'addin/core/model.ts',
      'addin/parse/index.ts': 'addin/engine/parse/index.ts',
      'addin/parse/number.ts': 'addin/engine/parse/number.ts',
      'addin/audit/index.ts': 'addin/engine/audit/index.ts',
      'addin/cli/audit.ts': 'addin/cli/commands/audit.ts',
      'addin/workbook/a1.ts': 'addin/core/a1.ts',
    },
    names: {
      'addin/parse/index.ts': { a1: 'addin/core/a1.ts' },
      'addin/cli/main.ts': { UsageError: 'addin/cli/common.ts', Io: 'addin/cli/common.ts' },
    },
  };
  const files = new Set(['addin/core/model.ts', 'addin/engine/parse/index.ts', 'addin/engine/parse/number.ts', 'addin/engine/audit/index.ts', 'addin/cli/commands/audit.ts', 'addin/core/a1.ts', 'addin/cli/main.ts', 'addin/cli/common.ts', 'addin/workbook/port.ts', 'addin/workbook/direct.ts']);
  const exists = (p: string) => files.has(p);

  it('a new file written for the old layout: moved targets, names split out, unmoved ones kept', () => {
    const text = [
      "import type { Text } from '../model';",
      "import { a1, formatKr } from '../parse';",
      "import { parseNumber } from '../parse/number.js';",
      "import { cellAddress } from './a1';",
      "import type { Grid } from './port';",
      "import { x } from 'decimal.js';",
      "const m = await import('../model');",
    ].join('\n');
    expect(remapText(text, 'addin/workbook/direct.ts', map, exists).split('\n')).toEqual([
      "import type { Text } from '../core/model';",
      "import { formatKr } from '../engine/parse';",
      "import { a1 } from '../core/a1';",
      "import { parseNumber } from '../engine/parse/number.js';",
      "import { cellAddress } from '../core/a1';",
      "import type { Grid } from './port';",
      "import { x } from 'decimal.js';",
      "const m = await import('../core/model');",
    ]);
  });

  it('a line added to a file that moved is read from where the file was', () => {
    const text = "import { auditWorkbook } from '../audit';\nimport { UsageError, type Io } from './main';\n";
    expect(remapText(text, 'addin/cli/commands/audit.ts', map, exists)).toBe(
      "import { auditWorkbook } from '../../engine/audit';\nimport { UsageError, type Io } from '../common';\n",
    );
  });

  it('running it twice changes nothing more; a multi-line import keeps its shape', () => {
    const text = "import {\n  a1,\n  formatKr,\n  formatNumber,\n  formatPercent,\n  parseDate,\n} from '../parse';\n";
    const once = remapText(text, 'addin/workbook/direct.ts', map, exists);
    expect(once).toBe("import {\n  formatKr,\n  formatNumber,\n  formatPercent,\n  parseDate,\n} from '../engine/parse';\nimport { a1 } from '../core/a1';\n");
    expect(remapText(once, 'addin/workbook/direct.ts', map, exists)).toBe(once);
  });

  it('the repository’s own map: every new path exists, and this tree needs no rewriting', () => {
    const real = loadMap(new URL('docs/layout-map.json', root).pathname);
    for (const [from, to] of Object.entries(real.files)) {
      expect(onDisk(to), `${from} → ${to}`).toBe(true);
      expect(onDisk(from), `${from} is gone`).toBe(false);
    }
    for (const f of ['addin/api.ts', 'addin/cli/main.ts', 'addin/engine/sheets/allocation.ts', 'taskpane/App.tsx']) {
      const text = readFileSync(new URL(f, root), 'utf8');
      expect(remapText(text, f, real, onDisk), f).toBe(text);
    }
  });
});
