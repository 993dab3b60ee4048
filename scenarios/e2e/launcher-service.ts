import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Capabilities, Services } from '@wdio/types';
import { DeviceFarm } from '../../android/devices.ts';
import { Cloud, startCloudServer, type CloudServer } from '../../fake-cloud/index.ts';
import type { BrandName } from '../../fixtures/index.ts';
import { getFaultProxy, type FaultProxy } from '../../network/index.ts';
import { PacedClock } from '../../runtime/paced-clock.ts';
import { RealClock } from '../../runtime/real-clock.ts';
import { SIMULATED_PHONES_PER_BRAND } from './device-profiles.ts';
import { gatherResults, plannedRuns } from './plan.ts';
import { appiumTempDir, environmentVariable, readRunOptions, type LaunchedEnvironment } from './run-options.ts';

/**
 * A WebdriverIO launcher service: before the workers start, one fake cloud per brand on a real port (a worker runs
 * its brand's scenarios one after another; scenarios that jump the cloud's clock 61 days must not disturb another
 * brand's), the fault proxy (ours, or the Toxiproxy at TOXIPROXY_URL) and, for the simulated device profile, the
 * simulated phones behind their adb server; after them, results.json and junit.xml from what each worker wrote
 * (a planned run that left nothing is an error: its session never started, or its worker died), then everything
 * stopped.
 */
export default class GallerySyncLauncher implements Services.ServiceInstance {
  private readonly clouds: Array<{ cloud: Cloud; server: CloudServer }> = [];
  private faults: FaultProxy | undefined;
  private farm: DeviceFarm | undefined;
  /** Each worker's brand and, once it ended, its exit code: why a run left no result. */
  private readonly workers = new Map<string, { brand: BrandName; exitCode?: number }>();
  private prepared = false;

  onWorkerStart(cid: string, caps: WebdriverIO.Capabilities): void {
    this.workers.set(cid, { brand: (caps as Record<string, unknown>)['appium:brand'] as BrandName });
  }

  onWorkerEnd(cid: string, exitCode: number): void {
    const worker = this.workers.get(cid);
    if (worker) worker.exitCode = exitCode;
  }

  async onPrepare(_config: unknown, capabilities: Capabilities.TestrunnerCapabilities): Promise<void> {
    const options = readRunOptions();
    rmSync(join(resolve(options.outDir), 'runs'), { recursive: true, force: true });
    const launched: LaunchedEnvironment = { clouds: {}, toxiproxyUrl: '' };
    this.faults = await getFaultProxy({ clock: new RealClock(), seed: options.seed });
    launched.toxiproxyUrl = this.faults.url;
    const brands = (capabilities as WebdriverIO.Capabilities[]).map((caps) => (caps as Record<string, unknown>)['appium:brand'] as BrandName);
    for (const brand of brands) {
      const cloud = new Cloud({ clock: new PacedClock(options.timeScale), seed: options.seed });
      const server = await startCloudServer(cloud);
      this.clouds.push({ cloud, server });
      launched.clouds[brand] = server.url;
    }
    if (options.deviceProfile === 'simulated') {
      this.farm = await DeviceFarm.start({ phones: SIMULATED_PHONES_PER_BRAND, brands, seed: options.seed, bugs: options.bugs, timeScale: options.timeScale, adbPort: options.adbPort }).catch((error: NodeJS.ErrnoException) => {
        throw new Error(error.code === 'EADDRINUSE' ? `the simulated phones' adb server cannot listen on 127.0.0.1:${options.adbPort}: another adb server is there (adb kill-server, or choose another port)` : error.message);
      });
    }
    process.env[environmentVariable] = JSON.stringify(launched);
    this.prepared = true;
  }

  async onComplete(): Promise<void> {
    const options = readRunOptions();
    try {
      gatherResults(options, plannedRuns(options), (brand) => {
        const worker = [...this.workers.values()].find((w) => w.brand === brand);
        if (!this.prepared) return 'did not run: the run could not be set up (the cloud, the fault proxy or the phones did not start; see the log above)';
        if (!worker) return `did not run: no WebdriverIO worker started for ${brand} (see the log above)`;
        return `did not finish: the WebdriverIO worker for ${brand} ended${worker.exitCode === undefined ? '' : ` (exit ${worker.exitCode})`} before this run left a result: its session did not start or the worker died (see ${options.outDir}/wdio/ and ${options.outDir}/appium/)`;
      });
    } finally {
      for (const { cloud, server } of this.clouds.splice(0)) {
        await server.close();
        cloud.close();
      }
      await this.faults?.close();
      await this.farm?.close();
      rmSync(appiumTempDir(options), { recursive: true, force: true });
    }
  }
}
