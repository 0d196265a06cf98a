// USDT argument specs (`[-]N@operand`, as <sys/sdt.h> writes them on x86-64).
import { CONSTANTS } from '../abi/abi';

export type UsdtOperand =
  | { readonly kind: 'imm'; readonly value: bigint }
  | { readonly kind: 'reg'; readonly reg: string; readonly shift: number }
  | { readonly kind: 'mem'; readonly offset: bigint; readonly base: string; readonly index?: string; readonly scale: number };

export interface UsdtArg {
  /** The spec as the note wrote it, e.g. `-4@-20(%rbp)`. */
  readonly spec: string;
  /** Size in bytes: 1, 2, 4 or 8. */
  readonly size: number;
  readonly signed: boolean;
  readonly operand: UsdtOperand;
}

/** Thrown for an argument spec ktrace cannot record; the message names it. */
export class UsdtArgError extends Error {}

/** 64-bit register names by their ABI number (kt_usdt_arg.reg). */
export const REGISTER_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['rax', CONSTANTS.KT_UREG_RAX],
  ['rbx', CONSTANTS.KT_UREG_RBX],
  ['rcx', CONSTANTS.KT_UREG_RCX],
  ['rdx', CONSTANTS.KT_UREG_RDX],
  ['rsi', CONSTANTS.KT_UREG_RSI],
  ['rdi', CONSTANTS.KT_UREG_RDI],
  ['rbp', CONSTANTS.KT_UREG_RBP],
  ['rsp', CONSTANTS.KT_UREG_RSP],
  ['r8', CONSTANTS.KT_UREG_R8],
  ['r9', CONSTANTS.KT_UREG_R9],
  ['r10', CONSTANTS.KT_UREG_R10],
  ['r11', CONSTANTS.KT_UREG_R11],
  ['r12', CONSTANTS.KT_UREG_R12],
  ['r13', CONSTANTS.KT_UREG_R13],
  ['r14', CONSTANTS.KT_UREG_R14],
  ['r15', CONSTANTS.KT_UREG_R15],
]);

/** Every register name GAS may write, as its 64-bit register and a right shift. */
const REGISTERS = new Map<string, { reg: string; shift: number }>();
for (const [r64, r32, r16, r8l, r8h] of [
  ['rax', 'eax', 'ax', 'al', 'ah'],
  ['rbx', 'ebx', 'bx', 'bl', 'bh'],
  ['rcx', 'ecx', 'cx', 'cl', 'ch'],
  ['rdx', 'edx', 'dx', 'dl', 'dh'],
  ['rsi', 'esi', 'si', 'sil'],
  ['rdi', 'edi', 'di', 'dil'],
  ['rbp', 'ebp', 'bp', 'bpl'],
  ['rsp', 'esp', 'sp', 'spl'],
] as const) {
  for (const name of [r64, r32, r16, r8l]) REGISTERS.set(name, { reg: r64, shift: 0 });
  if (r8h) REGISTERS.set(r8h, { reg: r64, shift: 8 });
}
for (let i = 8; i <= 15; i++) for (const suffix of ['', 'd', 'w', 'b', 'l']) REGISTERS.set(`r${i}${suffix}`, { reg: `r${i}`, shift: 0 });

const NUMBER = /^[-+]?(0[xX][0-9a-fA-F]+|\d+)$/;

function parseNumber(text: string): bigint | undefined {
  if (!NUMBER.test(text)) return undefined;
  const negative = text.startsWith('-');
  const digits = text.replace(/^[-+]/, '');
  const value = BigInt(digits);
  return negative ? -value : value;
}

function register(name: string, spec: string): { reg: string; shift: number } {
  if (!name.startsWith('%')) throw new UsdtArgError(`argument spec "${spec}": "${name}" is not a register`);
  const reg = REGISTERS.get(name.slice(1));
  if (!reg) {
    if (name === '%rip' || name === '%eip')
      throw new UsdtArgError(`argument spec "${spec}": RIP-relative operands are not supported`);
    throw new UsdtArgError(`argument spec "${spec}": unsupported register ${name}`);
  }
  return reg;
}

/** Parses one argument spec, e.g. `-4@-20(%rbp)`, `8@%rax`, `2@$-3`, `8@8(%rax,%rbx,4)`. */
export function parseArgSpec(spec: string): UsdtArg {
  const at = spec.indexOf('@');
  let size = 8;
  let signed = false;
  let operandText = spec;
  if (at >= 0) {
    const sizeText = spec.slice(0, at);
    const n = Number(sizeText);
    if (!/^-?\d+$/.test(sizeText) || ![1, 2, 4, 8].includes(Math.abs(n)))
      throw new UsdtArgError(`argument spec "${spec}": size ${sizeText} is not 1, 2, 4 or 8 bytes (signed when negative)`);
    size = Math.abs(n);
    signed = n < 0;
    operandText = spec.slice(at + 1);
  }
  return { spec, size, signed, operand: parseOperand(operandText, spec) };
}

function parseOperand(text: string, spec: string): UsdtOperand {
  if (text.startsWith('$')) {
    const value = parseNumber(text.slice(1));
    if (value === undefined) throw new UsdtArgError(`argument spec "${spec}": immediate ${text} is not a number (symbolic constants are not supported)`);
    return { kind: 'imm', value };
  }
  if (text.startsWith('%')) {
    const { reg, shift } = register(text, spec);
    return { kind: 'reg', reg, shift };
  }
  const m = /^([^(]*)\(([^)]*)\)$/.exec(text);
  if (!m) throw new UsdtArgError(`argument spec "${spec}": operand "${text}" is not %reg, $imm, off(%reg) or off(%base,%index,scale)`);
  const offset = m[1] === '' ? 0n : parseNumber(m[1]);
  const parts = m[2].split(',').map((p) => p.trim());
  if (parts[0] === '%rip' || parts[0] === '%eip') throw new UsdtArgError(`argument spec "${spec}": RIP-relative operands are not supported`);
  if (offset === undefined) throw new UsdtArgError(`argument spec "${spec}": displacement "${m[1]}" is not a number (symbols are not supported)`);
  if (parts.length === 1) return { kind: 'mem', offset, base: register(parts[0], spec).reg, scale: 1 };
  if (parts.length === 2 || parts.length === 3) {
    const scale = parts.length === 3 ? Number(parts[2]) : 1;
    if (![1, 2, 4, 8].includes(scale) || (parts.length === 3 && !/^\d$/.test(parts[2])))
      throw new UsdtArgError(`argument spec "${spec}": scale "${parts[2]}" is not 1, 2, 4 or 8`);
    if (parts[0] === '') throw new UsdtArgError(`argument spec "${spec}": memory operands without a base register are not supported`);
    const base = register(parts[0], spec);
    const index = register(parts[1], spec);
    if (base.shift || index.shift) throw new UsdtArgError(`argument spec "${spec}": high-byte registers cannot address memory`);
    return { kind: 'mem', offset, base: base.reg, index: index.reg, scale };
  }
  throw new UsdtArgError(`argument spec "${spec}": malformed memory operand "${text}"`);
}

/** Splits a note's argument string (specs separated by spaces). */
export function splitArgSpecs(args: string): string[] {
  return args.split(/\s+/).filter((s) => s.length > 0);
}

/** A spec's meaning in words, as `tplist -v` shows it. */
export function describeArg(arg: UsdtArg): string {
  const type = `${arg.size} ${arg.signed ? 'signed' : 'unsigned'} bytes`;
  const op = arg.operand;
  switch (op.kind) {
    case 'imm':
      return `${type} @ constant ${op.value}`;
    case 'reg':
      return `${type} @ register %${op.reg}${op.shift ? ` >> ${op.shift}` : ''}`;
    case 'mem': {
      const hex = (v: bigint) => (v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
      const addr = op.index ? `%${op.base} + %${op.index} * ${op.scale}` : `%${op.base}`;
      return `${type} @ memory ${addr}${op.offset ? ` ${op.offset < 0n ? '-' : '+'} ${hex(op.offset < 0n ? -op.offset : op.offset)}` : ''}`;
    }
  }
}
