/** The smallest install: the operator with its release's default images and a LinstorCluster. */
import { App } from 'cdk8s';
import { PiraeusInstall } from 'cdk8s-piraeus';

/** Adds the example to `app`. */
export function minimal(app: App): PiraeusInstall {
  return new PiraeusInstall(app, 'piraeus');
}
