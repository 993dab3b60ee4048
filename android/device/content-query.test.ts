import { afterEach, describe, expect, it } from 'vitest';
import { SimRig } from '../../simulator/rig.ts';
import { AndroidDevice } from './android-device.ts';
import { ShellCommandFailedError, UnsupportedShellCommandError } from './errors.ts';

let rig: SimRig | undefined;
afterEach(() => {
  rig?.close();
  rig = undefined;
});

/** A phone with three photos (one in an album), one video, and the second photo deleted to the gallery's trash. */
function setup() {
  rig = new SimRig({ seed: 3 });
  const phone = rig.phone('a', 'xiaomi');
  const device = new AndroidDevice(phone);
  const push = (path: string, text: string) => device.pushFile(path, Buffer.from(text).toString('base64'));
  push('/sdcard/DCIM/Camera/IMG_1.jpg', 'one');
  push('/sdcard/DCIM/Camera/IMG_2.jpg', 'two!');
  push('/sdcard/Pictures/WhatsApp Images/IMG-WA0001.jpg', 'three');
  push('/sdcard/DCIM/Camera/VID_1.mp4', 'video');
  phone.deleteFromDevice(1001);
  return { phone, device };
}

const images = 'content://media/external/images/media';
const ids = (out: string) => [...out.matchAll(/_id=(\d+)/g)].map((m) => Number(m[1]));

describe('content query', () => {
  it('lists images for the images URI, videos for the video URI, both for the file URI', () => {
    const { device } = setup();
    expect(ids(device.shell(`content query --uri ${images} --projection _id`))).toEqual([1000, 1001, 1002]);
    expect(device.shell('content query --uri content://media/external/video/media --projection _id:mime_type')).toBe('Row: 0 _id=1003, mime_type=video/mp4\n');
    expect(ids(device.shell('content query --uri content://media/external/file --projection _id'))).toEqual([1000, 1001, 1002, 1003]);
    expect(ids(device.shell('content query --uri content://media/external_primary/images/media/1002 --projection _id'))).toEqual([1002]);
  });

  it('numbers rows from 0 and prints the projection in its order', () => {
    const { device } = setup();
    expect(device.shell('content', ['query', '--uri', images, '--projection', '_display_name:bucket_display_name:_size'])).toBe(
      'Row: 0 _display_name=IMG_1.jpg, bucket_display_name=Camera, _size=3\n' + 'Row: 1 _display_name=IMG_2.jpg, bucket_display_name=Camera, _size=4\n' + 'Row: 2 _display_name=IMG-WA0001.jpg, bucket_display_name=WhatsApp Images, _size=5\n',
    );
  });

  it('lists trashed rows with is_trashed=1 when no where clause is given', () => {
    const { device } = setup();
    const out = device.shell(`content query --uri ${images} --projection _id:is_trashed:is_pending`);
    expect(out).toBe('Row: 0 _id=1000, is_trashed=0, is_pending=0\nRow: 1 _id=1001, is_trashed=1, is_pending=0\nRow: 2 _id=1002, is_trashed=0, is_pending=0\n');
  });

  it('filters with simple where clauses', () => {
    const { device } = setup();
    const where = (clause: string) => ids(device.shell('content', ['query', '--uri', images, '--projection', '_id', '--where', `"${clause}"`]));
    expect(where('is_trashed=1')).toEqual([1001]);
    expect(where('is_trashed = 0')).toEqual([1000, 1002]);
    expect(where("is_trashed='0'")).toEqual([1000, 1002]);
    expect(where("_display_name='IMG_1.jpg'")).toEqual([1000]);
    expect(where("bucket_display_name!='Camera'")).toEqual([1002]);
    expect(where("bucket_display_name<>'Camera'")).toEqual([1002]);
    expect(where("_display_name LIKE '%wa%'")).toEqual([1002]);
    expect(where("_display_name NOT LIKE 'img_1%'")).toEqual([1001, 1002]);
    expect(where("_display_name LIKE 'IMG%'")).toEqual([1000, 1001, 1002]);
    expect(where("relative_path='DCIM/Camera/' AND is_trashed=0")).toEqual([1000]);
    expect(where("_display_name='a AND b' and _size>0")).toEqual([]);
    expect(where('_size>3 AND _size<=5')).toEqual([1001, 1002]);
    expect(where('_id=1002')).toEqual([1002]);
    expect(where('bucket_display_name IS NOT NULL')).toEqual([1000, 1001, 1002]);
    expect(where("_data LIKE '/storage/emulated/0/Pictures/%'")).toEqual([1002]);
  });

  it('sorts', () => {
    const { device } = setup();
    expect(ids(device.shell(`content query --uri ${images} --projection _id --sort "_id DESC"`))).toEqual([1002, 1001, 1000]);
    expect(ids(device.shell(`content query --uri ${images} --projection _id --sort "bucket_display_name DESC, _size ASC"`))).toEqual([1002, 1000, 1001]);
  });

  it('says so when nothing matches', () => {
    const { device } = setup();
    expect(device.shell(`content query --uri ${images} --where "_display_name='nope.jpg'"`)).toBe('No result found.\n');
  });

  it('fails on unknown columns and arguments, and refuses what it does not simulate', () => {
    const { device } = setup();
    expect(() => device.shell(`content query --uri ${images} --projection _id:nope`)).toThrow(/no such column: nope/);
    expect(() => device.shell(`content query --uri ${images} --where "nope=1"`)).toThrow(ShellCommandFailedError);
    expect(() => device.shell(`content query --uri ${images} --bogus 1`)).toThrow(/Unsupported argument: --bogus/);
    expect(() => device.shell('content query')).toThrow(/URI not specified/);
    expect(() => device.shell(`content query --uri ${images} --where "is_trashed=1 OR _id=1"`)).toThrow(UnsupportedShellCommandError);
    expect(() => device.shell('content query --uri content://settings/global')).toThrow(UnsupportedShellCommandError);
  });
});
