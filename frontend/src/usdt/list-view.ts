// `ktrace usdt -l`: probes of files as tplist -v shows them (pure formatting).
import { describeArg } from './args';
import type { UsdtProbe } from './notes';

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** Probes of @file grouped by provider:name, each with its locations and arguments. */
export function formatProbeList(file: string, probes: readonly UsdtProbe[]): string {
  const groups = new Map<string, UsdtProbe[]>();
  for (const p of probes) {
    const key = `${p.provider}:${p.name}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  let out = '';
  for (const [key, locations] of groups) {
    const sema = locations[0].semaphore;
    out += `${file} ${key}${sema ? ` [semaphore ${hex(sema)}, file offset ${hex(locations[0].semaphoreOffset)}]` : ''}\n`;
    locations.forEach((loc, i) => {
      out += `  location #${i + 1} ${hex(loc.address)} (file offset ${hex(loc.offset)})${loc.args ? `: ${loc.args}` : ''}\n`;
      loc.parsedArgs.forEach((arg, j) => {
        out += `    argument #${j + 1} ${arg instanceof Error ? `unsupported: ${arg.message}` : `${describeArg(arg)}`}\n`;
      });
    });
  }
  return out;
}

/** Distinct files mapped by a process, from the text of /proc/PID/maps, in map order. */
export function mappedFiles(maps: string): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  for (const line of maps.split('\n')) {
    // address perms offset dev inode pathname
    const m = /^\S+\s+\S+\s+\S+\s+\S+\s+(\d+)\s+(\/.*)$/.exec(line);
    if (!m || m[1] === '0' || m[2].endsWith(' (deleted)')) continue;
    if (!seen.has(m[2])) {
      seen.add(m[2]);
      files.push(m[2]);
    }
  }
  return files;
}
