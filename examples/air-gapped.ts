/**
 * An air-gapped install: every image comes from a private mirror. `repository` redirects all
 * documents (including the CSI sidecars) to the mirror, the operator image is pulled from it, and
 * the controller and satellite images are pinned by digest.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ImageOverride, OperatorImage, PiraeusDatastore } from '../src';

export const MIRROR = 'registry.example.com/piraeus';

export class AirGappedChart extends Chart {
  public readonly datastore: PiraeusDatastore;

  public constructor(scope: Construct, id = 'air-gapped') {
    super(scope, id);
    this.datastore = new PiraeusDatastore(this, 'piraeus', {
      operator: {
        image: OperatorImage.fromRegistry({
          registry: MIRROR,
          digest: 'sha256:5b0a8b3a27c4e3c9c6a1f0e0d3f1b2a4c5d6e7f8091a2b3c4d5e6f708192a3b4',
        }),
        imagePullSecrets: ['mirror-pull-secret'],
        imageOverrides: [
          ImageOverride.forComponent('linstor-controller',
            `${MIRROR}/piraeus-server:v1.32.3@sha256:0f5e2c1d4b3a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0`),
          ImageOverride.forComponent('linstor-satellite',
            `${MIRROR}/piraeus-server:v1.32.3@sha256:0f5e2c1d4b3a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0`),
        ],
      },
      cluster: { repository: MIRROR },
    });
  }
}
