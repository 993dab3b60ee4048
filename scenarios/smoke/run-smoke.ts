import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OffsetClock, RealClock } from '../../runtime/real-clock.ts';
import { Cloud, startCloudServer } from '../../fake-cloud/index.ts';
import { getFaultProxy } from '../../network/index.ts';
import { generateMedia } from '../../fixtures/index.ts';
import { backupAll, type BackupFile, type BackupOutcome } from './uploader.ts';
import { smokeChecks } from './checks.ts';
import { verifyBackup, type CloudItem, type Finding } from './verify.ts';

export interface SmokeOptions {
  seed: number;
  count: number;
  outDir: string;
  log(line: string): void;
}

export interface SmokeResult {
  check: string;
  covers: string;
  passed: boolean;
  findings: Finding[];
  underFault: BackupOutcome;
  afterHeal: BackupOutcome;
  cloudItems: number;
  ms: number;
}

/**
 * The end-to-end smoke run over the layers that exist today: a real fake-cloud server, the fault proxy in front
 * of it (ours, or a real Toxiproxy at TOXIPROXY_URL), seeded media, and a backup client that retries. Every check
 * must end with the same contents in the cloud as the clean link, each exactly once.
 */
export async function runSmoke(options: SmokeOptions): Promise<SmokeResult[]> {
  const clock = new OffsetClock(new RealClock());
  const cloud = new Cloud({ clock, seed: options.seed });
  const server = await startCloudServer(cloud);
  const faults = await getFaultProxy({ clock, seed: options.seed });
  const results: SmokeResult[] = [];
  try {
    const mediaDir = join(options.outDir, 'media');
    const manifest = await generateMedia({ seed: options.seed, count: options.count, outDir: mediaDir, cameraSize: { width: 1024, height: 768 } });
    const files: BackupFile[] = await Promise.all(manifest.files.map(async (f) => ({ name: f.path, bytes: await readFile(join(mediaDir, f.path)) })));
    const local = new Map(manifest.files.map((f) => [f.sha256, f.path]));
    options.log(`media: ${files.length} files (seed ${options.seed}) in ${mediaDir}`);
    const proxy = await faults.toxiproxy.createProxy({ name: 'cloud', listen: '127.0.0.1:0', upstream: server.url.replace('http://', '') });
    const viaProxy = `http://${proxy.listen}`;
    let expected: Set<string> | undefined;

    for (const [n, check] of smokeChecks.entries()) {
      const started = performance.now();
      const email = `smoke-${n}@example.com`;
      const accessToken = await newAccount(server.url, email);
      const heal = await check.arm({
        proxy,
        cloudFault: async (spec) => void (await fetch(`${server.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ ...spec, account: email }) })),
        clearCloudFaults: async () => void (await fetch(`${server.url}/__admin/faults`, { method: 'DELETE' })),
      });
      const underFault = await backupAll({ baseUrl: viaProxy, accessToken }, files, 2);
      await heal();
      const afterHeal = await backupAll({ baseUrl: viaProxy, accessToken }, files, 3);
      const items = await cloudItems(server.url, email);
      expected ??= new Set(items.filter((i) => i.state === 'live').map((i) => i.sha256));
      const findings = verifyBackup(items, expected, local);
      const result = { check: check.name, covers: check.covers, passed: findings.length === 0, findings, underFault, afterHeal, cloudItems: items.length, ms: Math.round(performance.now() - started) };
      results.push(result);
      options.log(`${result.passed ? 'PASS' : 'FAIL'}  ${check.name.padEnd(28)} ${String(items.length).padStart(3)} items in the cloud, ${underFault.attempts + afterHeal.attempts} attempts, ${result.ms} ms`);
      for (const f of findings) options.log(`      ${f.invariant}: ${f.message}`);
    }
    await proxy.remove();
  } finally {
    await faults.close();
    await server.close();
    cloud.close();
  }
  await mkdir(options.outDir, { recursive: true });
  await writeFile(join(options.outDir, 'smoke.json'), JSON.stringify({ seed: options.seed, count: options.count, results }, null, 2) + '\n');
  return results;
}

async function newAccount(cloudUrl: string, email: string): Promise<string> {
  const created = await fetch(`${cloudUrl}/__admin/accounts`, { method: 'POST', body: JSON.stringify({ email }) });
  const creds = (await created.json()) as { clientId: string; clientSecret: string; refreshToken: string };
  const grant = await fetch(`${cloudUrl}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: creds.clientId, client_secret: creds.clientSecret, refresh_token: creds.refreshToken }),
  });
  return ((await grant.json()) as { access_token: string }).access_token;
}

async function cloudItems(cloudUrl: string, email: string): Promise<CloudItem[]> {
  const state = (await (await fetch(`${cloudUrl}/__admin/state?account=${encodeURIComponent(email)}`)).json()) as { accounts: Array<{ mediaItems: CloudItem[] }> };
  return state.accounts[0]?.mediaItems ?? [];
}
