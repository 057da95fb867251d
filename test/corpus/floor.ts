/**
 * The regression floor of the audit on the corpus (floor.json): per layout family, the
 * planted faults found (at least) and the correct cells with a warning or error (at
 * most), as measured. corpus.test.ts fails when any family gets worse.
 *
 *   npx tsx test/corpus/floor.ts            raise the floor to today's figures (never lowers it)
 *   npx tsx test/corpus/floor.ts --lower    also lower it (after changing the corpus itself)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HERE, writeCorpus } from './make';
import { scoreCorpus, type Score } from './score';

export const FLOOR_FILE = path.join(HERE, 'floor.json');

export interface FloorEntry {
  faults: number;
  /** Faults found by a warning or error: at least this many. */
  found: number;
  correctCells: number;
  /** Correct cells with a warning or error: at most this many. */
  falseAlarmCells: number;
}

export interface Floor {
  about: string;
  measuredOn: string;
  total: FloorEntry;
  families: Record<string, FloorEntry>;
}

export async function readFloor(): Promise<Floor> {
  return JSON.parse(await readFile(FLOOR_FILE, 'utf8')) as Floor;
}

function entry(t: Score['total']): FloorEntry {
  return { faults: t.faults, found: t.found, correctCells: t.correctCells, falseAlarmCells: t.falseAlarmCells };
}

/** Where today's score is worse than the floor (empty: not worse). */
export function regressions(floor: Floor, score: Score): string[] {
  const out: string[] = [];
  const cmp = (name: string, f: FloorEntry, t: Score['total'] | undefined) => {
    if (!t) return void out.push(`${name}: family no longer in the corpus`);
    if (t.found < f.found) out.push(`${name}: ${t.found} faults found, floor ${f.found}`);
    if (t.falseAlarmCells > f.falseAlarmCells) out.push(`${name}: ${t.falseAlarmCells} correct cells with a warning/error, floor ${f.falseAlarmCells}`);
  };
  cmp('all', floor.total, score.total);
  for (const [k, f] of Object.entries(floor.families)) cmp(k, f, score.byFamily.get(k));
  return out;
}

async function main(): Promise<void> {
  const lower = process.argv.includes('--lower');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'corpus-floor-'));
  try {
    await writeCorpus(dir);
    const score = await scoreCorpus(dir);
    let old: Floor | null = null;
    try {
      old = await readFloor();
    } catch {
      old = null;
    }
    const merge = (o: FloorEntry | undefined, t: FloorEntry): FloorEntry =>
      !o || lower ? t : { ...t, found: Math.max(o.found, t.found), falseAlarmCells: Math.min(o.falseAlarmCells, t.falseAlarmCells) };
    const families: Record<string, FloorEntry> = {};
    for (const [k, t] of score.byFamily) families[k] = merge(old?.families[k], entry(t));
    const floor: Floor = {
      about: 'Regression floor of the audit on the generated corpus (test/corpus): per layout family, found ≥ found, falseAlarmCells ≤ falseAlarmCells. Raise with `npx tsx test/corpus/floor.ts`.',
      measuredOn: process.argv.find((a) => a.startsWith('--on='))?.slice(5) ?? old?.measuredOn ?? '',
      total: merge(old?.total, entry(score.total)),
      families,
    };
    const worse = old && !lower ? regressions(old, score) : [];
    await writeFile(FLOOR_FILE, `${JSON.stringify(floor, null, 1)}\n`);
    process.stdout.write(`floor.json: found ${floor.total.found}/${floor.total.faults}, false-alarm cells ${floor.total.falseAlarmCells}/${floor.total.correctCells}${worse.length ? `\n(today is worse than the old floor, kept: ${worse.join('; ')})` : ''}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const self = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (self === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
