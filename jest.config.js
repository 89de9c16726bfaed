/** Suites that `npm test` leaves to `npm run test:full`. */
const SLOW_WHOLE_PACKAGE_SUITES = ['<rootDir>/test/packaging.test.ts', '<rootDir>/test/api-docs.test.ts', '<rootDir>/test/doc-snippets.test.ts'];

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
  // The examples import the package by its name, as a user's app does; under test that is the
  // sources, so their objects are the same classes the tests import.
  moduleNameMapper: { '^cdk8s-piraeus$': '<rootDir>/src/index.ts' },
  // Whole-package checks that spend most of their time in other tools (npm pack, typedoc, tsc) run in
  // `npm run test:full`, which CI runs too; `npm test` stays quick feedback.
  testPathIgnorePatterns: process.env.CDK8S_PIRAEUS_FULL_TESTS === '1' ? ['/node_modules/'] : ['/node_modules/', ...SLOW_WHOLE_PACKAGE_SUITES],
};
