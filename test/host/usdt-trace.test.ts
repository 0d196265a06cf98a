import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CONSTANTS, STRUCTS } from '../../frontend/src/abi/abi';
import { encodeUprobe } from '../../frontend/src/device/trace-device';
import { splitEvents } from '../../frontend/src/commands/options';
import { plannedSites, loadSites, saveSites } from '../../frontend/src/usdt/attach';
import { formatConversions, parseProbeSpec, resolveProbe, uprobeArgs } from '../../frontend/src/usdt/trace-probe';
import { formatUsdt } from '../../frontend/src/views/usdt-line';
import { UserError } from '../../frontend/src/user-error';

const PROG = path.resolve(__dirname, '../../../build/progs/usdt_probes');

describe('USDT probe specs (u:PATH:[provider:]name "fmt", args)', () => {
  it('parses path, provider, name, format and arguments', () => {
    assert.deepEqual(parseProbeSpec('u:/usr/bin/python3.11:python:function__entry "%s:%s %d", arg1, arg2, arg3'), {
      text: 'u:/usr/bin/python3.11:python:function__entry "%s:%s %d", arg1, arg2, arg3',
      file: '/usr/bin/python3.11',
      provider: 'python',
      name: 'function__entry',
      format: '%s:%s %d',
      formatArgs: [0, 1, 2],
    });
    assert.deepEqual(parseProbeSpec('u:./a.out:probe'), { text: 'u:./a.out:probe', file: './a.out', provider: undefined, name: 'probe', format: undefined, formatArgs: [] });
    assert.equal(parseProbeSpec('u:x:p:n "a \\"q\\" %d\\n", arg2').format, 'a "q" %d\n');
  });

  const bad: [string, string][] = [
    ['u:/bin/x', 'bad probe "u:/bin/x": a USDT probe is u:PATH:[provider:]name'],
    ['u:/bin/x:p:n "%d %d", arg1', 'bad probe "u:/bin/x:p:n "%d %d", arg1": the format has 2 conversions but 1 argument follows'],
    ['u:/bin/x:p:n "%d", argv', 'bad probe "u:/bin/x:p:n "%d", argv": "argv" is not an argument (arg1, arg2, ...)'],
    ['u:/bin/x:p:n "%d', 'bad probe "u:/bin/x:p:n "%d": unterminated format string'],
    ['u:/bin/x:p:n "%f", arg1', 'probe format "%f": unsupported conversion (use %d %i %u %x %X %o %p %s %c %%)'],
  ];
  for (const [spec, message] of bad)
    it(`rejects ${spec}`, () => {
      assert.throws(() => parseProbeSpec(spec), (err: unknown) => err instanceof UserError && err.message === message && err.exitCode === 2);
    });

  it('splits --events values into names and probe specs (formats keep their commas)', () => {
    assert.deepEqual(splitEvents(['syscall,proc', 'u:/bin/x:p:n "%d %s", arg1, arg2', 'sched,u:/bin/y:n']), {
      names: ['syscall', 'proc', 'sched'],
      probes: ['u:/bin/x:p:n "%d %s", arg1, arg2', 'u:/bin/y:n'],
    });
  });

  it('counts printf conversions', () => {
    assert.deepEqual(formatConversions('%d%% %-8s %#lx %llu %c'), ['d', 's', 'x', 'u', 'c']);
  });

  it('formats values like printf', () => {
    const values = [{ value: -5n }, { value: 255n }, { value: 0x7fn, string: { bytes: Buffer.from('héllo'), truncated: true } }, { value: 65n }];
    assert.equal(formatUsdt('%d %u %x %#X %5d|%-4d|%04d %s %c %%', [0, 0, 1, 1, 1, 1, 1, 2, 3], values), '-5 18446744073709551611 ff 0xFF   255|255 |0255 héllo... A %');
  });
});

describe('USDT probes resolved for the module', () => {
  it('resolves a probe of the test program and encodes every operand form', () => {
    const regs = resolveProbe(parseProbeSpec(`u:${PROG}:ktest:regs`));
    assert.equal(regs.label, 'u:ktest:regs');
    assert.deepEqual(
      uprobeArgs(regs, regs.locations[0]).map((a) => [a.kind, a.size, a.signed, a.reg, a.shift]),
      [
        [CONSTANTS.KT_USDT_ARG_REG, 4, true, CONSTANTS.KT_UREG_RDI, 0],
        [CONSTANTS.KT_USDT_ARG_REG, 8, false, CONSTANTS.KT_UREG_RSI, 0],
        [CONSTANTS.KT_USDT_ARG_REG, 2, true, CONSTANTS.KT_UREG_RDX, 0],
        [CONSTANTS.KT_USDT_ARG_REG, 1, false, CONSTANTS.KT_UREG_RCX, 0],
        [CONSTANTS.KT_USDT_ARG_REG, 1, true, CONSTANTS.KT_UREG_RAX, 8],
      ],
    );
    const index = resolveProbe(parseProbeSpec(`u:${PROG}:ktest:index`));
    assert.deepEqual(
      uprobeArgs(index, index.locations[0]).map((a) => [a.kind, a.reg, a.index, a.scale, a.value]),
      [
        [CONSTANTS.KT_USDT_ARG_MEM, CONSTANTS.KT_UREG_RDI, CONSTANTS.KT_UREG_RCX, 4, 4n],
        [CONSTANTS.KT_USDT_ARG_MEM, CONSTANTS.KT_UREG_RSI, CONSTANTS.KT_UREG_RDX, 1, 0n],
        [CONSTANTS.KT_USDT_ARG_MEM, CONSTANTS.KT_UREG_RDI, CONSTANTS.KT_UREG_RCX, 8, -4n],
      ],
    );
    const imm = resolveProbe(parseProbeSpec(`u:${PROG}:ktest:imm`));
    assert.deepEqual(uprobeArgs(imm, imm.locations[0]).map((a) => [a.kind, a.value]), [
      [CONSTANTS.KT_USDT_ARG_IMM, -17n],
      [CONSTANTS.KT_USDT_ARG_IMM, 0x123456789n],
      [CONSTANTS.KT_USDT_ARG_IMM, 255n],
    ]);
  });

  it('asks for the strings %s prints, and lays struct kt_uprobe out as the header does', () => {
    const str = resolveProbe(parseProbeSpec(`u:${PROG}:ktest:str "%s %s %d", arg1, arg2, arg3`));
    assert.deepEqual([...str.stringArgs], [0, 1]);
    const loc = str.locations[0];
    const buf = encodeUprobe({ fd: 7, offset: loc.offset, refCtrOffset: loc.semaphoreOffset, args: uprobeArgs(str, loc) });
    const m = STRUCTS.kt_uprobe.members;
    assert.equal(buf.length, STRUCTS.kt_uprobe.size);
    assert.equal(buf.readInt32LE(m.fd.offset), 7);
    assert.equal(buf.readUInt32LE(m.nr_args.offset), 3);
    assert.equal(buf.readBigUInt64LE(m.offset.offset), loc.offset);
    assert.equal(buf.readBigUInt64LE(m.ref_ctr_offset.offset), loc.semaphoreOffset);
    const arg1 = m.args.offset + STRUCTS.kt_usdt_arg.size;
    assert.equal(buf[arg1 + STRUCTS.kt_usdt_arg.members.flags.offset], CONSTANTS.KT_USDT_ARG_STRING);
    assert.equal(buf[arg1 + STRUCTS.kt_usdt_arg.members.reg.offset], CONSTANTS.KT_UREG_RSI);
    assert.equal(buf[m.args.offset + 2 * STRUCTS.kt_usdt_arg.size + STRUCTS.kt_usdt_arg.members.flags.offset], 0);
  });

  it('rejects %s beyond arg6, missing probes and arguments', () => {
    assert.throws(() => resolveProbe(parseProbeSpec(`u:${PROG}:ktest:nope`)), /probe ktest:nope: not in .*usdt_probes/);
    assert.throws(() => resolveProbe(parseProbeSpec(`u:${PROG}:ktest:imm "%d", arg4`)), /arg4 does not exist \(the probe has 3 arguments\)/);
  });

  it('keeps probe sites through a recording header', () => {
    const sites = plannedSites([resolveProbe(parseProbeSpec(`u:${PROG}:ktest:str "%s|%d", arg2, arg3`)), resolveProbe(parseProbeSpec(`u:${PROG}:ktest:imm`))]);
    const back = loadSites(JSON.parse(JSON.stringify(saveSites(sites))) as ReturnType<typeof saveSites>);
    assert.deepEqual(
      [...back].map(([i, s]) => [i, s.probe.label, s.probe.spec.format, [...s.probe.stringArgs], s.location.parsedArgs.length]),
      [
        [0, 'u:ktest:str', '%s|%d', [1], 3],
        [1, 'u:ktest:imm', undefined, [], 3],
      ],
    );
  });
});
