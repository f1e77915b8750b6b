import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { repoRoot } from '@faultline/shared/paths';

// The Kubernetes manifests (infra/k8s) render with `kubectl kustomize` and every object is
// valid against the Kubernetes API schemas (kubernetes-models, generated from the OpenAPI
// spec). And they say what docker-compose says: one Deployment per service with probes and
// resource requests, the services' ports, and no stage with more replicas than partitions.

const KUBECTL = process.env.KUBECTL_PATH ?? '/usr/bin/kubectl';
const K8S = join(repoRoot, 'infra', 'k8s');
const SERVICES: Record<string, number> = {
  poller: 9301,
  cleaner: 9302,
  analyzer: 9303,
  alerter: 9304,
  dashboard: 8080,
  archive: 9305,
};
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const present = existsSync(KUBECTL);
if (!present) console.log(`k8s manifests skipped: no kubectl at ${KUBECTL}`);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [k: string]: unknown;
}

function render(overlay: string): K8sObject[] {
  const out = execFileSync(KUBECTL, ['kustomize', join(K8S, 'overlays', overlay)], {
    encoding: 'utf8',
  });
  return parseAllDocuments(out).map((d) => {
    const o = d.toJS() as K8sObject;
    // kustomize wraps long base64 values over lines; the API server's decoder skips the
    // newlines, the schema's base64 pattern does not.
    if (o.kind === 'Secret' && o.data)
      for (const [k, v] of Object.entries(o.data as Record<string, string>))
        (o.data as Record<string, string>)[k] = v.replace(/\s+/g, '');
    return o;
  });
}

const partitions = (
  parse(readFileSync(join(K8S, 'base', 'faultline.yaml'), 'utf8')) as {
    kafka: { partitions: number };
  }
).kafka.partitions;

describe.skipIf(!present).each(['dev', 'production'])('k8s overlay %s', (overlay) => {
  const objects = present ? render(overlay) : [];
  const deployments = objects.filter((o) => o.kind === 'Deployment') as unknown as IDeployment[];

  it('renders objects that are all valid against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(8);
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(Model, `${o.apiVersion} ${o.kind} has a schema here`).toBeDefined();
      expect(() => new Model!(o as never).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
    }
  });

  it('runs every service with probes, resource requests and its port', () => {
    expect(deployments.map((d) => d.metadata!.name).sort()).toEqual(
      Object.keys(SERVICES)
        .map((s) => `faultline-${s}`)
        .sort(),
    );
    for (const d of deployments) {
      const service = d.metadata!.name!.replace('faultline-', '');
      const [c] = d.spec!.template.spec!.containers;
      expect(c!.readinessProbe?.httpGet?.path, service).toBe('/readyz');
      expect(c!.livenessProbe?.httpGet?.path, service).toBe('/healthz');
      expect(c!.resources?.requests?.cpu, service).toBeDefined();
      expect(c!.resources?.requests?.memory, service).toBeDefined();
      expect(c!.ports?.[0]?.containerPort, service).toBe(SERVICES[service]);
      expect(c!.command?.join(' '), service).toContain(`services/${service}/src/main.ts`);
      expect(d.spec!.template.spec!.terminationGracePeriodSeconds).toBeLessThanOrEqual(60);
    }
  });

  it('keeps every stage within the partition count, autoscaling included', () => {
    for (const d of deployments)
      expect(d.spec!.replicas ?? 1, d.metadata!.name).toBeLessThanOrEqual(partitions);
    for (const h of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler'))
      expect((h as unknown as IHorizontalPodAutoscaler).spec!.maxReplicas).toBeLessThanOrEqual(
        partitions,
      );
  });

  it('takes config from the ConfigMap and secrets only from the Secret', () => {
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name);
    expect(configMaps.some((n) => n.startsWith('faultline-config'))).toBe(true);
    for (const d of deployments) {
      const [c] = d.spec!.template.spec!.containers;
      for (const e of c!.env ?? []) {
        expect(e.value, `${d.metadata!.name} ${e.name} holds no literal secret`).toBeUndefined();
        expect(e.valueFrom?.secretKeyRef?.name).toMatch(/^faultline-secrets/);
      }
    }
  });
});
