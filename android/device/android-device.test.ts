import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrandName } from '../../fixtures/index.ts';
import { SimRig } from '../../simulator/rig.ts';
import { AndroidDevice } from './android-device.ts';
import { DeviceArgumentError, RemoteFileNotFoundError, ShellCommandFailedError, UnsupportedShellCommandError } from './errors.ts';

let rig: SimRig | undefined;
afterEach(() => {
  rig?.close();
  rig = undefined;
});

function setup(brand: BrandName = 'xiaomi') {
  rig = new SimRig({ seed: 7 });
  const phone = rig.phone('a', brand);
  return { rig, phone, device: new AndroidDevice(phone) };
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const imagesUri = 'content://media/external/images/media';

describe('AndroidDevice files', () => {
  it('pushes a photo into DCIM/Camera: MediaStore indexes it, content query shows it, the gallery is told', () => {
    const { phone, device, rig } = setup();
    const bytes = Buffer.from('jpeg bytes of IMG_1');
    const row = device.pushFile('/sdcard/DCIM/Camera/IMG_1.jpg', bytes.toString('base64'));
    expect(row?.id).toBe(1000);
    expect(phone.mediaStore.list().map((r) => [r.path, r.bucket, r.mimeType, r.size])).toEqual([['/sdcard/DCIM/Camera/IMG_1.jpg', 'Camera', 'image/jpeg', bytes.length]]);
    const now = phone.clock.now();
    expect(device.shell('content', ['query', '--uri', imagesUri])).toBe(
      `Row: 0 _id=1000, _display_name=IMG_1.jpg, relative_path=DCIM/Camera/, bucket_display_name=Camera, _data=/storage/emulated/0/DCIM/Camera/IMG_1.jpg, mime_type=image/jpeg, _size=${bytes.length}, datetaken=${now}, date_added=${Math.floor(now / 1000)}, is_trashed=0, is_pending=0\n`,
    );
    const capture = rig.history.events.find((e) => e.op === 'capture');
    expect(capture?.value).toEqual({ localId: 1000, file: 'IMG_1.jpg', album: 'Camera', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
  });

  it('indexes a photo pushed into Pictures/<album> under that album, through the /storage/emulated/0 alias', () => {
    const { phone, device } = setup();
    device.pushFile('/storage/emulated/0/Pictures/Trip/a.png', b64('png'));
    expect(phone.mediaStore.list().map((r) => [r.path, r.bucket, r.mimeType])).toEqual([['/sdcard/Pictures/Trip/a.png', 'Trip', 'image/png']]);
  });

  it('stores a non-media file without indexing it, and a media file outside the media folders too', () => {
    const { phone, device, rig } = setup();
    expect(device.pushFile('/sdcard/DCIM/Camera/notes.txt', b64('hello'))).toBeUndefined();
    expect(device.pushFile('/sdcard/Documents/scan.jpg', b64('jpeg'))).toBeUndefined();
    expect(phone.mediaStore.list()).toEqual([]);
    expect(device.shell('content query --uri content://media/external/file')).toBe('No result found.\n');
    expect(rig.history.events.some((e) => e.op === 'capture')).toBe(false);
    expect(device.pullFile('/sdcard/DCIM/Camera/notes.txt')).toBe(b64('hello'));
  });

  it('pulls back the same bytes, by either path', () => {
    const { device } = setup();
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    device.pushFile('/sdcard/Download/x.bin', Buffer.from(bytes).toString('base64'));
    expect(Buffer.from(device.pullFile('/sdcard/Download/x.bin'), 'base64')).toEqual(Buffer.from(bytes));
    expect(device.pullFile('/storage/emulated/0/Download/x.bin')).toBe(Buffer.from(bytes).toString('base64'));
    expect(device.pullFile('/sdcard//Download/./x.bin')).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('says a missing file does not exist', () => {
    const { device } = setup();
    expect(() => device.pullFile('/sdcard/DCIM/Camera/nope.jpg')).toThrow(RemoteFileNotFoundError);
    expect(() => device.pullFile('/sdcard/DCIM/Camera/nope.jpg')).toThrow(/does not exist/);
  });

  it('rejects relative paths, folder paths and paths outside shared storage', () => {
    const { device } = setup();
    expect(() => device.pushFile('sdcard/a.jpg', b64('x'))).toThrow(DeviceArgumentError);
    expect(() => device.pushFile('/sdcard/DCIM/', b64('x'))).toThrow(/points to a file and not to a folder/);
    expect(() => device.pushFile('/sdcard/DCIM', b64('x'))).toThrow(DeviceArgumentError);
    expect(() => device.pullFile('/data/local/tmp/a.jpg')).toThrow(DeviceArgumentError);
    expect(() => device.pullFile('/sdcard/../data/a.jpg')).toThrow(DeviceArgumentError);
    expect(() => device.deleteFile('/sdcard/DCIM/')).toThrow(DeviceArgumentError);
  });

  it('deleteFile removes the file and its MediaStore row, and says false for nothing', () => {
    const { phone, device, rig } = setup();
    const row = device.pushFile('/sdcard/DCIM/Camera/IMG_1.jpg', b64('one'));
    device.pushFile('/sdcard/DCIM/Camera/IMG_2.jpg', b64('two'));
    expect(device.deleteFile('/storage/emulated/0/DCIM/Camera/IMG_1.jpg')).toBe(true);
    expect(phone.mediaStore.list().map((r) => r.displayName)).toEqual(['IMG_2.jpg']);
    expect(() => device.pullFile('/sdcard/DCIM/Camera/IMG_1.jpg')).toThrow(RemoteFileNotFoundError);
    expect(rig.history.events.find((e) => e.op === 'file.removed')?.value).toMatchObject({ localId: row?.id });
    expect(device.deleteFile('/sdcard/DCIM/Camera/IMG_1.jpg')).toBe(false);
    expect(() => device.deleteFile('/sdcard/DCIM/Camera')).toThrow(/not a file/);
  });
});

describe('AndroidDevice connectivity', () => {
  it('starts with Wi-Fi and data on, airplane mode off', () => {
    const { device, phone } = setup();
    expect(device.getConnectivity()).toEqual({ wifi: true, data: true, airplaneMode: false });
    expect(phone.network()).toBe('wifi');
  });

  it('derives the phone network from the radios', () => {
    const { device, phone } = setup();
    device.setConnectivity({ wifi: false });
    expect(phone.network()).toBe('cellular');
    device.setConnectivity({ data: false });
    expect(phone.network()).toBe('offline');
    device.setConnectivity({ wifi: true });
    expect(phone.network()).toBe('wifi');
    device.setConnectivity({ airplaneMode: true });
    expect(phone.network()).toBe('offline');
    expect(device.getConnectivity()).toEqual({ wifi: true, data: false, airplaneMode: true });
    device.setConnectivity({ airplaneMode: false });
    expect(phone.network()).toBe('wifi');
  });

  it('only tells the phone when its network changes', () => {
    const { device, rig } = setup();
    device.setConnectivity({ data: false }); // still on Wi-Fi
    device.setConnectivity({ wifi: true });
    expect(rig.history.events.filter((e) => e.op === 'network')).toEqual([]);
    device.setConnectivity({ wifi: false });
    expect(rig.history.events.filter((e) => e.op === 'network').map((e) => e.value)).toEqual(['offline']);
  });

  it('reports only the asked services, and rejects unknown ones and empty changes', () => {
    const { device } = setup();
    device.setConnectivity({ data: false });
    expect(device.getConnectivity(['data'])).toEqual({ data: false });
    expect(device.getConnectivity(['airplaneMode', 'wifi'])).toEqual({ wifi: true, airplaneMode: false });
    expect(device.getConnectivity('wifi')).toEqual({ wifi: true });
    expect(() => device.getConnectivity(['bluetooth'])).toThrow(DeviceArgumentError);
    expect(() => device.setConnectivity({})).toThrow(DeviceArgumentError);
  });
});

describe('AndroidDevice shell', () => {
  it('svc wifi/data and airplane mode change the phone network', () => {
    const { device, phone } = setup();
    expect(device.shell('svc wifi disable')).toBe('');
    expect(phone.network()).toBe('cellular');
    expect(device.shell('svc', ['data', 'disable'])).toBe('');
    expect(phone.network()).toBe('offline');
    device.shell('svc data enable');
    expect(phone.network()).toBe('cellular');
    expect(device.shell('cmd connectivity airplane-mode')).toBe('disabled\n');
    expect(device.shell('settings get global airplane_mode_on')).toBe('0\n');
    device.shell('cmd', ['connectivity', 'airplane-mode', 'enable']);
    expect(phone.network()).toBe('offline');
    expect(device.shell('cmd connectivity airplane-mode')).toBe('enabled\n');
    expect(device.shell('settings', ['get', 'global', 'airplane_mode_on'])).toBe('1\n');
    expect(device.getConnectivity()).toEqual({ wifi: false, data: true, airplaneMode: true });
    device.shell('cmd connectivity airplane-mode disable');
    device.shell('svc wifi enable');
    expect(phone.network()).toBe('wifi');
    expect(device.shell('settings get global wifi_on')).toBe('1\n');
    expect(device.shell('settings get global no_such_setting')).toBe('null\n');
  });

  it('dumpsys package prints the gallery version; an unknown package is not found', () => {
    const { device, phone } = setup('oppo');
    const out = device.shell('dumpsys package com.coloros.gallery3d');
    expect(out).toContain('\n    versionName=15.8.12\n');
    expect(out).toContain('Package [com.coloros.gallery3d]');
    expect(out).toMatch(/versionCode=\d+ minSdk=\d+ targetSdk=34/);
    expect(phone.profile.galleryVersion).toBe('15.8.12');
    expect(device.shell('dumpsys', ['package', 'com.example.nope'])).toBe('Unable to find package: com.example.nope\n');
  });

  it('getprop reads the model, maker and Android version; an unknown key is an empty line', () => {
    const { device, phone } = setup('xiaomi');
    expect(device.shell('getprop ro.product.model')).toBe(`${phone.model}\n`);
    expect(phone.model).toBe('Redmi Note 12');
    expect(device.shell('getprop', ['ro.product.manufacturer'])).toBe('Xiaomi\n');
    expect(device.shell('getprop ro.build.version.release')).toBe('14\n');
    expect(device.shell('getprop ro.build.version.sdk')).toBe('34\n');
    expect(device.shell('getprop ro.no.such.key')).toBe('\n');
  });

  it('am force-stop kills the gallery; monkey starts it again; reboot restarts it', () => {
    const { device, phone, rig } = setup();
    expect(phone.status()).not.toBe('Gallery not running');
    expect(device.shell('am force-stop com.miui.gallery')).toBe('');
    expect(phone.status()).toBe('Gallery not running');
    expect(device.shell('dumpsys package com.miui.gallery')).toContain('stopped=true');
    device.shell('am force-stop com.example.other'); // nothing happens
    const out = device.shell('monkey', ['-p', 'com.miui.gallery', '-c', 'android.intent.category.LAUNCHER', '1']);
    expect(out).toContain('Events injected: 1\n');
    expect(phone.status()).not.toBe('Gallery not running');
    expect(phone.appRunning()).toBe(true);
    expect(() => device.shell('monkey -p com.example.other -c android.intent.category.LAUNCHER 1')).toThrow(/No activities found to run/);
    expect(device.shell('reboot')).toBe('');
    expect(rig.history.events.some((e) => e.op === 'phone.restart')).toBe(true);
    expect(phone.appRunning()).toBe(true);
  });

  it('rm deletes a file and its row; without -f a missing file fails', () => {
    const { device, phone } = setup();
    device.pushFile('/sdcard/DCIM/Camera/IMG_1.jpg', b64('one'));
    device.pushFile('/sdcard/Pictures/Trip/b.jpg', b64('two'));
    expect(device.shell('rm', ['/storage/emulated/0/DCIM/Camera/IMG_1.jpg'])).toBe('');
    expect(phone.mediaStore.list().map((r) => r.displayName)).toEqual(['b.jpg']);
    expect(() => device.shell('rm /sdcard/DCIM/Camera/IMG_1.jpg')).toThrow(ShellCommandFailedError);
    expect(() => device.shell('rm /sdcard/DCIM/Camera/IMG_1.jpg')).toThrow(/No such file or directory/);
    expect(device.shell('rm -f /sdcard/DCIM/Camera/IMG_1.jpg')).toBe('');
    expect(() => device.shell('rm /sdcard/Pictures/Trip')).toThrow(/Is a directory/);
    device.shell('rm -rf /sdcard/Pictures/Trip');
    expect(phone.mediaStore.list()).toEqual([]);
  });

  it('ls lists names one per line; sha256sum prints hash and path', () => {
    const { device } = setup();
    device.pushFile('/sdcard/DCIM/Camera/IMG_2.jpg', b64('two'));
    device.pushFile('/sdcard/DCIM/Camera/IMG_1.jpg', b64('one'));
    device.pushFile('/sdcard/DCIM/Camera/.nomedia', b64(''));
    device.pushFile('/sdcard/DCIM/Camera/sub/x.jpg', b64('x'));
    expect(device.shell('ls /sdcard/DCIM/Camera')).toBe('IMG_1.jpg\nIMG_2.jpg\nsub\n');
    expect(device.shell('ls -a /sdcard/DCIM/Camera')).toBe('.\n..\n.nomedia\nIMG_1.jpg\nIMG_2.jpg\nsub\n');
    expect(device.shell('ls /storage/emulated/0/DCIM')).toBe('Camera\n');
    expect(device.shell('ls /sdcard')).toContain('DCIM\nDocuments\nDownload\n');
    expect(device.shell('ls /sdcard/DCIM/Camera/IMG_1.jpg')).toBe('/sdcard/DCIM/Camera/IMG_1.jpg\n');
    expect(() => device.shell('ls /sdcard/Nope')).toThrow(/ls: \/sdcard\/Nope: No such file or directory/);
    const hex = createHash('sha256').update('one').digest('hex');
    expect(device.shell('sha256sum /sdcard/DCIM/Camera/IMG_1.jpg')).toBe(`${hex}  /sdcard/DCIM/Camera/IMG_1.jpg\n`);
    expect(device.shell('sha256sum', ['/storage/emulated/0/DCIM/Camera/IMG_1.jpg'])).toBe(`${hex}  /storage/emulated/0/DCIM/Camera/IMG_1.jpg\n`);
    expect(() => device.shell('sha256sum /sdcard/DCIM/Camera/none.jpg')).toThrow(ShellCommandFailedError);
  });

  it('handles quoted arguments: paths with spaces, and args re-split as adb does', () => {
    const { device, phone } = setup();
    device.pushFile('/sdcard/Pictures/My Trip/a b.jpg', b64('ab'));
    expect(phone.mediaStore.list()[0]?.bucket).toBe('My Trip');
    expect(device.shell(`ls "/sdcard/Pictures/My Trip"`)).toBe('a b.jpg\n');
    expect(device.shell('ls', ["'/sdcard/Pictures/My Trip'"])).toBe('a b.jpg\n');
    expect(device.shell(`sha256sum '/sdcard/Pictures/My Trip/a b.jpg'`)).toMatch(/^[0-9a-f]{64} {2}\/sdcard\/Pictures\/My Trip\/a b\.jpg\n$/);
    expect(device.shell('ls', ['/sdcard/Pictures/My\\ Trip'])).toBe('a b.jpg\n');
    // Unquoted, the space splits the path in two, exactly as `adb shell` would: `ls /sdcard/Pictures/My Trip`.
    expect(() => device.shell('ls', ['/sdcard/Pictures/My Trip'])).toThrow(/ls \/sdcard\/Pictures\/My Trip/);
    expect(() => device.shell('rm', ['/sdcard/Pictures/My Trip/a b.jpg'])).toThrow();
    expect(phone.mediaStore.list()).toHaveLength(1);
    expect(device.shell('echo', ['"a  b"', 'c'])).toBe('a  b c\n');
    expect(device.shell('echo -n hi')).toBe('hi');
  });

  it('refuses anything else as unsupported', () => {
    const { device } = setup();
    for (const command of ['pm list packages', 'input tap 10 10', 'cat /sdcard/x', 'settings put global airplane_mode_on 1', 'svc bluetooth enable', 'dumpsys battery', 'content delete --uri content://media/external/images/media', 'ls -l /sdcard']) {
      expect(() => device.shell(command), command).toThrow(UnsupportedShellCommandError);
    }
    expect(() => device.shell('pm', ['list', 'packages'])).toThrow('unsupported shell command on a simulated phone: pm list packages');
    expect(() => device.shell('ls /data/local/tmp')).toThrow(UnsupportedShellCommandError);
  });
});
