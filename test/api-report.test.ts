/**
 * The public API as reviewed: API Extractor's report of every entry point (api/*.api.md) must
 * match the declarations `npm run build` just wrote to lib/. On a difference, run `npm run api`
 * and review the diff of api/ before committing it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

test('api/*.api.md matches the built declarations (run `npm run api` and review the diff if not)', () => {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.d.ts'))) throw new Error('lib/ is missing: run npm run build (npm test does)');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'api-report.js'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`The public API changed or is incomplete. Run \`npm run api\` and review the diff of api/*.api.md.\n${r.stderr}${r.stdout}`);
  }
  expect(r.status).toBe(0);
}, 60_000);
