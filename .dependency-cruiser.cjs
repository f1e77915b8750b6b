// The house's dependency rules, checked by `npm run lint` (and so by CI). There is no exceptions
// list: code that breaks a rule is changed, not listed here.
//
// A service's public face is what its package.json "exports" names: always src/index.ts
// ('@faultline/<service>'), and for some an evaluation face (src/eval/index.ts,
// '@faultline/<service>/eval') or a test-support face (src/testing/index.ts). Another service may
// import only those files. Tests under test/ may reach into a service (they test its adapters).
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join, posix } = require('node:path');

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** services/<name>/<file> for every file a service's package.json exports. */
function publicFaces() {
  const faces = [];
  for (const name of readdirSync(join(__dirname, 'services'))) {
    const pkg = join(__dirname, 'services', name, 'package.json');
    if (!existsSync(pkg)) continue;
    const exportsField = JSON.parse(readFileSync(pkg, 'utf8')).exports ?? {};
    const targets = typeof exportsField === 'string' ? [exportsField] : Object.values(exportsField);
    for (const target of targets) {
      if (typeof target !== 'string' || target.includes('*'))
        throw new Error(`${pkg}: exports must name files (a public face), not ${target}`);
      faces.push(posix.join('services', name, target));
    }
  }
  return faces;
}

const FACES = publicFaces();

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import circles. A type two modules share lives in a leaf module both import ' +
        '(e.g. poller/src/core/feed-types.ts, shared/src/kafka/types.ts).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'through-public-face',
      severity: 'error',
      comment:
        "A service uses another only through its public face (the files its package.json 'exports' " +
        "names: '@faultline/<service>', '@faultline/<service>/eval' ...). Export what you need there.",
      from: { path: '^services/([^/]+)/' },
      to: {
        path: '^services/',
        pathNot: ['^services/$1/', ...FACES.map((f) => `^${escapeRe(f)}$`)],
      },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        "A stage's core/ is pure: nothing it imports, directly or through other modules, is an io/ " +
        'adapter, a broker, Redis or database client, or a shared adapter (kafka, queue, http).',
      from: { path: '^services/[^/]+/src/core/' },
      to: {
        path: [
          '^services/[^/]+/src/io/',
          '^shared/src/(kafka|queue|http)/',
          '(^|/)node_modules/(kafkajs|bullmq|ioredis|pg|pg-query-stream|undici)/',
        ],
        reachable: true,
      },
    },
    {
      name: 'resolvable',
      severity: 'error',
      comment:
        "Every import resolves (a deep path into a service that its package.json 'exports' does not " +
        'name does not).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'shared-imports-no-service',
      severity: 'error',
      comment: 'shared/ is the foundation every service stands on: it imports no service.',
      from: { path: '^shared/' },
      to: { path: '^services/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(\\.dist|\\.data|artifacts)/' },
    // Type-only imports count: a circle of types is still a circle a reader has to untangle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
