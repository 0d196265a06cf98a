// Printing signatures: memory mappings.
import {
  MADVISE_ADVICE,
  PROT_FLAGS,
} from '../constants';
import {
  choice,
  FD,
  flags,
  HEX,
  PTR,
  shape,
  ULONG,
  type Signature,
} from '../shape';
import { flagTable } from '../xlat';

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

export const MEMORY_SIGNATURES: { readonly [name: string]: Signature } = {
  mmap: shape([PTR, ULONG, flags(PROT_FLAGS), { kind: 'mmap-flags' }, FD, HEX], 'hex'),
  mprotect: shape([PTR, ULONG, flags(PROT_FLAGS)]),
  munmap: shape([PTR, ULONG]),
  mremap: shape([PTR, ULONG, ULONG, flags(MREMAP_FLAGS), PTR], 'hex'),
  msync: shape([PTR, ULONG, flags(MSYNC_FLAGS)]),
  madvise: shape([PTR, ULONG, choice(MADVISE_ADVICE)]),
  brk: shape([PTR], 'hex'),
};
