#!/usr/bin/env node
// Renders frontend/src/abi/generated.ts from kmod/ktrace_table.h, kmod/ktrace_sysargs.h
// and kmod/ktrace_abi.h.
//
// The numbers come from the C compiler, not from parsing the headers: a probe
// program includes the real header and prints every X-macro row, ioctl number,
// struct offset and constant as JSON, so the frontend sees exactly what the
// module was built against. Only the names of struct members and constants are
// read from the header text, because C cannot enumerate them.
//
// Usage: node scripts/gen-abi.js [--check]
//   --check  exit 1 if the committed file differs from what would be written.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const KMOD = path.join(ROOT, 'kmod');
const ABI_HEADER = path.join(KMOD, 'ktrace_abi.h');
const TABLE_HEADER = path.join(KMOD, 'ktrace_table.h');
const SYSARGS_HEADER = path.join(KMOD, 'ktrace_sysargs.h');
const OUTPUT = path.join(ROOT, 'frontend', 'src', 'abi', 'generated.ts');
const STRUCTS = ['kt_target', 'kt_stats', 'kt_info', 'kt_desc', 'kt_usdt_arg', 'kt_uprobe', 'kt_span'];

function structMembers(headerText, structName) {
  const body = new RegExp(`struct ${structName}\\s*\\{([^}]*)\\};`).exec(headerText);
  if (!body) throw new Error(`struct ${structName} not found in ${ABI_HEADER}`);
  const withoutComments = body[1].replace(/\/\*[\s\S]*?\*\//g, '');
  return withoutComments
    .split(';')
    .map((decl) => decl.trim())
    .filter((decl) => decl.length > 0)
    .map((decl) => {
      const m = /([A-Za-z_]\w*)\s*(\[[^\]]*\])?$/.exec(decl);
      if (!m) throw new Error(`cannot read member declaration "${decl}" of struct ${structName}`);
      return m[1];
    });
}

// Object-like #defines with a value: the constants. Function-like macros,
// include guards and the ioctl numbers (emitted separately) are left out.
function constantNames(headerText) {
  const names = [];
  for (const m of headerText.matchAll(/^#define\s+(KT_\w+)[ \t]+([^\\\n]+)$/gm)) {
    const name = m[1];
    if (name.startsWith('KT_IOC_')) continue;
    names.push(name);
  }
  return names;
}

function ioctlNames(headerText) {
  return [...headerText.matchAll(/^#define\s+KT_IOC_(\w+)\s+_IO/gm)].map((m) => m[1]);
}

function probeSource(headerText, tableText) {
  const lines = [];
  const out = (s) => lines.push(s);
  out('#include <stddef.h>');
  out('#include <stdio.h>');
  out('#include <asm/unistd.h>');
  out('#include "ktrace_abi.h"');
  out('#include "ktrace_sysargs.h"');
  out('#define STR_OR_NUM(x) _Generic((x), char *: print_str, const char *: print_str, default: print_num)(#x, (x))');
  out('static int first;');
  out('static void sep(void) { if (!first) printf(","); first = 0; }');
  out('static void print_str(const char *name, ...);');
  out('#include <stdarg.h>');
  out('static void print_str(const char *name, ...) { va_list ap; va_start(ap, name);');
  out('  const char *s = va_arg(ap, const char *); va_end(ap); sep(); printf("\\"%s\\":{\\"string\\":\\"%s\\"}", name, s); }');
  out('static void print_num(const char *name, unsigned long long v) { sep(); printf("\\"%s\\":{\\"number\\":\\"%llu\\"}", name, v); }');
  out('int main(void) {');
  out('  printf("{\\"events\\":["); first = 1;');
  out('#define EV(id, bit, name, family, hook) sep(); printf("{\\"id\\":\\"%s\\",\\"bit\\":%d,\\"name\\":\\"%s\\",\\"family\\":\\"%s\\",\\"hook\\":\\"%s\\"}", #id, (int)(bit), name, family, hook);');
  out('  KT_EVENTS(EV)');
  out('  printf("],\\"variables\\":["); first = 1;');
  out('#define VAR(id, bit, name) sep(); printf("{\\"id\\":\\"%s\\",\\"bit\\":%d,\\"name\\":\\"%s\\"}", #id, (int)(bit), name);');
  out('  KT_VARS(VAR)');
  out('  printf("],\\"fields\\":["); first = 1;');
  out('#define FIELD(id, tag, name, type, var) sep(); printf("{\\"id\\":\\"%s\\",\\"tag\\":%d,\\"name\\":\\"%s\\",\\"type\\":\\"%s\\",\\"var\\":\\"%s\\"}", #id, (int)(tag), name, #type, #var);');
  out('  KT_FIELDS(FIELD)');
  out('  printf("],\\"eventFields\\":["); first = 1;');
  out('#define EVFIELD(event, field) sep(); printf("[\\"%s\\",\\"%s\\"]", #event, #field);');
  out('  KT_EVENT_FIELDS(EVFIELD)');
  out('  printf("],\\"contextFields\\":["); first = 1;');
  out('#define CTXFIELD(field) sep(); printf("\\"%s\\"", #field);');
  out('  KT_CONTEXT_FIELDS(CTXFIELD)');
  out('  printf("],\\"commonFields\\":["); first = 1;');
  out('  KT_COMMON_FIELDS(CTXFIELD)');
  out('  printf("],\\"argKinds\\":["); first = 1;');
  out('#define ARGKIND(id, value, name, when) sep(); printf("{\\"id\\":\\"%s\\",\\"value\\":%d,\\"name\\":\\"%s\\",\\"when\\":\\"%s\\"}", #id, (int)(value), name, when);');
  out('  KT_ARG_KINDS(ARGKIND)');
  out('  printf("],\\"argLayouts\\":["); first = 1;');
  out('#define ARGLAYOUT(id, value, name, size) sep(); printf("{\\"id\\":\\"%s\\",\\"value\\":%d,\\"name\\":\\"%s\\",\\"size\\":%d}", #id, (int)(value), name, (int)(size));');
  out('  KT_ARG_LAYOUTS(ARGLAYOUT)');
  out('  printf("],\\"sysArgs\\":["); first = 1;');
  out('#define SYSARG(sys, arg, kind, layout, aux) sep(); printf("{\\"syscall\\":\\"%s\\",\\"nr\\":%d,\\"arg\\":%d,\\"kind\\":\\"%s\\",\\"layout\\":\\"%s\\",\\"aux\\":%d}", #sys, (int)(__NR_##sys), (int)(arg), #kind, #layout, (int)(aux));');
  out('  KT_SYS_ARGS(SYSARG)');
  out('  printf("],\\"ioctls\\":{"); first = 1;');
  for (const name of ioctlNames(headerText)) {
    out(`  sep(); printf("\\"${name}\\":%u", (unsigned int)(KT_IOC_${name}));`);
  }
  out('  printf("},\\"structs\\":{"); first = 1;');
  for (const struct of STRUCTS) {
    out(`  sep(); printf("\\"${struct}\\":{\\"size\\":%zu,\\"members\\":{", sizeof(struct ${struct})); first = 1;`);
    for (const member of structMembers(headerText, struct)) {
      out(`  sep(); printf("\\"${member}\\":{\\"offset\\":%zu,\\"size\\":%zu}", offsetof(struct ${struct}, ${member}), sizeof(((struct ${struct} *)0)->${member}));`);
    }
    out('  printf("}}"); first = 0;');
  }
  out('  printf("},\\"constants\\":{"); first = 1;');
  for (const name of [...constantNames(tableText), ...constantNames(headerText)]) out(`  STR_OR_NUM(${name});`);
  out('  printf("}}\\n");');
  out('  return 0;');
  out('}');
  return lines.join('\n') + '\n';
}

function probe() {
  const headerText = fs.readFileSync(ABI_HEADER, 'utf8');
  const tableText = fs.readFileSync(TABLE_HEADER, 'utf8');
  fs.accessSync(SYSARGS_HEADER);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-gen-abi-'));
  try {
    const src = path.join(dir, 'probe.c');
    const exe = path.join(dir, 'probe');
    fs.writeFileSync(src, probeSource(headerText, tableText));
    execFileSync('gcc', ['-std=gnu11', '-Wall', '-Werror', '-I', KMOD, '-o', exe, src], { stdio: ['ignore', 'inherit', 'inherit'] });
    return JSON.parse(execFileSync(exe, { encoding: 'utf8' }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function resolve(raw) {
  const fieldById = new Map(raw.fields.map((f) => [f.id, f]));
  const varById = new Map(raw.variables.map((v) => [v.id, v]));
  const tagOf = (id) => {
    const field = fieldById.get(id);
    if (!field) throw new Error(`unknown field ${id}`);
    return field.tag;
  };
  const variableName = (id) => {
    if (id === 'META') return 'meta';
    if (id === 'PARAM') return 'param';
    const v = varById.get(id);
    if (!v) throw new Error(`field names unknown variable ${id}`);
    return v.name;
  };
  const events = raw.events.map((e) => ({
    name: e.name,
    bit: e.bit,
    family: e.family,
    hook: e.hook,
    fields: raw.eventFields.filter(([ev]) => ev === e.id).map(([, f]) => tagOf(f)),
  }));
  const fields = raw.fields.map((f) => ({ name: f.name, tag: f.tag, type: f.type, variable: variableName(f.var) }));
  const variables = raw.variables.map((v) => ({
    name: v.name,
    bit: v.bit,
    fields: fields.filter((f) => f.variable === v.name).map((f) => f.tag),
  }));
  const constants = {};
  for (const [name, value] of Object.entries(raw.constants)) {
    constants[name] = 'string' in value ? value.string : Number(value.number);
  }
  const kindById = new Map(raw.argKinds.map((k) => [k.id, k]));
  const layoutById = new Map(raw.argLayouts.map((l) => [l.id, l]));
  const argKinds = raw.argKinds.map((k) => ({ name: k.name, value: k.value, when: k.when }));
  const argLayouts = raw.argLayouts.map((l) => ({ name: l.name, value: l.value, size: l.size }));
  const sysArgs = raw.sysArgs.map((a) => {
    const kind = kindById.get(a.kind);
    const layout = layoutById.get(a.layout);
    if (!kind || !layout) throw new Error(`${a.syscall} argument ${a.arg}: unknown kind ${a.kind} or layout ${a.layout}`);
    return { syscall: a.syscall, nr: a.nr, arg: a.arg, kind: kind.name, layout: layout.name, aux: a.aux };
  });
  return { events, variables, fields, contextFields: raw.contextFields.map(tagOf), commonFields: raw.commonFields.map(tagOf), argKinds, argLayouts, sysArgs, ioctls: raw.ioctls, structs: raw.structs, constants };
}

// TypeScript literal text: flat rows on one line each, so a diff of the
// generated file shows which table row changed.
function literal(value, indent = '') {
  const inner = indent + '  ';
  const isFlat = (v) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => typeof x !== 'object'));
  const scalar = (v) => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(v));
  const key = (k) => (/^[A-Za-z_]\w*$/.test(k) ? k : `'${k}'`);
  if (value === null || typeof value !== 'object') return scalar(value);
  if (Array.isArray(value)) {
    if (value.every(isFlat)) return `[${value.map((v) => literal(v, inner)).join(', ')}]`;
    return `[\n${value.map((v) => inner + literal(v, inner)).join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(value);
  const oneLine = `{ ${entries.map(([k, v]) => `${key(k)}: ${literal(v, inner)}`).join(', ')} }`;
  if (entries.every(([, v]) => isFlat(v)) && oneLine.length + indent.length < 120) return oneLine;
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)}`).join(',\n')},\n${indent}}`;
}

function hexIoctls(ioctls) {
  const rows = Object.entries(ioctls).map(([name, n]) => `  ${name}: 0x${n.toString(16).padStart(8, '0')},`);
  return `{\n${rows.join('\n')}\n}`;
}

function render(abi) {
  const c = abi.constants;
  return `// generated by scripts/gen-abi.js from kmod/ktrace_table.h, kmod/ktrace_sysargs.h and kmod/ktrace_abi.h; do not edit
// Regenerate with \`node scripts/gen-abi.js\`; a host test fails when this file is stale.

export type FieldType = 'S64' | 'U64' | 'KADDR' | 'CHARS' | 'STR';

export interface EventRow {
  readonly name: string;
  /** Bit in the event mask and BER APPLICATION tag number of the event's records. */
  readonly bit: number;
  readonly family: string;
  readonly hook: string;
  /** Tags of the fields the event records (context and common fields excluded). */
  readonly fields: readonly number[];
}

export interface VariableRow {
  readonly name: string;
  /** Bit in the variable mask. */
  readonly bit: number;
  /** Tags of the fields the variable selects. */
  readonly fields: readonly number[];
}

export interface FieldRow {
  readonly name: string;
  /** BER CONTEXT tag number inside a record. */
  readonly tag: number;
  readonly type: FieldType;
  /** Owning variable's name, 'meta' (keyframe/lost records) or 'param' (an event's own parameters). */
  readonly variable: string;
}

export type ArgKindName = ${abi.argKinds.map((k) => `'${k.name}'`).join(' | ')};

export type ArgLayoutName = ${abi.argLayouts.map((l) => `'${l.name}'`).join(' | ')};

export interface ArgKindRow {
  readonly name: ArgKindName;
  readonly value: number;
  /** When the module reads the memory: at sys_enter, at sys_exit of a call that succeeded, or both. */
  readonly when: 'enter' | 'exit' | 'both';
}

export interface ArgLayoutRow {
  readonly name: ArgLayoutName;
  readonly value: number;
  /** Bytes of one struct (of one array element), x86-64 layout. */
  readonly size: number;
}

export interface SysArgRow {
  /** Native x86-64 syscall name and number. */
  readonly syscall: string;
  readonly nr: number;
  /** The argument whose memory str_arg<arg> carries. */
  readonly arg: number;
  readonly kind: ArgKindName;
  readonly layout: ArgLayoutName;
  /** The argument holding the length (buf_in, sockaddr) or element count (array kinds); 0 otherwise. */
  readonly aux: number;
}

export interface MemberLayout {
  readonly offset: number;
  readonly size: number;
}

export interface StructLayout {
  readonly size: number;
  readonly members: { readonly [member: string]: MemberLayout };
}

export const ABI_VERSION = ${c.KT_ABI_VERSION};
export const KEYFRAME_TAG = ${c.KT_META_RECORD_KEYFRAME};
export const LOST_TAG = ${c.KT_META_RECORD_LOST};

export const EVENTS: readonly EventRow[] = ${literal(abi.events)};

export const VARIABLES: readonly VariableRow[] = ${literal(abi.variables)};

export const FIELDS: readonly FieldRow[] = ${literal(abi.fields)};

/** Tags of the fields every event records besides its own. */
export const CONTEXT_FIELDS: readonly number[] = ${literal(abi.contextFields)};

/** Tags of the task and system state every event records when its variable is selected. */
export const COMMON_FIELDS: readonly number[] = ${literal(abi.commonFields)};

/** What the strings variable captures for an argument (kmod/ktrace_sysargs.h). */
export const ARG_KINDS: readonly ArgKindRow[] = ${literal(abi.argKinds)};

/** Structs the strings variable captures, by layout. */
export const ARG_LAYOUTS: readonly ArgLayoutRow[] = ${literal(abi.argLayouts)};

/** Per syscall argument: what the strings variable captures (kmod/ktrace_sysargs.h rows, in order). */
export const SYS_ARGS: readonly SysArgRow[] = ${literal(abi.sysArgs)};

/** ioctl request numbers (they fit in a uint32). */
export const IOCTLS = ${hexIoctls(abi.ioctls)} as const;

export const STRUCTS = ${literal(abi.structs)} as const satisfies { readonly [name: string]: StructLayout };

/** Every object-like KT_* #define of ktrace_abi.h and ktrace_table.h. */
export const CONSTANTS = ${literal(abi.constants)} as const;
`;
}

function main() {
  const check = process.argv.includes('--check');
  const text = render(resolve(probe()));
  if (check) {
    const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${path.relative(ROOT, OUTPUT)} is stale: run node scripts/gen-abi.js\n`);
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, text);
}

try {
  main();
} catch (err) {
  process.stderr.write(`${path.basename(__filename)}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
