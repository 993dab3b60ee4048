import type { UiNode } from './node.ts';

/** What a screen declares; `build` turns it into positioned UiNodes with stable keys. */
export interface ViewSpec {
  cls: string;
  /** A short id (`album_common_title`, expanded in the app's package) or a full one (`android:id/checkbox`). */
  id?: string;
  text?: string;
  desc?: string;
  checkable?: boolean;
  checked?: boolean;
  selected?: boolean;
  enabled?: boolean;
  scrollable?: boolean;
  /** Lay children out three to a row, as thumbnails are. */
  grid?: boolean;
  onClick?: () => void | Promise<void>;
  onSetValue?: (text: string) => void | Promise<void>;
  children?: ViewSpec[];
}

export const screenSize = { width: 1080, height: 2400 };
const rowHeight = 132;
const cell = 360;

export function build(spec: ViewSpec, packageName: string, parentKey = '', index = 0, x = 0, y = 0, width = screenSize.width): UiNode {
  const resourceId = spec.id === undefined ? undefined : spec.id.includes(':id/') ? spec.id : `${packageName}:id/${spec.id}`;
  // A text field's text is what the user typed, not its identity: typing must not make its reference stale.
  const label = spec.onSetValue ? index : (spec.text ?? spec.desc ?? index);
  const key = `${parentKey}/${spec.id ?? spec.cls.split('.').at(-1)}:${label}`;
  const children: UiNode[] = [];
  let offset = 0;
  for (const [i, child] of (spec.children ?? []).entries()) {
    if (spec.grid) {
      children.push(build(child, packageName, key, i, x + (i % 3) * cell, y + Math.floor(i / 3) * cell, cell));
    } else {
      const node = build(child, packageName, key, i, x, y + offset, width);
      offset += node.bounds.height;
      children.push(node);
    }
  }
  const height = spec.grid ? Math.max(1, Math.ceil(children.length / 3)) * cell : children.length ? offset : spec.cls.endsWith('ImageView') || spec.cls.endsWith('GridItem') ? cell : rowHeight;
  return {
    className: spec.cls,
    packageName,
    ...(resourceId === undefined ? {} : { resourceId }),
    ...(spec.text === undefined ? {} : { text: spec.text }),
    ...(spec.desc === undefined ? {} : { contentDesc: spec.desc }),
    ...(spec.checkable ? { checkable: true, checked: spec.checked ?? false } : {}),
    ...(spec.selected === undefined ? {} : { selected: spec.selected }),
    ...(spec.enabled === undefined ? {} : { enabled: spec.enabled }),
    ...(spec.scrollable ? { scrollable: true } : {}),
    ...(spec.onClick || spec.checkable ? { clickable: true } : {}),
    ...(spec.onClick ? { onClick: spec.onClick } : {}),
    ...(spec.onSetValue ? { onSetValue: spec.onSetValue, clickable: true } : {}),
    bounds: { x, y, width, height: Math.max(height, rowHeight) },
    children,
    key,
  };
}

/** Shorthands for the few Android widgets the screens use. */
export const view = {
  text: (id: string | undefined, text: string, extra: Partial<ViewSpec> = {}): ViewSpec => ({ cls: 'android.widget.TextView', ...(id ? { id } : {}), text, ...extra }),
  button: (id: string, text: string, onClick: () => void | Promise<void>, extra: Partial<ViewSpec> = {}): ViewSpec => ({ cls: 'android.widget.Button', id, text, onClick, ...extra }),
  image: (id: string | undefined, desc: string, onClick?: () => void | Promise<void>, extra: Partial<ViewSpec> = {}): ViewSpec => ({ cls: 'android.widget.ImageView', ...(id ? { id } : {}), desc, ...(onClick ? { onClick } : {}), ...extra }),
  list: (id: string, children: ViewSpec[], extra: Partial<ViewSpec> = {}): ViewSpec => ({ cls: 'androidx.recyclerview.widget.RecyclerView', id, scrollable: true, children, ...extra }),
  layout: (children: ViewSpec[], extra: Partial<ViewSpec> = {}): ViewSpec => ({ cls: 'android.widget.LinearLayout', children, ...extra }),
  toggle: (id: string, text: string, checked: boolean, onClick: () => void | Promise<void>, cls = 'android.widget.Switch'): ViewSpec => ({ cls, id, text, checkable: true, checked, onClick }),
};
