// ktrace's command line with its trace device replaced by a FakeDevice, so
// the live commands run on the host. KTRACE_FAKE_DEVICE holds the script as
// JSON: a FakeDeviceScript whose stream comes from `recording` (a .ktr file),
// plus `openError` (an errno name open() fails with).
import * as fs from 'node:fs';
import { run } from '../../frontend/src/main';
import { FakeDevice, type FakeDeviceScript } from '../../frontend/src/device/fake-device';
import { useDeviceOpener } from '../../frontend/src/device/open';
import { parseRecordHeader } from '../../frontend/src/record/record-file';

export type FakeSpec = Omit<FakeDeviceScript, 'stream'> & { recording: string; openError?: string };

const spec = JSON.parse(process.env.KTRACE_FAKE_DEVICE ?? 'null') as FakeSpec | null;
if (!spec) throw new Error('fake-ktrace: set KTRACE_FAKE_DEVICE');
useDeviceOpener((path) => {
  if (spec.openError) throw Object.assign(new Error(`${spec.openError}: open ${path}`), { code: spec.openError, syscall: 'open', path });
  const bytes = fs.readFileSync(spec.recording);
  const parsed = parseRecordHeader(bytes, spec.recording);
  if (parsed.kind !== 'header') throw new Error(`${spec.recording}: truncated header`);
  return new FakeDevice({
    ...spec,
    path,
    stream: bytes.subarray(parsed.streamOffset),
    kernelRelease: spec.kernelRelease ?? parsed.header.kernelRelease,
    nrCpus: spec.nrCpus ?? parsed.header.nrCpus,
  });
});
void run(process.argv.slice(2));
