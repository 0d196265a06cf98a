import { strict as assert } from 'node:assert';
import {
  ABI_VERSION,
  ARG_TAGS,
  CONSTANTS,
  CONTEXT_FIELDS,
  eventByBit,
  eventByName,
  expandEventNames,
  expandVariableNames,
  FieldTag,
  fieldByTag,
  IOCTLS,
  isUnsignedField,
  KEYFRAME_TAG,
  LOST_TAG,
  maskOf,
  rowsInMask,
  STRUCTS,
  varByName,
  EVENTS,
  FIELDS,
  fieldByName,
  isStringField,
  STR_ARG_TAGS,
} from '../../frontend/src/abi/abi';

describe('abi table', () => {
  it('matches the contract in docs/abi.md', () => {
    assert.equal(ABI_VERSION, 3);
    assert.equal(KEYFRAME_TAG, 64);
    assert.equal(LOST_TAG, 65);
    assert.deepEqual(eventByName('sys_enter')?.fields, [8, 9, 10, 11, 12, 13, 14, 49, 50, 51, 52, 53, 54]);
    assert.deepEqual(eventByName('sys_exit')?.fields, [8, 15, 49, 50, 51, 52, 53, 54]);
    assert.equal(eventByBit(17)?.name, 'proc_exit');
    assert.deepEqual([24, 25, 26, 27].map((bit) => eventByBit(bit)?.name), ['msg_send', 'msg_recv', 'msg_connect', 'msg_accept']);
    assert.deepEqual(eventByName('msg_send')?.fields, [71, 68, 69, 70, 124, 125, 122, 123, 120, 121, 126]);
    assert.deepEqual(CONTEXT_FIELDS, [16, 17, 18, 19]);
    assert.deepEqual(ARG_TAGS, [9, 10, 11, 12, 13, 14]);
    assert.equal(FieldTag.RET, 15);
    assert.equal(fieldByTag(20)?.variable, 'param');
    assert.equal(fieldByTag(1)?.variable, 'meta');
    assert.deepEqual(varByName('pid')?.fields, [16, 17]);
    assert.deepEqual(varByName('strings')?.fields, [...STR_ARG_TAGS, fieldByName('msg_data')?.tag]);
    assert.deepEqual(STR_ARG_TAGS, [49, 50, 51, 52, 53, 54]);
    assert.deepEqual(
      FIELDS.filter((f) => f.type === 'STR').map((f) => f.name),
      ['siginfo', 'str_arg0', 'str_arg1', 'str_arg2', 'str_arg3', 'str_arg4', 'str_arg5', 'dev_name', 'mnt_source', 'mnt_target', 'mnt_fstype', 'exec_filename', 'usdt_str0', 'usdt_str1', 'usdt_str2', 'usdt_str3', 'usdt_str4', 'usdt_str5', 'msg_local', 'msg_remote', 'msg_data'],
    );
    assert.deepEqual([fieldByTag(FieldTag.COMM_LO)?.type, fieldByTag(FieldTag.COMM_HI)?.type, fieldByName('blk_rwbs')?.type], ['CHARS', 'CHARS', 'CHARS']);
    assert.deepEqual([CONSTANTS.KT_STR_COMPLETE, CONSTANTS.KT_STR_TRUNCATED, CONSTANTS.KT_STR_UNAVAILABLE], [0, 1, 2]);
    assert.equal(CONSTANTS.KT_SNAPLEN_MAX, 1024);
    assert.deepEqual(eventByName('signal_deliver')?.fields, [100, 34, 63, 66, 67, 7]);
    assert.deepEqual([fieldByTag(7)?.name, fieldByTag(7)?.variable], ['siginfo', 'param']);
    assert.equal(IOCTLS.SET_SNAPLEN, 0x40046b0a); // _IOW('k', 0x0a, __u32)
  });

  it('knows which fields are unsigned', () => {
    assert.equal(isUnsignedField(FieldTag.SYSNO), false);
    assert.equal(isUnsignedField(ARG_TAGS[0]), true);
    assert.equal(isUnsignedField(FieldTag.UID), true);
    assert.equal(isUnsignedField(999), false);
    assert.equal(isUnsignedField(FieldTag.COMM_LO), true, 'CHARS are packed bytes');
    assert.equal(isStringField(STR_ARG_TAGS[0]), true);
    assert.equal(isStringField(FieldTag.RET), false);
  });

  it('has the ioctl numbers of _IOR/_IOW on x86_64', () => {
    assert.equal(IOCTLS.ABI_VERSION, 0x80046b01); // _IOR('k', 1, __u32)
    assert.equal(IOCTLS.START, 0x6b05); // _IO('k', 5)
    assert.equal(IOCTLS.DESCRIBE >>> 16 & 0x3fff, STRUCTS.kt_desc.size);
  });

  it('lays out the structs as the compiler does', () => {
    assert.deepEqual(STRUCTS.kt_target, { size: 8, members: { pid: { offset: 0, size: 4 }, flags: { offset: 4, size: 4 } } });
    assert.equal(STRUCTS.kt_info.members.kernel_release.size, 64);
    assert.equal(CONSTANTS.KT_DEVICE_NAME, 'trace');
    assert.equal(CONSTANTS.KT_VAR_PARAM, 0xffffffff);
  });

  it('expands families and all', () => {
    assert.deepEqual(expandEventNames(['syscall']).map((e) => e.name), ['sys_enter', 'sys_exit']);
    assert.deepEqual(expandEventNames(['proc_exit', 'sys_exit']).map((e) => e.bit), [1, 17]);
    assert.equal(expandEventNames(['all']).length, EVENTS.length);
    assert.throws(() => expandEventNames(['sys_entr']), /unknown event/);
    assert.deepEqual(expandVariableNames(['uid', 'regs']).map((v) => v.bit), [0, 14]);
    assert.throws(() => expandVariableNames(['nope']), /unknown variable/);
  });

  it('builds and reads masks', () => {
    const mask = maskOf(expandEventNames(['syscall', 'proc_exit']));
    assert.equal(mask, (1n << 17n) | 3n);
    assert.deepEqual(rowsInMask(EVENTS, mask).map((e) => e.name), ['sys_enter', 'sys_exit', 'proc_exit']);
  });
});
