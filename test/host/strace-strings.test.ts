// Captured memory (the strings variable, ABI v2) in the strace view: paths,
// buffers cut at -s, argv, socket addresses, output buffers from sys_exit,
// and pointers where the capture was unavailable. Expected lines are what
// strace 6.1 prints for the same call on x86_64 (envp aside: strace counts
// its variables, which the module does not capture).
import { strict as assert } from 'node:assert';
import { ARG_TAGS, FieldTag, STR_ARG_TAGS, fieldByName } from '../../frontend/src/abi/abi';
import { concatBytes, encodeEvent, encodeKeyframe, str } from '../../frontend/src/decode/encoder';
import { packChars } from '../../frontend/src/decode/strings';
import { StreamDecoder } from '../../frontend/src/decode/decoder';
import type { EventRecord } from '../../frontend/src/decode/types';
import { DEFAULT_VARS, deviceSnaplen, snaplenOf, varMask } from '../../frontend/src/session/trace-options';
import { RecordFilter } from '../../frontend/src/session/record-filter';
import { dumpElements } from '../../frontend/src/views/dump-view';
import { formatEventLine } from '../../frontend/src/views/event-line';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import type { StraceOptions, SyscallEvent } from '../../frontend/src/views/strace/types';
import { straceLinesOf } from '../support/pipeline';
import { call, enter, exit } from '../support/syscalls';

const { PID, TID, SYSNO, RET } = FieldTag;
const SYS_ENTER = 0;
const SYS_EXIT = 1;
const AT_FDCWD = -100;
const NR = { read: 0, write: 1, openat: 257, execve: 59, getcwd: 79, readlink: 89, connect: 42, close: 3 };

function line(events: readonly SyscallEvent[], options: StraceOptions = {}): string {
  const formatter = new StraceFormatter(options);
  const out = [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
  assert.equal(out.length, 1, out.join('\n'));
  return out[0];
}

/** sys_enter with these raw arguments (all six carried) and strings by argument index. */
function enterRecord(sysno: number, args: readonly (number | bigint)[], strings: { [i: number]: ReturnType<typeof str> } = {}): Uint8Array {
  const raw = [...args, 0, 0, 0, 0, 0, 0].slice(0, 6);
  return encodeEvent(SYS_ENTER, 10, [
    [SYSNO, sysno],
    ...raw.map((v, i): [number, number | bigint] => [ARG_TAGS[i], v]),
    ...Object.entries(strings).map(([i, s]): [number, ReturnType<typeof str>] => [STR_ARG_TAGS[Number(i)], s]),
  ]);
}

function exitRecord(ret: number, strings: { [i: number]: ReturnType<typeof str> } = {}): Uint8Array {
  return encodeEvent(SYS_EXIT, 10, [[RET, ret], ...Object.entries(strings).map(([i, s]): [number, ReturnType<typeof str>] => [STR_ARG_TAGS[Number(i)], s])]);
}

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

describe('strace view: captured strings, from the decoded stream', () => {
  const stream = concatBytes([
    encodeKeyframe(1_000_000, [[PID, 500], [TID, 500]]),
    enterRecord(NR.execve, [0x1000, 0x2000, 0x7ffd4b2c5e28], { 0: str('/bin/ls'), 1: str('ls\0-l\0') }),
    exitRecord(0),
    enterRecord(NR.openat, [AT_FDCWD, 0x3000, 0], { 1: str('/etc/passwd') }),
    exitRecord(3),
    // 64 bytes captured (another reader asked for more), 32 shown.
    enterRecord(NR.read, [3, 0x4000, 4096]),
    exitRecord(PASSWD.length, { 1: str(PASSWD.slice(0, 64), 'truncated') }),
    enterRecord(NR.read, [3, 0x4000, 4096]),
    exitRecord(0),
    enterRecord(NR.close, [3]),
    exitRecord(0),
    // The next openat carried no string: nothing is left over from the last one.
    enterRecord(NR.openat, [AT_FDCWD, 0x3000, 0]),
    exitRecord(-2),
    enterRecord(NR.openat, [AT_FDCWD, 0xdead0000, 0], { 1: str('', 'unavailable') }),
    exitRecord(-14),
    enterRecord(NR.getcwd, [0x5000, 4096]),
    exitRecord(6, { 0: str('/root\0') }),
    enterRecord(NR.readlink, [0x6000, 0x7000, 4095], { 0: str('/proc/self/exe') }),
    exitRecord(12, { 1: str('/bin/busybox') }),
    enterRecord(NR.write, [1, 0x8000, 6], { 1: str('hello\n') }),
    exitRecord(6),
    enterRecord(NR.connect, [4, 0x9000, 16], { 1: str(Uint8Array.from([2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])) }),
    exitRecord(-111),
  ]);

  it('prints paths, buffers, argv, output buffers and addresses as strace does', () => {
    assert.deepEqual(straceLinesOf(stream), [
      'execve("/bin/ls", ["ls", "-l"], 0x7ffd4b2c5e28) = 0',
      'openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3',
      'read(3, "root:x:0:0:root:/root:/bin/bash\\n"..., 4096) = 80',
      'read(3, "", 4096)                       = 0',
      'close(3)                                = 0',
      'openat(AT_FDCWD, 0x3000, O_RDONLY)      = -1 ENOENT (No such file or directory)',
      'openat(AT_FDCWD, 0xdead0000, O_RDONLY)  = -1 EFAULT (Bad address)',
      'getcwd("/root", 4096)                   = 6',
      'readlink("/proc/self/exe", "/bin/busybox", 4095) = 12',
      'write(1, "hello\\n", 6)                  = 6',
      'connect(4, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)',
    ]);
  });

  it('cuts at its own -s what the module captured for a larger one', () => {
    const lines = straceLinesOf(stream, { snapLength: 10 });
    assert.equal(lines[2], 'read(3, "root:x:0:0"..., 4096)          = 80');
    assert.equal(lines[0], 'execve("/bin/ls", ["ls", "-l"], 0x7ffd4b2c5e28) = 0', 'paths are never cut');
    assert.equal(straceLinesOf(stream, { snapLength: 100 })[2], `read(3, ${JSON.stringify(PASSWD.slice(0, 64))}..., 4096) = 80`);
  });
});

describe('strace view: argv', () => {
  const execve = (argv: string | Uint8Array, status: 'complete' | 'truncated' = 'complete') =>
    call('execve', [0x1000, 0x2000, 0x3000], 0, { 0: '/bin/sh', 1: { bytes: typeof argv === 'string' ? Buffer.from(argv, 'latin1') : argv, truncated: status === 'truncated' } });

  it('lists the strings, quoted and escaped', () => {
    assert.equal(line(execve('sh\0-c\0echo "hi"\tthere\n\0')), 'execve("/bin/sh", ["sh", "-c", "echo \\"hi\\"\\tthere\\n"], 0x3000) = 0');
    assert.equal(line(execve('')), 'execve("/bin/sh", [], 0x3000)           = 0');
  });

  it('cuts each string at -s with "..." after it', () => {
    const long = 'x'.repeat(40);
    assert.equal(line(execve(`sh\0${long}\0`)), `execve("/bin/sh", ["sh", "${'x'.repeat(32)}"...], 0x3000) = 0`);
    // The module cut the string at the snap length and said so.
    assert.equal(line(execve(`sh\0${'y'.repeat(32)}\0`, 'truncated')), `execve("/bin/sh", ["sh", "${'y'.repeat(32)}"...], 0x3000) = 0`);
    assert.equal(line(execve('sh\0abcdef\0'), { snapLength: 3 }), 'execve("/bin/sh", ["sh", "abc"...], 0x3000) = 0');
  });

  it('shows at most -s strings, then ...', () => {
    const many = Array.from({ length: 40 }, (_, i) => `a${i}`);
    const shown = many.slice(0, 32).map((a) => `"${a}"`).join(', ');
    assert.equal(line(execve(many.map((a) => `${a}\0`).join(''))), `execve("/bin/sh", [${shown}, ...], 0x3000) = 0`);
    assert.equal(line(execve('a\0b\0c\0'), { snapLength: 2 }), 'execve("/bin/sh", ["a", "b", ...], 0x3000) = 0');
    assert.equal(line(execve('a\0'), { snapLength: 0 }), 'execve("/bin/sh", [...], 0x3000)        = 0');
  });

  it('ends a list the module cut short with ...', () => {
    assert.equal(line(execve('ls\0-l\0', 'truncated')), 'execve("/bin/sh", ["ls", "-l", ...], 0x3000) = 0');
  });

  it('prints the pointer when argv was unreadable, NULL for NULL', () => {
    assert.equal(line(call('execve', [0x1000, 0x2000, 0x3000], -14, { 0: '/bin/sh', 1: { unavailable: true } })), 'execve("/bin/sh", 0x2000, 0x3000)       = -1 EFAULT (Bad address)');
    assert.equal(line(call('execve', [0x1000, 0, 0], 0, { 0: '/bin/sh' })), 'execve("/bin/sh", NULL, NULL)           = 0');
  });

  it('prints envp as its address and the number of entries the module counted, strace\'s `/* N vars */`', () => {
    const count = (n: number) => ({ bytes: new Uint8Array([n & 0xff, (n >> 8) & 0xff, 0, 0]), truncated: false });
    const env = (captured: { bytes: Uint8Array; truncated: boolean } | { unavailable: true }) =>
      line(call('execve', [0x1000, 0x2000, 0x7ffd4b2c5e28], 0, { 0: '/bin/sh', 1: 'sh\0', 2: captured }));
    assert.equal(env(count(25)), 'execve("/bin/sh", ["sh"], 0x7ffd4b2c5e28 /* 25 vars */) = 0');
    assert.equal(env(count(1)), 'execve("/bin/sh", ["sh"], 0x7ffd4b2c5e28 /* 1 var */) = 0');
    assert.equal(env(count(0)), 'execve("/bin/sh", ["sh"], 0x7ffd4b2c5e28 /* 0 vars */) = 0');
    assert.equal(env(count(300)), 'execve("/bin/sh", ["sh"], 0x7ffd4b2c5e28 /* 300 vars */) = 0');
    // Unreadable, or more entries than the module counts: the address alone.
    assert.equal(env({ unavailable: true }), 'execve("/bin/sh", ["sh"], 0x7ffd4b2c5e28) = 0');
    assert.equal(env({ ...count(65536), truncated: true }), 'execve("/bin/sh", ["sh"], 0x7ffd4b2c5e28) = 0');
    assert.equal(
      line(call('execveat', [3, 0x1000, 0x2000, 0x3000, 0x1000], 0, { 1: '', 2: 'ls\0', 3: count(2) })),
      'execveat(3, "", ["ls"], 0x3000 /* 2 vars */, AT_EMPTY_PATH) = 0',
    );
  });

  it('reads execveat\'s argv from its third argument', () => {
    assert.equal(
      line(call('execveat', [3, 0x1000, 0x2000, 0x3000, 0x1000], 0, { 1: '', 2: 'ls\0' })),
      'execveat(3, "", ["ls"], 0x3000, AT_EMPTY_PATH) = 0',
    );
  });
});

describe('strace view: an exec\'s inputs from its exit (unprivileged readers)', () => {
  // What the module sends a reader that does not get the strings of execve's
  // entry (docs/abi.md): the entry's raw arguments, then the exit's path,
  // argv and envp count, from the new program after a successful exec and
  // from the caller's memory after a failed one.
  const count = (n: number) => new Uint8Array([n, 0, 0, 0]);
  const lines = (events: readonly SyscallEvent[], options: StraceOptions = {}) => {
    const formatter = new StraceFormatter(options);
    return [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
  };

  it('prints the path, argv and envp count the exit carries, as strace does', () => {
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], 0, {}, { 0: '/bin/echo', 1: '/bin/echo\0hi\0', 2: count(11) })),
      'execve("/bin/echo", ["/bin/echo", "hi"], 0x3000 /* 11 vars */) = 0',
    );
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], -2, undefined, { 0: '/nonexistent/x', 1: 'x\0', 2: count(3) })),
      'execve("/nonexistent/x", ["x"], 0x3000 /* 3 vars */) = -1 ENOENT (No such file or directory)',
    );
    assert.equal(
      line(call('execveat', [3, 0x1000, 0x2000, 0x3000, 0x1000], 0, undefined, { 1: '', 2: 'ls\0', 3: count(2) })),
      'execveat(3, "", ["ls"], 0x3000 /* 2 vars */, AT_EMPTY_PATH) = 0',
    );
  });

  it('prefers the entry\'s strings where both carry them: what the call was given', () => {
    // A script: the exit's argv is the interpreter's.
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], 0, { 0: './s', 1: './s\0', 2: count(4) }, { 0: './s', 1: '/bin/sh\0./s\0', 2: count(4) })),
      'execve("./s", ["./s"], 0x3000 /* 4 vars */) = 0',
    );
  });

  it('a failed exec: what its entry could not read (a page not yet touched) from its exit; a successful one keeps the address', () => {
    const na = { unavailable: true } as const;
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], -2, { 0: '/nonexistent/a', 1: na, 2: count(0) }, { 0: '/nonexistent/a', 1: 'x\0', 2: count(0) })),
      'execve("/nonexistent/a", ["x"], 0x3000 /* 0 vars */) = -1 ENOENT (No such file or directory)',
    );
    // After a successful exec the exit's argv is the new program's (a script's interpreter's): not what the call was given.
    assert.equal(
      line(call('execve', [0x1000, 0x2000, 0x3000], 0, { 0: './s', 1: na, 2: count(4) }, { 0: './s', 1: '/bin/sh\0./s\0', 2: count(4) })),
      'execve("./s", 0x2000, 0x3000 /* 4 vars */) = 0',
    );
    // The line waits for the exit: another thread's call does not break it open with the address.
    const a = { tid: 100, pid: 100 };
    const b = { tid: 101, pid: 101 };
    assert.deepEqual(
      lines([
        enter('execve', [0x1000, 0x2000, 0x3000], { 0: '/nonexistent/a', 1: na, 2: count(0) }, { ...a, ts: 1000 }),
        ...call('getppid', [], 1, undefined, undefined, { ...b, ts: 2000 }),
        exit('execve', -2, { 0: '/nonexistent/a', 1: 'x\0', 2: count(0) }, { ...a, ts: 4000 }),
      ], { alignColumn: 0 }),
      ['[pid   101] getppid() = 1', '[pid   100] execve("/nonexistent/a", ["x"], 0x3000 /* 0 vars */) = -1 ENOENT (No such file or directory)'],
    );
  });

  it('waits whole for the exit: another thread\'s line comes first, no <unfinished ...> with addresses', () => {
    const a = { tid: 100, pid: 100 };
    const b = { tid: 101, pid: 101 };
    assert.deepEqual(
      lines([
        enter('execve', [0x1000, 0x2000, 0x3000], undefined, { ...a, ts: 1000 }),
        ...call('getppid', [], 1, undefined, undefined, { ...b, ts: 2000 }),
        exit('execve', 0, { 0: '/bin/true', 1: '/bin/true\0', 2: count(5) }, { ...a, ts: 4000 }),
      ], { alignColumn: 0 }),
      ['[pid   101] getppid() = 1', '[pid   100] execve("/bin/true", ["/bin/true"], 0x3000 /* 5 vars */) = 0'],
    );
  });

  it('an exec whose exit never came (a setuid exec hides it) ends with = ?, its arguments as addresses', () => {
    assert.deepEqual(lines([enter('execve', [0x1000, 0x2000, 0x3000])], { alignColumn: 0 }), ['execve(0x1000, 0x2000, 0x3000) = ?']);
    // -f: the child vanished at its setuid exec, its parent exited; the line keeps the prefix of its entry.
    const parent = { tid: 200, pid: 200 };
    const child = { tid: 206, pid: 206 };
    assert.deepEqual(
      lines(
        [
          ...call('getppid', [], 1, undefined, undefined, parent),
          enter('execve', [0x1000, 0x2000, 0x3000], undefined, child),
          enter('exit_group', [0], undefined, parent),
        ],
        { alignColumn: 0 },
      ),
      ['getppid() = 1', '[pid   200] exit_group(0) = ?', '[pid   200] +++ exited with 0 +++', '[pid   206] execve(0x1000, 0x2000, 0x3000) = ?'],
    );
  });

  it('-P: the path the exit brings decides', () => {
    const echo = call('execve', [0x1000, 0x2000, 0x3000], 0, undefined, { 0: '/bin/echo', 1: 'echo\0', 2: count(1) });
    const only = (path: string) => lines(echo, { tracePaths: [path], alignColumn: 0 });
    assert.deepEqual(only('/bin/echo'), ['execve("/bin/echo", ["echo"], 0x3000 /* 1 var */) = 0']);
    assert.deepEqual(only('/bin/true'), []);
    assert.deepEqual(lines([enter('execve', [0x1000, 0x2000, 0x3000])], { tracePaths: ['/bin/echo'] }), []);
  });
});

describe('--comm: an exec\'s name from its exit when its entry carried no path (unprivileged readers)', () => {
  it('selects the program\'s records from its exec on', () => {
    const stream = concatBytes([
      encodeKeyframe(1_000_000, [[PID, 500], [TID, 500]]),
      enterRecord(NR.close, [3]),
      exitRecord(0),
      enterRecord(NR.execve, [0x1000, 0x2000, 0x3000]),
      exitRecord(0, { 0: str('/bin/echo'), 1: str('/bin/echo\0hi\0'), 2: str(new Uint8Array([4, 0, 0, 0])) }),
      enterRecord(NR.write, [1, 0x4000, 3], { 1: str('hi\n') }),
      exitRecord(3),
    ]);
    const filter = new RecordFilter({ comms: ['echo'] }, { vars: varMask(['pid', 'regs', 'strings']), events: 3n, realtimeOffsetNs: 0n });
    const decoder = new StreamDecoder();
    decoder.push(stream);
    const accepted: string[] = [];
    for (let r = decoder.next(); r.kind === 'record'; r = decoder.next()) {
      if (r.record.type === 'event' && filter.accept(r.record)) accepted.push(`${r.record.eventName} ${r.record.get(SYSNO)}`);
    }
    // The exec's exit is the first record of the new name, as with the entry's path.
    assert.deepEqual(accepted, ['sys_exit 59', 'sys_enter 1', 'sys_exit 1']);
  });
});

describe('strace view: buffers and unreadable memory', () => {
  it('cuts buffers at -s and says when there was more', () => {
    const digits = '0123456789'.repeat(4);
    assert.equal(line(call('write', [1, 0x1000, 40], 40, { 1: { bytes: Buffer.from(digits.slice(0, 32)), truncated: true } })), 'write(1, "01234567890123456789012345678901"..., 40) = 40');
    assert.equal(line(call('write', [1, 0x1000, 5], 5, { 1: 'abcde' }), { snapLength: 5 }), 'write(1, "abcde", 5)                    = 5');
    assert.equal(line(call('write', [1, 0x1000, 0], 0, { 1: '' })), 'write(1, "", 0)                         = 0');
  });

  it('shows output buffers from the exit only when the call succeeded', () => {
    assert.equal(line(call('read', [3, 0x1000, 10], -11)), 'read(3, 0x1000, 10)                     = -1 EAGAIN (Resource temporarily unavailable)');
    assert.equal(line(call('read', [3, 0x1000, 10], 0)), 'read(3, "", 10)                         = 0');
    assert.equal(line(call('read', [3, 0x1000, 10], 3, undefined, { 1: { unavailable: true } })), 'read(3, 0x1000, 10)                     = 3');
    assert.equal(line(call('pread64', [3, 0x1000, 10, 5], 2, undefined, { 1: 'ok' })), 'pread64(3, "ok", 10, 5)                 = 2');
    assert.equal(line(call('recvfrom', [3, 0x1000, 10, 0, 0, 0], 2, undefined, { 1: 'ok' })), 'recvfrom(3, "ok", 10, 0, NULL, NULL)    = 2');
    assert.equal(
      line(call('readlinkat', [AT_FDCWD, 0x1000, 0x2000, 99], 4, { 1: '/exe' }, { 2: '/bin' })),
      'readlinkat(AT_FDCWD, "/exe", "/bin", 99) = 4',
    );
  });

  it('prints a path the module could not read as its pointer', () => {
    assert.equal(line(call('unlink', [0x7ffc12345678], -14, { 0: { unavailable: true } })), 'unlink(0x7ffc12345678)                  = -1 EFAULT (Bad address)');
    assert.equal(line(call('rename', [0x1000, 0x2000], 0, { 0: '/a', 1: '/b' })), 'rename("/a", "/b")                      = 0');
  });
});

describe('strace view: socket addresses', () => {
  const connect = (bytes: number[], len = bytes.length) => line(call('connect', [3, 0x1000, len], 0, { 1: Uint8Array.from(bytes) }));
  const unix = (path: string, extra = 0) => [1, 0, ...Buffer.from(path, 'latin1'), ...new Array<number>(extra).fill(0)];

  it('AF_UNIX: path, abstract name, unnamed', () => {
    assert.equal(connect(unix('/tmp/s', 1)), 'connect(3, {sa_family=AF_UNIX, sun_path="/tmp/s"}, 9) = 0');
    assert.equal(connect(unix('\0abstract')), 'connect(3, {sa_family=AF_UNIX, sun_path=@"abstract"}, 11) = 0');
    assert.equal(connect([1, 0]), 'connect(3, {sa_family=AF_UNIX}, 2)      = 0');
  });

  it('AF_INET6, with IPv4-mapped addresses as inet_ntop writes them', () => {
    const in6 = (addr: number[], port = 443) => [10, 0, port >> 8, port & 0xff, 0, 0, 0, 0, ...addr, 0, 0, 0, 0];
    const loopback = [...new Array<number>(15).fill(0), 1];
    assert.equal(
      connect(in6(loopback)),
      'connect(3, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
    );
    const mapped = [...new Array<number>(10).fill(0), 0xff, 0xff, 127, 0, 0, 1];
    assert.match(connect(in6(mapped)), /inet_pton\(AF_INET6, "::ffff:127\.0\.0\.1", &sin6_addr\)/);
    const doc = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    assert.match(connect(in6(doc)), /"2001:db8::1"/);
  });

  it('AF_NETLINK and the rest', () => {
    assert.equal(connect([16, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]), 'connect(3, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000001}, 12) = 0');
    assert.equal(connect([2, 0, 0, 53, 10, 0, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0]), 'connect(3, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.2.3")}, 16) = 0');
    assert.equal(
      line(call('sendto', [3, 0x1000, 2, 0, 0x2000, 16], 2, { 1: 'hi', 4: Uint8Array.from([2, 0, 0, 53, 10, 0, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0]) })),
      'sendto(3, "hi", 2, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.2.3")}, 16) = 2',
    );
  });
});

describe('strings in the other views and options', () => {
  function decodeEvent(bytes: Uint8Array): EventRecord {
    const decoder = new StreamDecoder();
    decoder.push(bytes);
    for (;;) {
      const r = decoder.next();
      assert.equal(r.kind, 'record');
      if (r.kind === 'record' && r.record.type === 'event') return r.record;
    }
  }
  const tag = (name: string): number => fieldByName(name)?.tag ?? assert.fail(name);

  it('event lines quote STR parameters and CHARS text', () => {
    const exec = decodeEvent(concatBytes([encodeKeyframe(0, [[PID, 7], [TID, 7]]), encodeEvent(16, 1, [[tag('old_pid'), 7], [tag('exec_filename'), str('/bin/busybox')]])]));
    assert.equal(formatEventLine(exec), 'proc_exec exec_filename="/bin/busybox" old_pid=7');
    const issue = decodeEvent(concatBytes([encodeKeyframe(0, [[PID, 9], [TID, 9]]), encodeEvent(20, 1, [[tag('blk_bytes'), 4096], [tag('blk_rwbs'), packChars('WS')]])]));
    assert.equal(formatEventLine(issue), 'block_issue blk_dev=0 blk_sector=0 blk_bytes=4096 blk_rwbs="WS"');
    const xmit = decodeEvent(concatBytes([encodeKeyframe(0), encodeEvent(11, 1, [[tag('dev_name'), str('', 'unavailable')]])]));
    assert.match(formatEventLine(xmit), / dev_name=\? /);
  });

  it('event lines print addresses, instruction pointers and flags in hex, as export does', () => {
    const fault = decodeEvent(
      concatBytes([encodeKeyframe(0, [[PID, 7], [TID, 7]]), encodeEvent(18, 1, [[tag('fault_addr'), 0x7f88661f0000], [tag('fault_ip'), 0x4017d0], [tag('fault_error'), 6]])]),
    );
    assert.equal(formatEventLine(fault), 'fault_user fault_addr=0x7f88661f0000 fault_ip=0x4017d0 fault_error=6');
    const alloc = decodeEvent(concatBytes([encodeKeyframe(0), encodeEvent(2, 1, [[tag('pfn'), 0x42ce], [tag('order'), 1], [tag('gfp_flags'), 0x400cc0], [tag('migratetype'), 0]])]));
    assert.equal(formatEventLine(alloc), 'page_alloc pfn=0x42ce order=1 gfp_flags=0x400cc0 migratetype=0');
  });

  it('dump shows STR fields with their status and CHARS as text', () => {
    const bytes = concatBytes([encodeKeyframe(0, [[tag('comm_lo'), packChars('busybox')]]), encodeEvent(SYS_ENTER, 1, [[STR_ARG_TAGS[1], str('/etc/x', 'truncated')]])]);
    const { lines } = dumpElements(bytes, 0);
    assert.ok(lines.some((l) => /\[CONTEXT 35\] comm_lo = "busybox" \(786f6279737562\)$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /\[CONTEXT 50\] str_arg1 = "\/etc\/x" truncated, 6 bytes \(012f6574632f78\)$/.test(l)), lines.join('\n'));
  });

  it('-s: the strace commands record strings by default and validate the snap length', () => {
    assert.deepEqual(DEFAULT_VARS, ['regs', 'pid', 'strings']);
    assert.equal(varMask([...DEFAULT_VARS]) & (1n << 23n), 1n << 23n);
    assert.equal(snaplenOf(0), 0);
    assert.equal(snaplenOf(32), 32);
    assert.throws(() => snaplenOf(-1), /bad -s value/);
    assert.throws(() => snaplenOf(Number.NaN), /bad -s value/);
    assert.throws(() => snaplenOf(2.5), /bad -s value/);
    assert.equal(deviceSnaplen(4096), 1024, 'the module captures at most KT_SNAPLEN_MAX');
    assert.equal(deviceSnaplen(100), 100);
  });

  it('uses captured strings only for the record that carried them', () => {
    // The same read entered twice: its second exit captured nothing.
    assert.deepEqual(
      [
        line([enter('read', [3, 0x1000, 4]), exit('read', 2, { 1: 'ab' })]),
        line([enter('read', [3, 0x1000, 4]), exit('read', 2)]),
      ],
      ['read(3, "ab", 4)                        = 2', 'read(3, 0x1000, 4)                      = 2'],
    );
  });
});
