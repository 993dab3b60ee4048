import { ApiError } from './errors.ts';
import { Proxy, type ProxyDeps, type ProxySettings } from './proxy.ts';

export interface ProxyInput extends Partial<ProxySettings> {
  name: string;
  upstream: string;
}

const DEFAULT_LISTEN = '127.0.0.1:0';

/** Every proxy of one server, by name (Toxiproxy's ProxyCollection). */
export class ProxyCollection {
  private readonly proxies = new Map<string, Proxy>();

  constructor(private readonly deps: ProxyDeps) {}

  list(): Proxy[] {
    return [...this.proxies.values()];
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw new ApiError('proxyNotFound');
    return proxy;
  }

  async add(input: ProxyInput): Promise<Proxy> {
    if (this.proxies.has(input.name)) throw new ApiError('proxyAlreadyExists');
    const proxy = new Proxy(input.name, { listen: input.listen ?? DEFAULT_LISTEN, upstream: input.upstream }, this.deps);
    if (input.enabled ?? true) await proxy.start();
    if (this.proxies.has(input.name)) {
      await proxy.dispose(); // a concurrent create won the name while this one was binding
      throw new ApiError('proxyAlreadyExists');
    }
    this.proxies.set(input.name, proxy);
    this.deps.events.append('proxy.created', this.describe(proxy));
    return proxy;
  }

  async update(name: string, changes: Partial<ProxySettings>): Promise<Proxy> {
    const proxy = this.get(name);
    const { listen, upstream, enabled } = proxy;
    await proxy.update({ listen, upstream, enabled, ...changes });
    this.deps.events.append('proxy.updated', this.describe(proxy));
    return proxy;
  }

  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    this.proxies.delete(name);
    await proxy.dispose();
    this.deps.events.append('proxy.deleted', { proxy: name });
  }

  /**
   * Toxiproxy's populate (proxy_collection.go): creates each proxy in turn, keeps an identical existing one, replaces
   * one that differs. It stops at the first failure and reports the proxies made before it with the error.
   */
  async populate(inputs: readonly ProxyInput[]): Promise<{ proxies: Proxy[]; error?: unknown }> {
    const proxies: Proxy[] = [];
    try {
      for (const input of inputs) proxies.push(await this.addOrReplace(input));
    } catch (error) {
      return { proxies, error };
    }
    return { proxies };
  }

  /** A replaced proxy is stopped first; if its successor cannot start, the old one stays, stopped (as in Toxiproxy). */
  private async addOrReplace(input: ProxyInput): Promise<Proxy> {
    const existing = this.proxies.get(input.name);
    const settings = { listen: input.listen ?? DEFAULT_LISTEN, upstream: input.upstream };
    if (existing && !existing.differs(settings)) return existing;
    const proxy = new Proxy(input.name, settings, this.deps);
    await existing?.stop();
    if (input.enabled ?? true) await proxy.start();
    await existing?.dispose();
    this.proxies.set(input.name, proxy);
    this.deps.events.append('proxy.created', { ...this.describe(proxy), ...(existing ? { replaced: true } : {}) });
    return proxy;
  }

  /** Toxiproxy's reset: every proxy enabled again, every toxic removed. */
  async reset(): Promise<void> {
    for (const proxy of this.proxies.values()) {
      await proxy.start();
      proxy.resetToxics();
    }
    this.deps.events.append('reset');
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map((proxy) => proxy.dispose()));
    this.proxies.clear();
  }

  get openSockets(): number {
    return this.list().reduce((total, proxy) => total + proxy.openSockets, 0);
  }

  private describe(proxy: Proxy) {
    const { name, listen, upstream, enabled } = proxy;
    return { proxy: name, listen, upstream, enabled };
  }
}
