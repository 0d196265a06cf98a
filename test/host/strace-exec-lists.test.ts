// An exec's argv and envp holding pointers that cannot be read, from the
// argv_v field (kind 33) beside the argv and list_count fields. Expected
// lines are strace 6.1's on x86_64; the first ones are its execveat test's
// (tests/execveat.c, run in /tmp/eat: test/conformance).
import { strict as assert } from 'node:assert';
import type { CapturedString } from '../../frontend/src/views/strace/types';
import { line } from '../support/strace-line';
import { call } from '../support/syscalls';

type End = readonly [count: number, end: 'null' | 'fault' | 'long', fault?: bigint];
/** argv entries: a string argv holds ('s', cut), one held here ('b', bytes, cut), or an unreadable one's pointer ('p'). */
type Entry = readonly ['s', boolean?] | readonly ['b', string, boolean?] | readonly ['p', bigint];

const ENDS = { null: 0, fault: 1, long: 2 } as const;

/** An argv_v field (docs/abi.md, kind argv_v). */
function lists(argv: End, envp: End, first: number, entries: readonly Entry[] = [], truncated = false): { bytes: Buffer; truncated: boolean } {
  const head = Buffer.alloc(36);
  for (const [at, [count, end, fault]] of [[0, argv], [16, envp]] as const) {
    head.writeUInt32LE(count, at);
    head.writeUInt32LE(ENDS[end], at + 4);
    head.writeBigUInt64LE(fault ?? 0n, at + 8);
  }
  head.writeUInt32LE(first, 32);
  const parts = entries.map((e) => {
    if (e[0] === 's') return Buffer.from([e[1] === true ? 1 : 0]);
    if (e[0] === 'b') return Buffer.concat([Buffer.from([e[2] === true ? 1 : 0]), Buffer.from(`${e[1]}\0`, 'latin1')]);
    const p = Buffer.alloc(9);
    p[0] = 2;
    p.writeBigUInt64LE(BigInt.asUintN(64, e[1]), 1);
    return p;
  });
  return { bytes: Buffer.concat([head, ...parts]), truncated };
}

const count = (n: number): CapturedString => ({ bytes: new Uint8Array([n & 0xff, n >> 8, 0, 0]), truncated: false });
const strings = (s: string, truncated = false): CapturedString => ({ bytes: Buffer.from(s, 'latin1'), truncated });
const NA = { unavailable: true } as const;
const AT_FDCWD = BigInt.asUintN(64, -100n);
const ENOENT = '= -1 ENOENT (No such file or directory)';

describe('strace view: an exec\'s argv and envp with unreadable pointers (argv_v)', () => {
  const execveat = (argv: bigint, envp: bigint, memory: Parameters<typeof call>[3], out?: Parameters<typeof call>[4]) =>
    line(call('execveat', [AT_FDCWD, 0x1000, argv, envp, 0x1100], -2, memory, out));

  it('prints an entry it cannot read as its pointer, the list cut at an unreadable pointer as `... /* ADDR */`, envp `unterminated`', () => {
    const argv = 'test.execveat\nfilename\0first\0second\0';
    assert.equal(
      execveat(0x7fed2a9f6fd0n, 0x7fed2a9f0fd8n, {
        1: 'test.execveat\nfilename',
        2: strings(argv, true),
        3: NA,
        5: lists([6, 'fault', 0x7fed2a9f7000n], [5, 'fault', 0x7fed2a9f1000n], 3, [['s'], ['s'], ['s'], ['p', -1n], ['p', -2n], ['p', -3n]]),
      }),
      'execveat(AT_FDCWD, "test.execveat\\nfilename", ["test.execveat\\nfilename", "first", "second", 0xffffffffffffffff, 0xfffffffffffffffe, 0xfffffffffffffffd, ... /* 0x7fed2a9f7000 */], 0x7fed2a9f0fd8 /* 5 vars, unterminated */, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) ' +
        ENOENT,
    );
  });

  it('ends argv at its NULL and counts envp, as before', () => {
    assert.equal(
      execveat(0x7fed2a9f6fd0n, 0x7fed2a9f0fd8n, {
        1: 'test.execveat\nfilename',
        2: 'test.execveat\nfilename\0first\0second\0',
        3: count(2),
        5: lists([3, 'null'], [2, 'null'], 3, [['s'], ['s'], ['s']]),
      }),
      `execveat(AT_FDCWD, "test.execveat\\nfilename", ["test.execveat\\nfilename", "first", "second"], 0x7fed2a9f0fd8 /* 2 vars */, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) ${ENOENT}`,
    );
    assert.equal(
      execveat(0x7fed2a9f0ff8n, 0x7fed2a9f0ff8n, { 1: 'test.execveat\nfilename', 2: '', 3: count(0), 5: lists([0, 'null'], [0, 'null'], 0) }),
      `execveat(AT_FDCWD, "test.execveat\\nfilename", [], 0x7fed2a9f0ff8 /* 0 vars */, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) ${ENOENT}`,
    );
  });

  it('tells a string cut at -s from one exactly as long: `"..."...` only for the longer', () => {
    const a = '012345678901234567890123456789012';
    const entries = Array.from({ length: 33 }, (_, i) => a.slice(i));
    // The argv field cut the first at the snap length (32): the field is truncated.
    const held = entries.map((s) => `${s.slice(0, 32)}\0`).join('');
    const shown = entries.slice(1, 32).map((s) => `"${s}"`).join(', ');
    assert.equal(
      execveat(0x7fed2a9d8000n, 0x7fed2a9d7ef0n, {
        1: 'test.execveat\nfilename',
        2: strings(held, true),
        3: count(33),
        5: lists([33, 'null'], [33, 'null'], 33, entries.map((_, i) => ['s', i === 0] as const)),
      }),
      `execveat(AT_FDCWD, "test.execveat\\nfilename", ["${a.slice(0, 32)}"..., ${shown}, ...], 0x7fed2a9d7ef0 /* 33 vars */, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) ${ENOENT}`,
    );
    // The same from the second: 32 strings, the first exactly 32 bytes long.
    assert.equal(
      execveat(0x7fed2a9d8008n, 0x7fed2a9d7ef8n, {
        1: 'test.execveat\nfilename',
        2: entries.slice(1).map((s) => `${s}\0`).join(''),
        3: count(32),
        5: lists([32, 'null'], [32, 'null'], 32, entries.slice(1).map(() => ['s'] as const)),
      }),
      `execveat(AT_FDCWD, "test.execveat\\nfilename", [${entries.slice(1).map((s) => `"${s}"`).join(', ')}], 0x7fed2a9d7ef8 /* 32 vars */, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) ${ENOENT}`,
    );
  });

  it('prints a list whose first pointer cannot be read as its address, and NULL as NULL', () => {
    assert.equal(
      execveat(0n, 0x7fed2a9f1000n, { 1: 'test.execveat\nfilename', 3: NA, 5: lists([0, 'null'], [0, 'fault', 0x7fed2a9f1000n], 0) }),
      `execveat(AT_FDCWD, "test.execveat\\nfilename", NULL, 0x7fed2a9f1000, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) ${ENOENT}`,
    );
    assert.equal(
      execveat(0x7fed2a9f1000n, 0n, { 1: 'test.execveat\nfilename', 2: NA, 5: lists([0, 'fault', 0x7fed2a9f1000n], [0, 'null'], 0) }),
      `execveat(AT_FDCWD, "test.execveat\\nfilename", 0x7fed2a9f1000, NULL, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) ${ENOENT}`,
    );
  });

  it('prints the strings after an unreadable entry, which only argv_v holds', () => {
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], -2, { 0: '/x', 1: strings('a\0', true), 2: count(1), 3: lists([3, 'null'], [1, 'null'], 1, [['s'], ['p', 0x10n], ['b', 'b']]) })),
      `execve("/x", ["a", 0x10, "b"], 0x3000 /* 1 var */) ${ENOENT}`,
    );
    // Cut at -s there too.
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], -2, { 0: '/x', 1: NA, 2: count(1), 3: lists([2, 'null'], [1, 'null'], 0, [['p', 0x10n], ['b', 'abcdef']]) }), { snapLength: 3 }),
      `execve("/x", [0x10, "abc"...], 0x3000 /* 1 var */) ${ENOENT}`,
    );
  });

  it('reads one pointer past -s entries, as strace: its address when it cannot be read, else ...', () => {
    const at = (argv: End) =>
      line(call('execve', [0x1000, 0x2000, 0x3000], -2, { 0: '/x', 1: 'a\0b\0', 2: count(0), 3: lists(argv, [0, 'null'], 2, [['s'], ['s']]) }), { snapLength: 2 });
    assert.equal(at([2, 'fault', 0x2010n]), `execve("/x", ["a", "b", ... /* 0x2010 */], 0x3000 /* 0 vars */) ${ENOENT}`);
    assert.equal(at([3, 'null']), `execve("/x", ["a", "b", ...], 0x3000 /* 0 vars */) ${ENOENT}`);
    assert.equal(at([2, 'null']), `execve("/x", ["a", "b"], 0x3000 /* 0 vars */) ${ENOENT}`);
  });

  it('ends with ... where the record held no more entries', () => {
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], -2, { 0: '/x', 1: strings('a\0', true), 2: count(0), 3: lists([65, 'long'], [0, 'null'], 64, [['s']], true) })),
      `execve("/x", ["a", ...], 0x3000 /* 0 vars */) ${ENOENT}`,
    );
  });

  it('a failed exec: argv\'s strings its entry could not read from its exit, where argv_v says the entry could not read them', () => {
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], -2, { 0: '/x', 1: NA, 2: count(0), 3: lists([1, 'null'], [0, 'null'], 0, [['p', 0x7ffd0000n]]) }, { 0: '/x', 1: 'x\0', 2: count(0), 3: lists([1, 'null'], [0, 'null'], 1, [['s']]) })),
      `execve("/x", ["x"], 0x3000 /* 0 vars */) ${ENOENT}`,
    );
  });

  it('ignores an argv_v field too short for its header, or with an unknown end', () => {
    const short = { bytes: new Uint8Array(20), truncated: false };
    const unknown = lists([1, 'null'], [0, 'null'], 1, [['s']]);
    unknown.bytes.writeUInt32LE(7, 4);
    for (const bad of [short, unknown, NA])
      assert.equal(line(call('execve', [0x1000, 0x2000, 0x3000], -2, { 0: '/x', 1: strings('a\0', true), 2: NA, 3: bad })), `execve("/x", ["a", ...], 0x3000) ${ENOENT}`);
  });

  it('without argv_v (older recordings): argv cut at its first unreadable entry, envp\'s address alone', () => {
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], -2, { 0: '/x', 1: strings('a\0', true), 2: NA })),
      `execve("/x", ["a", ...], 0x3000) ${ENOENT}`,
    );
  });
});
