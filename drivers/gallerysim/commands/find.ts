import { errors, W3C_ELEMENT_KEY } from '@appium/base-driver';
import type { Element } from '@appium/types';
import type { GallerySimDriver } from '../driver.ts';
import { findNodes } from '../../../android/ui/locate.ts';
import { walk, type UiNode } from '../../../android/ui/node.ts';

/** Finding elements and resolving element references against the screen as it is now. */
export const findCommands = {
  async findNodesFor(this: GallerySimDriver, strategy: string, selector: string, context?: string): Promise<Element[]> {
    const root = this.session().ui.root();
    const scope = context ? this.nodeOf(context, root) : root;
    return findNodes(scope, strategy, selector)
      .filter((node) => node !== scope || !context)
      .map((node) => ({ [W3C_ELEMENT_KEY]: this.elementIdFor(node) }));
  },

  /** The same view keeps its element id while it stays on screen. */
  elementIdFor(this: GallerySimDriver, node: UiNode): string {
    for (const [id, key] of this.elementKeys) if (key === node.key) return id;
    const id = `gs-${this.elementKeys.size + 1}`;
    this.elementKeys.set(id, node.key);
    return id;
  },

  /** The view an element id refers to on the current screen; gone from it = stale, as on a real phone. */
  nodeOf(this: GallerySimDriver, elementId: string, root: UiNode = this.session().ui.root()): UiNode {
    const key = this.elementKeys.get(elementId);
    if (key === undefined) throw new errors.NoSuchElementError(`no element with id ${elementId}`);
    for (const node of walk(root)) if (node.key === key) return node;
    throw new errors.StaleElementReferenceError(`element ${elementId} is no longer on the screen`);
  },
};
export type FindCommands = typeof findCommands;
