/**
 * `agreement-rules`: the engine on files, for batch work and for users without
 * the add-in. Exit codes: 0 ok; 1 check-rules found problems (or audit found
 * errors); 2 bad input (the message names the file, row and column, or JSON path;
 * nothing is written).
 *
 * This file only dispatches: one file per command under commands/, what they share in
 * common.ts.
 */
import { builtinCatalog, EngineError, MESSAGES } from '../api';
import { parseArgs } from './args';
import { checkOptions, lang, opt, USAGE, UsageError, type Io } from './common';
import { InputError } from './input';
import { cmdAllocate } from './commands/allocate';
import { cmdCheckRules } from './commands/check-rules';
import { cmdEvaluate } from './commands/evaluate';
import { cmdList } from './commands/list';

export async function main(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv);
  const l = lang(args);
  try {
    if (!args.command || args.command === 'help' || args.options.has('help') || args.options.has('h')) {
      io.out(USAGE[l]);
      return args.command ? 0 : 2;
    }
    const catalog = builtinCatalog();
    switch (args.command) {
      case 'list':
        return await cmdList(args, io, catalog);
      case 'allocate':
        return await cmdAllocate(args, io, catalog);
      case 'evaluate':
        return await cmdEvaluate(args, io, catalog);
      case 'check-rules':
        return await cmdCheckRules(args, io, catalog);
      case 'requisition':
      case 'report': {
        const { cmdForm } = await import('./commands/forms');
        return await cmdForm(args.command, args, io, catalog, { opt, checkOptions, lang, UsageError });
      }
      case 'audit': {
        const { cmdAudit } = await import('./commands/audit');
        return await cmdAudit(args, io, catalog);
      }
      default:
        throw new UsageError(MESSAGES.unknownCommand(args.command));
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`agreement-rules: ${e.text[l]}\n\n${USAGE[l]}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(e.text[l]);
      return 2;
    }
    if (e instanceof EngineError) {
      io.err(`agreement-rules: ${e.text[l]}`);
      return 2;
    }
    io.err(`agreement-rules: ${(e as Error).stack ?? String(e)}`);
    return 3;
  }
}

// Run when bundled as the command (build/cli.cjs) or executed directly.
const isEntry = typeof process !== 'undefined' && process.argv[1] !== undefined && /(cli\.cjs|cli[\\/]main\.ts|agreement-rules(\.cjs)?)$/.test(process.argv[1]);
if (isEntry) {
  // A reader that goes away (`| head`) closes the pipe: stop writing to it, finish the work
  // (files still get written) and exit with the command's own code — no EPIPE stack trace.
  const closed = { out: false, err: false };
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed.out = true;
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed.err = true;
  });
  main(process.argv.slice(2), {
    out: (s) => {
      if (!closed.out) process.stdout.write(s + '\n');
    },
    err: (s) => {
      if (!closed.err) process.stderr.write(s + '\n');
    },
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
