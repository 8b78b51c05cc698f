import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const ML_RUNTIME = ['onnxruntime-node', 'onnxruntime-common', 'fastembed', '@anush008/tokenizers'];

/** Every package name in a workspace's production dependency tree, as npm resolves it. */
function productionTree(workspace: string): Set<string> {
  const json = execFileSync('npm', ['ls', '--omit=dev', '--all', '--json', '-w', workspace], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const names = new Set<string>();
  const walk = (deps: Record<string, { dependencies?: Record<string, unknown> }> | undefined) => {
    for (const [name, dep] of Object.entries(deps ?? {})) {
      if (names.has(name)) continue;
      names.add(name);
      walk(dep.dependencies as never);
    }
  };
  walk(JSON.parse(json).dependencies);
  return names;
}

// SPEC §10 / issue 3: the API image carries no ML runtime; only enrichment's does.
describe('image boundaries', () => {
  it('keeps onnxruntime and fastembed out of the API\'s production dependencies', () => {
    const api = productionTree('@cg/api');
    expect(api.has('@nestjs/core')).toBe(true);
    expect(ML_RUNTIME.filter((name) => api.has(name))).toEqual([]);
  });

  it('finds them in the enrichment app\'s tree (so the check above can fail)', () => {
    expect(productionTree('@cg/enrichment').has('onnxruntime-node')).toBe(true);
  });
});
