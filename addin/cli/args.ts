/** A small, strict argument parser: `--name value`, `--name=value`, `--flag`, positionals. */
export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  options: Map<string, string | true>;
}

export const FLAGS = new Set(['json', 'help', 'h', 'version']);

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('--') || (a.startsWith('-') && a.length === 2)) {
      const body = a.replace(/^--?/, '');
      const eq = body.indexOf('=');
      if (eq >= 0) options.set(body.slice(0, eq), body.slice(eq + 1));
      else if (FLAGS.has(body)) options.set(body, true);
      else {
        const next = rest[i + 1];
        if (next === undefined || next.startsWith('--')) options.set(body, true);
        else {
          options.set(body, next);
          i++;
        }
      }
    } else positionals.push(a);
  }
  return { command, positionals, options };
}
