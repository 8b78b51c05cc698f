import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The domain is plain TypeScript: it may import only its own files (relative paths). Any package —
// @nestjs/*, ioredis, fastembed, compromise, node:* — belongs in an adapter lib instead.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('libs/domain boundary', () => {
  it('imports nothing but its own files', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(__dirname)) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = match[1] ?? match[2] ?? match[3];
        if (!target.startsWith('.')) offenders.push(`${file}: ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('declares no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
