/** The names a brand's camera and screenshot tool give files. */
export interface FileNames {
  /** Camera photo or video name for a capture time, without extension. */
  camera(prefix: CameraPrefix, t: Stamp): string;
  /** Screenshot name for a capture time, without extension. */
  screenshot(t: Stamp): string;
}

/** IMG photo, VID video, MVIMG motion photo, PANO panorama. */
export type CameraPrefix = 'IMG' | 'VID' | 'MVIMG' | 'PANO';


/** A capture time split into zero-padded wall-clock fields (the phone's local time). */
export interface Stamp {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  millis: string;
}

/** MIUI / HyperOS: IMG_20261121_142233.jpg, Screenshot_2026-11-21-14-22-33-123_com.miui.gallery.png. */
export const miuiNames: FileNames = {
  camera: (prefix, t) => `${prefix}_${t.year}${t.month}${t.day}_${t.hour}${t.minute}${t.second}`,
  screenshot: (t) => `Screenshot_${t.year}-${t.month}-${t.day}-${t.hour}-${t.minute}-${t.second}-${t.millis}_com.miui.gallery`,
};

/** ColorOS (OPPO, realme, OnePlus on OxygenOS 12+): IMG20261121142233.jpg, Screenshot_2026-11-21-14-22-33-12_….png. */
export const colorOsNames = (screenshotApp: string): FileNames => ({
  camera: (prefix, t) => `${prefix}${t.year}${t.month}${t.day}${t.hour}${t.minute}${t.second}`,
  screenshot: (t) =>
    `Screenshot_${t.year}-${t.month}-${t.day}-${t.hour}-${t.minute}-${t.second}-${t.millis.slice(0, 2)}_${screenshotApp}`,
});
