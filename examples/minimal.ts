/** The smallest install: the operator with default images and a LinstorCluster. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PiraeusDatastore } from '../src';

export class MinimalChart extends Chart {
  public readonly datastore: PiraeusDatastore;

  public constructor(scope: Construct, id = 'minimal') {
    super(scope, id);
    this.datastore = new PiraeusDatastore(this, 'piraeus');
  }
}
