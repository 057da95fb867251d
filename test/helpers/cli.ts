/** The command line run in-process, as the tests drive it: exit code, stdout and stderr as text. */
import { main } from '../../addin/cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `agreement-rules ARGV…` in the folder `cwd`. */
export async function runCli(cwd: string, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
