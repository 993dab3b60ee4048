/** This CI job's share of a list (`--shard 2/3`): every count-th item from index-1, so each job gets a mix. */
export function shardOf<T>(items: readonly T[], shard: { index: number; count: number } | undefined): T[] {
  if (!shard) return [...items];
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}
