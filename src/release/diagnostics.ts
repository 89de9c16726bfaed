/** Stable warning codes about the chosen release. Never rename one, only add. */
export const ReleaseDiagnosticCodes = {
  /** The release ignores `RELATED_IMAGE_*`: images are pinned through ConfigMap documents instead. */
  PINNED_BY_CONFIGMAP: 'PINNED_BY_CONFIGMAP',
  /** The preview renders another release's workload templates. */
  PREVIEW_TEMPLATES: 'PREVIEW_TEMPLATES',
  /** The release cannot do what a setting asks, which is therefore ignored (e.g. an external version before v2.8.0). */
  RELEASE_IGNORES: 'RELEASE_IGNORES',
} as const;
