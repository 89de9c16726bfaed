/** A resolver over the built-in default configuration. */
import { loadImageConfig } from './configmap';
import { defaultImageConfigData } from './defaults';
import { ImageResolver, ImageResolverOptions } from './image-resolver';

/** A resolver over the default image configuration of the targeted operator release. */
export function defaultResolver(options: ImageResolverOptions = {}): ImageResolver {
  return new ImageResolver(loadImageConfig(defaultImageConfigData()).documents, options);
}
