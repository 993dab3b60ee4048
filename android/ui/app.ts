import type { GoogleAccount } from '../device/system.ts';
import type { Phone } from '../../simulator/device/phone.ts';
import { build, screenSize, view, type ViewSpec } from './build.ts';
import type { UiNode } from './node.ts';
import { albumsScreen } from './screens/albums.ts';
import type { Skin } from './skin.ts';

/** One screen of the gallery app: an activity or a dialog, holding its own transient state (a ticked box). */
export interface Screen {
  readonly activity: string;
  /** Dialogs draw over the screen below them, as their own window does. */
  readonly dialog?: boolean;
  render(): ViewSpec;
}

/**
 * The gallery app's UI over a simulated phone: a back stack of screens rendered fresh from the phone's state on
 * every read, so the hierarchy always shows what the phone holds now.
 */
export class GalleryUi {
  private stack: Screen[] = [];

  constructor(
    readonly phone: Phone,
    readonly skin: Skin,
    /** The Google account signed in on the device, offered by the consent screen. */
    public account: GoogleAccount | undefined,
  ) {}

  get running(): boolean {
    return this.phone.appRunning();
  }

  get activity(): string {
    return this.running ? (this.stack.findLast((s) => !s.dialog)?.activity ?? this.skin.activities.home) : '.Launcher';
  }

  /** Opens the app on its home screen, starting it if it is not running (a launcher tap, `activateApp`). */
  launch(): void {
    this.phone.startApp();
    if (this.stack.length === 0) this.stack = [albumsScreen(this)];
  }

  terminate(): void {
    this.phone.killApp();
    this.stack = [];
  }

  open(screen: Screen): void {
    this.stack.push(screen);
  }

  /** HOME: the launcher comes to the front; the app keeps running with its screens gone. */
  home(): void {
    this.stack = [];
  }

  /** Whether one of the app's screens is in front (not the launcher). */
  get inFront(): boolean {
    return this.running && this.stack.length > 0;
  }

  /** Closes the top screen (a dialog, or back to the previous activity); on the home screen, leaves the app. */
  back(): void {
    this.stack.pop();
  }

  /** Replaces the dialog on top (after its button was pressed) or pops back to an activity. */
  close(screen: Screen): void {
    this.stack = this.stack.filter((s) => s !== screen);
  }

  root(): UiNode {
    const pkg = this.skin.packageName;
    if (!this.running) this.stack = [];
    const top = this.stack.at(-1);
    if (!top) return build(launcher(this), 'com.android.launcher3');
    const base = this.stack.findLast((s) => !s.dialog);
    const windows: ViewSpec[] = [base?.render() ?? { cls: 'android.widget.FrameLayout' }];
    if (top.dialog) windows.push(top.render());
    return build({ cls: 'android.widget.FrameLayout', id: 'android:id/content', children: windows }, pkg, '', 0, 0, 0, screenSize.width);
  }
}

function launcher(ui: GalleryUi): ViewSpec {
  return view.layout([view.text(undefined, ui.skin.texts.launcherIcon, { desc: ui.skin.texts.launcherIcon, onClick: () => ui.launch() })], { cls: 'android.widget.FrameLayout', id: 'com.android.launcher3:id/workspace' });
}
