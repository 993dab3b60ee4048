import type { GallerySimDriver } from '../driver.ts';

/**
 * The simulator-only extras. `mobile: galleryState` is diagnostics (the engine's database and history, for reports;
 * the oracle's device snapshot never uses it). `mobile: advanceClock` is what changing an emulator's date does:
 * the harness moves the phone's time with the cloud's when a scenario jumps days ahead.
 */
export const diagnosticCommands = {
  async mobileGalleryState(this: GallerySimDriver) {
    const { phone, history, clock, caps } = this.session();
    return {
      name: phone.name,
      brand: phone.profile.brand,
      model: phone.model,
      package: phone.profile.galleryPackage,
      version: phone.profile.galleryVersion,
      bugs: caps.bugs,
      timeMs: clock.now(),
      status: phone.status(),
      idle: phone.idle(),
      network: phone.network(),
      settings: { ...phone.settings, account: phone.settings.account?.email, backupAlbums: [...phone.settings.backupAlbums].sort(), hiddenAlbums: [...phone.settings.hiddenAlbums].sort() },
      mediaStore: phone.mediaStore.list(),
      engine: phone.engineState(),
      history: history.events,
    };
  },

  async mobileAdvanceClock(this: GallerySimDriver, ms: number): Promise<number> {
    const { clock } = this.session();
    clock.advance(Number(ms));
    return clock.now();
  },
};
export type DiagnosticCommands = typeof diagnosticCommands;
