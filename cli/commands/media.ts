import { access, constants, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BRAND_NAMES, DEFAULT_KINDS, KIND_NAMES, generateMedia, isBrandName } from '../../fixtures/index.ts';
import type { BrandName, KindName, Manifest, Size } from '../../fixtures/index.ts';
import { parseIntOption, UsageError } from '../usage-error.ts';

/** On a terminal, one progress line per this share of the set. */
const PROGRESS_STEPS = 20;

interface GenerateFlags {
  seed: number;
  count: number;
  kinds?: KindName[];
  brand: BrandName;
  out: string;
  cameraSize?: Size;
}

export function registerMedia(program: Command): void {
  const media = program.command('media').description('synthetic media fixtures from a seed');
  media
    .command('generate')
    .description('write seeded photos, videos and odd files plus manifest.json into a folder')
    .requiredOption('--seed <n>', 'seed: the same seed and options give byte-identical files', parseIntOption('--seed'))
    .requiredOption('--count <n>', 'how many files', parseIntOption('--count', 1))
    .option('--kinds <list>', `comma-separated kinds (default: ${DEFAULT_KINDS.join(',')}); one of ${KIND_NAMES.join(', ')}`, parseKinds)
    .option('--brand <brand>', `phone brand for EXIF and file names: ${BRAND_NAMES.join(', ')}`, parseBrand, 'xiaomi')
    .option('--camera-size <WxH>', 'camera photo size in pixels (default 4000x3000, 12 MP)', parseSize)
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .action(async (flags: GenerateFlags) => {
      const outDir = resolve(flags.out);
      await assertWritable(outDir);
      const started = performance.now();
      const manifest = await generateMedia({
        seed: flags.seed,
        count: flags.count,
        brand: flags.brand,
        outDir,
        ...(flags.kinds ? { kinds: flags.kinds } : {}),
        ...(flags.cameraSize ? { cameraSize: flags.cameraSize } : {}),
        onProgress: process.stderr.isTTY ? progressLine(flags.count) : undefined,
      });
      process.stdout.write(`${summary(manifest, outDir, performance.now() - started)}\n`);
    });
}

function parseKinds(value: string): KindName[] {
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !(KIND_NAMES as readonly string[]).includes(k));
  if (kinds.length === 0 || unknown.length > 0) {
    throw new UsageError(`--kinds: unknown kind "${unknown[0] ?? value}"; known kinds: ${KIND_NAMES.join(', ')}`);
  }
  return kinds as KindName[];
}

function parseBrand(value: string): BrandName {
  if (!isBrandName(value)) throw new UsageError(`--brand must be one of ${BRAND_NAMES.join(', ')}, got "${value}"`);
  return value;
}

function parseSize(value: string): Size {
  const match = /^(\d+)x(\d+)$/.exec(value);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 16 || height < 16 || width > 16_384 || height > 16_384) {
    throw new UsageError(`--camera-size must be WIDTHxHEIGHT between 16 and 16384, got "${value}"`);
  }
  return { width, height };
}

async function assertWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`--out ${dir} is not a writable folder (${reason})`);
  }
}

function progressLine(total: number) {
  const every = Math.max(1, Math.floor(total / PROGRESS_STEPS));
  return (entry: Manifest['files'][number], done: number) => {
    if (done % every === 0 || done === total) process.stderr.write(`  ${done}/${total}  ${entry.kind}  ${entry.path}\n`);
  };
}

function summary(manifest: Manifest, outDir: string, elapsedMs: number): string {
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  const perKind = new Map<string, number>();
  for (const f of manifest.files) perKind.set(f.kind, (perKind.get(f.kind) ?? 0) + 1);
  const kinds = [...perKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
  return (
    `wrote ${manifest.files.length} files (${(bytes / 1e6).toFixed(1)} MB) and manifest.json to ${outDir} ` +
    `in ${(elapsedMs / 1000).toFixed(1)} s (seed ${manifest.seed}, ${manifest.brand}): ${kinds}`
  );
}
