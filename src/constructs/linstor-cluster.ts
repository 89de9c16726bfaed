import { Construct } from 'constructs';
import { ErrorCodes, formatProblem, PiraeusError } from '../errors';
import * as piraeus from '../imports/piraeus.io';
import { ClusterDiagnosticCodes, planClusterTls } from '../manifests/cluster-tls';
import { validateClusterSpec } from '../manifests/validate-specs';
import type { CertManagerIssuerRef } from '../release/customize';
import { clusterScoped } from './cluster-scoped';
import { addWarning } from './diagnostics';
import { apiTlsSettings, LinstorApiTls } from './linstor-api-tls';
import { LinstorClusterPrerequisites } from './linstor-cluster-prerequisites';
import { internalTlsSettings, LinstorInternalTls } from './linstor-internal-tls';
import { LinstorPassphrase, passphraseSettings } from './linstor-passphrase';
import { LinstorSatelliteConfiguration } from './linstor-satellite-configuration';

/** The release default namespace of the operator. */
const DEFAULT_OPERATOR_NAMESPACE = 'piraeus-datastore';

/** TLS of a LinstorCluster: the LINSTOR API's and the controller-satellite connection's. */
export interface LinstorClusterTls {
  /**
   * TLS for the LINSTOR API (`spec.apiTLS`): the controller serves HTTPS, the operator, CSI and
   * the other clients authenticate with certificates.
   * @default - none
   */
  readonly api?: LinstorApiTls;
  /**
   * TLS between the controller and the satellites (`spec.internalTLS`), and by default on every
   * satellite too.
   * @default - none
   */
  readonly internal?: LinstorInternalTls;
}

/** Properties of a `LinstorCluster`: the whole `piraeus.io/v1` LinstorCluster spec, plus its name. */
export interface LinstorClusterProps extends piraeus.LinstorClusterSpec {
  /**
   * Name of the LinstorCluster object (the operator manages one per cluster); also the prefix of
   * the objects made for its TLS and passphrase (`<name>-api-ca`, `<name>-passphrase`, ...).
   * @default 'linstorcluster'
   */
  readonly name?: string;
  /**
   * Extra labels on the object (and on the objects made for its TLS and passphrase).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * TLS of the LINSTOR API and of the controller-satellite connection, from cert-manager (your
   * issuer, or a CA the library makes) or from Secrets you provide. Sets `spec.apiTLS` and
   * `spec.internalTLS`; give these either here or as `apiTls`/`internalTls`, not both.
   * @default - no TLS
   */
  readonly tls?: LinstorClusterTls;
  /**
   * The LINSTOR master passphrase, from a Secret of yours or one made from a value. Sets
   * `spec.linstorPassphraseSecret`; give it either here or as `linstorPassphraseSecret`.
   * @default - no passphrase
   */
  readonly passphrase?: LinstorPassphrase;
  /**
   * Namespace of the operator that reconciles this cluster: where the objects made for `tls` and
   * `passphrase` go, and where the operator reads every Secret the spec names. `PiraeusInstall`
   * and `PiraeusDatastore` set it; a `PiraeusOperator` serving the cluster checks it.
   * @default 'piraeus-datastore'
   */
  readonly operatorNamespace?: string;
  /**
   * Where the namespaced objects made for `tls` and `passphrase` (CA Issuers and Certificates, the
   * passphrase Secret) are emitted. `PiraeusInstall` puts them in its operator phase.
   * @default - this construct
   */
  readonly prerequisites?: Construct;
}

/**
 * The `LinstorCluster` resource: which nodes run satellites, the LINSTOR controller and CSI
 * components, TLS, and `repository`, which replaces the base of every image document.
 * Cluster-scoped. The spec is checked at synth time (properties need names, patches need text,
 * replicas are non-negative, the repository is a valid registry prefix, ...).
 */
export class LinstorCluster extends Construct {
  /** The emitted API object. */
  public readonly apiObject: piraeus.LinstorCluster;
  /** Name of the object. */
  public readonly name: string;
  /** `spec.repository`, or '' when unset. */
  public readonly repository: string;
  /** Whether the cluster uses an external LINSTOR controller (`spec.externalController`). */
  public readonly externalController: boolean;
  /** The spec as emitted. */
  public readonly spec: piraeus.LinstorClusterSpec;
  /** Namespace of the operator that reconciles the cluster. */
  public readonly operatorNamespace: string;
  /** The CA Issuers, Certificates and passphrase Secret made for `tls` and `passphrase`, when there are any. */
  public readonly prerequisites?: LinstorClusterPrerequisites;
  /** The issuer of the API certificates, when cert-manager issues them (the library's CA or yours). */
  public readonly apiTlsIssuerRef?: CertManagerIssuerRef;
  /** The issuer of the internal certificates, when cert-manager issues them: pass it to satellite configurations. */
  public readonly internalTlsIssuerRef?: CertManagerIssuerRef;
  /** The satellite configuration `internal-tls` that turns internal TLS on for every satellite, when made. */
  public readonly internalTlsSatellites?: LinstorSatelliteConfiguration;

  public constructor(scope: Construct, id: string, props: LinstorClusterProps = {}) {
    super(scope, id);
    const { name, labels, tls, passphrase, operatorNamespace, prerequisites, ...given } = props;
    const where = this.node.path;
    this.name = name ?? 'linstorcluster';
    this.operatorNamespace = operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE;
    const refuseBoth = (typed: string, raw: string) => {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, `${typed} and ${raw} both set TLS or the passphrase; give one`, { path: where });
    };
    if (tls?.api && given.apiTls !== undefined) refuseBoth('tls.api', 'apiTls');
    if (tls?.internal && given.internalTls !== undefined) refuseBoth('tls.internal', 'internalTls');
    if (passphrase && given.linstorPassphraseSecret !== undefined) refuseBoth('passphrase', 'linstorPassphraseSecret');

    const plan = planClusterTls({
      clusterName: this.name,
      namespace: this.operatorNamespace,
      api: tls?.api && apiTlsSettings(tls.api),
      internal: tls?.internal && internalTlsSettings(tls.internal),
      passphrase: passphrase && passphraseSettings(passphrase),
      labels,
      where,
    });
    const spec: piraeus.LinstorClusterSpec = {
      ...given,
      ...(plan.apiTls ? { apiTls: plan.apiTls } : {}),
      ...(plan.internalTls ? { internalTls: plan.internalTls } : {}),
      ...(plan.linstorPassphraseSecret !== undefined ? { linstorPassphraseSecret: plan.linstorPassphraseSecret } : {}),
    };
    validateClusterSpec(spec as Record<string, unknown>, where);
    this.repository = spec.repository ?? '';
    this.externalController = spec.externalController !== undefined;
    this.spec = spec;
    this.apiTlsIssuerRef = plan.apiIssuerRef;
    this.internalTlsIssuerRef = plan.internalIssuerRef;
    this.apiObject = clusterScoped(new piraeus.LinstorCluster(this, 'Resource', {
      metadata: { name: this.name, labels },
      spec,
    }));
    if (plan.objects.length) {
      const target = prerequisites ?? this;
      this.prerequisites = new LinstorClusterPrerequisites(target, target === this ? 'Prerequisites' : `${id}Prerequisites`, { objects: plan.objects });
    }
    if (plan.satelliteInternalTls) {
      this.internalTlsSatellites = new LinstorSatelliteConfiguration(this, 'InternalTls', {
        name: 'internal-tls', labels, internalTls: plan.satelliteInternalTls,
      });
    }
    if (plan.passphraseInOutput) {
      addWarning(this, formatProblem({ path: where }, `the LINSTOR passphrase is in the synthesized output (Secret ${plan.linstorPassphraseSecret}, only base64-encoded): `
        + 'do not commit it unencrypted, or create the Secret yourself and use LinstorPassphrase.fromSecret()', ClusterDiagnosticCodes.SECRET_IN_OUTPUT));
    }
  }
}
