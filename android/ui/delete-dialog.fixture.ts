import type { Bounds, UiNode } from './node.ts';

/**
 * A hand-made screen for the ui/ tests: a gallery grid (three thumbnails, one selected) under a status-bar
 * clock from another package, with the "Delete" confirmation dialog on top. Built fresh on every call.
 *
 *   root FrameLayout
 *   ├─ clock TextView (com.android.systemui)
 *   ├─ grid LinearLayout (scrollable)
 *   │  ├─ thumb0 ImageView  IMG_20261121_090000.jpg
 *   │  ├─ thumb1 ImageView  IMG_20261121_090500.jpg (selected)
 *   │  ├─ thumb2 ImageView  VID_20261121_091000.mp4
 *   │  └─ share ImageButton "Share" (disabled)
 *   └─ panel FrameLayout android:id/parentPanel
 *      ├─ title TextView android:id/alertTitle "Delete"
 *      ├─ message TextView android:id/message
 *      ├─ checkbox CheckBox android:id/checkbox "Also delete from cloud"
 *      └─ buttons LinearLayout android:id/buttonPanel
 *         ├─ cancel Button android:id/button2 "Cancel"
 *         └─ delete Button android:id/button1 "Delete"
 */
export function deleteDialogTree({ cloudChecked = false } = {}): UiNode {
  const app = 'com.miui.gallery';
  const node = (key: string, className: string, bounds: Bounds, rest: Partial<UiNode> = {}): UiNode => ({
    key,
    className,
    packageName: app,
    bounds,
    children: [],
    ...rest,
  });
  const thumb = (i: number, desc: string, extra: Partial<UiNode> = {}): UiNode =>
    node(`thumb${i}`, 'android.widget.ImageView', { x: i * 360, y: 200, width: 360, height: 360 }, {
      resourceId: `${app}:id/thumbnail`,
      contentDesc: desc,
      clickable: true,
      ...extra,
    });
  return node('root', 'android.widget.FrameLayout', { x: 0, y: 0, width: 1080, height: 2400 }, {
    children: [
      node('clock', 'android.widget.TextView', { x: 40, y: 20, width: 200, height: 60 }, {
        packageName: 'com.android.systemui',
        resourceId: 'com.android.systemui:id/clock',
        text: '09:00',
      }),
      node('grid', 'android.widget.LinearLayout', { x: 0, y: 200, width: 1080, height: 560 }, {
        resourceId: `${app}:id/grid`,
        scrollable: true,
        children: [
          thumb(0, 'IMG_20261121_090000.jpg'),
          thumb(1, 'IMG_20261121_090500.jpg', { selected: true }),
          thumb(2, 'VID_20261121_091000.mp4'),
          node('share', 'android.widget.ImageButton', { x: 920, y: 600, width: 120, height: 120 }, {
            resourceId: `${app}:id/share`,
            contentDesc: 'Share',
            clickable: true,
            enabled: false,
          }),
        ],
      }),
      node('panel', 'android.widget.FrameLayout', { x: 60, y: 1400, width: 960, height: 900 }, {
        resourceId: 'android:id/parentPanel',
        children: [
          node('title', 'android.widget.TextView', { x: 120, y: 1440, width: 840, height: 100 }, {
            resourceId: 'android:id/alertTitle',
            text: 'Delete',
          }),
          node('message', 'android.widget.TextView', { x: 120, y: 1560, width: 840, height: 200 }, {
            resourceId: 'android:id/message',
            text: `Move 2 items to "Recently deleted"? Items can't be restored after 30 days.`,
          }),
          node('checkbox', 'android.widget.CheckBox', { x: 120, y: 1800, width: 840, height: 120 }, {
            resourceId: 'android:id/checkbox',
            text: 'Also delete from cloud',
            checkable: true,
            checked: cloudChecked,
            clickable: true,
          }),
          node('buttons', 'android.widget.LinearLayout', { x: 120, y: 2000, width: 840, height: 200 }, {
            resourceId: 'android:id/buttonPanel',
            children: [
              node('cancel', 'android.widget.Button', { x: 120, y: 2040, width: 400, height: 140 }, {
                resourceId: 'android:id/button2',
                text: 'Cancel',
                clickable: true,
              }),
              node('delete', 'android.widget.Button', { x: 560, y: 2040, width: 400, height: 140 }, {
                resourceId: 'android:id/button1',
                text: 'Delete',
                clickable: true,
              }),
            ],
          }),
        ],
      }),
    ],
  });
}
