import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped } from './cluster-scoped';

/**
 * The vendored CRD file shipped with the package (`crds/piraeus.io.yaml` at the package root,
 * found from the compiled or source location alike).
 */
export const CRD_FILE = findCrdFile('piraeus.io.yaml');

/** Its JSON copy (scripts/crds-json.js; a test keeps the two equal), which is what synth reads. */
export const CRD_JSON_FILE = findCrdFile('piraeus.io.json');

function findCrdFile(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'crds', name);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.join(__dirname, '..', '..', 'crds', name);
}

/** Properties of `PiraeusCrds`. */
export interface PiraeusCrdsProps {
  /**
   * Labels added to every CRD (upstream's overlay adds `app.kubernetes.io/name: piraeus-datastore`).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The four `piraeus.io/v1` CustomResourceDefinitions (LinstorCluster, LinstorSatellite,
 * LinstorSatelliteConfiguration, LinstorNodeConnection), cluster-scoped, named as upstream.
 */
export class PiraeusCrds extends Construct {
  /** One API object per CRD, in file order. */
  public readonly crds: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: PiraeusCrdsProps = {}) {
    super(scope, id);
    const crds = JSON.parse(fs.readFileSync(CRD_JSON_FILE, 'utf8')) as Array<{ apiVersion: string; kind: string; metadata: { name: string } }>;
    this.crds = crds.map((crd) => clusterScoped(new ApiObject(this, crd.metadata.name, {
      ...crd, metadata: { ...crd.metadata, labels: { ...(crd.metadata as { labels?: Record<string, string> }).labels, ...props.labels } },
    })));
  }
}
