import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isJsonObject, JsonObject } from '../workloads/json';
import { clusterScoped } from './cluster-scoped';

/**
 * Emits one object of a release's install exactly as given (plain values, no library defaults).
 * An object without `metadata.namespace` in the install is cluster-scoped and stays without one
 * whatever the chart's namespace. The construct id is `<Kind><name>` so that ids are stable.
 */
export function emitInstallObject(scope: Construct, object: JsonObject): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  const meta = isJsonObject(metadata) ? metadata : {};
  const obj = new ApiObject(scope, `${String(kind)}-${String(meta.name)}`, {
    apiVersion: String(apiVersion), kind: String(kind), metadata: meta, ...rest,
  });
  return meta.namespace === undefined ? clusterScoped(obj) : obj;
}

/** The first emitted object of a kind (and name, when given). */
export function findObject(objects: readonly ApiObject[], kind: string, name?: string): ApiObject | undefined {
  return objects.find((o) => o.kind === kind && (name === undefined || o.name === name));
}
