import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgSpec, describeArg, UsdtArgError } from '../../frontend/src/usdt/args';
import { readNotes, readProbes, resolveProbes, type UsdtProbe } from '../../frontend/src/usdt/notes';
import { parseElf } from '../../frontend/src/usdt/elf';
import { formatProbeList, mappedFiles } from '../../frontend/src/usdt/list-view';

interface ReadelfNote {
  provider: string;
  name: string;
  pc: bigint;
  base: bigint;
  semaphore: bigint;
  args: string;
}

/** `readelf -n`'s view of a file's stapsdt notes: the reference the reader is checked against. */
function readelfNotes(file: string): ReadelfNote[] {
  const text = execFileSync('readelf', ['-n', '--wide', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const notes: ReadelfNote[] = [];
  const re = /Provider: (\S+)\n\s+Name: (\S+)\n\s+Location: (0x[0-9a-f]+), Base: (0x[0-9a-f]+), Semaphore: (0x[0-9a-f]+)\n(?:\s+Arguments: ([^\n]*)\n)?/g;
  for (const m of text.matchAll(re))
    notes.push({ provider: m[1], name: m[2], pc: BigInt(m[3]), base: BigInt(m[4]), semaphore: BigInt(m[5]), args: (m[6] ?? '').trim() });
  return notes;
}

/** PT_LOAD segments per `readelf -l`: an independent vaddr-to-offset conversion. */
function readelfOffset(file: string, vaddr: bigint, exec: boolean): bigint | undefined {
  const text = execFileSync('readelf', ['-lW', file], { encoding: 'utf8' });
  for (const m of text.matchAll(/^\s+LOAD\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)\s+([RWE ]+?)\s+0x/gm)) {
    const [offset, start, memsz] = [BigInt(m[1]), BigInt(m[2]), BigInt(m[3])];
    if (exec && !m[4].includes('E')) continue;
    if (vaddr >= start && vaddr < start + memsz) return vaddr - start + offset;
  }
  return undefined;
}

function checkAgainstReadelf(file: string): UsdtProbe[] {
  const probes = readProbes(file);
  const reference = readelfNotes(file);
  assert.ok(reference.length > 0, `${file} has stapsdt notes per readelf`);
  assert.deepEqual(
    probes.map((p) => ({ provider: p.provider, name: p.name, pc: p.pc, base: p.base, semaphore: p.semaphore, args: p.args })),
    reference,
  );
  for (const p of probes) {
    // Not prelinked: the .stapsdt.base correction is zero.
    assert.equal(p.address, p.pc);
    assert.equal(p.offset, readelfOffset(file, p.pc, true));
    assert.equal(p.semaphoreOffset, p.semaphore ? readelfOffset(file, p.semaphore, false) : 0n);
  }
  return probes;
}

const PYTHON = '/usr/bin/python3.11';
const LIBSTDCXX = '/usr/lib/x86_64-linux-gnu/libstdc++.so.6';
const PROG = path.resolve(__dirname, '../../../build/progs/usdt_probes');

describe('USDT notes (ELF reader against readelf -n)', () => {
  it("reads python3.11's probes, with semaphores", () => {
    const probes = checkAgainstReadelf(PYTHON);
    assert.ok(probes.every((p) => p.semaphore !== 0n));
    const start = probes.find((p) => p.name === 'function__entry');
    assert.ok(start);
    assert.equal(start.provider, 'python');
  });

  it("reads libstdc++'s throw/catch probes, without semaphores", () => {
    const probes = checkAgainstReadelf(LIBSTDCXX);
    assert.deepEqual(probes.map((p) => p.name).sort(), ['catch', 'rethrow', 'throw']);
    assert.ok(probes.every((p) => p.semaphore === 0n && p.provider === 'libstdcxx'));
  });

  it('reads the test program built with <sys/sdt.h>', () => {
    assert.ok(fs.existsSync(PROG), `${PROG} is built by make progs`);
    const probes = checkAgainstReadelf(PROG);
    const forms = new Set(probes.flatMap((p) => p.parsedArgs.map((a) => (a instanceof Error ? 'error' : a.operand.kind + (a.operand.kind === 'mem' && a.operand.index ? '+index' : '')))));
    assert.deepEqual([...forms].sort(), ['imm', 'mem', 'mem+index', 'reg']);
    assert.ok(probes.some((p) => p.semaphore !== 0n));
  });

  it('applies the .stapsdt.base correction of a prelinked file', () => {
    const bytes = fs.readFileSync(LIBSTDCXX);
    const elf = parseElf(bytes, LIBSTDCXX);
    const notes = readNotes(elf);
    const baseSection = elf.sections.find((s) => s.name === '.stapsdt.base');
    assert.ok(baseSection && notes.every((n) => n.base === baseSection.addr));
    // As if prelink had moved the file by 0x1000 after the notes were written.
    const moved = notes.map((n) => ({ ...n, base: n.base - 0x1000n }));
    const probes = resolveProbes(elf, moved, LIBSTDCXX);
    probes.forEach((p, i) => {
      assert.equal(p.address, notes[i].pc + 0x1000n);
      assert.equal(p.offset, readelfOffset(LIBSTDCXX, notes[i].pc + 0x1000n, true));
    });
  });

  it('lists a file like tplist -v', () => {
    const text = formatProbeList(LIBSTDCXX, readProbes(LIBSTDCXX));
    const throwProbe = readelfNotes(LIBSTDCXX).find((n) => n.name === 'throw');
    assert.ok(throwProbe);
    assert.match(
      text,
      new RegExp(
        `^${LIBSTDCXX.replace(/[.+]/g, '\\$&')} libstdcxx:throw\\n  location #1 0x${throwProbe.pc.toString(16)} \\(file offset 0x${throwProbe.pc.toString(16)}\\): 8@%rdi 8@%rsi\\n    argument #1 8 unsigned bytes @ register %rdi\\n`,
        'm',
      ),
    );
  });

  it('ktrace usdt -l -p PID lists the probes of every file the process maps', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(PROG, ['--watch'], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      // It prints its semaphore once running: its mappings are in place.
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const cli = path.resolve(__dirname, '../../frontend/src/cli.js');
      const out = execFileSync(process.execPath, [cli, 'usdt', '-l', '-p', String(child.pid)], { encoding: 'utf8' });
      assert.equal(out, formatProbeList(PROG, readProbes(PROG)));
    } finally {
      child.stdin.end();
    }
  });

  it('finds the mapped files of a process in /proc/PID/maps', () => {
    const maps = [
      '00400000-00401000 r--p 00000000 08:01 1234   /usr/bin/python3.11',
      '00401000-00500000 r-xp 00001000 08:01 1234   /usr/bin/python3.11',
      '7f0000000000-7f0000001000 rw-p 00000000 00:00 0 ',
      '7f0000001000-7f0000002000 r--p 00000000 08:01 99   /usr/lib/x86_64-linux-gnu/libc.so.6',
      '7f0000003000-7f0000004000 r--p 00000000 08:01 98   /tmp/gone (deleted)',
      '7ffd00000000-7ffd00001000 rw-p 00000000 00:00 0    [stack]',
    ].join('\n');
    assert.deepEqual(mappedFiles(maps), ['/usr/bin/python3.11', '/usr/lib/x86_64-linux-gnu/libc.so.6']);
  });
});

describe('USDT argument specs', () => {
  const cases: [string, string][] = [
    ['8@%rax', '8 unsigned bytes @ register %rax'],
    ['-4@%edi', '4 signed bytes @ register %rdi'],
    ['-1@%ah', '1 signed bytes @ register %rax >> 8'],
    ['2@%r9w', '2 unsigned bytes @ register %r9'],
    ['4@$42', '4 unsigned bytes @ constant 42'],
    ['-8@$-5', '8 signed bytes @ constant -5'],
    ['-4@-20(%rbp)', '4 signed bytes @ memory %rbp - 0x14'],
    ['8@(%rsp)', '8 unsigned bytes @ memory %rsp'],
    ['8@0x10(%rdi)', '8 unsigned bytes @ memory %rdi + 0x10'],
    ['-2@8(%rax,%rbx,2)', '2 signed bytes @ memory %rax + %rbx * 2 + 0x8'],
    ['1@(%rdx,%rcx)', '1 unsigned bytes @ memory %rdx + %rcx * 1'],
  ];
  for (const [spec, words] of cases)
    it(`parses ${spec}`, () => {
      assert.equal(describeArg(parseArgSpec(spec)), words);
    });

  const bad: [string, RegExp][] = [
    ['8@counter(%rip)', /^argument spec "8@counter\(%rip\)": RIP-relative operands are not supported$/],
    ['4@16+counter(%rip)', /RIP-relative/],
    ['3@%rax', /size 3 is not 1, 2, 4 or 8/],
    ['8@%xmm0', /unsupported register %xmm0/],
    ['8@table(,%rax,8)', /"8@table\(,%rax,8\)"/],
    ['8@(%rax,%rbx,3)', /scale "3"/],
    ['4@$sym', /symbolic constants/],
  ];
  for (const [spec, message] of bad)
    it(`rejects ${spec} naming the spec`, () => {
      assert.throws(() => parseArgSpec(spec), (err: unknown) => err instanceof UsdtArgError && message.test(err.message) && err.message.includes(spec));
    });
});
