import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ErrorCodes, PiraeusError } from '../errors';
import { DisconnectedCheck } from '../mirror/olm';
import { InstallMode, olmBundle } from '../mirror/olm-bundle';
import { BundleProblem, formatBundleProblem, validateOlmBundle } from '../mirror/olm-validate';
import { OperatorRelease } from '../release/operator-release';
import { JsonObject } from '../workloads/json';
import { clusterServiceVersionFor, ClusterServiceVersionOptions } from './olm-bundle';
import { PiraeusOperator, PiraeusOperatorProps } from './piraeus-operator';
import { WebhookCertificates } from './webhook-certificates';

/** Choices of a bundle; every default is stated. */
export interface OlmBundleOptions extends ClusterServiceVersionOptions {
  /**
   * Package name.
   * @default 'piraeus-operator'
   */
  readonly packageName?: string;
  /**
   * Channels the bundle is published in.
   * @default ['stable']
   */
  readonly channels?: string[];
  /**
   * Default channel.
   * @default - the first channel
   */
  readonly defaultChannel?: string;
  /**
   * Name of the ClusterServiceVersion.
   * @default - `<packageName>.v<release version>`
   */
  readonly csvName?: string;
  /**
   * The CSV this bundle upgrades (`spec.replaces`).
   * @default - none
   */
  readonly replaces?: string;
  /**
   * `spec.minKubeVersion`.
   * @default '1.22.0' (the release data has none; this is upstream's CSV base)
   */
  readonly minKubeVersion?: string;
  /**
   * `spec.installModes`.
   * @default - OwnNamespace only
   */
  readonly installModes?: InstallMode[];
  /**
   * Further `spec` fields (icon, maintainers, ...); they replace the defaults of the same name.
   * @default - none
   */
  readonly spec?: Record<string, unknown>;
}

/** Options of `OlmBundle.forRelease`. */
export interface OlmBundleForReleaseOptions extends OlmBundleOptions {
  /**
   * How to build the operator (digest lock, image configuration, projected related images, ...);
   * `release` is the one given.
   * @default - the release's defaults
   */
  readonly operator?: PiraeusOperatorProps;
}

/**
 * An OLM bundle directory (registry+v1) for a `PiraeusOperator`: `manifests/` (the
 * ClusterServiceVersion, the CRDs, the image ConfigMap), `metadata/annotations.yaml` and
 * `bundle.Dockerfile`. Not a chart: it is files, written only where `writeTo` is told.
 */
export class OlmBundle {
  /** The bundle of a release, in one call: the operator is built in an app of its own. */
  public static forRelease(release: OperatorRelease, options: OlmBundleForReleaseOptions = {}): OlmBundle {
    // An app that is never synthesized: nothing is written until writeTo.
    const chart = new Chart(new App(), 'bundle');
    const operator = new PiraeusOperator(chart, 'operator', { webhookCertificates: WebhookCertificates.olm(), ...options.operator, release });
    const errors = operator.node.validate();
    if (errors.length) throw new PiraeusError(ErrorCodes.INVALID_PROPS, errors.join('; '), { path: operator.node.path });
    return new OlmBundle(operator, options);
  }

  /**
   * The bundle of an operator already built (call it once the operator is fully configured). The
   * operator must use `WebhookCertificates.olm()`: under OLM, OLM serves the webhook certificate.
   * @throws PiraeusError INVALID_PROPS for an operator with another certificate source
   */
  public static fromOperator(operator: PiraeusOperator, options: OlmBundleOptions = {}): OlmBundle {
    if (operator.webhookCertificates.method !== 'olm') {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, `an OLM bundle needs the operator built with webhookCertificates: WebhookCertificates.olm() `
        + `(it uses ${operator.webhookCertificates.method}): OLM mounts its own serving certificate where gencert's would go`, { path: operator.node.path });
    }
    return new OlmBundle(operator, options);
  }

  /** Path -> content, sorted by path. */
  public readonly files: Readonly<Record<string, string>>;
  /** The ClusterServiceVersion as written. */
  public readonly clusterServiceVersion: JsonObject;
  /** Whether it is marked disconnected-ready, and why not. */
  public readonly disconnected: DisconnectedCheck;

  private constructor(operator: PiraeusOperator, options: OlmBundleOptions) {
    const pieces = clusterServiceVersionFor(operator, { naming: options.naming });
    const result = olmBundle({
      objects: operator.objects().map((o) => o.toJson()),
      managerDeployment: operator.release.managerDeploymentName,
      relatedImages: pieces.spec.relatedImages,
      version: operator.release.version,
      packageName: options.packageName,
      channels: options.channels,
      defaultChannel: options.defaultChannel,
      csvName: options.csvName,
      replaces: options.replaces,
      minKubeVersion: options.minKubeVersion,
      installModes: options.installModes,
      annotations: options.annotations,
      spec: options.spec,
    });
    this.files = result.files;
    this.clusterServiceVersion = result.clusterServiceVersion;
    this.disconnected = result.disconnected;
  }

  /** The offline checks (errors first, then warnings). */
  public validate(): BundleProblem[] {
    return validateOlmBundle(this.files);
  }

  /**
   * Writes the bundle under `dir` (created if needed), after the offline checks.
   * @returns the paths written, relative to `dir`
   * @throws PiraeusError INVALID_INPUT listing every error of the checks (nothing is written)
   */
  public writeTo(dir: string): string[] {
    const errors = this.validate().filter((p) => p.severity === 'error');
    if (errors.length) throw new PiraeusError(ErrorCodes.INVALID_INPUT, `the bundle fails its checks: ${errors.map(formatBundleProblem).join('; ')}`, { path: dir });
    const written: string[] = [];
    for (const [rel, content] of Object.entries(this.files)) {
      const target = path.join(dir, ...rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
      written.push(rel);
    }
    return written;
  }
}
