// Opens /dev/trace with the explanations users need when that fails.
import { ABI_VERSION } from '../abi/abi';
import type { Device } from '../device/device';
import { openReader } from '../device/open';
import { IoctlError } from '../device/ioctl-binding';
import { UserError, explainOpenError } from '../user-error';

export function openDevice(path: string, opts: { checkAbi: boolean; nonBlocking?: boolean }): Device {
  let device: Device;
  try {
    device = openReader(path, opts.nonBlocking ?? false);
  } catch (err) {
    throw explainOpenError(err, path);
  }
  let moduleAbi: number;
  try {
    moduleAbi = device.abiVersion();
  } catch (err) {
    device.close();
    // Another character device (/dev/null, a tty) does not know the ioctl.
    if (err instanceof IoctlError && (err.code === 'ENOTTY' || err.code === 'EINVAL')) throw explainOpenError({ code: 'ENOTTY' }, path);
    throw err;
  }
  if (opts.checkAbi) {
    if (moduleAbi !== ABI_VERSION) {
      device.close();
      throw new UserError(
        `ABI mismatch: the loaded module speaks ABI ${moduleAbi}, this ktrace speaks ABI ${ABI_VERSION}; ` +
          'rebuild and reload the module from the same release as the frontend',
        3,
      );
    }
  }
  return device;
}
