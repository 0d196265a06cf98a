// What a recording's decode loop found wrong, as error lines (exit status 1).
import type { StreamReport } from '../decode';
import { Output } from '../io/output';
import { UserError } from '../user-error';

/** Warns of lost records; throws one UserError line per damage found. @name: the file, or standard input. */
export async function reportProblems(name: string, report: StreamReport, lost: number): Promise<void> {
  if (lost) {
    Output.stderr().write(`ktrace: ${name}: ${lost} records were lost while recording\n`);
    await Output.stderr().flush();
  }
  const problems = problemLines(name, report);
  if (problems.length) throw new UserError(problems.join('\nktrace: '));
}

/** One line per damaged place kept, a count of the others, and a truncated tail: what was wrong with @name. */
export function problemLines(name: string, report: StreamReport): string[] {
  const lines = report.damage.map((d) => `${name}: malformed at offset ${d.offset}: ${d.reason}; resumed at the next keyframe`);
  if (report.damageCount > report.damage.length) lines.push(`${name}: ${report.damageCount - report.damage.length} more damaged places`);
  if (report.trailingBytes) lines.push(`${name}: truncated: the last ${report.trailingBytes} bytes do not form a whole record`);
  return lines;
}

/** The name of a recording argument in messages. */
export function inputName(file: string): string {
  return file === '-' ? 'standard input' : file;
}
