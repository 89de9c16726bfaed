/**
 * Satellites joining an existing LINSTOR controller outside Kubernetes. The satellite image
 * follows the controller's version; giving `externalControllerVersion` pins it to `v1.31.2`.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PiraeusDatastore } from '../src';

export class ExternalControllerChart extends Chart {
  public readonly datastore: PiraeusDatastore;

  public constructor(scope: Construct, id = 'external-controller') {
    super(scope, id);
    this.datastore = new PiraeusDatastore(this, 'piraeus', {
      cluster: { externalController: { url: 'http://linstor-controller.example.com:3370' } },
      externalControllerVersion: '1.31.2',
    });
  }
}
