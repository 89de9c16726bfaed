import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorCodes, PiraeusError } from '../errors';
import { isJsonObject, JsonObject } from '../workloads/json';
import { ImageConfigOverride } from './image-config-override';
import { emitInstallObject } from './install-object';

/** Properties of the image ConfigMap. */
export interface ImageConfigMapProps {
  /** The ConfigMap as `buildInstall` returns it (its `.data` is final). */
  readonly object: JsonObject;
}

/**
 * The operator's image ConfigMap (`piraeus-operator-image-config` upstream): the release's default
 * documents, the user's override documents and any lock or pin copies, keyed in the order the
 * operator reads them.
 */
export class ImageConfigMap extends Construct {
  /** The emitted ConfigMap. */
  public readonly apiObject: ApiObject;
  /** Name of the ConfigMap. */
  public readonly name: string;
  /** The data exactly as emitted: key -> document text. */
  public readonly data: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: ImageConfigMapProps) {
    super(scope, id);
    this.apiObject = emitInstallObject(this, props.object);
    this.name = this.apiObject.name;
    this.data = isJsonObject(props.object.data) ? { ...props.object.data as Record<string, string> } : {};
  }
}

/**
 * The ConfigMap data for the defaults and override documents: the release's keys (`0_...`), then
 * `1_<name>.yaml`, `2_<name>.yaml`, ... (`1_01_<name>.yaml`, ... with ten or more, so that byte-wise
 * order keeps the given order), then `extra` (lock or pin copies).
 * @param where construct path, for messages
 */
export function imageConfigData(
  defaults: Readonly<Record<string, string>>, overrides: readonly ImageConfigOverride[], where: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const data: Record<string, string> = { ...defaults };
  const add = (key: string, text: string) => {
    if (Object.prototype.hasOwnProperty.call(data, key)) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, `image config key "${key}" is used twice`, { path: where });
    }
    data[key] = text;
  };
  const width = overrides.length >= 10 ? String(overrides.length).length : 0;
  overrides.forEach((o, i) => {
    add(width > 0 ? `1_${String(i + 1).padStart(width, '0')}_${o.name}.yaml` : `${i + 1}_${o.name}.yaml`, o._render(where));
  });
  for (const [key, text] of Object.entries(extra)) add(key, text);
  if (Object.keys(data).length === 0) {
    throw new PiraeusError(ErrorCodes.INVALID_PROPS,
      'the image ConfigMap would be empty: keep the default documents or add override documents', { path: where });
  }
  return data;
}
