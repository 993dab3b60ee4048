import { GalleryUi } from '../../android/ui/app.ts';
import { walk, type UiNode } from '../../android/ui/node.ts';
import { settingsScreen } from '../../android/ui/screens/backup.ts';
import { skins } from '../../android/ui/skin.ts';
import type { Phone } from '../../simulator/device/phone.ts';

/**
 * What a simulated phone shows in `simulate`, where no one drives its UI: the gallery's Google Photos backup
 * screen (the switch, Wi-Fi only, the status line, whether it is syncing, the unsynced changes), reached as a
 * user does (settings, then the backup banner), or the launcher while the app is closed. Rendered from the
 * phone's state without changing it, so a run filmed again stays the run it was.
 */
export function backupScreenOf(phone: Phone): UiNode {
  const skin = skins[phone.profile.brand];
  const ui = new GalleryUi(phone, skin, undefined);
  ui.open(settingsScreen(ui));
  const banner = [...walk(ui.root())].find((node) => node.resourceId?.endsWith(`:id/${skin.ids.backupBanner}`));
  // The banner's tap only opens the backup screen: no state of the phone changes.
  void banner?.onClick?.();
  return ui.root();
}
