/** The default image documents of the default release, as the tests use them. */
import { OperatorRelease } from '../../src/release/operator-release';

/** A fresh copy of the default release's image ConfigMap data. */
export function defaultImageConfigData(): Record<string, string> {
  return OperatorRelease.latest().imageConfigData();
}

/** The same data, frozen. */
export const DEFAULT_IMAGE_CONFIG_DATA: Readonly<Record<string, string>> = Object.freeze(defaultImageConfigData());
