import sharp from 'sharp';

/** A small WebP of the actual bytes as a data: URI, or undefined when the bytes are not a decodable image. */
export async function thumbnail(bytes: Uint8Array, size = 96): Promise<string | undefined> {
  try {
    const webp = await sharp(bytes, { failOn: 'error' }).rotate().resize(size, size, { fit: 'inside' }).webp({ quality: 55 }).toBuffer();
    return `data:image/webp;base64,${webp.toString('base64')}`;
  } catch {
    return undefined;
  }
}
