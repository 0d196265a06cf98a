// The conformance harness's own parts: reading strace's test table, the
// options each selected test runs with, the log comparison and the figures.
import { strict as assert } from 'node:assert';
import { firstDifference, fromMarker } from '../conformance/compare';
import { matchDiffArgs, parseGenTests, selectTests, shellWords } from '../conformance/gen-tests';
import { categorize, categoryCounts, figure, renderDoc, summarize, type KernelRun } from '../conformance/report';

const TABLE = [
  '# Input for gen_tests.sh',
  '',
  '_newselect-P\t -e trace=_newselect -P /dev/full 9>>/dev/full',
  'chdir\t-a10',
  'getpid\t-a9',
  'getrlimit\t-a27 \'QUIRK:START-OF-TEST-OUTPUT:getrlimit(0x10 /* RLIMIT_??? */, NULL)\'',
  'arch_prctl\t\t\t+arch_prctl.sh -a27',
  'bpf-success\t-einject=bpf:retval=42 -etrace=bpf -a20',
  'clock\ttest_trace_expr \'times|times-.*|fcntl.*\' -e/clock',
  'umask',
  'access--secontext\t-a30 --secontext --trace-path=access_sample -e trace=access',
  'times-Xraw\t-a17 -Xraw -e trace=times',
  'nanosleep\t-a20 -e trace=nanosleep -e signal=none',
  'open\t-a30 -P $NAME.sample',
  'keyctl\t-a31 -s10 -f --signal=\'!chld\'',
  'sigsuspend\t-a19 -esignal=none',
].join('\n');

describe('strace conformance: the test table (gen_tests.in)', () => {
  it('parses each line into its name, kind and text', () => {
    assert.deepEqual(parseGenTests(TABLE).slice(0, 7), [
      { name: '_newselect-P', kind: 'match', text: '-e trace=_newselect -P /dev/full 9>>/dev/full' },
      { name: 'chdir', kind: 'match', text: '-a10' },
      { name: 'getpid', kind: 'match', text: '-a9' },
      { name: 'getrlimit', kind: 'match', text: "-a27 'QUIRK:START-OF-TEST-OUTPUT:getrlimit(0x10 /* RLIMIT_??? */, NULL)'" },
      { name: 'arch_prctl', kind: 'script', text: '+arch_prctl.sh -a27' },
      { name: 'bpf-success', kind: 'inject', text: '-einject=bpf:retval=42 -etrace=bpf -a20' },
      { name: 'clock', kind: 'command', text: "test_trace_expr 'times|times-.*|fcntl.*' -e/clock" },
    ]);
    assert.deepEqual(parseGenTests('umask\n'), [{ name: 'umask', kind: 'match', text: '' }]);
  });

  it('splits options into words as the shell would, and refuses what only a shell can do', () => {
    assert.deepEqual(shellWords("-a27 'QUIRK:START-OF-TEST-OUTPUT:getrlimit(0x10, NULL)'"), ['-a27', 'QUIRK:START-OF-TEST-OUTPUT:getrlimit(0x10, NULL)']);
    assert.deepEqual(shellWords('-a30 -P "/dev/full"  -e   trace=openat'), ['-a30', '-P', '/dev/full', '-e', 'trace=openat']);
    assert.deepEqual(shellWords("--signal='!chld' a\\ b"), ['--signal=!chld', 'a b']);
    assert.deepEqual(shellWords(''), []);
    assert.equal(shellWords('-e trace=mmap -P /dev/full 9>>/dev/full'), undefined);
    assert.equal(shellWords('-a30 -P $NAME.sample'), undefined);
    assert.equal(shellWords('-P "$PWD/x"'), undefined);
    assert.equal(shellWords("-a1 'unterminated"), undefined);
  });

  it('gives a test -e trace=NAME first unless it names its trace set, as run_strace_match_diff does', () => {
    assert.deepEqual(matchDiffArgs('chdir', ['-a10']), { name: 'chdir', options: ['-e', 'trace=chdir', '-a10'], progArgs: [] });
    assert.deepEqual(matchDiffArgs('umask', []), { name: 'umask', options: ['-e', 'trace=umask'], progArgs: [] });
    assert.deepEqual(matchDiffArgs('times', ['-a17', '-e', 'trace=times']), { name: 'times', options: ['-a17', '-e', 'trace=times'], progArgs: [] });
    assert.deepEqual(matchDiffArgs('x', ['-etrace=x,y']), { name: 'x', options: ['-etrace=x,y'], progArgs: [] });
    assert.deepEqual(matchDiffArgs('x', ['--trace=y']), { name: 'x', options: ['--trace=y'], progArgs: [] });
    assert.deepEqual(matchDiffArgs('getrlimit', ['-a27', 'QUIRK:START-OF-TEST-OUTPUT:getrlimit(0x10 /* RLIMIT_??? */, NULL)']), {
      name: 'getrlimit',
      options: ['-e', 'trace=getrlimit', '-a27'],
      progArgs: [],
      startMarker: 'getrlimit(0x10 /* RLIMIT_??? */, NULL)',
    });
    assert.deepEqual(matchDiffArgs('p', ['-a9', 'QUIRK:PROG-ARGS:1 2']), { name: 'p', options: ['-e', 'trace=p', '-a9'], progArgs: ['1', '2'] });
  });

  it('selects the diffed tests with plain options and says why each other one is left out', () => {
    const { selected, excluded } = selectTests(parseGenTests(TABLE));
    assert.deepEqual(
      selected.map((t) => [t.name, t.options.join(' ')]),
      [
        ['chdir', '-e trace=chdir -a10'],
        ['getpid', '-e trace=getpid -a9'],
        ['getrlimit', '-e trace=getrlimit -a27'],
        ['umask', '-e trace=umask'],
        ['nanosleep', '-a20 -e trace=nanosleep -e signal=none'],
        ['sigsuspend', '-e trace=sigsuspend -a19 -esignal=none'],
      ],
    );
    assert.deepEqual(excluded, [
      { name: '_newselect-P', reason: 'a variant of another test with other strace options' },
      { name: 'arch_prctl', reason: 'its own script (arch_prctl.sh)' },
      { name: 'bpf-success', reason: 'fault injection' },
      { name: 'clock', reason: 'a shell command (test_trace_expr)' },
      { name: 'access--secontext', reason: 'a variant of another test with other strace options' },
      { name: 'times-Xraw', reason: 'a variant of another test with other strace options' },
      { name: 'open', reason: 'shell expansion or redirection in its options' },
      { name: 'keyctl', reason: 'kernel keyrings' },
    ]);
  });
});

describe('strace conformance: comparing a log with the program\'s output', () => {
  it('takes the log from the QUIRK start marker on, like sed -n "/marker/,$p"', () => {
    assert.equal(fromMarker('a\nb(1)\nc\n', 'b(1)'), 'b(1)\nc\n');
    assert.equal(fromMarker('a\nb\n', 'zz'), '');
    assert.equal(fromMarker('a\nb\n', undefined), 'a\nb\n');
  });

  it('names the first differing line, or nothing when equal', () => {
    assert.equal(firstDifference('x\ny\n', 'x\ny\n'), undefined);
    assert.deepEqual(firstDifference('chdir("/") = 0\n+++ exited with 0 +++\n', 'chdir(0x4a2004) = 0\n+++ exited with 0 +++\n'), {
      line: 1,
      expected: 'chdir("/") = 0',
      actual: 'chdir(0x4a2004) = 0',
    });
    assert.deepEqual(firstDifference('a\nb\n', 'a\n'), { line: 2, expected: 'b', actual: '' });
    assert.deepEqual(firstDifference('a\n', 'a\nb\n'), { line: 2, expected: '', actual: 'b' });
    assert.deepEqual(firstDifference('a', 'a\n'), { line: 2, actual: '' });
  });
});

describe('strace conformance: categories and the figure', () => {
  it('names the option ktrace refused, or the kind of failure', () => {
    assert.equal(categorize({ verdict: 'fail', reason: 'usage: ktrace: -a: unknown option (see ktrace run --help)', seconds: 1 }), 'option not supported: -a');
    assert.equal(
      categorize({ verdict: 'fail', reason: "usage: ktrace: -e verbose=none: strace's verbose= qualifier is not supported; ktrace filters with -e trace=", seconds: 1 }),
      'option not supported: -e verbose=',
    );
    assert.equal(categorize({ verdict: 'fail', reason: 'usage: ktrace: --signal: unknown option (see ktrace run --help)', seconds: 1 }), 'option not supported: --signal');
    assert.equal(categorize({ verdict: 'fail', reason: 'usage: ktrace: run: no command given', seconds: 1 }), 'usage error: ktrace: run: no command given');
    assert.equal(categorize({ verdict: 'fail', reason: 'output differs', seconds: 1 }), 'output differs');
    assert.equal(categorize({ verdict: 'fail', reason: 'exit status 1: ktrace: boom', seconds: 1 }), 'ktrace failed: exit status 1: ktrace: boom');
    assert.equal(categorize({ verdict: 'pass', seconds: 1 }), 'pass');
  });

  it('counts ktrace only on the tests strace passes', () => {
    const pass = { verdict: 'pass' as const, seconds: 1 };
    const run: KernelRun = {
      flavor: '6.1',
      kernel: '6.1.0-1-amd64',
      straceVersion: 'strace -- version 6.1',
      sourceVersion: '6.1-0.1',
      selected: 6,
      built: 5,
      seconds: 30,
      tests: [
        { name: 'a', options: [], strace: pass, ktrace: pass },
        { name: 'b', options: [], strace: pass, ktrace: { verdict: 'fail', reason: 'usage: ktrace: -a: unknown option (see ktrace run --help)', seconds: 1 } },
        { name: 'c', options: [], strace: pass, ktrace: { verdict: 'fail', reason: 'output differs', difference: { line: 2, expected: 'x', actual: 'y' }, seconds: 1 } },
        { name: 'd', options: [], strace: { verdict: 'fail', reason: 'output differs', seconds: 1 }, ktrace: pass },
        { name: 'e', options: [], strace: { verdict: 'skip', reason: 'no such syscall', seconds: 0 } },
        { name: 'f', options: [], strace: pass, ktrace: { verdict: 'fail', reason: 'usage: ktrace: -a: unknown option (see ktrace run --help)', seconds: 1 } },
      ],
    };
    const s = summarize(run);
    assert.equal(figure(s), 'ktrace passes 1 of the 4 tests strace passes');
    assert.deepEqual([s.ran, s.skipped, s.stracePasses, s.ktracePasses, s.straceFails.map((t) => t.name)], [5, 1, ['a', 'b', 'c', 'f'], ['a'], ['d']]);
    assert.deepEqual(s.ktraceFails, [
      { name: 'b', category: 'option not supported: -a' },
      { name: 'c', category: 'output differs', detail: 'line 2: expected `x`, got `y`' },
      { name: 'f', category: 'option not supported: -a' },
    ]);
    assert.deepEqual(categoryCounts(s), [
      ['option not supported: -a', 2],
      ['output differs', 1],
    ]);
    const doc = renderDoc([run], [{ name: 'x', reason: 'fault injection' }, { name: 'y', reason: 'kernel keyrings' }, { name: 'z', reason: 'fault injection' }]).split('\n');
    const at = (text: string): number => doc.indexOf(text);
    assert.ok(at('## Linux 6.1.0-1-amd64 (`--kernel 6.1`)') > 0);
    assert.equal(doc[at('## Linux 6.1.0-1-amd64 (`--kernel 6.1`)') + 2], '**ktrace passes 1 of the 4 tests strace passes.** Selected 6, built 5; 1 skipped by the program itself');
    assert.deepEqual(doc.slice(at('| category | tests |'), at('| category | tests |') + 4), ['| category | tests |', '|---|---|', '| option not supported: -a | 2 |', '| output differs | 1 |']);
    assert.ok(at('| c | `` | output differs | line 2: expected `x`, got `y` |') > 0);
    assert.ok(at('- d: output differs') > 0);
    assert.deepEqual(doc.slice(at('| reason | tests |') + 2, at('| reason | tests |') + 4), ['| fault injection | 2 |', '| kernel keyrings | 1 |']);
  });
});
