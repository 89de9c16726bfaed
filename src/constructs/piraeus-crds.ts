import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { clusterScoped } from './cluster-scoped';

/**
 * The vendored CRD file shipped with the package (`crds/piraeus.io.yaml` at the package root,
 * found from the compiled or source location alike).
 */
export const CRD_FILE = findCrdFile();

function findCrdFile(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'crds', 'piraeus.io.yaml');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.join(__dirname, '..', '..', 'crds', 'piraeus.io.yaml');
}

/**
 * The four `piraeus.io/v1` CustomResourceDefinitions (LinstorCluster, LinstorSatellite,
 * LinstorSatelliteConfiguration, LinstorNodeConnection), cluster-scoped, named as upstream.
 */
export class PiraeusCrds extends Construct {
  /** One API object per CRD, in file order. */
  public readonly crds: readonly ApiObject[];

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const docs = parseAllDocuments(fs.readFileSync(CRD_FILE, 'utf8'));
    const list = Array.isArray(docs) ? docs : [docs];
    this.crds = list.filter((d) => d.contents !== null).map((d) => {
      const crd = d.toJS() as { apiVersion: string; kind: string; metadata: { name: string }; spec: unknown };
      return clusterScoped(new ApiObject(this, crd.metadata.name, crd));
    });
  }
}
