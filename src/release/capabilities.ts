/**
 * What the operator's image resolver can do in a given release. Pure; derived from the version
 * alone, so a built-in and an imported manifest of the same release behave the same.
 *
 * Facts (github.com/piraeusdatastore/piraeus-operator):
 * - v2.8.0: the satellite image tag follows an external LINSTOR controller's version
 *   (pkg/imageversions and the satellite controller at tag v2.8.0);
 * - v2.9.0: image entries gain `digest`, and `RELATED_IMAGE_<component>[_<image>]` variables of
 *   the operator container override the ConfigMap (docs/CHANGELOG.md, v2.9.0).
 */
import { atLeast, ReleaseVersion } from './version';

/** Resolver features of one release. */
export interface ReleaseCapabilities {
  /** `RELATED_IMAGE_*` variables of the operator container override the ConfigMap. */
  readonly relatedImageEnv: boolean;
  /** Image entries may carry a `digest`. */
  readonly digests: boolean;
  /** An external controller's version sets the satellite tag (`v<version>`). */
  readonly externalControllerTag: boolean;
}

/** The capabilities of a release, by version. */
export function capabilitiesOf(version: ReleaseVersion): ReleaseCapabilities {
  const v290 = atLeast(version, 2, 9, 0);
  return {
    relatedImageEnv: v290,
    digests: v290,
    externalControllerTag: atLeast(version, 2, 8, 0),
  };
}
