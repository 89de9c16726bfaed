/** Assertions on the project's one error type. */
import { PiraeusError } from '../../src/errors';

/** Runs `fn`, expects a PiraeusError with `code` (and a message matching `message`), returns it. */
export function expectPiraeusError(fn: () => unknown, code: string, message?: RegExp): PiraeusError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(PiraeusError);
  const err = caught as PiraeusError;
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
}
