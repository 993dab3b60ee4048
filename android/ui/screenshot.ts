import sharp from 'sharp';
import { hasGlyph, textPath, textWidth } from '../../fixtures/picture/stroke-font.ts';
import type { Bounds, UiNode } from './node.ts';
import { walk } from './node.ts';
import { isEnabled } from './page-source.ts';

/** Screenshots are drawn at half the screen's resolution: plenty to look at, a quarter of the pixels. */
export const SCREENSHOT_SCALE = 0.5;

export interface ScreenshotOptions {
  /** Output pixels per screen pixel; defaults to SCREENSHOT_SCALE. */
  scale?: number;
}

/**
 * A PNG of the screen: `root`'s bounds scaled by `scale` (aspect kept). A wireframe, not a real rendering:
 * tappable and toggleable nodes as light rounded boxes, images as grey boxes, checkboxes, radio buttons and
 * switches showing their state, and texts (or content descriptions) in the built-in stroke font, since the
 * machine has no system fonts. The same tree always gives the same bytes.
 */
export async function screenshotPng(root: UiNode, options: ScreenshotOptions = {}): Promise<Buffer> {
  return sharp(Buffer.from(screenSvg(root, options))).png().toBuffer();
}

/** The SVG `screenshotPng` rasterises. */
export function screenSvg(root: UiNode, { scale = SCREENSHOT_SCALE }: ScreenshotOptions = {}): string {
  const { x, y, width, height } = root.bounds;
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  const body = [...walk(root)].map(drawNode).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${outWidth}" height="${outHeight}" ` +
    `viewBox="${n(x)} ${n(y)} ${n(Math.max(width, 1))} ${n(Math.max(height, 1))}" preserveAspectRatio="none">` +
    `<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" fill="#fff"/>${body}</svg>`
  );
}

const INK = '#212121';
const MUTED = '#616161';
const DISABLED = '#a0a0a0';
const ACCENT = '#1a73e8';
const BOX_FILL = '#eef1f5';
const BOX_STROKE = '#b3bcc8';
const IMAGE_FILL = '#bdbdbd';
/** Smallest text drawn, in screen pixels; longer labels are cut rather than shrunk further. */
const MIN_TEXT = 14;
const MAX_TEXT = 44;

type Toggle = 'checkbox' | 'radio' | 'switch';

function drawNode(node: UiNode): string {
  const b = node.bounds;
  if (!(b.width > 0 && b.height > 0)) return '';
  const parts: string[] = [];
  const image = node.className.endsWith('ImageView');
  const toggle = toggleKind(node);
  if (image) {
    parts.push(rect(b, 0, `fill="${IMAGE_FILL}"`));
  } else if (node.clickable === true || node.checkable === true) {
    const radius = Math.min(b.height / 4, 24);
    parts.push(rect(b, radius, `fill="${BOX_FILL}" stroke="${BOX_STROKE}" stroke-width="2"`));
  }
  if (node.selected === true) parts.push(rect(b, 0, `fill="none" stroke="${ACCENT}" stroke-width="6"`));

  const pad = Math.min(24, b.width / 10);
  let textArea: Bounds = { x: b.x + pad, y: b.y, width: b.width - 2 * pad, height: b.height };
  if (toggle) {
    const drawn = drawToggle(toggle, node.checked === true, b, pad);
    parts.push(drawn.svg);
    textArea = drawn.textArea;
  }

  const text = node.text ?? '';
  const label = text !== '' ? text : (node.contentDesc ?? '');
  if (label !== '') {
    const colour = !isEnabled(node) ? DISABLED : text !== '' ? INK : MUTED;
    const centred = node.clickable === true && !toggle && !image;
    // Image captions sit small at the bottom of the image, like a file name under a thumbnail.
    const area = image
      ? { ...textArea, y: b.y + b.height * 0.7, height: b.height * 0.3 }
      : textArea;
    parts.push(drawText(label, area, colour, centred));
  }
  return parts.join('');
}

function toggleKind(node: UiNode): Toggle | undefined {
  const name = node.className;
  if (/(Switch|SwitchCompat|SwitchMaterial|ToggleButton)$/.test(name)) return 'switch';
  if (name.endsWith('RadioButton')) return 'radio';
  if (name.endsWith('CheckBox') || name.endsWith('CheckedTextView') || node.checkable === true) return 'checkbox';
  return undefined;
}

/** The toggle's indicator (box and tick, circle and dot, or track and knob) and the room left for its label. */
function drawToggle(kind: Toggle, checked: boolean, b: Bounds, pad: number): { svg: string; textArea: Bounds } {
  const size = Math.min(b.height * 0.5, 56, b.width / 4);
  const cy = b.y + b.height / 2;
  if (kind === 'switch') {
    // Android puts the switch at the end and the label before it.
    const trackWidth = size * 1.8;
    const trackHeight = size * 0.6;
    const left = b.x + b.width - pad - trackWidth;
    const track = rect(
      { x: left, y: cy - trackHeight / 2, width: trackWidth, height: trackHeight },
      trackHeight / 2,
      `fill="${checked ? '#8ab4f8' : '#c4c4c4'}"`,
    );
    const knobX = checked ? left + trackWidth - size / 2 : left + size / 2;
    const knob = `<circle cx="${n(knobX)}" cy="${n(cy)}" r="${n(size / 2)}" fill="${checked ? ACCENT : '#f5f5f5'}" stroke="#757575" stroke-width="2"/>`;
    return { svg: track + knob, textArea: { x: b.x + pad, y: b.y, width: left - pad - (b.x + pad), height: b.height } };
  }
  const left = b.x + pad;
  const textArea = { x: left + size + pad, y: b.y, width: b.x + b.width - pad - (left + size + pad), height: b.height };
  if (kind === 'radio') {
    const cx = left + size / 2;
    const ring = `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(size / 2)}" fill="#fff" stroke="${checked ? ACCENT : '#757575'}" stroke-width="${n(size / 10)}"/>`;
    const dot = checked ? `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(size / 4)}" fill="${ACCENT}"/>` : '';
    return { svg: ring + dot, textArea };
  }
  const box = rect(
    { x: left, y: cy - size / 2, width: size, height: size },
    size * 0.15,
    checked ? `fill="${ACCENT}"` : `fill="#fff" stroke="#757575" stroke-width="${n(size / 10)}"`,
  );
  const tick = checked
    ? `<path d="M${n(left + size * 0.2)} ${n(cy)}L${n(left + size * 0.42)} ${n(cy + size * 0.22)}L${n(left + size * 0.8)} ${n(cy - size * 0.22)}" ` +
      `fill="none" stroke="#fff" stroke-width="${n(size / 8)}" stroke-linecap="round" stroke-linejoin="round"/>`
    : '';
  return { svg: box + tick, textArea };
}

/**
 * Stroke-font text centred vertically in `area`: as large as fits (up to MAX_TEXT), wrapped at spaces onto
 * several lines when one is too long, and cut when even MIN_TEXT does not fit.
 */
function drawText(label: string, area: Bounds, colour: string, centred: boolean): string {
  if (area.width <= 0 || area.height <= 0) return '';
  // The font has no glyph for most punctuation and non-Latin scripts: those become spaces (one per code
  // point, so textWidth, which counts UTF-16 units, measures what textPath draws).
  const clean = [...label.replace(/\s+/g, ' ').trim()].map((char) => (hasGlyph(char) ? char : ' ')).join('');
  if (clean.trim() === '') return '';
  const { lines, size } = layout(clean, area);
  const gap = size * LINE_GAP;
  const top = area.y + (area.height - (lines.length * size + (lines.length - 1) * gap)) / 2;
  const paths = lines.map((line, i) => {
    const x = centred ? area.x + (area.width - textWidth(line, size)) / 2 : area.x;
    return textPath(line, x, top + i * (size + gap), size);
  });
  return (
    `<path d="${paths.join('')}" fill="none" stroke="${colour}" stroke-width="${n(size / 9)}" ` +
    `stroke-linecap="round" stroke-linejoin="round"/>`
  );
}

/** Gap between wrapped lines, as a fraction of the text size. */
const LINE_GAP = 0.5;

function layout(text: string, area: Bounds): { lines: string[]; size: number } {
  // Try sizes from the largest down; the first at which the wrapped text fits the area wins.
  for (let size = Math.min(MAX_TEXT, area.height * 0.8); size >= MIN_TEXT; size *= 0.9) {
    const { lines, cut } = wrap(text, area.width, size);
    if (!cut && lines.length * size + (lines.length - 1) * size * LINE_GAP <= area.height * 0.8) return { lines, size };
  }
  // Nothing fits: as many lines of the smallest text as the area holds, the last one cut.
  const size = Math.min(MIN_TEXT, area.height);
  const room = Math.max(1, Math.floor((area.height + size * LINE_GAP) / (size * (1 + LINE_GAP))));
  return { lines: wrap(text, area.width, size).lines.slice(0, room), size };
}

/** Greedy word wrap to `width`; a word wider than a line is cut to fit. */
function wrap(text: string, width: number, size: number): { lines: string[]; cut: boolean } {
  // ((chars - 1) * 6 + 4) * size / 6 <= width, with a little slack for rounding.
  const perLine = Math.max(1, Math.floor(((width * 6) / size - 4) / 6 + 1e-9) + 1);
  const lines: string[] = [];
  let line = '';
  let cut = false;
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (candidate.length <= perLine) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word.slice(0, perLine);
    cut ||= word.length > perLine;
  }
  if (line !== '') lines.push(line);
  return { lines, cut };
}

function rect(b: Bounds, radius: number, paint: string): string {
  const rx = radius > 0 ? ` rx="${n(radius)}"` : '';
  return `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}"${rx} ${paint}/>`;
}

const n = (value: number): string => String(Math.round(value * 100) / 100);
