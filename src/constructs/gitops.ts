/** Annotations for a GitOps tool, so it applies the install phases in order. */
export class GitOps {
  /** No GitOps annotations (apply the phase folders in order yourself, or with Flux `dependsOn`). */
  public static none(): GitOps {
    return new GitOps('none');
  }

  /**
   * Argo CD: every object gets `argocd.argoproj.io/sync-wave` of its phase (0 Namespace and CRDs,
   * 1 the operator, 2 what the operator reconciles), and the custom resources get
   * `argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true`, because their CRDs do not
   * exist yet when Argo CD dry-runs the first sync.
   */
  public static argoCd(): GitOps {
    return new GitOps('argocd');
  }

  private constructor(
    /** `none` or `argocd`. */
    public readonly tool: 'none' | 'argocd',
  ) {}

  /** The annotations of an object in `phase` (0, 1, 2); `customResource` for piraeus.io kinds. */
  public annotationsFor(phase: number, customResource: boolean): Record<string, string> {
    if (this.tool !== 'argocd') return {};
    return {
      'argocd.argoproj.io/sync-wave': String(phase),
      ...(customResource ? { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' } : {}),
    };
  }
}
