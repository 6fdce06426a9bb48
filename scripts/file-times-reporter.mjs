// A node:test reporter that prints, when the run ends, the files that took longest (their top-level tests'
// durations added up): what to look at first when the whole run grows slow.
export default async function* fileTimes(source) {
  const byFile = new Map();
  for await (const event of source) {
    if ((event.type === "test:pass" || event.type === "test:fail") && event.data.nesting === 0 && event.data.file) {
      const ms = event.data.details?.duration_ms ?? 0;
      byFile.set(event.data.file, (byFile.get(event.data.file) ?? 0) + ms);
    }
  }
  const rows = [...byFile].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  yield `[file times] ${rows.length} files, ${(total / 60_000).toFixed(1)} min in all; slowest: ` +
    rows.slice(0, 15).map(([file, ms]) => `${file.replace(/^.*?\/(test|lib|server|scripts|components)\//, "$1/")} ${(ms / 1000).toFixed(0)} s`).join(", ") + "\n";
}
