import type { GalleryUi, Screen } from '../app.ts';
import { view } from '../build.ts';

/** Gallery settings: the Google Photos backup banner and the hidden albums. */
export function settingsScreen(ui: GalleryUi): Screen {
  const { ids, texts, activities } = ui.skin;
  return {
    activity: activities.settings,
    render: () =>
      view.layout([
        view.layout([view.image(ids.back, 'Back', () => ui.back()), view.text(undefined, 'Settings')]),
        view.layout([view.text(ids.backupTitle, texts.backupTitle), view.text(ids.backupMessage, ui.phone.settings.backupEnabled ? texts.backupOn : texts.backupOff)], {
          id: ids.backupBanner,
          onClick: () => ui.open(backupScreen(ui)),
        }),
        view.text(ids.hiddenAlbums, texts.hiddenAlbums, { onClick: () => ui.open(hiddenAlbumsScreen(ui)) }),
      ]),
  };
}

/** Google Photos backup: the switch, Wi-Fi only, which albums, and where the backup stands. */
function backupScreen(ui: GalleryUi): Screen {
  const { ids, texts, activities } = ui.skin;
  const { phone } = ui;
  return {
    activity: activities.backup,
    render: () => {
      const unsynced = Object.keys(phone.unsynced()).length;
      return view.layout([
        view.layout([view.image(ids.back, 'Back', () => ui.back()), view.text(undefined, texts.backupTitle)]),
        view.toggle(ids.backupSwitch, texts.backupTitle, phone.settings.backupEnabled, () => (phone.settings.backupEnabled ? phone.disableBackup() : ui.open(consentDialog(ui)))),
        view.toggle(ids.wifiOnlySwitch, texts.wifiOnly, phone.settings.wifiOnly, () => phone.setWifiOnly(!phone.settings.wifiOnly)),
        view.text(ids.chooseAlbums, texts.chooseAlbums, { onClick: () => ui.open(chooseAlbumsScreen(ui)) }),
        view.text(ids.status, phone.status()),
        ...(phone.idle() ? [] : [{ cls: 'android.widget.ProgressBar', id: ids.progress, desc: 'Syncing' }]),
        view.text(ids.reviewUnsynced, `${texts.reviewUnsynced} (${unsynced})`, { onClick: () => ui.open(unsyncedScreen(ui)) }),
      ]);
    },
  };
}

/** Google's consent sheet, shown by the gallery through the Photos backup SDK. Its real ids are unpublished. */
function consentDialog(ui: GalleryUi): Screen {
  const { ids, texts } = ui.skin;
  const screen: Screen = {
    activity: 'com.google.android.apps.photos.backup.settings.AutoBackupSettingsActivity',
    dialog: true,
    render: () =>
      view.layout(
        [
          view.text('android:id/alertTitle', texts.consentTitle),
          view.text(ids.consentAccount, ui.account?.email ?? 'No Google account on this device'),
          view.button('android:id/button2', texts.notNow, () => ui.close(screen)),
          view.button('android:id/button1', texts.turnOn, () => {
            if (ui.account) ui.phone.enableBackup(ui.account);
            ui.close(screen);
          }, { enabled: ui.account !== undefined }),
        ],
        { cls: 'android.widget.FrameLayout', id: 'android:id/parentPanel' },
      ),
  };
  return screen;
}

function chooseAlbumsScreen(ui: GalleryUi): Screen {
  const { ids, texts, activities } = ui.skin;
  const { phone } = ui;
  return {
    activity: `${activities.backup}$Albums`,
    render: () => {
      const albums = [...new Set([...albumNames(ui), ...phone.settings.backupAlbums])].filter((a) => !phone.settings.hiddenAlbums.has(a)).sort();
      const toggle = (album: string) => {
        const chosen = new Set(phone.settings.backupAlbums);
        if (chosen.has(album)) chosen.delete(album);
        else chosen.add(album);
        phone.chooseAlbums([...chosen].sort());
      };
      return view.layout([
        view.layout([view.image(ids.back, 'Back', () => ui.back()), view.text(undefined, texts.chooseAlbums)]),
        view.list('album_list', albums.map((album) => view.toggle(ids.albumChoice, album, phone.settings.backupAlbums.has(album), () => toggle(album), 'android.widget.CheckBox'))),
      ]);
    },
  };
}

/** Hidden albums: every album folder with a box; ticking one hides it (unhiding is not simulated). */
function hiddenAlbumsScreen(ui: GalleryUi): Screen {
  const { ids, texts, activities } = ui.skin;
  const { hiddenAlbums } = ui.phone.settings;
  return {
    activity: `${activities.settings}$Hidden`,
    render: () =>
      view.layout([
        view.layout([view.image(ids.back, 'Back', () => ui.back()), view.text(undefined, texts.hiddenAlbums)]),
        view.list(
          'hidden_list',
          [...new Set([...albumNames(ui), ...hiddenAlbums])].sort().map((album) => view.toggle(ids.hiddenAlbumTitle, album, hiddenAlbums.has(album), () => (hiddenAlbums.has(album) ? undefined : ui.phone.hideAlbum(album)), 'android.widget.CheckBox')),
        ),
      ]),
  };
}

/** The phone's album folders by name (DCIM/Camera is "Camera"). */
const albumNames = (ui: GalleryUi): string[] => ui.phone.albumFolders().map((folder) => folder.split('/').at(-1) as string);

/** "Review unsynced changes": each item the gallery gave up on, and why. */
function unsyncedScreen(ui: GalleryUi): Screen {
  const { ids, texts, activities } = ui.skin;
  return {
    activity: `${activities.backup}$Unsynced`,
    render: () =>
      view.layout([
        view.layout([view.image(ids.back, 'Back', () => ui.back()), view.text(undefined, texts.reviewUnsynced)]),
        view.list(
          'unsynced_list',
          Object.entries(ui.phone.unsynced()).map(([localId, reason]) =>
            view.layout([view.text(ids.unsyncedName, ui.phone.mediaStore.get(Number(localId))?.displayName ?? `#${localId}`), view.text(ids.unsyncedReason, reason)]),
          ),
        ),
      ]),
  };
}
