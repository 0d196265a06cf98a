// The capture table (kmod/ktrace_sysargs.h, via generated.ts) against the
// strace view: every captured argument has a formatter and sits where the
// signature prints it (at entry or at exit), and every argument the view
// would print from memory is captured. gen-abi --check (generated-files
// test) keeps generated.ts equal to the header the module is built from.
import { strict as assert } from 'node:assert';
import { ARG_KINDS, ARG_LAYOUTS, SYS_ARGS, STR_ARG_TAGS, eventByName } from '../../frontend/src/abi/abi';
import { signatureOf, syscallNumber } from '../../frontend/src/syscalls';
import { isOutput, resolveShape } from '../../frontend/src/syscalls/shape';
import { SIGNATURES } from '../../frontend/src/syscalls/signatures';
import { LAYOUT_FORMATTERS } from '../../frontend/src/views/strace/layouts';

const STRUCT_KINDS = new Set(['struct_in', 'struct_out', 'array_in', 'array_inout', 'sized_in', 'sized_out', 'array_out']);
const OUTPUT_STRUCT_KINDS = new Set(['struct_out', 'sized_out', 'array_out']);
const WHEN = new Map(ARG_KINDS.map((k) => [k.name, k.when]));
const ZERO = [0n, 0n, 0n, 0n, 0n, 0n];

/** Signature kinds printed from captured memory, and which capture kinds feed them. */
const MEMORY_KINDS: { readonly [kind: string]: readonly string[] } = {
  path: ['path'],
  string: ['path'],
  'buf-in': ['buf_in'],
  sockaddr: ['sockaddr'],
  'buf-out': ['buf_out'],
  'str-out': ['buf_out'],
  'hex-buf-out': ['buf_out'],
  timespec: ['struct_in'],
  'pipe-fds': ['struct_out'],
  'cpu-mask-in': ['buf_in'],
  'cpu-mask-out': ['buf_out'],
};

/** Arguments the view could print from memory that the module does not capture yet (issue 18). */
const NOT_CAPTURED = ['futex 3', 'memfd_create 0'];

describe('capture table (kmod/ktrace_sysargs.h)', () => {
  it('names native x86-64 syscalls by their numbers, each argument once', () => {
    const seen = new Set<string>();
    for (const row of SYS_ARGS) {
      assert.equal(syscallNumber(row.syscall), row.nr, row.syscall);
      const key = `${row.syscall} ${row.arg}`;
      assert.ok(!seen.has(key), `${key} twice`);
      seen.add(key);
      assert.ok(row.arg >= 0 && row.arg < 6, key);
    }
    assert.equal(SYS_ARGS.length, 155);
  });

  it('reads at exit only arguments sys_exit records, at entry those sys_enter does', () => {
    const exitTags = new Set(eventByName('sys_exit')?.fields);
    const enterTags = new Set(eventByName('sys_enter')?.fields);
    for (const row of SYS_ARGS) {
      const when = WHEN.get(row.kind);
      if (when !== 'enter') assert.ok(exitTags.has(STR_ARG_TAGS[row.arg]), `${row.syscall} ${row.arg} at exit`);
      if (when !== 'exit') assert.ok(enterTags.has(STR_ARG_TAGS[row.arg]), `${row.syscall} ${row.arg} at entry`);
    }
  });

  it('gives structs a layout, lengths and counts another argument', () => {
    for (const row of SYS_ARGS) {
      const key = `${row.syscall} ${row.arg}`;
      assert.equal(row.layout !== 'none', STRUCT_KINDS.has(row.kind), key);
      const counted = ['buf_in', 'sockaddr', 'array_in', 'array_inout', 'sized_in', 'sized_out', 'sockopt_in'].includes(row.kind);
      if (counted) assert.ok(row.aux !== row.arg && row.aux < 6, key);
      else assert.equal(row.aux, 0, key);
    }
  });

  it('has a formatter for every layout, taking exactly its size', () => {
    const layouts = ARG_LAYOUTS.filter((l) => l.name !== 'none');
    assert.deepEqual(Object.keys(LAYOUT_FORMATTERS).sort(), layouts.map((l) => l.name).sort());
    const options = { verbose: true, hexStrings: 'none', maxElements: 32, timeZone: 'utc' } as const;
    for (const { name, size } of layouts) {
      assert.ok(size > 0, name);
      assert.match(LAYOUT_FORMATTERS[name as keyof typeof LAYOUT_FORMATTERS](new Uint8Array(size), options), /^[{[~]/, name);
    }
  });

  it('puts each struct where the signature prints it: inputs at entry, outputs at exit', () => {
    for (const row of SYS_ARGS.filter((r) => STRUCT_KINDS.has(r.kind))) {
      const signature = signatureOf(row.syscall);
      assert.ok(signature, `${row.syscall} has no signature`);
      const slot = resolveShape(signature, ZERO).args.find((s) => s.index === row.arg);
      assert.ok(slot, `${row.syscall} does not print argument ${row.arg}`);
      assert.equal(isOutput(slot), OUTPUT_STRUCT_KINDS.has(row.kind), `${row.syscall} ${row.arg}: ${slot.kind} vs ${row.kind}`);
      assert.ok(['ptr', 'out', 'timespec', 'pipe-fds'].includes(slot.kind), `${row.syscall} ${row.arg} prints as ${slot.kind}`);
    }
  });

  it('captures every argument the signatures print from memory', () => {
    const rows = new Map(SYS_ARGS.map((r) => [`${r.syscall} ${r.arg}`, r]));
    const missing: string[] = [];
    for (const [name, signature] of Object.entries(SIGNATURES)) {
      for (const slot of resolveShape(signature, ZERO).args) {
        const feeds = MEMORY_KINDS[slot.kind];
        if (feeds === undefined) continue;
        const row = rows.get(`${name} ${slot.index}`);
        if (row === undefined) missing.push(`${name} ${slot.index}`);
        else assert.ok(feeds.includes(row.kind), `${name} ${slot.index}: ${slot.kind} fed by ${row.kind}`);
      }
    }
    assert.deepEqual(missing.sort(), NOT_CAPTURED);
  });
});
