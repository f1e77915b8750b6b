import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../services/cli/src/up/stack.ts';
import { waitFor } from './brokers.ts';

// A second, private redis-server (AOF on, so a restart keeps the data like a real deployment's
// volume) that a chaos test may stop and start without disturbing anyone else's Redis.

export interface SecondRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startSecondRedis(): Promise<SecondRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'faultline-redis-'));
  let child: ChildProcess | null = null;
  const ping = async () => {
    const { createConnection } = await import('node:net');
    return new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => s.write('PING\r\n'));
      s.on('data', (d) => {
        resolve(d.toString().includes('PONG'));
        s.destroy();
      });
      s.on('error', () => resolve(false));
    });
  };
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(ping, 10_000, `redis on ${port}`);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM'); // redis-server saves (AOF) and exits on SIGTERM
      await exited;
    },
  };
}
