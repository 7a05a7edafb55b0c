/**
 * `node dist/bench/profile-summary.js FILE.cpuprofile [N]`: where a CPU
 * profile (from `npm run bench -- --profile DIR`) spends its time: per
 * pipeline stage (a sample counts for the innermost opsfeed stage on its
 * stack, library code included), and as self time per package and per
 * function, the top N of each.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package (or project folder) a script URL belongs to. */
export function packageOf(url: string): string {
  if (!url) return '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node';
  const own = /\/dist\/(src\/[^/]+|bench|test)\//.exec(url);
  return own ? own[1]! : url;
}

function summarize(path: string, top: number): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stageOf = new Map<number, string | null>();
  /** The innermost opsfeed stage on the stack of `id`, or null (async callbacks of a library, GC, idle). */
  const stage = (id: number): string | null => {
    if (stageOf.has(id)) return stageOf.get(id)!;
    const own = /\/dist\/src\/(?:([a-z]+)\/)?([a-z-]+)\.js/.exec(byId.get(id)!.callFrame.url);
    const up = parent.get(id);
    const found = own ? (own[1] ?? own[2]!) : up === undefined ? null : stage(up);
    stageOf.set(id, found);
    return found;
  };
  const stages = new Map<string, number>();
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg = packageOf(url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const where = stage(id) ?? `outside opsfeed: ${url ? pkg : functionName}`;
    stages.set(where, (stages.get(where) ?? 0) + ms);
  }
  const print = (title: string, table: Map<string, number>) => {
    console.log(`\n| ${title} | self time | share |\n| --- | --- | --- |`);
    for (const [name, ms] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${name} | ${ms.toFixed(0)} ms | ${((ms / total) * 100).toFixed(1)}% |`);
  };
  console.log(`${path}: ${(total / 1000).toFixed(1)} s sampled`);
  print('stage (with the library code it calls)', stages);
  print('package', packages);
  print('function', functions);
}

const [file, top] = process.argv.slice(2);
if (!file) {
  console.error('usage: node dist/bench/profile-summary.js FILE.cpuprofile [N]');
  process.exit(2);
}
summarize(file, Number(top ?? 20));
