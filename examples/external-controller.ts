/**
 * Satellites joining an existing LINSTOR controller outside Kubernetes. The satellite image
 * follows the controller's version; giving `externalControllerVersion` pins it to `v1.31.2`.
 */
import { App } from 'cdk8s';
import { PiraeusInstall } from 'cdk8s-piraeus';

/** Adds the example to `app`. */
export function externalController(app: App): PiraeusInstall {
  return new PiraeusInstall(app, 'piraeus', {
    cluster: { externalController: { url: 'http://linstor-controller.example.com:3370' } },
    externalControllerVersion: '1.31.2',
  });
}
