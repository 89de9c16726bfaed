import { ExplicitOverride } from '../resolver/plan';

/**
 * An explicit image override: a `RELATED_IMAGE_*` variable of the operator that wins over the
 * image ConfigMap. Checked with the strict reference parser; shown in the resolution report.
 */
export class ImageOverride {
  /**
   * Replaces every variant of a component (for `drbd-module-loader`: every OS-specific loader).
   * Written as one `RELATED_IMAGE_<component>_<image>` per variant, never the bare
   * `RELATED_IMAGE_<component>`.
   */
  public static forComponent(component: string, image: string): ImageOverride {
    return new ImageOverride({ component, image });
  }

  /**
   * Replaces one variant: the fallback image or a match rule's image, named by its image name
   * (e.g. `forVariant('drbd-module-loader', 'drbd9-jammy', 'mirror.example.com/drbd9-jammy@sha256:...')`).
   */
  public static forVariant(component: string, variant: string, image: string): ImageOverride {
    return new ImageOverride({ component, variant, image });
  }

  /** What the override says, in the resolver's terms. */
  public readonly override: ExplicitOverride;

  private constructor(override: ExplicitOverride) {
    this.override = override;
  }
}
