import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimAndroidPhone } from '../sim-phone.ts';

// The UiAutomator2 server's HTTP API as the Appium driver proxies to it (the whole path through the real driver is
// scenarios/e2e/run.test.ts): the shapes, the strategies and the errors, straight over HTTP.
let phone: SimAndroidPhone;
let base: string;

beforeEach(async () => {
  phone = new SimAndroidPhone({ serial: 'emulator-5554', brand: 'xiaomi', seed: 1, bugs: [], timeScale: 1 });
  expect(await phone.shell('am instrument io.appium.uiautomator2.server.test/androidx.test.runner.AndroidJUnitRunner')).toMatchObject({ exitCode: 0 });
  const socket = await phone.connect(6790);
  base = `http://127.0.0.1:${socket.remotePort}`;
  socket.destroy();
});

afterEach(() => phone.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the server's answers are read as a client reads JSON
type Answer = { status: number; json: { sessionId: string | null; value: any } };

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(base + path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  return { status: response.status, json: (await response.json()) as Answer['json'] };
}

async function session(): Promise<string> {
  const { json } = await call('POST', '/session', { capabilities: { firstMatch: [{ platformName: 'Android', automationName: 'UiAutomator2' }], alwaysMatch: {} } });
  return json.value.sessionId as string;
}

describe('the UiAutomator2 server on a simulated phone', () => {
  it('answers /status before a session and opens one session with its capabilities', async () => {
    expect((await call('GET', '/status')).json).toEqual({ sessionId: null, value: { ready: true, message: 'UiAutomator2 Server is ready to accept commands' } });
    const id = await session();
    expect((await call('GET', `/session/${id}`)).json.value).toMatchObject({ platformName: 'Android', automationName: 'UiAutomator2' });
  });

  it('finds by id, accessibility id, xpath, class name and UiSelector; clicks; reads text and attributes', async () => {
    const id = await session();
    phone.startGallery();
    const byId = await call('POST', `/session/${id}/elements`, { strategy: 'id', selector: 'com.miui.gallery:id/album_common_item', context: '', multiple: true });
    const tiles = [];
    for (const ref of byId.json.value) tiles.push((await call('GET', `/session/${id}/element/${ref['element-6066-11e4-a52e-4f735466cecf']}/attribute/content-desc`)).json.value);
    expect(tiles).toContain('Trash bin');
    const settings = await call('POST', `/session/${id}/element`, { strategy: 'accessibility id', selector: 'Settings', context: '', multiple: false });
    const element = settings.json.value['element-6066-11e4-a52e-4f735466cecf'] as string;
    expect(settings.json.value.ELEMENT).toBe(element);
    expect((await call('GET', `/session/${id}/element/${element}/attribute/clickable`)).json.value).toBe('true');
    expect((await call('GET', `/session/${id}/element/${element}/rect`)).json.value).toMatchObject({ width: expect.any(Number), height: expect.any(Number) });
    await call('POST', `/session/${id}/element/${element}/click`);
    expect(phone.foreground().activity).toBe('.activity.GallerySettingsActivity');
    const xpath = await call('POST', `/session/${id}/elements`, { strategy: 'xpath', selector: '//android.widget.TextView[@text]', context: '', multiple: true });
    expect(xpath.json.value.length).toBeGreaterThan(0);
    const uiSelector = await call('POST', `/session/${id}/elements`, { strategy: '-android uiautomator', selector: 'new UiSelector().className("android.widget.TextView")', context: '', multiple: true });
    expect(uiSelector.json.value.length).toBe(xpath.json.value.length);
    const byClass = await call('POST', `/session/${id}/elements`, { strategy: 'class name', selector: 'android.widget.TextView', context: '', multiple: true });
    expect(byClass.json.value.length).toBe(xpath.json.value.length);
    const first = byClass.json.value[0]['element-6066-11e4-a52e-4f735466cecf'] as string;
    expect(typeof (await call('GET', `/session/${id}/element/${first}/text`)).json.value).toBe('string');
    // The element left the screen: stale, as UiAutomator2 says it.
    await call('POST', `/session/${id}/back`);
    const stale = await call('GET', `/session/${id}/element/${first}/text`);
    expect(stale).toMatchObject({ status: 404, json: { value: { error: 'stale element reference' } } });
  });

  it('answers W3C errors with their HTTP status: no such element, invalid selector, invalid session, unknown command', async () => {
    const id = await session();
    expect(await call('POST', `/session/${id}/element`, { strategy: 'id', selector: 'com.miui.gallery:id/nothing', context: '', multiple: false })).toMatchObject({ status: 404, json: { value: { error: 'no such element' } } });
    expect(await call('POST', `/session/${id}/element`, { strategy: 'xpath', selector: '//[', context: '', multiple: false })).toMatchObject({ status: 400, json: { value: { error: 'invalid selector' } } });
    expect(await call('GET', '/session/not-a-session/source')).toMatchObject({ status: 404, json: { value: { error: 'invalid session id' } } });
    expect(await call('GET', `/session/${id}/appium/nothing`)).toMatchObject({ status: 404, json: { value: { error: 'unknown command' } } });
  });

  it('serves the page source and a PNG screenshot of what is on screen', async () => {
    const id = await session();
    phone.startGallery();
    expect((await call('GET', `/session/${id}/source`)).json.value).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><hierarchy [^>]*>.*package="com\.miui\.gallery"/s);
    const png = Buffer.from((await call('GET', `/session/${id}/screenshot`)).json.value as string, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('ends with its session, as the instrumentation does: the port stops answering', async () => {
    const id = await session();
    await call('DELETE', `/session/${id}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(phone.uiAutomator2Running()).toBe(false);
    await expect(phone.connect(6790)).rejects.toThrow('nothing listens on tcp:6790');
  });
});
