/**
 * One node of the simulated gallery's view hierarchy: what UiAutomator2 reports for a real Android view
 * (class, resource-id, text, content-desc, flags, bounds). Screens build these fresh on every read.
 */
export interface UiNode {
  /** Android class, e.g. `android.widget.TextView`. */
  className: string;
  /** `<package>:id/<name>`, e.g. `com.miui.gallery:id/album_common_title`. */
  resourceId?: string;
  text?: string;
  contentDesc?: string;
  packageName: string;
  checkable?: boolean;
  checked?: boolean;
  clickable?: boolean;
  /** Defaults to true. */
  enabled?: boolean;
  scrollable?: boolean;
  selected?: boolean;
  bounds: Bounds;
  children: UiNode[];
  /** Stable across re-renders of the same screen: element references resolve through it. Not in the page source. */
  key: string;
  /** What a tap does. Not in the page source. */
  onClick?: () => void | Promise<void>;
  /** What typing into it does (text fields). Not in the page source. */
  onSetValue?: (text: string) => void | Promise<void>;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every node of the tree, parents before children (document order). */
export function* walk(root: UiNode): Generator<UiNode> {
  yield root;
  for (const child of root.children) yield* walk(child);
}
