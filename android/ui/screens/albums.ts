import sharp from 'sharp';
import type { MediaRow } from '../../../simulator/device/media-store.ts';
import type { GalleryUi, Screen } from '../app.ts';
import { view, type ViewSpec } from '../build.ts';
import { settingsScreen } from './backup.ts';
import { trashScreen } from './trash.ts';

/** Home: the Albums tab — one tile per album that has items, then the trash. */
export function albumsScreen(ui: GalleryUi): Screen {
  const { ids, texts, activities } = ui.skin;
  return {
    activity: activities.home,
    render: () => {
      const albums = [...new Set(visibleRows(ui).map((r) => r.bucket))].sort();
      const tile = (title: string, count: number, open: () => void): ViewSpec =>
        view.layout([view.image(ids.albumCover, title), view.text(ids.albumTitle, title), view.text(undefined, String(count))], { id: ids.albumTile, desc: title, onClick: open });
      return view.layout([
        view.layout([view.text(undefined, 'Albums'), view.image(ids.settings, 'Settings', () => ui.open(settingsScreen(ui)))]),
        view.list('recycler_view', [
          ...albums.map((album) => tile(album, visibleRows(ui).filter((r) => r.bucket === album).length, () => ui.open(albumScreen(ui, album)))),
          tile(texts.trash, ui.phone.mediaStore.list().filter((r) => r.trashed).length, () => ui.open(trashScreen(ui))),
        ], { grid: true }),
      ]);
    },
  };
}

/** One album's grid of thumbnails; each thumbnail's content-desc is the file name. */
export function albumScreen(ui: GalleryUi, album: string): Screen {
  const { ids, texts, activities } = ui.skin;
  return {
    activity: activities.album,
    render: () =>
      view.layout([
        view.layout([view.image(ids.back, 'Back', () => ui.back()), view.text(undefined, album), view.button(ids.hideAlbum, texts.hideAlbum, () => (ui.phone.hideAlbum(album), ui.back()))]),
        view.list(
          'grid',
          visibleRows(ui)
            .filter((r) => r.bucket === album)
            .map((r) => ({ cls: ids.thumbnailClass, desc: r.displayName, onClick: () => ui.open(photoScreen(ui, r.id)) })),
          { grid: true },
        ),
      ]),
  };
}

export function photoScreen(ui: GalleryUi, localId: number): Screen {
  const { ids, texts, activities } = ui.skin;
  return {
    activity: activities.photo,
    render: () => {
      const row = ui.phone.mediaStore.get(localId);
      if (!row || row.trashed) return view.layout([view.text(undefined, 'This item is no longer available')]);
      return view.layout([
        view.layout([view.image(ids.back, 'Back', () => ui.back()), view.text('title', row.displayName)]),
        view.image(ids.photoPager, row.displayName),
        view.layout([
          view.button(ids.edit, texts.edit, () => ui.open(editorScreen(ui, localId))),
          view.button(ids.move, texts.move, () => ui.open(moveScreen(ui, localId))),
          view.button(ids.delete, texts.deleteTitle, () => ui.open(deleteDialog(ui, localId))),
        ]),
      ]);
    },
  };
}

/** The delete dialog: "also delete from Google Photos", ticked or not as the brand ships it. */
function deleteDialog(ui: GalleryUi, localId: number): Screen {
  const { texts } = ui.skin;
  let alsoFromCloud = ui.phone.profile.alsoDeleteFromCloudByDefault;
  const screen: Screen = {
    activity: ui.skin.activities.photo,
    dialog: true,
    render: () =>
      view.layout(
        [
          view.text('android:id/alertTitle', texts.deleteTitle),
          view.text('android:id/message', texts.deleteMessage),
          view.toggle('android:id/checkbox', texts.alsoFromCloud, alsoFromCloud, () => void (alsoFromCloud = !alsoFromCloud), 'android.widget.CheckBox'),
          view.button('android:id/button2', texts.cancel, () => ui.close(screen)),
          view.button('android:id/button1', texts.deleteConfirm, () => {
            ui.phone.delete(localId, alsoFromCloud);
            ui.close(screen);
            ui.back();
          }),
        ],
        { cls: 'android.widget.FrameLayout', id: 'android:id/parentPanel' },
      ),
  };
  return screen;
}

/** The editor: one tool (rotate 90°) is enough to make new bytes, which is all sync cares about. */
function editorScreen(ui: GalleryUi, localId: number): Screen {
  const { ids, texts, activities } = ui.skin;
  let turns = 0;
  return {
    activity: `${activities.photo}$Editor`,
    render: () =>
      view.layout([
        view.image(undefined, `Preview, rotated ${turns * 90}°`),
        view.button(ids.editorRotate, texts.rotate, () => void turns++),
        view.button(ids.editorSave, texts.save, async () => {
          const row = ui.phone.mediaStore.get(localId);
          const bytes = row && ui.phone.readFile(row.path);
          if (bytes && turns % 4) ui.phone.edit(localId, await sharp(bytes).rotate(90 * turns).toBuffer());
          ui.back();
        }),
      ]),
  };
}

function moveScreen(ui: GalleryUi, localId: number): Screen {
  const { ids, texts, activities } = ui.skin;
  let newName = '';
  const moveTo = (album: string) => {
    ui.phone.moveToAlbum(localId, album);
    ui.back();
  };
  return {
    activity: `${activities.album}$MoveTo`,
    render: () =>
      view.layout([
        view.text(undefined, texts.move),
        view.list(
          'album_list',
          [...new Set(visibleRows(ui).map((r) => r.bucket))].sort().map((album) => view.text(ids.moveTarget, album, { onClick: () => moveTo(album) })),
        ),
        { cls: 'android.widget.EditText', id: ids.newAlbumName, text: newName || texts.newAlbum, onSetValue: (text) => void (newName = text) },
        view.button('android:id/button1', texts.ok, () => (newName ? moveTo(newName) : undefined)),
      ]),
  };
}

/** What the gallery shows: indexed, not trashed, not in a hidden album. */
function visibleRows(ui: GalleryUi): MediaRow[] {
  return ui.phone.mediaStore.list().filter((r) => !r.trashed && !ui.phone.settings.hiddenAlbums.has(r.bucket));
}
