// strace's -eEXPR and -oFILE written as one word, split before yargs parses them.
import { strict as assert } from 'node:assert';
import { splitAttachedValues } from '../../frontend/src/attached-values';

describe('attached option values', () => {
  it('splits -eEXPR and -oFILE, leaves clusters, numbers and long options alone', () => {
    assert.deepEqual(splitAttachedValues(['run', '-esignal=none', '-etrace=openat', '-otrace.txt', '-ff', '-qq', '-s64', '-a21', '-e', 'trace=read', '--json']), [
      'run', '-e', 'signal=none', '-e', 'trace=openat', '-o', 'trace.txt', '-ff', '-qq', '-s64', '-a21', '-e', 'trace=read', '--json',
    ]);
  });

  it('--trace=SET, --signal=SET, --signals SET: strace\'s long forms of -e', () => {
    assert.deepEqual(splitAttachedValues(['run', '-a15', '--signal=!cont', '--trace=tgkill', '--signals', 'none', '--json']), [
      'run', '-a15', '-e', 'signal=!cont', '-e', 'trace=tgkill', '-e', 'signal=none', '--json',
    ]);
  });

  it('never touches the command after --', () => {
    assert.deepEqual(splitAttachedValues(['run', '-etrace=%file', '--', 'grep', '-eroot', '-ofoo', '--trace=x', '/etc/passwd']), [
      'run', '-e', 'trace=%file', '--', 'grep', '-eroot', '-ofoo', '--trace=x', '/etc/passwd',
    ]);
  });
});
