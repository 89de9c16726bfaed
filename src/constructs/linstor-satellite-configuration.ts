import { Construct } from 'constructs';
import { ErrorCodes, PiraeusError } from '../errors';
import * as piraeus from '../imports/piraeus.io';
import { satelliteInternalTls } from '../manifests/cluster-tls';
import { validateSatelliteConfigurationSpec } from '../manifests/validate-specs';
import { clusterScoped } from './cluster-scoped';
import { internalTlsSettings, LinstorInternalTls } from './linstor-internal-tls';

/** Properties of a `LinstorSatelliteConfiguration`: the whole spec, plus its name. */
export interface LinstorSatelliteConfigurationProps extends piraeus.LinstorSatelliteConfigurationSpec {
  /**
   * Name of the object. Configurations apply in name order, later ones winning.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Extra labels on the object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Internal TLS of the selected satellites, from cert-manager (`LinstorInternalTls.certManager()`,
   * e.g. with `cluster.internalTlsIssuerRef`) or a Secret you provide
   * (`LinstorInternalTls.fromSecrets({ secretName })`). Sets `spec.internalTLS`; give it either
   * here or as `internalTls`, not both.
   * @default - the satellites' internal TLS is not set by this configuration
   */
  readonly tls?: LinstorInternalTls;
}

/**
 * A `LinstorSatelliteConfiguration`: storage pools, properties, TLS, IP families, deletion
 * policy and pod patches for the satellites on the nodes it selects. Cluster-scoped; checked at
 * synth time (each storage pool has a name and exactly one type, properties have names, ...).
 */
export class LinstorSatelliteConfiguration extends Construct {
  /** The emitted API object. */
  public readonly apiObject: piraeus.LinstorSatelliteConfiguration;
  /** Name of the object. */
  public readonly name: string;
  /** The spec as emitted. */
  public readonly spec: piraeus.LinstorSatelliteConfigurationSpec;

  public constructor(scope: Construct, id: string, props: LinstorSatelliteConfigurationProps = {}) {
    super(scope, id);
    const { name, labels, tls, ...given } = props;
    if (tls && given.internalTls !== undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, 'tls and internalTls both set the satellites\' internal TLS; give one', { path: this.node.path });
    }
    const spec: piraeus.LinstorSatelliteConfigurationSpec = tls ? { ...given, internalTls: satelliteInternalTls(internalTlsSettings(tls), this.node.path) } : given;
    validateSatelliteConfigurationSpec(spec as Record<string, unknown>, this.node.path);
    this.spec = spec;
    this.apiObject = clusterScoped(new piraeus.LinstorSatelliteConfiguration(this, 'Resource', {
      metadata: { ...(name !== undefined ? { name } : {}), labels },
      spec,
    }));
    this.name = this.apiObject.name;
  }
}
