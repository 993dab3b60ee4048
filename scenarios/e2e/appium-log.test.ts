import { describe, expect, it } from 'vitest';
import { sliceAppiumLog } from './appium-log.ts';

// Lines as Appium 3 writes them with logNoColors: a worker's session (8729f587…) serves one run after another,
// another worker's session (018af520…) is interleaved, and the server's own lines name no session.
const a = '8729f587-4f1a-40ea-a54e-afef4f14be4c';
const b = '018af520-f5d0-4294-9068-a3ad59a1f78e';
const log = [
  `[${a.slice(0, 8)}][HTTP] --> POST /session/${a}/appium/log_event {"vendor":"gallery-sync","event":"run xiaomi-first-backup begins"}`,
  `[${a.slice(0, 8)}][HTTP] --> POST /session/${a}/execute/sync {"script":"mobile: shell","args":[{"command":"pm","args":["clear","com.miui.gallery"]}]}`,
  `[HTTP] <-- POST /session/${a}/execute/sync 200 26 ms - 21`,
  `[${a.slice(0, 8)}][HTTP] --> POST /session/${a}/appium/log_event {"vendor":"gallery-sync","event":"run xiaomi-first-backup ends"}`,
  `[${a.slice(0, 8)}][HTTP] --> POST /session/${a}/appium/log_event {"vendor":"gallery-sync","event":"run xiaomi-delete-everywhere begins"}`,
  `[${b.slice(0, 8)}][HTTP] --> POST /session/${b}/element {"using":"id","value":"com.coloros.gallery3d:id/switch"}`,
  `[${a.slice(0, 8)}][AndroidUiautomator2Driver@9beb] Proxying [POST /element] to [POST http://127.0.0.1:8200/session/x/element]`,
  `[HTTP] <-- POST /session/${a}/element 200 12 ms - 137`,
  '[Appium] Attempting to find matching driver for automationName \'UiAutomator2\'',
  `[${a.slice(0, 8)}][HTTP] --> POST /session/${a}/appium/log_event {"vendor":"gallery-sync","event":"run xiaomi-delete-everywhere ends"}`,
  `[${a.slice(0, 8)}][HTTP] --> POST /session/${a}/execute/sync {"script":"mobile: shell","args":[{"command":"am","args":["force-stop","com.miui.gallery"]}]}`,
].join('\n');

describe("one run's lines of Appium's log", () => {
  it("are its session's lines between its marks: not the run before or after, not another worker's, not the server's own", () => {
    const slice = sliceAppiumLog(log, 'xiaomi-delete-everywhere', [a])?.trim().split('\n');
    expect(slice).toEqual([
      `[${a.slice(0, 8)}][HTTP] --> POST /session/${a}/appium/log_event {"vendor":"gallery-sync","event":"run xiaomi-delete-everywhere begins"}`,
      `[${a.slice(0, 8)}][AndroidUiautomator2Driver@9beb] Proxying [POST /element] to [POST http://127.0.0.1:8200/session/x/element]`,
      `[HTTP] <-- POST /session/${a}/element 200 12 ms - 137`,
      `[${a.slice(0, 8)}][HTTP] --> POST /session/${a}/appium/log_event {"vendor":"gallery-sync","event":"run xiaomi-delete-everywhere ends"}`,
    ]);
  });

  it('take every session of a two-phone run', () => {
    expect(sliceAppiumLog(log, 'xiaomi-delete-everywhere', [a, b])).toContain(`/session/${b}/element`);
  });

  it('run to the end of the log when the end mark is not there yet, and are nothing for a run never marked', () => {
    expect(sliceAppiumLog(log.replace(/run xiaomi-delete-everywhere ends/, 'other'), 'xiaomi-delete-everywhere', [a])).toContain('force-stop');
    expect(sliceAppiumLog(log, 'realme-first-backup', [a])).toBeUndefined();
  });
});
