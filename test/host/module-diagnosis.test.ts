// ktrace info's explanation of a missing /dev/trace, from injected facts.
import { strict as assert } from 'node:assert';
import { diagnoseMissingDevice, signatureEnforcement, SIGNING_DOC } from '../../frontend/src/views/module-diagnosis';

const NOT_LOADED = '/dev/trace does not exist: trace.ko is not loaded. Load it with `sudo modprobe trace` (after make install or make dkms-install) or `sudo insmod trace.ko`';
const SIGN = `sign trace.ko with a key enrolled by \`mokutil --import\` (DKMS does this with its own key): see ${SIGNING_DOC}`;

describe('diagnoseMissingDevice', () => {
  it('says only "not loaded" on a kernel that takes unsigned modules', () => {
    const lines = diagnoseMissingDevice('/dev/trace', {
      moduleLoaded: false,
      kernelLog: ['trace: loading out-of-tree module taints kernel.'],
      lockdown: '[none] integrity confidentiality',
      sigEnforce: 'N',
      secureBoot: 0,
    });
    assert.deepEqual(lines, [NOT_LOADED]);
  });

  it('explains Secure Boot with lockdown, and quotes the refusal from the kernel log', () => {
    const lines = diagnoseMissingDevice('/dev/trace', {
      moduleLoaded: false,
      kernelLog: ['Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7'],
      lockdown: 'none [integrity] confidentiality',
      secureBoot: 1,
    });
    assert.deepEqual(lines, [
      NOT_LOADED,
      'the kernel refused an unsigned or untrusted module: Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7',
      'this kernel loads only signed modules (Secure Boot is enabled, kernel lockdown is in integrity mode): an unsigned trace.ko fails with "Key was rejected by service" or "Required key not available"',
      SIGN,
    ]);
  });

  it('recognises sig_enforce and a key the kernel does not trust', () => {
    const lines = diagnoseMissingDevice('/dev/trace', {
      moduleLoaded: false,
      kernelLog: ['PKCS#7 signature not signed with a trusted key', 'Loading of module with unavailable key is rejected'],
      sigEnforce: 'Y',
    });
    assert.equal(lines[1], 'the kernel refused an unsigned or untrusted module: Loading of module with unavailable key is rejected');
    assert.match(lines[2], /^this kernel loads only signed modules \(module\.sig_enforce is on\)/);
    assert.equal(lines[3], SIGN);
  });

  it('points at signing when the log alone shows a refusal', () => {
    const lines = diagnoseMissingDevice('/dev/trace', { moduleLoaded: false, kernelLog: ['Loading of unsigned module is rejected'] });
    assert.deepEqual(lines, [NOT_LOADED, 'the kernel refused an unsigned or untrusted module: Loading of unsigned module is rejected', SIGN]);
  });

  it('says when it could not read the kernel log', () => {
    const lines = diagnoseMissingDevice('/dev/trace', { moduleLoaded: false });
    assert.deepEqual(lines, [NOT_LOADED, '(the kernel log is not readable here; run as root to see whether a load was refused for its signature)']);
  });

  it('a loaded module without a device node is a udev problem, not signing', () => {
    const [line, ...rest] = diagnoseMissingDevice('/dev/trace', { moduleLoaded: true, secureBoot: 1 });
    assert.match(line, /although trace\.ko is loaded: udev did not create the node/);
    assert.deepEqual(rest, []);
  });

  it('reads lockdown none as no enforcement', () => {
    assert.deepEqual(signatureEnforcement({ moduleLoaded: false, lockdown: '[none] integrity confidentiality' }), []);
    assert.deepEqual(signatureEnforcement({ moduleLoaded: false, lockdown: 'none integrity [confidentiality]' }), ['kernel lockdown is in confidentiality mode']);
  });
});
