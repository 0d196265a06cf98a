// Printing signatures: memory mappings.
import {
  MADVISE_ADVICE,
  PROT_FLAGS,
} from '../constants';
import {
  choice,
  FD,
  flags,
  flags64,
  HEX,
  HEX32,
  INT,
  NO_ARGS,
  OUT,
  PTR,
  shape,
  ULONG,
  type CallShape,
  type Signature,
} from '../shape';
import { enumTable, flagTable } from '../xlat';

const MREMAP_FLAGS = flagTable('MREMAP_', [
  [1, 'MREMAP_MAYMOVE'],
  [2, 'MREMAP_FIXED'],
  [4, 'MREMAP_DONTUNMAP'],
]);

const MSYNC_FLAGS = flagTable('MS_', [
  [1, 'MS_ASYNC'],
  [2, 'MS_INVALIDATE'],
  [4, 'MS_SYNC'],
]);

const MLOCK_FLAGS = flagTable('MLOCK_', [[1, 'MLOCK_ONFAULT']]);

const MLOCKALL_FLAGS = flagTable('MCL_', [
  [1, 'MCL_CURRENT'],
  [2, 'MCL_FUTURE'],
  [4, 'MCL_ONFAULT'],
]);

const PKEY_RIGHTS = flagTable('PKEY_', [
  [1, 'PKEY_DISABLE_ACCESS'],
  [2, 'PKEY_DISABLE_WRITE'],
  [4, 'PKEY_DISABLE_EXECUTE'],
]);

const MEMBARRIER_COMMANDS: readonly (readonly [number, string])[] = [
  [1 << 0, 'MEMBARRIER_CMD_GLOBAL'],
  [1 << 1, 'MEMBARRIER_CMD_GLOBAL_EXPEDITED'],
  [1 << 2, 'MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED'],
  [1 << 3, 'MEMBARRIER_CMD_PRIVATE_EXPEDITED'],
  [1 << 4, 'MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED'],
  [1 << 5, 'MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE'],
  [1 << 6, 'MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE'],
  [1 << 7, 'MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ'],
  [1 << 8, 'MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ'],
];

const MEMBARRIER_CMD = choice(enumTable('MEMBARRIER_CMD_', [[0, 'MEMBARRIER_CMD_QUERY'], ...MEMBARRIER_COMMANDS]));
/** What MEMBARRIER_CMD_QUERY returns: the commands the kernel supports. */
const MEMBARRIER_SUPPORTED = flagTable('MEMBARRIER_CMD_', MEMBARRIER_COMMANDS);
const MEMBARRIER_FLAGS = flagTable('MEMBARRIER_CMD_FLAG_', [[1, 'MEMBARRIER_CMD_FLAG_CPU']]);

/**
 * membarrier(cmd, flags, cpu_id): cpu_id only with MEMBARRIER_CMD_FLAG_CPU;
 * a query's result names the supported commands.
 */
function membarrier(raw: readonly bigint[]): CallShape {
  const specs = BigInt.asUintN(32, raw[1]) & 1n ? [MEMBARRIER_CMD, flags(MEMBARRIER_FLAGS), INT] : [MEMBARRIER_CMD, flags(MEMBARRIER_FLAGS)];
  const query = BigInt.asUintN(32, raw[0]) === 0n;
  return query ? { args: shape(specs).args, ret: 'query-flags', retFlags: MEMBARRIER_SUPPORTED } : shape(specs);
}

export const MEMORY_SIGNATURES: { readonly [name: string]: Signature } = {
  mmap: shape([PTR, ULONG, flags(PROT_FLAGS), { kind: 'mmap-flags' }, FD, HEX], 'hex'),
  mprotect: shape([PTR, ULONG, flags(PROT_FLAGS)]),
  munmap: shape([PTR, ULONG]),
  mremap: shape([PTR, ULONG, ULONG, flags(MREMAP_FLAGS), PTR], 'hex'),
  msync: shape([PTR, ULONG, flags(MSYNC_FLAGS)]),
  madvise: shape([PTR, ULONG, choice(MADVISE_ADVICE)]),
  brk: shape([PTR], 'hex'),
  mlock: shape([PTR, ULONG]),
  munlock: shape([PTR, ULONG]),
  mlock2: shape([PTR, ULONG, flags(MLOCK_FLAGS)]),
  mlockall: shape([flags(MLOCKALL_FLAGS)]),
  munlockall: NO_ARGS,
  mincore: shape([PTR, ULONG, OUT]),
  pkey_alloc: shape([HEX, flags64(PKEY_RIGHTS)]),
  pkey_free: shape([INT]),
  pkey_mprotect: shape([PTR, ULONG, flags64(PROT_FLAGS), INT]),
  remap_file_pages: shape([PTR, ULONG, flags64(PROT_FLAGS), ULONG, { kind: 'mmap-flags' }]),
  membarrier,
  process_madvise: shape([FD, PTR, ULONG, choice(MADVISE_ADVICE), HEX32]),
  process_mrelease: shape([FD, HEX32]),
};
