import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '@faultline/shared/paths';

// Every provisioned dashboard against Grafana's own dashboard model for the version
// docker-compose runs: @grafana/schema is the TypeScript form of the CUE schema Grafana generates
// its dashboard types from, published with each release. The JSON is checked as an object
// literal `satisfies Dashboard`, so a misspelt or unknown field, a wrong type or a missing
// required one is a compile error with its path. There is no Grafana binary here (not in
// Debian, npm or Maven Central); grafana-dashboards.test.ts checks what the schema cannot
// (the grid, datasources, metric names).

const dashboards = join(repoRoot, 'infra/grafana/dashboards');
const compose = parseYaml(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
  services: { grafana: { image: string } };
};
const schemaVersion = (
  JSON.parse(readFileSync(join(repoRoot, 'node_modules/@grafana/schema/package.json'), 'utf8')) as {
    version: string;
  }
).version;
// Inside the repo, so that the import resolves to its node_modules.
const scratch = mkdtempSync(join(repoRoot, 'test/.grafana-schema-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Compiler errors for the dashboard JSON `json` typed as Dashboard, as "name:line: message". */
function schemaErrors(file: string, json = readFileSync(join(dashboards, file), 'utf8')): string[] {
  const source = join(scratch, file.replace(/\.json$/, '.ts'));
  writeFileSync(
    source,
    `import type { Dashboard } from '@grafana/schema';\nexport const d = ${json.trim()} satisfies Dashboard;\n`,
  );
  const program = ts.createProgram([source], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line =
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    return `${file}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('Grafana dashboards against @grafana/schema', () => {
  it('the schema package is the release docker-compose runs', () => {
    const image = compose.services.grafana.image;
    expect(image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    const [major, minor] = image.split(':')[1]!.split('.');
    expect(schemaVersion.split('.').slice(0, 2)).toEqual([major, minor]);
  });

  const files = readdirSync(dashboards).filter((f) => f.endsWith('.json'));
  it.each(files)('%s is a Dashboard of that release', (file) => {
    expect(schemaErrors(file)).toEqual([]);
  });

  it('catches what the schema forbids (a field of the wrong type)', () => {
    const broken = JSON.parse(readFileSync(join(dashboards, files[0]!), 'utf8')) as {
      panels: Array<Record<string, unknown>>;
    };
    broken.panels[0]!.gridPos = { h: '8', w: 12, x: 0, y: 0 };
    const errors = schemaErrors('broken-copy.json', JSON.stringify(broken));
    expect(errors.join('\n')).toMatch(/not assignable to type 'number'/);
  });
});
