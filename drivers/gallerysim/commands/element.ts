import { errors } from '@appium/base-driver';
import type { Rect } from '@appium/types';
import type { GallerySimDriver } from '../driver.ts';

/** Element commands with UiAutomator2's attribute names and meanings. */
export const elementCommands = {
  async click(this: GallerySimDriver, elementId: string): Promise<void> {
    const node = this.nodeOf(elementId);
    if (node.enabled === false) return; // a tap on a disabled view does nothing, as on Android
    await node.onClick?.();
  },

  async setValue(this: GallerySimDriver, text: string | string[], elementId: string): Promise<void> {
    const node = this.nodeOf(elementId);
    if (!node.onSetValue) throw new errors.InvalidElementStateError(`${node.className} does not take text`);
    await node.onSetValue(Array.isArray(text) ? text.join('') : text);
  },

  async clear(this: GallerySimDriver, elementId: string): Promise<void> {
    await this.nodeOf(elementId).onSetValue?.('');
  },

  async getText(this: GallerySimDriver, elementId: string): Promise<string> {
    const node = this.nodeOf(elementId);
    return node.text ?? node.contentDesc ?? '';
  },

  async getName(this: GallerySimDriver, elementId: string): Promise<string> {
    return this.nodeOf(elementId).className;
  },

  async getAttribute(this: GallerySimDriver, name: string, elementId: string): Promise<string | null> {
    const node = this.nodeOf(elementId);
    const flag = (value: boolean | undefined) => String(value ?? false);
    const b = node.bounds;
    const attributes: Record<string, string | undefined> = {
      text: node.text ?? '',
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
      enabled: flag(node.enabled ?? true),
      scrollable: flag(node.scrollable),
      selected: flag(node.selected),
      displayed: 'true',
      bounds: `[${b.x},${b.y}][${b.x + b.width},${b.y + b.height}]`,
    };
    if (!(name in attributes)) throw new errors.InvalidArgumentError(`gallerysim has no element attribute '${name}'`);
    return attributes[name] ?? null;
  },

  async elementSelected(this: GallerySimDriver, elementId: string): Promise<boolean> {
    const node = this.nodeOf(elementId);
    return Boolean(node.checked || node.selected);
  },

  async elementEnabled(this: GallerySimDriver, elementId: string): Promise<boolean> {
    return this.nodeOf(elementId).enabled ?? true;
  },

  async elementDisplayed(this: GallerySimDriver, elementId: string): Promise<boolean> {
    this.nodeOf(elementId);
    return true;
  },

  async getElementRect(this: GallerySimDriver, elementId: string): Promise<Rect> {
    const { x, y, width, height } = this.nodeOf(elementId).bounds;
    return { x, y, width, height };
  },
};
export type ElementCommands = typeof elementCommands;
