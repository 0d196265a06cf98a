// Opens /dev/trace with the explanations users need when that fails.
import { ABI_VERSION } from '../abi/abi';
import { TraceDevice } from '../device/trace-device';
import { UserError, explainOpenError } from '../user-error';

export function openDevice(path: string, opts: { checkAbi: boolean; nonBlocking?: boolean }): TraceDevice {
  let device: TraceDevice;
  try {
    device = TraceDevice.open(path, opts.nonBlocking ?? false);
  } catch (err) {
    throw explainOpenError(err, path);
  }
  if (opts.checkAbi) {
    const moduleAbi = device.abiVersion();
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
