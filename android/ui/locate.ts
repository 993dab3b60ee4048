import { errors } from '@appium/base-driver';
import { DOMParser } from '@xmldom/xmldom';
import type { Element as XmlElement } from '@xmldom/xmldom';
import xpath from 'xpath';
import type { UiNode } from './node.ts';
import { walk } from './node.ts';
import { pageSource } from './page-source.ts';
import { findByUiAutomator } from './uiselector.ts';

/** The locator strategies `findNodes` understands, as Appium clients name them. */
export const LOCATOR_STRATEGIES = ['id', 'accessibility id', 'class name', 'xpath', '-android uiautomator'] as const;

/**
 * The nodes of `root`'s tree a WebDriver locator finds, in document order. Throws Appium's
 * InvalidSelectorError for an unknown strategy or a selector that cannot be understood.
 */
export function findNodes(root: UiNode, strategy: string, selector: string): UiNode[] {
  if (selector.length === 0) throw new errors.InvalidSelectorError(`The '${strategy}' selector must not be empty`);
  switch (strategy) {
    case 'id':
      return filter(root, (node) => matchesId(node.resourceId, selector));
    case 'accessibility id':
      return filter(root, (node) => node.contentDesc === selector);
    case 'class name':
      return filter(root, (node) => node.className === selector);
    case 'xpath':
      return findByXPath(root, selector);
    case '-android uiautomator':
      return findByUiAutomator(root, selector);
    default:
      throw new errors.InvalidSelectorError(
        `Locator strategy '${strategy}' is not supported; use one of ${LOCATOR_STRATEGIES.map((s) => `'${s}'`).join(', ')}`,
      );
  }
}

/**
 * UiAutomator2's `id`: the full resource-id, or just the name after `:id/`, for which UiAutomator2 prepends
 * the app's package. The simulated phone runs several apps' screens, so any package is accepted.
 */
function matchesId(resourceId: string | undefined, selector: string): boolean {
  if (resourceId === undefined) return false;
  if (resourceId === selector) return true;
  return !selector.includes(':id/') && resourceId.endsWith(`:id/${selector}`);
}

function filter(root: UiNode, test: (node: UiNode) => boolean): UiNode[] {
  return [...walk(root)].filter(test);
}

/**
 * XPath 1.0 over the page source. The DOM built from `pageSource(root)` has exactly one element per node, in
 * the same tree shape (the page source writes no text between elements), so walking both in parallel maps
 * each matched element back to its node. The `hierarchy` element itself is no node and is never returned.
 */
function findByXPath(root: UiNode, expression: string): UiNode[] {
  const document = new DOMParser().parseFromString(pageSource(root), 'text/xml');
  const nodes = new Map<unknown, UiNode>();
  const hierarchy = document.documentElement;
  const top = hierarchy ? elementChildren(hierarchy)[0] : undefined;
  if (top) pair(top, root, nodes);

  let result: xpath.SelectReturnType;
  try {
    result = xpath.select(expression, document as unknown as Node);
  } catch (error) {
    throw new errors.InvalidSelectorError(`Invalid XPath expression '${expression}': ${(error as Error).message}`);
  }
  if (!xpath.isArrayOfNodes(result)) {
    throw new errors.InvalidSelectorError(
      `XPath expression '${expression}' evaluates to the ${typeof result} ${JSON.stringify(result)}, not to elements`,
    );
  }
  const found: UiNode[] = [];
  for (const match of result) {
    if (!xpath.isElement(match)) {
      throw new errors.InvalidSelectorError(
        `XPath expression '${expression}' selects ${nodeKind(match)}, but only elements can be located`,
      );
    }
    const node = nodes.get(match);
    if (node) found.push(node);
  }
  const order = new Map([...walk(root)].map((node, i) => [node, i]));
  return [...new Set(found)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

function pair(element: XmlElement, node: UiNode, nodes: Map<unknown, UiNode>): void {
  nodes.set(element, node);
  const elements = elementChildren(element);
  if (elements.length !== node.children.length) {
    // Cannot happen while pageSource writes one element per node; fail loudly rather than mismatch nodes.
    throw new Error(`page source out of step with the tree at ${node.key}`);
  }
  elements.forEach((child, i) => {
    const childNode = node.children[i];
    if (childNode) pair(child, childNode, nodes);
  });
}

function elementChildren(element: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let i = 0; i < element.childNodes.length; i++) {
    const child = element.childNodes.item(i);
    if (child?.nodeType === 1) out.push(child as XmlElement);
  }
  return out;
}

function nodeKind(node: Node): string {
  if (xpath.isAttribute(node)) return `the attribute '${node.name}'`;
  if (xpath.isTextNode(node)) return 'a text node';
  if (xpath.isDocumentNode(node)) return 'the document node';
  return `a node of type ${node.nodeType}`;
}
