// Every user-facing failure is one line, `ktrace: what: why`, with the exit
// status the --help epilogue documents (0 done, 1 failure, 2 usage or no
// usable device, 3 ABI mismatch); a stack trace only with KTRACE_DEBUG=1.
// Device failures come from the FakeDevice (test/support/fake-ktrace.ts).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixture, ktrace, tmpDir, type Invocation } from '../support/cli-run';

const known = fixture('known.ktr');
const dir = tmpDir();
const fake = { recording: known, atEnd: 'eof' as const };

interface Bad {
  why: string;
  inv: Invocation;
  line: string;
  status: number;
}

const BAD: Bad[] = [
  ...['report', 'dump', 'export'].flatMap((cmd): Bad[] => [
    { why: `${cmd} of empty stdin`, inv: { args: [cmd, '-'], stdin: Buffer.alloc(0) }, line: 'standard input: empty, not a ktrace recording', status: 1 },
    { why: `${cmd} of stdin that is no recording`, inv: { args: [cmd, '-'], stdin: Buffer.from('hello\n') }, line: 'standard input: not a ktrace recording (bad magic at offset 0)', status: 1 },
    { why: `${cmd} of a directory`, inv: { args: [cmd, dir] }, line: `cannot read ${dir}: Is a directory`, status: 1 },
    { why: `${cmd} of a missing file`, inv: { args: [cmd, path.join(dir, 'none.ktr')] }, line: `cannot open ${path.join(dir, 'none.ktr')}: No such file or directory`, status: 1 },
    { why: `${cmd} -o into a directory`, inv: { args: [cmd, known, '-o', dir] }, line: `cannot create ${dir}: Is a directory`, status: 1 },
    { why: `${cmd} -o in a missing directory`, inv: { args: [cmd, known, '-o', '/nonexistent/out'] }, line: 'cannot create /nonexistent/out: No such file or directory', status: 1 },
    { why: `${cmd} with an unknown short flag before the file`, inv: { args: [cmd, '-J', known] }, line: `-J: unknown option (see ktrace ${cmd} --help)`, status: 2 },
    { why: `${cmd} with an unknown long option`, inv: { args: [cmd, '--colour', known] }, line: `--colour: unknown option (see ktrace ${cmd} --help)`, status: 2 },
    { why: `${cmd} without a file`, inv: { args: [cmd] }, line: `missing argument: a recording file (or - for standard input) (see ktrace ${cmd} --help)`, status: 2 },
  ]),
  { why: 'export -F with a bad format', inv: { args: ['export', '-F', 'csv', known] }, line: '--format: invalid value "csv" (choose from "perfetto", "jsonl") (see ktrace export --help)', status: 2 },
  { why: 'report -TJ: an unknown flag in a cluster', inv: { args: ['report', '-TJ', known] }, line: '-J: unknown option (see ktrace report --help)', status: 2 },
  { why: 'ktrace -J', inv: { args: ['-J'] }, line: '-J: unknown option (see ktrace --help)', status: 2 },
  {
    why: '-e verbose=all names the qualifier',
    inv: { args: ['report', '-e', 'verbose=all', known] },
    line: "-e verbose=all: strace's verbose= qualifier is not supported; ktrace takes -e trace=, signal=, status=, read= and write=",
    status: 2,
  },
  { why: '-e signal= of an unknown signal', inv: { args: ['report', '-e', 'signal=SIGFOO', known] }, line: "-e signal=SIGFOO: invalid signal 'SIGFOO'", status: 2 },
  {
    why: '-e with an unknown qualifier',
    inv: { args: ['report', '-e', 'colour=red', known] },
    line: "-e colour=red: unknown qualifier 'colour' (ktrace takes -e trace=, signal=, status=, read= and write=)",
    status: 2,
  },
  { why: '-e trace= of an unknown syscall', inv: { args: ['report', '-e', 'trace=opne', known] }, line: "-e trace=opne: invalid system call 'opne'", status: 2 },
  { why: '-e trace= of an unknown class', inv: { args: ['report', '-e', 'trace=%files', known] }, line: "-e trace=%files: invalid syscall class '%files'", status: 2 },
  { why: 'a second bad -e trace=', inv: { args: ['report', '-e', 'trace=close', '-e', 'trace=opne', known] }, line: "-e trace=opne: invalid system call 'opne'", status: 2 },
  { why: '--device that is a directory', inv: { args: ['--device', dir] }, line: `${dir}: not the trace device: it is a directory (--device takes /dev/trace)`, status: 2 },
  { why: '--device that is another character device', inv: { args: ['--device', '/dev/null'] }, line: "/dev/null: not the trace device: it does not answer ktrace's ioctls (--device takes /dev/trace)", status: 2 },
  { why: 'info --device /dev/null', inv: { args: ['info', '--device', '/dev/null'] }, line: "/dev/null: not the trace device: it does not answer ktrace's ioctls (--device takes /dev/trace)", status: 2 },
  { why: 'mem --device that is a directory', inv: { args: ['mem', '--device', dir] }, line: `${dir}: not the trace device: it is a directory (--device takes /dev/trace)`, status: 2 },
  {
    why: '--device that does not exist',
    inv: { args: ['--device', '/nonexistent/trace'] },
    line: 'cannot open /nonexistent/trace: No such file or directory (--device takes the trace device, /dev/trace)',
    status: 2,
  },
  { why: 'run without a command', inv: { args: ['run'] }, line: 'run: no command given (ktrace run -- CMD ARGS)', status: 2 },
  { why: 'a negative --pid', inv: { args: ['--pid', '-3'] }, line: '--pid -3: not a process id', status: 2 },
  // The device's own failures, injected.
  {
    why: 'a device that may not be opened',
    inv: { args: ['--pid', '4'], fake: { ...fake, openError: 'EACCES' } },
    line: 'cannot open /dev/trace: permission denied (the device should be mode 0444; check its permissions)',
    status: 2,
  },
  { why: 'a pid that does not exist', inv: { args: ['--pid', '4'], fake: { ...fake, fail: { setTarget: 'ESRCH' } } }, line: 'no process with pid 4', status: 1 },
  {
    why: 'an event this kernel lacks',
    inv: { args: ['--events', 'page_alloc'], fake: { ...fake, unavailable: ['page_alloc'] } },
    line: 'not available on this kernel: event page_alloc (kmem:mm_page_alloc); `ktrace --events list` shows what is',
    status: 2,
  },
  {
    why: 'a module of another ABI',
    inv: { args: ['--pid', '4'], fake: { ...fake, abiVersion: 99 } },
    line: 'ABI mismatch: the loaded module speaks ABI 99, this ktrace speaks ABI 3; rebuild and reload the module from the same release as the frontend',
    status: 3,
  },
  { why: 'record -o into a directory', inv: { args: ['record', '-o', dir, '--', 'true'], fake }, line: `cannot create ${dir}: Is a directory`, status: 1 },
  { why: 'run -o into a directory', inv: { args: ['run', '-o', dir, '--', 'true'], fake }, line: `cannot create ${dir}: Is a directory`, status: 1 },
];

describe('failures are one line with a documented status', function () {
  this.timeout(60_000);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const bad of BAD) {
    it(`${bad.why}: "ktrace: ${bad.line}", status ${bad.status}`, () => {
      const r = ktrace(bad.inv);
      assert.equal(r.stderr, `ktrace: ${bad.line}\n`);
      assert.equal(r.code, bad.status);
    });
  }

  it('a device read error mid-trace is one line after the lines before it', () => {
    const r = ktrace({ args: ['--pid', '4'], fake: { ...fake, recordsPerRead: 4, fail: { read: 'EIO' }, readFailsAfter: 3 } });
    assert.equal(r.code, 1);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.at(-1), 'ktrace: read /dev/trace: Input/output error');
    assert.equal(lines.filter((l) => l.startsWith('ktrace:')).length, 1);
    assert.ok(lines.length > 1, 'the records read before the error are shown');
  });

  it('KTRACE_DEBUG=1 adds where the error came from', () => {
    const r = ktrace({ args: ['report', dir] }, { KTRACE_DEBUG: '1' });
    assert.equal(r.code, 1);
    const [first, ...rest] = r.stderr.trimEnd().split('\n');
    assert.equal(first, `ktrace: cannot read ${dir}: Is a directory`);
    assert.match(rest.join('\n'), /at FileSource\.openInput/);
  });

  it('-h and --help print the help with the exit statuses, -V and --version the version', () => {
    const version = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['-h', '--help']) {
      const r = ktrace({ args: [flag] });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Exit status:\n {2}0 {4}done\n {2}1 {4}failed while working/m);
      assert.match(r.stdout, /^ {2}141 {2}the output was closed early \(128\+SIGPIPE\)/m);
    }
    assert.match(ktrace({ args: ['report', '-h'] }).stdout, /^ktrace report <file>/);
    for (const flag of ['-V', '--version']) assert.deepEqual(ktrace({ args: [flag] }), { code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('two -e trace= keep the last, as strace does', () => {
    const r = ktrace({ args: ['report', '-e', 'trace=openat', '-e', 'trace=close', known] });
    assert.equal(r.code, 0, r.stderr);
    const calls = r.stdout.split('\n').filter((l) => l && !l.startsWith('+++'));
    assert.deepEqual(calls, ['close(-1)                               = -1 EBADF (Bad file descriptor)']);
  });

  it('-e NAME is -e trace=NAME', () => {
    const r = ktrace({ args: ['report', '-e', 'close', known] });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, ktrace({ args: ['report', '-e', 'trace=close', known] }).stdout);
  });
});
