/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type checking happens in `npm run build` (tsconfig.dev.json covers src, test, examples,
  // bench); jest only transpiles, which keeps the suite fast on a 2-core machine.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // Jest's default is one worker less than the cores: on the 2-core machine that is one worker,
  // and most of the suite's time is each file loading the library afresh.
  maxWorkers: 2,
};
