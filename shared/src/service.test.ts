import { describe, it, expect, vi, afterEach } from 'vitest';
import { runService } from './service.ts';
import { createLogger } from './log.ts';

describe('runService ctx.fail', () => {
  afterEach(() => void vi.restoreAllMocks());

  it('runs the shutdown steps (in-flight work finishes) before exiting with code 1', async () => {
    const order: string[] = [];
    let exited!: (code: number) => void;
    const exit = new Promise<number>((r) => (exited = r));
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      order.push('exit');
      exited(code ?? 0);
    }) as never);
    const service = await runService({
      name: 'fail-test',
      host: '127.0.0.1',
      port: 0,
      log: createLogger({ service: 'fail-test', level: 'silent' }),
      start: async (ctx) => {
        ctx.onShutdown(async () => {
          await new Promise((r) => setTimeout(r, 50));
          order.push('workers closed');
        });
      },
    });
    service.ctx.fail('consumer crashed');
    expect(await exit).toBe(1);
    expect(order).toEqual(['workers closed', 'exit']);
  });
});
