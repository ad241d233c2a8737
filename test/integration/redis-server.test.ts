import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startRedis } from '../support/redis-server.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // ESRCH: no such process, which is what we hope for. Anything else (EPERM) means it exists.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};
const tempDirs = (): string[] => readdirSync(tmpdir()).filter((d) => d.startsWith('ovr-redis-'));

describe('test/support/redis-server', () => {
  it('leaves no process and no directory behind', async () => {
    const server = await startRedis();
    const first = server.pid();
    expect(first).not.toBeNull();
    expect(alive(first!)).toBe(true);
    await server.restart();
    const second = server.pid();
    expect(alive(first!)).toBe(false);
    expect(alive(second!)).toBe(true);
    await server.stop();
    await server.stop();
    expect(alive(second!)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  });

  it('fails with the reason when redis-server cannot start, and cleans up', async () => {
    const before = tempDirs().length;
    await expect(startRedis({ bin: '/nonexistent/redis-server' })).rejects.toThrow(/failed to start/);
    expect(tempDirs().length).toBe(before);
  });
});
