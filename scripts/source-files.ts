// The project's TypeScript source files under a folder (no tests, declarations, generated code or
// node_modules): what the unit suite's checks of the code itself read (import circles, the catalogues).

import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}
