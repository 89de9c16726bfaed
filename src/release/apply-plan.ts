/**
 * The command sequence that installs a synthesized folder on an empty cluster: each file applied
 * server-side (the CRDs are too large for a client-side apply's annotation), then a wait for what
 * the next file needs: CRDs established, gencert and the operator available, the webhook
 * certificate and any CA issued. Pure: the CLI reads the files, this decides the steps.
 */
import { compareCodeUnits } from '../resolver/util';
import { isJsonObject, JsonObject } from '../workloads/json';
import { GENCERT_CONTAINER, MANAGER_CONTAINER } from './load';
import { firstSecretVolume, metadataOf, podContainers } from './manifest';

/** One synthesized file and its objects. */
export interface SynthesizedFile {
  /** Path as it should appear in the commands. */
  readonly path: string;
  readonly objects: readonly JsonObject[];
}

/** One step: a command and why it is there. */
export interface ApplyStep {
  readonly command: string;
  readonly why: string;
}

const WAIT_TIMEOUT = '--timeout=300s';

function deploymentWith(objects: readonly JsonObject[], container: string): JsonObject | undefined {
  return objects.find((o) => o.kind === 'Deployment' && podContainers(o).some((c) => c.name === container));
}

/** The steps for the files, in file-name order. */
export function applyPlan(files: readonly SynthesizedFile[]): ApplyStep[] {
  const steps: ApplyStep[] = [];
  for (const file of [...files].sort((a, b) => compareCodeUnits(a.path, b.path))) {
    if (file.objects.length === 0) continue;
    steps.push({ command: `kubectl apply --server-side -f ${file.path}`, why: `${file.objects.length} object(s)` });
    const crds = file.objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => `crd/${String(metadataOf(o).name)}`);
    if (crds.length) {
      steps.push({ command: `kubectl wait --for=condition=Established --timeout=60s ${crds.join(' ')}`, why: 'the custom resources of later files need their CRDs' });
    }
    const certificates = file.objects.filter((o) => o.kind === 'Certificate' && String(o.apiVersion).startsWith('cert-manager.io/'));
    for (const ca of certificates.filter((o) => isJsonObject(o.spec) && o.spec.isCA === true)) {
      steps.push({
        command: `kubectl -n ${String(metadataOf(ca).namespace)} wait --for=condition=Ready ${WAIT_TIMEOUT} certificate/${String(metadataOf(ca).name)}`,
        why: 'a CA whose Issuer signs the certificates the operator requests',
      });
    }
    const manager = deploymentWith(file.objects, MANAGER_CONTAINER);
    if (!manager) continue;
    const ns = String(metadataOf(manager).namespace);
    const gencert = deploymentWith(file.objects, GENCERT_CONTAINER);
    const secret = firstSecretVolume(manager)?.secretName;
    // The webhook's Certificate writes the manager's certificate Secret (a CA of the same file does not).
    const certificate = certificates.find((o) => isJsonObject(o.spec) && o.spec.secretName === secret)
      ?? certificates.find((o) => !(isJsonObject(o.spec) && o.spec.isCA === true));
    if (gencert) {
      steps.push({ command: `kubectl -n ${ns} wait --for=condition=Available ${WAIT_TIMEOUT} deployment/${String(metadataOf(gencert).name)}`, why: 'gencert issues the webhook certificate' });
      if (secret) steps.push({ command: `kubectl -n ${ns} wait --for=create ${WAIT_TIMEOUT} secret/${secret}`, why: 'the webhook serves with this certificate' });
    } else if (certificate) {
      steps.push({ command: `kubectl -n ${ns} wait --for=condition=Ready ${WAIT_TIMEOUT} certificate/${String(metadataOf(certificate).name)}`, why: 'cert-manager issues the webhook certificate' });
    }
    steps.push({
      command: `kubectl -n ${ns} wait --for=condition=Available ${WAIT_TIMEOUT} deployment/${String(metadataOf(manager).name)}`,
      why: 'the admission webhook (failurePolicy Fail) must answer before piraeus.io resources and StorageClasses apply',
    });
  }
  return steps;
}
