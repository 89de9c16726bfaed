/**
 * The CLI's `main` run in this process with captured streams: what the command prints and
 * returns, without a process per call. For tests about what the commands say; the tests about
 * the process itself (exit codes of `node lib/cli/main.js`, no stack traces) spawn it
 * (./cli-process.ts).
 */
import { Io } from '../../src/cli/common';
import { main } from '../../src/cli/main';

/** Runs `cdk8s-piraeus <args>` with `input` as standard input. */
export function runCliInProcess(args: string[], input = ''): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => input };
  const code = main(args, io);
  return { code, stdout, stderr };
}
