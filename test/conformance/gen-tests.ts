// strace's test table (tests/gen_tests.in): each line's test, its strace
// options, and which tests the conformance run selects (and why not the rest).

/** One line of gen_tests.in. */
export interface GenTest {
  readonly name: string;
  /**
   * 'match' runs the program under strace with `options` and diffs strace's
   * log with the program's stdout; 'script' sources its own .sh, 'command'
   * runs a shell command, 'inject' tampers with syscalls.
   */
  readonly kind: 'match' | 'script' | 'command' | 'inject';
  /** The line after the name, as written. */
  readonly text: string;
}

/** A selected test: what strace and ktrace are run with. */
export interface SelectedTest {
  readonly name: string;
  /** strace's options, `-e trace=NAME` first when the line names no trace set. */
  readonly options: string[];
  /** Arguments of the program after its path. */
  readonly progArgs: string[];
  /** The log is compared from the first line containing this text (QUIRK:START-OF-TEST-OUTPUT). */
  readonly startMarker?: string;
}

export interface Excluded {
  readonly name: string;
  readonly reason: string;
}

/** Parses gen_tests.in: comments and blank lines skipped, the first word the test's name. */
export function parseGenTests(text: string): GenTest[] {
  const out: GenTest[] = [];
  for (const line of text.split('\n')) {
    const m = /^([^\s#][^\s]*)(?:[ \t]+(.*))?$/.exec(line.replace(/\s+$/, ''));
    if (!m) continue;
    const rest = m[2] ?? '';
    const first = rest.split(/[ \t]/)[0];
    let kind: GenTest['kind'];
    if (first.startsWith('+')) kind = 'script';
    else if (first.startsWith('-einject=') || first.startsWith('--inject=')) kind = 'inject';
    else if (first === '' || first.startsWith('-')) kind = 'match';
    else kind = 'command';
    out.push({ name: m[1], kind, text: rest });
  }
  return out;
}

/**
 * Splits shell words the way the generated test script's `run_strace_match_diff
 * ARGS` line would: single and double quotes, backslashes. Returns undefined
 * where the shell would expand, redirect or chain (`$`, backquote, `<`, `>`,
 * `|`, `;`, `&`, globs outside quotes): those lines need the shell itself.
 */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '$' || text[j] === '`') return undefined;
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1])) j++;
        cur += text[j];
      }
      if (j >= text.length) return undefined;
      i = j;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return undefined;
      cur += text[++i];
      inWord = true;
    } else if ('$`<>|;&*?[(){}~'.includes(ch)) {
      return undefined;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/**
 * Tests left out by name: they need privileges or state a test guest does not
 * give every test the same way (devices, modules, keys, BPF, namespaces), or
 * they exercise what strace does rather than a syscall's decoding.
 */
const EXCLUDED_NAMES: readonly [RegExp, string][] = [
  [/^(ioctl|btrfs|loop|mtd|ubi|v4l2|evdev|hdio|kvm|nbd|rtc|sg_io|dev)/, 'devices or ioctl decoding'],
  [/^(bpf|netlink|nlattr|inet-diag|unix-diag|netlink_|sock_filter|seccomp)/, 'BPF, netlink or seccomp'],
  [/^(init_module|finit_module|delete_module|kexec|reboot|swap|acct|quotactl|mount|umount|pivot_root|chroot|fsopen|fsmount|fspick|move_mount|open_tree|mount_setattr)/, 'system administration (root-only)'],
  [/^(add_key|request_key|keyctl)/, 'kernel keyrings'],
  [/^(perf_event|ptrace|process_vm|kcmp|pidfd|setns|unshare|userfaultfd|fanotify|io_uring|landlock|memfd_secret|migrate_pages|move_pages|mbind|get_mempolicy|set_mempolicy)/, 'privileged, NUMA or newer-kernel facilities'],
  [/^(s390_|riscv_|osf_|getx|sparc|ia64|mips|powerpc|arm_|or1k|xtensa)/, 'another architecture (the program skips on x86-64)'],
  [/^(pidns|.*--pidns-translation|strace|filtering|status|trace_|qual_|signal_receive|redirect|threads|attach|detach|count|delay|fork|vfork|clone|personality|scm_rights|orphaned|termsig|interactive|sigblock|restart_syscall|xet_thread|so_peercred|sockopt|net-|sockaddr|sock|recv|send|getpeername|getsockname|accept|bind|connect|listen|socketpair)/, 'strace behaviour or networking (outside the first selection)'],
];

/** Options whose tests need more than one program run diffed against one log. */
const EXCLUDED_OPTIONS: readonly [RegExp, string][] = [
  [/^(-e)?(inject|fault|--inject|--fault)|^-e(inject|fault)=/, 'fault injection'],
  [/secontext|^--secontext/, 'SELinux contexts'],
  [/^-P$|^--trace-path/, 'path filtering (-P) on files the test script prepares'],
  [/^-k$|^--stack-trace/, 'stack traces (-k)'],
  [/^-p$|^--attach/, 'attaching (-p)'],
  [/^-f+$|^--follow-forks/, 'following forks (-f)'],
  [/^-X/, 'an -X output style (the same syscalls as the test without it)'],
  [/^--seccomp-bpf$/, 'seccomp-bpf filtering'],
  [/^--pidns-translation$/, 'pid namespaces'],
  [/^QUIRK:(?!START-OF-TEST-OUTPUT:|PROG-ARGS:)/, 'QUIRK the runner does not implement'],
];

/**
 * The selection: tests strace checks by diffing the program's stdout with its
 * log (`run_strace_match_diff`), with options the runner can pass as words,
 * minus the excluded names and options. Everything else with its reason.
 */
export function selectTests(tests: readonly GenTest[]): { selected: SelectedTest[]; excluded: Excluded[] } {
  const selected: SelectedTest[] = [];
  const excluded: Excluded[] = [];
  for (const t of tests) {
    if (t.kind === 'script') {
      excluded.push({ name: t.name, reason: `its own script (${t.text.split(/\s/)[0].slice(1)})` });
      continue;
    }
    if (t.kind === 'command') {
      excluded.push({ name: t.name, reason: `a shell command (${t.text.split(/\s/)[0]})` });
      continue;
    }
    if (t.kind === 'inject') {
      excluded.push({ name: t.name, reason: 'fault injection' });
      continue;
    }
    const byName = EXCLUDED_NAMES.find(([re]) => re.test(t.name));
    if (byName) {
      excluded.push({ name: t.name, reason: byName[1] });
      continue;
    }
    if (t.name.includes('-')) {
      excluded.push({ name: t.name, reason: 'a variant of another test with other strace options' });
      continue;
    }
    const words = shellWords(t.text);
    if (!words) {
      excluded.push({ name: t.name, reason: 'shell expansion or redirection in its options' });
      continue;
    }
    const byOption = words.map((w) => EXCLUDED_OPTIONS.find(([re]) => re.test(w))).find((x) => x !== undefined);
    if (byOption) {
      excluded.push({ name: t.name, reason: byOption[1] });
      continue;
    }
    selected.push(matchDiffArgs(t.name, words));
  }
  return { selected, excluded };
}

/**
 * What tests/init.sh's run_strace_match_diff makes of its arguments: QUIRK
 * words taken out, and `-e trace=NAME` put first unless a trace set is given
 * (`-e trace=`, `-etrace=` or `--trace=` anywhere in the words).
 */
export function matchDiffArgs(name: string, words: readonly string[]): SelectedTest {
  let startMarker: string | undefined;
  let progArgs: string[] = [];
  const options: string[] = [];
  for (const w of words) {
    if (w.startsWith('QUIRK:START-OF-TEST-OUTPUT:')) startMarker = w.slice('QUIRK:START-OF-TEST-OUTPUT:'.length);
    else if (w.startsWith('QUIRK:PROG-ARGS:')) progArgs = w.slice('QUIRK:PROG-ARGS:'.length).split(' ').filter((x) => x !== '');
    else options.push(w);
  }
  const joined = words.join(' ');
  const hasTrace = words.length > 0 && (joined.includes('-e trace=') || joined.includes('-etrace=') || joined.includes('--trace='));
  return { name, options: hasTrace ? options : ['-e', `trace=${name}`, ...options], progArgs, ...(startMarker === undefined ? {} : { startMarker }) };
}
