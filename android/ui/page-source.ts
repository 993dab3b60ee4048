import type { UiNode } from './node.ts';

/**
 * The page source of a screen, shaped like UiAutomator2's getPageSource: a `hierarchy` element holding one
 * element per node, named after the node's Android class, with UiAutomator2's attributes.
 */
export function pageSource(root: UiNode): string {
  const { width, height } = root.bounds;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<hierarchy index="0" class="hierarchy" rotation="0" width="${int(width)}" height="${int(height)}">`,
  ];
  writeNode(root, 0, out);
  out.push('</hierarchy>');
  return out.join('');
}

/**
 * The attributes a node shows in the page source, in UiAutomator2's order, as the strings written there.
 * `index` is the node's position among its siblings (0 for the root). UiSelector matching reads the same
 * values, so the page source and the locators never disagree.
 */
export function nodeAttributes(node: UiNode, index: number): Array<[name: string, value: string]> {
  return [
    ['index', String(index)],
    ['package', node.packageName],
    ['class', node.className],
    ['text', node.text ?? ''],
    ['resource-id', node.resourceId ?? ''],
    ['content-desc', node.contentDesc ?? ''],
    ['checkable', bool(node.checkable)],
    ['checked', bool(node.checked)],
    ['clickable', bool(node.clickable)],
    ['enabled', bool(isEnabled(node))],
    ['focusable', bool(isFocusable(node))],
    ['focused', 'false'],
    ['long-clickable', 'false'],
    ['password', 'false'],
    ['scrollable', bool(node.scrollable)],
    ['selected', bool(node.selected)],
    ['bounds', boundsString(node)],
    ['displayed', 'true'],
  ];
}

/** `enabled` defaults to true. */
export const isEnabled = (node: UiNode): boolean => node.enabled !== false;

/** Nodes that can be tapped, toggled or typed into take focus, as their Android counterparts do. */
export const isFocusable = (node: UiNode): boolean =>
  node.clickable === true || node.checkable === true || node.onSetValue !== undefined;

/** `[x1,y1][x2,y2]` in whole pixels. */
export function boundsString(node: UiNode): string {
  const { x, y, width, height } = node.bounds;
  return `[${int(x)},${int(y)}][${int(x + width)},${int(y + height)}]`;
}

/**
 * The element name for an Android class. Class names are valid XML names except for inner classes
 * (`Outer$Inner`) and the like: UiAutomator2 replaces the offending characters, and so do we (the `class`
 * attribute keeps the real name).
 */
export function tagName(className: string): string {
  const name = className.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

function writeNode(node: UiNode, index: number, out: string[]): void {
  const tag = tagName(node.className);
  const attributes = nodeAttributes(node, index)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  if (node.children.length === 0) {
    out.push(`<${tag}${attributes} />`);
    return;
  }
  out.push(`<${tag}${attributes}>`);
  node.children.forEach((child, i) => writeNode(child, i, out));
  out.push(`</${tag}>`);
}

/**
 * Escapes a value for a double-quoted XML attribute. Whitespace control characters become character
 * references (so a parser does not normalise them to spaces); characters XML 1.0 cannot carry at all
 * (other control characters, lone surrogates, U+FFFE/U+FFFF) become '?', as UiAutomator2 does.
 */
export function escapeAttribute(value: string): string {
  return value.replace(
    // eslint-disable-next-line no-control-regex
    /[&<>"\t\n\r]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (char) => ESCAPES[char] ?? '?',
  );
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const bool = (value: boolean | undefined): string => (value === true ? 'true' : 'false');
const int = (n: number): string => String(Math.round(n));
