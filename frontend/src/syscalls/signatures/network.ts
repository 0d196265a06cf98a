// Printing signatures: sockets.
import {
  MSG_FLAGS,
  SHUTDOWN_HOW,
  SOCKET_FLAGS,
} from '../constants';
import * as dynamic from '../dynamic';
import {
  BUF_OUT,
  bufIn,
  choice,
  FD,
  flags,
  INT,
  OUT,
  PTR,
  shape,
  TIMESPEC,
  UINT,
  ULONG,
  type ArgSpec,
  type Signature,
} from '../shape';

const SOCKADDR_LEN2: ArgSpec = { kind: 'sockaddr', lenArg: 2 };

export const NETWORK_SIGNATURES: { readonly [name: string]: Signature } = {
  socket: dynamic.socket,
  socketpair: dynamic.socketpair,
  connect: shape([FD, SOCKADDR_LEN2, UINT]),
  bind: shape([FD, SOCKADDR_LEN2, UINT]),
  listen: shape([FD, INT]),
  accept: shape([FD, OUT, OUT]),
  accept4: shape([FD, OUT, OUT, flags(SOCKET_FLAGS)]),
  getsockname: shape([FD, OUT, OUT]),
  getpeername: shape([FD, OUT, OUT]),
  sendto: shape([FD, bufIn(2), ULONG, flags(MSG_FLAGS), { kind: 'sockaddr', lenArg: 5 }, UINT]),
  recvfrom: shape([FD, BUF_OUT, ULONG, flags(MSG_FLAGS), OUT, OUT]),
  sendmsg: shape([FD, PTR, flags(MSG_FLAGS)]),
  recvmsg: shape([FD, OUT, flags(MSG_FLAGS)]),
  // strace prints both vectors at exit (sendmmsg's with each msg_len the kernel set).
  sendmmsg: shape([FD, OUT, UINT, flags(MSG_FLAGS)]),
  recvmmsg: shape([FD, OUT, UINT, flags(MSG_FLAGS), TIMESPEC]),
  shutdown: shape([FD, choice(SHUTDOWN_HOW)]),
  setsockopt: dynamic.setsockopt,
  getsockopt: dynamic.getsockopt,
};
