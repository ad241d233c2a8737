import { describe, expect, it } from 'vitest';
import { ChannelRoutes } from '../../../src/adapters/ari/channel-routes.js';

/** Which Asterisk server a channel, bridge or playback id belongs to, with several servers. */
describe('ChannelRoutes', () => {
  const servers = new Set(['ast1', 'ast2']);

  it("reads a caller's server from Asterisk's id, and a leg's, bridge's or playback's from its call", () => {
    const routes = new ChannelRoutes((name) => servers.has(name));
    expect(routes.serverOf('ast2-1796600000.42')).toBe('ast2');
    // A systemname the engine does not drive, or an id without one, tells nothing.
    expect(routes.serverOf('ast9-1796600000.42')).toBeUndefined();
    expect(routes.serverOf('1796600000.42')).toBeUndefined();
    expect(routes.serverOf('c-1~bridge')).toBeUndefined();
    routes.note('c-1~agent~1', 'ast1');
    expect(routes.serverOf('c-1~bridge')).toBe('ast1');
    expect(routes.serverOf('c-1~play~3')).toBe('ast1');
    expect(routes.serverOf('c-1~citizen~2')).toBe('ast1');
    routes.forgetServer('ast1');
    expect(routes.serverOf('c-1~bridge')).toBeUndefined();
  });

  it('drops what it noted longer ago than it keeps routes, as new notes come', () => {
    let now = 0;
    const routes = new ChannelRoutes((name) => servers.has(name), () => now, 1_000);
    routes.note('c-old~agent~1', 'ast1');
    now = 900;
    routes.note('c-mid~agent~1', 'ast2');
    now = 1_500;
    routes.note('c-new~agent~1', 'ast1');
    expect(routes.serverOf('c-old~bridge')).toBeUndefined();
    expect(routes.serverOf('c-mid~bridge')).toBe('ast2');
    expect(routes.serverOf('c-new~bridge')).toBe('ast1');
  });
});
