// strace's -eEXPR and -oFILE written as one word, split before yargs parses them.
import { strict as assert } from 'node:assert';
import { splitAttachedValues } from '../../frontend/src/attached-values';

describe('attached option values', () => {
  it('splits -eEXPR and -oFILE, leaves clusters, numbers and long options alone', () => {
    assert.deepEqual(splitAttachedValues(['run', '-esignal=none', '-etrace=openat', '-otrace.txt', '-ff', '-qq', '-s64', '-a21', '-e', 'trace=read', '--json']), [
      'run', '-e', 'signal=none', '-e', 'trace=openat', '-o', 'trace.txt', '-ff', '-qq', '-s64', '-a21', '-e', 'trace=read', '--json',
    ]);
  });

  it('never touches the command after --', () => {
    assert.deepEqual(splitAttachedValues(['run', '-etrace=%file', '--', 'grep', '-eroot', '-ofoo', '/etc/passwd']), [
      'run', '-e', 'trace=%file', '--', 'grep', '-eroot', '-ofoo', '/etc/passwd',
    ]);
  });
});
