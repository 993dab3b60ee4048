import { describe, expect, it } from 'vitest';
import { RealClock } from '../runtime/real-clock.ts';
import { startFaultServer } from './api/server.ts';
import { getFaultProxy } from './connect.ts';

const clock = new RealClock();

describe('getFaultProxy', () => {
  it('starts our server in-process when TOXIPROXY_URL is unset, and stops it on close', async () => {
    const proxy = await getFaultProxy({ clock, seed: 1, env: {} });
    expect(proxy.external).toBe(false);
    expect(JSON.parse(await proxy.toxiproxy.getVersion())).toEqual({ version: '2.12.0' });
    await proxy.toxiproxy.createProxy({ name: 'x', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    expect(proxy.events?.since().map((e) => e.type)).toEqual(['proxy.created']);
    await proxy.close();
    await expect(fetch(`${proxy.url}/version`)).rejects.toThrow();
  });

  it('uses the server at TOXIPROXY_URL and leaves it running on close', async () => {
    const elsewhere = await startFaultServer({ clock, port: 0 });
    try {
      const proxy = await getFaultProxy({ clock, seed: 1, env: { TOXIPROXY_URL: `${elsewhere.url}/` } });
      expect(proxy).toMatchObject({ external: true, url: elsewhere.url, events: undefined });
      await proxy.toxiproxy.createProxy({ name: 'remote', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
      await proxy.close();
      expect(elsewhere.collection.get('remote').enabled).toBe(true);
    } finally {
      await elsewhere.close();
    }
  });
});
