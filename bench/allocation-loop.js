// A bare JavaScript workload shaped like a simulate run's (objects, maps, strings, JSON), with no start-up, no
// files and no library: what this machine gives two processes of allocation-heavy JavaScript at once, against one.
// Plain JavaScript so that nothing (tsx, our modules) is loaded before it.
let kept = 0;
for (let round = 0; round < 150; round++) {
  const items = new Map();
  for (let i = 0; i < 20_000; i++) {
    const item = { id: i, name: `item${i}`, tags: [i, i + 1, `r${round}`], nested: { a: i * 2, b: String(i) } };
    items.set(item.name, item);
  }
  kept += JSON.parse(JSON.stringify([...items.values()].slice(0, 2_000))).length;
}
if (kept !== 300_000) process.exit(1);
