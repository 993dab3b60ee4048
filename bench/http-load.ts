import { Agent, request } from 'node:http';

/** Sends `total` requests over `concurrency` keep-alive connections; returns requests per second. */
export async function requestsPerSecond(url: string, options: { total: number; concurrency: number; headers?: Record<string, string> }): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  let sent = 0;
  const started = performance.now();
  const worker = async () => {
    while (sent < options.total) {
      sent++;
      const status = await get(url, agent, options.headers ?? {});
      if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return options.total / seconds;
}

function get(url: string, agent: Agent, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** POSTs `body` once and returns the wall time in ms and the response text. */
export function post(url: string, body: Buffer, headers: Record<string, string>): Promise<{ ms: number; text: string; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ ms: performance.now() - started, text: Buffer.concat(chunks).toString(), status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
