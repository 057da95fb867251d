/** `agreement-rules check-rules FILE.json`: validates a rule file (schema, sums, citations). */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { at, formatKr, loadAgreementText, MAX_RULE_FILE_BYTES, MESSAGES, systemReason, tooBig, type Catalog } from '../../api';
import type { ParsedArgs } from '../args';
import { UsageError, checkOptions, lang, type Io } from '../common';
import { InputError } from '../input';

export async function cmdCheckRules(args: ParsedArgs, io: Io, catalog: Catalog): Promise<number> {
  checkOptions(args, ['json']);
  const l = lang(args);
  const file = args.positionals[0];
  if (!file) throw new UsageError(MESSAGES.needsFile('check-rules', 'FILE.json'));
  let text: string;
  try {
    const size = (await stat(resolve(io.cwd, file))).size;
    if (size > MAX_RULE_FILE_BYTES) {
      io.err(`${file}: : ${tooBig(size)[l]}`);
      return 1;
    }
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new InputError(at(file, systemReason(e)));
  }
  const r = loadAgreementText(text, file, catalog.reference);
  if (args.options.get('json')) {
    io.out(JSON.stringify(r.ok ? { file, ok: true, problems: [] } : { file, ok: false, problems: r.errors }, null, 2));
    return r.ok ? 0 : 1;
  }
  if (r.ok) {
    io.out(`${file}: ${MESSAGES.ruleFileOk(r.agreement.id, r.agreement.pots.length, formatKr(r.agreement.total, l))[l]}`);
    return 0;
  }
  for (const e of r.errors) io.err(`${e.file}: ${e.path}: ${e.text?.[l] ?? e.message}`);
  io.err(MESSAGES.problems(r.errors.length)[l]);
  return 1;
}
