// The capture table (kmod/ktrace_sysargs.h, via generated.ts) against the
// strace view: every captured argument has a formatter and sits where the
// signature prints it (at entry or at exit), and every argument the view
// would print from memory is captured. gen-abi --check (generated-files
// test) keeps generated.ts equal to the header the module is built from.
import { strict as assert } from 'node:assert';
import { ARG_KINDS, ARG_LAYOUTS, SYS_ARGS, STR_ARG_TAGS, eventByName } from '../../frontend/src/abi/abi';
import { signatureOf, syscallNumber } from '../../frontend/src/syscalls';
import { isOutput, resolveShape, type ArgSlot } from '../../frontend/src/syscalls/shape';
import { SIGNATURES } from '../../frontend/src/syscalls/signatures';
import { LAYOUT_FORMATTERS } from '../../frontend/src/views/strace/layouts';
import { fcntlStruct } from '../../frontend/src/views/strace/fcntl';
import { FCNTL_COMMANDS } from '../../frontend/src/syscalls/constants';

const STRUCT_KINDS = new Set(['iocbs', 'struct_ext', 'self_sized', 'struct_in', 'struct_out', 'array_in', 'array_inout', 'sized_in', 'sized_out', 'array_out', 'iovec_in', 'iovec_out', 'struct_inout', 'sigset_pack', 'msghdr_in', 'msghdr_out', 'mmsghdr_in']);
/** Kinds read at both ends: printed at entry (a timeout) or at exit (getsockopt's optlen, `[4 => 8]`). */
const EITHER_END_KINDS = new Set(['struct_inout']);
const OUTPUT_STRUCT_KINDS = new Set(['struct_out', 'sized_out', 'array_out', 'iovec_out', 'msghdr_out', 'mmsghdr_in']);
const WHEN = new Map(ARG_KINDS.map((k) => [k.name, k.when]));
const ZERO = [0n, 0n, 0n, 0n, 0n, 0n];
/** Arguments that make every optional argument print (mq_open's attr with O_CREAT). */
const ONES = ZERO.map(() => 0xffff_ffffn);

/** Signature kinds printed from captured memory, and which capture kinds feed them. */
const MEMORY_KINDS: { readonly [kind: string]: readonly string[] } = {
  // fsconfig's key and value, by its command.
  path: ['path', 'fsconfig'],
  string: ['path', 'fsconfig'],
  'buf-in': ['buf_in', 'fsconfig'],
  'bounded-string': ['fsconfig'],
  sockaddr: ['sockaddr'],
  'buf-out': ['buf_out'],
  'value-out': ['buf_out'],
  'str-out': ['buf_out'],
  'hex-buf-out': ['buf_out'],
  timespec: ['struct_in', 'struct_inout'],
  'pipe-fds': ['struct_out'],
  'cpu-mask-in': ['buf_in'],
  'cpu-mask-out': ['buf_out'],
  dirents: ['dirents'],
};

/** Arguments the view could print from memory that the module does not capture yet (issue 18). */
const NOT_CAPTURED = ['futex 3'];

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
    assert.equal(SYS_ARGS.length, 277);
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
      const counted = ['buf_in', 'sockaddr', 'array_in', 'array_inout', 'sized_in', 'sized_out', 'sockopt_in', 'iovec_in', 'iovec_out', 'sockopt_out', 'sockaddr_out', 'fcntl_arg', 'page_vec', 'struct_ext', 'iocbs', 'fsconfig'].includes(row.kind);
      if (counted) assert.ok(row.aux !== row.arg && row.aux < 6, key);
      // A message array's vlen (recvmmsg, sendmmsg); 0 for one struct msghdr.
      else if (row.layout === 'mmsghdr') assert.ok(row.aux !== row.arg && row.aux > 0 && row.aux < 6, key);
      // A path's aux says it is a name (strace's printstr, not printpath): memfd_create's.
      else if (row.kind === 'path') assert.equal(row.aux, row.syscall === 'memfd_create' ? 1 : 0, key);
      // A file handle's aux says it is read again at exit: name_to_handle_at's.
      else if (row.kind === 'file_handle') assert.equal(row.aux, row.syscall === 'name_to_handle_at' ? 1 : 0, key);
      // An exec's argv (aux) and envp (aux + 1), in a slot the exec does not print from memory.
      else if (row.kind === 'argv_v') assert.ok(row.aux > 0 && row.aux + 1 < 6 && (row.arg < row.aux || row.arg > row.aux + 1), key);
      // A self-sized struct's aux is the bytes of its first version (SCHED_ATTR_SIZE_VER0), within the layout.
      else if (row.kind === 'self_sized') assert.ok(row.aux > 4 && row.aux <= (ARG_LAYOUTS.find((l) => l.name === row.layout)?.size ?? 0), key);
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
      const slot = [ZERO, ONES].map((raw) => resolveShape(signature, raw).args.find((s) => s.index === row.arg)).find((s) => s !== undefined);
      assert.ok(slot, `${row.syscall} does not print argument ${row.arg}`);
      if (!EITHER_END_KINDS.has(row.kind)) assert.equal(isOutput(slot), OUTPUT_STRUCT_KINDS.has(row.kind), `${row.syscall} ${row.arg}: ${slot.kind} vs ${row.kind}`);
      assert.ok(['ptr', 'out', 'timespec', 'pipe-fds'].includes(slot.kind), `${row.syscall} ${row.arg} prints as ${slot.kind}`);
    }
  });

  it("reads fcntl's struct where the signature prints it: set commands at entry, get commands at exit", () => {
    const signature = signatureOf('fcntl');
    assert.ok(signature);
    for (const [cmd, name] of FCNTL_COMMANDS.names) {
      const struct = fcntlStruct(cmd);
      const slot: ArgSlot | undefined = resolveShape(signature, [0n, cmd, 0n, 0n, 0n, 0n]).args.find((s) => s.index === 2);
      if (struct === undefined) continue;
      assert.ok(slot && ['ptr', 'out'].includes(slot.kind), name);
      assert.equal(isOutput(slot), struct.atExit, name);
    }
  });

  it('prints a file handle read again at exit there, one read at entry only at entry', () => {
    for (const row of SYS_ARGS.filter((r) => r.kind === 'file_handle')) {
      const signature = signatureOf(row.syscall);
      assert.ok(signature);
      const slot: ArgSlot | undefined = resolveShape(signature, ZERO).args.find((s) => s.index === row.arg);
      assert.ok(slot && ['ptr', 'out'].includes(slot.kind), row.syscall);
      assert.equal(isOutput(slot), row.aux === 1, row.syscall);
    }
  });

  it("keeps an exec's argv_v in a slot beside its argv and envp, which older decoders read as before", () => {
    const rows = SYS_ARGS.filter((r) => r.kind === 'argv_v');
    assert.deepEqual(rows.map((r) => `${r.syscall} ${r.arg} ${r.aux}`), ['execve 3 1', 'execveat 5 2']);
    for (const row of rows) {
      const kinds = SYS_ARGS.filter((r) => r.syscall === row.syscall).map((r) => [r.arg, r.kind]);
      assert.deepEqual(kinds.filter(([arg]) => arg === row.aux || arg === row.aux + 1), [[row.aux, 'argv'], [row.aux + 1, 'list_count']]);
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
