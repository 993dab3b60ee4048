import { DOMParser } from '@xmldom/xmldom';
import type { Element as XmlElement } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { deleteDialogTree } from './delete-dialog.fixture.ts';
import { walk } from './node.ts';
import type { UiNode } from './node.ts';
import { pageSource } from './page-source.ts';

const ATTRIBUTE_ORDER = [
  'index',
  'package',
  'class',
  'text',
  'resource-id',
  'content-desc',
  'checkable',
  'checked',
  'clickable',
  'enabled',
  'focusable',
  'focused',
  'long-clickable',
  'password',
  'scrollable',
  'selected',
  'bounds',
  'displayed',
];

/** Parses strictly: any parser warning or error fails the test. */
function parse(xml: string): XmlElement {
  const problems: string[] = [];
  const document = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(
    xml,
    'text/xml',
  );
  expect(problems).toEqual([]);
  const root = document.documentElement;
  if (!root) throw new Error('no document element');
  return root;
}

function elements(parent: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let i = 0; i < parent.childNodes.length; i++) {
    const child = parent.childNodes.item(i);
    if (child?.nodeType === 1) out.push(child as XmlElement);
  }
  return out;
}

function allElements(parent: XmlElement): XmlElement[] {
  return elements(parent).flatMap((child) => [child, ...allElements(child)]);
}

function attributeNames(element: XmlElement): string[] {
  const names: string[] = [];
  for (let i = 0; i < element.attributes.length; i++) names.push(element.attributes.item(i)?.name ?? '?');
  return names;
}

const leaf = (rest: Partial<UiNode>): UiNode => ({
  key: 'leaf',
  className: 'android.widget.TextView',
  packageName: 'com.example',
  bounds: { x: 10, y: 20, width: 30, height: 40 },
  children: [],
  ...rest,
});
const screen = (...children: UiNode[]): UiNode => ({
  key: 'screen',
  className: 'android.widget.FrameLayout',
  packageName: 'com.example',
  bounds: { x: 0, y: 0, width: 720, height: 1600 },
  children,
});

describe('pageSource', () => {
  const tree = deleteDialogTree();
  const xml = pageSource(tree);

  it('starts with the XML declaration and the hierarchy element', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><hierarchy index="0" class="hierarchy" rotation="0" width="1080" height="2400">')).toBe(true);
    expect(xml.endsWith('</hierarchy>')).toBe(true);
    const hierarchy = parse(xml);
    expect(hierarchy.tagName).toBe('hierarchy');
    expect(hierarchy.getAttribute('width')).toBe('1080');
    expect(hierarchy.getAttribute('height')).toBe('2400');
    expect(elements(hierarchy)).toHaveLength(1);
  });

  it('writes one element per node, named after its class, in the tree shape', () => {
    const hierarchy = parse(xml);
    const nodes = [...walk(tree)];
    const all = allElements(hierarchy);
    expect(all.map((element) => element.tagName)).toEqual(nodes.map((node) => node.className));
    expect(all.map((element) => elements(element).length)).toEqual(nodes.map((node) => node.children.length));
    expect(all[0]?.tagName).toBe('android.widget.FrameLayout');
  });

  it('round-trips every attribute, in UiAutomator2 order', () => {
    const all = allElements(parse(xml));
    const nodes = [...walk(tree)];
    const position = new Map<UiNode, number>([[tree, 0]]);
    for (const node of nodes) node.children.forEach((child, i) => position.set(child, i));
    nodes.forEach((node, i) => {
      const element = all[i];
      if (!element) throw new Error(`no element for ${node.key}`);
      expect(attributeNames(element)).toEqual(ATTRIBUTE_ORDER);
      const { x, y, width, height } = node.bounds;
      const flag = (value: boolean | undefined): string => String(value === true);
      expect({
        index: element.getAttribute('index'),
        package: element.getAttribute('package'),
        class: element.getAttribute('class'),
        text: element.getAttribute('text'),
        id: element.getAttribute('resource-id'),
        desc: element.getAttribute('content-desc'),
        checkable: element.getAttribute('checkable'),
        checked: element.getAttribute('checked'),
        clickable: element.getAttribute('clickable'),
        enabled: element.getAttribute('enabled'),
        scrollable: element.getAttribute('scrollable'),
        selected: element.getAttribute('selected'),
        bounds: element.getAttribute('bounds'),
        displayed: element.getAttribute('displayed'),
      }).toEqual({
        index: String(position.get(node)),
        package: node.packageName,
        class: node.className,
        text: node.text ?? '',
        id: node.resourceId ?? '',
        desc: node.contentDesc ?? '',
        checkable: flag(node.checkable),
        checked: flag(node.checked),
        clickable: flag(node.clickable),
        enabled: String(node.enabled !== false),
        scrollable: flag(node.scrollable),
        selected: flag(node.selected),
        bounds: `[${x},${y}][${x + width},${y + height}]`,
        displayed: 'true',
      });
    });
  });

  it('spot-checks concrete values', () => {
    expect(xml).toContain(
      '<android.widget.Button index="1" package="com.miui.gallery" class="android.widget.Button" text="Delete" resource-id="android:id/button1" content-desc="" checkable="false" checked="false" clickable="true" enabled="true" focusable="true" focused="false" long-clickable="false" password="false" scrollable="false" selected="false" bounds="[560,2040][960,2180]" displayed="true" />',
    );
    expect(xml).toContain('content-desc="IMG_20261121_090000.jpg"');
    expect(xml).toContain('text="Move 2 items to &quot;Recently deleted&quot;? Items can\'t be restored after 30 days."');
    const checked = pageSource(deleteDialogTree({ cloudChecked: true }));
    expect(checked).not.toEqual(xml);
    expect(checked).toMatch(/resource-id="android:id\/checkbox" content-desc="" checkable="true" checked="true"/);
    expect(xml).toMatch(/resource-id="android:id\/checkbox" content-desc="" checkable="true" checked="false"/);
  });

  it('escapes XML special characters so values round-trip', () => {
    const text = `a & b < c > "d" 'e' ]]> \u00e9 \u{1F4F7}\nsecond line\ttab\r`;
    const source = pageSource(screen(leaf({ text, contentDesc: '<&>', resourceId: 'com.example:id/"x"' })));
    expect(source).not.toContain('< c');
    expect(source).not.toContain('"d"');
    expect(source).not.toContain('\n');
    const element = elements(elements(parse(source))[0] as XmlElement)[0];
    expect(element?.getAttribute('text')).toBe(text);
    expect(element?.getAttribute('content-desc')).toBe('<&>');
    expect(element?.getAttribute('resource-id')).toBe('com.example:id/"x"');
  });

  it("replaces characters XML cannot carry with '?'", () => {
    const source = pageSource(screen(leaf({ text: 'a\u0001b\u001Fc\uD800d\uFFFEe' })));
    const element = elements(elements(parse(source))[0] as XmlElement)[0];
    expect(element?.getAttribute('text')).toBe('a?b?c?d?e');
  });

  it('makes inner class names valid element names but keeps the class attribute', () => {
    const source = pageSource(screen(leaf({ className: 'com.example.Outer$Inner' }), leaf({ className: '1odd' })));
    const [inner, odd] = elements(elements(parse(source))[0] as XmlElement);
    expect(inner?.tagName).toBe('com.example.Outer_Inner');
    expect(inner?.getAttribute('class')).toBe('com.example.Outer$Inner');
    expect(odd?.tagName).toBe('_1odd');
  });

  it('rounds bounds to whole pixels and marks tappable and typeable nodes focusable', () => {
    const source = pageSource(
      screen(
        leaf({ bounds: { x: 0.4, y: 10.6, width: 99.8, height: 50 } }),
        leaf({ className: 'android.widget.EditText', onSetValue: () => {} }),
      ),
    );
    const [plain, edit] = elements(elements(parse(source))[0] as XmlElement);
    expect(plain?.getAttribute('bounds')).toBe('[0,11][100,61]');
    expect(plain?.getAttribute('focusable')).toBe('false');
    expect(edit?.getAttribute('focusable')).toBe('true');
    expect(edit?.getAttribute('index')).toBe('1');
    expect(source).toContain('width="720" height="1600"');
  });
});
