// Native AIO against the real module and the guest's strace (issue 18):
// test/progs/aio_calls makes io_setup, io_submit, io_getevents, io_cancel
// and io_destroy calls with known arguments, and `ktrace run` must print
// the lines strace prints for them: io_submit's iocbs (kind iocbs) with a
// PWRITE's buffer as a string, PREADV's and PWRITEV's iovecs, an unknown
// opcode, an I/O priority and resfd, poll events, NULL and unreadable
// pointers and an array cut by an unreadable page; io_getevents' events
// (layout io_event); io_cancel's iocb (layout iocb).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prog } from './lib/readers';
import { traceBoth } from './lib/trace-both';
import { expectOwnSecretsOnly } from './lib/sec-watcher';

const PROG = prog('aio_calls');
const WATCH = path.join(__dirname, 'helpers/sec-watch.js');

const CALLS = /^io_(setup|submit|getevents|cancel|destroy)\(/;

/** Lines both tracers must print exactly (addresses as ADDR). */
const EXACT = [
  'io_setup(8, [ADDR]) = 0',
  'io_submit(ADDR, 1, [{aio_data=0x1234, aio_lio_opcode=IOCB_CMD_PWRITE, aio_fildes=3, aio_buf="a line of aio, longer than the t"..., aio_nbytes=61, aio_offset=0}]) = 1',
  'io_getevents(ADDR, 1, 1, [{data=0x1234, obj=ADDR, res=61, res2=0}], NULL) = 1',
  'io_submit(ADDR, 2, [{aio_data=0x5678, aio_lio_opcode=IOCB_CMD_PREADV, aio_fildes=3, aio_buf=[{iov_base=ADDR, iov_len=8}, {iov_base=ADDR, iov_len=8}], aio_offset=0}, ' +
    '{aio_data=0x9abc, aio_lio_opcode=IOCB_CMD_PWRITEV, aio_fildes=3, aio_buf=[{iov_base="ab", iov_len=2}, {iov_base="cd", iov_len=2}], aio_offset=100}]) = 2',
  'io_getevents(ADDR, 2, 2, [{data=0x5678, obj=ADDR, res=16, res2=0}, {data=0x9abc, obj=ADDR, res=4, res2=0}], {tv_sec=0, tv_nsec=500000000}) = 2',
  'io_getevents(ADDR, 0, 1, [], {tv_sec=0, tv_nsec=0}) = 0',
  'io_submit(ADDR, 10, [{aio_data=ADDR, aio_key=3740978896, aio_lio_opcode=61453 /* IOCB_CMD_??? */, aio_fildes=-1}, ' +
    '{aio_data=0, aio_lio_opcode=IOCB_CMD_PWRITE, aio_reqprio=IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4), aio_fildes=3, aio_buf=NULL, aio_nbytes=16, aio_offset=0, aio_flags=IOCB_FLAG_RESFD|IOCB_FLAG_IOPRIO, aio_resfd=3}, ' +
    '{aio_data=0, aio_rw_flags=RWF_NOWAIT, aio_lio_opcode=IOCB_CMD_POLL, aio_fildes=3, aio_buf=POLLIN|POLLPRI}, ' +
    '{aio_data=0, aio_lio_opcode=IOCB_CMD_PWRITE, aio_fildes=3, aio_buf=ADDR, aio_nbytes=4, aio_offset=0}, ' +
    '{aio_data=0, aio_lio_opcode=IOCB_CMD_PREADV, aio_fildes=3, aio_buf=ADDR, aio_offset=0}, NULL, ADDR, ADDR, ... /* ADDR */]) = -1 EBADF (Bad file descriptor)',
  'io_submit(ADDR, 1, ADDR) = -1 EFAULT (Bad address)',
  'io_submit(ADDR, -1, ADDR) = -1 EINVAL (Invalid argument)',
  'io_cancel(ADDR, {aio_data=0x1234, aio_lio_opcode=IOCB_CMD_PWRITE, aio_fildes=3}, ADDR) = -1 EINVAL (Invalid argument)',
  'io_destroy(ADDR) = 0',
];

/** The calls of a trace file: alignment padding and addresses normalised. */
function callLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/^(\S.*?\)) +(= .*)$/, '$1 $2').replace(/0x[0-9a-f]{6,}/g, 'ADDR'))
    .filter((l) => CALLS.test(l));
}

describe('native AIO: io_submit iocbs, io_getevents events, io_cancel iocb (in VM)', function () {
  this.timeout(900000);

  it('ktrace run prints the lines strace prints for the same calls', function () {
    const { strace, ktrace } = traceBoth(PROG, callLines);
    assert.deepEqual(ktrace, strace);
    assert.deepEqual(ktrace, EXACT);
  });

  it("uid 1000 gets no iocb buffer, iovec bytes or iocb of a setuid-root process, and its own", async function () {
    const dir = '/tmp/ktaio';
    const secret = 'ktsec-a!ktsec-a~';
    // io_submit's PWRITE buffer, its PWRITEV iovec (kind iocbs), io_cancel's iocb (struct_in): one record each.
    await expectOwnSecretsOnly(dir, secret, PROG, WATCH, 3);
  });
});
