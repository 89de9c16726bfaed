/**
 * Webhook knobs: failure policy and timeout on every webhook, and the four certificate sources
 * (gencert, cert-manager self-signed, a user's cert-manager issuer, a user's Secret).
 */
import { Chart, Testing } from 'cdk8s';
import { ErrorCodes, PiraeusOperator, PiraeusOperatorProps, WebhookCertificates } from '../src';
import { applyPlan } from '../src/release';
import { expectPiraeusError } from './support/errors';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const MANAGER = 'piraeus-operator-controller-manager';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUFakeButWellFormedBase64Body0123456789abcdef==\n-----END CERTIFICATE-----\n';
const CA_BUNDLE = Buffer.from(PEM).toString('base64');

function synth(props: PiraeusOperatorProps = {}): Obj[] {
  const chart = new Chart(Testing.app(), 'test');
  new PiraeusOperator(chart, 'piraeus', { installCrds: false, ...props });
  return Testing.synth(chart) as Obj[];
}

function one(objects: readonly Obj[], kind: string, name?: string): Obj {
  const hits = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (hits.length !== 1) throw new Error(`expected one ${kind}, found ${hits.length}`);
  return hits[0];
}
const webhooks = (objects: readonly Obj[]): Obj[] => one(objects, 'ValidatingWebhookConfiguration').webhooks;
const manager = (objects: readonly Obj[]) => one(objects, 'Deployment', MANAGER);
const gencertObjects = (objects: readonly Obj[]) => objects.filter((o) => o.metadata?.name === 'piraeus-operator-gencert');
const subjects = (objects: readonly Obj[]) => objects.flatMap((o) => o.subjects ?? []).map((s: Obj) => s.name);

describe('failure policy and timeout', () => {
  test('both reach every webhook of the configuration', () => {
    const objects = synth({ webhook: { failurePolicy: 'Ignore', timeoutSeconds: 2 } });
    expect(webhooks(objects)).toHaveLength(5);
    for (const w of webhooks(objects)) expect(w).toMatchObject({ failurePolicy: 'Ignore', timeoutSeconds: 2 });
    expect(validateAll(objects)).toEqual([]);
  });

  test('unset, the release\'s values stay: Fail and no timeout', () => {
    for (const w of webhooks(synth())) {
      expect(w.failurePolicy).toBe('Fail');
      expect(w.timeoutSeconds).toBeUndefined();
    }
  });

  test.each([
    [{ timeoutSeconds: 0 }, 'webhook.timeoutSeconds 0 must be a whole number from 1 to 30'],
    [{ timeoutSeconds: 31 }, 'webhook.timeoutSeconds 31'],
    [{ timeoutSeconds: 2.5 }, 'webhook.timeoutSeconds 2.5'],
    [{ failurePolicy: 'Retry' as never }, 'webhook.failurePolicy "Retry" must be Fail or Ignore'],
  ])('%j is a located error', (webhook, message) => {
    expectPiraeusError(() => synth({ webhook }), ErrorCodes.INVALID_PROPS, new RegExp(`^at test/piraeus: ${message}`));
  });
});

describe('cert-manager with the user\'s issuer', () => {
  test.each(['Issuer', 'ClusterIssuer'])('a %s reference: no Issuer is created, the Certificate names it, gencert is gone', (kind) => {
    const objects = synth({ webhookCertificates: WebhookCertificates.certManagerIssuer({ kind, name: 'corp-ca' }) });
    expect(objects.filter((o) => o.kind === 'Issuer')).toEqual([]);
    const certificate = one(objects, 'Certificate');
    expect(certificate.spec.issuerRef).toEqual({ kind, name: 'corp-ca' });
    expect(certificate.spec.secretName).toBe('webhook-server-cert');
    expect(one(objects, 'ValidatingWebhookConfiguration').metadata.annotations)
      .toEqual({ 'cert-manager.io/inject-ca-from': 'piraeus-datastore/piraeus-operator-serving-cert' });
    expect(gencertObjects(objects)).toEqual([]);
    expect(validateAll(objects)).toEqual([]);
  });

  test('a group is kept when given', () => {
    const objects = synth({ webhookCertificates: WebhookCertificates.certManagerIssuer({ kind: 'ClusterIssuer', name: 'vault', group: 'cert-manager.io' }) });
    expect(one(objects, 'Certificate').spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'vault' });
  });

  test('the self-signed variant still creates its Issuer', () => {
    const objects = synth({ webhookCertificates: WebhookCertificates.certManager() });
    expect(one(objects, 'Certificate').spec.issuerRef).toEqual({ kind: 'Issuer', name: 'piraeus-operator-selfsigned-issuer' });
  });

  test.each([
    [{ kind: 'Issuers', name: 'corp-ca' }, 'the issuer\'s kind "Issuers" must be Issuer or ClusterIssuer'],
    [{ kind: 'AWSPCAIssuer', name: 'pca' }, 'kind "AWSPCAIssuer" must be Issuer or ClusterIssuer'],
    [{ kind: 'Issuer', name: 'Corp CA' }, 'name "Corp CA" is not a DNS-1123 name'],
  ])('%j is a located error', (ref, message) => {
    expectPiraeusError(() => synth({ webhookCertificates: WebhookCertificates.certManagerIssuer(ref) }),
      ErrorCodes.INVALID_PROPS, new RegExp(`^at test/piraeus: webhookCertificates: .*${message}`));
  });
});

describe('a Secret the user provides', () => {
  const objects = synth({ webhookCertificates: WebhookCertificates.fromSecret({ secretName: 'my-webhook-tls', caBundle: CA_BUNDLE }) });

  test('the manager mounts it, every webhook carries the CA bundle, no gencert nor cert-manager objects', () => {
    const cert = manager(objects).spec.template.spec.volumes.find((v: Obj) => v.name === 'cert');
    expect(cert.secret).toEqual({ defaultMode: 420, secretName: 'my-webhook-tls' });
    for (const w of webhooks(objects)) expect(w.clientConfig.caBundle).toBe(CA_BUNDLE);
    expect(gencertObjects(objects)).toEqual([]);
    expect(subjects(objects)).not.toContain('piraeus-operator-gencert');
    expect(objects.filter((o) => String(o.apiVersion).startsWith('cert-manager.io/'))).toEqual([]);
    expect(one(objects, 'ValidatingWebhookConfiguration').metadata.annotations).toBeUndefined();
    expect(validateAll(objects)).toEqual([]);
  });

  test('the apply plan waits for neither gencert nor a Certificate', () => {
    const steps = applyPlan([{ path: 'operator.k8s.yaml', objects }]).map((s) => s.command).join('\n');
    expect(steps).not.toMatch(/gencert|certificate/);
    expect(steps).toMatch(/deployment\/piraeus-operator-controller-manager/);
  });

  test.each([
    [PEM, 'caBundle is PEM text; encode it with base64'],
    ['not base64!', 'caBundle is not base64'],
    [Buffer.from('hello').toString('base64'), 'caBundle does not decode to a PEM certificate'],
    ['', 'caBundle is not base64'],
  ])('caBundle %j is a located error', (caBundle, message) => {
    expectPiraeusError(() => synth({ webhookCertificates: WebhookCertificates.fromSecret({ secretName: 'tls', caBundle }) }),
      ErrorCodes.INVALID_PROPS, new RegExp(`^at test/piraeus: webhookCertificates: ${message}`));
  });

  test('a secret name that is no DNS name is a located error', () => {
    expectPiraeusError(() => synth({ webhookCertificates: WebhookCertificates.fromSecret({ secretName: 'My_TLS', caBundle: CA_BUNDLE }) }),
      ErrorCodes.INVALID_PROPS, /^at test\/piraeus: webhookCertificates: secretName "My_TLS" is not a DNS-1123 name/);
  });
});

test('WebhookCertificates factories say which method they are', () => {
  expect(WebhookCertificates.gencert().method).toBe('gencert');
  expect(WebhookCertificates.certManager().method).toBe('cert-manager');
  expect(WebhookCertificates.certManagerIssuer({ kind: 'Issuer', name: 'x' })).toMatchObject({ method: 'cert-manager', issuerRef: { kind: 'Issuer', name: 'x' } });
  expect(WebhookCertificates.fromSecret({ secretName: 's', caBundle: CA_BUNDLE })).toMatchObject({ method: 'secret', secret: { secretName: 's' } });
});
