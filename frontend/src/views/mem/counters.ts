// The system memory variables that memory views chart, and the counters among
// them that they turn into per-second rates (page_faults -> pageFaults, ...).
import { tagNamed } from '../../abi/abi';

export const MEMORY_COUNTERS = ['pageFaults', 'pageIns', 'pageOuts', 'swapIns', 'swapOuts'] as const;
export type MemoryCounter = (typeof MEMORY_COUNTERS)[number];

export const MEMORY_TAGS = {
  freeMem: tagNamed('free_mem'),
  totalMem: tagNamed('total_mem'),
  pageFaults: tagNamed('page_faults'),
  pageIns: tagNamed('page_ins'),
  pageOuts: tagNamed('page_outs'),
  swapIns: tagNamed('swap_ins'),
  swapOuts: tagNamed('swap_outs'),
} as const;
