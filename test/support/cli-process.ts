/** The built `cdk8s-piraeus` command run as a process, for the tests that spawn it. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The built command (`npm test` builds lib/ first). */
export const CLI_BIN = path.join(__dirname, '..', '..', 'lib', 'cli', 'main.js');

/** Runs the command with `args` (and standard input), returning exit code and both streams. */
export function runCli(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Fails early, with the fix, when the command has not been built. */
export function requireBuiltCli(): void {
  if (!fs.existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run npm run build (npm test does)`);
}
