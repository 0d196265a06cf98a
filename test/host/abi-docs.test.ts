// docs/abi.md is the contract: its event, variable and field tables must
// say exactly what the ABI table (kmod/ktrace_table.h, via generated.ts) does.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ABI_VERSION, ARG_KINDS, ARG_LAYOUTS, EVENTS, FIELDS, SYS_ARGS, VARIABLES } from '../../frontend/src/abi/abi';

const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/abi.md'), 'utf8');

/** Rows of the first markdown table after the heading, as cell arrays. */
function tableAfter(heading: string): string[][] {
  const start = doc.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `docs/abi.md has no "${heading}" section`);
  return tableAfterIndex(start);
}

/** Rows of the first markdown table after a position in the document (indented tables included). */
function tableAfterIndex(start: number): string[][] {
  const lines = doc.slice(start).split('\n').map((l) => l.trimStart());
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/`/g, '');

/** "9–14" → [9..14]; "49" → [49]. */
function numbers(cell: string): number[] {
  const m = /^(\d+)(?:–(\d+))?$/.exec(cell);
  assert.ok(m, `not a number or range: ${cell}`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** "`arg0`–`arg5`" → [arg0..arg5]; "`pid`, `tid`" → [pid, tid]. */
function names(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(',').map((p) => p.trim())) {
    const range = /^`(\w*?)(\d+)`–`\w*?(\d+)`$/.exec(part);
    if (range) {
      for (let i = Number(range[2]); i <= Number(range[3]); i++) out.push(`${range[1]}${i}`);
    } else {
      out.push(unquote(part));
    }
  }
  return out;
}

describe('docs/abi.md', () => {
  it('states the ABI version', () => {
    assert.match(doc, new RegExp(`^# ktrace ABI, version ${ABI_VERSION}$`, 'm'));
  });

  it('lists every event with its bit, family and hook', () => {
    const rows = tableAfter('## Events');
    assert.deepEqual(
      rows.map((r) => [Number(r[0]), unquote(r[1]), r[2]]),
      EVENTS.map((e) => [e.bit, e.name, e.family]),
    );
    for (const [i, e] of EVENTS.entries()) {
      const hook = rows[i][3];
      const [kind, target] = e.hook.split(':');
      const documented = kind === 'kretprobe' ? `kretprobe \`${target}\`` : `\`${e.hook}\``;
      assert.ok(hook.startsWith(documented), `${e.name}: hook "${hook}" should name ${documented}`);
    }
  });

  it('lists every variable with its bit and fields', () => {
    const rows = tableAfter('## Variables');
    assert.deepEqual(
      rows.map((r) => [Number(r[0]), unquote(r[1]), names(r[2])]),
      VARIABLES.map((v) => [v.bit, v.name, v.fields.map((tag) => FIELDS.find((f) => f.tag === tag)?.name)]),
    );
  });

  it('lists every field with its tag, type and variable', () => {
    const documented: [number, string, string, string][] = [];
    for (const r of tableAfter('## Fields')) {
      const tags = numbers(r[0]);
      const fieldNames = names(r[1]);
      assert.equal(tags.length, fieldNames.length, `row ${r.join(' | ')}`);
      tags.forEach((tag, i) => documented.push([tag, fieldNames[i], r[2], r[3].split(/[ (]/)[0]]));
    }
    assert.deepEqual(
      documented,
      FIELDS.map((f) => [f.tag, f.name, f.type, f.variable]),
    );
  });

  it('lists the capture table\'s kinds and layouts, and every struct argument it captures', () => {
    assert.deepEqual(
      tableAfter('### Capture table').map((r) => [Number(r[0]), unquote(r[1])]),
      ARG_KINDS.map((k) => [k.value, k.name]),
    );
    const layouts = doc.slice(doc.indexOf('The layouts (`KT_ARG_LAYOUTS`'));
    const start = doc.length - layouts.length;
    const rows = tableAfterIndex(start);
    assert.deepEqual(
      rows.map((r) => [Number(r[0]), unquote(r[1]), Number(r[2])]),
      ARG_LAYOUTS.filter((l) => l.name !== 'none').map((l) => [l.value, l.name, l.size]),
    );
    // The struct list of the strings variable: every (syscall, argument) with a layout, and nothing else.
    const listed: string[] = [];
    for (const r of tableAfterIndex(doc.indexOf('| syscall | argument | read | layout |') - 1)) {
      const args = r[1].replace(/\(.*\)/, '').split(',').map((a) => a.trim()).filter((a) => /^\d+$/.test(a));
      for (const name of names(r[0])) for (const a of args) listed.push(`${name} ${a}`);
    }
    assert.deepEqual(
      listed.sort(),
      SYS_ARGS.filter((a) => a.layout !== 'none').map((a) => `${a.syscall} ${a.arg}`).sort(),
    );
  });
});
