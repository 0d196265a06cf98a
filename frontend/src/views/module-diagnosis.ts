// Why /dev/trace is missing, from facts about the running kernel: the
// module is not loaded, and when the kernel only accepts signed modules, why
// loading an unsigned trace.ko fails. Pure: the facts are gathered elsewhere.

export interface ModuleLoadFacts {
  /** /sys/module/trace exists: the module is loaded but has no device node. */
  readonly moduleLoaded: boolean;
  /** Kernel log lines, or undefined when the log is not readable (dmesg_restrict, not root). */
  readonly kernelLog?: readonly string[];
  /** /sys/kernel/security/lockdown, e.g. `none [integrity] confidentiality`. */
  readonly lockdown?: string;
  /** /sys/module/module/parameters/sig_enforce: `Y` or `N`. */
  readonly sigEnforce?: string;
  /** The EFI SecureBoot variable's value byte (1: enabled), when the firmware has it. */
  readonly secureBoot?: number;
}

export const SIGNING_DOC = 'README.md, "Signing trace.ko for Secure Boot"';

/** Kernel log lines that say a module was refused for its signature. */
const REJECTION = [
  /Lockdown: [^:]+: unsigned module loading is restricted/,
  /Loading of unsigned module is rejected/,
  /Loading of module with unavailable key is rejected/,
  /PKCS#7 signature not signed with a trusted key/,
  /Key was rejected by service/,
  /Required key not available/,
];

/** The active lockdown mode when it is not `none`. */
function lockdownMode(lockdown: string | undefined): string | undefined {
  const active = /\[(\w+)\]/.exec(lockdown ?? '')?.[1];
  return active !== undefined && active !== 'none' ? active : undefined;
}

/** Why the kernel refuses unsigned modules, or an empty list when it does not say so. */
export function signatureEnforcement(facts: ModuleLoadFacts): string[] {
  const reasons: string[] = [];
  if (facts.secureBoot === 1) reasons.push('Secure Boot is enabled');
  const mode = lockdownMode(facts.lockdown);
  if (mode !== undefined) reasons.push(`kernel lockdown is in ${mode} mode`);
  if (facts.sigEnforce === 'Y') reasons.push('module.sig_enforce is on');
  return reasons;
}

/** The explanation ktrace info prints when the device is missing, one line each. */
export function diagnoseMissingDevice(devicePath: string, facts: ModuleLoadFacts): string[] {
  if (facts.moduleLoaded)
    return [`${devicePath} does not exist although trace.ko is loaded: udev did not create the node; check \`ls -l /dev/trace\` and the module's messages in dmesg`];
  const lines = [`${devicePath} does not exist: trace.ko is not loaded. Load it with \`sudo modprobe trace\` (after make install or make dkms-install) or \`sudo insmod trace.ko\``];
  const rejected = facts.kernelLog?.filter((line) => REJECTION.some((re) => re.test(line))) ?? [];
  const enforcing = signatureEnforcement(facts);
  if (rejected.length) {
    lines.push(`the kernel refused an unsigned or untrusted module: ${rejected[rejected.length - 1].trim()}`);
  }
  if (enforcing.length) {
    lines.push(
      `this kernel loads only signed modules (${enforcing.join(', ')}): an unsigned trace.ko fails with ` +
        '"Key was rejected by service" or "Required key not available"',
    );
  }
  if (rejected.length || enforcing.length)
    lines.push(`sign trace.ko with a key enrolled by \`mokutil --import\` (DKMS does this with its own key): see ${SIGNING_DOC}`);
  else if (facts.kernelLog === undefined)
    lines.push('(the kernel log is not readable here; run as root to see whether a load was refused for its signature)');
  return lines;
}
