// `ktrace info`: what the loaded module offers on this kernel.
import type { CommandModule } from 'yargs';
import { ABI_VERSION } from '../abi/abi';
import * as fs from 'node:fs';
import { gatherModuleFacts } from '../session/module-facts';
import { openDevice } from '../session/open-device';
import { formatInfo } from '../views/info-view';
import { diagnoseMissingDevice } from '../views/module-diagnosis';
import { UserError } from '../user-error';
import { writeStdout } from '../io/output';
import { DEFAULT_DEVICE } from '../device/trace-device';

interface InfoArgs {
  device: string;
  json: boolean;
}

export const infoCommand: CommandModule<object, InfoArgs> = {
  command: 'info',
  describe: 'Show the module, ABI, kernel, buffers, readers, and available events and variables',
  builder: (y) =>
    y
      .option('device', { type: 'string', default: '/dev/trace', describe: 'trace device' })
      .option('json', { type: 'boolean', default: false, describe: 'print as JSON' })
      .example('$0 info', 'what this kernel can trace')
      .example('$0 info --json | jq .abiVersion', 'the ABI version only') as never,
  handler: async (args) => {
    let device;
    try {
      device = openDevice(args.device, { checkAbi: false });
    } catch (err) {
      // info is where people look when nothing works: say why the device is missing.
      if (args.device === DEFAULT_DEVICE && !fs.existsSync(args.device))
        throw new UserError(diagnoseMissingDevice(args.device, gatherModuleFacts()).join('\nktrace: '), 2);
      throw err;
    }
    try {
      const snapshot = {
        info: device.info(),
        events: device.describeAll('event'),
        vars: device.describeAll('var'),
        frontendAbi: ABI_VERSION,
      };
      await writeStdout(formatInfo(snapshot, args.json));
    } finally {
      device.close();
    }
  },
};
