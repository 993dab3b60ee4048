import { BRAND_NAMES, BRANDS, type BrandName } from '../../brands/index.ts';

/**
 * How a brand's gallery looks to UiAutomator2: its package, activities, resource ids and texts. Ids marked ✔ were
 * read in decoded builds of the real apps (../shared/REFERENCE.md); the rest are our assumption of a plausible id
 * for a screen nobody has published, and the brand drivers' selector files say the same.
 */
export interface Skin {
  packageName: string;
  activities: { home: string; album: string; photo: string; trash: string; settings: string; backup: string };
  ids: {
    albumTile: string;
    albumTitle: string;
    albumCover: string;
    /** Class of a thumbnail in an album's grid (MIUI: a custom view without id; ColorOS: a virtual ImageView). */
    thumbnailClass: string;
    photoPager: string;
    back: string;
    edit: string;
    delete: string;
    move: string;
    hideAlbum: string;
    settings: string;
    trashList: string;
    restore: string;
    deleteForever: string;
    backupBanner: string;
    backupTitle: string;
    backupMessage: string;
    backupSwitch: string;
    wifiOnlySwitch: string;
    chooseAlbums: string;
    albumChoice: string;
    hiddenAlbums: string;
    hiddenAlbumTitle: string;
    status: string;
    progress: string;
    reviewUnsynced: string;
    unsyncedName: string;
    unsyncedReason: string;
    editorRotate: string;
    editorSave: string;
    moveTarget: string;
    newAlbumName: string;
    consentAccount: string;
  };
  texts: {
    trash: string;
    deleteTitle: string;
    deleteMessage: string;
    alsoFromCloud: string;
    deleteConfirm: string;
    cancel: string;
    restore: string;
    deleteForever: string;
    backupTitle: string;
    backupOn: string;
    backupOff: string;
    consentTitle: string;
    turnOn: string;
    notNow: string;
    wifiOnly: string;
    chooseAlbums: string;
    hiddenAlbums: string;
    reviewUnsynced: string;
    edit: string;
    rotate: string;
    save: string;
    move: string;
    hideAlbum: string;
    newAlbum: string;
    ok: string;
    launcherIcon: string;
  };
}

const miui: Skin = {
  packageName: 'com.miui.gallery',
  activities: {
    home: '.activity.HomePageActivity', // ✔
    album: '.activity.AlbumDetailActivity', // ✔
    photo: '.activity.InternalPhotoPageActivity', // ✔
    trash: '.activity.TrashActivity', // ✔
    settings: '.activity.GallerySettingsActivity', // ✔
    backup: '.activity.BackupSettingsActivity', // ✔
  },
  ids: {
    albumTile: 'album_common_item', // assumed
    albumTitle: 'album_common_title', // ✔
    albumCover: 'album_common_cover', // ✔
    thumbnailClass: 'com.miui.gallery.ui.MicroThumbGridItem', // ✔
    photoPager: 'photo_pager', // ✔
    back: 'action_back', // ✔
    edit: 'action_edit', // ✔ (~ as a view id)
    delete: 'action_delete', // ✔ (~ as a view id)
    move: 'action_move', // assumed
    hideAlbum: 'action_hide_album', // assumed
    settings: 'action_settings', // assumed
    trashList: 'recycler_view', // ✔
    restore: 'action_restore', // assumed
    deleteForever: 'purge_all', // ✔ ("Clear all")
    backupBanner: 'google_backup_settings_banner', // ✔
    backupTitle: 'google_backup_title', // ✔
    backupMessage: 'google_backup_msg', // ✔
    backupSwitch: 'google_backup_switch', // assumed
    wifiOnlySwitch: 'backup_only_wifi', // assumed
    chooseAlbums: 'backup_album_choose', // assumed
    albumChoice: 'album_choice', // assumed
    hiddenAlbums: 'hidden_albums', // assumed
    hiddenAlbumTitle: 'hidden_album_title', // assumed
    status: 'backup_status', // assumed
    progress: 'backup_progress', // assumed
    reviewUnsynced: 'review_unsynced', // assumed
    unsyncedName: 'unsynced_name', // assumed
    unsyncedReason: 'unsynced_reason', // assumed
    editorRotate: 'editor_rotate', // assumed
    editorSave: 'editor_save', // assumed
    moveTarget: 'move_target', // assumed
    newAlbumName: 'new_album_name', // assumed
    consentAccount: 'consent_account', // assumed (Google's consent screen ids are unpublished)
  },
  texts: {
    trash: 'Trash bin', // ✔
    deleteTitle: 'Delete', // ✔
    deleteMessage: 'Delete this item?',
    alsoFromCloud: 'Also delete from Google Photos', // assumed (HyperOS: "同时从云端删除")
    deleteConfirm: 'Delete',
    cancel: 'Cancel',
    restore: 'Restore',
    deleteForever: 'Clear all', // ✔
    backupTitle: 'Google Photos backup', // ✔
    backupOn: 'Backup is on', // ✔
    backupOff: 'Backup is off', // ✔
    consentTitle: 'Back up with Google Photos', // ✔
    turnOn: 'Turn on backup', // ✔
    notNow: 'Not now', // ✔
    wifiOnly: 'Back up only over Wi-Fi',
    chooseAlbums: 'Albums to back up',
    hiddenAlbums: 'Hidden albums',
    reviewUnsynced: 'Review unsynced changes', // ✔ (Google's wording)
    edit: 'Edit',
    rotate: 'Rotate',
    save: 'Save',
    move: 'Move to album',
    hideAlbum: 'Hide album',
    newAlbum: 'New album',
    ok: 'OK',
    launcherIcon: 'Gallery',
  },
};

/** OPPO, realme and OnePlus (OxygenOS 12+) run the same ColorOS gallery; only the package differs. */
const colorOs = (packageName: string): Skin => ({
  packageName,
  activities: {
    home: 'com.coloros.gallery3d.app.MainActivity', // ✔
    album: 'com.coloros.gallery3d.app.AlbumActivity', // assumed
    photo: 'com.coloros.gallery3d.app.PhotoActivity', // assumed
    trash: 'com.coloros.gallery3d.app.RecycleActivity', // assumed
    settings: 'com.oplus.gallery.settingpage.Settings', // ✔
    backup: 'com.oplus.gallery.settingpage.GoogleBackupSettings', // assumed
  },
  ids: {
    albumTile: 'album_item', // assumed
    albumTitle: 'albumset_title', // ✔
    albumCover: 'base_album_item_img', // ✔
    thumbnailClass: 'android.widget.ImageView', // ✔ (virtual nodes with content-desc)
    photoPager: 'photo_view', // assumed
    back: 'action_back', // assumed
    edit: 'action_edit', // ✔
    delete: 'action_recycle', // ✔ ("Delete")
    move: 'action_more', // ✔ (the move lives under "More")
    hideAlbum: 'action_hide', // assumed
    settings: 'action_setting', // assumed
    trashList: 'recycler_view', // ✔
    restore: 'action_restore_recycled', // ✔
    deleteForever: 'action_delete_recycled', // ✔
    backupBanner: 'google_backup_entry', // assumed (OS 14+: "Backup to Google Photos")
    backupTitle: 'google_backup_title', // assumed
    backupMessage: 'google_backup_summary', // assumed
    backupSwitch: 'google_backup_switch', // assumed
    wifiOnlySwitch: 'wlan_only_switch', // assumed
    chooseAlbums: 'backup_albums', // assumed
    albumChoice: 'backup_album_item', // assumed
    hiddenAlbums: 'hidden_albums', // assumed
    hiddenAlbumTitle: 'hidden_album_title', // assumed
    status: 'backup_state', // assumed
    progress: 'backup_progress', // assumed
    reviewUnsynced: 'unsynced_entry', // assumed
    unsyncedName: 'unsynced_name', // assumed
    unsyncedReason: 'unsynced_reason', // assumed
    editorRotate: 'editor_rotate', // assumed
    editorSave: 'editor_done', // assumed
    moveTarget: 'album_target', // assumed
    newAlbumName: 'new_album_name', // assumed
    consentAccount: 'consent_account', // assumed
  },
  texts: {
    trash: 'Recently deleted', // ✔
    deleteTitle: 'Delete',
    deleteMessage: 'Items will be kept in Recently deleted for 30 days',
    alsoFromCloud: 'Also delete from Google Photos', // assumed
    deleteConfirm: 'Delete', // ✔
    cancel: 'Cancel',
    restore: 'Restore', // ✔
    deleteForever: 'Permanently delete', // ✔
    backupTitle: 'Backup to Google Photos', // ~
    backupOn: 'On',
    backupOff: 'Off',
    consentTitle: 'Back up with Google Photos',
    turnOn: 'Turn on backup',
    notNow: 'Not now',
    wifiOnly: 'Back up over WLAN only',
    chooseAlbums: 'Albums to back up',
    hiddenAlbums: 'Hidden albums',
    reviewUnsynced: 'Review unsynced changes',
    edit: 'Edit',
    rotate: 'Rotate',
    save: 'Done',
    move: 'Move to album',
    hideAlbum: 'Hide',
    newAlbum: 'New album',
    ok: 'OK',
    launcherIcon: 'Photos',
  },
});

/** Each brand's gallery screens: its record's skin under its record's package. */
export const skins: Readonly<Record<BrandName, Skin>> = Object.fromEntries(
  BRAND_NAMES.map((name) => {
    const { gallery } = BRANDS[name];
    return [name, gallery.skin === 'miui' ? { ...miui, packageName: gallery.package } : colorOs(gallery.package)];
  }),
) as Record<BrandName, Skin>;

/**
 * Simulated later builds of each gallery whose screens renamed some views, as app updates do: a phone on one of
 * these versions is what `gallery-sync inspect` must catch (the brand's selector file has no entry for it yet).
 */
export const renamedBuilds: Readonly<Record<'miui' | 'coloros', Readonly<Record<string, Partial<Skin['ids']>>>>> = {
  miui: { '3.7.0.5-global': { backupSwitch: 'gphotos_backup_switch', wifiOnlySwitch: 'gphotos_backup_wifi_only', edit: 'menu_edit' } },
  coloros: { '16.0.3': { backupSwitch: 'cloud_backup_switch', restore: 'recycle_restore' } },
};
