/**
 * An air-gapped install: every image comes from a private mirror and is pinned by digest.
 * `repository` redirects every document (the CSI sidecars included) to the mirror, the operator
 * image is pulled from it, and the digest lock — made with
 *   cdk8s-piraeus images --repository registry.example.com/piraeus --operator-image ... --format list
 *   (mirror, then resolve each digest with skopeo or crane)
 *   cdk8s-piraeus lock import --lock examples/air-gapped.lock.json --from digests.txt
 * — pins every image by digest; `requireDigests` fails synth if one is missing.
 * (The digests in the example lock are placeholders computed from the references.)
 */
import { App } from 'cdk8s';
import { ImageDigestLock, ImageOverride, OperatorImage, PiraeusInstall } from 'cdk8s-piraeus';
import lock from './air-gapped.lock.json';

export const MIRROR = 'registry.example.com/piraeus';

/** Adds the example to `app`. */
export function airGapped(app: App): PiraeusInstall {
  return new PiraeusInstall(app, 'piraeus', {
    operator: {
      image: OperatorImage.fromRegistry({ registry: MIRROR }),
      imagePullSecrets: ['mirror-pull-secret'],
      digestLock: ImageDigestLock.fromText(JSON.stringify(lock), 'examples/air-gapped.lock.json'),
      requireDigests: true,
      // An explicit override, itself pinned by digest: the controller runs a hotfix build.
      imageOverrides: [
        ImageOverride.forComponent('linstor-controller',
          `${MIRROR}/piraeus-server:v1.32.3-hotfix1@sha256:7d1c2a9e5b3f40e6a8c9d0b1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5`),
      ],
    },
    cluster: { repository: MIRROR },
  });
}
