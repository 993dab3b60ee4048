import { findNodes } from '../ui/locate.ts';
import { walk, type UiNode } from '../ui/node.ts';
import { boundsString, isEnabled } from '../ui/page-source.ts';
import { pageSource } from '../ui/page-source.ts';
import { screenSize } from '../ui/build.ts';
import { screenshotPng } from '../ui/screenshot.ts';
import { Uia2Error } from './errors.ts';
import type { Uia2Context, Uia2Server } from './server.ts';

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** false: answered without a session (status, new session). */
  session?: false;
  handle(context: Uia2Context, server: Uia2Server): unknown;
}

const W3C_ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
const s = '/session/:sessionId';

/** The UiAutomator2 server's routes that gallery tests reach, one entry each (method, path, handler). */
export const routes: Route[] = [
  { method: 'GET', path: '/status', session: false, handle: () => ({ ready: true, message: 'UiAutomator2 Server is ready to accept commands' }) },
  {
    method: 'POST',
    path: '/session',
    session: false,
    handle: ({ body }, server) => {
      const caps = (body.capabilities as { alwaysMatch?: object; firstMatch?: object[] } | undefined) ?? {};
      const session = server.newSession({ ...(caps.firstMatch?.[0] ?? {}), ...(caps.alwaysMatch ?? {}) });
      return { sessionId: session.id, capabilities: session.capabilities };
    },
  },
  {
    method: 'DELETE',
    path: s,
    handle: ({ phone }, server) => {
      // Deleting the session ends the server's instrumentation, as on a phone: the driver waits for the process to go.
      server.session = undefined;
      setTimeout(() => void phone.stopUiAutomator2(server), 10);
    },
  },
  { method: 'GET', path: s, handle: ({ session }) => session.capabilities },
  { method: 'GET', path: `${s}/appium/settings`, handle: ({ session }) => session.settings },
  { method: 'POST', path: `${s}/appium/settings`, handle: ({ session, body }) => void Object.assign(session.settings, body.settings ?? {}) },
  { method: 'POST', path: `${s}/element`, handle: (c) => find(c, false) },
  { method: 'POST', path: `${s}/elements`, handle: (c) => find(c, true) },
  { method: 'POST', path: `${s}/element/:id/element`, handle: (c) => find({ ...c, body: { ...c.body, context: c.params.id } }, false) },
  { method: 'POST', path: `${s}/element/:id/elements`, handle: (c) => find({ ...c, body: { ...c.body, context: c.params.id } }, true) },
  {
    method: 'POST',
    path: `${s}/element/:id/click`,
    handle: async (c) => {
      const node = nodeOf(c);
      if (isEnabled(node)) await node.onClick?.();
    },
  },
  {
    method: 'POST',
    path: `${s}/element/:id/value`,
    handle: async (c) => {
      const node = nodeOf(c);
      if (!node.onSetValue) throw new Uia2Error('invalid element state', `${node.className} does not take text`);
      const text = c.body.text ?? c.body.value;
      await node.onSetValue(Array.isArray(text) ? text.join('') : String(text ?? ''));
    },
  },
  { method: 'POST', path: `${s}/element/:id/clear`, handle: async (c) => void (await nodeOf(c).onSetValue?.('')) },
  { method: 'GET', path: `${s}/element/:id/text`, handle: (c) => textOf(nodeOf(c)) },
  { method: 'GET', path: `${s}/element/:id/name`, handle: (c) => nodeOf(c).className },
  { method: 'GET', path: `${s}/element/:id/attribute/:name`, handle: (c) => attribute(nodeOf(c), c.params.name ?? '') },
  { method: 'GET', path: `${s}/element/:id/rect`, handle: (c) => rectOf(nodeOf(c)) },
  { method: 'GET', path: `${s}/element/:id/location`, handle: (c) => ({ x: nodeOf(c).bounds.x, y: nodeOf(c).bounds.y }) },
  { method: 'GET', path: `${s}/element/:id/size`, handle: (c) => ({ width: nodeOf(c).bounds.width, height: nodeOf(c).bounds.height }) },
  { method: 'GET', path: `${s}/element/:id/screenshot`, handle: async (c) => (await screenshotPng(nodeOf(c))).toString('base64') },
  { method: 'GET', path: `${s}/source`, handle: ({ phone }) => pageSource(phone.ui.root()) },
  { method: 'GET', path: `${s}/screenshot`, handle: async ({ phone }) => (await screenshotPng(phone.ui.root())).toString('base64') },
  { method: 'POST', path: `${s}/back`, handle: ({ phone }) => phone.ui.back() },
  { method: 'POST', path: `${s}/appium/device/press_keycode`, handle: ({ phone, body }) => phone.android.pressKey(Number(body.keycode)) },
  { method: 'GET', path: `${s}/window/:handle/size`, handle: () => ({ width: screenSize.width, height: screenSize.height }) },
  { method: 'GET', path: `${s}/window/rect`, handle: () => ({ x: 0, y: 0, width: screenSize.width, height: screenSize.height }) },
  { method: 'GET', path: `${s}/orientation`, handle: () => 'PORTRAIT' },
  { method: 'GET', path: `${s}/appium/device/pixel_ratio`, handle: () => 2.75 },
  { method: 'GET', path: `${s}/appium/device/system_bars`, handle: () => ({ statusBar: 66 }) },
  { method: 'GET', path: `${s}/appium/device/display_density`, handle: () => 440 },
  {
    method: 'GET',
    path: `${s}/appium/device/info`,
    handle: ({ phone }) => ({
      androidId: phone.serial,
      manufacturer: phone.phone.profile.make,
      model: phone.phone.model,
      brand: phone.options.brand,
      apiVersion: String(phone.android.apiLevel),
      platformVersion: String(phone.phone.profile.androidVersion),
      carrierName: '',
      realDisplaySize: `${screenSize.width}x${screenSize.height}`,
      displayDensity: 440,
      networks: [],
      locale: 'en_US',
      timeZone: 'UTC',
      bluetooth: { state: 'OFF' },
    }),
  },
];

/** Find element(s): `{strategy, selector, context}` as the driver proxies them (W3C `{using, value}` also taken). */
function find(c: Uia2Context, multiple: boolean): unknown {
  const strategy = String(c.body.strategy ?? c.body.using ?? '');
  const selector = String(c.body.selector ?? c.body.value ?? '');
  const root = c.phone.ui.root();
  const context = typeof c.body.context === 'string' && c.body.context ? c.body.context : undefined;
  const scope = context ? nodeOf({ ...c, params: { ...c.params, id: context } }, root) : root;
  const found = findNodes(scope, strategy, selector).filter((node) => !context || node !== scope);
  const refs = found.map((node) => reference(c, node));
  if (multiple) return refs;
  if (!refs[0]) throw new Uia2Error('no such element', `An element could not be located on the page using the given search parameters (${strategy}: ${selector})`);
  return refs[0];
}

/** A view keeps its element id while it stays on screen. */
function reference(c: Uia2Context, node: UiNode): Record<string, string> {
  let id: string | undefined;
  for (const [known, key] of c.session.elements) if (key === node.key) id = known;
  if (!id) {
    id = `00000000-0000-0000-${String(c.session.elements.size + 1).padStart(4, '0')}-${c.phone.serial.replace(/\D/g, '').padStart(12, '0').slice(-12)}`;
    c.session.elements.set(id, node.key);
  }
  return { ELEMENT: id, [W3C_ELEMENT_KEY]: id };
}

function nodeOf(c: Uia2Context, root: UiNode = c.phone.ui.root()): UiNode {
  const id = c.params.id ?? '';
  const key = c.session.elements.get(id);
  if (key === undefined) throw new Uia2Error('no such element', `Element with id ${id} is not known in this session`);
  for (const node of walk(root)) if (node.key === key) return node;
  throw new Uia2Error('stale element reference', `The element '${id}' does not exist in DOM anymore`);
}

const textOf = (node: UiNode): string => node.text ?? node.contentDesc ?? '';

function rectOf(node: UiNode) {
  const { x, y, width, height } = node.bounds;
  return { x, y, width, height };
}

/** UiAutomator2's element attributes, by either of their names. */
function attribute(node: UiNode, name: string): string | null {
  const flag = (value: boolean | undefined) => String(value ?? false);
  const attributes: Record<string, string | undefined> = {
    text: textOf(node),
    'content-desc': node.contentDesc,
    contentDescription: node.contentDesc,
    'resource-id': node.resourceId,
    resourceId: node.resourceId,
    class: node.className,
    className: node.className,
    package: node.packageName,
    checkable: flag(node.checkable),
    checked: flag(node.checked),
    clickable: flag(node.clickable),
    enabled: flag(isEnabled(node)),
    focusable: flag(node.clickable),
    focused: 'false',
    scrollable: flag(node.scrollable),
    selected: flag(node.selected),
    displayed: 'true',
    bounds: boundsString(node),
  };
  if (!Object.hasOwn(attributes, name)) throw new Uia2Error('invalid argument', `'${name}' attribute is unknown for the element. Only the following attributes are supported: ${Object.keys(attributes).join(', ')}`);
  return attributes[name] ?? null;
}
