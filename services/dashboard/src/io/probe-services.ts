import { parsePromText, sumSamples, type Sample } from '../core/parse-prom.ts';
import type { LanguageCount, ServiceProbe, StageCounters } from '../core/model.ts';

// Reads each stage's /metrics (items in/out/failed) and /readyz. A service that does not answer
// within the timeout is reported down; the others still count.

export interface ProbeTarget {
  stage: string;
  /** The service's base URL, e.g. http://127.0.0.1:9302 (metrics at /metrics). */
  baseUrl: string;
  metricsUrl: string;
}

export interface ProbeResult {
  services: ServiceProbe[];
  counters: StageCounters[];
}

export async function probeServices(
  targets: readonly ProbeTarget[],
  timeoutMs = 800,
): Promise<ProbeResult> {
  const results = await Promise.all(targets.map((t) => probeOne(t, timeoutMs)));
  return {
    services: results.map((r) => r.probe),
    counters: results.flatMap((r) => (r.counters ? [r.counters] : [])),
  };
}

async function probeOne(
  target: ProbeTarget,
  timeoutMs: number,
): Promise<{ probe: ServiceProbe; counters: StageCounters | null }> {
  try {
    const [metrics, ready] = await Promise.all([
      fetchText(target.metricsUrl, timeoutMs),
      fetchText(`${target.baseUrl}/readyz`, timeoutMs).then(
        (r) => r.status === 200,
        () => null,
      ),
    ]);
    if (metrics.status !== 200) throw new Error(`/metrics answered ${metrics.status}`);
    const samples = parsePromText(metrics.body);
    return {
      probe: { name: target.stage, up: true, ready },
      counters: {
        stage: target.stage,
        in: sumSamples(samples, 'faultline_items_in_total'),
        // The poller counts what it produces under its own name.
        out:
          sumSamples(samples, 'faultline_items_out_total') +
          sumSamples(samples, 'faultline_poller_items_produced_total'),
        failed: sumSamples(samples, 'faultline_items_failed_total'),
        ...languagesOf(samples),
      },
    };
  } catch (err) {
    return {
      probe: { name: target.stage, up: false, ready: null, error: describe(err) },
      counters: null,
    };
  }
}

function languagesOf(samples: Sample[]): { languages?: LanguageCount[] } {
  const rows = samples
    .filter((s) => s.name === 'faultline_analyzer_items_by_language_total')
    .map((s) => ({
      language: s.labels['language'] ?? 'und',
      mode: s.labels['mode'] ?? 'english',
      count: s.value,
    }));
  return rows.length ? { languages: rows } : {};
}

async function fetchText(
  url: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: await res.text() };
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError') return 'no answer in time';
  return e.cause?.code ?? e.message ?? String(err);
}
